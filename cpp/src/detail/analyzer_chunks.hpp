// The word cutter's SIMD steps (SSE2): a chunk of code units classified and stored at
// once, its \w characters as a bit mask from which analyzer_word_cutter.hpp cuts tokens.
// ASCII runs (any encoding) and, in UCS-2, runs of Arabic letters between ASCII
// separators, the two shapes that make up most of the three corpora's text.
#pragma once

#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "detail/analyzer_tables.hpp"

namespace newsnlp::detail {

// Code units per chunk at most: 64 bytes of output.
constexpr unsigned kChunk = 64;

// An Arabic letter of the range the word cutter copies (Preprocessor::letters_simple()).
inline bool is_letter(std::uint32_t c) noexcept {
  using P = Preprocessor;
  return c - P::kLettersFirst <= P::kLettersLast - P::kLettersFirst;
}

#if defined(__SSE2__)

// Unsigned lo <= v <= hi for each 16-bit lane, as a signed comparison with the sign bit
// flipped.
inline __m128i within16(__m128i v, std::uint16_t lo, std::uint16_t hi) noexcept {
  const __m128i flip = _mm_set1_epi16(static_cast<short>(0x8000));
  const __m128i offset =
      _mm_xor_si128(_mm_sub_epi16(v, _mm_set1_epi16(static_cast<short>(lo))), flip);
  return _mm_cmplt_epi16(offset, _mm_set1_epi16(static_cast<short>(0x8000 + hi - lo + 1)));
}

// The two-byte UTF-8 of 8 code units below U+0800, stored as 16 bytes at out.
inline void store_two_byte_utf8(__m128i v, char* out) noexcept {
  const __m128i lead = _mm_or_si128(_mm_srli_epi16(v, 6), _mm_set1_epi16(0xC0));
  const __m128i trail = _mm_or_si128(_mm_and_si128(v, _mm_set1_epi16(0x3F)), _mm_set1_epi16(0x80));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_or_si128(lead, _mm_slli_epi16(trail, 8)));
}

// The UTF-8 of the leading run of code units in [kLettersFirst, kLettersLast] of the 8
// at p (the first one is), written as 16 bytes at out; returns the run's length (>= 1).
inline unsigned two_byte_letters(const std::uint16_t* p, char* out) noexcept {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i in = within16(v, Preprocessor::kLettersFirst, Preprocessor::kLettersLast);
  const auto mask = static_cast<unsigned>(_mm_movemask_epi8(in));
  store_two_byte_utf8(v, out);
  return static_cast<unsigned>(__builtin_ctz(~mask)) / 2;  // ~mask has bit 16 set
}

// `width` (16 or 32) UCS-2 units at p, as long as each is an Arabic letter of
// [kLettersFirst, kLettersLast] or an ASCII character that is not \w (both map to
// themselves): stored at out two bytes per unit (a letter's UTF-8; the others' bytes are
// never read), the letters' mask in `word`; returns how many units from the first qualify.
[[gnu::always_inline]] inline unsigned two_byte_chunk(const std::uint16_t* p, unsigned width,
                                                     char* out, std::uint64_t& word) noexcept {
  const __m128i zero = _mm_setzero_si128();
  std::uint64_t other = 0;
  word = 0;
  for (unsigned k = 0; k < width; k += 8) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k));
    const __m128i letter = within16(v, Preprocessor::kLettersFirst, Preprocessor::kLettersLast);
    // v | 0x20 is in a-z for the ASCII letters of either case only.
    const __m128i ascii_word =
        _mm_or_si128(_mm_or_si128(within16(_mm_or_si128(v, _mm_set1_epi16(0x20)), 'a', 'z'),
                                  within16(v, '0', '9')),
                     _mm_cmpeq_epi16(v, _mm_set1_epi16('_')));
    const __m128i ok = _mm_or_si128(letter, _mm_andnot_si128(ascii_word, within16(v, 0, 0x7F)));
    store_two_byte_utf8(v, out + 2 * k);
    const auto bad = ~static_cast<unsigned>(_mm_movemask_epi8(_mm_packs_epi16(ok, zero))) & 0xFFu;
    const auto letters = static_cast<unsigned>(_mm_movemask_epi8(_mm_packs_epi16(letter, zero)));
    word |= static_cast<std::uint64_t>(letters) << k;
    other |= static_cast<std::uint64_t>(bad) << k;
    if (bad) break;  // the rest is not needed
  }
  return other ? static_cast<unsigned>(__builtin_ctzll(other)) : width;
}

// 16 code units as bytes, and a mask of those that are not ASCII.
inline __m128i load16(const std::uint8_t* p, unsigned& other) noexcept {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  other = static_cast<unsigned>(_mm_movemask_epi8(v));
  return v;
}
inline __m128i load16(const std::uint16_t* p, unsigned& other) noexcept {
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
inline __m128i load16(const std::uint32_t*, unsigned& other) noexcept {
  other = 0xFFFFu;
  return _mm_setzero_si128();
}

// `width` (16 or 64) code units at p: lowercased (when asked) and stored at out as
// bytes, their \w mask in `word`; returns how many of them, from the first, are ASCII
// (the bytes and mask bits after those are meaningless).
template <class Unit>
[[gnu::always_inline]] inline unsigned ascii_chunk(const Unit* p, unsigned width, bool lower,
                                                  char* out, std::uint64_t& word) noexcept {
  const auto in = [](__m128i x, char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(x, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
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

#endif  // __SSE2__

}  // namespace newsnlp::detail
