// The word cutter, the hot loop of the word analyzer: one pass over a document's code units
// that lowercases, strips accents and cuts `\w` runs into tokens (scikit-learn's
// preprocessor and default token pattern), 16 ASCII characters at a time with SSE2.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "detail/analyzer_scan.hpp"

namespace newsnlp::detail {

// Cuts the preprocessed text (lowercased, accents stripped) into maximal \w runs of at
// least min_length code points and appends them to `tokens`; `keep` decides on each
// finished token when `filter` is set (stop words).
// The preprocessed text is written to tokens.bytes: with SSE2, blocks of 16 ASCII
// characters are lowercased and classified at once and copied whole (tokens are then
// found from the block's word mask); other characters go one by one through the tables.
// Locals hold the write state: stores through char* would otherwise force reloads.
template <class Keep>
class WordCutter {
 public:
  // With `sources`, the [begin, end) code units of the text each token came from are
  // appended to it (two per token).
  WordCutter(const CharTables::Impl& t, const Preprocessor& p, TextView text, TokenList& tokens,
             std::uint32_t min_length, const Keep& keep, bool filter,
             std::vector<std::uint32_t>* sources = nullptr)
      : t_(t), p_(p), text_(text), tokens_(tokens), min_length_(min_length), keep_(keep),
        filter_(filter), sources_(sources) {}

  void run() {
    if (sources_) {
      dispatch<true>();
    } else {
      dispatch<false>();
    }
  }

 private:
  // Write position, the open token's start (or null) and how many more bytes than code
  // points it holds (multi-byte UTF-8), in locals inside loop() and here across calls.
  struct State {
    char* base;
    char* w;
    char* limit;
    char* start;
    std::uint32_t extra;
    // With sources: the code units of the character being cut, and of the open token.
    std::size_t unit_begin = 0, unit_end = 0, source_begin = 0, source_end = 0;
  };

  template <bool kTrack>
  void dispatch() {
    switch (text_.encoding) {
      case TextEncoding::kLatin1: loop<std::uint8_t, false, kTrack>(); break;
      case TextEncoding::kUcs2: loop<std::uint16_t, false, kTrack>(); break;
      case TextEncoding::kUcs4: loop<std::uint32_t, false, kTrack>(); break;
      case TextEncoding::kUtf8: loop<std::uint8_t, true, kTrack>(); break;
    }
  }

  template <class Unit, bool kUtf8, bool kTrack>
  void loop() {
    const Unit* s = static_cast<const Unit*>(text_.data);
    const std::size_t n = text_.length;
    tokens_.reserve(std::min<std::size_t>(4 * n, 1 << 16) + 64);
    // The write state lives in locals, which stores through char* cannot alias (a State
    // in memory would be reloaded after every byte written); it goes through `st` only
    // around the out-of-line calls.
    State st{tokens_.bytes.data(), nullptr, nullptr, nullptr, 0};
    char* base = st.base;
    char* w = base + tokens_.used;
    char* limit = base + tokens_.bytes.size() - TokenList::kPadding;
    char* start = nullptr;
    std::uint32_t extra = 0;
    std::size_t source_begin = 0, source_end = 0;
    auto save = [&] {
      st.base = base;
      st.w = w;
      st.limit = limit;
      st.start = start;
      st.extra = extra;
      st.source_begin = source_begin;
      st.source_end = source_end;
    };
    auto load = [&] {
      base = st.base;
      w = st.w;
      limit = st.limit;
      start = st.start;
      extra = st.extra;
      source_begin = st.source_begin;
      source_end = st.source_end;
    };
    const std::uint32_t* fast = p_.fast_table();
    const std::uint32_t min_length = min_length_;
    const bool filter = filter_;
    const Keep& keep = keep_;
    std::size_t i = 0;
#if defined(__SSE2__)
    const bool simd = p_.ascii_simple() && sizeof(Unit) <= 2;
    std::size_t scalar_until = 0;  // after a block that was not all ASCII, go one by one
#endif
    while (i < n) {
#if defined(__SSE2__)
      if (simd && i >= scalar_until && n - i >= 16) {
        __m128i v;
        const unsigned ascii = load16(s + i, v);  // leading ASCII units
        if (ascii >= 4) {
          save();
          if (st.limit - st.w < 16) grow(st, 16);
          block(st, v, i, ascii);
          load();
          i += ascii;
          if (ascii == 16) continue;
        } else {
          scalar_until = i + 16;  // mostly non-ASCII here: one by one for a while
        }
      }
#endif
      char32_t c = static_cast<char32_t>(s[i]);
      std::size_t next = i + 1;
      if constexpr (kUtf8) {
        if (c >= 0x80) {
          next = i + static_cast<std::size_t>(decode_utf8(reinterpret_cast<const char*>(s) + i,
                                                          reinterpret_cast<const char*>(s) + n, c));
        }
      }
      const std::uint32_t e = c < Preprocessor::kFastLimit ? fast[c] : Preprocessor::kFastSlow;
      if (e & Preprocessor::kFastSlow) {
        save();
        st.unit_begin = i;
        st.unit_end = next;
        slow(st, c, i, next);
        load();
      } else if (e & Preprocessor::kFastWord) {
        if (limit - w < 4) {
          save();
          grow(st, 4);
          load();
        }
        if (!start) {
          start = w;
          extra = 0;
          if constexpr (kTrack) source_begin = i;
        }
        if constexpr (kTrack) source_end = next;
        const char32_t out = e & 0x1FFFFF;
        if (out < 0x80) {
          *w++ = static_cast<char>(out);
        } else {
          char* const before = w;
          w = encode(w, out);
          extra += static_cast<std::uint32_t>(w - before - 1);
        }
      } else if (start) {  // the end of a token, inline: the most frequent non-word case
        const auto bytes = static_cast<std::uint32_t>(w - start);
        if (bytes - extra >= min_length && (!filter || keep(std::string_view(start, bytes)))) {
          tokens_.push(static_cast<std::size_t>(start - base), static_cast<std::size_t>(w - base));
          if constexpr (kTrack) {
            sources_->push_back(static_cast<std::uint32_t>(source_begin));
            sources_->push_back(static_cast<std::uint32_t>(source_end));
          }
        }
        start = nullptr;
      }
      i = next;
    }
    save();
    if (st.start) finish(st, st.w);
    tokens_.used = static_cast<std::size_t>(st.w - st.base);
  }

  void put(State& st, char32_t c, bool word) {
    if (word) {
      if (st.limit - st.w < 4) grow(st, 4);
      if (!st.start) {
        st.start = st.w;
        st.extra = 0;
        st.source_begin = st.unit_begin;
      }
      st.source_end = st.unit_end;
      if (c < 0x80) {
        *st.w++ = static_cast<char>(c);
      } else {
        char* const before = st.w;
        st.w = encode(st.w, c);
        st.extra += static_cast<std::uint32_t>(st.w - before - 1);
      }
    } else if (st.start) {
      finish(st, st.w);
    }
  }

  void finish(State& st, char* end) {
    const auto bytes = static_cast<std::uint32_t>(end - st.start);
    if (bytes - st.extra >= min_length_ &&
        (!filter_ || keep_(std::string_view(st.start, bytes)))) {
      tokens_.push(static_cast<std::size_t>(st.start - st.base),
                   static_cast<std::size_t>(end - st.base));
      if (sources_) {
        sources_->push_back(static_cast<std::uint32_t>(st.source_begin));
        sources_->push_back(static_cast<std::uint32_t>(st.source_end));
      }
    }
    st.start = nullptr;
  }

#if defined(__SSE2__)
  // Loads 16 code units as bytes; returns how many of them, from the first, are ASCII
  // (the bytes after those are meaningless).
  static unsigned load16(const std::uint8_t* p, __m128i& v) noexcept {
    v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const unsigned high = static_cast<unsigned>(_mm_movemask_epi8(v));
    return high ? static_cast<unsigned>(__builtin_ctz(high)) : 16;
  }
  static unsigned load16(const std::uint16_t* p, __m128i& v) noexcept {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 8));
    const __m128i high = _mm_set1_epi16(static_cast<short>(0xFF80));
    const __m128i zero = _mm_setzero_si128();
    const unsigned ok_a = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(a, high), zero)));
    const unsigned ok_b = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(b, high), zero)));
    const unsigned bad = ~(ok_a | (ok_b << 16));  // two bits per unit
    v = _mm_packus_epi16(a, b);
    return bad ? static_cast<unsigned>(__builtin_ctz(bad)) / 2 : 16;
  }
  static unsigned load16(const std::uint32_t*, __m128i&) noexcept { return 0; }

  // `count` (<= 16) ASCII characters, code units [unit, unit + count): lowercased (when
  // asked) and stored (16 bytes are written, `count` kept); tokens opened and closed at
  // the edges of the word mask.
  void block(State& st, __m128i v, std::size_t unit, unsigned count) {
    const auto in = [](__m128i x, char lo, char hi) {
      return _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(static_cast<char>(lo - 1))),
                           _mm_cmplt_epi8(x, _mm_set1_epi8(static_cast<char>(hi + 1))));
    };
    const __m128i upper = in(v, 'A', 'Z');
    if (p_.lowercase()) v = _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
    const __m128i word = _mm_or_si128(
        _mm_or_si128(upper, in(v, 'a', 'z')),
        _mm_or_si128(in(v, '0', '9'), _mm_cmpeq_epi8(v, _mm_set1_epi8('_'))));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(st.w), v);
    const unsigned lanes = (1u << count) - 1;
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(word)) & lanes;
    char* const at = st.w;
    st.w += count;
    unsigned pos = 0;
    while (pos < count) {
      if (st.start) {
        const unsigned rest = ~mask >> pos;  // the first non-word character closes the token
        if ((rest & (lanes >> pos)) == 0) {
          st.source_end = unit + count;  // still open
          return;
        }
        pos += static_cast<unsigned>(__builtin_ctz(rest));
        st.source_end = unit + pos;
        finish(st, at + pos);
      } else {
        const unsigned rest = mask >> pos;
        if (rest == 0) return;
        pos += static_cast<unsigned>(__builtin_ctz(rest));
        st.start = at + pos;
        st.extra = 0;
        st.source_begin = unit + pos;
      }
    }
  }
#endif

#if defined(__GNUC__)
  __attribute__((noinline))
#endif
  void grow(State& st, std::size_t more) {
    const auto wo = static_cast<std::size_t>(st.w - st.base);
    const auto so = st.start ? static_cast<std::size_t>(st.start - st.base) : 0;
    tokens_.used = wo;
    tokens_.reserve(more + 64);
    const bool open = st.start != nullptr;
    st.base = tokens_.bytes.data();
    st.w = st.base + wo;
    st.start = open ? st.base + so : nullptr;
    st.limit = st.base + tokens_.bytes.size() - TokenList::kPadding;
  }

#if defined(__GNUC__)
  __attribute__((noinline))
#endif
  void slow(State& st, char32_t c, std::size_t begin, std::size_t end) {
    const char32_t* b;
    const char32_t* e;
    expand(c, begin, end, b, e);
    for (; b != e; ++b) put(st, *b, t_.is_word(*b));
  }

  // The preprocessed code points of c at [begin, end) of the text (slow path).
  void expand(char32_t c, std::size_t begin, std::size_t end, const char32_t*& b,
              const char32_t*& e) {
    if (p_.lowercase() && c == kCapitalSigma) {
      c = lower_sigma(t_, text_, begin, end);
      const std::uint32_t f = p_.fast(c);
      if (!(f & Preprocessor::kFastSlow)) {
        one_ = f & 0x1FFFFF;
        b = &one_;
        e = b + 1;
        return;
      }
    }
    if (!p_.map(c, b, e)) {
      one_ = c;
      b = &one_;
      e = b + 1;
    }
  }

  static char* encode(char* out, char32_t c) noexcept {
    if (c < 0x80) {
      *out = static_cast<char>(c);
      return out + 1;
    }
    if (c < 0x800) {
      out[0] = static_cast<char>(0xC0 | (c >> 6));
      out[1] = static_cast<char>(0x80 | (c & 0x3F));
      return out + 2;
    }
    if (c < 0x10000) {  // surrogates included: "surrogatepass"
      out[0] = static_cast<char>(0xE0 | (c >> 12));
      out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out[2] = static_cast<char>(0x80 | (c & 0x3F));
      return out + 3;
    }
    out[0] = static_cast<char>(0xF0 | (c >> 18));
    out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (c & 0x3F));
    return out + 4;
  }

  const CharTables::Impl& t_;
  const Preprocessor& p_;
  TextView text_;
  TokenList& tokens_;
  std::uint32_t min_length_;
  const Keep& keep_;
  bool filter_;
  std::vector<std::uint32_t>* sources_;
  char32_t one_ = 0;
};

}  // namespace newsnlp::detail
