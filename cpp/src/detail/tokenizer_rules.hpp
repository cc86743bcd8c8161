// The news rules that turn UAX #29 word segments into newsnlp tokens.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "detail/chunk_scan.hpp"
#include "detail/lang_rules.hpp"
#include "detail/word_segmenter.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp::detail {

// A token before its norm is known.
struct Piece {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  TokenKind kind = TokenKind::kWord;
  bool sealed = false;          // URL, e-mail, mention, hashtag: later rules leave it whole
  bool keeps_sentence = false;  // a title or an initial: no sentence ends after it
  bool clitic = false;          // "-il", "-t": its norm leaves out the hyphen
  // Its norm is its text under the normalizer NewsRules was given. Set where it costs
  // nothing to know (the simple-chunk path); false means "not known".
  bool plain = false;
};

// Splits text into chunks at ASCII white space; a chunk that is one plain word with
// punctuation around it is emitted at once, any other is segmented (UAX #29) and its
// segments classified (white space dropped), then in one pass the rules apply, in priority order:
// URLs, e-mails, mentions and hashtags, elisions and apostrophe joins, hyphenated
// compounds with clitics, digit groups, ellipses and abbreviations. Every lookaround is
// bounded or consumes what it reads, so the whole is linear in the text.
// Thread-safe: apply() is const and keeps its scratch space per thread.
class NewsRules {
 public:
  // `fast_path` off sends every chunk through segmenter and rules: for tests that check
  // the fast path against them. With `normalizer`, pieces whose norm is their text say so
  // (Piece::plain).
  explicit NewsRules(LangRules rules, bool fast_path = true,
                     const TextNormalizer* normalizer = nullptr)
      : rules_(std::move(rules)), fast_path_(fast_path), scan_(normalizer) {}

  // Scratch space of one thread, reused from text to text.
  struct Scratch {
    std::vector<std::uint32_t> boundaries;
    std::vector<Piece> pieces;
  };

  // Replaces `out` with the tokens of well-formed UTF-8 `text`.
  void tokenize(std::string_view text, std::vector<Piece>& out, Scratch& scratch) const;
  void tokenize(std::string_view text, std::vector<Piece>& out) const {
    Scratch scratch;
    tokenize(text, out, scratch);
  }

  const LangRules& rules() const noexcept { return rules_; }

 private:
  void general_chunk(std::string_view text, std::size_t begin, std::size_t end,
                     std::vector<Piece>& out, Scratch& scratch) const;
  bool simple_chunk(std::string_view text, std::size_t begin, std::size_t& end,
                    std::vector<Piece>& out) const;
  void classify(std::string_view text, const std::vector<std::uint32_t>& boundaries,
                std::vector<Piece>& out) const;
  void join(std::string_view text, const std::vector<Piece>& in, std::vector<Piece>& out) const;
  bool join_url(std::string_view text, const std::vector<Piece>& in, std::size_t& i,
                std::vector<Piece>& out) const;
  bool join_at_sign(std::string_view text, const std::vector<Piece>& in, std::size_t& i,
                    std::vector<Piece>& out) const;
  bool is_elision(std::string_view text, std::uint32_t begin, std::uint32_t end) const;
  bool elide(std::string_view text, const std::vector<Piece>& in, std::size_t& i, Piece& p,
             std::vector<Piece>& out) const;
  bool join_compound(std::string_view text, const std::vector<Piece>& in, std::size_t& i,
                     const Piece& p, std::vector<Piece>& out) const;
  void join_digit_groups(std::string_view text, const std::vector<Piece>& in, std::size_t& i,
                         Piece& p) const;
  void keep_abbreviation_dot(std::string_view text, const std::vector<Piece>& in, std::size_t& i,
                             Piece& p) const;
  // Whether a word keeps the single dot after it: titles and initials ("M.", "J.", which
  // also keep the sentence going), dotted acronyms ("U.S."), listed abbreviations ("etc.").
  struct AbbreviationDot {
    bool kept = false;
    bool keeps_sentence = false;
  };
  AbbreviationDot abbreviation_dot(std::string_view word) const;
  // A part of a compound that the clitic rule may split off ("-il", "-t", "-ce").
  bool is_clitic(std::string_view part) const;

  LangRules rules_;
  bool fast_path_;
  ChunkScanTables scan_;
  WordSegmenter segmenter_;
};

}  // namespace newsnlp::detail
