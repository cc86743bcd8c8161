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
  // Nothing pruned (the default options): the rows keep their lengths, no need to read
  // every entry (1.6 % of Reuters' fit).
  const bool drops = std::any_of(maps.begin(), maps.end(), [](const std::vector<std::uint32_t>& m) {
    return std::find(m.begin(), m.end(), kDropped) != m.end();
  });
  if (!drops) {
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

// The digits of n entries' columns counted for the first P radix passes at once (P a
// constant, so the passes unroll: 3-7 % of the sort against one loop over the passes, on
// random rows of 40-400 entries).
template <unsigned P>
void count_digits(const std::uint64_t* v, std::size_t n, unsigned digit, std::uint32_t mask,
                  std::uint32_t (*count)[256]) {
  for (std::size_t i = 0; i < n; ++i) {
    const auto column = static_cast<std::uint32_t>(v[i] >> 32);
    for (unsigned p = 0; p < P; ++p) ++count[p][(column >> (p * digit)) & mask];
  }
}

// Sorts the n entries (column << 32 | count) at v by column, using tmp (n entries) as
// scratch; returns where the sorted entries are (v or tmp). A row's columns are distinct.
// Insertion sort for a few, else an LSD radix sort of the column's `column_bits` bits: as
// few passes as digits of up to 8 bits allow, more (smaller digits) while a digit has more
// than 2n values (a short row would pay more for the buckets than for a pass); one
// counting pass for all digits, then one scatter per digit that is not constant. (Against
// a cost model that chose 4-bit digits for most rows: random rows of 80 entries sorted
// 15 % faster with 16-bit columns, 13 % with 17-bit ones.)
inline std::uint64_t* sort_by_column(std::uint64_t* v, std::size_t n, std::uint64_t* tmp,
                                     unsigned column_bits) {
  if (n <= 16) {
    for (std::size_t i = 1; i < n; ++i) {
      const std::uint64_t x = v[i];
      std::size_t j = i;
      for (; j > 0 && v[j - 1] > x; --j) v[j] = v[j - 1];  // columns differ: compare whole
      v[j] = x;
    }
    return v;
  }
  constexpr unsigned kMaxPasses = 8;  // 32 bits in digits of 4
  unsigned passes = (column_bits + 7) / 8, digit = (column_bits + passes - 1) / passes;
  while (digit > 4 && (std::size_t{1} << digit) > 2 * n) {
    ++passes;
    digit = (column_bits + passes - 1) / passes;
  }
  const std::uint32_t mask = (1u << digit) - 1;
  std::uint32_t count[kMaxPasses][256];
  for (unsigned p = 0; p < passes; ++p) std::fill_n(count[p], mask + 1, 0u);
  switch (passes) {
    case 1: count_digits<1>(v, n, digit, mask, count); break;
    case 2: count_digits<2>(v, n, digit, mask, count); break;
    case 3: count_digits<3>(v, n, digit, mask, count); break;
    case 4: count_digits<4>(v, n, digit, mask, count); break;
    case 5: count_digits<5>(v, n, digit, mask, count); break;
    case 6: count_digits<6>(v, n, digit, mask, count); break;
    case 7: count_digits<7>(v, n, digit, mask, count); break;
    default: count_digits<8>(v, n, digit, mask, count); break;
  }
  std::uint64_t* from = v;
  std::uint64_t* to = tmp;
  for (unsigned p = 0; p < passes; ++p) {
    std::uint32_t* c = count[p];
    std::uint32_t sum = 0;
    bool constant = false;
    for (std::uint32_t k = 0; k <= mask; ++k) {
      const std::uint32_t here = c[k];
      constant |= here == n;
      c[k] = sum;
      sum += here;
    }
    if (constant) continue;  // one bucket: the order stays
    const unsigned shift = 32 + p * digit;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t x = from[i];
      to[c[(x >> shift) & mask]++] = x;
    }
    std::swap(from, to);
  }
  return from;
}

// Entry k of a row: its column (kDropped when it is not one) and count.
struct RowSource {
  const std::uint32_t* features;
  const std::int32_t* counts;
  const std::uint32_t* map;  // null: the features are the columns

  RowSource(const CountedRows& rows, const ColumnMaps& maps, const DocRow& r)
      : features(rows.parts[r.part].features.data() + r.begin),
        counts(rows.parts[r.part].counts.data() + r.begin),
        map(maps.empty() ? nullptr : maps[r.part].data()) {}
  std::uint32_t column(std::size_t k) const noexcept {
    return map ? map[features[k]] : features[k];
  }
};

// The rows of documents [b, e) with their columns mapped and sorted, into inner; their
// counts, in the same order, into counts (indexed from outer[b]).
template <class Index>
void sort_rows(const CountedRows& rows, const ColumnMaps& maps, std::size_t b,
               std::size_t e, std::int64_t cols, const Index* outer, Index* inner,
               std::vector<std::int32_t>& counts) {
  counts.resize(static_cast<std::size_t>(outer[e] - outer[b]));
  unsigned column_bits = 1;
  while (column_bits < 32 && (std::int64_t{1} << column_bits) < cols) ++column_bits;
  std::vector<std::uint64_t> entries, scratch;
  for (std::size_t d = b; d < e; ++d) {
    const DocRow& r = rows.docs[d];
    const RowSource src(rows, maps, r);
    if (entries.size() < r.length) {
      entries.resize(r.length);
      scratch.resize(r.length);
    }
    std::uint64_t* v = entries.data();
    std::size_t m = 0;
    for (std::uint32_t k = 0; k < r.length; ++k) {
      const std::uint32_t c = src.column(k);
      v[m] = (std::uint64_t{c} << 32) | static_cast<std::uint32_t>(src.counts[k]);
      m += c != kDropped;
    }
    const std::uint64_t* sorted = sort_by_column(v, m, scratch.data(), column_bits);
    const auto at = static_cast<std::size_t>(outer[d]);
    const auto local = static_cast<std::size_t>(outer[d] - outer[b]);
    for (std::size_t k = 0; k < m; ++k) {
      inner[at + k] = static_cast<Index>(sorted[k] >> 32);
      counts[local + k] = static_cast<std::int32_t>(static_cast<std::uint32_t>(sorted[k]));
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
    CsrMatrix<Scalar, Index> m =
        assemble<Scalar, Index>(rows, maps, sizes, total, cols, threads, make_values(scalar_tag));
    return adopt(m);
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
