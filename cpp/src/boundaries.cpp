// ICU's own break iterators, for conformance checks and as the reference the fast
// segmenters in detail/ are tested against.
#include "newsnlp/boundaries.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <cstdint>
#include <memory>
#include <string>

#include "newsnlp/error.hpp"
#include "newsnlp/text.hpp"

namespace newsnlp {
namespace {

enum class Unit { kWord, kSentence };

std::unique_ptr<icu::BreakIterator> create(Unit unit) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale& root = icu::Locale::getRoot();
  std::unique_ptr<icu::BreakIterator> iterator(
      unit == Unit::kWord ? icu::BreakIterator::createWordInstance(root, status)
                          : icu::BreakIterator::createSentenceInstance(root, status));
  if (U_FAILURE(status) || !iterator) {
    throw Error(std::string("ICU break iterator unavailable: ") + u_errorName(status));
  }
  return iterator;
}

// Creating an iterator loads and parses ICU's rule data; cloning one is much cheaper.
// The prototypes are never iterated, only cloned, which is safe from several threads.
const icu::BreakIterator& prototype(Unit unit) {
  static const std::unique_ptr<icu::BreakIterator> word = create(Unit::kWord);
  static const std::unique_ptr<icu::BreakIterator> sentence = create(Unit::kSentence);
  return unit == Unit::kWord ? *word : *sentence;
}

std::vector<std::size_t> boundaries(std::string_view utf8, Unit unit) {
  // BreakIterator reports positions as int32_t.
  if (utf8.size() > kMaxIcuTextBytes) {
    throw InvalidArgument("text must be at most " + std::to_string(kMaxIcuTextBytes) +
                          " bytes (kMaxIcuTextBytes) for ICU segmentation (got " +
                          std::to_string(utf8.size()) + ")");
  }
  validate_utf8(utf8);
  std::unique_ptr<icu::BreakIterator> iterator(prototype(unit).clone());
  if (!iterator) throw Error("ICU break iterator could not be cloned");
  UErrorCode status = U_ZERO_ERROR;
  // A UTF-8 UText reads the caller's bytes in place; its native indexes are byte offsets.
  icu::LocalUTextPointer text(
      utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status));
  iterator->setText(text.getAlias(), status);
  if (U_FAILURE(status)) {
    throw Error(std::string("ICU break iteration failed: ") + u_errorName(status));
  }
  std::vector<std::size_t> out;
  for (int32_t b = iterator->first(); b != icu::BreakIterator::DONE; b = iterator->next()) {
    out.push_back(static_cast<std::size_t>(b));
  }
  return out;
}

}  // namespace

std::vector<std::size_t> word_boundaries(std::string_view utf8) {
  return boundaries(utf8, Unit::kWord);
}

std::vector<std::size_t> sentence_boundaries(std::string_view utf8) {
  return boundaries(utf8, Unit::kSentence);
}

}  // namespace newsnlp
