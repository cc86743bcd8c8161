// One thread's cosine search: a dense score accumulator over the corpus rows (postings are
// sorted by row, so each term sweeps it in order, without branches; the non-zero scores
// are collected by a scan, and only those are reset) and the MaxScore-style split of a
// query's terms into the ones whose postings are walked and the "non-essential" ones,
// frequent terms whose largest possible total contribution is too small to matter; those
// are only added, by a sparse dot product, to the candidates that can still make it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "detail/similarity_index.hpp"

namespace newsnlp::detail {

struct QueryTerm {
  std::uint32_t column;
  double value;
  double bound;  // value * the column's largest |value|: most it can add to a score
};

class Searcher {
 public:
  Searcher(const UnitRows& corpus, const InvertedIndex& index)
      : corpus_(corpus), index_(index), score_(static_cast<std::size_t>(corpus.rows), 0.0) {}

  // Loads query row r of `queries`, terms ordered by document frequency, most frequent
  // first (the order they become non-essential in).
  void load(const UnitRows& queries, std::int64_t r) {
    terms_.clear();
    for (std::int64_t k = queries.outer[r]; k < queries.outer[r + 1]; ++k) {
      const std::uint32_t c = queries.columns[k];
      if (c >= index_.max_value.size()) continue;
      terms_.push_back({c, queries.values[k], std::fabs(queries.values[k]) * index_.max_value[c]});
    }
    std::sort(terms_.begin(), terms_.end(), [this](const QueryTerm& a, const QueryTerm& b) {
      const std::int64_t da = index_.df(a.column), db = index_.df(b.column);
      return da != db ? da > db : a.column < b.column;
    });
    if (collected_) {
      for (const std::uint32_t j : touched_) score_[j] = 0.0;
    } else {
      std::fill(score_.begin(), score_.end(), 0.0);
    }
    collected_ = true;
    touched_.clear();
    sorted_.clear();
  }

  // The number of leading (frequent) terms that together can add less than `limit` to
  // any score, and that bound: the smaller of the sum of their per-term bounds and, by
  // Cauchy-Schwarz with unit rows, the norm of the query restricted to them.
  std::pair<std::size_t, double> non_essential(double limit) const {
    double linear = 0.0, squares = 0.0, bound = 0.0;
    std::size_t n = 0;
    for (; n < terms_.size(); ++n) {
      const double l = linear + terms_[n].bound;
      const double q = squares + terms_[n].value * terms_[n].value;
      const double b = std::min(l, std::sqrt(q));
      if (b >= limit) break;
      linear = l;
      squares = q;
      bound = b;
    }
    return {n, bound};
  }

  // Adds terms [first, last) over the postings of rows > `after` (-1: all rows).
  void accumulate(std::size_t first, std::size_t last, std::int64_t after) {
    for (std::size_t i = first; i < last; ++i) {
      const QueryTerm& t = terms_[i];
      const double v = t.value;
      const std::uint32_t* rows = index_.rows.data();
      const double* values = index_.values.data();
      double* score = score_.data();
      for (std::int64_t k = begin(t, after), end = index_.start[t.column + 1]; k < end; ++k) {
        score[rows[k]] += v * values[k];
      }
    }
    collected_ = false;
  }

  // The same, noting each row as it first gets a score, for few postings (no scan of the
  // whole accumulator afterwards). Scores must only grow: non-negative values.
  void accumulate_tracked(std::size_t first, std::size_t last, std::int64_t after) {
    for (std::size_t i = first; i < last; ++i) {
      const QueryTerm& t = terms_[i];
      for (std::int64_t k = begin(t, after), end = index_.start[t.column + 1]; k < end; ++k) {
        const std::uint32_t j = index_.rows[k];
        if (score_[j] == 0.0) touched_.push_back(j);
        score_[j] += t.value * index_.values[k];
      }
    }
  }

  // The rows with a non-zero score (so far), ascending.
  const std::vector<std::uint32_t>& collect() {
    if (!collected_) {
      touched_.clear();
      const double* score = score_.data();
      for (std::size_t j = 0; j < score_.size(); ++j) {
        if (score[j] != 0.0) touched_.push_back(static_cast<std::uint32_t>(j));
      }
      collected_ = true;
    }
    return touched_;
  }

  // Adds terms [0, n) to row j's score by a sparse dot product with the row.
  double complete(std::uint32_t j, std::size_t n) {
    if (n == 0) return score_[j];
    if (sorted_.size() != n) {  // the non-essential terms, by column
      sorted_.assign(terms_.begin(), terms_.begin() + static_cast<std::ptrdiff_t>(n));
      std::sort(sorted_.begin(), sorted_.end(),
                [](const QueryTerm& a, const QueryTerm& b) { return a.column < b.column; });
    }
    double extra = 0.0;
    std::int64_t k = corpus_.outer[j];
    const std::int64_t end = corpus_.outer[j + 1];
    for (const QueryTerm& t : sorted_) {
      while (k < end && corpus_.columns[k] < t.column) ++k;
      if (k == end) break;
      if (corpus_.columns[k] == t.column) extra += t.value * corpus_.values[k];
    }
    return score_[j] + extra;
  }

  const std::vector<QueryTerm>& terms() const noexcept { return terms_; }
  double score(std::uint32_t j) const noexcept { return score_[j]; }

 private:
  // The first posting of t's column with a row > after (-1: all).
  std::int64_t begin(const QueryTerm& t, std::int64_t after) const {
    const std::int64_t k = index_.start[t.column];
    if (after < 0) return k;
    const std::int64_t end = index_.start[t.column + 1];
    return std::upper_bound(index_.rows.begin() + k, index_.rows.begin() + end,
                            static_cast<std::uint32_t>(after)) -
           index_.rows.begin();
  }

  const UnitRows& corpus_;
  const InvertedIndex& index_;
  std::vector<double> score_;
  std::vector<std::uint32_t> touched_;  // non-zero scores, when collected_
  bool collected_ = false;
  std::vector<QueryTerm> terms_;
  std::vector<QueryTerm> sorted_;
};

}  // namespace newsnlp::detail
