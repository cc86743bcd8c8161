// Every document of the real corpora in ../shared/data tokenizes with valid spans.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "doc_invariants.hpp"
#include "jsonl_reader.hpp"
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

INSTANTIATE_TEST_SUITE_P(
    SharedData, CorpusTest,
    ::testing::Values(Corpus{"reuters21578/reuters21578.jsonl", "body", "en"},
                      Corpus{"orangesum_fr/orangesum_fr.jsonl", "text", "fr"},
                      Corpus{"saudinewsnet_ar/saudinewsnet_ar_sample.jsonl", "text", "ar"}),
    [](const ::testing::TestParamInfo<Corpus>& info) { return std::string(info.param.lang); });

}  // namespace
}  // namespace newsnlp
