#include "newsnlp/hashing.hpp"

#include <cstring>
#include <string>
#include <utility>

#include "detail/parallel.hpp"
#include "detail/tfidf_math.hpp"
#include "detail/vectorizer_counting.hpp"
#include "detail/vectorizer_csr.hpp"
#include "detail/vectorizer_io.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

inline std::uint32_t rotl32(std::uint32_t x, int r) noexcept { return (x << r) | (x >> (32 - r)); }

template <class Scalar>
struct HashedValues {
  bool binary;
  Norm norm;
  template <class Entries>
  void operator()(const Entries& row, Scalar* out) const {
    for (std::size_t k = 0; k < row.size; ++k) {
      out[k] = binary ? Scalar(1) : static_cast<Scalar>(row.count(k));
    }
    if constexpr (std::is_floating_point_v<Scalar>) detail::normalize_row(out, row.size, norm);
  }
};

}  // namespace

// Austin Appleby's public-domain MurmurHash3_x86_32, on little-endian blocks as the
// reference (and scikit-learn's copy of it) reads them on x86.
std::int32_t murmurhash3_32(std::string_view key, std::uint32_t seed) noexcept {
  const auto* data = reinterpret_cast<const unsigned char*>(key.data());
  const std::size_t len = key.size();
  const std::size_t nblocks = len / 4;
  std::uint32_t h1 = seed;
  constexpr std::uint32_t c1 = 0xcc9e2d51;
  constexpr std::uint32_t c2 = 0x1b873593;
  for (std::size_t i = 0; i < nblocks; ++i) {
    std::uint32_t k1 = static_cast<std::uint32_t>(data[4 * i]) |
                       (static_cast<std::uint32_t>(data[4 * i + 1]) << 8) |
                       (static_cast<std::uint32_t>(data[4 * i + 2]) << 16) |
                       (static_cast<std::uint32_t>(data[4 * i + 3]) << 24);
    k1 *= c1;
    k1 = rotl32(k1, 15);
    k1 *= c2;
    h1 ^= k1;
    h1 = rotl32(h1, 13);
    h1 = h1 * 5 + 0xe6546b64;
  }
  const unsigned char* tail = data + nblocks * 4;
  std::uint32_t k1 = 0;
  switch (len & 3) {
    case 3: k1 ^= static_cast<std::uint32_t>(tail[2]) << 16; [[fallthrough]];
    case 2: k1 ^= static_cast<std::uint32_t>(tail[1]) << 8; [[fallthrough]];
    case 1:
      k1 ^= tail[0];
      k1 *= c1;
      k1 = rotl32(k1, 15);
      k1 *= c2;
      h1 ^= k1;
  }
  h1 ^= static_cast<std::uint32_t>(len);
  h1 ^= h1 >> 16;
  h1 *= 0x85ebca6b;
  h1 ^= h1 >> 13;
  h1 *= 0xc2b2ae35;
  h1 ^= h1 >> 16;
  std::int32_t out;
  std::memcpy(&out, &h1, sizeof out);
  return out;
}

struct HashingVectorizer::Impl {
  HashingVectorizerOptions options;
  Analyzer analyzer;
  explicit Impl(HashingVectorizerOptions o) : options(std::move(o)), analyzer(options.analyzer) {}
};

HashingVectorizer::HashingVectorizer(HashingVectorizerOptions options) {
  if (options.n_features < 1 || options.n_features > 0x7FFFFFFFu) {
    throw InvalidArgument("The 'n_features' parameter of HashingVectorizer must be an int in the "
                          "range [1, 2147483647). Got " + std::to_string(options.n_features) +
                          " instead.");
  }
  if (options.norm != Norm::kNone &&
      (options.dtype == ScalarType::kInt64 || options.dtype == ScalarType::kInt32)) {
    throw InvalidArgument("HashingVectorizer: a norm needs a floating-point dtype");
  }
  impl_ = std::make_unique<Impl>(std::move(options));
}
HashingVectorizer::~HashingVectorizer() = default;
HashingVectorizer::HashingVectorizer(HashingVectorizer&&) noexcept = default;
HashingVectorizer& HashingVectorizer::operator=(HashingVectorizer&&) noexcept = default;

const HashingVectorizerOptions& HashingVectorizer::options() const noexcept {
  return impl_->options;
}

SparseMatrix HashingVectorizer::transform(const std::vector<TextView>& docs, int n_jobs,
                                          const CancelHook& cancel) const {
  const HashingVectorizerOptions& o = impl_->options;
  const unsigned threads = detail::resolve_jobs(n_jobs);
  const detail::CountedRows rows = detail::hash_documents(impl_->analyzer.impl(), docs, o.n_features,
                                                          o.alternate_sign, threads, cancel);
  return detail::assemble_any(o.dtype, rows, {}, o.n_features, threads, [&o](auto tag) {
    return HashedValues<typename decltype(tag)::type>{o.binary, o.norm};
  });
}

namespace {

ModelWriter hashing_writer(const HashingVectorizer& v, std::string_view meta) {
  ModelWriter w(detail::kHashingKind, detail::kVectorizerFormatVersion);
  detail::write_hashing(w, v.options());
  if (!meta.empty()) w.add("meta", std::string(meta));
  return w;
}

HashingVectorizer hashing_of(const ModelReader& r, std::shared_ptr<const CharTables> tables,
                             std::string* meta) {
  HashingVectorizerOptions o = detail::read_hashing(r, std::move(tables));
  if (meta) *meta = detail::read_meta(r);
  try {
    return HashingVectorizer(std::move(o));
  } catch (const InvalidArgument& e) {
    r.fail(std::string("hashing: ") + e.what());
  }
}

}  // namespace

void HashingVectorizer::save(const std::string& path, std::string_view meta) const {
  hashing_writer(*this, meta).save(path);
}

std::string HashingVectorizer::to_bytes(std::string_view meta) const {
  return hashing_writer(*this, meta).bytes();
}

HashingVectorizer HashingVectorizer::load(const std::string& path,
                                          std::shared_ptr<const CharTables> tables,
                                          std::string* meta) {
  const ModelReader r =
      ModelReader::open(path, detail::kHashingKind, detail::kVectorizerFormatVersion);
  return hashing_of(r, std::move(tables), meta);
}

HashingVectorizer HashingVectorizer::from_bytes(std::string bytes, const std::string& source,
                                                std::shared_ptr<const CharTables> tables,
                                                std::string* meta) {
  const ModelReader r = ModelReader::parse(std::move(bytes), source, detail::kHashingKind,
                                           detail::kVectorizerFormatVersion);
  return hashing_of(r, std::move(tables), meta);
}

}  // namespace newsnlp
