// Chunking of text at ASCII white space, the simple-chunk fast path, and the
// classification of UAX #29 segments into pieces for the rules.
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string>

#include "detail/break_properties.hpp"
#include "detail/char_class.hpp"
#include "detail/piece_text.hpp"
#include "detail/tokenizer_rules.hpp"

namespace newsnlp::detail {
namespace {

// Offset of the first split point in text[begin, end) — U+202F or '@' — or end.
// Of all white space only U+202F can sit inside a UAX #29 segment (Word_Break
// ExtendNumLet: "1 000", "Bonjour »" with narrow no-break spaces), and newsnlp never puts
// white space inside a token. ICU also counts '@' as a letter ("a@b.c" is one segment);
// newsnlp splits there and lets the e-mail and mention rules decide.
std::size_t find_split(std::string_view text, std::size_t begin, std::size_t end) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = begin; i < end; ++i) {
    if (s[i] == '@') return i;
    if (s[i] == 0xE2 && i + 2 < end && s[i + 1] == 0x80 && s[i + 2] == 0xAF) return i;
  }
  return end;
}

// The piece for text[begin, end), which holds no white space but may start with format
// characters, or nothing when it holds only those.
bool piece_of(std::string_view text, std::size_t begin, std::size_t end, Piece& p) {
  std::size_t i = begin, first = begin;
  CharClass cls = char_class(next_code_point(text, i));
  // A segment may open with format characters (ZWSP, BOM) or with a space that carries a
  // combining mark (UAX #29 rule WB4): the token starts at the first visible character.
  while (cls == CharClass::kSpace && i < end) {
    first = i;
    cls = char_class(next_code_point(text, i));
  }
  if (cls == CharClass::kSpace) return false;

  p = Piece{static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(end), TokenKind::kWord,
            false, false};
  const std::string_view segment = text.substr(first, end - first);
  const bool multi_char = i < end;
  switch (cls) {
    case CharClass::kLetter:
    case CharClass::kMark:
      break;
    case CharClass::kDigit:
      p.kind = TokenKind::kNumber;
      while (i < end) {  // "21h30", "1er" are words
        if (char_class(next_code_point(text, i)) == CharClass::kLetter) {
          p.kind = TokenKind::kWord;
          break;
        }
      }
      break;
    case CharClass::kPunct:
      p.kind = TokenKind::kPunct;
      break;
    default:
      p.kind = TokenKind::kSymbol;
      break;
  }
  if (p.kind != TokenKind::kWord &&
      (multi_char || static_cast<unsigned char>(segment[0]) >= 0xE2) && is_emoji_segment(segment)) {
    p.kind = TokenKind::kEmoji;
  }
  return true;
}

void add_range(std::string_view text, std::size_t begin, std::size_t end, std::vector<Piece>& out) {
  if (begin >= end) return;
  Piece p;
  if (piece_of(text, begin, end, p)) out.push_back(p);
}

bool is_separator(unsigned char b) { return b <= 0x20 || b == 0x7F; }

// What a byte is to the simple-chunk scan: an ASCII letter, another ASCII byte of a word
// (digit, '_'), the lead or continuation of a multi-byte character, or the end of the run.
enum : std::uint8_t { kCoreStop, kCoreLetter, kCoreUpper, kCoreOther, kCoreMultiByte };
constexpr std::array<std::uint8_t, 256> make_core_bytes() {
  std::array<std::uint8_t, 256> table{};
  for (int b = 0; b < 256; ++b) {
    if (b >= 'a' && b <= 'z') table[b] = kCoreLetter;
    else if (b >= 'A' && b <= 'Z') table[b] = kCoreUpper;
    else if ((b >= '0' && b <= '9') || b == '_') table[b] = kCoreOther;
    else if (b >= 0x80) table[b] = kCoreMultiByte;
  }
  return table;
}
constexpr auto kCoreBytes = make_core_bytes();

// Skips ASCII letters, digits and '_' from s[i], 16 bytes at a time where SSE2 is
// available: no branch per byte, and none that depends on the word's length.
std::size_t skip_ascii_core(const unsigned char* s, std::size_t i, std::size_t n, bool& letter,
                            bool& upper) {
#if defined(__SSE2__)
  auto in_range = [](__m128i v, char lo, char hi) {  // bytes >= 0x80 are negative: never in
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmpgt_epi8(_mm_set1_epi8(static_cast<char>(hi + 1)), v));
  };
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const __m128i up = in_range(v, 'A', 'Z');
    const __m128i letters = _mm_or_si128(in_range(v, 'a', 'z'), up);
    const __m128i other = _mm_or_si128(in_range(v, '0', '9'), _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
    const unsigned core = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(letters, other)));
    const unsigned run = core == 0xFFFF ? 16 : static_cast<unsigned>(__builtin_ctz(~core));
    const unsigned in_run = run == 16 ? 0xFFFF : (1u << run) - 1;
    letter = letter || (static_cast<unsigned>(_mm_movemask_epi8(letters)) & in_run) != 0;
    upper = upper || (static_cast<unsigned>(_mm_movemask_epi8(up)) & in_run) != 0;
    i += run;
    if (run < 16) return i;
  }
#endif
  for (; i < n; ++i) {
    const std::uint8_t kind = kCoreBytes[s[i]];
    if (kind == kCoreStop || kind == kCoreMultiByte) break;
    letter = letter || kind != kCoreOther;
    upper = upper || kind == kCoreUpper;
  }
  return i;
}

// What a two-byte code point is to the simple-chunk scan: it ends the run, it is a letter
// or digit of the run, or a mark (part of the run, but never its first character: WB4).
enum : std::uint8_t { kTwoByteStop, kTwoByteCore, kTwoByteMark };
const std::array<std::uint8_t, 0x800>& two_byte_core() {
  static const std::array<std::uint8_t, 0x800> table = [] {
    std::array<std::uint8_t, 0x800> t{};
    const BreakTables& tables = break_tables();
    for (char32_t c = 0x80; c < 0x800; ++c) {
      const std::uint8_t info = word_info(tables, c);
      const std::uint8_t cls = info & kWbClassMask;
      if ((info & kWbDictionary) || c == 0x02BC) continue;  // ʼ: see the elision rule
      if (cls == kWbALetter || cls == kWbNumeric) t[c] = kTwoByteCore;
      if (cls == kWbExtend) t[c] = kTwoByteMark;
    }
    return t;
  }();
  return table;
}

std::size_t char_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// Opening punctuation that stands alone before a word: ( [ { " « “ ¿ ¡.
bool is_opener(std::string_view text, std::size_t i) {
  const auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) return b == '(' || b == '[' || b == '{' || b == '"';
  std::size_t j = i;
  const char32_t c = next_code_point(text, j);
  return c == 0xAB || c == 0x201C || c == 0xBF || c == 0xA1;
}

// Length of the closing punctuation at text[i] that stands alone after a word, or 0:
// , ; : ! ? ) ] } " . % » ” …
std::size_t closer_length(std::string_view text, std::size_t i) {
  const auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) {
    switch (b) {
      case ',': case ';': case ':': case '!': case '?': case ')': case ']': case '}':
      case '"': case '.': case '%':
        return 1;
      default:
        return 0;
    }
  }
  std::size_t j = i;
  const char32_t c = next_code_point(text, j);
  return (c == 0xBB || c == 0x201D || c == 0x2026) ? j - i : 0;
}

// Appends the one-character piece at text[i] (punctuation or symbol) and advances i.
void add_char_piece(std::string_view text, std::size_t& i, std::vector<Piece>& out) {
  const std::size_t begin = i;
  const CharClass cls = char_class(next_code_point(text, i));
  out.push_back(Piece{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(i),
                      cls == CharClass::kPunct ? TokenKind::kPunct : TokenKind::kSymbol, false,
                      false});
}

}  // namespace

void NewsRules::tokenize(std::string_view text, std::vector<Piece>& out, Scratch& scratch) const {
  out.clear();
  // UAX #29 always breaks before and after ASCII white space and controls, and no news rule
  // joins across them: each chunk between them is tokenized on its own.
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    while (i < n && is_separator(s[i])) ++i;
    if (i == n) break;
    std::size_t end = i;
    if (fast_path_ && simple_chunk(text, i, end, out)) {
      i = end;
      continue;
    }
    while (end < n && !is_separator(s[end])) ++end;
    general_chunk(text, i, end, out, scratch);
    i = end;
  }
}

void NewsRules::general_chunk(std::string_view text, std::size_t begin, std::size_t end,
                              std::vector<Piece>& out, Scratch& scratch) const {
  segmenter_.segment(text.substr(begin, end - begin), scratch.boundaries);
  for (std::uint32_t& b : scratch.boundaries) b += static_cast<std::uint32_t>(begin);
  classify(text, scratch.boundaries, scratch.pieces);
  join(text, scratch.pieces, out);
}

// The common chunk, handled without segmenter or rules: opening punctuation, one run of
// letters, digits and marks, closing punctuation ("(Rabat),", "«Maroc»", "2024."). Such
// a run is one UAX #29 word (WB4, WB5, WB8-WB10, WB13a/b) and no news rule applies to it,
// except the abbreviation dot and the ellipsis, left to the general path. Sets `end` to
// where it stopped; returns false, having emitted nothing, for any other chunk.
bool NewsRules::simple_chunk(std::string_view text, std::size_t begin, std::size_t& end,
                             std::vector<Piece>& out) const {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = begin;
  while (i < n && is_opener(text, i)) i += char_length(s[i]);
  // An elided prefix ("l’", "qu'") before the run, as the elision rule would split it.
  const std::size_t elided = i;
  if (rules_.split_elisions) {
    std::size_t j = i;
    while (j < n && j - i <= LangRules::kMaxElision && kCoreBytes[s[j]] >= kCoreLetter &&
           kCoreBytes[s[j]] <= kCoreUpper) {
      ++j;
    }
    const std::size_t apostrophe = j < n ? apostrophe_at(text, j) : 0;
    if (apostrophe > 0 && rules_.is_elision(text.substr(i, j - i))) i = j + apostrophe;
  }
  const std::size_t core = i;
  bool ascii_letter = false, upper = false, non_ascii = false;
  const std::array<std::uint8_t, 0x800>& two_byte = two_byte_core();
  while (i < n) {
    if (s[i] < 0x80) {
      i = skip_ascii_core(s, i, n, ascii_letter, upper);
      if (i == n || kCoreBytes[s[i]] == kCoreStop) break;
    }
    if (s[i] >= 0xC2 && s[i] <= 0xDF && i + 1 < n) {  // Latin, Greek, Cyrillic, Arabic...
      const std::uint8_t k = two_byte[((s[i] & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu)];
      if (k == kTwoByteStop || (k == kTwoByteMark && i == core)) break;
      non_ascii = true;
      i += 2;
      continue;
    }
    std::size_t next = i;  // a longer character
    const char32_t c = next_code_point(text, next);
    const std::uint8_t info = word_info(break_tables(), c);
    const std::uint8_t cls = info & kWbClassMask;
    if ((info & kWbDictionary) || (cls != kWbALetter && cls != kWbNumeric && cls != kWbExtend) ||
        c == 0x02BC) {  // ʼ is a letter to UAX #29 but an apostrophe to the elision rule
      break;
    }
    if (cls == kWbExtend && i == core) break;  // a mark opening a run stands alone (WB4)
    non_ascii = true;
    i = next;
  }
  end = i;
  if (i == core) return false;
  const std::size_t core_end = i;
  std::size_t dots = 0;
  while (i < n && !is_separator(s[i])) {
    const std::size_t length = closer_length(text, i);
    end = i;
    if (length == 0) return false;
    dots += s[i] == '.';
    i += length;
  }
  end = i;
  Piece word{static_cast<std::uint32_t>(core), static_cast<std::uint32_t>(core_end),
             TokenKind::kWord, false, false};
  word.plain = !upper && !non_ascii;
  const bool letter_first = kCoreBytes[s[core]] == kCoreLetter || kCoreBytes[s[core]] == kCoreUpper;
  if (!letter_first) {
    if (!non_ascii && s[core] >= '0' && s[core] <= '9') {
      if (!ascii_letter) word.kind = TokenKind::kNumber;  // "2024"; "21h30" is a word
    } else if (!piece_of(text, core, core_end, word) || word.begin != core) {
      return false;
    }
  }
  if (elided < core && word.kind != TokenKind::kWord) {
    // A letter after the apostrophe joins the prefix in one UAX #29 segment, whose kind
    // ("word") the rest keeps once the elision is split off, as in the general path.
    std::size_t k = core;
    if ((word_info(break_tables(), next_code_point(text, k)) & kWbClassMask) == kWbALetter) {
      word.kind = TokenKind::kWord;
    }
  }
  if (dots > 0) {
    if (dots > 1 || s[core_end] != '.') return false;  // ellipsis, "Mr.," : general rules
    if (word.kind == TokenKind::kWord) {
      const std::string w(text.substr(core, core_end - core));
      if (rules_.titles.count(w) || rules_.abbreviations.count(w) || is_single_uppercase_letter(w)) {
        return false;
      }
    }
  }
  for (std::size_t k = begin; k < elided;) add_char_piece(text, k, out);
  if (elided < core) {
    out.push_back(Piece{static_cast<std::uint32_t>(elided), static_cast<std::uint32_t>(core),
                        TokenKind::kWord, false, false});
  }
  out.push_back(word);
  for (std::size_t k = core_end; k < end;) add_char_piece(text, k, out);
  return true;
}

void NewsRules::classify(std::string_view text, const std::vector<std::uint32_t>& boundaries,
                         std::vector<Piece>& out) const {
  out.clear();
  for (std::size_t k = 0; k + 1 < boundaries.size(); ++k) {
    std::size_t begin = boundaries[k];
    const std::size_t end = boundaries[k + 1];
    const auto first = static_cast<unsigned char>(text[begin]);
    if (first < 0x80) {  // fast paths: one ASCII character, or an ASCII-initial word
      const CharClass cls = kAsciiClasses[first];
      if (end - begin == 1) {
        if (cls != CharClass::kSpace) {
          const TokenKind kind = cls == CharClass::kLetter  ? TokenKind::kWord
                                 : cls == CharClass::kDigit ? TokenKind::kNumber
                                 : cls == CharClass::kPunct ? TokenKind::kPunct
                                                            : TokenKind::kSymbol;
          out.push_back(Piece{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
                              kind, false, false});
        }
        continue;
      }
      if (cls == CharClass::kLetter && find_split(text, begin, end) == end) {
        out.push_back(Piece{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
                            TokenKind::kWord, false, false});
        continue;
      }
    }
    for (std::size_t split = find_split(text, begin, end); split < end;
         split = find_split(text, begin, end)) {
      add_range(text, begin, split, out);
      if (text[split] == '@') {
        out.push_back(Piece{static_cast<std::uint32_t>(split), static_cast<std::uint32_t>(split + 1),
                            TokenKind::kPunct, false, false});
        begin = split + 1;
      } else {
        begin = split + 3;  // U+202F is dropped like any space
      }
    }
    add_range(text, begin, end, out);
  }
}

}  // namespace newsnlp::detail
