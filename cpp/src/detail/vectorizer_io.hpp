// Model files of the vectorizers: their options and fitted state as sections of a
// serialize.hpp container (versioned, checksummed), plus an opaque "meta" section for
// the caller (Python keeps its own parameters there).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "newsnlp/analyzer.hpp"
#include "newsnlp/hashing.hpp"
#include "newsnlp/serialize.hpp"
#include "newsnlp/tfidf.hpp"
#include "newsnlp/vectorizer.hpp"

namespace newsnlp::detail {

inline constexpr const char* kCountKind = "CountVectorizer";
inline constexpr const char* kTfidfKind = "TfidfVectorizer";
inline constexpr const char* kHashingKind = "HashVectorizer";
inline constexpr std::uint32_t kVectorizerFormatVersion = 1;

// The analyzer's options; a tokenizer is stored by its options and rebuilt on load.
// The character tables are not stored: the loader supplies them.
void write_analyzer(ModelWriter& w, const AnalyzerOptions& o);
AnalyzerOptions read_analyzer(const ModelReader& r, std::shared_ptr<const CharTables> tables);

// Options of the count step and the fitted features / document frequencies.
void write_counts(ModelWriter& w, const CountVectorizer& v);
CountVectorizer read_counts(const ModelReader& r, std::shared_ptr<const CharTables> tables);

void write_tfidf(ModelWriter& w, const TfidfTransformer& t);
// The options stored by write_tfidf, and (with use_idf) sets the stored weights on `t`.
TfidfOptions read_tfidf_options(const ModelReader& r);
void read_idf(const ModelReader& r, TfidfTransformer& t);

void write_hashing(ModelWriter& w, const HashingVectorizerOptions& o);
HashingVectorizerOptions read_hashing(const ModelReader& r, std::shared_ptr<const CharTables> tables);

// The caller's "meta" section ("" when absent).
std::string read_meta(const ModelReader& r);

}  // namespace newsnlp::detail
