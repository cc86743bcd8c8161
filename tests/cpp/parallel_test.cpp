#include "detail/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "newsnlp/error.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp {
namespace {

TEST(Parallel, VisitsEveryIndexOnce) {
  std::vector<std::atomic<int>> seen(10007);
  detail::parallel_for(seen.size(), 4, 13, [&](std::size_t i) { seen[i]++; });
  for (const auto& s : seen) EXPECT_EQ(s.load(), 1);
}

TEST(Parallel, FirstExceptionReachesTheCaller) {
  EXPECT_THROW(detail::parallel_for(1000, 3, 1,
                                    [](std::size_t i) {
                                      if (i == 500) throw InvalidArgument("boom");
                                    }),
               InvalidArgument);
}

TEST(Parallel, CancelHookStopsTheLoop) {
  // One thread: the hook runs before each chunk, so the fourth poll stops after 3 chunks.
  std::size_t done = 0;
  int polls = 0;
  EXPECT_THROW(detail::parallel_for(
                   100000, 1, 10, [&](std::size_t) { ++done; }, [&] { return ++polls > 3; }),
               Cancelled);
  EXPECT_EQ(done, 30u);
  // Two threads: however the other thread races ahead, the caller's poll still cancels.
  std::atomic<std::size_t> shared{0};
  EXPECT_THROW(detail::parallel_for(
                   100000, 2, 10, [&](std::size_t) { shared++; }, [] { return true; }),
               Cancelled);
}

TEST(Parallel, ResolveJobs) {
  EXPECT_EQ(detail::resolve_jobs(3), 3u);
  EXPECT_GE(detail::resolve_jobs(-1), 1u);
  EXPECT_GE(detail::resolve_jobs(-100), 1u);
  EXPECT_THROW(detail::resolve_jobs(0), InvalidArgument);
}

TEST(Parallel, BatchResultsDoNotDependOnThreadCount) {
  const Tokenizer tok{TokenizerOptions{}};
  std::vector<std::string> docs;
  for (int i = 0; i < 500; ++i) {
    docs.push_back("Document " + std::to_string(i) + " : l’accueil de M. Bourita à Rabat. " +
                   std::string(static_cast<std::size_t>(i % 7), '!'));
  }
  const std::vector<std::string_view> views(docs.begin(), docs.end());
  const auto one = tok.tokenize_batch(views, 1);
  for (int jobs : {2, 4, -1}) {
    const auto many = tok.tokenize_batch(views, jobs);
    ASSERT_EQ(many.size(), one.size());
    for (std::size_t d = 0; d < one.size(); ++d) {
      ASSERT_EQ(many[d].size(), one[d].size());
      EXPECT_EQ(many[d].text().data(), docs[d].data());
      for (std::size_t t = 0; t < one[d].size(); ++t) {
        EXPECT_EQ(many[d].tokens()[t].span.begin, one[d].tokens()[t].span.begin);
        EXPECT_EQ(many[d].norm(many[d].tokens()[t]), one[d].norm(one[d].tokens()[t]));
      }
    }
  }
}

}  // namespace
}  // namespace newsnlp
