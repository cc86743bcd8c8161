// Runs a loop body over [0, n) on a few threads; the first exception wins and is
// rethrown on the caller after every worker has stopped.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "detail/thread_pool.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp::detail {

// n_jobs as scikit-learn: positive = that many threads, -1 = all cores, -2 = all but one.
inline unsigned resolve_jobs(int n_jobs) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  if (n_jobs == 0) throw InvalidArgument("n_jobs must not be 0 (use 1, a positive count or -1)");
  if (n_jobs > 0) return static_cast<unsigned>(n_jobs);
  const long long wanted = static_cast<long long>(cores) + 1 + n_jobs;
  return static_cast<unsigned>(std::max(1LL, wanted));
}

// Calls body(i) for every i in [0, n), in chunks of `grain`, on up to `threads` threads
// (the caller's included). `should_stop`, when set, is polled between chunks by the
// caller's thread only (it may need the GIL); when it returns true the loop stops and
// Cancelled is thrown.
template <class Body>
void parallel_for(std::size_t n, unsigned threads, std::size_t grain, Body&& body,
                  const std::function<bool()>& should_stop = {}) {
  grain = std::max<std::size_t>(1, grain);
  const std::size_t chunks = (n + grain - 1) / grain;
  threads = static_cast<unsigned>(std::min<std::size_t>(std::max(1u, threads), chunks));
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;

  auto work = [&](bool is_caller) {
    while (!stop.load(std::memory_order_relaxed)) {
      if (is_caller && should_stop && should_stop()) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::make_exception_ptr(Cancelled("interrupted"));
        stop = true;
        break;
      }
      const std::size_t chunk = next.fetch_add(1, std::memory_order_relaxed);
      if (chunk >= chunks) break;
      const std::size_t end = std::min(n, (chunk + 1) * grain);
      try {
        for (std::size_t i = chunk * grain; i < end; ++i) body(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        stop = true;
      }
    }
  };

  run_on_threads(threads, [&](unsigned w) { work(w == 0); });
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace newsnlp::detail
