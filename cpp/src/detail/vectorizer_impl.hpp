// CountVectorizer::Impl: the fitted state and the steps TfidfVectorizer shares (learning
// the vocabulary from counted rows, the per-row count values).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "detail/analyzer_impl.hpp"
#include "detail/vectorizer_counting.hpp"
#include "detail/vectorizer_csr.hpp"
#include "newsnlp/vectorizer.hpp"

namespace newsnlp {

struct CountVectorizer::Impl {
  CountVectorizerOptions options;
  Analyzer analyzer;
  Vocabulary vocabulary;  // fitted or fixed features, id = column
  std::vector<std::int64_t> document_frequencies;
  std::size_t n_documents = 0;
  bool fitted = false;

  explicit Impl(CountVectorizerOptions o);

  // Sets the features (in column order); InvalidArgument on a duplicate.
  void set_features(Vocabulary v);

  // The features in a FeatureTable for the counting loop, built on first use (a fit that
  // only returns its matrix never needs it).
  const detail::FeatureTable& lookup_table() const;

 private:
  mutable std::mutex table_mutex_;
  mutable std::unique_ptr<detail::FeatureTable> table_;

 public:

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
