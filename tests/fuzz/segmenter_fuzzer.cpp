// The fast UAX #29 segmenters (detail/) against ICU's BreakIterator: boundaries must be
// identical on any well-formed text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "detail/sentence_segmenter.hpp"
#include "detail/word_segmenter.hpp"
#include "fuzz_check.hpp"
#include "newsnlp/boundaries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text =
      newsnlp::fuzz::fuzz_text(data[0], std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  static const newsnlp::detail::WordSegmenter words;
  static const newsnlp::detail::SentenceSegmenter sentences;
  std::vector<std::uint32_t> got;

  words.segment(text, got);
  const std::vector<std::size_t> icu_words = newsnlp::word_boundaries(text);
  NEWSNLP_FUZZ_CHECK(std::vector<std::size_t>(got.begin(), got.end()) == icu_words);

  sentences.segment(text, got);
  const std::vector<std::size_t> icu_sentences = newsnlp::sentence_boundaries(text);
  NEWSNLP_FUZZ_CHECK(std::vector<std::size_t>(got.begin(), got.end()) == icu_sentences);
  return 0;
}
