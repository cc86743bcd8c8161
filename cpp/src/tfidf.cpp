#include "newsnlp/tfidf.hpp"

#include <atomic>
#include <memory>
#include <string>
#include <utility>

#include "detail/parallel.hpp"
#include "detail/tfidf_math.hpp"
#include "detail/vectorizer_impl.hpp"
#include "detail/vectorizer_io.hpp"
#include "detail/vectorizer_workers.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp {

Norm parse_norm(std::string_view name) {
  if (name == "l2") return Norm::kL2;
  if (name == "l1") return Norm::kL1;
  if (name == "none" || name.empty()) return Norm::kNone;
  throw InvalidArgument("norm must be 'l1', 'l2' or none (got '" + std::string(name) + "')");
}

// The weights sit behind a shared_ptr swapped atomically, so set_idf() may race with
// transform(): each transform works on the weights it loaded first.
struct TfidfTransformer::Impl {
  TfidfOptions options;
  std::shared_ptr<const std::vector<double>> idf;
  bool fitted = false;

  std::shared_ptr<const std::vector<double>> weights() const { return std::atomic_load(&idf); }
  void store(std::vector<double> v) {
    std::atomic_store(&idf, std::shared_ptr<const std::vector<double>>(
                                std::make_shared<std::vector<double>>(std::move(v))));
    fitted = true;
  }
  // The idf pointer for a transform (null when use_idf is off); throws NotFitted.
  const double* idf_data(const std::shared_ptr<const std::vector<double>>& w) const {
    if (!options.use_idf) return nullptr;
    if (!w) throw NotFitted("The TF-IDF transformer is not fitted");
    return w->data();
  }
};

namespace {

// Weights then normalizes one row, in Scalar: what a fused vectorizer and a transform on
// a user's matrix both do.
template <class Scalar>
struct TfidfRowValues {
  const TfidfOptions& options;
  const double* idf;
  bool binary;

  template <class Entries>
  void operator()(const Entries& row, Scalar* out) const {
    const detail::TfidfWeight<Scalar> weight{options, idf};
    for (std::size_t k = 0; k < row.size; ++k) {
      const Scalar tf = binary ? Scalar(1) : static_cast<Scalar>(row.count(k));
      out[k] = weight(tf, row.column(k));
    }
    detail::normalize_row(out, row.size, options.norm);
  }
};

template <class Scalar, class Index>
void check_columns(const CsrView<Scalar, Index>& m, std::size_t features) {
  if (features > 0 && m.cols > static_cast<std::int64_t>(features)) {
    throw InvalidArgument("X has " + std::to_string(m.cols) + " features, but the transformer is "
                          "fitted with " + std::to_string(features) + " features");
  }
}

}  // namespace

TfidfTransformer::TfidfTransformer(TfidfOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}
TfidfTransformer::~TfidfTransformer() = default;
TfidfTransformer::TfidfTransformer(TfidfTransformer&&) noexcept = default;
TfidfTransformer& TfidfTransformer::operator=(TfidfTransformer&&) noexcept = default;

const TfidfOptions& TfidfTransformer::options() const noexcept { return impl_->options; }

void TfidfTransformer::fit(const std::vector<std::int64_t>& document_frequencies,
                           std::size_t n_documents, bool float32) {
  if (!impl_->options.use_idf) {
    impl_->fitted = true;
    return;
  }
  const bool smooth = impl_->options.smooth_idf;
  impl_->store(float32 ? detail::compute_idf<float>(document_frequencies, n_documents, smooth)
                       : detail::compute_idf<double>(document_frequencies, n_documents, smooth));
}

void TfidfTransformer::fit(const SparseMatrix& counts) {
  std::vector<std::int64_t> df(static_cast<std::size_t>(cols(counts)), 0);
  bool float32 = false;
  std::visit(
      [&](const auto& m) {
        using M = std::decay_t<decltype(m)>;
        float32 = std::is_same_v<typename M::Scalar, float>;
        const auto* inner = m.innerIndexPtr();
        for (std::int64_t k = 0; k < static_cast<std::int64_t>(m.nonZeros()); ++k) ++df[inner[k]];
      },
      counts);
  fit(df, static_cast<std::size_t>(rows(counts)), float32);
}

bool TfidfTransformer::fitted() const noexcept { return impl_->fitted; }

std::vector<double> TfidfTransformer::idf() const {
  if (!impl_->options.use_idf) return {};
  const auto w = impl_->weights();
  if (!w) throw NotFitted("The TF-IDF transformer is not fitted");
  return *w;
}

void TfidfTransformer::set_idf(std::vector<double> idf) {
  if (!impl_->options.use_idf) throw InvalidArgument("`idf_` cannot be set when `use_idf=False`.");
  impl_->store(std::move(idf));
}

template <class Scalar, class Index>
void TfidfTransformer::transform(const CsrView<Scalar, Index>& counts, Scalar* out,
                                 int n_jobs) const {
  const auto w = impl_->weights();
  const double* idf = impl_->idf_data(w);
  if (idf) check_columns(counts, w->size());
  const unsigned threads = detail::resolve_jobs(n_jobs);
  const detail::TfidfWeight<Scalar> weight{impl_->options, idf};
  const Norm norm = impl_->options.norm;
  const auto n = static_cast<std::size_t>(counts.rows);
  detail::run_workers(n, threads, detail::chunk_size(n, threads), {},
                      [&](unsigned, std::size_t b, std::size_t e) {
                        for (std::size_t r = b; r < e; ++r) {
                          const auto begin = static_cast<std::size_t>(counts.outer[r]);
                          const auto end = static_cast<std::size_t>(counts.outer[r + 1]);
                          for (std::size_t k = begin; k < end; ++k) {
                            out[k] = weight(counts.values[k], static_cast<std::size_t>(counts.inner[k]));
                          }
                          detail::normalize_row(out + begin, end - begin, norm);
                        }
                      });
}

template void TfidfTransformer::transform(const CsrView<double, std::int32_t>&, double*, int) const;
template void TfidfTransformer::transform(const CsrView<float, std::int32_t>&, float*, int) const;
template void TfidfTransformer::transform(const CsrView<double, std::int64_t>&, double*, int) const;
template void TfidfTransformer::transform(const CsrView<float, std::int64_t>&, float*, int) const;

SparseMatrix TfidfTransformer::transform(const SparseMatrix& counts, int n_jobs) const {
  return std::visit(
      [&](const auto& m) -> SparseMatrix {
        using M = std::decay_t<decltype(m)>;
        using Index = typename M::StorageIndex;
        using Scalar = std::conditional_t<std::is_same_v<typename M::Scalar, float>, float, double>;
        CsrMatrix<Scalar, Index> out = m.template cast<Scalar>();
        out.makeCompressed();
        transform(view(out), out.valuePtr(), n_jobs);
        return adopt(out);
      },
      counts);
}

struct TfidfVectorizer::Impl {
  TfidfVectorizerOptions options;
  CountVectorizer counts;
  TfidfTransformer weights;

  explicit Impl(TfidfVectorizerOptions o)
      : options(std::move(o)), counts(options.counts), weights(options.tfidf) {}

  bool float32() const { return options.counts.dtype == ScalarType::kFloat32; }

  SparseMatrix assemble(const detail::CountedRows& rows, const detail::ColumnMaps& maps,
                        unsigned threads) const {
    const auto w = weights.impl().weights();
    const double* idf = weights.impl().idf_data(w);
    const TfidfOptions& o = options.tfidf;
    const bool binary = options.counts.binary;
    return detail::assemble_any<true>(
        options.counts.dtype, rows, maps, static_cast<std::int64_t>(counts.n_features()), threads,
        [&](auto tag) {
          return TfidfRowValues<typename decltype(tag)::type>{o, idf, binary};
        });
  }

  SparseMatrix fit_transform(const std::vector<TextView>& docs, int n_jobs,
                             const CancelHook& cancel) {
    const unsigned threads = detail::resolve_jobs(n_jobs);
    detail::ColumnMaps maps;
    const detail::CountedRows rows = counts.impl().learn(docs, threads, cancel, maps);
    weights.fit(counts.document_frequencies(), counts.n_documents(), float32());
    return assemble(rows, maps, threads);
  }
};

TfidfVectorizer::TfidfVectorizer(TfidfVectorizerOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
TfidfVectorizer::~TfidfVectorizer() = default;
TfidfVectorizer::TfidfVectorizer(TfidfVectorizer&&) noexcept = default;
TfidfVectorizer& TfidfVectorizer::operator=(TfidfVectorizer&&) noexcept = default;

const TfidfVectorizerOptions& TfidfVectorizer::options() const noexcept { return impl_->options; }

SparseMatrix TfidfVectorizer::fit_transform(const std::vector<TextView>& docs, int n_jobs,
                                            const CancelHook& cancel) {
  return impl_->fit_transform(docs, n_jobs, cancel);
}

void TfidfVectorizer::fit(const std::vector<TextView>& docs, int n_jobs, const CancelHook& cancel) {
  impl_->counts.fit(docs, n_jobs, cancel);
  impl_->weights.fit(impl_->counts.document_frequencies(), impl_->counts.n_documents(),
                     impl_->float32());
}

SparseMatrix TfidfVectorizer::transform(const std::vector<TextView>& docs, int n_jobs,
                                        const CancelHook& cancel) const {
  if (!impl_->counts.fitted() || !impl_->weights.fitted()) {
    throw NotFitted("The TF-IDF vectorizer is not fitted");
  }
  const unsigned threads = detail::resolve_jobs(n_jobs);
  const detail::CountedRows rows = impl_->counts.impl().count(docs, threads, cancel);
  return impl_->assemble(rows, {}, threads);
}

const CountVectorizer& TfidfVectorizer::counts() const noexcept { return impl_->counts; }
CountVectorizer& TfidfVectorizer::counts() noexcept { return impl_->counts; }
const TfidfTransformer& TfidfVectorizer::weights() const noexcept { return impl_->weights; }
TfidfTransformer& TfidfVectorizer::weights() noexcept { return impl_->weights; }

namespace {

ModelWriter tfidf_writer(const TfidfVectorizer& v, std::string_view meta) {
  ModelWriter w(detail::kTfidfKind, detail::kVectorizerFormatVersion);
  detail::write_counts(w, v.counts());
  detail::write_tfidf(w, v.weights());
  if (!meta.empty()) w.add("meta", std::string(meta));
  return w;
}

TfidfVectorizer tfidf_of(const ModelReader& r, std::shared_ptr<const CharTables> tables,
                         std::string* meta) {
  CountVectorizer counts = detail::read_counts(r, std::move(tables));
  TfidfVectorizerOptions o;
  o.counts = counts.options();
  o.tfidf = detail::read_tfidf_options(r);
  TfidfVectorizer v(std::move(o));
  v.counts() = std::move(counts);
  try {
    detail::read_idf(r, v.weights());
  } catch (const InvalidArgument& e) {
    r.fail(std::string("idf: ") + e.what());
  }
  if (v.weights().fitted() && v.weights().options().use_idf &&
      v.weights().idf().size() != v.counts().n_features()) {
    r.fail("idf: not one weight per feature");
  }
  if (meta) *meta = detail::read_meta(r);
  return v;
}

}  // namespace

void TfidfVectorizer::save(const std::string& path, std::string_view meta) const {
  tfidf_writer(*this, meta).save(path);
}

std::string TfidfVectorizer::to_bytes(std::string_view meta) const {
  return tfidf_writer(*this, meta).bytes();
}

TfidfVectorizer TfidfVectorizer::load(const std::string& path,
                                      std::shared_ptr<const CharTables> tables, std::string* meta) {
  const ModelReader r =
      ModelReader::open(path, detail::kTfidfKind, detail::kVectorizerFormatVersion);
  return tfidf_of(r, std::move(tables), meta);
}

TfidfVectorizer TfidfVectorizer::from_bytes(std::string bytes, const std::string& source,
                                            std::shared_ptr<const CharTables> tables,
                                            std::string* meta) {
  const ModelReader r = ModelReader::parse(std::move(bytes), source, detail::kTfidfKind,
                                           detail::kVectorizerFormatVersion);
  return tfidf_of(r, std::move(tables), meta);
}

}  // namespace newsnlp
