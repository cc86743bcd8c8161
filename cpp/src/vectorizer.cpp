// CountVectorizer. Fitting: workers count documents into their own vocabularies; each
// vocabulary is sorted by UTF-8 bytes (= code point order, Python's sort of str) on its
// own thread, the sorted lists are merged into their union in one walk, pruned by document
// frequency and max_features, and each worker's ids are mapped to final columns while the
// matrix is assembled.
#include "newsnlp/vectorizer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>
#include <utility>

#include "detail/parallel.hpp"
#include "detail/prefix_sort.hpp"
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

// The 8 bytes at p as a big-endian number: numbers then order as the bytes do.
std::uint64_t big_endian(const unsigned char* p) noexcept {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];  // compiles to one load and bswap
  return v;
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
  const std::size_t parts = rows.parts.size();
  // Per part, in parallel: document (and total) frequencies of its features, and its
  // features sorted by UTF-8 bytes (= code point order, Python's sort of str): on the
  // first 16 bytes as two big-endian numbers, then the rest (16 bytes hold most words,
  // Arabic ones included, so the string compare is rare).
  struct Keyed {
    std::uint64_t hi, lo;
    std::uint32_t id;
  };
  std::vector<std::vector<Keyed>> sorted(parts);
  std::vector<std::vector<std::int64_t>> part_tf(parts);  // document frequencies: RowPart::df
  const bool need_tf = options.max_features > 0;
  detail::run_workers(parts, threads, 1, {}, [&](unsigned, std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) {
      const detail::RowPart& p = rows.parts[k];
      const std::size_t size = p.table.size();
      if (need_tf) {
        part_tf[k].assign(size, 0);
        for (std::size_t i = 0; i < p.features.size(); ++i) {
          part_tf[k][p.features[i]] += options.binary ? 1 : p.counts[i];
        }
      }
      std::vector<Keyed>& keyed = sorted[k];
      keyed.resize(size);
      for (std::uint32_t id = 0; id < size; ++id) {
        const std::string_view t = p.table.str(id);
        unsigned char head[16] = {};
        std::memcpy(head, t.data(), std::min<std::size_t>(t.size(), 16));
        keyed[id] = {big_endian(head), big_endian(head + 8), id};
      }
      // By the 16-byte prefix (a radix sort), then runs sharing it by the rest.
      detail::PrefixSorter<Keyed>::sort(keyed.data(), keyed.data() + size);
      for (std::size_t i = 0; i < size;) {
        std::size_t j = i + 1;
        while (j < size && keyed[j].hi == keyed[i].hi && keyed[j].lo == keyed[i].lo) ++j;
        if (j - i > 1) {
          std::sort(keyed.begin() + i, keyed.begin() + j, [&](const Keyed& x, const Keyed& y) {
            return p.table.str(x.id) < p.table.str(y.id);
          });
        }
        i = j;
      }
    }
  });
  // The union of the parts' sorted features, in one merging walk: feature g (in sorted
  // order) comes from part source[g], and part k's id maps to to_union[k][id].
  struct Source {
    std::uint32_t part, id;
  };
  std::vector<Source> source;
  std::vector<std::vector<std::uint32_t>> to_union(parts);
  std::vector<std::int64_t> df, tf;
  {
    std::size_t most = 0;
    for (std::size_t k = 0; k < parts; ++k) {
      to_union[k].resize(sorted[k].size());
      most += sorted[k].size();
    }
    source.reserve(most);
    df.reserve(most);
    if (need_tf) tf.reserve(most);
    const auto str = [&](std::size_t k, const Keyed& x) { return rows.parts[k].table.str(x.id); };
    const auto less = [&](std::size_t a, const Keyed& x, std::size_t b, const Keyed& y) {
      if (x.hi != y.hi) return x.hi < y.hi;
      if (x.lo != y.lo) return x.lo < y.lo;
      return str(a, x) < str(b, y);
    };
    std::vector<std::size_t> next(parts, 0);
    for (;;) {
      std::size_t first = parts;  // the part whose next feature comes first
      for (std::size_t k = 0; k < parts; ++k) {
        if (next[k] == sorted[k].size()) continue;
        if (first == parts || less(k, sorted[k][next[k]], first, sorted[first][next[first]])) {
          first = k;
        }
      }
      if (first == parts) break;
      const Keyed lead = sorted[first][next[first]];
      const auto g = static_cast<std::uint32_t>(source.size());
      source.push_back({static_cast<std::uint32_t>(first), lead.id});
      df.push_back(0);
      if (need_tf) tf.push_back(0);
      for (std::size_t k = first; k < parts; ++k) {  // every part holding the same feature
        if (next[k] == sorted[k].size()) continue;
        const Keyed& x = sorted[k][next[k]];
        if (k != first && (x.hi != lead.hi || x.lo != lead.lo || str(k, x) != str(first, lead))) {
          continue;
        }
        to_union[k][x.id] = g;
        df[g] += rows.parts[k].df[x.id];
        if (need_tf) tf[g] += part_tf[k][x.id];
        ++next[k];
      }
    }
  }
  const std::size_t size = source.size();
  if (size == 0) {
    throw InvalidArgument("empty vocabulary; perhaps the documents only contain stop words");
  }
  const auto feature_str = [&](std::uint32_t g) {
    return rows.parts[source[g].part].table.str(source[g].id);
  };
  // Prune: the union ids are the frequencies' positions, in column order already.
  std::vector<std::uint32_t> kept;  // union ids in column order
  kept.reserve(size);
  for (const std::size_t g : prune_features(options, df, tf, n)) {
    kept.push_back(static_cast<std::uint32_t>(g));
  }
  // Final features and column maps.
  detail::FeatureList final_features;
  final_features.offsets.reserve(kept.size() + 1);
  std::size_t pool_bytes = 0;
  for (const std::uint32_t g : kept) pool_bytes += feature_str(g).size();
  final_features.pool.reserve(pool_bytes);
  std::vector<std::uint32_t> column(size, detail::kDropped);
  document_frequencies.resize(kept.size());
  for (std::size_t c = 0; c < kept.size(); ++c) {
    const std::string_view s = feature_str(kept[c]);
    final_features.pool.append(s.data(), s.size());
    final_features.offsets.push_back(static_cast<std::uint32_t>(final_features.pool.size()));
    column[kept[c]] = static_cast<std::uint32_t>(c);
    document_frequencies[c] = df[kept[c]];
  }
  set_features(std::move(final_features));
  maps.resize(parts);
  for (std::size_t k = 0; k < parts; ++k) {
    maps[k].resize(to_union[k].size());
    for (std::size_t id = 0; id < to_union[k].size(); ++id) maps[k][id] = column[to_union[k][id]];
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
