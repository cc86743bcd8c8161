// Fast UAX #29 word segmentation on ICU's character properties.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace newsnlp::detail {

// Computes the same word boundaries as ICU's root-locale word BreakIterator (and so
// Unicode's WordBreakTest.txt), from a table-driven state machine over UTF-8 with an
// ASCII fast path. Runs of dictionary scripts (Thai, Lao, Khmer, Myanmar, Han, Kana)
// are handed to an ICU BreakIterator so that they split as ICU splits them.
// Thread-safe: segment() is const; ICU iterators are cloned per call when needed.
class WordSegmenter {
 public:
  WordSegmenter();
  ~WordSegmenter();
  WordSegmenter(WordSegmenter&&) noexcept;
  WordSegmenter& operator=(WordSegmenter&&) noexcept;

  // Replaces `out` with the boundaries of well-formed UTF-8 `text` (not checked), as
  // ascending byte offsets: 0 first, text.size() last; {0} for empty text.
  void segment(std::string_view text, std::vector<std::uint32_t>& out) const;

 private:
  struct Impl;
  std::unique_ptr<const Impl> impl_;
};

}  // namespace newsnlp::detail
