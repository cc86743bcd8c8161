// Analyzer::Impl: compiled analyzer options and the per-document loop that feeds each
// feature (a UTF-8 string_view, valid during the call) to a sink. The vectorizers call
// run() with their own sinks; Analyzer::analyze() collects into strings.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detail/analyzer_scan.hpp"
#include "detail/analyzer_tables.hpp"
#include "newsnlp/analyzer.hpp"
#include "newsnlp/tokenizer.hpp"
#include "detail/vectorizer_table.hpp"

namespace newsnlp::detail {

// Per-thread buffers, reused from document to document.
struct AnalyzerScratch {
  TokenList tokens;
  std::string gram;
  std::u32string text;                // char analyzers: the preprocessed text
  std::string utf8;                   // ... as UTF-8
  std::vector<std::uint32_t> starts;  // byte offset of each code point of utf8, and the end
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

  // Feeds every feature of `text` (validated) to sink(std::string_view).
  template <class Sink>
  void run(TextView text, detail::AnalyzerScratch& s, Sink& sink) const {
    if (options.tokenizer) {
      tokenizer_tokens(text, s);
    } else if (options.kind == AnalyzerKind::kWord) {
      s.tokens.clear();
      auto keep_fn = [this](std::string_view t) { return keep(t); };
      detail::WordCutter<decltype(keep_fn)>(tables->impl(), *preprocessor, text, s.tokens,
                                            options.min_token_length, keep_fn,
                                            !stop_words.empty())
          .run();
    } else {
      char_text(text, s);
      if (options.kind == AnalyzerKind::kChar) {
        char_ngrams(s, sink);
      } else {
        char_wb_ngrams(s, sink);
      }
      return;
    }
    detail::emit_word_ngrams(s.tokens, options.ngram_min, options.ngram_max, s.gram, sink);
  }

 private:
  // Preprocessed text with white space runs of two or more squeezed to one space, in
  // s.text, s.utf8 and s.starts.
  void char_text(TextView text, detail::AnalyzerScratch& s) const;
  // Tokenizer norms into s.tokens.
  void tokenizer_tokens(TextView text, detail::AnalyzerScratch& s) const;

  std::string_view slice(const detail::AnalyzerScratch& s, std::size_t i, std::size_t j) const {
    return std::string_view(s.utf8).substr(s.starts[i], s.starts[j] - s.starts[i]);
  }

  template <class Sink>
  void char_ngrams(detail::AnalyzerScratch& s, Sink& sink) const {
    const std::size_t length = s.text.size();
    for (std::size_t n = options.ngram_min; n <= options.ngram_max && n <= length; ++n) {
      for (std::size_t i = 0; i + n <= length; ++i) sink(slice(s, i, i + n));
    }
  }

  // scikit-learn's _char_wb_ngrams: each white-space separated word padded with one space
  // on each side; a word shorter than n gives itself once, and stops the larger n.
  template <class Sink>
  void char_wb_ngrams(detail::AnalyzerScratch& s, Sink& sink) const {
    const std::u32string& t = s.text;
    std::string word;
    std::vector<std::uint32_t> starts;
    const CharTables::Impl& ct = tables->impl();
    for (std::size_t i = 0; i < t.size();) {
      if (ct.is_space(t[i])) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < t.size() && !ct.is_space(t[j])) ++j;
      // " " + word + " " as UTF-8 with code point starts
      word.assign(1, ' ');
      starts.assign(1, 0);
      for (std::size_t k = i; k < j; ++k) {
        starts.push_back(static_cast<std::uint32_t>(word.size()));
        detail::put_utf8(word, t[k]);
      }
      starts.push_back(static_cast<std::uint32_t>(word.size()));
      word.push_back(' ');
      starts.push_back(static_cast<std::uint32_t>(word.size()));
      const std::size_t w_len = j - i + 2;
      auto piece = [&](std::size_t a, std::size_t b) {
        b = std::min(b, w_len);
        return std::string_view(word).substr(starts[a], starts[b] - starts[a]);
      };
      for (std::size_t n = options.ngram_min; n <= options.ngram_max; ++n) {
        std::size_t offset = 0;
        sink(piece(0, n));
        while (offset + n < w_len) {
          ++offset;
          sink(piece(offset, offset + n));
        }
        if (offset == 0) break;
      }
      i = j;
    }
  }
};

}  // namespace newsnlp
