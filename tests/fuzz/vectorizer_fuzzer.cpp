// The vectorizers on arbitrary documents (UTF-8, or Latin-1 / UCS-2 / UCS-4 code units as
// Python hands them over, lone surrogates included): each row of CountVectorizer's matrix
// holds exactly the counts of the analyzer's features; Latin-1 and UCS-2 documents analyze
// as their code points do in UCS-4; transform equals fit_transform;
// TF-IDF rows have unit norm; hashed columns stay in range; ill-formed UTF-8 gets
// InvalidUtf8 naming the document and byte.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "newsnlp/analyzer.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/hashing.hpp"
#include "newsnlp/tfidf.hpp"
#include "newsnlp/vectorizer.hpp"

namespace {

using newsnlp::CsrMatrix;
using newsnlp::TextEncoding;
using newsnlp::TextView;

newsnlp::AnalyzerOptions analyzer_options(std::uint8_t bits) {
  newsnlp::AnalyzerOptions o;
  o.kind = static_cast<newsnlp::AnalyzerKind>(bits % 3);
  o.lowercase = (bits >> 2) & 1;
  o.strip_accents = static_cast<newsnlp::StripAccents>((bits >> 3) % 3);
  o.ngram_min = 1 + ((bits >> 5) & 1);
  o.ngram_max = o.ngram_min + ((bits >> 6) & 1);
  o.min_token_length = 1 + ((bits >> 7) & 1);
  if (o.kind == newsnlp::AnalyzerKind::kWord) o.stop_words = {"the", "le"};
  return o;
}

// Documents: lines of the input. Code units are copied into `storage` (aligned).
std::vector<TextView> documents(TextEncoding encoding, const std::string& input,
                                std::vector<std::vector<char32_t>>& storage) {
  const std::vector<std::string_view> lines = newsnlp::fuzz::split_lines(input);
  std::vector<TextView> docs;
  const std::size_t unit = encoding == TextEncoding::kUcs2 ? 2 : encoding == TextEncoding::kUcs4 ? 4 : 1;
  storage.assign(lines.size(), {});
  for (std::size_t d = 0; d < lines.size(); ++d) {
    const std::string_view line = lines[d];
    if (unit == 1) {
      docs.emplace_back(line.data(), line.size(), encoding);
      continue;
    }
    std::vector<char32_t>& units = storage[d];
    units.resize(line.size() / unit + 1);
    std::memcpy(units.data(), line.data(), line.size() / unit * unit);
    if (unit == 4) {
      for (char32_t& c : units) c %= 0x110000;  // Python's code points stop at U+10FFFF
    }
    docs.emplace_back(units.data(), line.size() / unit, encoding);
  }
  return docs;
}

void check_counts(const newsnlp::CountVectorizer& v, const newsnlp::Analyzer& analyzer,
                  const std::vector<TextView>& docs, const CsrMatrix<std::int64_t>& m) {
  NEWSNLP_FUZZ_CHECK(static_cast<std::size_t>(m.rows()) == docs.size());
  NEWSNLP_FUZZ_CHECK(static_cast<std::size_t>(m.cols()) == v.n_features());
  for (std::size_t d = 0; d < docs.size(); ++d) {
    std::map<std::uint32_t, std::int64_t> want;
    for (const std::string& f : analyzer.analyze(docs[d])) {
      const std::uint32_t id = v.vocabulary().find(f);
      if (id != newsnlp::Vocabulary::kNotFound) ++want[id];
    }
    std::map<std::uint32_t, std::int64_t> got;
    for (CsrMatrix<std::int64_t>::InnerIterator it(m, static_cast<Eigen::Index>(d)); it; ++it) {
      got[static_cast<std::uint32_t>(it.col())] += it.value();
    }
    NEWSNLP_FUZZ_CHECK(got == want);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t mode = data[0], bits = data[1];
  const std::string_view raw(reinterpret_cast<const char*>(data) + 2, size - 2);
  const auto encoding = static_cast<TextEncoding>((mode >> 1) % 4);
  const std::string input = encoding == TextEncoding::kUtf8 ? newsnlp::fuzz::fuzz_text(mode, raw)
                                                            : std::string(raw);
  std::vector<std::vector<char32_t>> storage;
  const std::vector<TextView> docs = documents(encoding, input, storage);

  newsnlp::CountVectorizerOptions options;
  options.analyzer = analyzer_options(bits);
  options.binary = (mode >> 3) & 1;
  const newsnlp::Analyzer analyzer(options.analyzer);

  // Latin-1 and UCS-2 text is cut in SIMD chunks (ASCII; Arabic letters between ASCII
  // separators), UCS-4 one code point at a time: the same code points, the same features.
  if (encoding == TextEncoding::kLatin1 || encoding == TextEncoding::kUcs2) {
    for (const TextView& doc : docs) {
      std::vector<std::uint32_t> wide(doc.length);
      for (std::size_t i = 0; i < doc.length; ++i) {
        wide[i] = encoding == TextEncoding::kLatin1 ? static_cast<const std::uint8_t*>(doc.data)[i]
                                                    : static_cast<const std::uint16_t*>(doc.data)[i];
      }
      const TextView ucs4(wide.data(), wide.size(), TextEncoding::kUcs4);
      NEWSNLP_FUZZ_CHECK(analyzer.analyze(doc) == analyzer.analyze(ucs4));
    }
  }
  newsnlp::CountVectorizer counts(options);
  try {
    const auto fitted = std::get<CsrMatrix<std::int64_t>>(counts.fit_transform(docs));
    const auto again = std::get<CsrMatrix<std::int64_t>>(counts.transform(docs, 2));
    NEWSNLP_FUZZ_CHECK(fitted.nonZeros() == again.nonZeros());
    if (!options.binary) check_counts(counts, analyzer, docs, fitted);
  } catch (const newsnlp::InvalidArgument& e) {
    // Only an empty vocabulary (nothing but stop words or short tokens) is refused.
    NEWSNLP_FUZZ_CHECK(std::strstr(e.what(), "empty vocabulary") != nullptr);
  }

  newsnlp::TfidfVectorizerOptions tfidf_options;
  tfidf_options.counts.analyzer = options.analyzer;
  newsnlp::TfidfVectorizer tfidf(tfidf_options);
  try {
    const auto weights = std::get<CsrMatrix<double>>(tfidf.fit_transform(docs));
    for (Eigen::Index r = 0; r < weights.rows(); ++r) {
      double squares = 0;
      for (CsrMatrix<double>::InnerIterator it(weights, r); it; ++it) squares += it.value() * it.value();
      NEWSNLP_FUZZ_CHECK(squares == 0 || std::fabs(squares - 1) < 1e-9);
    }
  } catch (const newsnlp::InvalidArgument& e) {
    NEWSNLP_FUZZ_CHECK(std::strstr(e.what(), "empty vocabulary") != nullptr);
  }

  newsnlp::HashingVectorizerOptions hashing_options;
  hashing_options.analyzer = options.analyzer;
  hashing_options.n_features = 1 + bits % 32;
  const newsnlp::HashingVectorizer hashing(hashing_options);
  const auto hashed = std::get<CsrMatrix<double>>(hashing.transform(docs));
  NEWSNLP_FUZZ_CHECK(hashed.rows() == static_cast<Eigen::Index>(docs.size()));
  NEWSNLP_FUZZ_CHECK(hashed.cols() == static_cast<Eigen::Index>(hashing_options.n_features));

  // Ill-formed UTF-8 documents: InvalidUtf8 naming the first bad one and its byte.
  if (encoding == TextEncoding::kUtf8) {
    std::vector<std::string_view> raw_lines;
    std::vector<TextView> raw_docs;
    for (std::size_t begin = 0; begin <= raw.size();) {
      std::size_t end = raw.find('\n', begin);
      if (end == std::string::npos) end = raw.size();
      raw_docs.emplace_back(raw.substr(begin, end - begin));
      raw_lines.push_back(raw.substr(begin, end - begin));
      begin = end + 1;
    }
    std::size_t first_bad = 0;
    while (first_bad < raw_lines.size() && newsnlp::fuzz::is_valid_utf8(raw_lines[first_bad])) ++first_bad;
    if (first_bad < raw_lines.size()) {
      bool named = false;
      try {
        (void)hashing.transform(raw_docs);
      } catch (const newsnlp::InvalidUtf8& e) {
        named = e.document() == static_cast<long long>(first_bad) &&
                e.byte_offset() == newsnlp::fuzz::reference_invalid_utf8(raw_lines[first_bad]);
      }
      NEWSNLP_FUZZ_CHECK(named);
    }
  }
  return 0;
}
