// UAX #29 sentence boundaries (SB1-SB998), as ICU's root rules (sent.txt) define them.
//
// A boundary can only follow a paragraph separator (SB4) or a terminator sequence
// SATerm Close* Sp* ParaSep? (SB11). So the scan jumps from one ATerm, STerm or ParaSep
// to the next, touching only bytes that could be one: the ASCII . ! ? CR LF and
// non-ASCII characters, whose class comes from the table. At each terminator the rules
// SB6-SB11 are applied directly, with their look-behind (SB7) and look-ahead (SB8).
#include "detail/sentence_segmenter.hpp"

#include <array>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "detail/break_properties.hpp"
#include "detail/utf8.hpp"

namespace newsnlp::detail {
namespace {

constexpr bool is_para_sep(int c) { return c == kSbSep || c == kSbCR || c == kSbLF; }
constexpr bool is_sa_term(int c) { return c == kSbATerm || c == kSbSTerm; }

// Reads sentence classes of well-formed UTF-8.
class Reader {
 public:
  Reader(const BreakTables& t, const unsigned char* s, std::size_t n) : t_(t), s_(s), n_(n) {}

  std::uint8_t class_at(std::size_t at, std::size_t& len) const {
    const unsigned char b = s_[at];
    if (b < 0x80) {
      len = 1;
      return t_.ascii_sentence[b];
    }
    char32_t c = 0;
    len = static_cast<std::size_t>(decode_utf8(reinterpret_cast<const char*>(s_ + at),
                                               reinterpret_cast<const char*>(s_ + n_), c));
    return sentence_class(t_, c);
  }

  // First position at or after `at` that is not Extend/Format (SB5).
  std::size_t skip_extend(std::size_t at) const {
    std::size_t len = 0;
    while (at < n_ && class_at(at, len) == kSbExtend) at += len;
    return at;
  }

  // Class of the unit ending at `at`: the last code point before it that is not
  // Extend/Format, or Other at the start of the text (SB5).
  std::uint8_t class_before(std::size_t at) const {
    std::size_t len = 0;
    while (at > 0) {
      do {
        --at;
      } while (at > 0 && (s_[at] & 0xC0) == 0x80);  // back to a lead byte
      const std::uint8_t c = class_at(at, len);
      if (c != kSbExtend) return c;
    }
    return kSbOther;
  }

  // SB8: ( ¬(OLetter | Upper | Lower | ParaSep | SATerm) )* Lower starts at `at`.
  bool lower_follows(std::size_t at) const {
    std::size_t len = 0;
    for (; at < n_; at += len) {
      const std::uint8_t c = class_at(at, len);
      if (c == kSbLower) return true;
      if (c == kSbOLetter || c == kSbUpper || is_para_sep(c) || is_sa_term(c)) return false;
    }
    return false;
  }

  // End of the ParaSep at `at` (CR LF counts as one, SB3).
  std::size_t para_sep_end(std::size_t at, std::uint8_t c, std::size_t len) const {
    std::size_t end = at + len;
    if (c == kSbCR && end < n_ && s_[end] == '\n') ++end;
    return end;
  }

 private:
  const BreakTables& t_;
  const unsigned char* s_;
  std::size_t n_;
};

}  // namespace

struct SentenceSegmenter::Impl {
  const BreakTables& tables = break_tables();
  // Bytes that are, or may start, an ATerm, STerm or ParaSep. Continuation bytes never
  // are, nor lead bytes whose whole range has none (0xC3: à..ÿ; most of Arabic), so
  // French and Arabic letters are stepped over without decoding.
  const std::array<bool, 256> may_stop = [this] {
    std::array<bool, 256> stop{};
    auto stops = [this](char32_t first, char32_t last) {
      for (char32_t c = first; c <= last; ++c) {
        const std::uint8_t k = sentence_class(tables, c);
        if (is_para_sep(k) || is_sa_term(k)) return true;
      }
      return false;
    };
    for (int b = 0; b < 0x80; ++b) {
      const std::uint8_t c = tables.ascii_sentence[b];
      stop[b] = is_para_sep(c) || is_sa_term(c);
    }
    for (int b = 0xC2; b <= 0xDF; ++b) stop[b] = stops((b & 0x1F) << 6, ((b & 0x1F) << 6) | 0x3F);
    for (int b = 0xE0; b <= 0xEF; ++b) stop[b] = stops((b & 0x0F) << 12, ((b & 0x0F) << 12) | 0xFFF);
    for (int b = 0xF0; b <= 0xF4; ++b) stop[b] = true;
    return stop;
  }();
  // Two-byte code points that are an ATerm, STerm or ParaSep (U+0085, ؟, ۔, ...).
  const std::array<bool, 0x800> two_byte_stop = [this] {
    std::array<bool, 0x800> stop{};
    for (char32_t c = 0x80; c < 0x800; ++c) {
      const std::uint8_t k = sentence_class(tables, c);
      stop[c] = is_para_sep(k) || is_sa_term(k);
    }
    return stop;
  }();
  // The vector skip tests for . ! ? CR LF: valid while those are all the ASCII stops
  // (true for every Unicode version so far).
  const bool vector_skip = [this] {
    for (int b = 0; b < 0x80; ++b) {
      if (may_stop[b] && b != '.' && b != '!' && b != '?' && b != '\r' && b != '\n') return false;
    }
    return true;
  }();
  // The vector skip also steps over the two-byte code points of French and Arabic text
  // (leads C2 C3 D8-DB) but for the stops it knows (U+0085, U+061D-061F, U+06D4), and
  // over U+2000-2023 and U+202F: valid while those hold no other stop, which this checks
  // against the linked ICU.
  const bool vector_skips_two_byte = [this] {
    for (char32_t c = 0x80; c < 0x800; ++c) {
      const unsigned lead = 0xC0 | (c >> 6);
      const bool known = c == 0x85 || (c >= 0x61D && c <= 0x61F) || c == 0x6D4;
      const bool skipped = lead == 0xC2 || lead == 0xC3 || (lead >= 0xD8 && lead <= 0xDB);
      if (skipped && two_byte_stop[c] && !known) return false;
    }
    // and U+2000-U+2023 (spaces, dashes, quotes ’ “ ”), U+202F
    for (char32_t c = 0x2000; c <= 0x2023; ++c) {
      const std::uint8_t k = sentence_class(tables, c);
      if (is_para_sep(k) || is_sa_term(k)) return false;
    }
    const std::uint8_t nnbsp = sentence_class(tables, 0x202F);
    return !is_para_sep(nnbsp) && !is_sa_term(nnbsp);
  }();
};

namespace {

#if defined(__SSE2__)
__m128i bytes_equal(__m128i v, int b) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(b))); }

// Bytes of s[i, i+16) that may begin an ATerm, STerm or ParaSep: . ! ? CR LF, and with
// `two_byte` the lead bytes other than C2 C3 D8-DB and E2 80 of U+2000-2023 and U+202F,
// and the leads of U+0085, U+061D-061F and U+06D4; without it every non-ASCII byte. With
// `two_byte` it reads s[i + 16] and s[i + 17] too.
template <bool two_byte>
unsigned stop_mask(const unsigned char* s, std::size_t i) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
  const __m128i ascii_stops =
      _mm_or_si128(_mm_or_si128(bytes_equal(v, '.'), bytes_equal(v, '!')),
                   _mm_or_si128(bytes_equal(v, '?'),
                                _mm_or_si128(bytes_equal(v, '\n'), bytes_equal(v, '\r'))));
  const auto non_ascii = static_cast<unsigned>(_mm_movemask_epi8(v));
  const auto stops = static_cast<unsigned>(_mm_movemask_epi8(ascii_stops));
  if constexpr (!two_byte) return stops | non_ascii;
  const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + 1));
  // Continuation bytes are 0x80-0xBF, below -64 as signed bytes; leads are -64..-1.
  const __m128i continuation = _mm_cmplt_epi8(v, _mm_set1_epi8(-64));
  const __m128i next_minus_9d = _mm_sub_epi8(next, _mm_set1_epi8(static_cast<char>(0x9D)));
  const __m128i next_in_9d_9f =
      _mm_cmpeq_epi8(_mm_min_epu8(next_minus_9d, _mm_set1_epi8(2)), next_minus_9d);
  // E2 80 80-A3 and E2 80 AF: U+2000-U+2023 and U+202F, common in French text.
  const __m128i third = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + 2));
  const __m128i third_minus_80 = _mm_sub_epi8(third, _mm_set1_epi8(static_cast<char>(0x80)));
  const __m128i third_safe = _mm_or_si128(
      _mm_cmpeq_epi8(_mm_min_epu8(third_minus_80, _mm_set1_epi8(0x23)), third_minus_80),
      bytes_equal(third, 0xAF));
  const __m128i general_punctuation =
      _mm_and_si128(_mm_and_si128(bytes_equal(v, 0xE2), bytes_equal(next, 0x80)), third_safe);
  const __m128i safe_lead = _mm_or_si128(general_punctuation, _mm_or_si128(
      _mm_or_si128(_mm_andnot_si128(bytes_equal(next, 0x85), bytes_equal(v, 0xC2)),
                   bytes_equal(v, 0xC3)),
      _mm_or_si128(
          _mm_or_si128(_mm_andnot_si128(next_in_9d_9f, bytes_equal(v, 0xD8)), bytes_equal(v, 0xD9)),
          _mm_or_si128(bytes_equal(v, 0xDA),
                       _mm_andnot_si128(bytes_equal(next, 0x94), bytes_equal(v, 0xDB))))));
  const auto stepped = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(continuation, safe_lead)));
  return stops | (non_ascii & ~stepped);
}
#endif

// First position at or after i that may stop (see stop_mask), or a position near the end
// of the text (fewer than 18 bytes left) from which the caller scans on its own.
template <bool two_byte>
std::size_t skip_to_stop(const unsigned char* s, std::size_t i, std::size_t n) {
#if defined(__SSE2__)
  while (i + 18 <= n) {
    const unsigned mask = stop_mask<two_byte>(s, i);
    if (mask != 0) return i + static_cast<unsigned>(__builtin_ctz(mask));
    i += 16;
  }
#endif
  (void)s;
  (void)n;
  return i;
}

}  // namespace

SentenceSegmenter::SentenceSegmenter() : impl_(std::make_unique<Impl>()) {}
SentenceSegmenter::~SentenceSegmenter() = default;
SentenceSegmenter::SentenceSegmenter(SentenceSegmenter&&) noexcept = default;
SentenceSegmenter& SentenceSegmenter::operator=(SentenceSegmenter&&) noexcept = default;

void SentenceSegmenter::segment(std::string_view text, std::vector<std::uint32_t>& out) const {
  out.clear();
  out.push_back(0);
  const std::size_t n = text.size();
  if (n == 0) return;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::array<bool, 256>& may_stop = impl_->may_stop;
  const Reader reader(impl_->tables, s, n);
  auto push = [&](std::size_t at) {
    if (at < n) out.push_back(static_cast<std::uint32_t>(at));
  };

  std::size_t i = 0;
  std::size_t len = 0;
  const bool vector_skip = impl_->vector_skip;
  bool non_ascii_text = false;  // becomes true where the two-byte skip may be used
  const bool two_byte_skip = impl_->vector_skips_two_byte;
  const std::array<bool, 0x800>& two_byte_stop = impl_->two_byte_stop;
  while (i < n) {
    // The cheaper ASCII-only skip until the text shows a non-ASCII character.
    if (vector_skip) {
      i = non_ascii_text ? skip_to_stop<true>(s, i, n) : skip_to_stop<false>(s, i, n);
    }
    if (i >= n) break;
    non_ascii_text = non_ascii_text || (two_byte_skip && s[i] >= 0x80);
    if (s[i] >= 0xC2 && s[i] <= 0xDF && i + 1 < n &&
        !two_byte_stop[((s[i] & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu)]) {
      i += 2;
      continue;
    }
    if (!may_stop[s[i]]) {
      ++i;
      continue;
    }
    const std::uint8_t c = reader.class_at(i, len);
    if (is_para_sep(c)) {  // SB4
      i = reader.para_sep_end(i, c, len);
      push(i);
      continue;
    }
    if (!is_sa_term(c)) {
      i += len;
      continue;
    }
    const bool aterm = c == kSbATerm;
    // Class of the character at j (len its length), Other at the end of the text.
    auto class_at = [&](std::size_t j) {
      return j < n ? reader.class_at(j, len) : std::uint8_t{kSbOther};
    };
    std::size_t j = reader.skip_extend(i + len);
    std::uint8_t next = class_at(j);
    if (aterm && next == kSbNumeric) {  // SB6
      i = j;
      continue;
    }
    if (aterm && next == kSbUpper) {  // SB7
      const std::uint8_t before = reader.class_before(i);
      if (before == kSbUpper || before == kSbLower) {
        i = j;
        continue;
      }
    }
    while (j < n && next == kSbClose) {  // SB9
      j = reader.skip_extend(j + len);
      next = class_at(j);
    }
    while (j < n && next == kSbSp) {  // SB10
      j = reader.skip_extend(j + len);
      next = class_at(j);
    }
    if (j >= n) break;
    if (is_para_sep(next)) {  // SB9, SB10, then SB11 after the separator
      i = reader.para_sep_end(j, next, len);
      push(i);
      continue;
    }
    const bool joined = (aterm && reader.lower_follows(j)) ||                    // SB8
                        next == kSbSContinue || is_sa_term(next);                 // SB8a
    if (!joined) push(j);  // SB11
    i = j;
  }
  out.push_back(static_cast<std::uint32_t>(n));
}

}  // namespace newsnlp::detail
