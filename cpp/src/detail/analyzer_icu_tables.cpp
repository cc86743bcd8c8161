// CharTables::icu(): Python's character semantics computed from ICU's character data, for
// C++ callers (Python passes tables computed by the interpreter itself).
//   \w        = Python's str.isalnum() or '_': general category L* or Numeric_Type != None
//   \s        = str.isspace(): general category Zs or bidi class WS, B or S
//   lower     = full lowercase mapping (ICU root locale; Final_Sigma handled by the scanner)
//   strip     = NFKD of the code point, without combining characters / non-ASCII ones
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>

#include <mutex>
#include <string>

#include "detail/analyzer_tables.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

void add_range(std::vector<char32_t>& ranges, char32_t c) {
  if (!ranges.empty() && ranges.back() + 1 == c) {
    ranges.back() = c;
  } else {
    ranges.push_back(c);
    ranges.push_back(c);
  }
}

void add_mapping(CodePointMapping& m, char32_t c, const std::u32string& out) {
  m.keys.push_back(c);
  m.values.insert(m.values.end(), out.begin(), out.end());
  m.offsets.push_back(static_cast<std::uint32_t>(m.values.size()));
}

std::u32string to_u32(const icu::UnicodeString& s) {
  std::u32string out;
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    out.push_back(static_cast<char32_t>(c));
    i += U16_LENGTH(c);
  }
  return out;
}

CharTableData icu_data() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  if (U_FAILURE(status)) throw Error(std::string("ICU NFKD: ") + u_errorName(status));
  CharTableData d;
  UVersionInfo version;
  u_getUnicodeVersion(version);
  d.unicode_version = std::to_string(version[0]) + "." + std::to_string(version[1]) + "." +
                      std::to_string(version[2]);
  d.lower.offsets = {0};
  d.strip_unicode.offsets = {0};
  d.strip_ascii.offsets = {0};
  for (UChar32 c = 0; c < 0x110000; ++c) {
    const auto cp = static_cast<char32_t>(c);
    const std::int32_t mask = U_GET_GC_MASK(c);
    const bool numeric = u_getIntPropertyValue(c, UCHAR_NUMERIC_TYPE) != U_NT_NONE;
    if ((mask & U_GC_L_MASK) != 0 || numeric || c == '_') add_range(d.word, cp);
    const UCharDirection dir = u_charDirection(c);
    if ((mask & U_GC_ZS_MASK) != 0 || dir == U_WHITE_SPACE_NEUTRAL || dir == U_BLOCK_SEPARATOR ||
        dir == U_SEGMENT_SEPARATOR) {
      add_range(d.space, cp);
    }
    if (u_hasBinaryProperty(c, UCHAR_CASED)) add_range(d.cased, cp);
    if (u_hasBinaryProperty(c, UCHAR_CASE_IGNORABLE)) add_range(d.case_ignorable, cp);
    if (c >= 0xD800 && c <= 0xDFFF) {  // lone surrogates: unchanged, but not ASCII
      add_mapping(d.strip_ascii, cp, {});
      continue;
    }

    const icu::UnicodeString one(c);
    UChar buffer[16];
    status = U_ZERO_ERROR;
    const int32_t n = u_strToLower(buffer, 16, one.getBuffer(), one.length(), "", &status);
    if (U_SUCCESS(status)) {
      const std::u32string lowered = to_u32(icu::UnicodeString(buffer, n));
      if (lowered != std::u32string(1, cp)) add_mapping(d.lower, cp, lowered);
    }
    status = U_ZERO_ERROR;
    const std::u32string decomposed = to_u32(nfkd->normalize(one, status));
    if (U_FAILURE(status)) continue;
    std::u32string uni, ascii;
    for (const char32_t x : decomposed) {
      if (u_getCombiningClass(static_cast<UChar32>(x)) == 0) uni.push_back(x);
      if (x < 128) ascii.push_back(x);
    }
    if (uni != std::u32string(1, cp)) add_mapping(d.strip_unicode, cp, uni);
    if (ascii != std::u32string(1, cp)) add_mapping(d.strip_ascii, cp, ascii);
  }
  return d;
}

}  // namespace

std::shared_ptr<const CharTables> CharTables::icu() {
  static std::once_flag once;
  static std::shared_ptr<const CharTables> tables;
  std::call_once(once, [] { tables = std::make_shared<const CharTables>(icu_data()); });
  return tables;
}

}  // namespace newsnlp
