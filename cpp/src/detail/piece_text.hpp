// Small helpers over Pieces shared by the chunking and the rule passes of NewsRules.
#pragma once

#include <string>
#include <string_view>

#include "detail/break_properties.hpp"
#include "detail/char_class.hpp"
#include "detail/tokenizer_rules.hpp"

namespace newsnlp::detail {

// The piece for text[begin, end), which holds no white space but may start with format
// characters, or false when it holds only those.
bool piece_of(std::string_view text, std::size_t begin, std::size_t end, Piece& p);

inline std::string_view view(std::string_view text, const Piece& p) {
  return text.substr(p.begin, p.end - p.begin);
}

inline bool adjacent(const Piece& a, const Piece& b) { return a.end == b.begin; }

inline bool is_wordlike(const Piece& p) {
  return !p.sealed && (p.kind == TokenKind::kWord || p.kind == TokenKind::kNumber);
}

// The code point of a one-character piece, or 0 when the piece is longer.
inline char32_t single_char(std::string_view text, const Piece& p) {
  const std::uint32_t length = p.end - p.begin;
  if (length == 1) return static_cast<unsigned char>(text[p.begin]);
  if (length > 4) return 0;
  std::size_t i = p.begin;
  const char32_t c = next_code_point(text, i);
  return i == p.end ? c : 0;
}

// The end of the marks (Extend, Format, ZWJ) at text[i, end): where a rule splits a
// UAX #29 segment, they stay with the character before (WB4), never start a token.
inline std::size_t skip_marks(std::string_view text, std::size_t i, std::size_t end) {
  const BreakTables& tables = break_tables();
  while (i < end) {
    std::size_t next = i;
    const std::uint8_t cls = word_info(tables, next_code_point(text, next)) & kWbClassMask;
    if (cls != kWbExtend && cls != kWbZwj) break;
    i = next;
  }
  return i;
}

inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

inline bool is_single_uppercase_letter(std::string_view s) {
  std::size_t i = 0;
  const char32_t c = next_code_point(s, i);
  return i == s.size() && is_uppercase(c);
}

// Byte length of the apostrophe starting at s[i] (' ’ ‘ ʼ), or 0.
inline std::size_t apostrophe_at(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b == 0x27) return 1;
  if (b == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    const auto c = static_cast<unsigned char>(s[i + 2]);
    return (c == 0x98 || c == 0x99) ? 3 : 0;
  }
  if (b == 0xCA && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC) return 2;
  return 0;
}

}  // namespace newsnlp::detail
