// HashingVectorizer and MurmurHash3: scikit-learn's hashes, columns, signs and explicit
// zeros (expected values from scikit-learn 1.9).
#include "newsnlp/hashing.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

TEST(Hashing, MurmurHash3MatchesScikitLearn) {
  EXPECT_EQ(murmurhash3_32("Hello World!", 42), 3565178);
  EXPECT_EQ(murmurhash3_32("Hello World!"), -603376259);
  EXPECT_EQ(murmurhash3_32(""), 0);
  EXPECT_EQ(murmurhash3_32("", 42), 142593372);
  EXPECT_EQ(murmurhash3_32("a"), 1009084850);
  EXPECT_EQ(murmurhash3_32("a", 42), -1293573533);
  EXPECT_EQ(murmurhash3_32("oil"), -1261728600);
  EXPECT_EQ(murmurhash3_32("\xc3\xa9tat"), 1456975121);  // "état" as UTF-8
  EXPECT_EQ(murmurhash3_32("abcdefghij", 42), -1710381927);
}

TEST(Hashing, SignsCollisionsAndExplicitZeros) {
  HashingVectorizerOptions o;
  o.n_features = 8;
  o.norm = Norm::kNone;
  const std::string doc = "oil prices rise oil";
  const auto m = std::get<CsrMatrix<double>>(HashingVectorizer(o).transform({TextView(std::string_view(doc))}));
  // oil -> column 0 twice with sign -; prices and rise collide in column 4 with opposite
  // signs: scikit-learn keeps the explicit zero
  ASSERT_EQ(m.nonZeros(), 2);
  EXPECT_EQ(m.innerIndexPtr()[0], 0);
  EXPECT_EQ(m.valuePtr()[0], -2.0);
  EXPECT_EQ(m.innerIndexPtr()[1], 4);
  EXPECT_EQ(m.valuePtr()[1], 0.0);
  o.alternate_sign = false;
  const auto plus = std::get<CsrMatrix<double>>(HashingVectorizer(o).transform({TextView(std::string_view(doc))}));
  EXPECT_EQ(plus.valuePtr()[0], 2.0);
  EXPECT_EQ(plus.valuePtr()[1], 2.0);
  o.alternate_sign = true;
  o.binary = true;
  const auto binary = std::get<CsrMatrix<double>>(HashingVectorizer(o).transform({TextView(std::string_view(doc))}));
  EXPECT_EQ(binary.valuePtr()[0], 1.0);
  EXPECT_EQ(binary.valuePtr()[1], 1.0);  // every stored value, zeros included
}

TEST(Hashing, NormsAndDtypes) {
  HashingVectorizerOptions o;
  o.n_features = 1 << 10;
  const std::string doc = "one two three four four";
  const auto l2 = std::get<CsrMatrix<double>>(HashingVectorizer(o).transform({TextView(std::string_view(doc))}));
  double sum = 0;
  for (int k = 0; k < l2.nonZeros(); ++k) sum += l2.valuePtr()[k] * l2.valuePtr()[k];
  EXPECT_NEAR(sum, 1.0, 1e-15);
  o.dtype = ScalarType::kFloat32;
  EXPECT_TRUE(std::holds_alternative<CsrMatrix<float>>(HashingVectorizer(o).transform({TextView(std::string_view(doc))})));
  o.dtype = ScalarType::kInt64;
  EXPECT_THROW(HashingVectorizer{o}, InvalidArgument);  // a norm needs floats
  o.norm = Norm::kNone;
  EXPECT_TRUE(std::holds_alternative<CsrMatrix<std::int64_t>>(HashingVectorizer(o).transform({TextView(std::string_view(doc))})));
  o.n_features = 0;
  EXPECT_THROW(HashingVectorizer{o}, InvalidArgument);
}

TEST(Hashing, ThreadsAndModelFiles) {
  std::vector<std::string> docs;
  for (int i = 0; i < 2000; ++i) docs.push_back("w" + std::to_string(i % 101) + " v" + std::to_string(i));
  const std::vector<TextView> views(docs.begin(), docs.end());
  HashingVectorizerOptions o;
  o.analyzer.ngram_max = 2;
  const HashingVectorizer h(o);
  const auto a = std::get<CsrMatrix<double>>(h.transform(views, 1));
  const auto b = std::get<CsrMatrix<double>>(h.transform(views, 3));
  EXPECT_TRUE(a.isApprox(b, 0.0));
  std::string meta;
  const HashingVectorizer loaded = HashingVectorizer::from_bytes(h.to_bytes("m"), "<t>", nullptr, &meta);
  EXPECT_EQ(meta, "m");
  EXPECT_EQ(loaded.options().analyzer.ngram_max, 2u);
  EXPECT_TRUE(std::get<CsrMatrix<double>>(loaded.transform(views)).isApprox(a, 0.0));
}

}  // namespace
}  // namespace newsnlp
