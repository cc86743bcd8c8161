// CountVectorizer::Impl: the fitted state and the steps TfidfVectorizer shares (learning
// the vocabulary from counted rows, the per-row count values).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "detail/analyzer_impl.hpp"
#include "detail/vectorizer_counting.hpp"
#include "detail/vectorizer_csr.hpp"
#include "newsnlp/vectorizer.hpp"

namespace newsnlp {

namespace detail {

// Feature strings back to back in column order: feature i is pool[offsets[i], offsets[i+1]).
struct FeatureList {
  std::string pool;
  std::vector<std::uint32_t> offsets{0};

  std::size_t size() const noexcept { return offsets.size() - 1; }
  std::string_view operator[](std::size_t i) const noexcept {
    return std::string_view(pool).substr(offsets[i], offsets[i + 1] - offsets[i]);
  }
};

}  // namespace detail

struct CountVectorizer::Impl {
  CountVectorizerOptions options;
  Analyzer analyzer;
  detail::FeatureList features;  // fitted or fixed features, index = column
  std::vector<std::int64_t> document_frequencies;
  std::size_t n_documents = 0;
  bool fitted = false;

  explicit Impl(CountVectorizerOptions o);

  // Sets the features (in column order, without duplicates).
  void set_features(detail::FeatureList f);

  // The features in a FeatureTable for the counting loop, and as a Vocabulary for the
  // public API, each built on first use (a fit that only returns its matrix needs neither).
  const detail::FeatureTable& lookup_table() const;
  const Vocabulary& vocabulary() const;

 private:
  mutable std::mutex table_mutex_;
  mutable std::unique_ptr<detail::FeatureTable> table_;
  mutable std::unique_ptr<Vocabulary> vocabulary_;

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
