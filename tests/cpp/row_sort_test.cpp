// The matrix's per-row column sort (detail/vectorizer_csr.hpp) against std::sort: every
// row length around its insertion-sort cutoff and its digit choices, every column width.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "detail/vectorizer_csr.hpp"

namespace newsnlp {
namespace {

TEST(RowSort, OrdersAsStdSortForEveryLengthAndColumnWidth) {
  std::mt19937_64 random(11);
  for (unsigned bits = 1; bits <= 32; ++bits) {
    const std::uint64_t columns = std::uint64_t{1} << bits;
    for (const std::size_t n : {0, 1, 2, 16, 17, 31, 64, 65, 100, 128, 129, 300, 1000, 5000}) {
      if (n > columns) continue;
      // Distinct columns (as in a row), each with its count, in random order.
      std::vector<std::uint64_t> row;
      std::vector<bool> taken(bits <= 20 ? columns : 0);
      while (row.size() < n) {
        const std::uint64_t c = random() % columns;
        if (bits <= 20) {
          if (taken[c]) continue;
          taken[c] = true;
        } else if (std::any_of(row.begin(), row.end(), [&](std::uint64_t e) { return e >> 32 == c; })) {
          continue;
        }
        row.push_back((c << 32) | (random() & 0xFFFFFFFFu));
      }
      std::vector<std::uint64_t> expected = row, scratch(n);
      std::sort(expected.begin(), expected.end());
      const std::uint64_t* sorted = detail::sort_by_column(row.data(), n, scratch.data(), bits);
      ASSERT_TRUE(sorted == row.data() || sorted == scratch.data());
      ASSERT_TRUE(std::equal(expected.begin(), expected.end(), sorted)) << bits << " bits, " << n;
    }
  }
}

}  // namespace
}  // namespace newsnlp
