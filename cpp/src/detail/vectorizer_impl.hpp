// CountVectorizer::Impl: the fitted state and the steps TfidfVectorizer shares (learning
// the vocabulary from counted rows, the per-row count values).
#pragma once

#include <cstdint>
#include <vector>

#include "detail/analyzer_impl.hpp"
#include "detail/vectorizer_counting.hpp"
#include "detail/vectorizer_csr.hpp"
#include "newsnlp/vectorizer.hpp"

namespace newsnlp {

struct CountVectorizer::Impl {
  CountVectorizerOptions options;
  Analyzer analyzer;
  Vocabulary vocabulary;      // fitted or fixed features, id = column
  detail::FeatureTable table;  // the same, for the counting loop's lookups
  std::vector<std::int64_t> document_frequencies;
  std::size_t n_documents = 0;
  bool fitted = false;

  explicit Impl(CountVectorizerOptions o);

  // Sets the features (in column order); InvalidArgument on a duplicate.
  void set_features(Vocabulary v);

  // Counts `docs` and learns the vocabulary (or, when fixed, the document frequencies);
  // `maps` then renumbers the rows' features to columns.
  detail::CountedRows learn(const std::vector<TextView>& docs, unsigned threads,
                            const CancelHook& cancel, detail::ColumnMaps& maps);

  // Counts against the fitted vocabulary (ids are columns). Throws NotFitted.
  detail::CountedRows count(const std::vector<TextView>& docs, unsigned threads,
                            const CancelHook& cancel) const;
};

namespace detail {

// Count values: 1 when binary.
template <class Scalar>
struct CountValues {
  bool binary;
  template <class Entries>
  void operator()(const Entries& row, Scalar* out) const {
    for (std::size_t k = 0; k < row.size; ++k) {
      out[k] = binary ? Scalar(1) : static_cast<Scalar>(row.count(k));
    }
  }
};

}  // namespace detail
}  // namespace newsnlp
