// The analyzers' preprocessing over the code units of a document in any TextView encoding:
// lowercasing (with Python's final sigma rule) and accent stripping one code point at a
// time, and the token list the word cutter (analyzer_word_cutter.hpp) fills. Header-only
// so that it inlines into the per-encoding instantiations.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "detail/analyzer_tables.hpp"
#include "detail/utf8.hpp"
#include "newsnlp/analyzer.hpp"

namespace newsnlp::detail {

// Appends a code point as UTF-8; lone surrogates get their 3-byte form (Python's
// "surrogatepass"), so keys stay distinct and decodable.
inline void put_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else {
    append_utf8(out, c);
  }
}

// Random access to the code points of a TextView, for the Final_Sigma context.
struct CodePointCursor {
  TextView text;

  // The code point before unit position `pos`, moving pos back; pos > 0.
  char32_t prev(std::size_t& pos) const noexcept {
    switch (text.encoding) {
      case TextEncoding::kLatin1: return static_cast<const std::uint8_t*>(text.data)[--pos];
      case TextEncoding::kUcs2: return static_cast<const std::uint16_t*>(text.data)[--pos];
      case TextEncoding::kUcs4: return static_cast<const std::uint32_t*>(text.data)[--pos];
      case TextEncoding::kUtf8: break;
    }
    const auto* s = static_cast<const unsigned char*>(text.data);
    std::size_t start = pos - 1;
    while (start > 0 && (s[start] & 0xC0) == 0x80) --start;
    char32_t c;
    decode_utf8(reinterpret_cast<const char*>(s) + start, reinterpret_cast<const char*>(s) + pos, c);
    pos = start;
    return c;
  }

  // The code point at unit position `pos`, moving pos past it; pos < text.length.
  char32_t next(std::size_t& pos) const noexcept {
    switch (text.encoding) {
      case TextEncoding::kLatin1: return static_cast<const std::uint8_t*>(text.data)[pos++];
      case TextEncoding::kUcs2: return static_cast<const std::uint16_t*>(text.data)[pos++];
      case TextEncoding::kUcs4: return static_cast<const std::uint32_t*>(text.data)[pos++];
      case TextEncoding::kUtf8: break;
    }
    const char* s = static_cast<const char*>(text.data);
    char32_t c;
    pos += static_cast<std::size_t>(decode_utf8(s + pos, s + text.length, c));
    return c;
  }
};

// Python's str.lower() of U+03A3 at [begin, end): final sigma when a cased letter comes
// before it and none after it, skipping case-ignorable characters both ways
// (CPython's handle_capital_sigma).
inline char32_t lower_sigma(const CharTables::Impl& t, TextView text, std::size_t begin,
                            std::size_t end) noexcept {
  const CodePointCursor cursor{text};
  bool final_sigma = false;
  for (std::size_t pos = begin; pos > 0;) {
    const std::uint8_t f = t.flag(cursor.prev(pos));
    if (f & kCaseIgnorable) continue;
    final_sigma = (f & kCased) != 0;
    break;
  }
  if (final_sigma) {
    for (std::size_t pos = end; pos < text.length;) {
      const std::uint8_t f = t.flag(cursor.next(pos));
      if (f & kCaseIgnorable) continue;
      final_sigma = (f & kCased) == 0;
      break;
    }
  }
  return final_sigma ? kFinalSigma : kSmallSigma;
}

// Calls out(c) for each code point of the preprocessed text (lowercased, accents
// stripped) and, through the template parameter, whether it is a \w character.
// Out: void(char32_t c, bool word).
template <class Out>
class PreprocessLoop {
 public:
  PreprocessLoop(const CharTables::Impl& t, const Preprocessor& p, TextView text, Out& out)
      : t_(t), p_(p), text_(text), out_(out) {}

  void run() {
    switch (text_.encoding) {
      case TextEncoding::kLatin1: fixed(static_cast<const std::uint8_t*>(text_.data)); break;
      case TextEncoding::kUcs2: fixed(static_cast<const std::uint16_t*>(text_.data)); break;
      case TextEncoding::kUcs4: fixed(static_cast<const std::uint32_t*>(text_.data)); break;
      case TextEncoding::kUtf8: utf8(); break;
    }
  }

 private:
  template <class Unit>
  void fixed(const Unit* units) {
    const std::size_t n = text_.length;
    for (std::size_t i = 0; i < n; ++i) one(static_cast<char32_t>(units[i]), i, i + 1);
  }

  void utf8() {
    const char* s = static_cast<const char*>(text_.data);
    const std::size_t n = text_.length;
    for (std::size_t i = 0; i < n;) {
      const auto b = static_cast<unsigned char>(s[i]);
      if (b < 0x80) {
        one(b, i, i + 1);
        ++i;
        continue;
      }
      char32_t c;
      const std::size_t len = static_cast<std::size_t>(decode_utf8(s + i, s + n, c));
      one(c, i, i + len);
      i += len;
    }
  }

  // The fast path inline (one table load for code points below kFastLimit), the rest out
  // of line.
  void one(char32_t c, std::size_t begin, std::size_t end) {
    if (c < Preprocessor::kFastLimit) {
      const std::uint32_t e = p_.fast(c);
      if (!(e & Preprocessor::kFastSlow)) {
        out_(e & 0x1FFFFF, (e & Preprocessor::kFastWord) != 0);
        return;
      }
    }
    slow(c, begin, end);
  }

#if defined(__GNUC__)
  __attribute__((noinline))
#endif
  void slow(char32_t c, std::size_t begin, std::size_t end) {
    if (p_.lowercase() && c == kCapitalSigma) {
      // Lowercase by context, then strip: the lowered sigma maps only through stripping.
      c = lower_sigma(t_, text_, begin, end);
      const std::uint32_t e = p_.fast(c);
      if (!(e & Preprocessor::kFastSlow)) {
        out_(e & 0x1FFFFF, (e & Preprocessor::kFastWord) != 0);
        return;
      }
    }
    const char32_t* first;
    const char32_t* last;
    if (p_.map(c, first, last)) {
      for (; first != last; ++first) out_(*first, t_.is_word(*first));
    } else {
      out_(c, t_.is_word(c));
    }
  }

  const CharTables::Impl& t_;
  const Preprocessor& p_;
  TextView text_;
  Out& out_;
};

template <class Out>
void preprocess(const CharTables::Impl& t, const Preprocessor& p, TextView text, Out& out) {
  PreprocessLoop<Out>(t, p, text, out).run();
}

// Tokens of one document: token i is bytes[spans[2i], spans[2i+1]) (the bytes between
// tokens are unused). Both buffers only grow, so nothing is zero-filled per document;
// `used` and `count` say what is live. At least kPadding readable bytes follow `used`,
// so 16-byte loads at any token are safe (FeatureTable::Key::padded).
struct TokenList {
  static constexpr std::size_t kPadding = 16;
  std::vector<char> bytes;
  std::size_t used = 0;
  std::vector<std::uint32_t> spans;
  std::size_t count = 0;

  void clear() noexcept {
    used = 0;
    count = 0;
  }
  std::size_t size() const noexcept { return count; }
  std::string_view operator[](std::size_t i) const noexcept {
    return std::string_view(bytes.data() + spans[2 * i], spans[2 * i + 1] - spans[2 * i]);
  }
  // Inline, the growth out of line: left to the compiler, push() was a call per token
  // (11 % of OrangeSum's analyzer).
  [[gnu::always_inline]] void push(std::size_t begin, std::size_t end) {
    if (2 * count + 2 > spans.size()) grow_spans();
    spans[2 * count] = static_cast<std::uint32_t>(begin);
    spans[2 * count + 1] = static_cast<std::uint32_t>(end);
    ++count;
  }
#if defined(__GNUC__)
  __attribute__((noinline))
#endif
  void grow_spans() {
    spans.resize(std::max<std::size_t>(128, 2 * spans.size()));
  }
  // Room for `more` bytes after `used`.
  void reserve(std::size_t more) {
    if (bytes.size() < used + more + kPadding) {
      bytes.resize(std::max(2 * bytes.size(), used + more + kPadding + 256));
    }
  }
  // Appends a token.
  void append(std::string_view s) {
    reserve(s.size());
    std::copy(s.begin(), s.end(), bytes.begin() + static_cast<std::ptrdiff_t>(used));
    push(used, used + s.size());
    used += s.size();
  }
};

}  // namespace newsnlp::detail
