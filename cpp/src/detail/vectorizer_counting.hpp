// Counting features per document on several threads: each worker appends its documents'
// rows of (feature, count) to its own buffers, so nothing is shared while counting.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "newsnlp/analyzer.hpp"
#include "newsnlp/tokenizer.hpp"
#include "detail/pod_array.hpp"
#include "detail/vectorizer_table.hpp"
#include "detail/vectorizer_workers.hpp"

namespace newsnlp::detail {

// One worker's rows, back to back.
struct alignas(kWorkerAlign) RowPart {
  PodArray<std::uint32_t> features;
  PodArray<std::int32_t> counts;  // signed: hashed features sum +1 and -1
  FeatureTable table;                // fit: the worker's own feature ids
  std::vector<std::uint32_t> df;     // fit: documents per own feature id
};

// Where document d's row is: parts[part], entries [begin, begin + length).
struct DocRow {
  std::uint64_t begin = 0;
  std::uint32_t part = 0;
  std::uint32_t length = 0;
};

struct CountedRows {
  std::vector<RowPart> parts;
  std::vector<DocRow> docs;
  std::int64_t entries() const noexcept;
};

// Throws InvalidUtf8 "document i: ..." when a UTF-8 document is ill-formed, and
// InvalidArgument past kMaxTextBytes.
void check_document(const TextView& doc, std::size_t index);

// Counts the features of every document. With `vocabulary`, features are its ids and
// others are skipped; without, each part interns into its own vocabulary.
CountedRows count_documents(const Analyzer::Impl& analyzer, const std::vector<TextView>& docs,
                            const FeatureTable* vocabulary, unsigned threads,
                            const CancelHook& cancel);

// Features hashed as scikit-learn's FeatureHasher: column abs(h) % n_features of the
// signed 32-bit MurmurHash3 of the feature's UTF-8, and -1 for h < 0 when alternate_sign;
// equal columns of a row summed (zero sums kept, as SciPy's sum_duplicates does).
CountedRows hash_documents(const Analyzer::Impl& analyzer, const std::vector<TextView>& docs,
                           std::uint32_t n_features, bool alternate_sign, unsigned threads,
                           const CancelHook& cancel);

}  // namespace newsnlp::detail
