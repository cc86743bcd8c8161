// Small helpers over Pieces shared by the chunking and the rule passes of NewsRules.
#pragma once

#include <string>
#include <string_view>

#include "detail/char_class.hpp"
#include "detail/tokenizer_rules.hpp"

namespace newsnlp::detail {

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

}  // namespace newsnlp::detail
