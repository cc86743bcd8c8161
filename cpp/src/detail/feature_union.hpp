// The vocabulary a fit learns: the union of the workers' own feature tables, in UTF-8 byte
// order (= code point order, Python's sort of str). The features are split by key range,
// one range per thread, at pivots sampled from all parts: all copies of a feature fall in
// one range, so each range is deduplicated (a hash set) and sorted on its own, and the
// ranges concatenate in order. Each unique feature is sorted once, so the union scales
// with threads (sorting each part's features and merging did not: with 2 threads each
// part held 70 % of SaudiNewsNet's vocabulary).
#pragma once

#include <cstdint>
#include <vector>

#include "detail/vectorizer_counting.hpp"
#include "detail/vectorizer_impl.hpp"

namespace newsnlp::detail {

// Little- to big-endian, and back: big-endian numbers order as their bytes do.
inline std::uint64_t byte_swap(std::uint64_t v) noexcept {
#if defined(__GNUC__)
  return __builtin_bswap64(v);
#else
  std::uint64_t r = 0;
  for (int i = 0; i < 8; ++i, v >>= 8) r = (r << 8) | (v & 0xFF);
  return r;
#endif
}

// A feature by its first 16 bytes as two big-endian numbers, zero padded, and its length:
// 16 bytes hold most words, Arabic ones included, and two such words differ in their
// prefix or length (zero padding: a shorter word sorts first), so reading the texts to
// compare them is rare.
struct Keyed {
  std::uint64_t hi, lo;
  std::uint32_t id;
  std::uint32_t length;

  // Feature `id` of `table`, from two loads of its bytes.
  static Keyed of(const FeatureTable& table, std::uint32_t id) noexcept {
    std::uint64_t head, tail;
    const std::uint32_t length = table.prefix(id, head, tail);
    return Keyed{byte_swap(head), byte_swap(tail), id, length};
  }
  // Whether the prefixes and lengths order a and b alone (else: compare the texts).
  static bool decided(const Keyed& a, const Keyed& b) noexcept {
    return a.hi != b.hi || a.lo != b.lo || (a.length <= 16 && b.length <= 16);
  }
  // The texts' byte order, where decided().
  static bool less(const Keyed& a, const Keyed& b) noexcept {
    if (a.hi != b.hi) return a.hi < b.hi;
    if (a.lo != b.lo) return a.lo < b.lo;
    return a.length < b.length;
  }
};

struct FeatureUnion {
  struct Feature {
    std::uint64_t hi, lo;  // as Keyed: the first 16 bytes, so short texts need no pool
    std::uint32_t length;
    std::uint32_t part, id;  // where the text is: rows.parts[part].table, id
  };
  std::vector<Feature> features;  // by union id g, in sorted order
  std::vector<std::int64_t> df;  // documents holding g
  std::vector<std::int64_t> tf;  // occurrences of g (1 per document when binary); only if asked
  std::vector<std::vector<std::uint32_t>> to_union;  // part k's feature id -> g

  std::size_t size() const noexcept { return features.size(); }
};

FeatureUnion unite_features(const CountedRows& rows, bool want_tf, bool binary, unsigned threads);

// The texts of union features `kept` (ascending union ids) as a FeatureList, in that order.
FeatureList feature_list_of(const CountedRows& rows, const FeatureUnion& features,
                            const std::vector<std::uint32_t>& kept, unsigned threads);

}  // namespace newsnlp::detail
