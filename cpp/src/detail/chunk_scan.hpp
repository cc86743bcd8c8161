// What the simple-chunk scan of NewsRules needs to know about a character, in one table
// lookup per character: whether it continues a UAX #29 word run, what kind it gives the
// run, and whether the tokenizer's normalizer leaves it as it is.
#pragma once

#include <array>
#include <cstdint>

namespace newsnlp {
class TextNormalizer;
}

namespace newsnlp::detail {

enum ScanFlag : std::uint8_t {
  kScanCore = 1,       // ALetter or Numeric to UAX #29, outside dictionary scripts
  kScanMark = 2,       // Extend: inside a run, never its first character (WB4)
  kScanWbLetter = 4,   // ALetter (a core character without it is Numeric or '_')
  kScanLetter = 8,     // a letter to newsnlp's classes: a run starting with one is a word
  kScanDigit = 16,     // a digit to newsnlp's classes: a run of them is a number
  kScanChanged = 32,   // the normalizer may change it (known for every character of the tables)
  kScanOdd = 64,       // a mark, '_', a long character...: the run's kind needs piece_of
};
// Values of `bytes` for lead bytes, which carry no flag above.
inline constexpr std::uint8_t kScanLead2 = 0x80;     // the two-byte table decides
inline constexpr std::uint8_t kScanLongLead = 0xC0;  // decode, then long_char()

struct ChunkScanTables {
  std::array<std::uint8_t, 256> bytes{};      // ASCII characters and lead bytes
  std::array<std::uint8_t, 0x800> two_byte{};  // U+0080..U+07FF
  // Flags shared by all of a-z, all of A-Z, all of 0-9, when they are (`uniform_ascii`):
  // then a vector scan can find a run of ASCII letters and digits and its flags at once.
  std::uint8_t lower_flags = 0, upper_flags = 0, digit_flags = 0;
  bool uniform_ascii = false;

  // Flags of a character of three or four bytes (always odd and maybe changed).
  static std::uint8_t long_char(char32_t c) noexcept;

  // Without a normalizer, every character counts as changed.
  explicit ChunkScanTables(const TextNormalizer* normalizer);
};

// A character of a run whose UAX #29 class is ALetter, or Numeric.
inline bool is_wb_letter(std::uint8_t flags) { return (flags & kScanWbLetter) != 0; }
inline bool is_wb_numeric(std::uint8_t flags) {
  return (flags & (kScanCore | kScanWbLetter | kScanOdd)) == kScanCore;
}

}  // namespace newsnlp::detail
