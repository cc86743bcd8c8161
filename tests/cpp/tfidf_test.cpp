// TF-IDF: scikit-learn's idf and weights (expected values from scikit-learn 1.9), norms,
// float32, the transformer on its own and in place, model files.
#include "newsnlp/tfidf.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

const std::vector<std::string> kDocs{"oil prices rise", "oil prices fall", "gas prices rise again",
                                     "oil oil oil"};

std::vector<TextView> views() { return std::vector<TextView>(kDocs.begin(), kDocs.end()); }

std::vector<double> row(const CsrMatrix<double>& m, int r) {
  std::vector<double> out(static_cast<std::size_t>(m.cols()), 0.0);
  for (CsrMatrix<double>::InnerIterator it(m, r); it; ++it) out[it.col()] = it.value();
  return out;
}

void expect_near(const std::vector<double>& a, const std::vector<double>& b, double tol = 1e-12) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], tol) << "at " << i;
}

TEST(TfidfVectorizer, DefaultsMatchScikitLearn) {
  TfidfVectorizer v;
  const auto m = std::get<CsrMatrix<double>>(v.fit_transform(views()));
  expect_near(v.weights().idf(), {1.916290731874155, 1.916290731874155, 1.916290731874155,
                                   1.2231435513142097, 1.2231435513142097, 1.5108256237659907});
  expect_near(row(m, 0), {0, 0, 0, 0.53256952, 0.53256952, 0.65782931}, 1e-8);
  for (int r = 0; r < m.rows(); ++r) {  // l2: unit rows
    double sum = 0;
    for (const double x : row(m, r)) sum += x * x;
    EXPECT_NEAR(sum, 1.0, 1e-15);
  }
  const auto again = std::get<CsrMatrix<double>>(v.transform(views()));
  EXPECT_TRUE(again.isApprox(m, 1e-15));
}

TEST(TfidfVectorizer, SublinearUnsmoothedL1) {
  TfidfVectorizerOptions o;
  o.tfidf.smooth_idf = false;
  o.tfidf.sublinear_tf = true;
  o.tfidf.norm = Norm::kL1;
  TfidfVectorizer v(o);
  const auto m = std::get<CsrMatrix<double>>(v.fit_transform(views()));
  expect_near(v.weights().idf(), {2.386294361119891, 2.386294361119891, 2.386294361119891,
                                   1.2876820724517808, 1.2876820724517808, 1.6931471805599454});
  expect_near(row(m, 3), {0, 0, 0, 1, 0, 0});
}

TEST(TfidfVectorizer, NoIdfNoNormAndFloat32) {
  TfidfVectorizerOptions o;
  o.tfidf.use_idf = false;
  o.tfidf.norm = Norm::kNone;
  TfidfVectorizer v(o);
  const auto m = std::get<CsrMatrix<double>>(v.fit_transform(views()));
  expect_near(row(m, 3), {0, 0, 0, 3, 0, 0});
  EXPECT_TRUE(v.weights().idf().empty());
  TfidfVectorizerOptions f;
  f.counts.dtype = ScalarType::kFloat32;
  TfidfVectorizer v32(f);
  const auto m32 = std::get<CsrMatrix<float>>(v32.fit_transform(views()));
  TfidfVectorizer v64;
  const auto m64 = std::get<CsrMatrix<double>>(v64.fit_transform(views()));
  EXPECT_TRUE(m32.cast<double>().isApprox(m64, 1e-6));
  EXPECT_FLOAT_EQ(static_cast<float>(v32.weights().idf()[3]), 1.2231436f);
}

TEST(TfidfVectorizer, TransformBeforeFitThrows) {
  EXPECT_THROW(TfidfVectorizer().transform(views()), NotFitted);
}

TEST(TfidfTransformer, WeightsACountMatrixAsTheFusedVectorizer) {
  CountVectorizer counts;
  const SparseMatrix c = counts.fit_transform(views());
  TfidfTransformer t;
  t.fit(c);
  const auto m = std::get<CsrMatrix<double>>(t.transform(c));
  TfidfVectorizer v;
  const auto fused = std::get<CsrMatrix<double>>(v.fit_transform(views()));
  EXPECT_TRUE(m.isApprox(fused, 1e-15));
  // in place, on a view of the matrix's own buffers
  CsrMatrix<double> copy = std::get<CsrMatrix<std::int64_t>>(c).cast<double>();
  t.transform(view(copy), copy.valuePtr());
  EXPECT_TRUE(copy.isApprox(fused, 1e-15));
}

TEST(TfidfTransformer, SetIdfAndErrors) {
  TfidfTransformer t;
  EXPECT_THROW(t.idf(), NotFitted);
  t.set_idf({1.0, 2.0});
  CsrMatrix<double> m(1, 3);
  m.insert(0, 2) = 1.0;
  m.makeCompressed();
  EXPECT_THROW(t.transform(view(m), m.valuePtr()), InvalidArgument);  // 3 columns, 2 weights
  TfidfOptions no_idf;
  no_idf.use_idf = false;
  EXPECT_THROW(TfidfTransformer(no_idf).set_idf({1.0}), InvalidArgument);
  EXPECT_EQ(parse_norm("l1"), Norm::kL1);
  EXPECT_THROW(parse_norm("l3"), InvalidArgument);
}

TEST(TfidfVectorizer, ModelFilesKeepTheWeights) {
  TfidfVectorizerOptions o;
  o.tfidf.sublinear_tf = true;
  TfidfVectorizer v(o);
  const auto m = std::get<CsrMatrix<double>>(v.fit_transform(views()));
  const TfidfVectorizer loaded = TfidfVectorizer::from_bytes(v.to_bytes());
  EXPECT_EQ(loaded.weights().idf(), v.weights().idf());
  EXPECT_TRUE(loaded.options().tfidf.sublinear_tf);
  EXPECT_TRUE(std::get<CsrMatrix<double>>(loaded.transform(views())).isApprox(m, 1e-15));
  const std::string count_file = CountVectorizer().to_bytes();
  EXPECT_THROW(TfidfVectorizer::from_bytes(count_file), IoError);  // another kind
}

}  // namespace
}  // namespace newsnlp
