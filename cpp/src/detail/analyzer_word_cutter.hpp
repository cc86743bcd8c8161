// The word cutter, the hot loop of the word analyzer: one pass over a document's code units
// that lowercases, strips accents and cuts `\w` runs into tokens (scikit-learn's
// preprocessor and default token pattern), with SSE2 up to 64 ASCII characters, or 32
// UCS-2 Arabic letters and separators, at a time.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "detail/analyzer_chunks.hpp"
#include "detail/analyzer_scan.hpp"

namespace newsnlp::detail {

// Cuts the preprocessed text (lowercased, accents stripped) into maximal \w runs of at
// least min_length code points and appends them to `tokens`; `keep` decides on each
// finished token when `filter` is set (stop words).
// The preprocessed text is written to tokens.bytes: with SSE2, runs of up to 64 ASCII
// characters are lowercased and classified 16 at a time and copied whole, and in UCS-2
// text runs of up to 32 Arabic letters and ASCII separators are written as two bytes each
// (analyzer_chunks.hpp); tokens are then cut from the run's word mask. Other characters go
// one by one through the tables.
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
    std::size_t i = 0;
    // The tokens of a chunk of `count` units just stored at w, kWidth (1 or 2) bytes
    // each, from its word mask (bit p: unit p is \w); a token open before it goes on
    // or ends in it, and one may be left open after it. Units of two bytes add one each to
    // a token's `extra`.
    [[maybe_unused]] auto cut = [&](auto width_tag, std::uint64_t word, unsigned count) {
      constexpr unsigned kWidth = decltype(width_tag)::value, kMore = kWidth - 1;
      char* const at = w;
      const std::uint64_t valid = count == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << count) - 1;
      word &= valid;
      const std::uint64_t before = (word << 1) | (start ? 1u : 0u);
      std::uint64_t starts = word & ~before;  // bit p: a token starts at p
      std::uint64_t ends = ~word & before & valid;  // bit p: a token ends before p
      w += kWidth * count;
      if (start) {
        if (ends) {
          const unsigned e = static_cast<unsigned>(__builtin_ctzll(ends));
          ends &= ends - 1;
          if constexpr (kTrack) source_end = i + e;
          emit<kTrack>(base, start, at + kWidth * e, extra + kMore * e, source_begin, source_end);
          start = nullptr;
        } else {  // still open (then there are no starts either)
          extra += kMore * count;
          if constexpr (kTrack) source_end = i + count;
        }
      }
      while (starts) {
        const unsigned b = static_cast<unsigned>(__builtin_ctzll(starts));
        starts &= starts - 1;
        if constexpr (kTrack) source_begin = i + b;
        if (!ends) {  // open at the end of the chunk
          start = at + kWidth * b;
          extra = kMore * (count - b);
          if constexpr (kTrack) source_end = i + count;
          break;
        }
        const unsigned e = static_cast<unsigned>(__builtin_ctzll(ends));
        ends &= ends - 1;
        if constexpr (kTrack) source_end = i + e;
        emit<kTrack>(base, at + kWidth * b, at + kWidth * e, kMore * (e - b), source_begin,
                     source_end);
      }
    };
    [[maybe_unused]] const bool letters = p_.letters_simple();  // used with SSE2
    const std::uint32_t* fast = p_.fast_table();
    const std::uint32_t* utf8 = p_.fast_utf8_table();
#if defined(__SSE2__)
    const bool simd = p_.ascii_simple() && sizeof(Unit) <= 2;
    std::size_t scalar_until = 0;  // where no chunk could start, go one by one for a while
#endif
    while (i < n) {
#if defined(__SSE2__)
      if (simd && i >= scalar_until && n - i >= 16) {
        // Up to 64 units of ASCII, or 32 of Arabic letters and ASCII separators: stored
        // whole, and their tokens cut from the chunk's word mask.
        if (limit - w < static_cast<std::ptrdiff_t>(kChunk)) {
          save();
          grow(st, kChunk);
          load();
        }
        std::uint64_t word = 0;
        unsigned width = n - i >= kChunk ? kChunk : 16;
        // ascii_chunk() itself finds a first unit past ASCII; testing it here first made
        // Reuters' analyzer 8 % faster all the same (9.9 against 10.8 ms).
        const unsigned ascii = s[i] < 0x80 ? ascii_chunk(s + i, width, p_.lowercase(), w, word) : 0;
        if (ascii >= 4) {
          cut(std::integral_constant<unsigned, 1>{}, word, ascii);
          i += ascii;
          if (ascii == width) continue;
        } else {
          unsigned letters_run = 0;
          if constexpr (sizeof(Unit) == 2) {
            // Only where an Arabic letter follows: other scripts would fail here every time.
            if (letters && is_letter(s[i + ascii])) {
              width = n - i >= kChunk / 2 ? kChunk / 2 : 16;
              letters_run = two_byte_chunk(s + i, width, w, word);
            }
          }
          if (letters_run > 0) {
            cut(std::integral_constant<unsigned, 2>{}, word, letters_run);
            i += letters_run;
            if (letters_run == width) continue;
          } else if (kUtf8 ? (s[i + ascii] & 0xFEu) == 0xC2u : s[i + ascii] < 0x100) {
            // A Latin-1 character (é in French; in UTF-8 a lead byte C2 or C3) a few units
            // in: one by one only up to it, then chunks again (16 units one by one made
            // OrangeSum's analyzer twice as slow per unit as Reuters').
            scalar_until = i + ascii + 1;
          } else {
            scalar_until = i + 16;  // mostly other characters here: one by one for a while
          }
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
            if (letters && n - i >= 8 && is_letter(c)) {
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
  // Forced inline: left to the compiler it stayed out of line, a call per token (Reuters'
  // analyzer 12.6 ms against 9.7, SaudiNewsNet's about 4 % slower).
  template <bool kTrack>
  [[gnu::always_inline]] void emit(char* base, char* b, char* e, std::uint32_t extra,
                                   std::size_t source_begin, std::size_t source_end) {
    const auto bytes = static_cast<std::uint32_t>(e - b);
    if (bytes - extra >= min_length_ && (!filter_ || keep_(std::string_view(b, bytes)))) {
      tokens_.push(static_cast<std::size_t>(b - base), static_cast<std::size_t>(e - base));
      if (kTrack && sources_) {
        sources_->push_back(static_cast<std::uint32_t>(source_begin));
        sources_->push_back(static_cast<std::uint32_t>(source_end));
      }
    }
  }

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
