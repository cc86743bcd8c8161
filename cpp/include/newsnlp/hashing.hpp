// HashingVectorizer: features to columns by hashing, as scikit-learn's (signed 32-bit
// MurmurHash3 of the feature's UTF-8 with seed 0, column abs(h) % n_features, sign of h
// when alternate_sign). Stateless: nothing to fit, nothing to store.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsnlp/analyzer.hpp"
#include "newsnlp/sparse_matrix.hpp"
#include "newsnlp/tfidf.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp {

// MurmurHash3_x86_32 of `key`, as a signed value (scikit-learn's murmurhash3_32 with
// positive=False).
std::int32_t murmurhash3_32(std::string_view key, std::uint32_t seed = 0) noexcept;

struct HashingVectorizerOptions {
  AnalyzerOptions analyzer;
  std::uint32_t n_features = 1u << 20;  // 1 to 2^31 - 1
  bool binary = false;  // every stored value becomes 1 (before normalization)
  Norm norm = Norm::kL2;
  bool alternate_sign = true;
  ScalarType dtype = ScalarType::kFloat64;  // kFloat64 or kFloat32 when norm is set
};

// Thread-safe: transform() is const.
class HashingVectorizer {
 public:
  // Throws InvalidArgument for bad options (n_features out of range, an integer dtype
  // with a norm).
  explicit HashingVectorizer(HashingVectorizerOptions options = {});
  ~HashingVectorizer();
  HashingVectorizer(HashingVectorizer&&) noexcept;
  HashingVectorizer& operator=(HashingVectorizer&&) noexcept;
  HashingVectorizer(const HashingVectorizer&) = delete;
  HashingVectorizer& operator=(const HashingVectorizer&) = delete;

  const HashingVectorizerOptions& options() const noexcept;

  // Documents x n_features, columns sorted within rows; a column whose +1 and -1 cancel
  // keeps an explicit zero, as in scikit-learn. Throws InvalidUtf8 naming the document.
  SparseMatrix transform(const std::vector<TextView>& docs, int n_jobs = 1,
                         const CancelHook& cancel = {}) const;

  // The model file (serialize.hpp container: versioned, checksummed) holding the options
  // and fitted state; `meta` is stored as is (Python keeps its parameters there). The
  // character tables are not stored. save() throws IoError naming the path.
  void save(const std::string& path, std::string_view meta = {}) const;
  std::string to_bytes(std::string_view meta = {}) const;
  // Throws IoError for a missing, foreign or corrupt file. `tables` serve the analyzer
  // (null: ICU's); `meta`, when given, receives the stored meta.
  static HashingVectorizer load(const std::string& path, std::shared_ptr<const CharTables> tables = nullptr,
                      std::string* meta = nullptr);
  static HashingVectorizer from_bytes(std::string bytes, const std::string& source = "<bytes>",
                            std::shared_ptr<const CharTables> tables = nullptr,
                            std::string* meta = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsnlp
