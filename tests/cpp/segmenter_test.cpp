// The fast segmenters in detail/ against ICU's BreakIterator (through newsnlp::
// word_boundaries / sentence_boundaries): Unicode's test files, three news corpora and
// random text built from the characters the rules care about.
#include <gtest/gtest.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "detail/sentence_segmenter.hpp"
#include "detail/utf8.hpp"
#include "detail/word_segmenter.hpp"
#include "jsonl_reader.hpp"
#include "newsnlp/boundaries.hpp"
#include "unicode_test_file.hpp"

namespace {

using Boundaries = std::vector<std::uint32_t>;

Boundaries to_u32(const std::vector<std::size_t>& v) { return Boundaries(v.begin(), v.end()); }

Boundaries icu_words(std::string_view text) { return to_u32(newsnlp::word_boundaries(text)); }
Boundaries icu_sentences(std::string_view text) {
  return to_u32(newsnlp::sentence_boundaries(text));
}

bool have_shared_data() { return std::filesystem::exists(NEWSNLP_SHARED_DATA); }

// Where two boundary lists first differ, with the text around it, for failure messages.
std::string first_difference(std::string_view text, const Boundaries& got,
                             const Boundaries& want) {
  std::size_t k = 0;
  while (k < got.size() && k < want.size() && got[k] == want[k]) ++k;
  const std::size_t at = std::min<std::size_t>(
      k < got.size() ? got[k] : text.size(), k < want.size() ? want[k] : text.size());
  const std::size_t from = at > 40 ? at - 40 : 0;
  return "first difference at byte " + std::to_string(at) + " (fast " +
         (k < got.size() ? std::to_string(got[k]) : "end") + ", ICU " +
         (k < want.size() ? std::to_string(want[k]) : "end") + ") in \"" +
         std::string(text.substr(from, 80)) + "\"";
}

// --- Unicode test files -------------------------------------------------------------

template <class Segmenter>
void check_test_file(const std::string& file_name, bool (*is_deviation)(
                                                       const newsnlp::testing::BreakTestCase&)) {
  if (!have_shared_data()) GTEST_SKIP() << "no shared data folder";
  const auto cases =
      newsnlp::testing::read_break_tests(newsnlp::testing::unicode_test_path(file_name));
  ASSERT_GT(cases.size(), 100u);
  const Segmenter segmenter;
  Boundaries got;
  int passed = 0;
  for (const auto& c : cases) {
    segmenter.segment(c.utf8, got);
    const Boundaries want = to_u32(c.boundaries);
    if (is_deviation(c)) {
      // ICU deviates here; the fast segmenter must deviate the same way.
      EXPECT_NE(got, want) << "line " << c.line_number << ": " << c.source;
      EXPECT_EQ(got, icu_words(c.utf8)) << "line " << c.line_number << ": " << c.source;
    } else {
      passed += got == want;
      EXPECT_EQ(got, want) << "line " << c.line_number << ": " << c.source;
    }
  }
  std::printf("[ %s ] fast segmenter: %d of %zu lines match the file\n", file_name.c_str(),
              passed, cases.size());
}

bool no_deviation(const newsnlp::testing::BreakTestCase&) { return false; }

// --- Corpora ------------------------------------------------------------------------

struct Corpus {
  const char* name;
  const char* path;  // under NEWSNLP_SHARED_DATA
  const char* field;
};

const Corpus kCorpora[] = {
    {"reuters21578 (en)", "/reuters21578/reuters21578.jsonl", "body"},
    {"orangesum (fr)", "/orangesum_fr/orangesum_fr.jsonl", "text"},
    {"saudinewsnet (ar)", "/saudinewsnet_ar/saudinewsnet_ar_sample.jsonl", "text"},
};

const std::vector<std::string>& documents(const Corpus& corpus) {
  static std::map<std::string, std::vector<std::string>> cache;
  auto it = cache.find(corpus.name);
  if (it == cache.end()) {
    it = cache
             .emplace(corpus.name, newsnlp::testing::read_jsonl_field(
                                       std::string(NEWSNLP_SHARED_DATA) + corpus.path,
                                       corpus.field))
             .first;
  }
  return it->second;
}

template <class Segmenter>
void check_corpora(Boundaries (*reference)(std::string_view)) {
  if (!have_shared_data()) GTEST_SKIP() << "no shared data folder";
  const Segmenter segmenter;
  Boundaries got;
  for (const Corpus& corpus : kCorpora) {
    const auto& docs = documents(corpus);
    ASSERT_GT(docs.size(), 1000u) << corpus.name;
    int mismatches = 0;
    for (std::size_t d = 0; d < docs.size(); ++d) {
      segmenter.segment(docs[d], got);
      const Boundaries want = reference(docs[d]);
      if (got != want && ++mismatches <= 5) {
        ADD_FAILURE() << corpus.name << " document " << d << ": "
                      << first_difference(docs[d], got, want);
      }
    }
    EXPECT_EQ(mismatches, 0) << corpus.name;
    std::printf("[ %s ] %zu documents, %d differ from ICU\n", corpus.name, docs.size(),
                mismatches);
  }
}

// --- Random text --------------------------------------------------------------------

// Characters of every class the word and sentence rules distinguish, and a few of each
// dictionary script (whose regions the word segmenter hands to ICU).
const char32_t kPool[] = {
    'a', 'Z', 0xE9, 0xDF, 0x0627, 0x0644, 0x3B1,           // ALetter, Upper, Lower, OLetter
    '0', '7', 0x0663, 0xFF11,                                // Numeric
    ':', 0xB7, 0x05F4, 0x2027, 0xFE55, 0xFF1A,               // MidLetter (colon: tailored)
    ',', ';', 0x066C, 0xFE50,                                // MidNum
    '.', 0x2019, 0xFF0E, 0x2024,                             // MidNumLet, ATerm
    '\'', '"',                                               // Single/Double_Quote
    '_', 0x203F,                                             // ExtendNumLet
    0x0308, 0x0301, 0x064E, 0x0E31, 0xFE0F, 0x1F3FB,        // Extend
    0x00AD, 0x2060, 0xFEFF, 0x0600,                          // Format
    0x200D,                                                  // ZWJ
    0x1F600, 0x1F6D1, 0x2764, 0x261D, 0x2139,                // Extended_Pictographic
    0x1F1E6, 0x1F1E7,                                        // Regional_Indicator
    0x05D0, 0x05D1,                                          // Hebrew_Letter
    0x30A2, 0x30FC, 0xFF71, 0x3042, 0x4E00, 0x5B57, 0x20000, // Katakana, Hiragana, Han
    0x0E01, 0x0E32, 0x0E40, 0x0EA5, 0x1780, 0x1000,          // Thai, Lao, Khmer, Myanmar
    0xAC00, 0x1100,                                          // Hangul
    '\r', '\n', 0x0B, 0x85, 0x2028, 0x2029,                  // CR, LF, Newline / Sep
    ' ', 0x3000, 0x2003, 0xA0, '\t',                         // WSegSpace, Sp
    '!', '?', 0x061F, 0x061E, 0x061D, 0x06D4, 0x3002, 0x0964, 0xFF01,  // STerm
    0x0628, 0x06CC, 0x060C, 0x2023, 0x202F, 0x2030,          // beside the skipped ranges
    ')', '(', 0xAB, 0xBB, 0x201D,                            // Close
    '-', 0xFF0C, 0x3001,                                     // SContinue
    '$', '@', '#', '/', '+', '&', 0xA9, 0x2030,              // Other (or tailored: @)
    0xE0067, 0x10FFFD,                                       // a tag, private use
};

std::string random_text(std::mt19937& rng, std::size_t max_length) {
  std::uniform_int_distribution<std::size_t> length(1, max_length);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(kPool) - 1);
  std::string text;
  for (std::size_t k = length(rng); k > 0; --k) {
    newsnlp::detail::append_utf8(text, kPool[pick(rng)]);
  }
  return text;
}

template <class Segmenter>
void check_random(Boundaries (*reference)(std::string_view), unsigned seed) {
  std::mt19937 rng(seed);
  const Segmenter segmenter;
  Boundaries got;
  int mismatches = 0;
  for (int k = 0; k < 40000; ++k) {
    // Mostly short strings, where rules meet; some long ones, where regions meet.
    const std::string text = random_text(rng, k % 4 == 3 ? 80 : 12);
    segmenter.segment(text, got);
    const Boundaries want = reference(text);
    if (got != want && ++mismatches <= 10) {
      std::string hex;
      char32_t cp = 0;
      for (const char* p = text.data(); p < text.data() + text.size();) {
        p += newsnlp::detail::decode_utf8(p, text.data() + text.size(), cp);
        char buffer[12];
        std::snprintf(buffer, sizeof buffer, "%04X ", static_cast<unsigned>(cp));
        hex += buffer;
      }
      ADD_FAILURE() << "text " << hex << ": " << first_difference(text, got, want);
    }
  }
  EXPECT_EQ(mismatches, 0);
}

// --- Throughput ---------------------------------------------------------------------

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Best of three runs of `segment` over all documents, in MB/s; `count` receives the
// number of boundaries found.
template <class Segment>
double throughput(const std::vector<std::string>& docs, Segment segment, std::size_t& count) {
  std::size_t bytes = 0;
  for (const auto& d : docs) bytes += d.size();
  double best = 1e30;
  for (int run = 0; run < 3; ++run) {
    count = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const auto& d : docs) count += segment(d);
    best = std::min(best, seconds_since(start));
  }
  return bytes / 1e6 / best;
}

// Boundary count of one document by ICU's iterator, reused as a caller would.
std::size_t icu_count(icu::BreakIterator& iterator, const std::string& doc) {
  UErrorCode status = U_ZERO_ERROR;
  UText text = UTEXT_INITIALIZER;
  utext_openUTF8(&text, doc.data(), static_cast<int64_t>(doc.size()), &status);
  iterator.setText(&text, status);
  std::size_t count = 0;
  for (int32_t b = iterator.first(); b != icu::BreakIterator::DONE; b = iterator.next()) ++count;
  utext_close(&text);
  return count;
}

}  // namespace

TEST(WordSegmenter, WordBreakTestConformance) {
  check_test_file<newsnlp::detail::WordSegmenter>("WordBreakTest.txt",
                                                  newsnlp::testing::is_known_word_deviation);
}

TEST(SentenceSegmenter, SentenceBreakTestConformance) {
  check_test_file<newsnlp::detail::SentenceSegmenter>("SentenceBreakTest.txt", no_deviation);
}

TEST(WordSegmenter, EmptyTextHasOneBoundary) {
  Boundaries out{7, 8};
  newsnlp::detail::WordSegmenter().segment("", out);
  EXPECT_EQ(out, Boundaries{0});
  newsnlp::detail::SentenceSegmenter().segment("", out);
  EXPECT_EQ(out, Boundaries{0});
}

TEST(WordSegmenter, DictionaryScriptsSplitAsIcu) {
  const newsnlp::detail::WordSegmenter segmenter;
  Boundaries got;
  for (const char* text : {
           "\xE6\x9D\xB1\xE4\xBA\xAC\xE9\x83\xBD\xE3\x81\xAB\xE4\xBD\x8F\xE3\x82\x80 Tokyo",
           "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5\xE0\xB8\x84"
           "\xE0\xB8\xA3\xE0\xB8\xB1\xE0\xB8\x9A (Thai), 2024.",
           "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4" "a b",
           "\xE3\x82\xAB\xE3\x82\xBF\xE3\x82\xAB\xE3\x83\x8A_abc \xE6\xBC\xA2\xE5\xAD\x97" "123\n",
       }) {
    segmenter.segment(text, got);
    EXPECT_EQ(got, icu_words(text)) << text;
  }
}

TEST(WordSegmenter, SharedBetweenThreads) {
  std::mt19937 rng(7);
  std::vector<std::string> texts;
  std::vector<Boundaries> want;
  for (int k = 0; k < 400; ++k) {
    texts.push_back(random_text(rng, 60));
    want.push_back(icu_words(texts.back()));
  }
  const newsnlp::detail::WordSegmenter segmenter;
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Boundaries got;
      for (int round = 0; round < 5; ++round) {
        for (std::size_t k = 0; k < texts.size(); ++k) {
          segmenter.segment(texts[k], got);
          mismatches[t] += got != want[k];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

TEST(WordSegmenter, MatchesIcuOnCorpora) {
  check_corpora<newsnlp::detail::WordSegmenter>(icu_words);
}

TEST(SentenceSegmenter, MatchesIcuOnCorpora) {
  check_corpora<newsnlp::detail::SentenceSegmenter>(icu_sentences);
}

// Each BMP code point, doubled, between letters, digits and sentence ends: catches any
// property or root-rule tailoring of the linked ICU that the tables would miss.
TEST(WordSegmenter, EveryBmpCodePointMatchesIcu) {
  const newsnlp::detail::WordSegmenter words;
  const newsnlp::detail::SentenceSegmenter sentences;
  Boundaries got;
  int word_mismatches = 0, sentence_mismatches = 0;
  for (char32_t c = 0; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    for (const char* context : {"a|b", "1|2", "a. | b"}) {
      const std::string_view around(context);
      std::string text(around.substr(0, around.find('|')));
      newsnlp::detail::append_utf8(text, c);
      newsnlp::detail::append_utf8(text, c);
      text += around.substr(around.find('|') + 1);
      words.segment(text, got);
      if (got != icu_words(text) && ++word_mismatches <= 5) {
        ADD_FAILURE() << "words, U+" << std::hex << static_cast<unsigned>(c) << " in " << context;
      }
      sentences.segment(text, got);
      if (got != icu_sentences(text) && ++sentence_mismatches <= 5) {
        ADD_FAILURE() << "sentences, U+" << std::hex << static_cast<unsigned>(c) << " in "
                      << context;
      }
    }
  }
  EXPECT_EQ(word_mismatches, 0);
  EXPECT_EQ(sentence_mismatches, 0);
}

TEST(WordSegmenter, MatchesIcuOnRandomText) {
  check_random<newsnlp::detail::WordSegmenter>(icu_words, 29);
}

TEST(SentenceSegmenter, MatchesIcuOnRandomText) {
  check_random<newsnlp::detail::SentenceSegmenter>(icu_sentences, 2911);
}

// Prints MB/s of the fast segmenters and of ICU's iterator loop; asserts only that both
// find the same number of boundaries (timings vary too much to assert on).
TEST(SegmenterThroughput, PrintsMegabytesPerSecond) {
  if (!have_shared_data()) GTEST_SKIP() << "no shared data folder";
  const newsnlp::detail::WordSegmenter words;
  const newsnlp::detail::SentenceSegmenter sentences;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> icu_word(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  std::unique_ptr<icu::BreakIterator> icu_sentence(
      icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  ASSERT_TRUE(U_SUCCESS(status));
  Boundaries out;
  for (const Corpus& corpus : kCorpora) {
    const auto& docs = documents(corpus);
    std::size_t fast_words = 0, fast_sentences = 0, icu_words_n = 0, icu_sentences_n = 0;
    const double w = throughput(
        docs, [&](const std::string& d) { return words.segment(d, out), out.size(); }, fast_words);
    const double s = throughput(
        docs, [&](const std::string& d) { return sentences.segment(d, out), out.size(); },
        fast_sentences);
    const double iw = throughput(
        docs, [&](const std::string& d) { return icu_count(*icu_word, d); }, icu_words_n);
    const double is = throughput(
        docs, [&](const std::string& d) { return icu_count(*icu_sentence, d); }, icu_sentences_n);
    std::printf("[ %s ] words: fast %.0f MB/s, ICU %.0f MB/s; sentences: fast %.0f MB/s, "
                "ICU %.0f MB/s\n",
                corpus.name, w, iw, s, is);
    EXPECT_EQ(fast_words, icu_words_n) << corpus.name;
    EXPECT_EQ(fast_sentences, icu_sentences_n) << corpus.name;
  }
}
