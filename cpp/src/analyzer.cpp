#include "newsnlp/analyzer.hpp"

#include <string>
#include <utility>

#include "detail/analyzer_impl.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/text.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp {

AnalyzerKind parse_analyzer_kind(std::string_view name) {
  if (name == "word") return AnalyzerKind::kWord;
  if (name == "char") return AnalyzerKind::kChar;
  if (name == "char_wb") return AnalyzerKind::kCharWb;
  throw InvalidArgument("analyzer must be 'word', 'char' or 'char_wb' (got '" + std::string(name) +
                        "')");
}

StripAccents parse_strip_accents(std::string_view name) {
  if (name == "none" || name.empty()) return StripAccents::kNone;
  if (name == "ascii") return StripAccents::kAscii;
  if (name == "unicode") return StripAccents::kUnicode;
  throw InvalidArgument("strip_accents must be 'ascii', 'unicode' or none (got '" +
                        std::string(name) + "')");
}

Analyzer::Impl::Impl(AnalyzerOptions o) : options(std::move(o)) {
  if (options.ngram_min < 1 || options.ngram_min > options.ngram_max) {
    throw InvalidArgument("Invalid value for ngram_range=(" + std::to_string(options.ngram_min) +
                          ", " + std::to_string(options.ngram_max) +
                          ") lower boundary larger than the upper boundary.");
  }
  if (options.min_token_length < 1) throw InvalidArgument("min_token_length must be >= 1 (got 0)");
  if (options.tokenizer && options.kind != AnalyzerKind::kWord) {
    throw InvalidArgument("a newsnlp Tokenizer needs the 'word' analyzer");
  }
  tables = options.tables ? options.tables : CharTables::icu();
  preprocessor = &tables->impl().preprocessor(options.lowercase, options.strip_accents);
  strip_only = &tables->impl().preprocessor(false, options.strip_accents);
  if (options.kind == AnalyzerKind::kWord) {
    for (const std::string& w : options.stop_words) stop_words.intern(w);
  }
}

void Analyzer::Impl::char_text(TextView text, detail::AnalyzerScratch& s) const {
  s.text.clear();
  const CharTables::Impl& t = tables->impl();
  std::size_t run = 0;  // white space characters at the end of s.text
  auto out = [&](char32_t c, bool) {
    if (!t.is_space(c)) {
      run = 0;
      s.text.push_back(c);
    } else if (++run == 2) {
      s.text.back() = U' ';  // "\s\s+" -> " "
    } else if (run == 1) {
      s.text.push_back(c);
    }
  };
  detail::preprocess(t, *preprocessor, text, out);
  s.utf8.clear();
  s.starts.clear();
  for (const char32_t c : s.text) {
    s.starts.push_back(static_cast<std::uint32_t>(s.utf8.size()));
    detail::put_utf8(s.utf8, c);
  }
  s.starts.push_back(static_cast<std::uint32_t>(s.utf8.size()));
}

void Analyzer::Impl::tokenizer_tokens(TextView text, detail::AnalyzerScratch& s) const {
  std::string_view utf8;
  if (text.encoding == TextEncoding::kUtf8) {
    utf8 = std::string_view(static_cast<const char*>(text.data), text.length);
  } else {
    s.converted.clear();
    const detail::CodePointCursor cursor{text};
    for (std::size_t pos = 0; pos < text.length;) {
      char32_t c = cursor.next(pos);
      if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;  // the tokenizer needs valid UTF-8
      detail::put_utf8(s.converted, c);
    }
    utf8 = s.converted;
  }
  s.tokens.clear();
  const Doc doc = options.tokenizer->tokenize(utf8);
  const CharTables::Impl& t = tables->impl();
  for (const Token& token : doc.tokens()) {
    if (token.kind == TokenKind::kPunct || token.kind == TokenKind::kSymbol) continue;
    const std::string_view norm = doc.norm(token);
    if (options.tokenizer->is_stop_word(norm)) continue;
    std::string_view token_text = norm;
    if (!strip_only->identity()) {
      s.gram.clear();
      auto out = [&](char32_t c, bool) { detail::put_utf8(s.gram, c); };
      detail::preprocess(t, *strip_only, TextView(norm), out);
      token_text = s.gram;
    }
    if (!token_text.empty() && keep(token_text)) s.tokens.append(token_text);
  }
}

Analyzer::Analyzer(AnalyzerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

const AnalyzerOptions& Analyzer::options() const noexcept { return impl_->options; }

std::vector<std::string> Analyzer::analyze(TextView text) const {
  if (text.encoding == TextEncoding::kUtf8) {
    validate_utf8(std::string_view(static_cast<const char*>(text.data), text.length));
  }
  std::vector<std::string> out;
  detail::AnalyzerScratch scratch;
  auto sink = [&out](std::string_view f) { out.emplace_back(f); };
  impl_->run(text, scratch, sink);
  return out;
}

}  // namespace newsnlp
