// Invariants of the news rules on adversarial and random input: spans well-formed, no
// white space inside a token, nothing but white space dropped.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "detail/tokenizer_rules.hpp"
#include "doc_invariants.hpp"
#include "jsonl_reader.hpp"
#include "newsnlp/text.hpp"
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

namespace newsnlp {
namespace {

// The simple-chunk fast path must give exactly what segmenter + rules give.
void expect_same_pieces(const detail::NewsRules& fast, const detail::NewsRules& general,
                        const std::string& text) {
  thread_local std::vector<detail::Piece> a, b;
  fast.tokenize(text, a);
  general.tokenize(text, b);
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    ASSERT_TRUE(a[i].begin == b[i].begin && a[i].end == b[i].end)
        << "fast '" << text.substr(a[i].begin, a[i].end - a[i].begin) << "' vs general '"
        << text.substr(b[i].begin, b[i].end - b[i].begin) << "' at byte " << a[i].begin;
  }
  ASSERT_EQ(a.size(), b.size()) << text;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].begin, b[i].begin) << text;
    ASSERT_EQ(a[i].end, b[i].end) << text;
    ASSERT_EQ(a[i].kind, b[i].kind) << text;
    ASSERT_EQ(a[i].keeps_sentence, b[i].keeps_sentence) << text;
  }
}

TEST(TokenizerRules, FastPathEqualsGeneralPathOnCorpora) {
  const std::pair<const char*, const char*> corpora[] = {
      {"/reuters21578/reuters21578.jsonl", "body"},
      {"/orangesum_fr/orangesum_fr.jsonl", "text"},
      {"/saudinewsnet_ar/saudinewsnet_ar_sample.jsonl", "text"}};
  for (const char* lang : {"xx", "en"}) {
    TokenizerOptions o;
    o.lang = lang;
    const detail::NewsRules fast(detail::LangRules::for_options(o), true);
    const detail::NewsRules general(detail::LangRules::for_options(o), false);
    for (const auto& [path, field] : corpora) {
      const std::string file = std::string(NEWSNLP_SHARED_DATA) + path;
      if (!std::filesystem::exists(file)) GTEST_SKIP() << "missing " << file;
      for (const std::string& doc : testing::read_jsonl_field(file, field)) {
        expect_same_pieces(fast, general, doc);
        if (::testing::Test::HasFatalFailure()) return;
      }
    }
  }
}

TEST(TokenizerRules, FastPathEqualsGeneralPathOnRandomChunks) {
  const std::vector<std::string> alphabet = {
      "a", "Z", "é", "É", "ß", "ب", "\u064E", "\u0301", "1", "_", "(", "[", "\"", "«", "“", "¿",
      ",", ";", ":", "!", "?", ")", "]", ".", "%", "»", "”", "…", " ", "\u00AD", "ʼ", "’", "@",
      "ก", "中", "א", "カ", "Ⅻ", "²", "M", "J", "etc", "Dr", "\u202F", "-", "'", "👍", "l", "L",
      "qu", "jusqu", "d", "‘", "aujourd", "il", "ce", "-t", "19"};
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(1, 12);
  TokenizerOptions o;
  const detail::NewsRules fast(detail::LangRules::for_options(o), true);
  const detail::NewsRules general(detail::LangRules::for_options(o), false);
  // NEWSNLP_RANDOM_ROUNDS=5000000 for a long run after changing either path.
  const char* env_rounds = std::getenv("NEWSNLP_RANDOM_ROUNDS");
  const int rounds = env_rounds != nullptr ? std::atoi(env_rounds) : 50000;
  for (int round = 0; round < rounds; ++round) {
    std::string text;
    for (int i = length(rng); i > 0; --i) text += alphabet[pick(rng)];
    expect_same_pieces(fast, general, text);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace newsnlp

namespace newsnlp {
namespace {

// A piece the fast path calls plain must have its text as its norm, for every norm option
// set: the tokenizer then skips the normalizer for it.
TEST(TokenizerRules, PlainPiecesAreTheirOwnNorm) {
  std::vector<NormOptions> option_sets(4);
  option_sets[1].lowercase = false;
  option_sets[2].fold_accents = true;
  option_sets[3].normalization = Normalization::kNFC;
  option_sets[3].unify_punctuation = false;
  option_sets[3].fold_arabic = false;
  std::vector<std::string> texts = {
      "« C’est l’accueil », a-t-il dit. 5.93% ; 1,5 ; audiences.Son (Rabat)… Dr. X",
      "سويسرا، «الإصابة» مؤخراً؛ ١٢٣ ؟", "ÉTATS-UNIS — ÉCOLE… «Œuvre» naïve ﬁn Ⅻ ²"};
  const std::string file = std::string(NEWSNLP_SHARED_DATA) + "/orangesum_fr/orangesum_fr.jsonl";
  if (std::filesystem::exists(file)) {
    for (std::string& doc : testing::read_jsonl_field(file, "text", 300)) texts.push_back(std::move(doc));
  }
  std::size_t plain = 0;
  for (const NormOptions& norm : option_sets) {
    const TextNormalizer normalizer(norm);
    TokenizerOptions o;
    o.norm = norm;
    const detail::NewsRules rules(detail::LangRules::for_options(o), true, &normalizer);
    std::vector<detail::Piece> pieces;
    for (const std::string& text : texts) {
      rules.tokenize(text, pieces);
      for (const detail::Piece& p : pieces) {
        if (!p.plain) continue;
        ++plain;
        const std::string piece = text.substr(p.begin, p.end - p.begin);
        ASSERT_EQ(normalizer.normalize(piece), piece) << "in: " << text;
      }
    }
  }
  EXPECT_GT(plain, 1000u);
}

}  // namespace
}  // namespace newsnlp
