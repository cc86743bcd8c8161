// similar, near_duplicates and top_terms against a brute-force dense computation on
// random sparse matrices, and their edge cases.
#include "newsnlp/similarity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

using Dense = std::vector<std::vector<double>>;

CsrMatrix<double> random_matrix(int rows, int cols, double density, bool signed_values,
                                unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<Eigen::Triplet<double>> t;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      if (u(rng) < density) {
        const double v = std::floor(u(rng) * 4) + 1;  // small integers: many ties
        t.emplace_back(r, c, signed_values && u(rng) < 0.4 ? -v : v);
      }
    }
  }
  CsrMatrix<double> m(rows, cols);
  m.setFromTriplets(t.begin(), t.end());
  m.makeCompressed();
  return m;
}

Dense cosine(const CsrMatrix<double>& a, const CsrMatrix<double>& b) {
  const Eigen::MatrixXd da(a), db(b);
  Dense s(a.rows(), std::vector<double>(b.rows(), 0.0));
  for (int i = 0; i < a.rows(); ++i) {
    for (int j = 0; j < b.rows(); ++j) {
      const double na = da.row(i).norm(), nb = db.row(j).norm();
      if (na > 0 && nb > 0) s[i][j] = da.row(i).dot(db.row(j)) / (na * nb);
    }
  }
  return s;
}

void check_top_k(const TopK& t, const Dense& s, bool self) {
  for (std::size_t i = 0; i < t.rows; ++i) {
    std::vector<std::size_t> order;
    for (std::size_t j = 0; j < s[i].size(); ++j) {
      if (!(self && j == i)) order.push_back(j);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return s[i][a] > s[i][b] + 1e-12; });
    ASSERT_EQ(t.k, std::min<std::size_t>(t.k, order.size()));
    for (std::size_t r = 0; r < t.k; ++r) {
      const auto j = static_cast<std::size_t>(t.indices[i * t.k + r]);
      EXPECT_NEAR(t.scores[i * t.k + r], s[i][order[r]], 1e-12) << "row " << i << " rank " << r;
      EXPECT_NEAR(s[i][j], s[i][order[r]], 1e-12);  // the same score, ties in any order
      if (std::fabs(s[i][order[r]] - s[i][order[std::min(r + 1, order.size() - 1)]]) > 1e-9 &&
          (r == 0 || std::fabs(s[i][order[r]] - s[i][order[r - 1]]) > 1e-9)) {
        EXPECT_EQ(j, order[r]);  // an isolated score: the same document
      }
    }
  }
}

TEST(Similarity, SimilarAgreesWithBruteForce) {
  for (const bool signed_values : {false, true}) {
    const CsrMatrix<double> m = random_matrix(120, 40, 0.08, signed_values, 3);
    const Dense s = cosine(m, m);
    for (const std::size_t k : {1u, 5u, 200u}) {
      const TopK t = similar(FloatCsrView(view(m)), k, 2);
      EXPECT_EQ(t.k, std::min<std::size_t>(k, 119));
      check_top_k(t, s, true);
    }
  }
}

TEST(Similarity, QueriesAgainstACorpus) {
  const CsrMatrix<double> corpus = random_matrix(80, 30, 0.1, false, 5);
  const CsrMatrix<double> queries = random_matrix(15, 30, 0.1, false, 6);
  const TopK t = similar(FloatCsrView(view(queries)), FloatCsrView(view(corpus)), 7);
  EXPECT_EQ(t.rows, 15u);
  check_top_k(t, cosine(queries, corpus), false);
  const CsrMatrix<double> other(3, 31);
  EXPECT_THROW(similar(FloatCsrView(view(other)), FloatCsrView(view(corpus)), 1), InvalidArgument);
}

TEST(Similarity, ZeroRowsAndUnsortedColumns) {
  CsrMatrix<double> m(3, 2);
  m.insert(0, 0) = 1.0;
  m.insert(2, 0) = 3.0;
  m.makeCompressed();
  const TopK t = similar(FloatCsrView(view(m)), 2);
  EXPECT_EQ(t.indices, (std::vector<std::int64_t>{2, 1, 0, 2, 0, 1}));
  EXPECT_EQ(t.scores, (std::vector<double>{1.0, 0.0, 0.0, 0.0, 1.0, 0.0}));
  const std::vector<std::int32_t> outer{0, 2}, inner{1, 0};
  const std::vector<double> values{1.0, 2.0};
  const CsrView<double, std::int32_t> unsorted{1, 2, outer.data(), inner.data(), values.data()};
  EXPECT_THROW(similar(FloatCsrView(unsorted), 1), InvalidArgument);
}

TEST(Similarity, NearDuplicatesAgreeWithBruteForce) {
  for (const bool signed_values : {false, true}) {
    CsrMatrix<double> m = random_matrix(150, 25, 0.12, signed_values, 11);
    const Dense s = cosine(m, m);
    for (const double threshold : {0.3, 0.7, 0.999999}) {
      const Pairs p = near_duplicates(FloatCsrView(view(m)), threshold, 2);
      std::size_t expected = 0;
      for (int i = 0; i < m.rows(); ++i) {
        for (int j = i + 1; j < m.rows(); ++j) expected += s[i][j] >= threshold + 1e-12;
      }
      std::size_t found_clear = 0;
      for (std::size_t k = 0; k < p.scores.size(); ++k) {
        ASSERT_LT(p.first[k], p.second[k]);
        if (k > 0) {
          EXPECT_TRUE(p.first[k - 1] < p.first[k] || p.second[k - 1] < p.second[k]);
        }
        EXPECT_NEAR(p.scores[k], s[p.first[k]][p.second[k]], 1e-12);
        EXPECT_GE(p.scores[k], threshold);
        found_clear += p.scores[k] >= threshold + 1e-12;
      }
      EXPECT_EQ(found_clear, expected) << threshold;
    }
  }
  EXPECT_THROW(near_duplicates(FloatCsrView(view(CsrMatrix<double>(2, 2))), 0.0), InvalidArgument);
}

TEST(Similarity, TopTermsPerRow) {
  CsrMatrix<float> m(2, 4);
  m.insert(0, 0) = 0.5f;
  m.insert(0, 1) = 2.0f;
  m.insert(0, 2) = 0.5f;
  m.insert(0, 3) = -1.0f;
  m.makeCompressed();
  const TopK t = top_terms(FloatCsrView(view(m)), 3);
  EXPECT_EQ(t.indices, (std::vector<std::int64_t>{1, 0, 2, -1, -1, -1}));
  EXPECT_EQ(t.scores[0], 2.0);
  EXPECT_TRUE(std::isnan(t.scores[3]));
}

}  // namespace
}  // namespace newsnlp
