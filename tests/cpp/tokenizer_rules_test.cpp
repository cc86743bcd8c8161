// Invariants of the news rules on adversarial and random input: spans well-formed, no
// white space inside a token, nothing but white space dropped.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "doc_invariants.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp {
namespace {

std::string repeat(const std::string& unit, std::size_t n) {
  std::string out;
  out.reserve(unit.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

TEST(TokenizerRules, AdversarialRepetitionsStayCorrect) {
  const Tokenizer tok{TokenizerOptions{}};
  const std::size_t n = 200000;
  EXPECT_EQ(tok.tokenize(repeat("a-", n) + "a").size(), 1u);               // one compound
  EXPECT_EQ(tok.tokenize(repeat("@", n)).size(), n);                       // lone @ signs
  EXPECT_EQ(testing::check_invariants(repeat("a.b@", n), tok.tokenize(repeat("a.b@", n))), n);
  EXPECT_EQ(tok.tokenize(repeat("l’", n)).size(), n);                      // elided prefixes
  EXPECT_EQ(tok.tokenize(repeat(".", n)).size(), 1u);                      // one ellipsis
  EXPECT_EQ(tok.tokenize("https://" + repeat("a/", n)).size(), 1u);        // one long URL
  EXPECT_EQ(tok.tokenize(repeat("1\u202F", n)).size(), n);                 // no 3-digit groups
  EXPECT_EQ(tok.tokenize(repeat("M. ", n)).sentences().size(), 1u);       // titles never end one
}

TEST(TokenizerRules, RandomTextKeepsInvariants) {
  // Characters that exercise every rule: letters, digits, apostrophes, hyphens, dots, @, #,
  // no-break spaces, guillemets, emoji parts, Arabic with tashkeel, Thai, CJK, controls.
  const std::vector<std::string> alphabet = {
      "a", "É", "l", "d", "qu", "t", "il", "M", "1", "000", "’", "'", "´", "ʼ", "-", "‐", ".",
      ",", "@", "#", "%", " ", "\u00A0", "\u202F", "\n", "«", "»", "(", ")", "http://", "www.",
      "👍", "\U0001F3FD", "\u200D", "\uFE0F", "🇲", "🇦", "\u20E3", "ب", "َ", "ـ", "ก", "中", "\t",
      "\u200B", "\u00AD", "\r\n", "_", "/", ":", "!", "?", "…", "\u0301", "x"};
  std::mt19937 rng(20261129);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  for (const char* lang : {"xx", "fr", "en", "ar"}) {
    TokenizerOptions o;
    o.lang = lang;
    const Tokenizer tok(o);
    for (int round = 0; round < 3000; ++round) {
      std::string text;
      for (int i = length(rng); i > 0; --i) text += alphabet[pick(rng)];
      const Doc doc = tok.tokenize(text);
      testing::check_invariants(text, doc);
      std::uint32_t covered = 0;
      for (const Sentence& s : doc.sentences()) {
        EXPECT_EQ(s.token_begin, covered) << text;
        covered = s.token_end;
      }
      EXPECT_EQ(covered, doc.sentences().empty() ? 0u : doc.size()) << text;
      if (::testing::Test::HasFailure()) FAIL() << "lang " << lang << ", text: " << text;
    }
  }
}

}  // namespace
}  // namespace newsnlp
