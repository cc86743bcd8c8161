// Rows scaled to unit norm, and their inverted index (column -> rows), in double: the two
// sides of a cosine search.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "newsnlp/error.hpp"
#include "newsnlp/sparse_matrix.hpp"

namespace newsnlp::detail {

// Row r is columns/values [outer[r], outer[r + 1]), sorted by column, divided by the
// row's l2 norm (rows of norm zero keep no entries).
struct UnitRows {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::vector<std::int64_t> outer;
  std::vector<std::uint32_t> columns;
  std::vector<double> values;
  bool nonnegative = true;
};

inline UnitRows unit_rows(const FloatCsrView& view, const char* name) {
  return std::visit(
      [name](const auto& m) {
        UnitRows u;
        u.rows = m.rows;
        u.cols = m.cols;
        if (m.cols > 0xFFFFFFFFLL) throw InvalidArgument(std::string(name) + " has too many columns");
        u.outer.assign(static_cast<std::size_t>(m.rows) + 1, 0);
        u.columns.reserve(static_cast<std::size_t>(m.nnz()));
        u.values.reserve(static_cast<std::size_t>(m.nnz()));
        for (std::int64_t r = 0; r < m.rows; ++r) {
          const auto b = static_cast<std::int64_t>(m.outer[r]);
          const auto e = static_cast<std::int64_t>(m.outer[r + 1]);
          double sum = 0.0;
          for (std::int64_t k = b; k < e; ++k) {
            const auto v = static_cast<double>(m.values[k]);
            sum += v * v;
            if (k > b && m.inner[k] <= m.inner[k - 1]) {
              throw InvalidArgument(std::string(name) + ": columns of row " + std::to_string(r) +
                                    " are not sorted (call sort_indices() / sum_duplicates())");
            }
          }
          if (sum > 0.0) {
            const double norm = std::sqrt(sum);
            for (std::int64_t k = b; k < e; ++k) {
              const double v = static_cast<double>(m.values[k]) / norm;
              if (v == 0.0) continue;
              if (v < 0.0) u.nonnegative = false;
              u.columns.push_back(static_cast<std::uint32_t>(m.inner[k]));
              u.values.push_back(v);
            }
          }
          u.outer[static_cast<std::size_t>(r) + 1] = static_cast<std::int64_t>(u.columns.size());
        }
        return u;
      },
      view);
}

// Column t's rows are rows/values [start[t], start[t + 1]), rows ascending;
// max_value[t] is the largest |value| of the column.
struct InvertedIndex {
  std::vector<std::int64_t> start;
  std::vector<std::uint32_t> rows;
  std::vector<double> values;
  std::vector<double> max_value;

  std::int64_t df(std::uint32_t t) const noexcept { return start[t + 1] - start[t]; }
};

inline InvertedIndex invert(const UnitRows& u) {
  InvertedIndex x;
  const auto cols = static_cast<std::size_t>(u.cols);
  x.start.assign(cols + 1, 0);
  x.max_value.assign(cols, 0.0);
  for (const std::uint32_t c : u.columns) ++x.start[c + 1];
  for (std::size_t c = 0; c < cols; ++c) x.start[c + 1] += x.start[c];
  std::vector<std::int64_t> fill(x.start.begin(), x.start.end() - 1);
  x.rows.resize(u.columns.size());
  x.values.resize(u.columns.size());
  for (std::int64_t r = 0; r < u.rows; ++r) {
    for (std::int64_t k = u.outer[r]; k < u.outer[r + 1]; ++k) {
      const std::uint32_t c = u.columns[k];
      const std::int64_t at = fill[c]++;
      x.rows[at] = static_cast<std::uint32_t>(r);
      x.values[at] = u.values[k];
      x.max_value[c] = std::max(x.max_value[c], std::fabs(u.values[k]));
    }
  }
  return x;
}

}  // namespace newsnlp::detail
