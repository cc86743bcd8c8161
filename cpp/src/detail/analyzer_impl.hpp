// Analyzer::Impl: compiled analyzer options and the per-document step that produces a
// document's features as a TokenList (UTF-8 spans), in scikit-learn's order. The
// vectorizers look the whole list up at once (see vectorizer_counting.cpp), which lets
// them prefetch; Analyzer::analyze() copies it out.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detail/analyzer_scan.hpp"
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
  std::string converted;              // tokenizer input converted to UTF-8
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
  // n-grams of s.tokens into s.features.
  void word_ngrams(detail::AnalyzerScratch& s) const;
  // Preprocessed text with white space runs of two or more squeezed to one space, in
  // s.text.
  void char_text(TextView text, detail::AnalyzerScratch& s) const;
  void char_ngrams(detail::AnalyzerScratch& s) const;
  void char_wb_ngrams(detail::AnalyzerScratch& s) const;
};

}  // namespace newsnlp
