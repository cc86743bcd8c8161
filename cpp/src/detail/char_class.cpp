#include "detail/char_class.hpp"

#include <unicode/uchar.h>

#include <array>

namespace newsnlp::detail {
namespace {

constexpr std::array<CharClass, 128> make_ascii_table() {
  std::array<CharClass, 128> table{};
  for (int c = 0; c < 128; ++c) {
    CharClass k = CharClass::kPunct;
    if (c <= 0x20 || c == 0x7F) k = CharClass::kSpace;
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k = CharClass::kLetter;
    else if (c >= '0' && c <= '9') k = CharClass::kDigit;
    else if (c == '$' || c == '+' || c == '<' || c == '=' || c == '>' || c == '^' || c == '`' ||
             c == '|' || c == '~' || c == '%')
      k = CharClass::kSymbol;  // Unicode's S* categories, plus % which news treats as a unit
    table[c] = k;
  }
  return table;
}
}  // namespace

const std::array<CharClass, 128> kAsciiClasses = make_ascii_table();

namespace {

CharClass classify_with_icu(char32_t c) noexcept {
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER:
      return CharClass::kLetter;
    case U_NON_SPACING_MARK: case U_ENCLOSING_MARK: case U_COMBINING_SPACING_MARK:
      return CharClass::kMark;
    case U_DECIMAL_DIGIT_NUMBER: case U_LETTER_NUMBER: case U_OTHER_NUMBER:
      return CharClass::kDigit;
    case U_SPACE_SEPARATOR: case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR:
    case U_CONTROL_CHAR: case U_FORMAT_CHAR:
      return CharClass::kSpace;
    case U_DASH_PUNCTUATION: case U_START_PUNCTUATION: case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION: case U_OTHER_PUNCTUATION: case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
      return (c == 0x2030 || c == 0x2031) ? CharClass::kSymbol : CharClass::kPunct;
    case U_MATH_SYMBOL: case U_CURRENCY_SYMBOL: case U_MODIFIER_SYMBOL: case U_OTHER_SYMBOL:
      return CharClass::kSymbol;
    default:
      return CharClass::kOther;
  }
}

// Two-byte UTF-8 code points (Latin, Greek, Cyrillic, Hebrew, Arabic) by table: the
// tokenizer asks for the class of every such token's first letter. Built on first use
// (thread-safe), so that no static initialization order matters.
const std::array<CharClass, 0x800>& two_byte_classes() noexcept {
  static const std::array<CharClass, 0x800> table = [] {
    std::array<CharClass, 0x800> t{};
    for (char32_t c = 0; c < 0x800; ++c) t[c] = classify_with_icu(c);
    return t;
  }();
  return table;
}

}  // namespace

CharClass char_class_non_ascii(char32_t c) noexcept {
  return c < 0x800 ? two_byte_classes()[c] : classify_with_icu(c);
}

bool is_uppercase(char32_t c) noexcept {
  if (c < 128) return c >= 'A' && c <= 'Z';
  return u_isupper(static_cast<UChar32>(c));
}

bool is_apostrophe(char32_t c) noexcept {
  return c == 0x27 || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0xB4 || c == 0x60;
}

bool is_hyphen(char32_t c) noexcept { return c == 0x2D || c == 0x2010 || c == 0x2011; }

bool is_closing_punct(char32_t c) noexcept {
  if (c == ')' || c == ']' || c == '}') return true;
  if (c < 128) return false;
  const auto type = u_charType(static_cast<UChar32>(c));
  // ’ (U+2019) closes a quotation only when it stands alone as a token.
  return type == U_FINAL_PUNCTUATION || type == U_END_PUNCTUATION;
}

bool is_digit_group_space(char32_t c) noexcept {
  return c == 0xA0 || c == 0x202F || c == 0x2009 || c == 0x2007;
}

bool is_emoji_segment(std::string_view segment) noexcept {
  std::size_t i = 0;
  const char32_t first = next_code_point(segment, i);
  if (first >= 0x1F1E6 && first <= 0x1F1FF) return true;  // regional indicator (flag)
  const bool pictographic = u_hasBinaryProperty(first, UCHAR_EXTENDED_PICTOGRAPHIC);
  if (pictographic && u_hasBinaryProperty(first, UCHAR_EMOJI_PRESENTATION)) return true;
  while (i < segment.size()) {
    const char32_t c = next_code_point(segment, i);
    if (c == 0x20E3) return true;                                   // keycap 1️⃣
    if (pictographic && (c == 0xFE0F || c == 0x200D)) return true;  // ❤️, 👨‍👩‍👧
    if (pictographic && c >= 0x1F3FB && c <= 0x1F3FF) return true;  // skin tone
  }
  return false;
}

}  // namespace newsnlp::detail
