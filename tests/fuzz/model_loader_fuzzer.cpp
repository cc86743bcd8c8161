// Every model-file loader (matcher, count, TF-IDF and hashing vectorizers) on arbitrary
// bytes: a corrupt, truncated or foreign file gets IoError, never a crash, a runaway
// allocation or another exception; a file that loads works and saves again. Byte 0 picks
// the loader; odd byte 1 rewrites the checksums so that mutations reach the sections.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "model_samples.hpp"
#include "newsnlp/error.hpp"

namespace {

using newsnlp::testing::ModelKind;

template <class Vectorizer>
void run_vectorizer(const std::string& bytes) {
  const Vectorizer v = Vectorizer::from_bytes(bytes, "<fuzz>");
  const std::vector<newsnlp::TextView> docs(newsnlp::testing::probe_docs().begin(),
                                            newsnlp::testing::probe_docs().end());
  try {
    const newsnlp::SparseMatrix m = v.transform(docs);
    NEWSNLP_FUZZ_CHECK(newsnlp::rows(m) == static_cast<std::int64_t>(docs.size()));
  } catch (const newsnlp::NotFitted&) {
    // A file may hold an unfitted vectorizer.
  }
  const std::string again = v.to_bytes();
  (void)Vectorizer::from_bytes(again, "<fuzz again>");
}

void load_and_run(ModelKind kind, const std::string& bytes) {
  switch (kind) {
    case ModelKind::kMatcher: {
      const newsnlp::EntityMatcher m = newsnlp::EntityMatcher::from_bytes(bytes, "<fuzz>");
      for (const std::string& doc : newsnlp::testing::probe_docs()) {
        for (const newsnlp::Mention& mention : m.find(doc, newsnlp::MatchMode::kOverlapping)) {
          NEWSNLP_FUZZ_CHECK(mention.entity < m.entity_count());
          NEWSNLP_FUZZ_CHECK(mention.span.begin < mention.span.end && mention.span.end <= doc.size());
        }
      }
      const newsnlp::EntityMatcher again = newsnlp::EntityMatcher::from_bytes(m.to_bytes());
      NEWSNLP_FUZZ_CHECK(again.entity_count() == m.entity_count());
      break;
    }
    case ModelKind::kCount:
      run_vectorizer<newsnlp::CountVectorizer>(bytes);
      break;
    case ModelKind::kTfidf:
      run_vectorizer<newsnlp::TfidfVectorizer>(bytes);
      break;
    case ModelKind::kHashing:
      run_vectorizer<newsnlp::HashingVectorizer>(bytes);
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto kind = static_cast<ModelKind>(data[0] % newsnlp::testing::kModelKinds);
  std::string bytes(reinterpret_cast<const char*>(data) + 2, size - 2);
  if (data[1] & 1) newsnlp::testing::fix_model_checksums(bytes);
  try {
    load_and_run(kind, bytes);
  } catch (const newsnlp::IoError& e) {
    NEWSNLP_FUZZ_CHECK(std::string(e.what()).rfind("<fuzz>", 0) == 0);
  }
  return 0;
}
