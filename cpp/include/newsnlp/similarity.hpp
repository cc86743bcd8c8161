// Document similarity on sparse rows (TF-IDF or any feature matrix): cosine top-k
// neighbours, near-duplicate pairs, and the top terms of each row.
//
// Computed row block by row block against an inverted index of the corpus, with one dense
// score accumulator (one double per corpus row) per thread: memory is the matrix, its
// transpose, threads x rows doubles and the output, never a documents x documents
// product. near_duplicates() with non-negative values (TF-IDF, counts) walks only the
// postings of a row's rarest terms: the frequent ones, which can add less than the
// threshold together (Cauchy-Schwarz), are only added to the candidates found, by a
// sparse dot product; results stay exact. Cost of similar(): the sum over features of
// their document frequency squared (about 3 s per thread for Reuters' 20k articles).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "newsnlp/sparse_matrix.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp {

// k results per row, row-major: entry (r, i) is [r * k + i].
struct TopK {
  std::size_t rows = 0;
  std::size_t k = 0;
  std::vector<std::int64_t> indices;  // column or document; -1 past the row's last result
  std::vector<double> scores;         // NaN past the row's last result
};

// The k corpus rows most cosine-similar to each row of `queries`: score descending, lower
// index first among equal scores; a row of norm zero is similar to nothing (score 0).
// Every row gets min(k, corpus rows) neighbours, zero-score ones included. Matrices need
// not be normalized; columns must be sorted within rows. Throws InvalidArgument when the
// column counts differ or columns are unsorted; Cancelled via `cancel`.
TopK similar(const FloatCsrView& queries, const FloatCsrView& corpus, std::size_t k,
             int n_jobs = 1, const CancelHook& cancel = {});
// The same within one matrix: a row is never its own neighbour (min(k, rows - 1) each).
TopK similar(const FloatCsrView& corpus, std::size_t k, int n_jobs = 1,
             const CancelHook& cancel = {});

struct Pairs {
  std::vector<std::int64_t> first;   // first < second
  std::vector<std::int64_t> second;
  std::vector<double> scores;        // cosine similarity
};

// Every pair of rows whose cosine similarity is at least `threshold` (> 0), sorted by
// (first, second). Exact duplicates score 1 up to rounding (about 1e-15): pass a
// threshold slightly below 1 to catch them. Throws InvalidArgument for a threshold <= 0.
Pairs near_duplicates(const FloatCsrView& matrix, double threshold, int n_jobs = 1,
                      const CancelHook& cancel = {});

// The k largest positive entries of each row (value descending, lower column first among
// equals); rows with fewer positive entries are padded with -1 / NaN.
TopK top_terms(const FloatCsrView& matrix, std::size_t k, int n_jobs = 1);

}  // namespace newsnlp
