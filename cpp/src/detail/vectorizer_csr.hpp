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

// One row's entries, sorted by column: what a RowValues functor turns into values. An
// entry packs the column (high 32 bits) and the count (low 32 bits, signed), so that
// sorting entries sorts by column with plain integer compares.
struct RowEntries {
  const std::uint64_t* packed;
  std::size_t size;

  std::uint32_t column(std::size_t k) const noexcept {
    return static_cast<std::uint32_t>(packed[k] >> 32);
  }
  std::int32_t count(std::size_t k) const noexcept {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(packed[k]));
  }
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

// RowValues: void(const RowEntries&, Scalar* values) for Scalar of the matrix.
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
  run_workers(n, threads, chunk_size(n, threads), {}, [&](unsigned, std::size_t b, std::size_t e) {
    std::vector<std::uint64_t> entries;
    for (std::size_t d = b; d < e; ++d) {
      const DocRow& r = rows.docs[d];
      const RowPart& part = rows.parts[r.part];
      const std::uint32_t* f = part.features.data() + r.begin;
      const std::int32_t* n = part.counts.data() + r.begin;
      entries.clear();
      if (maps.empty()) {
        for (std::uint32_t k = 0; k < r.length; ++k) {
          entries.push_back((std::uint64_t{f[k]} << 32) | static_cast<std::uint32_t>(n[k]));
        }
      } else {
        const std::uint32_t* map = maps[r.part].data();
        for (std::uint32_t k = 0; k < r.length; ++k) {
          const std::uint32_t c = map[f[k]];
          if (c != kDropped) entries.push_back((std::uint64_t{c} << 32) | static_cast<std::uint32_t>(n[k]));
        }
      }
      std::sort(entries.begin(), entries.end());
      Index* out = inner + outer[d];
      for (std::size_t k = 0; k < entries.size(); ++k) out[k] = static_cast<Index>(entries[k] >> 32);
      values(RowEntries{entries.data(), entries.size()}, value + outer[d]);
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
