// AliasPolicy applied to one tokenized alias, and the case checks used while matching.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include "newsnlp/gazetteer.hpp"
#include "newsnlp/matcher.hpp"
#include "newsnlp/text.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp::detail {

// Letters of an alias, by case.
struct AliasLetters {
  std::uint32_t length = 0;  // code points, wide ones (CJK) twice, white space not counted
  std::uint32_t upper = 0;   // upper- or title-case letters
  std::uint32_t lower = 0;   // lower-case letters
  bool acronym() const noexcept { return upper >= 2 && lower == 0; }
  bool cased() const noexcept { return upper + lower > 0; }
};
AliasLetters count_letters(std::string_view utf8);

// True when the first code point of `utf8` is an upper- or title-case letter.
bool starts_capitalized(std::string_view utf8);

// The case-preserving forms of tokens [begin, end), separated by U+0000: what an exact-case
// alias and the text must share. `text_of(k)` is the text of token k.
template <class TextOf>
void case_form(const TextOf& text_of, std::uint32_t begin, std::uint32_t end,
               const TextNormalizer& case_normalizer, std::string& out) {
  out.clear();
  for (std::uint32_t k = begin; k < end; ++k) {
    if (k > begin) out.push_back('\0');
    case_normalizer.append_normalized(text_of(k), out);
  }
}

// The outcome of the policy for one alias.
struct Resolved {
  bool skipped = false;
  SkipReason reason = SkipReason::kEmpty;
  AliasCase mode = AliasCase::kIgnore;  // never kAuto
};

// `doc` is the alias tokenized by the matcher's tokenizer; `common` holds the keys (norms
// joined by a space) of AliasPolicy::common_words.
Resolved resolve_alias(std::string_view text, AliasCase given, const Doc& doc,
                       const Tokenizer& tokenizer, const AliasPolicy& policy,
                       const std::unordered_set<std::string>& common);

// The key of a tokenized alias or word: its token norms joined by a space.
std::string joined_norms(const Doc& doc);

}  // namespace newsnlp::detail
