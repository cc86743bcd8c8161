// A slow, obviously correct entity matcher: every alias as a vector of token norms in a
// hash map, and at every token every span length tried against it. It shares with
// EntityMatcher only the tokenizer and the alias policy (detail::resolve_alias, tested on
// its own); the trie, its layout and the scan are what it checks.
#pragma once

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "detail/matcher_impl.hpp"
#include "detail/matcher_policy.hpp"
#include "newsnlp/gazetteer.hpp"
#include "newsnlp/matcher.hpp"

namespace newsnlp::testing {

class ReferenceMatcher {
 public:
  ReferenceMatcher(const Gazetteer& g, const EntityMatcher& m)
      : tokenizer_(m.tokenizer()),
        case_normalizer_(matcher_norm_options(m.options(), false)) {
    std::unordered_set<std::string> common;
    for (const std::string& w : m.options().policy.common_words) {
      const Doc d = tokenizer_.tokenize(w);
      if (!d.empty()) common.insert(detail::joined_norms(d));
    }
    auto add = [&](std::string_view text, AliasCase given, std::size_t entity) {
      const Doc doc = tokenizer_.tokenize(text);
      const detail::Resolved r =
          detail::resolve_alias(text, given, doc, tokenizer_, m.options().policy, common);
      if (r.skipped) return;
      Alias a;
      a.entity = static_cast<std::uint32_t>(entity);
      a.mode = r.mode;
      std::string key;
      for (const Token& t : doc.tokens()) {
        if (!key.empty()) key.push_back('\0');
        key += doc.norm(t);
        prefixes_.insert(key);
        a.forms.push_back(case_normalizer_.normalize(doc.text(t)));
        a.capitalized.push_back(capitalized(doc.text(t)));
      }
      aliases_[key].push_back(std::move(a));
    };
    for (std::size_t e = 0; e < g.size(); ++e) add(g.name(e), AliasCase::kAuto, e);
    for (std::size_t k = 0; k < g.alias_count(); ++k) add(g.alias(k), g.alias_case(k), g.alias_entity(k));
  }

  std::vector<Mention> find(const Doc& doc, MatchMode mode) const {
    std::vector<Mention> out;
    const auto& tokens = doc.tokens();
    const std::size_t n = tokens.size();
    std::size_t i = 0;
    while (i < n) {
      std::size_t best_end = 0;
      std::vector<std::uint32_t> best;
      std::string key;
      for (std::size_t j = i + 1; j <= n; ++j) {  // the span [i, j)
        if (j > i + 1) key.push_back('\0');
        key += doc.norm(tokens[j - 1]);
        if (!prefixes_.count(key)) break;  // no alias starts with these tokens
        const std::vector<std::uint32_t> found = passing(doc, i, j, key);
        if (found.empty()) continue;
        if (mode == MatchMode::kOverlapping) {
          emit(doc, i, j, found, out);
        } else {
          best = found;
          best_end = j;
        }
      }
      if (best_end != 0) {
        emit(doc, i, best_end, best, out);
        i = best_end;
      } else {
        ++i;
      }
    }
    return out;
  }

 private:
  struct Alias {
    std::uint32_t entity;
    AliasCase mode;
    std::vector<std::string> forms;   // case-preserving norm of each token
    std::vector<bool> capitalized;    // each token starts with a capital
  };

  static bool capitalized(std::string_view s) {
    if (s.empty()) return false;
    UChar32 c;
    std::int32_t i = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(s.data()), i, static_cast<std::int32_t>(s.size()), c);
    return u_isupper(c) || u_istitle(c);
  }

  bool accepts(const Alias& a, const Doc& doc, std::size_t i) const {
    for (std::size_t k = 0; k < a.forms.size(); ++k) {
      const std::string_view text = doc.text(doc.tokens()[i + k]);
      if (a.mode == AliasCase::kExact && case_normalizer_.normalize(text) != a.forms[k]) return false;
      if (a.mode == AliasCase::kCapitalized && a.capitalized[k] && !capitalized(text)) return false;
    }
    return true;
  }

  std::vector<std::uint32_t> passing(const Doc& doc, std::size_t i, std::size_t, const std::string& key) const {
    std::vector<std::uint32_t> found;
    const auto it = aliases_.find(key);
    if (it == aliases_.end()) return found;
    for (const Alias& a : it->second) {
      if (accepts(a, doc, i)) found.push_back(a.entity);
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    return found;
  }

  static void emit(const Doc& doc, std::size_t i, std::size_t j, const std::vector<std::uint32_t>& found,
                   std::vector<Mention>& out) {
    for (const std::uint32_t e : found) {
      out.push_back(Mention{ByteSpan{doc.tokens()[i].span.begin, doc.tokens()[j - 1].span.end},
                            static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), e});
    }
  }

  const Tokenizer& tokenizer_;
  TextNormalizer case_normalizer_;
  std::unordered_map<std::string, std::vector<Alias>> aliases_;
  std::unordered_set<std::string> prefixes_;
};

}  // namespace newsnlp::testing

namespace newsnlp {

inline bool operator==(const Mention& a, const Mention& b) {
  return std::tie(a.span.begin, a.span.end, a.token_begin, a.token_end, a.entity) ==
         std::tie(b.span.begin, b.span.end, b.token_begin, b.token_end, b.entity);
}

inline void PrintTo(const Mention& m, std::ostream* os) {
  *os << "{" << m.span.begin << "-" << m.span.end << " tokens " << m.token_begin << "-"
      << m.token_end << " entity " << m.entity << "}";
}

}  // namespace newsnlp
