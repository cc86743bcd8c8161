// CountVectorizer: documents to a matrix of feature counts, with scikit-learn's semantics
// (vocabulary sorted by feature, min_df / max_df / max_features pruning, a fixed
// vocabulary, binary counts), counted on several threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsnlp/analyzer.hpp"
#include "newsnlp/sparse_matrix.hpp"
#include "newsnlp/tokenizer.hpp"
#include "newsnlp/vocabulary.hpp"

namespace newsnlp {

// min_df / max_df: an absolute document count, or a proportion of the documents.
struct DocumentFrequency {
  double value = 1.0;
  bool proportion = true;

  static DocumentFrequency count(std::int64_t n) { return {static_cast<double>(n), false}; }
  static DocumentFrequency fraction(double p) { return {p, true}; }
  // The threshold for n documents: the count itself, or value * n (a real number).
  double threshold(std::size_t n_documents) const noexcept {
    return proportion ? value * static_cast<double>(n_documents) : value;
  }
};

// Picks which `limit` of the candidate features max_features keeps, given their total
// counts (in feature order); returns their positions. The default keeps the most frequent,
// earlier features first among equals. Python passes NumPy's argsort, to break ties as
// scikit-learn does.
using FeatureSelector = std::function<std::vector<std::size_t>(
    const std::vector<std::int64_t>& term_counts, std::size_t limit)>;

struct CountVectorizerOptions {
  AnalyzerOptions analyzer;
  // Features in more documents than max_df, or fewer than min_df, are dropped.
  DocumentFrequency max_df = DocumentFrequency::fraction(1.0);
  DocumentFrequency min_df = DocumentFrequency::count(1);
  // Then at most this many features, the most frequent over the corpus; 0: no limit.
  std::size_t max_features = 0;
  FeatureSelector select;
  // A fixed vocabulary: feature i is vocabulary[i]; fit() then learns nothing but the
  // document frequencies, and no pruning happens.
  bool fixed_vocabulary = false;
  std::vector<std::string> vocabulary;
  // Counts become 1.
  bool binary = false;
  ScalarType dtype = ScalarType::kInt64;
};

// Thread-safety: transform() and the accessors are const and may run concurrently;
// fit() and fit_transform() may not run while anything else does.
class CountVectorizer {
 public:
  // Throws InvalidArgument for bad options (see AnalyzerOptions; min_df / max_df
  // negative or a proportion above 1; a duplicate term in a fixed vocabulary).
  explicit CountVectorizer(CountVectorizerOptions options = {});
  ~CountVectorizer();
  CountVectorizer(CountVectorizer&&) noexcept;
  CountVectorizer& operator=(CountVectorizer&&) noexcept;
  CountVectorizer(const CountVectorizer&) = delete;
  CountVectorizer& operator=(const CountVectorizer&) = delete;

  const CountVectorizerOptions& options() const noexcept;

  // Learns the vocabulary and document frequencies of `docs` and returns their count
  // matrix (documents x features, columns sorted within rows). Errors: InvalidUtf8 naming
  // the document; InvalidArgument "empty vocabulary; perhaps the documents only contain
  // stop words", "max_df corresponds to < documents than min_df", "After pruning, no terms
  // remain. Try a lower min_df or a higher max_df."; Cancelled when `cancel` says so.
  SparseMatrix fit_transform(const std::vector<TextView>& docs, int n_jobs = 1,
                             const CancelHook& cancel = {});
  void fit(const std::vector<TextView>& docs, int n_jobs = 1, const CancelHook& cancel = {});

  // Counts of the fitted (or fixed) features; other features are ignored. Throws
  // NotFitted before fit() unless the vocabulary is fixed.
  SparseMatrix transform(const std::vector<TextView>& docs, int n_jobs = 1,
                         const CancelHook& cancel = {}) const;

  bool fitted() const noexcept;
  // Feature i is vocabulary().str(i) == feature(i); features are sorted by their UTF-8
  // bytes (code point order) unless the vocabulary was fixed. vocabulary() builds its
  // hash table on first call. Both throw NotFitted before fit() unless the vocabulary is
  // fixed.
  const Vocabulary& vocabulary() const;
  std::string_view feature(std::size_t i) const;
  std::size_t n_features() const noexcept;
  // In the documents fit() saw: how many contained each feature, and how many there were.
  const std::vector<std::int64_t>& document_frequencies() const noexcept;
  std::size_t n_documents() const noexcept;

  // fit()'s pruning (min_df, max_df, max_features) applied to given statistics, e.g. summed
  // over the partitions of a corpus spread over several machines: each candidate feature's
  // document frequency and total count, in column order, over n_documents. Returns the
  // positions fit() would keep, ascending; throws InvalidArgument as fit() does.
  std::vector<std::size_t> prune(const std::vector<std::int64_t>& document_frequencies,
                                 const std::vector<std::int64_t>& term_counts,
                                 std::size_t n_documents) const;

  // Replaces the fitted state (e.g. after loading it): features in index order and their
  // document frequencies over n_documents (empty: unknown).
  void set_fitted(std::vector<std::string> features, std::vector<std::int64_t> document_frequencies,
                  std::size_t n_documents);

  // The model file (serialize.hpp container: versioned, checksummed) holding the options
  // and fitted state; `meta` is stored as is (Python keeps its parameters there). The
  // character tables are not stored. save() throws IoError naming the path.
  void save(const std::string& path, std::string_view meta = {}) const;
  std::string to_bytes(std::string_view meta = {}) const;
  // Throws IoError for a missing, foreign or corrupt file. `tables` serve the analyzer
  // (null: ICU's); `meta`, when given, receives the stored meta.
  static CountVectorizer load(const std::string& path, std::shared_ptr<const CharTables> tables = nullptr,
                      std::string* meta = nullptr);
  static CountVectorizer from_bytes(std::string bytes, const std::string& source = "<bytes>",
                            std::shared_ptr<const CharTables> tables = nullptr,
                            std::string* meta = nullptr);

  // Internals, for the library's own classes (Impl is private to cpp/src).
  struct Impl;
  Impl& impl() noexcept { return *impl_; }
  const Impl& impl() const noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsnlp
