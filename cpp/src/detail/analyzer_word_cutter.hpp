// The word cutter, the hot loop of the word analyzer: one pass over a document's code units
// that lowercases, strips accents and cuts `\w` runs into tokens (scikit-learn's
// preprocessor and default token pattern), up to 64 ASCII characters at a time with SSE2.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
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
// The preprocessed text is written to tokens.bytes: with SSE2, runs of up to 64 ASCII
// characters are lowercased and classified 16 at a time and copied whole (tokens are then
// cut from the run's word mask); other characters go one by one through the tables.
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
    [[maybe_unused]] const bool letters = p_.letters_simple();  // used with SSE2
    const std::uint32_t* fast = p_.fast_table();
    const std::uint32_t* utf8 = p_.fast_utf8_table();
    std::size_t i = 0;
#if defined(__SSE2__)
    const bool simd = p_.ascii_simple() && sizeof(Unit) <= 2;
    std::size_t scalar_until = 0;  // after a chunk that was not all ASCII, go one by one
#endif
    while (i < n) {
#if defined(__SSE2__)
      if (simd && i >= scalar_until && n - i >= 16) {
        // Up to 64 units: their leading ASCII run is lowercased and stored whole, and
        // its tokens are cut from the word mask, one bit scan per token edge.
        if (limit - w < static_cast<std::ptrdiff_t>(kChunk)) {
          save();
          grow(st, kChunk);
          load();
        }
        const unsigned width = n - i >= kChunk ? kChunk : 16;
        std::uint64_t word;
        const unsigned ascii = chunk(s + i, width, w, word);
        if (ascii >= 4) {
          char* const at = w;
          const std::uint64_t valid =
              ascii == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << ascii) - 1;
          word &= valid;
          const std::uint64_t before = (word << 1) | (start ? 1u : 0u);
          std::uint64_t starts = word & ~before;  // bit p: a token starts at p
          std::uint64_t ends = ~word & before & valid;  // bit p: a token ends before p
          w += ascii;
          if (start) {
            if (ends) {
              const unsigned e = static_cast<unsigned>(__builtin_ctzll(ends));
              ends &= ends - 1;
              if constexpr (kTrack) source_end = i + e;
              emit<kTrack>(base, start, at + e, extra, source_begin, source_end);
              start = nullptr;
            } else if constexpr (kTrack) {
              source_end = i + ascii;  // still open (then there are no starts either)
            }
          }
          while (starts) {
            const unsigned b = static_cast<unsigned>(__builtin_ctzll(starts));
            starts &= starts - 1;
            if constexpr (kTrack) source_begin = i + b;
            if (!ends) {  // open at the end of the chunk
              start = at + b;
              extra = 0;
              if constexpr (kTrack) source_end = i + ascii;
              break;
            }
            const unsigned e = static_cast<unsigned>(__builtin_ctzll(ends));
            ends &= ends - 1;
            if constexpr (kTrack) source_end = i + e;
            emit<kTrack>(base, at + b, at + e, 0, source_begin, source_end);
          }
          i += ascii;
          if (ascii == width) continue;
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
      std::uint32_t e = c < Preprocessor::kFastLimit ? fast[c] : Preprocessor::kFastSlow;
      if (e & Preprocessor::kFastSlow) {
        save();
        st.unit_begin = i;
        st.unit_end = next;
        slow(st, c, i, next);
        load();
      } else if (e & Preprocessor::kFastWord) {
        if (!start) {
          start = w;
          extra = 0;
          if constexpr (kTrack) source_begin = i;
        }
        // The run of word characters from here, in a tight loop while each is one code
        // unit with a fast entry (Arabic, accented letters): the output's UTF-8 from the
        // table, stored whole (4 bytes of room are there), its length from the entry.
        for (;;) {
          if (limit - w < 16) {
            save();
            grow(st, 16);
            load();
          }
          unsigned letter_run = 0;  // UCS-2 Arabic letters (map to themselves), 8 at a time
#if defined(__SSE2__)
          if constexpr (sizeof(Unit) == 2) {
            if (letters && n - i >= 8 &&
                c - Preprocessor::kLettersFirst <= Preprocessor::kLettersLast - Preprocessor::kLettersFirst) {
              letter_run = two_byte_letters(s + i, w);
            }
          }
#endif
          if (letter_run > 0) {
            w += 2 * letter_run;
            extra += letter_run;
            next = i + letter_run;
          } else {
            const std::uint32_t more = (e >> Preprocessor::kFastMoreShift) & 3u;
            std::memcpy(w, utf8 + c, 4);
            w += 1 + more;
            extra += more;
          }
          i = next;
          if (i >= n) break;
          c = static_cast<char32_t>(s[i]);
          next = i + 1;
#if defined(__SSE2__)
          if (c < 0x80 && simd && i >= scalar_until && n - i >= 16) break;  // 16 at a time
#endif
          if constexpr (kUtf8) {
            // Two-byte sequences inline (the text is well-formed), longer ones decoded above.
            if (c >= 0x80) {
              if (c < 0xC2 || c > 0xDF || next == n) break;
              c = ((c & 0x1Fu) << 6) | (static_cast<char32_t>(s[next]) & 0x3Fu);
              next = i + 2;
            }
          } else if (c >= Preprocessor::kFastLimit) {
            break;
          }
          e = fast[c];
          if ((e & (Preprocessor::kFastWord | Preprocessor::kFastSlow)) != Preprocessor::kFastWord) break;
        }
        if constexpr (kTrack) source_end = i;
        continue;
      } else if (start) {  // the end of a token, inline: the most frequent non-word case
        emit<kTrack>(base, start, w, extra, source_begin, source_end);
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
    emit<true>(st.base, st.start, end, st.extra, st.source_begin, st.source_end);
    st.start = nullptr;
  }

  // A finished token [b, e) of the written bytes, `extra` bytes longer than its code
  // points: kept when long enough and not filtered out.
  // kTrack: sources are kept when asked for (known at compile time in the hot loop).
  template <bool kTrack>
  void emit(char* base, char* b, char* e, std::uint32_t extra, std::size_t source_begin,
            std::size_t source_end) {
    const auto bytes = static_cast<std::uint32_t>(e - b);
    if (bytes - extra >= min_length_ && (!filter_ || keep_(std::string_view(b, bytes)))) {
      tokens_.push(static_cast<std::size_t>(b - base), static_cast<std::size_t>(e - base));
      if (kTrack && sources_) {
        sources_->push_back(static_cast<std::uint32_t>(source_begin));
        sources_->push_back(static_cast<std::uint32_t>(source_end));
      }
    }
  }

#if defined(__SSE2__)
  static constexpr unsigned kChunk = 64;

  // The UTF-8 of the leading run of code units in [kLettersFirst, kLettersLast] of the 8
  // at p (the first one is), written as 16 bytes at out; returns the run's length (>= 1).
  static unsigned two_byte_letters(const std::uint16_t* p, char* out) noexcept {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Unsigned v - first <= last - first, as a signed comparison with the sign bit flipped.
    const __m128i flip = _mm_set1_epi16(static_cast<short>(0x8000));
    const __m128i offset = _mm_sub_epi16(v, _mm_set1_epi16(Preprocessor::kLettersFirst));
    const __m128i in = _mm_cmplt_epi16(
        _mm_xor_si128(offset, flip),
        _mm_set1_epi16(static_cast<short>(0x8000 + Preprocessor::kLettersLast -
                                          Preprocessor::kLettersFirst + 1)));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(in));
    const __m128i lead = _mm_or_si128(_mm_srli_epi16(v, 6), _mm_set1_epi16(0xC0));
    const __m128i trail = _mm_or_si128(_mm_and_si128(v, _mm_set1_epi16(0x3F)), _mm_set1_epi16(0x80));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_or_si128(lead, _mm_slli_epi16(trail, 8)));
    return static_cast<unsigned>(__builtin_ctz(~mask)) / 2;  // ~mask has bit 16 set
  }

  // 16 code units as bytes, and a mask of those that are not ASCII.
  static __m128i load16(const std::uint8_t* p, unsigned& other) noexcept {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    other = static_cast<unsigned>(_mm_movemask_epi8(v));
    return v;
  }
  static __m128i load16(const std::uint16_t* p, unsigned& other) noexcept {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 8));
    // Units of 0x80 and above: packus would saturate those of 0x8000 and above to 0.
    const __m128i high = _mm_set1_epi16(static_cast<short>(0xFF80));
    const __m128i zero = _mm_setzero_si128();
    const __m128i ok = _mm_packs_epi16(_mm_cmpeq_epi16(_mm_and_si128(a, high), zero),
                                       _mm_cmpeq_epi16(_mm_and_si128(b, high), zero));
    other = ~static_cast<unsigned>(_mm_movemask_epi8(ok)) & 0xFFFFu;
    return _mm_packus_epi16(a, b);
  }
  static __m128i load16(const std::uint32_t*, unsigned& other) noexcept {
    other = 0xFFFFu;
    return _mm_setzero_si128();
  }

  // `width` (16 or 64) code units at p: lowercased (when asked) and stored at out as
  // bytes, their \w mask in `word`; returns how many of them, from the first, are ASCII
  // (the bytes and mask bits after those are meaningless).
  template <class Unit>
  unsigned chunk(const Unit* p, unsigned width, char* out, std::uint64_t& word) const noexcept {
    const auto in = [](__m128i x, char lo, char hi) {
      return _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(static_cast<char>(lo - 1))),
                           _mm_cmplt_epi8(x, _mm_set1_epi8(static_cast<char>(hi + 1))));
    };
    const bool lower = p_.lowercase();
    std::uint64_t other = 0;
    word = 0;
    for (unsigned k = 0; k < width; k += 16) {
      unsigned high;
      __m128i v = load16(p + k, high);
      if (k == 0 && (high & 0xFu)) return static_cast<unsigned>(__builtin_ctz(high));  // < 4
      const __m128i upper = in(v, 'A', 'Z');
      if (lower) v = _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
      const __m128i w = _mm_or_si128(
          _mm_or_si128(upper, in(v, 'a', 'z')),
          _mm_or_si128(in(v, '0', '9'), _mm_cmpeq_epi8(v, _mm_set1_epi8('_'))));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + k), v);
      word |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(w))) << k;
      other |= static_cast<std::uint64_t>(high) << k;
      if (high) break;  // the rest is not needed
    }
    return other ? static_cast<unsigned>(__builtin_ctzll(other)) : width;
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
