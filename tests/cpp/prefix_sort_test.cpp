// The vocabulary's sort (detail/prefix_sort.hpp) against std::sort, and its sort keys
// (detail/feature_union.hpp) against the features' bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "detail/feature_union.hpp"
#include "detail/prefix_sort.hpp"
#include "detail/vectorizer_table.hpp"

namespace newsnlp {
namespace {

using Strings = std::vector<std::string>;

// The prefix (hi, lo) of a random word: mostly Arabic letters (two-byte UTF-8) and ASCII
// letters, some ’ (three bytes), zero padded, cut at 16 bytes (perhaps inside a character).
std::pair<std::uint64_t, std::uint64_t> random_word_prefix(std::mt19937_64& random) {
  std::string word;
  for (std::size_t chars = 1 + random() % 12; chars > 0; --chars) {
    const std::uint64_t r = random();
    if (r % 10 < 6) {
      word += static_cast<char>(0xD8 + r / 10 % 2);
      word += static_cast<char>(0x80 + r / 20 % 64);
    } else if (r % 10 < 9) {
      word += static_cast<char>('a' + r / 10 % 26);
    } else {
      word += "\xE2\x80\x99";
    }
  }
  word.resize(16, '\0');
  std::uint64_t hi = 0, lo = 0;
  for (int b = 0; b < 8; ++b) hi = hi << 8 | static_cast<unsigned char>(word[b]);
  for (int b = 8; b < 16; ++b) lo = lo << 8 | static_cast<unsigned char>(word[b]);
  return {hi, lo};
}

// The vocabulary's radix sort against std::sort: keys sharing long prefixes, constant
// bytes (as UTF-8 lead bytes are), duplicates, UTF-8 words (digits of one character), and
// sizes around its insertion-sort and character-digit cutoffs.
TEST(PrefixSort, OrdersAsStdSortForEveryShapeOfKey) {
  struct Record {
    std::uint64_t hi, lo;
    std::uint32_t id;
  };
  std::mt19937_64 random(7);
  for (const std::size_t n : {0, 1, 2, 47, 48, 49, 200, 1023, 1024, 5000}) {
    for (int shape = 0; shape < 4; ++shape) {
      std::vector<Record> records(n);
      for (std::uint32_t i = 0; i < n; ++i) {
        const std::uint64_t r = random();
        // 0 random; 1 a shared 12-byte prefix, few tails; 2 alternating constant bytes
        // (lead bytes without trail bytes); 3 words
        std::uint64_t hi = shape == 0   ? r
                           : shape == 1 ? 0xD8A7D984D985D8B1ull
                                        : (r & 0x00FF00FF00FF00FFull) | 0xD800D900D800D900ull;
        std::uint64_t lo = shape == 1 ? (0xD8B9ULL << 48) | (r % 5) : random() % 3;
        if (shape == 3) std::tie(hi, lo) = random_word_prefix(random);
        records[i] = {hi, lo, i};
      }
      std::vector<Record> expected = records;
      const auto by_key = [](const Record& a, const Record& b) {
        return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
      };
      std::sort(expected.begin(), expected.end(), by_key);
      detail::PrefixSorter<Record>::sort(records.data(), records.data() + records.size());
      ASSERT_TRUE(std::is_sorted(records.begin(), records.end(), by_key)) << n << " " << shape;
      std::vector<std::uint32_t> ids;
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_EQ(records[i].hi, expected[i].hi);
        ASSERT_EQ(records[i].lo, expected[i].lo);
        ids.push_back(records[i].id);
      }
      std::sort(ids.begin(), ids.end());
      for (std::uint32_t i = 0; i < n; ++i) ASSERT_EQ(ids[i], i);  // a permutation
    }
  }
}

// The vocabulary's sort keys, read from a feature table as the union reads them, hold the
// first 16 bytes zero padded, and order features as their bytes wherever they decide
// alone; where they do not, both share the 16-byte prefix and one is longer than 16 bytes.
TEST(PrefixSort, SortKeysOrderAsTheBytesWhereTheyDecide) {
  using namespace std::string_literals;
  const Strings texts{""s,     "a"s,     "ab"s,    "ab\0"s,    "ab\0\0"s, "a\0b"s,  "\0"s,
                      "abcdefgh"s, "abcdefghi"s, "abcdefghij\0k"s, "abcdefghijklmno"s,
                      "abcdefghijklmnop"s,   "abcdefghijklmnopq"s,   "abcdefghijklmnopr"s,
                      "abcdefghijklmnoq"s,   "abcdefghijklmnop\0"s,  "\xD8\xA7\xD9\x84"s,
                      "\xD8\xA7\xD9\x84\xD8\xA7\xD9\x84\xD8\xA7\xD9\x84\xD8\xA7\xD9\x84\xD8"s};
  detail::FeatureTable table;  // all added first: each key is followed by the next's bytes
  for (const std::string& t : texts) table.intern(t);
  std::vector<detail::Keyed> keys;
  for (const std::string& t : texts) {
    keys.push_back(detail::Keyed::of(table, table.find(t)));
    std::string prefix = t.substr(0, 16);
    prefix.resize(16, '\0');
    std::string from_key(16, '\0');
    for (int i = 0; i < 8; ++i) {
      from_key[i] = static_cast<char>(keys.back().hi >> (56 - 8 * i));
      from_key[8 + i] = static_cast<char>(keys.back().lo >> (56 - 8 * i));
    }
    EXPECT_EQ(from_key, prefix) << ::testing::PrintToString(t);
    EXPECT_EQ(keys.back().length, t.size());
  }
  for (std::size_t i = 0; i < texts.size(); ++i) {
    for (std::size_t j = 0; j < texts.size(); ++j) {
      const std::string& a = texts[i];
      const std::string& b = texts[j];
      const detail::Keyed& x = keys[i];
      const detail::Keyed& y = keys[j];
      ASSERT_EQ(detail::Keyed::decided(x, y), detail::Keyed::decided(y, x));
      if (detail::Keyed::decided(x, y)) {
        EXPECT_EQ(detail::Keyed::less(x, y), a < b) << ::testing::PrintToString(a) << " "
                                                    << ::testing::PrintToString(b);
      } else {
        EXPECT_EQ(a.substr(0, 16), b.substr(0, 16));
        EXPECT_GT(std::max(a.size(), b.size()), 16u);
      }
    }
  }
}

}  // namespace
}  // namespace newsnlp
