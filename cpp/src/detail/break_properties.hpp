// Word_Break and Sentence_Break classes read from ICU once, into flat tables.
#pragma once

#include <cstdint>

namespace newsnlp::detail {

// Word_Break values as the word segmenter needs them. Extend and Format behave alike
// everywhere (WB4), so they share kWbExtend; ZWJ differs only through WB3c.
enum WordClass : std::uint8_t {
  kWbOther,
  kWbCR,
  kWbLF,
  kWbNewline,
  kWbExtend,
  kWbZwj,
  kWbRegionalIndicator,
  kWbKatakana,
  kWbHebrewLetter,
  kWbALetter,
  kWbSingleQuote,
  kWbDoubleQuote,
  kWbMidNumLet,
  kWbMidLetter,
  kWbMidNum,
  kWbNumeric,
  kWbExtendNumLet,
  kWbWSegSpace,
  kWbClassCount
};

// Bits of a word table entry besides the class.
inline constexpr std::uint8_t kWbClassMask = 0x1F;
inline constexpr std::uint8_t kWbExtPict = 0x20;  // \p{Extended_Pictographic}, for WB3c
// A character ICU's root word rules route to a dictionary break engine (or group with
// such characters): Line_Break=SA, Han, Hiragana, Katakana, Hangul, Ideographic.
inline constexpr std::uint8_t kWbDictionary = 0x40;

// Sentence_Break values; Extend and Format share kSbExtend (SB5).
enum SentenceClass : std::uint8_t {
  kSbOther,
  kSbCR,
  kSbLF,
  kSbSep,
  kSbExtend,
  kSbSp,
  kSbLower,
  kSbUpper,
  kSbOLetter,
  kSbNumeric,
  kSbATerm,
  kSbSTerm,
  kSbClose,
  kSbSContinue,
  kSbClassCount
};

// Code points below this are looked up in the tables; the rest (CJK extensions, tags,
// private use) go through ICU directly.
inline constexpr char32_t kTableLimit = 0x20000;

struct BreakTables {
  std::uint8_t word[kTableLimit];      // WordClass | kWbExtPict | kWbDictionary
  std::uint8_t sentence[kTableLimit];  // SentenceClass
  // The same for single bytes: ASCII entries as above, lead and continuation bytes
  // map to kNotAscii so that one comparison ends an ASCII run.
  std::uint8_t ascii_word[256];
  std::uint8_t ascii_sentence[256];
};
inline constexpr std::uint8_t kNotAscii = 0xFF;

// The tables of the linked ICU, built on first use (thread-safe static initialization).
// Where ICU's root word rules tailor the Unicode classes (since ICU 72 the colon is no
// MidLetter), the tables follow ICU.
const BreakTables& break_tables();

// Table entries for code points >= kTableLimit.
std::uint8_t word_info_slow(char32_t c);
std::uint8_t sentence_class_slow(char32_t c);

inline std::uint8_t word_info(const BreakTables& t, char32_t c) {
  return c < kTableLimit ? t.word[c] : word_info_slow(c);
}
inline std::uint8_t sentence_class(const BreakTables& t, char32_t c) {
  return c < kTableLimit ? t.sentence[c] : sentence_class_slow(c);
}

}  // namespace newsnlp::detail
