// Analyzer::Impl: compiled analyzer options and the per-document step that produces a
// document's features as a TokenList (UTF-8 spans, followed by padding for 16-byte loads),
// in scikit-learn's order. The vectorizers look them up (vectorizer_counting.cpp);
// Analyzer::analyze() copies them out.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detail/analyzer_scan.hpp"
#include "detail/analyzer_word_cutter.hpp"
#include "detail/analyzer_tables.hpp"
#include "detail/vectorizer_table.hpp"
#include "newsnlp/analyzer.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp::detail {

// Per-thread buffers, reused from document to document.
struct AnalyzerScratch {
  TokenList tokens;                   // word tokens
  TokenList features;                 // n-grams (when not the tokens themselves)
  std::u32string text;                // char analyzers: the preprocessed text
  std::string gram;
  std::string converted;              // input converted to UTF-8 (tokenizer, matcher)
  std::vector<std::uint32_t> sources; // code units each token came from (entity replacement)
  std::vector<std::uint32_t> mentions;  // begin, end (code units), entity per mention
};

}  // namespace newsnlp::detail

namespace newsnlp {

struct Analyzer::Impl {
  AnalyzerOptions options;
  std::shared_ptr<const CharTables> tables;
  const detail::Preprocessor* preprocessor = nullptr;  // lowercase + strip (scikit-learn mode)
  const detail::Preprocessor* strip_only = nullptr;    // strip (tokenizer norms)
  detail::FeatureTable stop_words;

  explicit Impl(AnalyzerOptions o);

  bool keep(std::string_view token) const noexcept {
    return stop_words.empty() || stop_words.find(token) == detail::FeatureTable::kNotFound;
  }

  // The features of `text` (validated UTF-8, or Latin-1/UCS), valid until the next call
  // with the same scratch.
  const detail::TokenList& features(TextView text, detail::AnalyzerScratch& s) const;

  // Feeds every feature to sink(std::string_view).
  template <class Sink>
  void run(TextView text, detail::AnalyzerScratch& s, Sink& sink) const {
    const detail::TokenList& f = features(text, s);
    for (std::size_t i = 0; i < f.size(); ++i) sink(f[i]);
  }

 private:
  // Word tokens (the token pattern, or the tokenizer's norms) into s.tokens.
  void word_tokens(TextView text, detail::AnalyzerScratch& s) const;
  void tokenizer_tokens(TextView text, detail::AnalyzerScratch& s) const;
  // The text as UTF-8: itself, or converted into s.converted.
  std::string_view utf8_of(TextView text, detail::AnalyzerScratch& s) const;
  // The entities' mentions into s.mentions.
  void find_mentions(TextView text, detail::AnalyzerScratch& s) const;
  // s.tokens with the words under mentions replaced by entity features.
  void replace_mentions(detail::AnalyzerScratch& s) const;
  // Appends one entity feature per mention to `out`.
  void add_mentions(detail::AnalyzerScratch& s, detail::TokenList& out) const;
  // n-grams of s.tokens into s.features.
  void word_ngrams(detail::AnalyzerScratch& s) const;
  // Preprocessed text with white space runs of two or more squeezed to one space, in
  // s.text.
  void char_text(TextView text, detail::AnalyzerScratch& s) const;
  void char_ngrams(detail::AnalyzerScratch& s) const;
  void char_wb_ngrams(detail::AnalyzerScratch& s) const;
};

}  // namespace newsnlp
