// Plain Unicode text segmentation (UAX #29), as ICU's BreakIterator computes it for the
// root locale: no news rules, no abbreviation filter. For conformance checks and for
// users who want the standard boundaries; newsnlp::Tokenizer builds on the same rules.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace newsnlp {

// Word boundaries of `utf8` as byte offsets, ascending, starting with 0 and ending with
// utf8.size() (just {0} for empty text). Throws InvalidUtf8, and InvalidArgument for
// text over kMaxIcuTextBytes (ICU reports int32_t offsets). Thread-safe: each call clones a cached
// ICU iterator.
std::vector<std::size_t> word_boundaries(std::string_view utf8);

// Sentence boundaries of `utf8`, same conventions as word_boundaries().
std::vector<std::size_t> sentence_boundaries(std::string_view utf8);

}  // namespace newsnlp
