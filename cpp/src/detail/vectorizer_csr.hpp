// Counted rows to an Eigen CSR matrix: features renumbered (or dropped) through a per-part
// map, columns sorted within each row (insertion or radix sort: rows are short), values
// computed per row by the caller (counts, TF-IDF, hashed sums), written straight into the
// matrix's buffers on several threads.
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

// The rows of documents [b, e) with their columns mapped and sorted, into inner; their
// counts, in the same order, into counts (indexed from outer[b]).
// Sorts entries (column << 32 | count) by column: insertion sort for a few, else an LSD
// radix sort on 8-bit digits of the column's `column_bits` bits.
inline void sort_by_column(std::vector<std::uint64_t>& v, std::vector<std::uint64_t>& tmp,
                           unsigned column_bits) {
  const std::size_t n = v.size();
  if (n <= 24) {
    for (std::size_t i = 1; i < n; ++i) {
      const std::uint64_t x = v[i];
      std::size_t j = i;
      for (; j > 0 && (v[j - 1] >> 32) > (x >> 32); --j) v[j] = v[j - 1];
      v[j] = x;
    }
    return;
  }
  tmp.resize(n);
  for (unsigned shift = 32; shift < 32 + column_bits; shift += 8) {
    std::uint32_t count[257] = {};
    for (const std::uint64_t x : v) ++count[((x >> shift) & 0xFF) + 1];
    for (int i = 0; i < 256; ++i) count[i + 1] += count[i];
    for (const std::uint64_t x : v) tmp[count[(x >> shift) & 0xFF]++] = x;
    v.swap(tmp);
  }
}

template <class Index>
void sort_rows(const CountedRows& rows, const ColumnMaps& maps, std::size_t b, std::size_t e,
               std::int64_t cols, const Index* outer, Index* inner,
               std::vector<std::int32_t>& counts) {
  unsigned column_bits = 8;
  while (column_bits < 32 && (std::int64_t{1} << column_bits) < cols) column_bits += 8;
  std::vector<std::uint64_t> entries, scratch;
  counts.resize(static_cast<std::size_t>(outer[e] - outer[b]));
  for (std::size_t d = b; d < e; ++d) {
    const DocRow& r = rows.docs[d];
    const std::int32_t* n = rows.parts[r.part].counts.data() + r.begin;
    entries.clear();
    for (std::uint32_t k = 0; k < r.length; ++k) {
      const std::uint32_t c = mapped(rows, maps, r, k);
      if (c != kDropped) entries.push_back((std::uint64_t{c} << 32) | static_cast<std::uint32_t>(n[k]));
    }
    sort_by_column(entries, scratch, column_bits);
    const auto at = static_cast<std::size_t>(outer[d]);
    const auto local = static_cast<std::size_t>(outer[d] - outer[b]);
    for (std::size_t k = 0; k < entries.size(); ++k) {
      inner[at + k] = static_cast<Index>(entries[k] >> 32);
      counts[local + k] = static_cast<std::int32_t>(static_cast<std::uint32_t>(entries[k]));
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
  advise_huge_pages(m.valuePtr(), static_cast<std::size_t>(total) * sizeof(Scalar));
  advise_huge_pages(m.innerIndexPtr(), static_cast<std::size_t>(total) * sizeof(Index));
  Index* outer = m.outerIndexPtr();
  outer[0] = 0;
  for (std::size_t d = 0; d < n; ++d) outer[d + 1] = outer[d] + static_cast<Index>(sizes[d]);
  Index* inner = m.innerIndexPtr();
  Scalar* value = m.valuePtr();
  const std::size_t grain = chunk_size(n, threads);
  std::vector<std::vector<std::int32_t>> counts(threads);
  run_workers(n, threads, grain, {}, [&](unsigned w, std::size_t b, std::size_t e) {
    sort_rows(rows, maps, b, e, cols, outer, inner, counts[w]);
    for (std::size_t d = b; d < e; ++d) {
      const auto at = static_cast<std::size_t>(outer[d]);
      const auto local = static_cast<std::size_t>(outer[d] - outer[b]);
      values(RowEntries<Index>{inner + at, counts[w].data() + local, sizes[d]}, value + at);
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
