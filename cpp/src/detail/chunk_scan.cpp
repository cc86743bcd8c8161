#include "detail/chunk_scan.hpp"

#include <string>

#include "detail/break_properties.hpp"
#include "detail/char_class.hpp"
#include "newsnlp/text.hpp"

namespace newsnlp::detail {
namespace {

// Flags from the character's UAX #29 word class and newsnlp class, less kScanChanged.
std::uint8_t flags_of(char32_t c) {
  const std::uint8_t info = word_info(break_tables(), c);
  const std::uint8_t wb = info & kWbClassMask;
  // ʼ is ALetter to UAX #29 but an apostrophe to the elision rule, and '@' a letter to
  // ICU but where newsnlp splits for e-mails and mentions: both end a run.
  if ((info & kWbDictionary) || c == 0x02BC || c == '@') return 0;
  std::uint8_t flags = 0;
  if (wb == kWbALetter || wb == kWbNumeric) {
    flags = kScanCore | (wb == kWbALetter ? kScanWbLetter : 0);
  } else if (wb == kWbExtend && c >= 0x80) {
    flags = kScanMark | kScanOdd;
  } else if (c == '_') {
    return kScanCore | kScanOdd;
  } else {
    return 0;
  }
  const CharClass cls = char_class(c);
  if (cls == CharClass::kLetter) {
    flags |= kScanLetter;
  } else if (cls == CharClass::kDigit) {
    flags |= kScanDigit;
  } else {
    flags |= kScanOdd;
  }
  return flags;
}

}  // namespace

std::uint8_t ChunkScanTables::long_char(char32_t c) noexcept {
  const std::uint8_t flags = flags_of(c);
  return flags == 0 ? 0 : flags | kScanOdd | kScanChanged;
}

ChunkScanTables::ChunkScanTables(const TextNormalizer* normalizer) {
  auto changed = [normalizer](char32_t c) {
    std::string utf8;
    append_utf8(utf8, c);
    return normalizer == nullptr || !normalizer->is_unchanged(utf8);
  };
  for (char32_t c = 0; c < 0x80; ++c) {
    bytes[c] = static_cast<std::uint8_t>(flags_of(c) | (changed(c) ? kScanChanged : 0));
  }
  lower_flags = bytes['a'];
  upper_flags = bytes['A'];
  digit_flags = bytes['0'];
  uniform_ascii = true;
  for (int k = 0; k < 26; ++k) {
    uniform_ascii = uniform_ascii && bytes['a' + k] == lower_flags && bytes['A' + k] == upper_flags;
  }
  for (int k = 0; k < 10; ++k) uniform_ascii = uniform_ascii && bytes['0' + k] == digit_flags;
  for (int b = 0xC2; b <= 0xDF; ++b) bytes[b] = kScanLead2;
  for (int b = 0xE0; b <= 0xF4; ++b) bytes[b] = kScanLongLead;
  for (char32_t c = 0x80; c < 0x800; ++c) {
    two_byte[c] = static_cast<std::uint8_t>(flags_of(c) | (changed(c) ? kScanChanged : 0));
  }
}

}  // namespace newsnlp::detail
