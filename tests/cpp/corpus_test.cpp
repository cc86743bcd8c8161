// Every document of the real corpora in ../shared/data tokenizes with valid spans, and the
// vectorizers' analyzer finds the same features in every input encoding.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "doc_invariants.hpp"
#include "jsonl_reader.hpp"
#include "newsnlp/analyzer.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp {
namespace {

struct Corpus {
  const char* path;
  const char* field;
  const char* lang;
};

class CorpusTest : public ::testing::TestWithParam<Corpus> {};

TEST_P(CorpusTest, EveryTokenSpanIsValid) {
  const Corpus& c = GetParam();
  const std::string path = std::string(NEWSNLP_SHARED_DATA) + "/" + c.path;
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
  const std::vector<std::string> docs = testing::read_jsonl_field(path, c.field);
  ASSERT_GT(docs.size(), 1000u);
  TokenizerOptions o;
  o.lang = c.lang;
  const Tokenizer tok(o);
  const std::vector<std::string_view> views(docs.begin(), docs.end());
  const std::vector<Doc> result = tok.tokenize_batch(views, -1);
  std::size_t tokens = 0, sentences = 0;
  for (std::size_t d = 0; d < docs.size(); ++d) {
    tokens += testing::check_invariants(docs[d], result[d]);
    sentences += result[d].sentences().size();
    if (::testing::Test::HasFailure()) FAIL() << "document " << d;
  }
  std::printf("%s: %zu documents, %zu tokens, %zu sentences\n", c.path, docs.size(), tokens, sentences);
  EXPECT_GT(tokens, docs.size() * 20);
  EXPECT_GT(sentences, docs.size());
}

// Well-formed UTF-8 to code points (the corpora are valid: read_jsonl_field wrote them).
std::u32string code_points(std::string_view utf8) {
  std::u32string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : b & (0x7F >> n);
    for (int k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    out.push_back(c);
    i += static_cast<std::size_t>(n);
  }
  return out;
}

// The word analyzer's fast paths differ by encoding (16 ASCII bytes at a time for UTF-8,
// Latin-1 and UCS-2, two-byte sequences inline for UTF-8, none for UCS-4): all must agree.
TEST_P(CorpusTest, AnalyzerFeaturesDoNotDependOnTheEncoding) {
  const Corpus& c = GetParam();
  const std::string path = std::string(NEWSNLP_SHARED_DATA) + "/" + c.path;
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "missing " << path;
  const std::vector<std::string> docs = testing::read_jsonl_field(path, c.field, 400);
  AnalyzerOptions stripped;
  stripped.lowercase = false;
  stripped.strip_accents = StripAccents::kUnicode;
  for (const AnalyzerOptions& o : {AnalyzerOptions{}, stripped}) {
    const Analyzer a(o);
    for (std::size_t d = 0; d < docs.size(); ++d) {
      const std::vector<std::string> expected = a.analyze(TextView(docs[d]));
      const std::u32string text = code_points(docs[d]);
      const std::vector<std::uint32_t> ucs4(text.begin(), text.end());
      ASSERT_EQ(a.analyze(TextView(ucs4.data(), ucs4.size(), TextEncoding::kUcs4)), expected)
          << "document " << d;
      if (std::all_of(text.begin(), text.end(), [](char32_t x) { return x < 0x10000; })) {
        const std::vector<std::uint16_t> ucs2(text.begin(), text.end());
        ASSERT_EQ(a.analyze(TextView(ucs2.data(), ucs2.size(), TextEncoding::kUcs2)), expected)
            << "document " << d;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    SharedData, CorpusTest,
    ::testing::Values(Corpus{"reuters21578/reuters21578.jsonl", "body", "en"},
                      Corpus{"orangesum_fr/orangesum_fr.jsonl", "text", "fr"},
                      Corpus{"saudinewsnet_ar/saudinewsnet_ar_sample.jsonl", "text", "ar"}),
    [](const ::testing::TestParamInfo<Corpus>& info) { return std::string(info.param.lang); });

}  // namespace
}  // namespace newsnlp
