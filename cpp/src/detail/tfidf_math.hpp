// TF-IDF arithmetic exactly as scikit-learn does it, in the precision of the output:
// idf = ln(n / df) + 1 with n and df smoothed by one, tf = 1 + ln(tf) when sublinear,
// value = tf * idf, then rows divided by their l1 or l2 norm, summed in double (its
// Cython kernels), rows of norm zero left alone.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "newsnlp/tfidf.hpp"

namespace newsnlp::detail {

// idf per feature, computed in Scalar (scikit-learn computes float32 idf for float32
// input), returned widened to double. Features sharing a document frequency share an idf,
// computed once: most features are rare (half of a news vocabulary has df 1), and a
// logarithm per feature was 0.28 ms of SaudiNewsNet's 25 ms fit (now 0.065).
template <class Scalar>
std::vector<double> compute_idf(const std::vector<std::int64_t>& df, std::size_t n_documents,
                                bool smooth) {
  std::vector<double> idf(df.size());
  const auto n = static_cast<Scalar>(static_cast<double>(n_documents + (smooth ? 1 : 0)));
  const auto of = [&](std::int64_t f) {
    Scalar d = static_cast<Scalar>(static_cast<double>(f));
    d += static_cast<Scalar>(smooth ? 1.0 : 0.0);
    Scalar v = n / d;
    v = std::log(v);
    v += static_cast<Scalar>(1.0);
    return static_cast<double>(v);
  };
  constexpr std::int64_t kMemo = 4096;  // document frequencies below this are memoized
  std::vector<double> memo(static_cast<std::size_t>(kMemo), 0.0);
  std::vector<bool> known(static_cast<std::size_t>(kMemo), false);
  for (std::size_t i = 0; i < df.size(); ++i) {
    const std::int64_t f = df[i];
    if (f < 0 || f >= kMemo) {
      idf[i] = of(f);
      continue;
    }
    const auto k = static_cast<std::size_t>(f);
    if (!known[k]) {
      memo[k] = of(f);
      known[k] = true;
    }
    idf[i] = memo[k];
  }
  return idf;
}

// Normalizes values[0, size) in place, as sklearn's _inplace_csr_row_normalize_l1/_l2.
template <class Scalar>
void normalize_row(Scalar* values, std::size_t size, Norm norm) {
  if (norm == Norm::kNone) return;
  double sum = 0.0;
  if (norm == Norm::kL2) {
    for (std::size_t k = 0; k < size; ++k) {
      const Scalar square = values[k] * values[k];
      sum += static_cast<double>(square);
    }
    if (sum == 0.0) return;
    sum = std::sqrt(sum);
  } else {
    for (std::size_t k = 0; k < size; ++k) sum += std::fabs(static_cast<double>(values[k]));
    if (sum == 0.0) return;
  }
  for (std::size_t k = 0; k < size; ++k) {
    values[k] = static_cast<Scalar>(static_cast<double>(values[k]) / sum);
  }
}

// tf (a count, or an arbitrary value for a user's matrix) to its weight before
// normalization.
template <class Scalar>
struct TfidfWeight {
  const TfidfOptions& options;
  const double* idf;  // null when use_idf is off

  Scalar operator()(Scalar tf, std::size_t column) const {
    if (options.sublinear_tf) {
      tf = std::log(tf);
      tf += static_cast<Scalar>(1.0);
    }
    if (idf) tf *= static_cast<Scalar>(idf[column]);
    return tf;
  }
};

}  // namespace newsnlp::detail
