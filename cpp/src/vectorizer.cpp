// CountVectorizer. Fitting: workers count documents into their own vocabularies, whose
// sorted union (feature_union.hpp) is pruned by document frequency and max_features; each
// worker's ids are mapped to final columns while the matrix is assembled.
#include "newsnlp/vectorizer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>

#include "detail/parallel.hpp"
#include "detail/feature_union.hpp"
#include "detail/vectorizer_impl.hpp"
#include "detail/vectorizer_workers.hpp"
#include "detail/vectorizer_io.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

void check_frequency(const DocumentFrequency& f, const char* name) {
  if (f.proportion ? !(f.value >= 0.0 && f.value <= 1.0) : f.value < 1.0) {
    throw InvalidArgument(std::string("The '") + name +
                          "' parameter must be a float in the range [0.0, 1.0] or an int in the "
                          "range [1, inf). Got " +
                          std::to_string(f.value) + " instead.");
  }
}

// Strings as a FeatureList; InvalidArgument naming the first duplicate.
detail::FeatureList feature_list(const std::vector<std::string>& terms) {
  detail::FeatureList f;
  detail::FeatureTable seen;
  for (const std::string& t : terms) {
    const std::size_t before = seen.size();
    seen.intern(t);
    if (seen.size() == before) throw InvalidArgument("Duplicate term in vocabulary: '" + t + "'");
    f.pool.append(t);
    f.offsets.push_back(static_cast<std::uint32_t>(f.pool.size()));
  }
  return f;
}

// Positions of the `limit` largest counts, earlier positions first among equals.
std::vector<std::size_t> stable_top(const std::vector<std::int64_t>& counts, std::size_t limit) {
  std::vector<std::size_t> order(counts.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
  order.resize(std::min(limit, order.size()));
  return order;
}

// scikit-learn's _limit_features: the positions (ascending) of the features whose document
// frequency lies in [min_df, max_df], then of those the max_features most frequent.
std::vector<std::size_t> prune_features(const CountVectorizerOptions& options,
                                        const std::vector<std::int64_t>& df,
                                        const std::vector<std::int64_t>& tf,
                                        std::size_t n_documents) {
  const double high = options.max_df.threshold(n_documents);
  const double low = options.min_df.threshold(n_documents);
  if (high < low) throw InvalidArgument("max_df corresponds to < documents than min_df");
  std::vector<std::size_t> kept;
  kept.reserve(df.size());
  for (std::size_t i = 0; i < df.size(); ++i) {
    const auto d = static_cast<double>(df[i]);
    if (d <= high && d >= low) kept.push_back(i);
  }
  if (options.max_features > 0 && kept.size() > options.max_features) {
    std::vector<std::int64_t> counts(kept.size());
    for (std::size_t i = 0; i < kept.size(); ++i) counts[i] = tf[kept[i]];
    std::vector<std::size_t> chosen = options.select ? options.select(counts, options.max_features)
                                                     : stable_top(counts, options.max_features);
    std::sort(chosen.begin(), chosen.end());
    chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
    std::vector<std::size_t> limited;
    limited.reserve(chosen.size());
    for (const std::size_t i : chosen) {
      if (i >= kept.size()) throw InvalidArgument("max_features selector returned a bad position");
      limited.push_back(kept[i]);
    }
    kept = std::move(limited);
  }
  if (kept.empty()) {
    throw InvalidArgument("After pruning, no terms remain. Try a lower min_df or a higher max_df.");
  }
  return kept;
}

}  // namespace

CountVectorizer::Impl::Impl(CountVectorizerOptions o)
    : options(std::move(o)), analyzer(options.analyzer) {
  check_frequency(options.max_df, "max_df");
  check_frequency(options.min_df, "min_df");
  if (options.fixed_vocabulary) {
    if (options.vocabulary.empty()) throw InvalidArgument("empty vocabulary passed to fit");
    set_features(feature_list(options.vocabulary));
  }
}

void CountVectorizer::Impl::set_features(detail::FeatureList f) {
  std::lock_guard<std::mutex> lock(table_mutex_);
  features = std::move(f);
  table_.reset();
  vocabulary_.reset();
}

const detail::FeatureTable& CountVectorizer::Impl::lookup_table() const {
  std::lock_guard<std::mutex> lock(table_mutex_);
  if (!table_) {
    auto t = std::make_unique<detail::FeatureTable>();
    t->reserve(features.size(), features.pool.size());
    for (std::size_t i = 0; i < features.size(); ++i) t->intern(features[i]);
    table_ = std::move(t);
  }
  return *table_;
}

const Vocabulary& CountVectorizer::Impl::vocabulary() const {
  std::lock_guard<std::mutex> lock(table_mutex_);
  if (!vocabulary_) {
    vocabulary_ = std::make_unique<Vocabulary>(
        Vocabulary::from_pool(features.pool, features.offsets));
  }
  return *vocabulary_;
}

detail::CountedRows CountVectorizer::Impl::learn(const std::vector<TextView>& docs,
                                                 unsigned threads, const CancelHook& cancel,
                                                 detail::ColumnMaps& maps) {
  maps.clear();
  const std::size_t n = docs.size();
  if (options.fixed_vocabulary) {
    detail::CountedRows rows =
        detail::count_documents(analyzer.impl(), docs, &lookup_table(), threads, cancel);
    document_frequencies.assign(features.size(), 0);
    for (const detail::RowPart& p : rows.parts) {
      for (const std::uint32_t f : p.features) ++document_frequencies[f];
    }
    n_documents = n;
    fitted = true;
    return rows;
  }

  detail::CountedRows rows = detail::count_documents(analyzer.impl(), docs, nullptr, threads, cancel);
  const detail::FeatureUnion all =
      detail::unite_features(rows, options.max_features > 0, options.binary, threads);
  if (all.size() == 0) {
    throw InvalidArgument("empty vocabulary; perhaps the documents only contain stop words");
  }
  // Prune: the union ids are the frequencies' positions, in column order already.
  std::vector<std::uint32_t> kept;  // union ids in column order
  kept.reserve(all.size());
  for (const std::size_t g : prune_features(options, all.df, all.tf, n)) {
    kept.push_back(static_cast<std::uint32_t>(g));
  }
  std::vector<std::uint32_t> column(all.size(), detail::kDropped);
  document_frequencies.resize(kept.size());
  for (std::size_t c = 0; c < kept.size(); ++c) {
    column[kept[c]] = static_cast<std::uint32_t>(c);
    document_frequencies[c] = all.df[kept[c]];
  }
  set_features(detail::feature_list_of(rows, all, kept, threads));
  const std::size_t parts = rows.parts.size();
  maps.resize(parts);
  for (std::size_t k = 0; k < parts; ++k) {
    const std::vector<std::uint32_t>& to_union = all.to_union[k];
    maps[k].resize(to_union.size());
    for (std::size_t id = 0; id < to_union.size(); ++id) maps[k][id] = column[to_union[id]];
    rows.parts[k].table = detail::FeatureTable();  // no longer needed
  }
  n_documents = n;
  fitted = true;
  return rows;
}

detail::CountedRows CountVectorizer::Impl::count(const std::vector<TextView>& docs,
                                                 unsigned threads,
                                                 const CancelHook& cancel) const {
  if (!fitted && !options.fixed_vocabulary) {
    throw NotFitted("Vocabulary not fitted or provided");
  }
  return detail::count_documents(analyzer.impl(), docs, &lookup_table(), threads, cancel);
}

CountVectorizer::CountVectorizer(CountVectorizerOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
CountVectorizer::~CountVectorizer() = default;
CountVectorizer::CountVectorizer(CountVectorizer&&) noexcept = default;
CountVectorizer& CountVectorizer::operator=(CountVectorizer&&) noexcept = default;

const CountVectorizerOptions& CountVectorizer::options() const noexcept { return impl_->options; }

SparseMatrix CountVectorizer::fit_transform(const std::vector<TextView>& docs, int n_jobs,
                                            const CancelHook& cancel) {
  const unsigned threads = detail::resolve_jobs(n_jobs);
  detail::ColumnMaps maps;
  const detail::CountedRows rows = impl_->learn(docs, threads, cancel, maps);
  const bool binary = impl_->options.binary;
  return detail::assemble_any(impl_->options.dtype, rows, maps,
                              static_cast<std::int64_t>(impl_->features.size()), threads,
                              [binary](auto tag) {
                                return detail::CountValues<typename decltype(tag)::type>{binary};
                              });
}

void CountVectorizer::fit(const std::vector<TextView>& docs, int n_jobs, const CancelHook& cancel) {
  detail::ColumnMaps maps;
  impl_->learn(docs, detail::resolve_jobs(n_jobs), cancel, maps);
}

SparseMatrix CountVectorizer::transform(const std::vector<TextView>& docs, int n_jobs,
                                        const CancelHook& cancel) const {
  const unsigned threads = detail::resolve_jobs(n_jobs);
  const detail::CountedRows rows = impl_->count(docs, threads, cancel);
  const bool binary = impl_->options.binary;
  return detail::assemble_any(impl_->options.dtype, rows, {},
                              static_cast<std::int64_t>(impl_->features.size()), threads,
                              [binary](auto tag) {
                                return detail::CountValues<typename decltype(tag)::type>{binary};
                              });
}

bool CountVectorizer::fitted() const noexcept { return impl_->fitted; }

const Vocabulary& CountVectorizer::vocabulary() const {
  if (!impl_->fitted && !impl_->options.fixed_vocabulary) {
    throw NotFitted("Vocabulary not fitted or provided");
  }
  return impl_->vocabulary();
}

std::size_t CountVectorizer::n_features() const noexcept { return impl_->features.size(); }

std::string_view CountVectorizer::feature(std::size_t i) const {
  if (!impl_->fitted && !impl_->options.fixed_vocabulary) {
    throw NotFitted("Vocabulary not fitted or provided");
  }
  if (i >= impl_->features.size()) throw InvalidArgument("feature index out of range");
  return impl_->features[i];
}

const std::vector<std::int64_t>& CountVectorizer::document_frequencies() const noexcept {
  return impl_->document_frequencies;
}

std::size_t CountVectorizer::n_documents() const noexcept { return impl_->n_documents; }

std::vector<std::size_t> CountVectorizer::prune(const std::vector<std::int64_t>& document_frequencies,
                                                const std::vector<std::int64_t>& term_counts,
                                                std::size_t n_documents) const {
  if (term_counts.size() != document_frequencies.size()) {
    throw InvalidArgument("prune: " + std::to_string(term_counts.size()) + " term counts for " +
                          std::to_string(document_frequencies.size()) + " document frequencies");
  }
  return prune_features(impl_->options, document_frequencies, term_counts, n_documents);
}

void CountVectorizer::set_fitted(std::vector<std::string> features,
                                 std::vector<std::int64_t> document_frequencies,
                                 std::size_t n_documents) {
  if (!document_frequencies.empty() && document_frequencies.size() != features.size()) {
    throw InvalidArgument("document_frequencies must have one value per feature");
  }
  impl_->set_features(feature_list(features));
  impl_->document_frequencies = std::move(document_frequencies);
  impl_->n_documents = n_documents;
  impl_->fitted = true;
}

namespace {

ModelWriter count_writer(const CountVectorizer& v, std::string_view meta) {
  ModelWriter w(detail::kCountKind, detail::kVectorizerFormatVersion);
  detail::write_counts(w, v);
  if (!meta.empty()) w.add("meta", std::string(meta));
  return w;
}

CountVectorizer count_of(const ModelReader& r, std::shared_ptr<const CharTables> tables,
                         std::string* meta) {
  CountVectorizer v = detail::read_counts(r, std::move(tables));
  if (meta) *meta = detail::read_meta(r);
  return v;
}

}  // namespace

void CountVectorizer::save(const std::string& path, std::string_view meta) const {
  count_writer(*this, meta).save(path);
}

std::string CountVectorizer::to_bytes(std::string_view meta) const {
  return count_writer(*this, meta).bytes();
}

CountVectorizer CountVectorizer::load(const std::string& path,
                                      std::shared_ptr<const CharTables> tables, std::string* meta) {
  const ModelReader r =
      ModelReader::open(path, detail::kCountKind, detail::kVectorizerFormatVersion);
  return count_of(r, std::move(tables), meta);
}

CountVectorizer CountVectorizer::from_bytes(std::string bytes, const std::string& source,
                                            std::shared_ptr<const CharTables> tables,
                                            std::string* meta) {
  const ModelReader r = ModelReader::parse(std::move(bytes), source, detail::kCountKind,
                                           detail::kVectorizerFormatVersion);
  return count_of(r, std::move(tables), meta);
}

}  // namespace newsnlp
