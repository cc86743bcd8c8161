// The news rules that turn UAX #29 word segments into newsnlp tokens.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "detail/lang_rules.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp::detail {

// A token before its norm is known.
struct Piece {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  TokenKind kind = TokenKind::kWord;
  bool sealed = false;          // URL, e-mail, mention, hashtag: later rules leave it whole
  bool keeps_sentence = false;  // a title or an initial: no sentence ends after it
};

// Applies, in this order: classification of segments (white space dropped), URLs,
// e-mails, mentions and hashtags, elisions and apostrophe joins, then hyphenated
// compounds with clitics, digit groups, ellipses and abbreviations.
// Each step is one linear pass; lookarounds are bounded, so the whole is linear.
// Thread-safe: apply() is const and keeps its scratch space per thread.
class NewsRules {
 public:
  explicit NewsRules(LangRules rules) : rules_(std::move(rules)) {}

  // `boundaries` are the UAX #29 word boundaries of `text` (0 first, size last).
  void apply(std::string_view text, const std::vector<std::uint32_t>& boundaries,
             std::vector<Piece>& out) const;

  const LangRules& rules() const noexcept { return rules_; }

 private:
  void classify(std::string_view text, const std::vector<std::uint32_t>& boundaries,
                std::vector<Piece>& out) const;
  void join_entities(std::string_view text, const std::vector<Piece>& in,
                     std::vector<Piece>& out) const;
  void split_elisions(std::string_view text, const std::vector<Piece>& in,
                      std::vector<Piece>& out) const;
  void join_compounds(std::string_view text, const std::vector<Piece>& in,
                      std::vector<Piece>& out) const;

  LangRules rules_;
};

}  // namespace newsnlp::detail
