#include "detail/break_properties.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <memory>
#include <string>

namespace newsnlp::detail {
namespace {

WordClass word_class_of(int32_t value) {
  switch (value) {
    case U_WB_CR: return kWbCR;
    case U_WB_LF: return kWbLF;
    case U_WB_NEWLINE: return kWbNewline;
    case U_WB_EXTEND:
    case U_WB_FORMAT: return kWbExtend;
    case U_WB_ZWJ: return kWbZwj;
    case U_WB_REGIONAL_INDICATOR: return kWbRegionalIndicator;
    case U_WB_KATAKANA: return kWbKatakana;
    case U_WB_HEBREW_LETTER: return kWbHebrewLetter;
    case U_WB_ALETTER: return kWbALetter;
    case U_WB_SINGLE_QUOTE: return kWbSingleQuote;
    case U_WB_DOUBLE_QUOTE: return kWbDoubleQuote;
    case U_WB_MIDNUMLET: return kWbMidNumLet;
    case U_WB_MIDLETTER: return kWbMidLetter;
    case U_WB_MIDNUM: return kWbMidNum;
    case U_WB_NUMERIC: return kWbNumeric;
    case U_WB_EXTENDNUMLET: return kWbExtendNumLet;
    case U_WB_WSEGSPACE: return kWbWSegSpace;
    default: return kWbOther;  // includes the emoji values no character has since Unicode 11
  }
}

SentenceClass sentence_class_of(int32_t value) {
  switch (value) {
    case U_SB_CR: return kSbCR;
    case U_SB_LF: return kSbLF;
    case U_SB_SEP: return kSbSep;
    case U_SB_EXTEND:
    case U_SB_FORMAT: return kSbExtend;
    case U_SB_SP: return kSbSp;
    case U_SB_LOWER: return kSbLower;
    case U_SB_UPPER: return kSbUpper;
    case U_SB_OLETTER: return kSbOLetter;
    case U_SB_NUMERIC: return kSbNumeric;
    case U_SB_ATERM: return kSbATerm;
    case U_SB_STERM: return kSbSTerm;
    case U_SB_CLOSE: return kSbClose;
    case U_SB_SCONTINUE: return kSbSContinue;
    default: return kSbOther;
  }
}

// ICU's word rules send these to dictionary engines or chain them for one ($dictionary,
// $KanaKanji, $HangulSyllable in word.txt). A superset is harmless: such text is only
// handed to ICU, never segmented wrongly.
bool is_dictionary(UChar32 c) {
  if (u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) return true;
  if (u_getIntPropertyValue(c, UCHAR_WORD_BREAK) == U_WB_KATAKANA) return true;
  if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) return true;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
         script == USCRIPT_HANGUL;
}

std::uint8_t compute_word_info(UChar32 c) {
  std::uint8_t info = word_class_of(u_getIntPropertyValue(c, UCHAR_WORD_BREAK));
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) info |= kWbExtPict;
  if (c >= 0x80 && is_dictionary(c)) info |= kWbDictionary;
  return info;
}

// CLDR tailors the root word rules: since ICU 72 the colon (and its compatibility forms)
// no longer joins letters, and "@" is a letter, so that e-mail addresses and handles
// stay whole. Rather than hard-coding a version's choices, asks the linked ICU about the
// characters a tailoring has touched or may touch: every MidLetter, and the "Other"
// characters among ASCII, Latin-1 and General Punctuation.
void apply_root_tailoring(BreakTables& t) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) return;
  auto breaks = [&](const icu::UnicodeString& text, int32_t at) {
    words->setText(text);
    return words->isBoundary(at) != 0;
  };
  auto set_class = [&](char32_t c, WordClass cls) {
    t.word[c] = static_cast<std::uint8_t>((t.word[c] & ~kWbClassMask) | cls);
  };
  for (char32_t c = 0; c < kTableLimit; ++c) {
    const bool mid_letter = (t.word[c] & kWbClassMask) == kWbMidLetter;
    const bool other = t.word[c] == kWbOther && (c < 0xC0 || (c >= 0x2000 && c < 0x2070));
    if (!mid_letter && !other) continue;
    const icu::UnicodeString ch(static_cast<UChar32>(c));
    if (mid_letter && breaks(u"a" + ch + u"b", 1)) set_class(c, kWbOther);
    if (other && !breaks(u"a" + ch, 1) && !breaks(ch + u"a", ch.length())) {
      set_class(c, kWbALetter);
    }
  }
}

std::unique_ptr<BreakTables> build_tables() {
  auto t = std::make_unique<BreakTables>();
  for (char32_t c = 0; c < kTableLimit; ++c) {
    t->word[c] = compute_word_info(static_cast<UChar32>(c));
    t->sentence[c] =
        sentence_class_of(u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_SENTENCE_BREAK));
  }
  apply_root_tailoring(*t);
  for (int b = 0; b < 256; ++b) {
    t->ascii_word[b] = b < 0x80 ? t->word[b] : kNotAscii;
    t->ascii_sentence[b] = b < 0x80 ? t->sentence[b] : kNotAscii;
  }
  return t;
}

}  // namespace

const BreakTables& break_tables() {
  static const std::unique_ptr<BreakTables> tables = build_tables();
  return *tables;
}

std::uint8_t word_info_slow(char32_t c) { return compute_word_info(static_cast<UChar32>(c)); }

std::uint8_t sentence_class_slow(char32_t c) {
  return sentence_class_of(u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_SENTENCE_BREAK));
}

}  // namespace newsnlp::detail
