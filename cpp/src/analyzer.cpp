#include "newsnlp/analyzer.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "detail/analyzer_impl.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/matcher.hpp"
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

EntityFeatures parse_entity_features(std::string_view name) {
  if (name == "add") return EntityFeatures::kAdd;
  if (name == "replace") return EntityFeatures::kReplace;
  throw InvalidArgument("entity_features must be 'add' or 'replace' (got '" + std::string(name) +
                        "')");
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
  if (options.entities && options.entity_features == EntityFeatures::kReplace &&
      options.kind != AnalyzerKind::kWord) {
    throw InvalidArgument("entity_features='replace' needs the 'word' analyzer (use 'add')");
  }
  tables = options.tables ? options.tables : CharTables::icu();
  preprocessor = &tables->impl().preprocessor(options.lowercase, options.strip_accents);
  strip_only = &tables->impl().preprocessor(false, options.strip_accents);
  if (options.kind == AnalyzerKind::kWord) {
    for (const std::string& w : options.stop_words) stop_words.intern(w);
  }
}

const detail::TokenList& Analyzer::Impl::features(TextView text,
                                                  detail::AnalyzerScratch& s) const {
  const bool replace = options.entities && options.entity_features == EntityFeatures::kReplace;
  if (options.entities) find_mentions(text, s);
  if (options.kind != AnalyzerKind::kWord) {
    char_text(text, s);
    if (options.kind == AnalyzerKind::kChar) {
      char_ngrams(s);
    } else {
      char_wb_ngrams(s);
    }
    if (options.entities) add_mentions(s, s.features);
    return s.features;
  }
  s.sources.clear();
  if (options.tokenizer) {
    tokenizer_tokens(text, s);
  } else {
    word_tokens(text, s);
  }
  if (replace) replace_mentions(s);
  detail::TokenList* out = &s.tokens;
  if (options.ngram_min != 1 || options.ngram_max != 1) {
    word_ngrams(s);
    out = &s.features;
  }
  if (options.entities && !replace) add_mentions(s, *out);
  return *out;
}

std::string_view Analyzer::Impl::utf8_of(TextView text, detail::AnalyzerScratch& s) const {
  const auto* bytes = static_cast<const char*>(text.data);
  const bool ascii = text.encoding == TextEncoding::kLatin1 &&
                     std::all_of(bytes, bytes + text.length, [](char c) { return c >= 0; });
  if (text.encoding == TextEncoding::kUtf8 || ascii) return std::string_view(bytes, text.length);
  s.converted.clear();
  const detail::CodePointCursor cursor{text};
  for (std::size_t pos = 0; pos < text.length;) {
    char32_t c = cursor.next(pos);
    if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;  // the tokenizer needs valid UTF-8
    detail::put_utf8(s.converted, c);
  }
  return s.converted;
}

void Analyzer::Impl::find_mentions(TextView text, detail::AnalyzerScratch& s) const {
  const std::string_view utf8 = utf8_of(text, s);
  const std::vector<Mention> found = options.entities->find(utf8, MatchMode::kLongest);
  s.mentions.clear();
  // Spans in code units of `text`: bytes for UTF-8, code points otherwise (each UTF-8
  // lead byte starts one); begins and ends are each non-decreasing.
  const bool bytes = text.encoding == TextEncoding::kUtf8 || utf8.data() == text.data;
  const auto* u = reinterpret_cast<const unsigned char*>(utf8.data());
  std::size_t begin_byte = 0, begin_unit = 0, end_byte = 0, end_unit = 0;
  for (const Mention& m : found) {
    std::size_t b = m.span.begin, e = m.span.end;
    if (!bytes) {
      for (; begin_byte < b; ++begin_byte) begin_unit += (u[begin_byte] & 0xC0) != 0x80;
      for (; end_byte < e; ++end_byte) end_unit += (u[end_byte] & 0xC0) != 0x80;
      b = begin_unit;
      e = end_unit;
    }
    s.mentions.insert(s.mentions.end(),
                      {static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e), m.entity});
  }
}

void Analyzer::Impl::add_mentions(detail::AnalyzerScratch& s, detail::TokenList& out) const {
  for (std::size_t k = 0; k + 3 <= s.mentions.size(); k += 3) {
    s.gram.assign(kEntityFeaturePrefix);
    s.gram.append(options.entities->id(s.mentions[k + 2]));
    out.append(s.gram);
  }
}

void Analyzer::Impl::replace_mentions(detail::AnalyzerScratch& s) const {
  detail::TokenList& out = s.features;
  out.clear();
  const std::vector<std::uint32_t>& m = s.mentions;
  const std::size_t count = m.size() / 3;
  std::size_t next = 0;          // the first mention not emitted yet
  std::uint32_t covered_end = 0;  // end of the last emitted mention
  auto emit = [&](std::size_t k) {
    s.gram.assign(kEntityFeaturePrefix);
    s.gram.append(options.entities->id(m[3 * k + 2]));
    out.append(s.gram);
    covered_end = std::max(covered_end, m[3 * k + 1]);
  };
  for (std::size_t t = 0; t < s.tokens.size(); ++t) {
    const std::uint32_t b = s.sources[2 * t], e = s.sources[2 * t + 1];
    while (next < count && m[3 * next + 1] <= b) emit(next++);  // mentions before the token
    if (next < count && m[3 * next] < e) {  // the token overlaps this mention: its place
      const std::uint32_t mb = m[3 * next], me = m[3 * next + 1];
      while (next < count && m[3 * next] == mb && m[3 * next + 1] == me) emit(next++);
      continue;
    }
    if (b < covered_end) continue;  // inside a mention already emitted
    out.append(s.tokens[t]);
  }
  while (next < count) emit(next++);
  std::swap(s.tokens, out);
}

void Analyzer::Impl::word_tokens(TextView text, detail::AnalyzerScratch& s) const {
  s.tokens.clear();
  auto keep_fn = [this](std::string_view t) { return keep(t); };
  const bool sources = options.entities && options.entity_features == EntityFeatures::kReplace;
  detail::WordCutter<decltype(keep_fn)>(tables->impl(), *preprocessor, text, s.tokens,
                                        options.min_token_length, keep_fn, !stop_words.empty(),
                                        sources ? &s.sources : nullptr)
      .run();
}

void Analyzer::Impl::word_ngrams(detail::AnalyzerScratch& s) const {
  detail::TokenList& out = s.features;
  const detail::TokenList& tokens = s.tokens;
  out.clear();
  const std::size_t count = tokens.size();
  for (std::size_t n = options.ngram_min; n <= options.ngram_max && n <= count; ++n) {
    for (std::size_t i = 0; i + n <= count; ++i) {
      std::size_t length = n - 1;
      for (std::size_t k = i; k < i + n; ++k) length += tokens[k].size();
      out.reserve(length);
      char* p = out.bytes.data() + out.used;
      for (std::size_t k = i; k < i + n; ++k) {
        if (k > i) *p++ = ' ';
        const std::string_view t = tokens[k];
        p = std::copy(t.begin(), t.end(), p);
      }
      out.push(out.used, out.used + length);
      out.used += length;
    }
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
}

void Analyzer::Impl::char_ngrams(detail::AnalyzerScratch& s) const {
  // The text as UTF-8 in features.bytes; each n-gram is a span of it.
  detail::TokenList& out = s.features;
  out.clear();
  std::vector<std::uint32_t>& starts = s.tokens.spans;  // code point -> byte offset
  starts.clear();
  s.gram.clear();
  for (const char32_t c : s.text) {
    starts.push_back(static_cast<std::uint32_t>(s.gram.size()));
    detail::put_utf8(s.gram, c);
  }
  starts.push_back(static_cast<std::uint32_t>(s.gram.size()));
  out.append(s.gram);
  out.count = 0;
  const std::size_t length = s.text.size();
  for (std::size_t n = options.ngram_min; n <= options.ngram_max && n <= length; ++n) {
    for (std::size_t i = 0; i + n <= length; ++i) out.push(starts[i], starts[i + n]);
  }
}

// scikit-learn's _char_wb_ngrams: each white-space separated word padded with one space on
// each side; a word shorter than n gives itself once, and stops the larger n.
void Analyzer::Impl::char_wb_ngrams(detail::AnalyzerScratch& s) const {
  detail::TokenList& out = s.features;
  out.clear();
  const std::u32string& t = s.text;
  std::vector<std::uint32_t>& starts = s.tokens.spans;
  const CharTables::Impl& ct = tables->impl();
  for (std::size_t i = 0; i < t.size();) {
    if (ct.is_space(t[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < t.size() && !ct.is_space(t[j])) ++j;
    // " " + word + " " as UTF-8 appended to out.bytes, with code point starts
    s.gram.assign(1, ' ');
    starts.assign(1, 0);
    for (std::size_t k = i; k < j; ++k) {
      starts.push_back(static_cast<std::uint32_t>(s.gram.size()));
      detail::put_utf8(s.gram, t[k]);
    }
    starts.push_back(static_cast<std::uint32_t>(s.gram.size()));
    s.gram.push_back(' ');
    starts.push_back(static_cast<std::uint32_t>(s.gram.size()));
    const std::size_t base = out.used;
    const std::size_t saved = out.count;
    out.append(s.gram);
    out.count = saved;
    const std::size_t w_len = j - i + 2;
    auto piece = [&](std::size_t a, std::size_t b) {
      out.push(base + starts[a], base + starts[std::min(b, w_len)]);
    };
    for (std::size_t n = options.ngram_min; n <= options.ngram_max; ++n) {
      std::size_t offset = 0;
      piece(0, n);
      while (offset + n < w_len) {
        ++offset;
        piece(offset, offset + n);
      }
      if (offset == 0) break;
    }
    i = j;
  }
}

void Analyzer::Impl::tokenizer_tokens(TextView text, detail::AnalyzerScratch& s) const {
  const std::string_view utf8 = utf8_of(text, s);
  s.tokens.clear();
  const Doc doc = options.tokenizer->tokenize(utf8);
  const CharTables::Impl& t = tables->impl();
  const bool sources = options.entities && options.entity_features == EntityFeatures::kReplace;
  // Token spans are bytes of utf8; the mentions' are code units of `text`.
  const bool bytes = text.encoding == TextEncoding::kUtf8 || utf8.data() == text.data;
  std::size_t byte = 0, unit = 0;
  const auto* u = reinterpret_cast<const unsigned char*>(utf8.data());
  auto units = [&](std::uint32_t offset) {
    if (bytes) return offset;
    for (; byte < offset; ++byte) unit += (u[byte] & 0xC0) != 0x80;
    return static_cast<std::uint32_t>(unit);
  };
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
    if (token_text.empty() || !keep(token_text)) continue;
    s.tokens.append(token_text);
    if (sources) {
      s.sources.push_back(units(token.span.begin));
      s.sources.push_back(units(token.span.end));
    }
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
  detail::AnalyzerScratch scratch;
  const detail::TokenList& features = impl_->features(text, scratch);
  std::vector<std::string> out;
  out.reserve(features.size());
  for (std::size_t i = 0; i < features.size(); ++i) out.emplace_back(features[i]);
  return out;
}

}  // namespace newsnlp
