#include "newsnlp/vocabulary.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

TEST(Vocabulary, InternsDenseIdsInInsertionOrder) {
  Vocabulary v;
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.intern("maroc"), 0u);
  EXPECT_EQ(v.intern("état"), 1u);
  EXPECT_EQ(v.intern("maroc"), 0u);
  EXPECT_EQ(v.intern(""), 2u);
  EXPECT_EQ(v.size(), 3u);
  EXPECT_EQ(v.str(0), "maroc");
  EXPECT_EQ(v.str(1), "état");
  EXPECT_EQ(v.str(2), "");
  EXPECT_EQ(v.find("état"), 1u);
  EXPECT_EQ(v.find(""), 2u);
  EXPECT_EQ(v.find("etat"), Vocabulary::kNotFound);
  EXPECT_EQ(v.find("maro"), Vocabulary::kNotFound);
}

TEST(Vocabulary, KeepsEveryStringThroughManyGrowths) {
  Vocabulary v;
  for (int i = 0; i < 200000; ++i) ASSERT_EQ(v.intern("w" + std::to_string(i)), static_cast<std::uint32_t>(i));
  for (int i = 0; i < 200000; i += 7) {
    ASSERT_EQ(v.find("w" + std::to_string(i)), static_cast<std::uint32_t>(i));
    ASSERT_EQ(v.str(static_cast<std::uint32_t>(i)), "w" + std::to_string(i));
  }
  EXPECT_EQ(v.find("w200000"), Vocabulary::kNotFound);
  // Pool bytes plus well under 64 bytes of bookkeeping per string.
  EXPECT_LT(v.memory_bytes(), v.pool().size() + 64u * v.size());
}

TEST(Vocabulary, StringsWithNulAndLongStringsAreDistinct) {
  Vocabulary v;
  const std::string a("a\0b", 3), b("a\0c", 3), long_a(100, 'x'), long_b = std::string(99, 'x') + "y";
  EXPECT_EQ(v.intern(a), 0u);
  EXPECT_EQ(v.intern(b), 1u);
  EXPECT_EQ(v.intern(long_a), 2u);
  EXPECT_EQ(v.intern(long_b), 3u);
  EXPECT_EQ(v.find(a), 0u);
  EXPECT_EQ(v.find(long_b), 3u);
}

TEST(Vocabulary, FromPoolRebuildsTheIndex) {
  Vocabulary v;
  for (const char* w : {"le", "royaume", "du", "maroc"}) v.intern(w);
  const Vocabulary w = Vocabulary::from_pool(v.pool(), v.offsets());
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w.find("maroc"), 3u);
  EXPECT_EQ(w.str(1), "royaume");
}

TEST(Vocabulary, FromPoolFindsEveryStringAndNoOther) {
  Vocabulary v;
  for (int i = 0; i < 50000; ++i) v.intern("mot" + std::to_string(i));
  const Vocabulary w = Vocabulary::from_pool(v.pool(), v.offsets());
  for (int i = 0; i < 50000; ++i) {
    ASSERT_EQ(w.find("mot" + std::to_string(i)), static_cast<std::uint32_t>(i));
    ASSERT_EQ(w.find("absent" + std::to_string(i)), Vocabulary::kNotFound);
  }
  EXPECT_EQ(w.find(""), Vocabulary::kNotFound);
}

TEST(Vocabulary, FromPoolRejectsBadOffsetsAndRepeats) {
  EXPECT_THROW(Vocabulary::from_pool("abc", {}), InvalidArgument);
  EXPECT_THROW(Vocabulary::from_pool("abc", {1, 3}), InvalidArgument);
  EXPECT_THROW(Vocabulary::from_pool("abc", {0, 2, 1, 3}), InvalidArgument);
  EXPECT_THROW(Vocabulary::from_pool("abc", {0, 4}), InvalidArgument);
  EXPECT_THROW(Vocabulary::from_pool("abc", {0, 2}), InvalidArgument);  // trailing byte
  EXPECT_THROW(Vocabulary::from_pool("abab", {0, 2, 4}), InvalidArgument);  // "ab" twice
  EXPECT_NO_THROW(Vocabulary::from_pool("", {0}));
}

}  // namespace
}  // namespace newsnlp
