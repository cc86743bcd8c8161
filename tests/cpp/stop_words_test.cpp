#include "newsnlp/stop_words.hpp"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "newsnlp/error.hpp"

namespace {

using newsnlp::builtin_stop_words;

std::vector<UChar32> code_points(const std::string& s) {
  std::vector<UChar32> out;
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(p, i, length, c);
    out.push_back(c);  // negative for ill-formed UTF-8
  }
  return out;
}

bool contains(const std::vector<std::string>& words, std::string_view word) {
  return std::binary_search(words.begin(), words.end(), std::string(word));
}

std::uint64_t fnv1a_joined(const std::vector<std::string>& words) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string item = (i == 0 ? "" : "\n") + words[i];
    for (unsigned char b : item) {
      h ^= b;
      h *= 0x100000001b3ULL;
    }
  }
  return h;
}

TEST(StopWords, LanguagesAreArEnFr) {
  EXPECT_EQ(newsnlp::stop_word_languages(), (std::vector<std::string>{"ar", "en", "fr"}));
  for (const auto& lang : newsnlp::stop_word_languages()) {
    EXPECT_FALSE(builtin_stop_words(lang).empty()) << lang;
  }
}

TEST(StopWords, SizesAreInRange) {
  EXPECT_EQ(builtin_stop_words("en").size(), 318u);
  EXPECT_GE(builtin_stop_words("fr").size(), 200u);
  EXPECT_LE(builtin_stop_words("fr").size(), 350u);
  EXPECT_GE(builtin_stop_words("ar").size(), 150u);
  EXPECT_LE(builtin_stop_words("ar").size(), 250u);
}

TEST(StopWords, ListsAreSortedUniqueAndWellFormed) {
  for (const auto& lang : newsnlp::stop_word_languages()) {
    const auto& words = builtin_stop_words(lang);
    EXPECT_TRUE(std::is_sorted(words.begin(), words.end())) << lang;
    EXPECT_EQ(std::adjacent_find(words.begin(), words.end()), words.end()) << lang;
    for (const auto& w : words) {
      EXPECT_FALSE(w.empty()) << lang;
      for (UChar32 c : code_points(w)) {
        EXPECT_GE(c, 0) << lang << ": ill-formed UTF-8 in \"" << w << '"';
        EXPECT_FALSE(u_isUWhiteSpace(c)) << lang << ": whitespace in \"" << w << '"';
      }
    }
  }
}

TEST(StopWords, EnglishEqualsScikitLearn) {
  const auto& en = builtin_stop_words("en");
  ASSERT_EQ(en.size(), 318u);
  EXPECT_EQ(en.front(), "a");
  EXPECT_EQ(en.back(), "yourselves");
  // Quirks of the Glasgow list that scikit-learn kept.
  for (const char* w : {"amoungst", "bill", "cant", "co", "couldnt", "cry", "de", "eg", "etc",
                        "fire", "hasnt", "ie", "inc", "ltd", "mill", "sincere", "system", "thick",
                        "thru", "un", "the", "and", "of", "whereupon", "themselves"}) {
    EXPECT_TRUE(contains(en, w)) << w;
  }
  for (const char* w : {"i'm", "don't", "s", "t", "just", "can't", "ain", "did", "doing"}) {
    EXPECT_FALSE(contains(en, w)) << w;
  }
  // FNV-1a 64 of sorted(ENGLISH_STOP_WORDS) joined with "\n", computed with scikit-learn.
  EXPECT_EQ(fnv1a_joined(en), 0x9d129659ee001eb8ULL);
}

TEST(StopWords, FrenchHasFunctionWordsAndElisionsWithStraightApostrophe) {
  const auto& fr = builtin_stop_words("fr");
  for (const char* w : {"l'", "d'", "qu'", "n'", "s'", "c'", "j'", "m'", "t'", "jusqu'", "lorsqu'",
                        "puisqu'", "le", "la", "les", "un", "une", "des", "du", "de", "à", "où",
                        "et", "ou", "mais", "donc", "est", "sont", "été", "être", "avoir", "ont",
                        "qui", "que", "dans", "pour", "avec", "sur", "nous", "vous", "ils"}) {
    EXPECT_TRUE(contains(fr, w)) << w;
  }
  for (const char* w : {"l\u2019", "qu\u2019", "L'", "Le", "aujourd'hui", "maroc", "ministre"}) {
    EXPECT_FALSE(contains(fr, w)) << w;
  }
}

TEST(StopWords, WordsAreCaseFoldedNfkcNormsWithUnifiedPunctuation) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  const std::vector<UChar32> unified = {0x2019, 0x2018, 0x00B4, 0x02BC, 0x0060, 0x00AB, 0x00BB,
                                        0x201C, 0x201D, 0x201E, 0x2039, 0x203A, 0x2010, 0x2011,
                                        0x2012, 0x2013, 0x2014, 0x2015, 0x2212};
  for (const auto& lang : newsnlp::stop_word_languages()) {
    for (const auto& w : builtin_stop_words(lang)) {
      const icu::UnicodeString u = icu::UnicodeString::fromUTF8(w);
      EXPECT_TRUE(nfkc->isNormalized(u, status)) << lang << ": not NFKC: " << w;
      ASSERT_TRUE(U_SUCCESS(status)) << u_errorName(status);
      for (UChar32 c : code_points(w)) {
        EXPECT_FALSE(u_isupper(c)) << lang << ": upper case in " << w;
        EXPECT_EQ(u_foldCase(c, U_FOLD_CASE_DEFAULT), c) << lang << ": not case-folded: " << w;
        EXPECT_EQ(std::count(unified.begin(), unified.end(), c), 0)
            << lang << ": punctuation not unified in " << w;
      }
    }
  }
}

TEST(StopWords, ArabicHasNoTashkeelNoTatweelAndFoldedAlef) {
  const auto& ar = builtin_stop_words("ar");
  for (const auto& w : ar) {
    for (UChar32 c : code_points(w)) {
      EXPECT_FALSE(c >= 0x064B && c <= 0x065F) << "tashkeel in " << w;
      EXPECT_NE(c, 0x0670) << "superscript alef in " << w;
      EXPECT_NE(c, 0x0640) << "tatweel in " << w;
      EXPECT_NE(c, 0x0623) << "alef with hamza above in " << w;   // أ
      EXPECT_NE(c, 0x0625) << "alef with hamza below in " << w;   // إ
      EXPECT_NE(c, 0x0622) << "alef with madda in " << w;         // آ
      EXPECT_NE(c, 0x0671) << "alef wasla in " << w;              // ٱ
      EXPECT_TRUE((c >= 0x0621 && c <= 0x064A)) << "not an Arabic letter in " << w;
    }
  }
  for (const char* w : {"في", "من", "على", "الى", "عن", "مع", "هذا", "هذه", "التي", "الذي", "ان",
                        "او", "لا", "ما", "كان", "قد", "الان", "اكثر"}) {
    EXPECT_TRUE(contains(ar, w)) << w;
  }
  for (const char* w : {"إلى", "أن", "إن", "أو", "الآن", "فِي"}) {
    EXPECT_FALSE(contains(ar, w)) << w;
  }
}

TEST(StopWords, UnknownLanguageThrowsNamingIt) {
  for (const char* lang : {"de", "", "FR", "fr-FR", "english"}) {
    try {
      builtin_stop_words(lang);
      ADD_FAILURE() << "no exception for \"" << lang << '"';
    } catch (const newsnlp::InvalidArgument& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find('"' + std::string(lang) + '"'), std::string::npos) << message;
      EXPECT_NE(message.find("ar, en, fr"), std::string::npos) << message;
    }
  }
  EXPECT_THROW(builtin_stop_words("es"), newsnlp::Error);
}

TEST(StopWords, ReturnsOneSharedInstanceAcrossThreads) {
  std::vector<const std::vector<std::string>*> seen(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] { seen[i] = &builtin_stop_words(i % 2 ? "fr" : "ar"); });
  }
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i], &builtin_stop_words(i % 2 ? "fr" : "ar")) << i;
  }
  EXPECT_EQ(&builtin_stop_words("en"), &builtin_stop_words("en"));
}

}  // namespace
