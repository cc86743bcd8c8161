// The vocabulary a fit learns: the union of the workers' own feature tables, in UTF-8 byte
// order (= code point order, Python's sort of str). Each part's features are sorted on its
// own thread; the sorted lists are then merged by key range, one range per thread: all
// copies of a feature fall in one range, so the ranges merge independently and their
// results concatenate in order.
#pragma once

#include <cstdint>
#include <vector>

#include "detail/vectorizer_counting.hpp"
#include "detail/vectorizer_impl.hpp"

namespace newsnlp::detail {

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
