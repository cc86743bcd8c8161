#include "detail/vectorizer_io.hpp"

#include <cmath>
#include <cstring>
#include <utility>

#include "newsnlp/error.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp::detail {
namespace {

// UTF-8 that may hold lone surrogates (3-byte ED A0..BF xx), as features from Python
// str input can: Python reads them back with "surrogatepass".
bool is_feature_text(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char b = p[i];
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b < 0x80) {
      ++i;
      continue;
    } else if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (n - i < len || p[i + 1] < lo || p[i + 1] > hi) return false;
    for (std::size_t k = 2; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

std::uint64_t bits(double v) {
  std::uint64_t u;
  std::memcpy(&u, &v, 8);
  return u;
}

double from_bits(std::uint64_t u) {
  double v;
  std::memcpy(&v, &u, 8);
  return v;
}

class Fields {
 public:
  Fields(const ModelReader& r, std::string_view tag)
      : r_(r), b_(r.section(tag), r, std::string(tag)), tag_(tag) {}
  bool flag() {
    const std::uint8_t v = b_.u8();
    if (v > 1) r_.fail(tag_ + ": a flag is neither 0 nor 1");
    return v == 1;
  }
  std::uint8_t choice(std::uint8_t max, const char* what) {
    const std::uint8_t v = b_.u8();
    if (v > max) r_.fail(tag_ + ": unknown " + what);
    return v;
  }
  ByteReader& raw() { return b_; }
  void finish() { b_.finish(); }

 private:
  const ModelReader& r_;
  ByteReader b_;
  std::string tag_;
};

void write_tokenizer(ByteWriter& w, const TokenizerOptions& t) {
  w.str(t.lang);
  w.u8(static_cast<std::uint8_t>(t.norm.normalization));
  w.u8(t.norm.lowercase);
  w.u8(t.norm.fold_accents);
  w.u8(t.norm.unify_punctuation);
  w.u8(t.norm.fold_arabic);
  w.u8(t.split_elisions);
  w.u8(t.split_clitics);
  w.u8(t.sentences);
  w.u8(t.builtin_stop_words);
  w.strs(t.stop_words);
  w.strs(t.abbreviations);
}

TokenizerOptions read_tokenizer(Fields& f) {
  TokenizerOptions t;
  t.lang = f.raw().str();
  t.norm.normalization =
      static_cast<Normalization>(f.choice(static_cast<std::uint8_t>(Normalization::kNFKC), "normalization"));
  t.norm.lowercase = f.flag();
  t.norm.fold_accents = f.flag();
  t.norm.unify_punctuation = f.flag();
  t.norm.fold_arabic = f.flag();
  t.split_elisions = f.flag();
  t.split_clitics = f.flag();
  t.sentences = f.flag();
  t.builtin_stop_words = f.flag();
  t.stop_words = f.raw().strs();
  t.abbreviations = f.raw().strs();
  return t;
}

// Builds an object from stored options, turning its own InvalidArgument into a corrupt
// file error.
template <class Make>
auto rebuild(const ModelReader& r, const char* what, Make&& make) {
  try {
    return make();
  } catch (const InvalidArgument& e) {
    r.fail(std::string(what) + ": " + e.what());
  }
}

}  // namespace

void write_analyzer(ModelWriter& w, const AnalyzerOptions& o) {
  ByteWriter b;
  b.u8(static_cast<std::uint8_t>(o.kind));
  b.u8(o.lowercase);
  b.u8(static_cast<std::uint8_t>(o.strip_accents));
  b.u32(o.min_token_length);
  b.strs(o.stop_words);
  b.u32(o.ngram_min);
  b.u32(o.ngram_max);
  b.str(o.tables ? o.tables->unicode_version() : CharTables::icu()->unicode_version());
  b.u8(o.tokenizer != nullptr);
  if (o.tokenizer) write_tokenizer(b, o.tokenizer->options());
  w.add("analyzer", b.take());
}

AnalyzerOptions read_analyzer(const ModelReader& r, std::shared_ptr<const CharTables> tables) {
  Fields f(r, "analyzer");
  AnalyzerOptions o;
  o.kind = static_cast<AnalyzerKind>(f.choice(static_cast<std::uint8_t>(AnalyzerKind::kCharWb), "analyzer"));
  o.lowercase = f.flag();
  o.strip_accents =
      static_cast<StripAccents>(f.choice(static_cast<std::uint8_t>(StripAccents::kUnicode), "strip_accents"));
  o.min_token_length = f.raw().u32();
  o.stop_words = f.raw().strs();
  o.ngram_min = f.raw().u32();
  o.ngram_max = f.raw().u32();
  f.raw().str();  // the Unicode version of the tables it was fitted with (informative)
  if (f.flag()) {
    const TokenizerOptions t = read_tokenizer(f);
    o.tokenizer = rebuild(r, "tokenizer", [&] { return std::make_shared<const Tokenizer>(t); });
  }
  f.finish();
  o.tables = std::move(tables);
  return o;
}

void write_counts(ModelWriter& w, const CountVectorizer& v) {
  const CountVectorizerOptions& o = v.options();
  write_analyzer(w, o.analyzer);
  ByteWriter b;
  b.u64(bits(o.max_df.value));
  b.u8(o.max_df.proportion);
  b.u64(bits(o.min_df.value));
  b.u8(o.min_df.proportion);
  b.u64(o.max_features);
  b.u8(o.fixed_vocabulary);
  b.u8(o.binary);
  b.u8(static_cast<std::uint8_t>(o.dtype));
  b.u8(v.fitted());
  b.u64(v.n_documents());
  w.add("counts", b.take());
  if (v.fitted() || o.fixed_vocabulary) {
    const Vocabulary& features = v.vocabulary();
    w.add("features", features.pool());
    w.add_u32("offsets", features.offsets());
    const std::vector<std::int64_t>& df = v.document_frequencies();
    w.add_u64("df", std::vector<std::uint64_t>(df.begin(), df.end()));
  }
}

CountVectorizer read_counts(const ModelReader& r, std::shared_ptr<const CharTables> tables) {
  CountVectorizerOptions o;
  o.analyzer = read_analyzer(r, std::move(tables));
  Fields f(r, "counts");
  o.max_df.value = from_bits(f.raw().u64());
  o.max_df.proportion = f.flag();
  o.min_df.value = from_bits(f.raw().u64());
  o.min_df.proportion = f.flag();
  o.max_features = static_cast<std::size_t>(f.raw().u64());
  const bool fixed = f.flag();
  o.binary = f.flag();
  o.dtype = static_cast<ScalarType>(f.choice(static_cast<std::uint8_t>(ScalarType::kInt32), "dtype"));
  const bool fitted = f.flag();
  const std::uint64_t n_documents = f.raw().u64();
  f.finish();
  std::vector<std::string> features;
  std::vector<std::int64_t> df;
  if (fitted || fixed) {
    const std::string_view pool = r.section("features");
    const std::vector<std::uint32_t> offsets = r.u32("offsets");
    if (offsets.empty() || offsets.front() != 0 || offsets.back() != pool.size()) {
      r.fail("features: offsets do not cover the feature text");
    }
    features.reserve(offsets.size() - 1);
    for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
      // Each offset inside the text: the last one alone does not bound a decreasing run.
      if (offsets[i + 1] < offsets[i] || offsets[i + 1] > pool.size()) {
        r.fail("features: offsets decrease or pass the feature text");
      }
      features.emplace_back(pool.substr(offsets[i], offsets[i + 1] - offsets[i]));
      if (!is_feature_text(features.back())) {
        r.fail("feature " + std::to_string(i) + " is not UTF-8");
      }
    }
    for (const std::uint64_t d : r.u64("df")) {
      if (d > n_documents) r.fail("df: a document frequency exceeds the number of documents");
      df.push_back(static_cast<std::int64_t>(d));
    }
    if (!df.empty() && df.size() != features.size()) r.fail("df: not one value per feature");
  }
  if (fixed) {
    o.fixed_vocabulary = true;
    o.vocabulary = features;
  }
  CountVectorizer v = rebuild(r, "counts", [&] { return CountVectorizer(std::move(o)); });
  if (fitted) {
    rebuild(r, "features", [&] {
      v.set_fitted(std::move(features), std::move(df), static_cast<std::size_t>(n_documents));
      return 0;
    });
  }
  return v;
}

void write_tfidf(ModelWriter& w, const TfidfTransformer& t) {
  const TfidfOptions& o = t.options();
  ByteWriter b;
  b.u8(static_cast<std::uint8_t>(o.norm));
  b.u8(o.use_idf);
  b.u8(o.smooth_idf);
  b.u8(o.sublinear_tf);
  b.u8(t.fitted());
  w.add("tfidf", b.take());
  if (t.fitted() && o.use_idf) {
    std::vector<std::uint64_t> idf;
    for (const double v : t.idf()) idf.push_back(bits(v));
    w.add_u64("idf", idf);
  }
}

TfidfOptions read_tfidf_options(const ModelReader& r) {
  Fields f(r, "tfidf");
  TfidfOptions o;
  o.norm = static_cast<Norm>(f.choice(static_cast<std::uint8_t>(Norm::kL2), "norm"));
  o.use_idf = f.flag();
  o.smooth_idf = f.flag();
  o.sublinear_tf = f.flag();
  f.flag();  // fitted: read_idf looks for the idf section
  f.finish();
  return o;
}

void read_idf(const ModelReader& r, TfidfTransformer& t) {
  if (!t.options().use_idf) {
    t.fit({}, 0);
    return;
  }
  if (!r.has("idf")) return;
  std::vector<double> idf;
  for (const std::uint64_t u : r.u64("idf")) {
    const double v = from_bits(u);
    if (!std::isfinite(v)) r.fail("idf: a weight is not finite");
    idf.push_back(v);
  }
  t.set_idf(std::move(idf));
}

void write_hashing(ModelWriter& w, const HashingVectorizerOptions& o) {
  write_analyzer(w, o.analyzer);
  ByteWriter b;
  b.u32(o.n_features);
  b.u8(o.binary);
  b.u8(static_cast<std::uint8_t>(o.norm));
  b.u8(o.alternate_sign);
  b.u8(static_cast<std::uint8_t>(o.dtype));
  w.add("hashing", b.take());
}

HashingVectorizerOptions read_hashing(const ModelReader& r, std::shared_ptr<const CharTables> tables) {
  HashingVectorizerOptions o;
  o.analyzer = read_analyzer(r, std::move(tables));
  Fields f(r, "hashing");
  o.n_features = f.raw().u32();
  o.binary = f.flag();
  o.norm = static_cast<Norm>(f.choice(static_cast<std::uint8_t>(Norm::kL2), "norm"));
  o.alternate_sign = f.flag();
  o.dtype = static_cast<ScalarType>(f.choice(static_cast<std::uint8_t>(ScalarType::kInt32), "dtype"));
  f.finish();
  return o;
}

std::string read_meta(const ModelReader& r) {
  return r.has("meta") ? std::string(r.section("meta")) : std::string();
}

}  // namespace newsnlp::detail
