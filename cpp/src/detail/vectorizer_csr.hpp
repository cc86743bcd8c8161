// Counted rows to an Eigen CSR matrix: features renumbered (or dropped) through a per-part
// map, columns sorted within each row, values computed per row by the caller (counts,
// TF-IDF, hashed sums), written straight into the matrix's buffers on several threads.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "detail/vectorizer_counting.hpp"
#include "detail/vectorizer_workers.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/sparse_matrix.hpp"

namespace newsnlp::detail {

inline constexpr std::uint32_t kDropped = 0xFFFFFFFFu;

// Per part, the column of each feature id (kDropped: not a column). Empty: the ids are
// the columns already.
using ColumnMaps = std::vector<std::vector<std::uint32_t>>;

// One row's entries, sorted by column: what a RowValues functor turns into values.
template <class Index>
struct RowEntries {
  const Index* columns;
  const std::int32_t* counts;
  std::size_t size;

  std::size_t column(std::size_t k) const noexcept { return static_cast<std::size_t>(columns[k]); }
  std::int32_t count(std::size_t k) const noexcept { return counts[k]; }
};

template <class T>
struct TypeTag {
  using type = T;
};

// Non-zeros per row after mapping, and their total.
inline std::vector<std::uint32_t> row_sizes(const CountedRows& rows, const ColumnMaps& maps,
                                            unsigned threads, std::int64_t& total) {
  const std::size_t n = rows.docs.size();
  std::vector<std::uint32_t> sizes(n, 0);
  if (maps.empty()) {
    for (std::size_t d = 0; d < n; ++d) sizes[d] = rows.docs[d].length;
  } else {
    run_workers(n, threads, chunk_size(n, threads), {}, [&](unsigned, std::size_t b, std::size_t e) {
      for (std::size_t d = b; d < e; ++d) {
        const DocRow& r = rows.docs[d];
        const std::vector<std::uint32_t>& map = maps[r.part];
        const std::uint32_t* f = rows.parts[r.part].features.data() + r.begin;
        std::uint32_t kept = 0;
        for (std::uint32_t k = 0; k < r.length; ++k) kept += map[f[k]] != kDropped;
        sizes[d] = kept;
      }
    });
  }
  total = 0;
  for (const std::uint32_t s : sizes) total += s;
  return sizes;
}

// Column of entry k of row r (kDropped when it is not a column).
inline std::uint32_t mapped(const CountedRows& rows, const ColumnMaps& maps, const DocRow& r,
                            std::size_t k) {
  const std::uint32_t f = rows.parts[r.part].features[r.begin + k];
  return maps.empty() ? f : maps[r.part][f];
}

// Rows sorted one by one: for a few entries per column (a large vocabulary).
template <class Index>
void sort_rows(const CountedRows& rows, const ColumnMaps& maps, std::size_t b, std::size_t e,
               const Index* outer, Index* inner, std::vector<std::int32_t>& counts) {
  std::vector<std::uint64_t> entries;
  counts.resize(static_cast<std::size_t>(outer[e] - outer[b]));
  for (std::size_t d = b; d < e; ++d) {
    const DocRow& r = rows.docs[d];
    const std::int32_t* n = rows.parts[r.part].counts.data() + r.begin;
    entries.clear();
    for (std::uint32_t k = 0; k < r.length; ++k) {
      const std::uint32_t c = mapped(rows, maps, r, k);
      if (c != kDropped) entries.push_back((std::uint64_t{c} << 32) | static_cast<std::uint32_t>(n[k]));
    }
    std::sort(entries.begin(), entries.end());  // by column: it is in the high bits
    const auto at = static_cast<std::size_t>(outer[d]);
    const auto local = static_cast<std::size_t>(outer[d] - outer[b]);
    for (std::size_t k = 0; k < entries.size(); ++k) {
      inner[at + k] = static_cast<Index>(entries[k] >> 32);
      counts[local + k] = static_cast<std::int32_t>(static_cast<std::uint32_t>(entries[k]));
    }
  }
}

// Rows of documents [b, e) sorted all at once by a counting sort on the column: entries
// are bucketed by column (documents in order within each), then dealt back to their rows,
// which receive them in column order. Linear, for many entries per column.
template <class Index>
void bucket_rows(const CountedRows& rows, const ColumnMaps& maps, std::size_t b, std::size_t e,
                 std::int64_t cols, const Index* outer, Index* inner,
                 std::vector<std::int32_t>& counts, std::vector<std::uint32_t>& bucket_end,
                 std::vector<std::pair<std::uint32_t, std::int32_t>>& buckets) {
  const auto size = static_cast<std::size_t>(outer[e] - outer[b]);
  bucket_end.assign(static_cast<std::size_t>(cols), 0);
  for (std::size_t d = b; d < e; ++d) {
    const DocRow& r = rows.docs[d];
    for (std::uint32_t k = 0; k < r.length; ++k) {
      const std::uint32_t c = mapped(rows, maps, r, k);
      if (c != kDropped) ++bucket_end[c];
    }
  }
  std::uint32_t sum = 0;
  for (std::uint32_t& x : bucket_end) {
    const std::uint32_t count = x;
    x = sum;  // start for now, end after the scatter
    sum += count;
  }
  buckets.resize(size);
  for (std::size_t d = b; d < e; ++d) {
    const DocRow& r = rows.docs[d];
    const std::int32_t* n = rows.parts[r.part].counts.data() + r.begin;
    for (std::uint32_t k = 0; k < r.length; ++k) {
      const std::uint32_t c = mapped(rows, maps, r, k);
      if (c != kDropped) buckets[bucket_end[c]++] = {static_cast<std::uint32_t>(d - b), n[k]};
    }
  }
  std::vector<std::uint32_t> cursor(e - b);
  for (std::size_t d = b; d < e; ++d) cursor[d - b] = static_cast<std::uint32_t>(outer[d] - outer[b]);
  counts.resize(size);
  Index* out = inner + outer[b];
  std::uint32_t k = 0;
  for (std::int64_t c = 0; c < cols; ++c) {
    for (const std::uint32_t end = bucket_end[static_cast<std::size_t>(c)]; k < end; ++k) {
      const std::uint32_t pos = cursor[buckets[k].first]++;
      out[pos] = static_cast<Index>(c);
      counts[pos] = buckets[k].second;
    }
  }
}

// RowValues: void(const RowEntries<Index>&, Scalar* values) for Scalar of the matrix.
template <class Scalar, class Index, class RowValues>
CsrMatrix<Scalar, Index> assemble(const CountedRows& rows, const ColumnMaps& maps,
                                  const std::vector<std::uint32_t>& sizes, std::int64_t total,
                                  std::int64_t cols, unsigned threads, RowValues&& values) {
  const std::size_t n = rows.docs.size();
  CsrMatrix<Scalar, Index> m(static_cast<Index>(n), static_cast<Index>(cols));
  m.resizeNonZeros(static_cast<Index>(total));
  Index* outer = m.outerIndexPtr();
  outer[0] = 0;
  for (std::size_t d = 0; d < n; ++d) outer[d + 1] = outer[d] + static_cast<Index>(sizes[d]);
  Index* inner = m.innerIndexPtr();
  Scalar* value = m.valuePtr();
  // Chunks of documents with enough entries that bucketing by column (linear, plus one
  // pass over the columns per chunk) beats sorting each row.
  const std::int64_t target = std::max<std::int64_t>(4 * cols, 1 << 16);
  const bool bucket = total >= 2 * target || (threads == 1 && total >= target);
  std::vector<std::size_t> bounds{0};
  if (bucket) {
    const std::int64_t per = std::max<std::int64_t>(target, total / (4 * std::int64_t{threads}));
    for (std::size_t d = 0; d < n; ++d) {
      if (outer[d + 1] - outer[bounds.back()] >= per) bounds.push_back(d + 1);
    }
  } else {
    const std::size_t grain = chunk_size(n, threads);
    for (std::size_t d = grain; d < n; d += grain) bounds.push_back(d);
  }
  if (bounds.back() != n) bounds.push_back(n);
  const unsigned workers = threads;
  std::vector<std::vector<std::int32_t>> counts(workers);
  std::vector<std::vector<std::uint32_t>> bucket_end(workers);
  std::vector<std::vector<std::pair<std::uint32_t, std::int32_t>>> buckets(workers);
  run_workers(bounds.size() - 1, threads, 1, {}, [&](unsigned w, std::size_t cb, std::size_t ce) {
    for (std::size_t chunk = cb; chunk < ce; ++chunk) {
      const std::size_t b = bounds[chunk], e = bounds[chunk + 1];
      if (bucket) {
        bucket_rows(rows, maps, b, e, cols, outer, inner, counts[w], bucket_end[w], buckets[w]);
      } else {
        sort_rows(rows, maps, b, e, outer, inner, counts[w]);
      }
      for (std::size_t d = b; d < e; ++d) {
        const auto at = static_cast<std::size_t>(outer[d]);
        const auto local = static_cast<std::size_t>(outer[d] - outer[b]);
        values(RowEntries<Index>{inner + at, counts[w].data() + local, sizes[d]}, value + at);
      }
    }
  });
  return m;
}

// assemble() with the scalar type chosen at run time and 32-bit indices unless the
// matrix has more than 2^31 - 1 non-zeros. make_values(TypeTag<Scalar>) returns the
// RowValues for that scalar. kFloatingOnly: integer dtypes become float64.
template <bool kFloatingOnly = false, class MakeValues>
SparseMatrix assemble_any(ScalarType dtype, const CountedRows& rows, const ColumnMaps& maps,
                          std::int64_t cols, unsigned threads, MakeValues&& make_values) {
  std::int64_t total = 0;
  const std::vector<std::uint32_t> sizes = row_sizes(rows, maps, threads, total);
  auto build = [&](auto scalar_tag, auto index_tag) -> SparseMatrix {
    using Scalar = typename decltype(scalar_tag)::type;
    using Index = typename decltype(index_tag)::type;
    return assemble<Scalar, Index>(rows, maps, sizes, total, cols, threads, make_values(scalar_tag));
  };
  auto with_index = [&](auto scalar_tag) -> SparseMatrix {
    if (total > kMaxNonZeros32) return build(scalar_tag, TypeTag<std::int64_t>{});
    return build(scalar_tag, TypeTag<std::int32_t>{});
  };
  if (dtype == ScalarType::kFloat32) return with_index(TypeTag<float>{});
  if constexpr (!kFloatingOnly) {
    if (dtype == ScalarType::kInt64) return with_index(TypeTag<std::int64_t>{});
    if (dtype == ScalarType::kInt32) return with_index(TypeTag<std::int32_t>{});
  }
  return with_index(TypeTag<double>{});
}

}  // namespace newsnlp::detail
