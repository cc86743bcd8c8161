#include "newsnlp/tokenizer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jsonl_reader.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

Tokenizer make(const std::string& lang, NormOptions norm = {}) {
  TokenizerOptions o;
  o.lang = lang;
  o.norm = norm;
  return Tokenizer(o);
}

std::vector<std::string> texts(const Doc& doc) {
  std::vector<std::string> out;
  for (const Token& t : doc.tokens()) out.emplace_back(doc.text(t));
  return out;
}

std::vector<std::string> norms(const Doc& doc) {
  std::vector<std::string> out;
  for (const Token& t : doc.tokens()) out.emplace_back(doc.norm(t));
  return out;
}

std::vector<std::string> sentence_texts(const Doc& doc) {
  std::vector<std::string> out;
  for (const Sentence& s : doc.sentences()) {
    out.emplace_back(doc.text().substr(s.span.begin, s.span.end - s.span.begin));
  }
  return out;
}

std::vector<std::string> split(const std::string& joined, char sep) {
  std::vector<std::string> out(1);
  for (char c : joined) {
    if (c == sep) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

// tests/data/tokenizer_cases.jsonl holds the pinned examples, shared with the Python suite.
TEST(Tokenizer, PinnedCasesFromSharedFile) {
  const std::string path = NEWSNLP_TEST_DATA "/tokenizer_cases.jsonl";
  const auto langs = testing::read_jsonl_field(path, "lang");
  const auto inputs = testing::read_jsonl_field(path, "text");
  const auto expected = testing::read_jsonl_field(path, "tokens");
  const auto notes = testing::read_jsonl_field(path, "note");
  ASSERT_EQ(inputs.size(), expected.size());
  ASSERT_GE(inputs.size(), 30u);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Tokenizer tok = make(langs[i]);
    const Doc doc = tok.tokenize(inputs[i]);
    EXPECT_EQ(texts(doc), split(expected[i], '\x1f')) << notes[i] << ": " << inputs[i];
  }
}

TEST(Tokenizer, KindsOfTokens) {
  const Tokenizer tok = make("xx");
  const std::string text =
      "Le 5 mars, https://example.org a écrit à presse@example.ma : @NBourita #COP28 "
      "+ 11,5\u202F% 👍🏽 «ok»";
  const Doc doc = tok.tokenize(text);
  std::vector<std::string> kinds;
  for (const Token& t : doc.tokens()) kinds.emplace_back(to_string(t.kind));
  const std::vector<std::string> expected = {
      "word", "number", "word", "punct", "url", "word", "word", "word", "email", "punct",
      "mention", "hashtag", "symbol", "number", "symbol", "emoji", "punct", "word", "punct"};
  EXPECT_EQ(kinds, expected) << ::testing::PrintToString(texts(doc));
}

TEST(Tokenizer, NormsFoldCaseAccentsPunctuationAndArabic) {
  const Tokenizer plain = make("fr");
  EXPECT_EQ(norms(plain.tokenize("L’État ÉTATS-UNIS « – »")),
            (std::vector<std::string>{"l'", "état", "états-unis", "\"", "-", "\""}));
  NormOptions folded;
  folded.fold_accents = true;
  EXPECT_EQ(norms(make("fr", folded).tokenize("L’État ÉTATS-UNIS Etats-Unis")),
            (std::vector<std::string>{"l'", "etat", "etats-unis", "etats-unis"}));
  const Tokenizer arabic = make("ar");
  EXPECT_EQ(norms(arabic.tokenize("أَحْمَد العـــربية إسلام آمن")),
            (std::vector<std::string>{"احمد", "العربية", "اسلام", "امن"}));
  NormOptions raw;
  raw.lowercase = false;
  raw.unify_punctuation = false;
  raw.fold_arabic = false;
  EXPECT_EQ(norms(make("fr", raw).tokenize("L’État أَحْمَد")),
            (std::vector<std::string>{"L’", "État", "أَحْمَد"}));
}

TEST(Tokenizer, SentencesKeepAbbreviationsAndClosingGuillemets) {
  const Tokenizer tok = make("fr");
  EXPECT_EQ(sentence_texts(tok.tokenize("M. Bourita est arrivé. Il a parlé à Mme Dupont.")),
            (std::vector<std::string>{"M. Bourita est arrivé.", "Il a parlé à Mme Dupont."}));
  EXPECT_EQ(sentence_texts(tok.tokenize("« C’est fini. » Il est parti.")),
            (std::vector<std::string>{"« C’est fini. »", "Il est parti."}));
  EXPECT_EQ(sentence_texts(tok.tokenize("«\u202FC’est fini.\u202F»\u202FIl est parti !")),
            (std::vector<std::string>{"«\u202FC’est fini.\u202F»", "Il est parti !"}));
  EXPECT_EQ(sentence_texts(tok.tokenize("Le Dr. Martin (Paris.) Puis J. Dupont vint.")),
            (std::vector<std::string>{"Le Dr. Martin (Paris.)", "Puis J. Dupont vint."}));
  const Tokenizer en = make("en");
  EXPECT_EQ(sentence_texts(en.tokenize("Mr. Blinken called. He spoke with Dr. Smith.\n\nNext")),
            (std::vector<std::string>{"Mr. Blinken called.", "He spoke with Dr. Smith.", "Next"}));
}

TEST(Tokenizer, SentencesCoverEveryTokenOnce) {
  const Tokenizer tok = make("xx");
  const Doc doc = tok.tokenize("Un. Deux ! Trois ? « Quatre. » Cinq…\nSix");
  std::uint32_t next = 0;
  for (const Sentence& s : doc.sentences()) {
    EXPECT_EQ(s.token_begin, next);
    EXPECT_LT(s.token_begin, s.token_end);
    EXPECT_EQ(s.span.begin, doc.tokens()[s.token_begin].span.begin);
    EXPECT_EQ(s.span.end, doc.tokens()[s.token_end - 1].span.end);
    next = s.token_end;
  }
  EXPECT_EQ(next, doc.size());
  EXPECT_EQ(doc.sentences().size(), 6u);
}

TEST(Tokenizer, StopWordsBuiltinAndUser) {
  TokenizerOptions o;
  o.lang = "fr";
  o.stop_words = {"Maroc"};
  const Tokenizer tok(o);
  EXPECT_TRUE(tok.is_stop_word("le"));
  EXPECT_TRUE(tok.is_stop_word("l'"));
  EXPECT_TRUE(tok.is_stop_word("maroc"));  // user words are normalized like tokens
  EXPECT_FALSE(tok.is_stop_word("ministre"));
  EXPECT_FALSE(tok.is_stop_word("the"));  // English list not loaded for "fr"
  EXPECT_TRUE(make("xx").is_stop_word("the"));
  EXPECT_TRUE(make("ar").is_stop_word("في"));
  o.builtin_stop_words = false;
  const Tokenizer only_user(o);
  EXPECT_FALSE(only_user.is_stop_word("le"));
  EXPECT_TRUE(only_user.is_stop_word("maroc"));
}

TEST(Tokenizer, OptionsTurnRulesOff) {
  TokenizerOptions o;
  o.lang = "fr";
  o.split_elisions = false;
  o.split_clitics = false;
  const Tokenizer tok(o);
  EXPECT_EQ(texts(tok.tokenize("l’accueil viendra-t-il")),
            (std::vector<std::string>{"l’accueil", "viendra-t-il"}));
  o.sentences = false;
  EXPECT_TRUE(Tokenizer(o).tokenize("Un. Deux.").sentences().empty());
  o.abbreviations = {"Gén."};
  o.sentences = true;
  EXPECT_EQ(Tokenizer(o).tokenize("Le Gén. Durand parle.").sentences().size(), 1u);
}

TEST(Tokenizer, EmptyAndBlankTexts) {
  const Tokenizer tok = make("xx");
  EXPECT_TRUE(tok.tokenize("").empty());
  EXPECT_TRUE(tok.tokenize("").sentences().empty());
  const Doc blank = tok.tokenize(" \n\t\u00A0\u202F\u200B\r\n");
  EXPECT_TRUE(blank.empty());
  EXPECT_TRUE(blank.sentences().empty());
  const std::string with_nul("a\0b", 3);  // outlives the Doc that borrows it
  const Doc nul = tok.tokenize(with_nul);
  EXPECT_EQ(texts(nul), (std::vector<std::string>{"a", "b"}));
}

TEST(Tokenizer, InvalidUtf8NamesTheByte) {
  const Tokenizer tok = make("xx");
  try {
    tok.tokenize(std::string("abc \xE9t\xE9", 7));
    FAIL() << "no exception";
  } catch (const InvalidUtf8& e) {
    EXPECT_EQ(e.byte_offset(), 4u);
    EXPECT_EQ(e.document(), -1);
  }
  const std::vector<std::string> docs = {"ok", "fine", std::string("bad\xFF", 4)};
  const std::vector<std::string_view> views(docs.begin(), docs.end());
  try {
    tok.tokenize_batch(views, 2);
    FAIL() << "no exception";
  } catch (const InvalidUtf8& e) {
    EXPECT_EQ(e.byte_offset(), 3u);
    EXPECT_EQ(e.document(), 2);
    EXPECT_NE(std::string(e.what()).find("document 2"), std::string::npos) << e.what();
  }
}

// Where a news rule splits a UAX #29 word, marks stay with the character before them
// (WB4): no token starts with a combining mark, a variation selector or a skin tone.
TEST(Tokenizer, SplitsNeverStartATokenWithAMark) {
  TokenizerOptions xx;
  xx.lang = "xx";
  TokenizerOptions ar;
  ar.lang = "ar";
  const Tokenizer multilingual(xx), arabic(ar);
  EXPECT_EQ(texts(multilingual.tokenize("a@\uFE0F")), (std::vector<std::string>{"a", "@\uFE0F"}));
  EXPECT_EQ(texts(arabic.tokenize("@\U0001F3FB")), (std::vector<std::string>{"@\U0001F3FB"}));
  EXPECT_EQ(texts(arabic.tokenize("\u0130@\u064EZ")),
            (std::vector<std::string>{"\u0130", "@\u064E", "Z"}));
  EXPECT_EQ(texts(multilingual.tokenize("t\u02BC\u064E")), (std::vector<std::string>{"t\u02BC\u064E"}));
  EXPECT_EQ(texts(multilingual.tokenize("l\u02BC\u064E\u00E9t\u00E9")),
            (std::vector<std::string>{"l\u02BC\u064E", "\u00E9t\u00E9"}));
}

TEST(Tokenizer, UnknownLanguageIsAnError) {
  TokenizerOptions o;
  o.lang = "de";
  EXPECT_THROW(Tokenizer{o}, InvalidArgument);
}

TEST(Tokenizer, HugeWordAndHugeDocument) {
  const Tokenizer tok = make("xx");
  const std::string word(10u << 20, 'a');
  const Doc one = tok.tokenize(word);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one.tokens()[0].span.end, word.size());
  const std::string sentence = "Le ministre d’État a parlé à Rabat. ";  // 9 tokens
  std::string big;
  std::size_t n = 0;
  for (; big.size() < (20u << 20); ++n) big += sentence;
  const Doc doc = tok.tokenize(big);
  EXPECT_EQ(doc.size(), 9 * n);
  EXPECT_EQ(doc.sentences().size(), n);
}

}  // namespace
}  // namespace newsnlp

namespace newsnlp {
namespace {

TEST(Tokenizer, AssumeValidSkipsOnlyTheCheck) {
  const Tokenizer tok = make("fr");
  const std::vector<std::string> docs = {"L’État « 1\u202F000 » !", "", "M. Bourita."};
  const std::vector<std::string_view> views(docs.begin(), docs.end());
  const auto checked = tok.tokenize_batch(views, 2);
  const auto trusted = tok.tokenize_batch(views, 2, {}, InputCheck::kAssumeValid);
  ASSERT_EQ(checked.size(), trusted.size());
  for (std::size_t d = 0; d < docs.size(); ++d) {
    EXPECT_EQ(texts(checked[d]), texts(trusted[d]));
    EXPECT_EQ(norms(checked[d]), norms(trusted[d]));
    EXPECT_EQ(sentence_texts(checked[d]), sentence_texts(trusted[d]));
  }
}

}  // namespace
}  // namespace newsnlp

namespace newsnlp {
namespace {

TEST(Tokenizer, CliticsAreCountedAsTheirPronoun) {
  const Tokenizer tok = make("fr");
  const Doc doc = tok.tokenize("Viendra-t-il ? Est-ce vrai ?");
  EXPECT_EQ(texts(doc), (std::vector<std::string>{"Viendra", "-t", "-il", "?", "Est", "-ce", "vrai", "?"}));
  EXPECT_EQ(norms(doc), (std::vector<std::string>{"viendra", "t", "il", "?", "est", "ce", "vrai", "?"}));
  EXPECT_TRUE(tok.is_stop_word(doc.norm(doc.tokens()[2])));
  EXPECT_TRUE(tok.is_stop_word("m."));  // titles are no keywords
}

}  // namespace
}  // namespace newsnlp
