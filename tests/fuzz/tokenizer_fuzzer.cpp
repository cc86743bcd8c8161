// The tokenizer on arbitrary bytes: ill-formed input gets InvalidUtf8 at the first bad
// byte; well-formed input gets tokens whose spans are valid, ordered, non-overlapping, on
// code-point boundaries, free of white space, with non-empty well-formed norms, and
// sentences that partition the tokens; nothing but white space, controls and format
// characters lies between tokens. Every token boundary is a UAX #29 word boundary, or a
// grapheme cluster boundary (news rules split "the@" inside an ICU word), or follows a
// prepended mark (U+0604 ends the word before it and starts the cluster after it), or
// lies next to white space, controls and format characters, which tokens never hold.
// Tolerated: a boundary right before a mark that extends a cluster, where a news rule
// splits inside a UAX #29 word ("@" and elisions now keep such marks with the character
// before, tests/cpp/tokenizer_test.cpp; see docs/FUZZING.md).
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "newsnlp/boundaries.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/tokenizer.hpp"

namespace {

using newsnlp::fuzz::is_code_point_boundary;

// Tokenizers for each language, with and without the splitting rules (built once).
const newsnlp::Tokenizer& tokenizer(std::uint8_t bits) {
  static const char* const kLangs[] = {"xx", "fr", "en", "ar"};
  static std::array<std::unique_ptr<newsnlp::Tokenizer>, 16> cache;
  const std::size_t index = (bits >> 1) % cache.size();
  if (!cache[index]) {
    newsnlp::TokenizerOptions o;
    o.lang = kLangs[index % 4];
    o.split_elisions = o.split_clitics = (index / 4) & 1;
    o.sentences = !((index / 8) & 1);
    o.norm.fold_accents = (index / 8) & 1;
    o.abbreviations = {"Gén", "Cie"};
    cache[index] = std::make_unique<newsnlp::Tokenizer>(o);
  }
  return *cache[index];
}

bool is_skippable(UChar32 c) {
  const std::int8_t type = u_charType(c);
  return u_isUWhiteSpace(c) || type == U_CONTROL_CHAR || type == U_FORMAT_CHAR || type == U_SPACE_SEPARATOR;
}

bool only_skippable(std::string_view s) {
  for (std::int32_t i = 0; i < static_cast<std::int32_t>(s.size());) {
    UChar32 c;
    U8_NEXT(s.data(), i, static_cast<std::int32_t>(s.size()), c);
    if (!is_skippable(c)) return false;
  }
  return true;
}

// Extended grapheme cluster boundaries of `text` (ICU), as byte offsets.
std::vector<std::size_t> grapheme_boundaries(const std::string& text) {
  static const std::unique_ptr<icu::BreakIterator> prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    NEWSNLP_FUZZ_CHECK(U_SUCCESS(status));
    return it;
  }();
  std::unique_ptr<icu::BreakIterator> it(prototype->clone());
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<std::int64_t>(text.size()), &status);
  it->setText(ut, status);
  NEWSNLP_FUZZ_CHECK(U_SUCCESS(status));
  std::vector<std::size_t> out;
  for (std::int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) {
    out.push_back(static_cast<std::size_t>(b));
  }
  utext_close(ut);
  return out;
}

// The code point before / at `at` is white space, a control or a format character.
bool skippable_before(const std::string& text, std::uint32_t at) {
  if (at == 0) return false;
  std::int32_t i = static_cast<std::int32_t>(at);
  UChar32 c;
  U8_PREV(text.data(), 0, i, c);
  return is_skippable(c);
}
bool skippable_at(const std::string& text, std::uint32_t at) {
  if (at >= text.size()) return false;
  std::int32_t i = static_cast<std::int32_t>(at);
  UChar32 c;
  U8_NEXT(text.data(), i, static_cast<std::int32_t>(text.size()), c);
  return is_skippable(c);
}

bool prepend_before(const std::string& text, std::uint32_t at) {
  if (at == 0) return false;
  std::int32_t i = static_cast<std::int32_t>(at);
  UChar32 c;
  U8_PREV(text.data(), 0, i, c);
  return u_getIntPropertyValue(c, UCHAR_GRAPHEME_CLUSTER_BREAK) == U_GCB_PREPEND;
}

bool mark_at(const std::string& text, std::uint32_t at) {
  if (at >= text.size()) return false;
  std::int32_t i = static_cast<std::int32_t>(at);
  UChar32 c;
  U8_NEXT(text.data(), i, static_cast<std::int32_t>(text.size()), c);
  const auto gcb = u_getIntPropertyValue(c, UCHAR_GRAPHEME_CLUSTER_BREAK);
  return gcb == U_GCB_EXTEND || gcb == U_GCB_SPACING_MARK || gcb == U_GCB_ZWJ;
}

bool has_space(std::string_view s, newsnlp::TokenKind kind) {
  for (std::int32_t i = 0; i < static_cast<std::int32_t>(s.size());) {
    UChar32 c;
    U8_NEXT(s.data(), i, static_cast<std::int32_t>(s.size()), c);
    const bool group_space = kind == newsnlp::TokenKind::kNumber &&
                             (c == 0xA0 || c == 0x202F || c == 0x2009 || c == 0x2007);
    if (u_isUWhiteSpace(c) && !group_space) return true;
  }
  return false;
}

void check_doc(const newsnlp::Tokenizer& t, const std::string& text) {
  const newsnlp::Doc doc = t.tokenize(text);
  NEWSNLP_FUZZ_CHECK(doc.text().data() == text.data());
  const std::vector<std::size_t> graphemes = grapheme_boundaries(text);
  const std::vector<std::size_t> words = newsnlp::word_boundaries(text);
  const auto on_boundary = [&](std::uint32_t at) {
    return std::binary_search(graphemes.begin(), graphemes.end(), at) ||
           std::binary_search(words.begin(), words.end(), at) || mark_at(text, at) ||
           prepend_before(text, at);
  };
  std::uint32_t previous_end = 0;
  for (const newsnlp::Token& token : doc.tokens()) {
    NEWSNLP_FUZZ_CHECK(previous_end <= token.span.begin);
    NEWSNLP_FUZZ_CHECK(only_skippable(std::string_view(text).substr(previous_end, token.span.begin - previous_end)));
    NEWSNLP_FUZZ_CHECK(token.span.begin < token.span.end);
    NEWSNLP_FUZZ_CHECK(token.span.end <= text.size());
    NEWSNLP_FUZZ_CHECK(is_code_point_boundary(text, token.span.begin));
    NEWSNLP_FUZZ_CHECK(is_code_point_boundary(text, token.span.end));
    NEWSNLP_FUZZ_CHECK(!has_space(doc.text(token), token.kind));
    NEWSNLP_FUZZ_CHECK(on_boundary(token.span.begin) || skippable_before(text, token.span.begin));
    NEWSNLP_FUZZ_CHECK(on_boundary(token.span.end) || skippable_at(text, token.span.end));
    const std::string_view norm = doc.norm(token);
    NEWSNLP_FUZZ_CHECK(!norm.empty());
    NEWSNLP_FUZZ_CHECK(newsnlp::fuzz::is_valid_utf8(norm));
    previous_end = token.span.end;
  }
  NEWSNLP_FUZZ_CHECK(only_skippable(std::string_view(text).substr(previous_end)));
  // Sentences: consecutive, non-empty token ranges covering every token.
  if (t.options().sentences) {
    std::uint32_t next = 0;
    for (const newsnlp::Sentence& s : doc.sentences()) {
      NEWSNLP_FUZZ_CHECK(s.token_begin == next && s.token_begin < s.token_end);
      NEWSNLP_FUZZ_CHECK(s.token_end <= doc.size());
      NEWSNLP_FUZZ_CHECK(s.span.begin == doc.tokens()[s.token_begin].span.begin);
      NEWSNLP_FUZZ_CHECK(s.span.end == doc.tokens()[s.token_end - 1].span.end);
      next = s.token_end;
    }
    NEWSNLP_FUZZ_CHECK(next == doc.size());
  }
  // A batch gives the same tokens.
  const std::vector<newsnlp::Doc> batch = t.tokenize_batch({text, text}, 1);
  NEWSNLP_FUZZ_CHECK(batch.size() == 2 && batch[1].size() == doc.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const newsnlp::Tokenizer& t = tokenizer(data[0]);
  const std::string_view raw(reinterpret_cast<const char*>(data) + 1, size - 1);

  const std::size_t bad = newsnlp::find_invalid_utf8(raw);
  if (bad != std::string_view::npos) {
    bool threw = false;
    try {
      (void)t.tokenize(raw);
    } catch (const newsnlp::InvalidUtf8& e) {
      threw = e.byte_offset() == bad;
    }
    NEWSNLP_FUZZ_CHECK(threw);
  }
  check_doc(t, newsnlp::fuzz::fuzz_text(data[0], raw));
  return 0;
}
