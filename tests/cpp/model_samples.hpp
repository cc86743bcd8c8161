// Small models of every kind that has a model file, for the tests that corrupt model
// files (hostile_input_test) and the loader fuzzer (tests/fuzz) with its seed writer.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <string>
#include <vector>

#include "newsnlp/gazetteer.hpp"
#include "newsnlp/hashing.hpp"
#include "newsnlp/matcher.hpp"
#include "newsnlp/serialize.hpp"
#include "newsnlp/tfidf.hpp"
#include "newsnlp/vectorizer.hpp"

namespace newsnlp::testing {

enum class ModelKind : unsigned char { kMatcher, kCount, kTfidf, kHashing };
inline constexpr int kModelKinds = 4;
inline const char* const kModelKindNames[kModelKinds] = {"matcher", "count", "tfidf", "hashing"};

// Documents the sample models are trained on and run on after loading.
inline const std::vector<std::string>& probe_docs() {
  static const std::vector<std::string> docs = {
      "Le secrétaire d’État américain Antony Blinken a remercié le Royaume du Maroc.",
      "Daech (EI) revendique l'attaque ; الدولة الإسلامية", "The U.S. and the EU met in Rabat."};
  return docs;
}

// The model file of a small model of `kind`, trained on probe_docs().
inline std::string sample_model_file(ModelKind kind, int variant) {
  std::vector<TextView> docs(probe_docs().begin(), probe_docs().end());
  switch (kind) {
    case ModelKind::kMatcher: {
      Gazetteer g;
      g.add("per:blinken", "Antony Blinken", "PER", std::vector<std::string>{"Blinken", "أنتوني بلينكن"});
      g.add("org:daech", "État islamique", "ORG",
            std::vector<AliasSpec>{{"EI", AliasCase::kExact}, {"Daech", AliasCase::kAuto},
                                   {"الدولة الإسلامية", AliasCase::kIgnore}});
      g.add("loc:usa", "États-Unis", "LOC", std::vector<std::string>{"U.S.", "United States"});
      MatcherOptions o;
      o.tokenizer.lang = variant ? "fr" : "xx";
      o.fold_accents = variant == 0;
      return EntityMatcher(g, o).to_bytes();
    }
    case ModelKind::kCount: {
      CountVectorizerOptions o;
      o.analyzer.kind = static_cast<AnalyzerKind>(variant % 3);
      o.analyzer.ngram_max = 2;
      CountVectorizer v(o);
      v.fit(docs);
      return v.to_bytes("{\"meta\": 1}");
    }
    case ModelKind::kTfidf: {
      TfidfVectorizerOptions o;
      o.counts.analyzer.strip_accents = variant ? StripAccents::kUnicode : StripAccents::kNone;
      TfidfVectorizer v(o);
      v.fit(docs);
      return v.to_bytes();
    }
    case ModelKind::kHashing: {
      HashingVectorizerOptions o;
      o.n_features = 1024;
      o.analyzer.kind = variant ? AnalyzerKind::kCharWb : AnalyzerKind::kWord;
      return HashingVectorizer(o).to_bytes("meta");
    }
  }
  return {};
}

// Where section `tag` lies in a model file: {offset, length}, or {0, 0} when missing.
inline std::pair<std::size_t, std::size_t> find_section(const std::string& file, std::string_view tag) {
  const auto u64_at = [&](std::size_t at) {
    std::uint64_t v = 0;
    for (int k = 7; k >= 0; --k) v = (v << 8) | static_cast<unsigned char>(file[at + k]);
    return static_cast<std::size_t>(v);
  };
  const std::size_t sections = u64_at(32) & 0xFFFFFFFFu;
  std::string padded(tag);
  padded.resize(8, '\0');
  for (std::size_t i = 0; i < sections; ++i) {
    const std::size_t entry = 56 + 24 * i;
    if (file.compare(entry, 8, padded) == 0) return {u64_at(entry + 8), u64_at(entry + 16)};
  }
  return {0, 0};
}

// Overwrites the little-endian u32 at `index` of a u32 section.
inline void set_section_u32(std::string& file, std::string_view tag, std::size_t index, std::uint32_t value) {
  const std::size_t at = find_section(file, tag).first + 4 * index;
  for (int k = 0; k < 4; ++k) file[at + k] = static_cast<char>((value >> (8 * k)) & 0xFF);
}

// Rewrites the file size and both CRC-32 fields of a model file (serialize.hpp layout) so
// that a mutated file gets past the checksums to the section parsers.
inline void fix_model_checksums(std::string& bytes) {
  if (bytes.size() < 56) return;
  const auto put32 = [&](std::size_t at, std::uint32_t v) {
    for (int k = 0; k < 4; ++k) bytes[at + k] = static_cast<char>((v >> (8 * k)) & 0xFF);
  };
  const std::uint64_t size = bytes.size();
  for (int k = 0; k < 8; ++k) bytes[40 + k] = static_cast<char>((size >> (8 * k)) & 0xFF);
  put32(48, crc32(std::string_view(bytes).substr(56)));
  put32(52, crc32(std::string_view(bytes).substr(0, 52)));
}

}  // namespace newsnlp::testing
