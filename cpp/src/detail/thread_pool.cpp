#include "detail/thread_pool.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif

namespace newsnlp::detail {
namespace {

thread_local bool tl_in_pool = false;

// work(w), with what it threw (work must not throw, but the caller's own share may poll
// a hook that does, and the other workers must be waited for before it propagates).
std::exception_ptr call(const std::function<void(unsigned)>& work, unsigned w) {
  try {
    work(w);
  } catch (...) {
    return std::current_exception();
  }
  return nullptr;
}

// Spins until done() or `limit` has passed; returns done().
template <class Done>
bool spin_until(Done done, std::chrono::microseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  for (unsigned i = 1; !done(); ++i) {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#else
    std::this_thread::yield();
#endif
    if (i % 64 == 0 && std::chrono::steady_clock::now() >= end) return done();
  }
  return true;
}

long process_id() {
#if defined(__unix__) || defined(__APPLE__)
  return static_cast<long>(getpid());
#else
  return 0;
#endif
}

// One loop at a time. A loop's workers 1..helpers are "slots" that waiting threads take;
// the caller takes the slots nobody took once its own share is done, so it never waits
// for a thread that has yet to wake.
class Pool {
 public:
  const long owner = process_id();  // a forked child has none of these threads

  bool try_run(unsigned helpers, const std::function<void(unsigned)>& work) {
    if (tl_in_pool) return false;
    std::unique_lock<std::mutex> busy(run_mutex_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &work;
      slots_ = helpers;
      next_slot_ = 1;
      for (; live_ < helpers; ++live_) {
        try {
          std::thread(&Pool::serve, this, generation_.load()).detach();
        } catch (...) {
          break;  // no more threads: the caller takes their slots
        }
      }
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    std::exception_ptr error = call(work, 0);
    std::unique_lock<std::mutex> lock(mutex_);
    while (next_slot_ <= slots_) {
      const unsigned slot = next_slot_++;
      lock.unlock();
      std::exception_ptr e = call(work, slot);
      if (!error) error = e;
      lock.lock();
    }
    if (running_.load(std::memory_order_relaxed) != 0) {
      lock.unlock();
      spin_until([this] { return running_.load(std::memory_order_acquire) == 0; }, kSpin);
      lock.lock();
    }
    done_.wait(lock, [this] { return running_ == 0; });  // they use the caller's frame
    job_ = nullptr;
    lock.unlock();
    if (error) std::rethrow_exception(error);
    return true;
  }

 private:
  void serve(std::uint64_t seen) {
    tl_in_pool = true;
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      lock.unlock();
      spin_until([&] { return generation_.load(std::memory_order_acquire) != seen; }, kSpin);
      lock.lock();
      const bool woken = wake_.wait_for(lock, kIdleExit, [&] { return generation_ != seen; });
      if (!woken) {
        --live_;
        return;
      }
      seen = generation_;
      while (job_ != nullptr && next_slot_ <= slots_) {
        const unsigned slot = next_slot_++;
        const std::function<void(unsigned)>* job = job_;
        ++running_;
        lock.unlock();
        (*job)(slot);
        lock.lock();
        if (--running_ == 0) done_.notify_all();
      }
    }
  }

  std::mutex run_mutex_;  // held by the caller of the loop under way
  std::mutex mutex_;      // guards what follows
  std::condition_variable wake_, done_;
  const std::function<void(unsigned)>* job_ = nullptr;
  unsigned slots_ = 0, next_slot_ = 1, live_ = 0;
  // Also read unlocked, while spinning.
  std::atomic<unsigned> running_{0};
  std::atomic<std::uint64_t> generation_{0};
};

// The process's pool, made on first use and again in a forked child. Never destroyed:
// its threads may still be waiting when the process exits.
Pool& pool() {
  static std::atomic<Pool*> current{nullptr};
  Pool* p = current.load(std::memory_order_acquire);
  const long me = process_id();
  while (p == nullptr || p->owner != me) {
    Pool* fresh = new Pool;
    if (current.compare_exchange_strong(p, fresh, std::memory_order_acq_rel)) return *fresh;
    delete fresh;  // another thread made one first: p is now that one
  }
  return *p;
}

}  // namespace

void run_on_threads(unsigned threads, const std::function<void(unsigned)>& work) {
  if (threads <= 1) {
    work(0);
    return;
  }
  if (pool().try_run(threads - 1, work)) return;
  std::vector<std::thread> started;
  started.reserve(threads - 1);
  unsigned w = 1;
  for (; w < threads; ++w) {
    try {
      started.emplace_back(std::cref(work), w);
    } catch (...) {
      break;
    }
  }
  std::exception_ptr error = call(work, 0);
  for (; w < threads; ++w) {
    std::exception_ptr e = call(work, w);
    if (!error) error = e;
  }
  for (std::thread& t : started) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace newsnlp::detail
