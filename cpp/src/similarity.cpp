// similar(), near_duplicates() and top_terms(): rows in chunks on worker threads, each
// with its own Searcher (see detail/similarity_search.hpp for the pruning).
#include "newsnlp/similarity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "detail/parallel.hpp"
#include "detail/similarity_index.hpp"
#include "detail/similarity_search.hpp"
#include "detail/vectorizer_workers.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using Candidate = std::pair<double, std::uint32_t>;  // score, row

bool better(const Candidate& a, const Candidate& b) {
  return a.first != b.first ? a.first > b.first : a.second < b.second;
}

// Writes row r's k best (score descending, index ascending; rows never touched score 0).
void pick(detail::Searcher& s, std::vector<Candidate>& candidates, std::int64_t rows,
          std::int64_t self, std::size_t k, std::int64_t* out_index, double* out_score) {
  const std::size_t top = std::min(k, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(top),
                    candidates.end(), better);
  std::size_t n = 0;
  for (; n < top && candidates[n].first > 0.0; ++n) {
    out_index[n] = candidates[n].second;
    out_score[n] = candidates[n].first;
  }
  // Zero scores, touched or not, by index; then negative scores (signed data only).
  for (std::int64_t j = 0; n < k && j < rows; ++j) {
    const auto u = static_cast<std::uint32_t>(j);
    if (j == self || s.score(u) != 0.0) continue;
    out_index[n] = j;
    out_score[n] = 0.0;
    ++n;
  }
  if (n < k) {
    std::vector<Candidate> negative;
    for (const Candidate& c : candidates) {
      if (c.first < 0.0) negative.push_back(c);
    }
    std::sort(negative.begin(), negative.end(), better);
    for (std::size_t i = 0; n < k && i < negative.size(); ++i, ++n) {
      out_index[n] = negative[i].second;
      out_score[n] = negative[i].first;
    }
  }
}

// Every term of the query over the whole corpus, then the k best. (Skipping frequent
// terms as near_duplicates does costs more than it saves here: with k neighbours wanted
// the k-th score is often low, so the bound rarely allows it.)
void search_row(detail::Searcher& s, const detail::UnitRows& queries, const detail::UnitRows& corpus,
                std::int64_t r, std::int64_t self, std::size_t k,
                std::vector<Candidate>& candidates, std::int64_t* out_index, double* out_score) {
  s.load(queries, r);
  s.accumulate(0, s.terms().size(), -1);
  candidates.clear();
  for (const std::uint32_t j : s.collect()) {
    if (j != self) candidates.emplace_back(s.score(j), j);
  }
  pick(s, candidates, corpus.rows, self, k, out_index, out_score);
}

TopK search(const detail::UnitRows& queries, const detail::UnitRows& corpus, bool self,
            std::size_t k, int n_jobs, const CancelHook& cancel) {
  if (queries.cols != corpus.cols) {
    throw InvalidArgument("queries have " + std::to_string(queries.cols) +
                          " columns but the corpus has " + std::to_string(corpus.cols));
  }
  const detail::InvertedIndex index = detail::invert(corpus);
  const std::int64_t available = std::max<std::int64_t>(0, corpus.rows - (self ? 1 : 0));
  TopK out;
  out.rows = static_cast<std::size_t>(queries.rows);
  out.k = std::min<std::size_t>(k, static_cast<std::size_t>(available));
  out.indices.assign(out.rows * out.k, -1);
  out.scores.assign(out.rows * out.k, kNaN);
  if (out.k == 0) return out;
  const unsigned threads = detail::resolve_jobs(n_jobs);
  const std::size_t grain = std::clamp<std::size_t>(out.rows / (std::size_t{threads} * 64), 1, 64);
  std::vector<std::unique_ptr<detail::Searcher>> searchers(threads);
  detail::run_workers(out.rows, threads, grain, cancel, [&](unsigned w, std::size_t b, std::size_t e) {
    if (!searchers[w]) searchers[w] = std::make_unique<detail::Searcher>(corpus, index);
    std::vector<Candidate> candidates;
    for (std::size_t r = b; r < e; ++r) {
      search_row(*searchers[w], queries, corpus, static_cast<std::int64_t>(r),
                 self ? static_cast<std::int64_t>(r) : -1, out.k, candidates,
                 out.indices.data() + r * out.k, out.scores.data() + r * out.k);
    }
  });
  return out;
}

}  // namespace

TopK similar(const FloatCsrView& queries, const FloatCsrView& corpus, std::size_t k, int n_jobs,
             const CancelHook& cancel) {
  const detail::UnitRows q = detail::unit_rows(queries, "queries");
  const detail::UnitRows c = detail::unit_rows(corpus, "corpus");
  return search(q, c, false, k, n_jobs, cancel);
}

TopK similar(const FloatCsrView& corpus, std::size_t k, int n_jobs, const CancelHook& cancel) {
  const detail::UnitRows c = detail::unit_rows(corpus, "matrix");
  return search(c, c, true, k, n_jobs, cancel);
}

Pairs near_duplicates(const FloatCsrView& matrix, double threshold, int n_jobs,
                      const CancelHook& cancel) {
  if (!(threshold > 0.0)) {
    throw InvalidArgument("threshold must be > 0 (got " + std::to_string(threshold) + ")");
  }
  const detail::UnitRows u = detail::unit_rows(matrix, "matrix");
  const detail::InvertedIndex index = detail::invert(u);
  const auto n = static_cast<std::size_t>(u.rows);
  const unsigned threads = detail::resolve_jobs(n_jobs);
  const std::size_t grain = std::clamp<std::size_t>(n / (std::size_t{threads} * 64), 1, 64);
  const std::size_t chunks = (n + grain - 1) / grain;
  std::vector<Pairs> found(chunks);
  std::vector<std::unique_ptr<detail::Searcher>> searchers(threads);
  detail::run_workers(n, threads, grain, cancel, [&](unsigned w, std::size_t b, std::size_t e) {
    if (!searchers[w]) searchers[w] = std::make_unique<detail::Searcher>(u, index);
    detail::Searcher& s = *searchers[w];
    Pairs& out = found[b / grain];
    std::vector<Candidate> row;
    for (std::size_t i = b; i < e; ++i) {
      s.load(u, static_cast<std::int64_t>(i));
      std::size_t ne = 0;
      double bound = 0.0;
      if (u.nonnegative) {
        std::tie(ne, bound) = s.non_essential(threshold);
        s.accumulate_tracked(ne, s.terms().size(), static_cast<std::int64_t>(i));
      } else {
        s.accumulate(0, s.terms().size(), static_cast<std::int64_t>(i));
      }
      row.clear();
      for (const std::uint32_t j : s.collect()) {
        if (ne > 0 && s.score(j) + bound < threshold) continue;
        const double score = ne > 0 ? s.complete(j, ne) : s.score(j);
        if (score >= threshold) row.emplace_back(score, j);
      }
      std::sort(row.begin(), row.end(),
                [](const Candidate& a, const Candidate& b) { return a.second < b.second; });
      for (const Candidate& c : row) {
        out.first.push_back(static_cast<std::int64_t>(i));
        out.second.push_back(c.second);
        out.scores.push_back(c.first);
      }
    }
  });
  Pairs all;
  for (Pairs& p : found) {
    all.first.insert(all.first.end(), p.first.begin(), p.first.end());
    all.second.insert(all.second.end(), p.second.begin(), p.second.end());
    all.scores.insert(all.scores.end(), p.scores.begin(), p.scores.end());
  }
  return all;
}

TopK top_terms(const FloatCsrView& matrix, std::size_t k, int n_jobs) {
  return std::visit(
      [&](const auto& m) {
        TopK out;
        out.rows = static_cast<std::size_t>(m.rows);
        out.k = k;
        out.indices.assign(out.rows * k, -1);
        out.scores.assign(out.rows * k, kNaN);
        const unsigned threads = detail::resolve_jobs(n_jobs);
        detail::run_workers(out.rows, threads, detail::chunk_size(out.rows, threads), {},
                            [&](unsigned, std::size_t b, std::size_t e) {
          std::vector<std::pair<double, std::int64_t>> row;
          for (std::size_t r = b; r < e; ++r) {
            row.clear();
            for (auto p = m.outer[r]; p < m.outer[r + 1]; ++p) {
              const auto v = static_cast<double>(m.values[p]);
              if (v > 0.0) row.emplace_back(v, static_cast<std::int64_t>(m.inner[p]));
            }
            const std::size_t top = std::min(k, row.size());
            std::partial_sort(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(top), row.end(),
                              [](const auto& a, const auto& b) {
                                return a.first != b.first ? a.first > b.first : a.second < b.second;
                              });
            for (std::size_t i = 0; i < top; ++i) {
              out.indices[r * k + i] = row[i].second;
              out.scores[r * k + i] = row[i].first;
            }
          }
        });
        return out;
      },
      matrix);
}

}  // namespace newsnlp
