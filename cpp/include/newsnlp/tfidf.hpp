// TF-IDF with scikit-learn's formulas: TfidfTransformer weights a count matrix,
// TfidfVectorizer counts and weights documents in one pass.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsnlp/sparse_matrix.hpp"
#include "newsnlp/vectorizer.hpp"

namespace newsnlp {

enum class Norm : std::uint8_t { kNone, kL1, kL2 };

// "l1", "l2", "none"; InvalidArgument otherwise.
Norm parse_norm(std::string_view name);

struct TfidfOptions {
  Norm norm = Norm::kL2;
  // idf(t) = ln((1 + n) / (1 + df(t))) + 1 when smooth_idf, ln(n / df(t)) + 1 otherwise.
  bool use_idf = true;
  bool smooth_idf = true;
  // tf -> 1 + ln(tf)
  bool sublinear_tf = false;
};

// Thread-safety: transform() is const and may run concurrently with itself and with
// set_idf(), which swaps the weights atomically; fit() may not run concurrently.
class TfidfTransformer {
 public:
  explicit TfidfTransformer(TfidfOptions options = {});
  ~TfidfTransformer();
  TfidfTransformer(TfidfTransformer&&) noexcept;
  TfidfTransformer& operator=(TfidfTransformer&&) noexcept;
  TfidfTransformer(const TfidfTransformer&) = delete;
  TfidfTransformer& operator=(const TfidfTransformer&) = delete;

  const TfidfOptions& options() const noexcept;

  // Learns idf from each feature's document frequency over n_documents. With `float32`
  // the arithmetic is single precision, as scikit-learn's for float32 counts.
  void fit(const std::vector<std::int64_t>& document_frequencies, std::size_t n_documents,
           bool float32 = false);
  // The same from a count matrix (a document contains a feature when it has an entry).
  void fit(const SparseMatrix& counts);

  bool fitted() const noexcept;
  // Empty when use_idf is off. Throws NotFitted before fit() when use_idf is on.
  std::vector<double> idf() const;
  // Replaces the weights (e.g. a user's own); InvalidArgument if use_idf is off.
  void set_idf(std::vector<double> idf);

  // Writes the weighted values of `counts` (float or double) to out[0, nnz), which may be
  // counts.values itself. Column order within rows does not matter. Throws
  // InvalidArgument when a column is beyond idf().
  template <class Scalar, class Index>
  void transform(const CsrView<Scalar, Index>& counts, Scalar* out, int n_jobs = 1) const;

  // A weighted copy of a count matrix: float32 counts stay float32, the rest become
  // float64, as in scikit-learn.
  SparseMatrix transform(const SparseMatrix& counts, int n_jobs = 1) const;

  // Internals, for the library's own classes (Impl is private to cpp/src).
  struct Impl;
  const Impl& impl() const noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

struct TfidfVectorizerOptions {
  // counts.dtype is the output's: kFloat64 or kFloat32 (others are treated as kFloat64).
  CountVectorizerOptions counts = [] {
    CountVectorizerOptions o;
    o.dtype = ScalarType::kFloat64;
    return o;
  }();
  TfidfOptions tfidf;
};

// CountVectorizer then TfidfTransformer, fused: counts become weights in the same pass
// that builds the matrix. Thread-safety as CountVectorizer (set_idf() as above).
class TfidfVectorizer {
 public:
  explicit TfidfVectorizer(TfidfVectorizerOptions options = {});
  ~TfidfVectorizer();
  TfidfVectorizer(TfidfVectorizer&&) noexcept;
  TfidfVectorizer& operator=(TfidfVectorizer&&) noexcept;
  TfidfVectorizer(const TfidfVectorizer&) = delete;
  TfidfVectorizer& operator=(const TfidfVectorizer&) = delete;

  const TfidfVectorizerOptions& options() const noexcept;

  // Errors as CountVectorizer::fit_transform.
  SparseMatrix fit_transform(const std::vector<TextView>& docs, int n_jobs = 1,
                             const CancelHook& cancel = {});
  void fit(const std::vector<TextView>& docs, int n_jobs = 1, const CancelHook& cancel = {});
  // Throws NotFitted before fit().
  SparseMatrix transform(const std::vector<TextView>& docs, int n_jobs = 1,
                         const CancelHook& cancel = {}) const;

  const CountVectorizer& counts() const noexcept;
  CountVectorizer& counts() noexcept;
  const TfidfTransformer& weights() const noexcept;
  TfidfTransformer& weights() noexcept;

  // The model file (serialize.hpp container: versioned, checksummed) holding the options
  // and fitted state; `meta` is stored as is (Python keeps its parameters there). The
  // character tables are not stored. save() throws IoError naming the path.
  void save(const std::string& path, std::string_view meta = {}) const;
  std::string to_bytes(std::string_view meta = {}) const;
  // Throws IoError for a missing, foreign or corrupt file. `tables` serve the analyzer
  // (null: ICU's); `meta`, when given, receives the stored meta.
  static TfidfVectorizer load(const std::string& path, std::shared_ptr<const CharTables> tables = nullptr,
                      std::string* meta = nullptr);
  static TfidfVectorizer from_bytes(std::string bytes, const std::string& source = "<bytes>",
                            std::shared_ptr<const CharTables> tables = nullptr,
                            std::string* meta = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsnlp
