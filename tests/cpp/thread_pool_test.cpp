#include "detail/thread_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <vector>
#if defined(__linux__)
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace newsnlp {
namespace {

using detail::run_on_threads;

TEST(ThreadPool, EveryWorkerRunsOnceWhateverTheCount) {
  for (int round = 0; round < 200; ++round) {
    const unsigned threads = 1 + static_cast<unsigned>(round % 7);
    std::vector<std::atomic<int>> calls(threads);
    run_on_threads(threads, [&](unsigned w) { calls[w]++; });
    for (unsigned w = 0; w < threads; ++w) ASSERT_EQ(calls[w].load(), 1) << threads << " " << w;
  }
}

// Loops started from several threads at once, and from inside a worker: the kept threads
// serve one loop at a time, the others start their own; every worker still runs once.
TEST(ThreadPool, ConcurrentAndNestedLoopsEachRunEveryWorker) {
  std::atomic<int> inner_calls{0}, outer_calls{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < 3; ++c) {
    callers.emplace_back([&] {
      for (int round = 0; round < 20; ++round) {
        run_on_threads(3, [&](unsigned) {
          outer_calls++;
          run_on_threads(2, [&](unsigned) { inner_calls++; });
        });
      }
    });
  }
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(outer_calls.load(), 3 * 20 * 3);
  EXPECT_EQ(inner_calls.load(), 3 * 20 * 3 * 2);
}

// The caller's own share may throw (a cancel hook): the other workers use its stack, so
// the exception must wait for them.
TEST(ThreadPool, CallersExceptionWaitsForTheOtherWorkers) {
  std::vector<std::atomic<bool>> finished(4);
  EXPECT_THROW(run_on_threads(4,
                              [&](unsigned w) {
                                if (w == 0) throw std::runtime_error("cancelled");
                                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                                finished[w] = true;
                              }),
               std::runtime_error);
  for (unsigned w = 1; w < 4; ++w) EXPECT_TRUE(finished[w].load()) << w;
}

#if defined(__linux__)
std::size_t threads_of_this_process() {
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    (void)entry;
    ++n;
  }
  return n;
}

// A process done with its loops keeps no threads of ours for long (Python warns when a
// process with several threads forks).
TEST(ThreadPool, IdleThreadsEnd) {
  std::this_thread::sleep_for(detail::kIdleExit * 3);  // threads of earlier tests
  const std::size_t before = threads_of_this_process();
  run_on_threads(4, [](unsigned) { std::this_thread::sleep_for(std::chrono::milliseconds(5)); });
  const auto deadline = std::chrono::steady_clock::now() + detail::kIdleExit * 20;
  while (threads_of_this_process() > before && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(threads_of_this_process(), before);
}

// A child forked after loops ran has none of the parent's kept threads: its loops must
// still run (not wait for threads that do not exist). Not under ThreadSanitizer, which
// does not support threads started after a fork.
TEST(ThreadPoolFork, ChildOfAProcessWithKeptThreadsRunsLoops) {
  run_on_threads(3, [](unsigned) {});
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    alarm(20);  // a hang kills the child rather than the test run
    std::atomic<int> calls{0};
    for (int round = 0; round < 10; ++round) run_on_threads(3, [&](unsigned) { calls++; });
    _exit(calls.load() == 30 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "child killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}
#endif

}  // namespace
}  // namespace newsnlp
