// What the matcher reads of a Tokenizer below its public API: the pieces of a text before
// any norm is made, and one piece's norm on demand. A caller that caches ids by the token's
// own text (EntityMatcher) then builds a norm only when its cache misses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detail/tokenizer_rules.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp::detail {

struct TokenizerInternals {
  // The pieces Tokenizer::tokenize makes its tokens of (one token each, same order) for
  // well-formed UTF-8 `valid_utf8`, in the calling thread's scratch space: valid until this
  // thread tokenizes again.
  static const std::vector<Piece>& pieces(const Tokenizer& tokenizer, std::string_view valid_utf8);
  // Appends the norm of `piece` of `text` to `out`, or returns false (nothing appended)
  // when the norm is the piece's text: the rule Doc::norm() follows.
  static bool append_norm(const Tokenizer& tokenizer, std::string_view text, const Piece& piece,
                          std::string& out);
};

}  // namespace newsnlp::detail
