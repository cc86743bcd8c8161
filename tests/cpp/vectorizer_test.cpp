// Analyzer and CountVectorizer: scikit-learn's analyzers on pinned cases (expected values
// from scikit-learn 1.9), every input encoding, vocabulary learning and pruning, errors,
// threads, model files.
#include "newsnlp/vectorizer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "detail/analyzer_impl.hpp"
#include "detail/feature_union.hpp"

#include "newsnlp/analyzer.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

using Strings = std::vector<std::string>;

Strings analyze(AnalyzerOptions o, std::string_view text) {
  return Analyzer(std::move(o)).analyze(text);
}

AnalyzerOptions with_kind(AnalyzerKind kind, std::uint32_t lo, std::uint32_t hi) {
  AnalyzerOptions o;
  o.kind = kind;
  o.ngram_min = lo;
  o.ngram_max = hi;
  return o;
}

std::vector<std::vector<std::int64_t>> dense(const SparseMatrix& m) {
  return std::visit(
      [](const auto& x) {
        std::vector<std::vector<std::int64_t>> out(x.rows(), std::vector<std::int64_t>(x.cols(), 0));
        for (int r = 0; r < x.outerSize(); ++r) {
          for (typename std::decay_t<decltype(x)>::InnerIterator it(x, r); it; ++it) {
            out[r][it.col()] = static_cast<std::int64_t>(it.value());
          }
        }
        return out;
      },
      m);
}

Strings features(const CountVectorizer& v) {
  Strings out;
  for (std::uint32_t i = 0; i < v.vocabulary().size(); ++i) out.emplace_back(v.vocabulary().str(i));
  return out;
}

TEST(Analyzer, DefaultTokenPatternAndLowercase) {
  EXPECT_EQ(analyze({}, "Hello, WORLD! it's a test_case 42 x"),
            (Strings{"hello", "world", "it", "test_case", "42"}));
  AnalyzerOptions single;
  single.min_token_length = 1;
  EXPECT_EQ(analyze(single, "a b2 c"), (Strings{"a", "b2", "c"}));
  AnalyzerOptions keep_case;
  keep_case.lowercase = false;
  EXPECT_EQ(analyze(keep_case, "Oil PRICES"), (Strings{"Oil", "PRICES"}));
}

TEST(Analyzer, FinalSigmaAsPythonLowers) {
  EXPECT_EQ(analyze({}, "ΟΔΟΣ ΣΟΦΟΚΛΕΟΥΣ Σ"), (Strings{"οδος", "σοφοκλεους"}));
}

TEST(Analyzer, AccentStripping) {
  AnalyzerOptions uni;
  uni.strip_accents = StripAccents::kUnicode;
  EXPECT_EQ(analyze(uni, "Élève naïve ﬁn ½ Straße İstanbul"),
            (Strings{"eleve", "naive", "fin", "straße", "istanbul"}));
  AnalyzerOptions ascii;
  ascii.strip_accents = StripAccents::kAscii;
  EXPECT_EQ(analyze(ascii, "Élève naïve ﬁn ½ Straße İstanbul"),
            (Strings{"eleve", "naive", "fin", "12", "strae", "istanbul"}));
}

TEST(Analyzer, CombiningMarksSplitWordsUnlessStripped) {
  EXPECT_EQ(analyze({}, "cafe\xcc\x81s"), (Strings{"cafe"}));  // U+0301 is not \w
  AnalyzerOptions uni;
  uni.strip_accents = StripAccents::kUnicode;
  EXPECT_EQ(analyze(uni, "cafe\xcc\x81s"), (Strings{"cafes"}));
}

TEST(Analyzer, CharAndCharWbNgramsInScikitLearnOrder) {
  EXPECT_EQ(analyze(with_kind(AnalyzerKind::kChar, 1, 2), "Ab  c\n"),
            (Strings{"a", "b", " ", "c", "\n", "ab", "b ", " c", "c\n"}));
  EXPECT_EQ(analyze(with_kind(AnalyzerKind::kCharWb, 2, 3), "ab c"),
            (Strings{" a", "ab", "b ", " ab", "ab ", " c", "c ", " c "}));
}

TEST(Analyzer, StopWordsBeforeNgrams) {
  AnalyzerOptions o = with_kind(AnalyzerKind::kWord, 1, 3);
  o.stop_words = {"the"};
  EXPECT_EQ(analyze(o, "the cat sat on the mat"),
            (Strings{"cat", "sat", "on", "mat", "cat sat", "sat on", "on mat", "cat sat on",
                     "sat on mat"}));
}

TEST(Analyzer, EveryEncodingGivesTheSameFeatures) {
  const std::u32string text = U"Élan ΣΟΦΟΣ ’quoted’ naïve";
  const Strings expected = analyze({}, "Élan ΣΟΦΟΣ ’quoted’ naïve");
  const std::vector<std::uint32_t> ucs4(text.begin(), text.end());
  const std::vector<std::uint16_t> ucs2(text.begin(), text.end());
  const Analyzer a;
  EXPECT_EQ(a.analyze(TextView(ucs4.data(), ucs4.size(), TextEncoding::kUcs4)), expected);
  EXPECT_EQ(a.analyze(TextView(ucs2.data(), ucs2.size(), TextEncoding::kUcs2)), expected);
  const std::string latin1 = "\xC9lan na\xEFve";  // "Élan naïve"
  EXPECT_EQ(a.analyze(TextView(latin1.data(), latin1.size(), TextEncoding::kLatin1)),
            (Strings{"élan", "naïve"}));
}

// UCS-2 Arabic letters are cut 16 or 32 at a time with ASCII separators, or copied up to 8
// at a time (SSE2); UTF-8 and UCS-4 ones one by one: random mixes of letters, separators
// and what ends a run (ASCII words, harakat, Arabic comma and digits, Latin letters), at
// every alignment, must give the same features, with and without stop words and accent
// stripping, and tokens must come from the same code units (what entity replacement uses).
TEST(Analyzer, ArabicInUcs2MatchesUtf8) {
  const std::u32string alphabet = U"\u0627\u0628\u062A\u0644\u0645\u0646\u064A\u0620\u064A"
                                  U"     .,;-\n\u060C\u064B\u0660aB1_\u00E9";
  std::mt19937 random(11);
  AnalyzerOptions stripped;
  stripped.strip_accents = StripAccents::kUnicode;
  AnalyzerOptions stop;
  stop.stop_words = {"\xD8\xA8\xD8\xAA"};  // "\u0628\u062A"
  for (const AnalyzerOptions& o : {AnalyzerOptions{}, stripped, stop}) {
    const Analyzer a(o);
    const auto cut = [&](TextView text, std::vector<std::uint32_t>& sources) {
      detail::TokenList tokens;
      const auto keep = [&](std::string_view t) { return a.impl().keep(t); };
      detail::WordCutter<decltype(keep)>(a.impl().tables->impl(), *a.impl().preprocessor, text,
                                         tokens, 2, keep, !o.stop_words.empty(), &sources)
          .run();
      Strings out;
      for (std::size_t t = 0; t < tokens.size(); ++t) out.emplace_back(tokens[t]);
      return out;
    };
    for (int round = 0; round < 3000; ++round) {
      std::u32string text;
      const int length = static_cast<int>(random() % 150);
      for (int k = 0; k < length; ++k) {
        // Mostly letters and spaces, as in Arabic news; sometimes anything.
        const std::size_t pick = random() % 4 == 0 ? random() % alphabet.size() : random() % 12;
        text += alphabet[pick];
      }
      std::string utf8;
      for (const char32_t c : text) {
        if (c < 0x80) {
          utf8 += static_cast<char>(c);
        } else {
          utf8 += static_cast<char>(0xC0 | (c >> 6));
          utf8 += static_cast<char>(0x80 | (c & 0x3F));
        }
      }
      const std::vector<std::uint16_t> ucs2(text.begin(), text.end());
      const TextView view(ucs2.data(), ucs2.size(), TextEncoding::kUcs2);
      ASSERT_EQ(a.analyze(view), a.analyze(TextView(utf8))) << "round " << round;
      std::vector<std::uint32_t> from_ucs2, from_ucs4;
      const std::vector<std::uint32_t> ucs4(text.begin(), text.end());
      const TextView wide(ucs4.data(), ucs4.size(), TextEncoding::kUcs4);
      ASSERT_EQ(cut(view, from_ucs2), cut(wide, from_ucs4)) << "round " << round;
      ASSERT_EQ(from_ucs2, from_ucs4) << "round " << round;
    }
  }
}

TEST(SparseMatrix, AdoptTakesTheArraysOverWithoutACopy) {
  CsrMatrix<double> m(2, 3);
  m.insert(0, 1) = 1.5;
  m.insert(1, 2) = 2.5;
  m.makeCompressed();
  const double* values = m.valuePtr();
  const SparseMatrix s = adopt(m);
  const auto& held = std::get<CsrMatrix<double>>(s);
  EXPECT_EQ(held.valuePtr(), values);  // the same buffer: not copied
  EXPECT_EQ(held.coeff(1, 2), 2.5);
  EXPECT_EQ(m.nonZeros(), 0);
}

TEST(Analyzer, RejectsBadOptionsAndInput) {
  EXPECT_THROW(Analyzer(with_kind(AnalyzerKind::kWord, 2, 1)), InvalidArgument);
  EXPECT_THROW(Analyzer(with_kind(AnalyzerKind::kWord, 0, 1)), InvalidArgument);
  EXPECT_THROW(parse_analyzer_kind("words"), InvalidArgument);
  EXPECT_THROW(Analyzer().analyze(std::string_view("bad \xff")), InvalidUtf8);
}

TEST(CountVectorizer, LearnsASortedVocabularyAndCounts) {
  const std::vector<std::string> docs{"oil prices rise", "oil prices fall",
                                      "gas prices rise again", "oil oil oil"};
  const std::vector<TextView> views(docs.begin(), docs.end());
  CountVectorizer v;
  const SparseMatrix m = v.fit_transform(views);
  ASSERT_TRUE(std::holds_alternative<CsrMatrix<std::int64_t>>(m));
  EXPECT_EQ(features(v), (Strings{"again", "fall", "gas", "oil", "prices", "rise"}));
  EXPECT_EQ(dense(m), (std::vector<std::vector<std::int64_t>>{
                          {0, 0, 0, 1, 1, 1}, {0, 1, 0, 1, 1, 0}, {1, 0, 1, 0, 1, 1}, {0, 0, 0, 3, 0, 0}}));
  EXPECT_EQ(v.document_frequencies(), (std::vector<std::int64_t>{1, 1, 1, 3, 3, 2}));
  EXPECT_EQ(v.n_documents(), 4u);
  const std::string unseen = "oil and more oil";
  EXPECT_EQ(dense(v.transform({TextView(std::string_view(unseen))})), (std::vector<std::vector<std::int64_t>>{{0, 0, 0, 2, 0, 0}}));
}

TEST(CountVectorizer, PrunesByDocumentFrequencyAndMaxFeatures) {
  const std::vector<std::string> docs{"a1 b1 c1", "a1 b1", "a1", "a1 d1 d1 d1"};
  const std::vector<TextView> views(docs.begin(), docs.end());
  CountVectorizerOptions o;
  o.min_df = DocumentFrequency::count(2);
  CountVectorizer v(o);
  v.fit(views);
  EXPECT_EQ(features(v), (Strings{"a1", "b1"}));
  o = {};
  o.max_df = DocumentFrequency::fraction(0.5);  // at most 2 of 4 documents
  CountVectorizer w(o);
  w.fit(views);
  EXPECT_EQ(features(w), (Strings{"b1", "c1", "d1"}));
  o = {};
  o.max_features = 2;  // most frequent over the corpus: a1 (4), d1 (3)
  CountVectorizer x(o);
  x.fit(views);
  EXPECT_EQ(features(x), (Strings{"a1", "d1"}));
  o = {};
  o.min_df = DocumentFrequency::count(3);
  o.max_df = DocumentFrequency::count(2);
  EXPECT_THROW(
      {
        try {
          CountVectorizer(o).fit(views);
        } catch (const InvalidArgument& e) {
          EXPECT_STREQ(e.what(), "max_df corresponds to < documents than min_df");
          throw;
        }
      },
      InvalidArgument);
  o = {};
  o.min_df = DocumentFrequency::count(5);
  EXPECT_THROW(CountVectorizer(o).fit(views), InvalidArgument);
}

TEST(CountVectorizer, PrunesGivenStatisticsAsFitDoes) {
  // Statistics of "a1 b1 c1", "a1 b1", "a1", "a1 d1 d1 d1" in column order (a1 b1 c1 d1),
  // as a corpus split over machines would sum them.
  const std::vector<std::int64_t> df{4, 2, 1, 1}, tf{4, 2, 1, 3};
  CountVectorizerOptions o;
  o.max_df = DocumentFrequency::fraction(0.5);
  EXPECT_EQ(CountVectorizer(o).prune(df, tf, 4), (std::vector<std::size_t>{1, 2, 3}));
  o = {};
  o.max_features = 2;
  EXPECT_EQ(CountVectorizer(o).prune(df, tf, 4), (std::vector<std::size_t>{0, 3}));
  o = {};
  o.min_df = DocumentFrequency::count(5);
  EXPECT_THROW(CountVectorizer(o).prune(df, tf, 4), InvalidArgument);
  EXPECT_THROW(CountVectorizer().prune(df, {1, 2}, 4), InvalidArgument);
}

TEST(CountVectorizer, FixedVocabularyBinaryAndDtypes) {
  CountVectorizerOptions o;
  o.fixed_vocabulary = true;
  o.vocabulary = {"oil", "gas", "absent"};
  o.binary = true;
  o.dtype = ScalarType::kFloat32;
  CountVectorizer v(o);
  const std::string doc = "oil oil gas oil";
  const SparseMatrix m = v.transform({TextView(std::string_view(doc))});  // a fixed vocabulary needs no fit
  ASSERT_TRUE(std::holds_alternative<CsrMatrix<float>>(m));
  EXPECT_EQ(dense(m), (std::vector<std::vector<std::int64_t>>{{1, 1, 0}}));
  o.vocabulary = {"a", "a"};
  EXPECT_THROW(CountVectorizer{o}, InvalidArgument);
}

TEST(CountVectorizer, ErrorsNameTheProblem) {
  EXPECT_THROW(CountVectorizer().transform({std::string_view("x")}), NotFitted);
  const std::vector<std::string> empty{"", "!", "a"};
  try {
    CountVectorizer().fit(std::vector<TextView>(empty.begin(), empty.end()));
    FAIL() << "no error";
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "empty vocabulary; perhaps the documents only contain stop words");
  }
  const std::vector<std::string> bad{"fine text", "bad \xc3\x28 utf8"};
  try {
    CountVectorizer().fit(std::vector<TextView>(bad.begin(), bad.end()));
    FAIL() << "no error";
  } catch (const InvalidUtf8& e) {
    EXPECT_EQ(e.document(), 1);
    EXPECT_EQ(e.byte_offset(), 4u);
    EXPECT_NE(std::string(e.what()).find("document 1"), std::string::npos);
  }
}

TEST(CountVectorizer, ResultsDoNotDependOnThreads) {
  std::vector<std::string> docs;
  for (int i = 0; i < 3000; ++i) {
    docs.push_back("w" + std::to_string(i % 97) + " x" + std::to_string(i % 13) + " common w" +
                   std::to_string((i * 7) % 101));
  }
  const std::vector<TextView> views(docs.begin(), docs.end());
  CountVectorizerOptions o;
  o.analyzer.ngram_max = 2;
  CountVectorizer one(o), two(o), four(o);
  const auto a = std::get<CsrMatrix<std::int64_t>>(one.fit_transform(views, 1));
  const auto b = std::get<CsrMatrix<std::int64_t>>(two.fit_transform(views, 2));
  const auto c = std::get<CsrMatrix<std::int64_t>>(four.fit_transform(views, 4));
  EXPECT_TRUE(a.isApprox(b) && a.isApprox(c));
  EXPECT_EQ(features(one), features(four));
  for (int r = 0; r < a.outerSize(); ++r) {  // columns sorted within rows
    for (auto k = a.outerIndexPtr()[r] + 1; k < a.outerIndexPtr()[r + 1]; ++k) {
      EXPECT_LT(a.innerIndexPtr()[k - 1], a.innerIndexPtr()[k]);
    }
  }
}

// Counting keeps a word's entry in its row without branching on repeats: every count,
// document frequency and transform must still be what a plain map count gives, with words
// of up to 8, 9-16 and more bytes repeated in random patterns.
TEST(CountVectorizer, CountsRepeatsAsAPlainMapDoes) {
  const Strings words{"oil", "gas", "prices", "opec", "internationalisation", "barrels",
                      "production", "agreement", "ministers", "xx", "negotiations2026"};
  std::mt19937 random(7);
  std::vector<std::string> docs;
  std::vector<std::map<std::string, std::int64_t>> expected;
  std::map<std::string, std::int64_t> df;
  for (int i = 0; i < 600; ++i) {
    std::string d;
    std::map<std::string, std::int64_t> row;
    const int length = static_cast<int>(random() % 40);
    for (int k = 0; k < length; ++k) {
      const std::string& w = words[random() % (1 + i % words.size())];  // some rows repeat a lot
      d += w + " ";
      ++row[w];
    }
    for (const auto& entry : row) ++df[entry.first];
    docs.push_back(d);
    expected.push_back(row);
  }
  const std::vector<TextView> views(docs.begin(), docs.end());
  for (const int threads : {1, 2}) {
    CountVectorizer v;
    const auto fitted = dense(v.fit_transform(views, threads));
    const Strings names = features(v);
    std::vector<std::int64_t> df_expected;
    for (const std::string& w : names) df_expected.push_back(df[w]);
    EXPECT_EQ(v.document_frequencies(), df_expected);
    const auto again = dense(v.transform(views, threads));
    for (std::size_t d = 0; d < docs.size(); ++d) {
      for (std::size_t c = 0; c < names.size(); ++c) {
        const auto it = expected[d].find(names[c]);
        const std::int64_t want = it == expected[d].end() ? 0 : it->second;
        ASSERT_EQ(fitted[d][c], want) << "document " << d << ", " << names[c];
        ASSERT_EQ(again[d][c], want) << "document " << d << ", " << names[c];
      }
    }
  }
}

// Enough features for the union to be merged in several key ranges (one per thread), with
// long words sharing their first 16 bytes (ordered by the rest) and words held by several
// workers: the vocabulary, frequencies and matrix must not depend on the split.
TEST(CountVectorizer, VocabularyMergedByKeyRangesMatchesOneThread) {
  std::vector<std::string> docs;
  for (int i = 0; i < 8000; ++i) {
    std::string d;
    for (int k = 0; k < 16; ++k) {
      const int w = (i * 37 + k * 1009) % 50000;
      d += (w % 3 == 0 ? "internationalisation" : w % 3 == 1 ? "intern" : "i") + std::to_string(w) + " ";
    }
    d += "shared common " + std::to_string(i % 50);
    docs.push_back(d);
  }
  const std::vector<TextView> views(docs.begin(), docs.end());
  CountVectorizerOptions o;
  o.min_df = DocumentFrequency::count(2);
  CountVectorizer one(o), two(o), four(o);
  const auto a = std::get<CsrMatrix<std::int64_t>>(one.fit_transform(views, 1));
  const auto b = std::get<CsrMatrix<std::int64_t>>(two.fit_transform(views, 2));
  const auto c = std::get<CsrMatrix<std::int64_t>>(four.fit_transform(views, 4));
  const Strings names = features(one);
  ASSERT_GT(names.size(), 4u * 4096u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(names, features(two));
  EXPECT_EQ(names, features(four));
  EXPECT_TRUE(a.isApprox(b) && a.isApprox(c));
  EXPECT_EQ(one.document_frequencies(), four.document_frequencies());
  // max_features ranks by total counts, which the ranges sum over the workers too.
  o.max_features = 5000;
  CountVectorizer top_one(o), top_four(o);
  const auto d = std::get<CsrMatrix<std::int64_t>>(top_one.fit_transform(views, 1));
  const auto e = std::get<CsrMatrix<std::int64_t>>(top_four.fit_transform(views, 4));
  EXPECT_EQ(features(top_one).size(), 5000u);
  EXPECT_EQ(features(top_one), features(top_four));
  EXPECT_TRUE(d.isApprox(e));
}

// Features are ordered by their bytes even where a zero-padded 16-byte prefix cannot tell
// them apart: U+0000 inside ("ab" < "ab\0"), and words longer than 16 bytes.
TEST(CountVectorizer, FeaturesOrderByBytesWithNulAndLongPrefixes) {
  using namespace std::string_literals;
  const std::vector<std::string> docs{"ab\0\0ab a\0b"s, "abcdefghijklmnopq abcdefghijklmnop"s,
                                      "abcdefghijklmnopqr ab\0"s};
  const std::vector<TextView> views(docs.begin(), docs.end());
  CountVectorizerOptions o;
  o.analyzer = with_kind(AnalyzerKind::kChar, 1, 3);
  CountVectorizer v(o);
  v.fit(views, 1);
  Strings names = features(v);
  Strings sorted = names;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(names, sorted);
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
  CountVectorizer words{CountVectorizerOptions{}};
  words.fit(views, 2);
  EXPECT_EQ(features(words),
            (Strings{"ab", "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnopqr"}));
}

TEST(CountVectorizer, ModelFilesRoundTripAndRejectCorruption) {
  const std::vector<std::string> docs{"oil prices rise", "gas prices fall"};
  const std::vector<TextView> views(docs.begin(), docs.end());
  CountVectorizerOptions o;
  o.analyzer.ngram_max = 2;
  o.min_df = DocumentFrequency::count(1);
  CountVectorizer v(o);
  const auto expected = dense(v.fit_transform(views));
  std::string meta;
  const std::string bytes = v.to_bytes("{\"note\": 1}");
  const CountVectorizer loaded = CountVectorizer::from_bytes(bytes, "<test>", nullptr, &meta);
  EXPECT_EQ(meta, "{\"note\": 1}");
  EXPECT_EQ(features(loaded), features(v));
  EXPECT_EQ(dense(loaded.transform(views)), expected);
  std::string flipped = bytes;
  flipped[flipped.size() - 5] ^= 0x10;
  EXPECT_THROW(CountVectorizer::from_bytes(flipped), IoError);
  EXPECT_THROW(CountVectorizer::from_bytes(bytes.substr(0, bytes.size() / 2)), IoError);
  EXPECT_THROW(CountVectorizer::load("/nonexistent/model.bin"), IoError);
}

}  // namespace
}  // namespace newsnlp
