// A loop over [0, n) in chunks on a few threads where each thread knows its index, so it
// can keep per-thread state (a local vocabulary, buffers). The first exception wins, the
// others stop at their next chunk, and it is rethrown on the caller.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "detail/thread_pool.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp::detail {

// Per-worker state that a worker writes in its hot loop (counters, buffer ends) is aligned
// to this, so that two workers never write one cache line: side by side in a vector, the
// counting workers' state cost 10-20 % of a 2-thread fit in false sharing. 128 bytes:
// some CPUs fetch cache lines in pairs.
inline constexpr std::size_t kWorkerAlign = 128;

// Chunk size for n items on `threads` threads: small enough to balance uneven documents,
// large enough that the shared counter is not contended.
inline std::size_t chunk_size(std::size_t n, unsigned threads) {
  return std::clamp<std::size_t>(n / (std::size_t{threads} * 32), 1, 256);
}

// Calls work(worker, begin, end) for consecutive chunks of [0, n); worker is in
// [0, threads) and the caller's thread is worker 0. `cancel` is polled by worker 0
// between chunks (it may need the GIL: the caller is the thread that released it).
template <class Work>
void run_workers(std::size_t n, unsigned threads, std::size_t grain, const CancelHook& cancel,
                 Work&& work) {
  grain = std::max<std::size_t>(1, grain);
  const std::size_t chunks = (n + grain - 1) / grain;
  threads = static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, chunks)));
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto fail = [&](std::exception_ptr e) {
    std::lock_guard<std::mutex> lock(error_mutex);
    if (!first_error) first_error = e;
    stop = true;
  };
  auto loop = [&](unsigned worker) {
    try {
      while (!stop.load(std::memory_order_relaxed)) {
        if (worker == 0 && cancel && cancel()) throw Cancelled("interrupted");
        const std::size_t chunk = next.fetch_add(1, std::memory_order_relaxed);
        if (chunk >= chunks) break;
        work(worker, chunk * grain, std::min(n, (chunk + 1) * grain));
      }
    } catch (...) {
      fail(std::current_exception());
    }
  };
  run_on_threads(threads, loop);
  if (first_error) std::rethrow_exception(first_error);
}

// The number of workers run_workers will use for n items (for sizing per-worker state).
inline unsigned worker_count(std::size_t n, unsigned threads, std::size_t grain) {
  const std::size_t chunks = (n + std::max<std::size_t>(1, grain) - 1) / std::max<std::size_t>(1, grain);
  return static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, chunks)));
}

}  // namespace newsnlp::detail
