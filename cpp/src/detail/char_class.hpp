// What the tokenizer needs to know about a code point, with an ASCII fast path.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "detail/utf8.hpp"

namespace newsnlp::detail {

enum class CharClass : std::uint8_t {
  kSpace,   // white space, controls and default-ignorable format characters
  kLetter,  // letters
  kMark,    // combining marks (accents, tashkeel, variation selectors)
  kDigit,   // decimal digits and other numbers
  kPunct,
  kSymbol,
  kOther,   // unassigned, private use
};

// Classes of ASCII characters, by table: the hot path of the tokenizer.
extern const std::array<CharClass, 128> kAsciiClasses;

CharClass char_class_non_ascii(char32_t c) noexcept;

inline CharClass char_class(char32_t c) noexcept {
  return c < 128 ? kAsciiClasses[c] : char_class_non_ascii(c);
}

bool is_uppercase(char32_t c) noexcept;

// Decodes the code point starting at text[i] (well-formed UTF-8) and advances i.
inline char32_t next_code_point(std::string_view text, std::size_t& i) noexcept {
  char32_t c;
  i += static_cast<std::size_t>(decode_utf8(text.data() + i, text.data() + text.size(), c));
  return c;
}

// ’ ' ‘ ʼ ´ ` — the characters French text uses as an apostrophe.
bool is_apostrophe(char32_t c) noexcept;

// - ‐ ‑ : the hyphens that join compounds (not en or em dashes).
bool is_hyphen(char32_t c) noexcept;

// Byte length of the hyphen that `s` starts with, or 0.
inline std::size_t hyphen_length(std::string_view s) noexcept {
  if (s.empty()) return 0;
  std::size_t i = 0;
  return is_hyphen(next_code_point(s, i)) ? i : 0;
}

// Closing quotes and brackets (» ” ’ › ) ] }) that belong to the sentence they close.
bool is_closing_punct(char32_t c) noexcept;

// No-break and thin spaces that separate French digit groups: U+00A0 U+202F U+2009 U+2007.
bool is_digit_group_space(char32_t c) noexcept;

// True when the segment starting with `first` is shown as an emoji: emoji presentation,
// variation selector 16, a ZWJ sequence, a keycap or a regional-indicator flag.
bool is_emoji_segment(std::string_view segment) noexcept;

}  // namespace newsnlp::detail
