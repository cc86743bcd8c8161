#include "detail/matcher_policy.hpp"

#include <unicode/uchar.h>

#include "detail/utf8.hpp"

namespace newsnlp::detail {

AliasLetters count_letters(std::string_view utf8) {
  AliasLetters letters;
  const char* p = utf8.data();
  const char* end = p + utf8.size();
  while (p < end) {
    char32_t c;
    p += decode_utf8(p, end, c);
    if (u_isUWhiteSpace(static_cast<UChar32>(c))) continue;
    // Wide characters (CJK ideographs, Hangul, kana) count twice: "中国" is as long as "Iran".
    const int width = u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_EAST_ASIAN_WIDTH);
    letters.length += (width == U_EA_WIDE || width == U_EA_FULLWIDTH) ? 2 : 1;
    if (u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c))) {
      ++letters.upper;
    } else if (u_islower(static_cast<UChar32>(c))) {
      ++letters.lower;
    }
  }
  return letters;
}

bool starts_capitalized(std::string_view utf8) {
  if (utf8.empty()) return false;
  char32_t c;
  decode_utf8(utf8.data(), utf8.data() + utf8.size(), c);
  return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c));
}

std::string joined_norms(const Doc& doc) {
  std::string key;
  for (const Token& t : doc.tokens()) {
    if (!key.empty()) key.push_back(' ');
    key += doc.norm(t);
  }
  return key;
}

Resolved resolve_alias(std::string_view text, AliasCase given, const Doc& doc,
                       const Tokenizer& tokenizer, const AliasPolicy& policy,
                       const std::unordered_set<std::string>& common) {
  Resolved r;
  auto skip = [&](SkipReason reason) {
    r.skipped = true;
    r.reason = reason;
    return r;
  };
  if (doc.empty()) return skip(SkipReason::kEmpty);
  if (doc.size() > kMaxAliasTokens) return skip(SkipReason::kTooLong);
  if (given != AliasCase::kAuto) {
    r.mode = given;
    return r;
  }
  const AliasLetters letters = count_letters(text);
  if (policy.exact_case_acronyms && letters.acronym()) {
    r.mode = AliasCase::kExact;
    return r;
  }
  AliasCase mode = AliasCase::kAuto;
  bool all_stop = true;
  for (const Token& t : doc.tokens()) {
    if (!tokenizer.is_stop_word(doc.norm(t))) {
      all_stop = false;
      break;
    }
  }
  if (all_stop) {
    if (policy.stop_words == StopWordAliases::kSkip) return skip(SkipReason::kStopWord);
    if (policy.stop_words == StopWordAliases::kCapitalized) mode = AliasCase::kCapitalized;
  }
  if (letters.length < policy.min_length) return skip(SkipReason::kTooShort);
  if (letters.cased() && letters.length <= policy.exact_case_max_length) {
    mode = AliasCase::kExact;
  } else if (mode == AliasCase::kAuto &&
             (policy.require_capitalized || (!common.empty() && common.count(joined_norms(doc))))) {
    mode = AliasCase::kCapitalized;
  }
  r.mode = mode == AliasCase::kAuto ? AliasCase::kIgnore : mode;
  return r;
}

}  // namespace newsnlp::detail
