// The vocabulary a fit learns: the union of the workers' own feature tables, in UTF-8 byte
// order (= code point order, Python's sort of str). Each part's features are sorted on its
// own thread; the sorted lists are then merged by key range, one range per thread: all
// copies of a feature fall in one range, so the ranges merge independently and their
// results concatenate in order.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "detail/vectorizer_counting.hpp"
#include "detail/vectorizer_impl.hpp"

namespace newsnlp::detail {

// A feature by its first 16 bytes as two big-endian numbers, zero padded, and its length:
// 16 bytes hold most words, Arabic ones included, and two such words differ in their
// prefix or length (zero padding: a shorter word sorts first), so reading the texts to
// compare them is rare.
struct Keyed {
  std::uint64_t hi, lo;
  std::uint32_t id;
  std::uint32_t length;

  static Keyed of(std::string_view text, std::uint32_t id) noexcept {
    unsigned char head[16] = {};
    std::memcpy(head, text.data(), std::min<std::size_t>(text.size(), 16));
    return Keyed{big_endian(head), big_endian(head + 8), id, static_cast<std::uint32_t>(text.size())};
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

 private:
  // The 8 bytes at p as a big-endian number: numbers then order as the bytes do.
  static std::uint64_t big_endian(const unsigned char* p) noexcept {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];  // compiles to one load and bswap
    return v;
  }
};

struct FeatureUnion {
  struct Source {
    std::uint32_t part, id;  // where union feature g's text is: rows.parts[part].table
  };
  std::vector<Source> source;  // by union id g, in sorted order
  std::vector<std::int64_t> df;  // documents holding g
  std::vector<std::int64_t> tf;  // occurrences of g (1 per document when binary); only if asked
  std::vector<std::vector<std::uint32_t>> to_union;  // part k's feature id -> g

  std::size_t size() const noexcept { return source.size(); }
};

FeatureUnion unite_features(const CountedRows& rows, bool want_tf, bool binary, unsigned threads);

// The texts of union features `kept` (ascending union ids) as a FeatureList, in that order.
FeatureList feature_list_of(const CountedRows& rows, const FeatureUnion& features,
                            const std::vector<std::uint32_t>& kept, unsigned threads);

}  // namespace newsnlp::detail
