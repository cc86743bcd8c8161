// Fast UAX #29 sentence segmentation on ICU's character properties.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace newsnlp::detail {

// Computes the same sentence boundaries as ICU's root-locale sentence BreakIterator (and
// so Unicode's SentenceBreakTest.txt), skipping quickly over text that holds no sentence
// terminator or paragraph separator. Thread-safe: segment() is const.
class SentenceSegmenter {
 public:
  SentenceSegmenter();
  ~SentenceSegmenter();
  SentenceSegmenter(SentenceSegmenter&&) noexcept;
  SentenceSegmenter& operator=(SentenceSegmenter&&) noexcept;

  // Replaces `out` with the boundaries of well-formed UTF-8 `text` (not checked), as
  // ascending byte offsets: 0 first, text.size() last; {0} for empty text.
  void segment(std::string_view text, std::vector<std::uint32_t>& out) const;

 private:
  struct Impl;
  std::unique_ptr<const Impl> impl_;
};

}  // namespace newsnlp::detail
