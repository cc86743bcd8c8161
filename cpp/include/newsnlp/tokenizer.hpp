// Splits news text into tokens with exact byte offsets, kinds and norms, and sentences.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsnlp/text.hpp"

namespace newsnlp {

namespace detail {
struct TokenizerInternals;
}  // namespace detail

// Half-open byte range [begin, end) into the original input.
struct ByteSpan {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

enum class TokenKind : std::uint8_t {
  kWord,     // letters, possibly with digits, hyphens, apostrophes: "l’", "États-Unis", "Covid-19"
  kNumber,   // digits with separators: "2024", "11,5", "1 000" (with U+202F)
  kPunct,    // one punctuation character: "«", ",", "."
  kSymbol,   // currency, math and other symbols: "%", "€", "+"
  kEmoji,    // one emoji sequence: ZWJ sequences, skin tones, flags, keycaps
  kUrl,      // "https://example.org/a?b=1", "www.example.org"
  kEmail,    // "press@example.org"
  kMention,  // "@NBourita"
  kHashtag,  // "#COP28"
};

// "word", "number", "punct", "symbol", "emoji", "url", "email", "mention", "hashtag".
const char* to_string(TokenKind kind) noexcept;

// A token; read its text and norm through Doc::text(t) and Doc::norm(t). A norm is never
// empty: when normalization erases a whole token (a lone tatweel), the norm is its text.
struct Token {
  ByteSpan span;                  // the token's bytes in the original text
  std::uint32_t norm_begin = 0;   // the norm's bytes in Doc's norm buffer, unless
  std::uint32_t norm_end = 0;     // norm_is_text: then the norm is the token's text
  TokenKind kind = TokenKind::kWord;
  bool norm_is_text = false;
};

struct Sentence {
  ByteSpan span;                  // from the first token's begin to the last token's end
  std::uint32_t token_begin = 0;  // index of the first token
  std::uint32_t token_end = 0;    // one past the last token
};

// The tokens and sentences of one text. The Doc borrows the text it was made from:
// that text must outlive it. Tokens never overlap, are in text order, and never
// contain white space (U+00A0 and U+202F count as space, except between digit groups).
class Doc {
 public:
  std::string_view text() const noexcept { return text_; }
  const std::vector<Token>& tokens() const noexcept { return tokens_; }
  const std::vector<Sentence>& sentences() const noexcept { return sentences_; }
  std::size_t size() const noexcept { return tokens_.size(); }
  bool empty() const noexcept { return tokens_.empty(); }

  // `t` is one of this Doc's tokens (no bounds checks: these sit in every hot loop).
  std::string_view text(const Token& t) const noexcept {
    return std::string_view(text_.data() + t.span.begin, t.span.end - t.span.begin);
  }
  std::string_view norm(const Token& t) const noexcept {
    if (t.norm_is_text) return text(t);
    return std::string_view(norms_.data() + t.norm_begin, t.norm_end - t.norm_begin);
  }

 private:
  friend class Tokenizer;
  std::string_view text_;
  std::vector<Token> tokens_;
  std::vector<Sentence> sentences_;
  std::string norms_;  // the norms that differ from their text, back to back
};

struct TokenizerOptions {
  // "fr", "en", "ar", or "xx" (multilingual: French rules and all three stop-word lists).
  // Selects elisions, clitics, abbreviations and the built-in stop words.
  std::string lang = "xx";
  NormOptions norm;
  // l’accueil -> l’ accueil, qu’il -> qu’ il (French and Italian prefixes; not for "en").
  bool split_elisions = true;
  // viendra-t-il -> viendra -t -il, est-ce -> est -ce (French; not for "en" and "ar").
  bool split_clitics = true;
  // Computes Doc::sentences(); off saves a pass over the text.
  bool sentences = true;
  // Use the built-in stop words of `lang`; stop_words are added to them.
  bool builtin_stop_words = true;
  std::vector<std::string> stop_words;
  // Extra abbreviations (without the final dot) that keep their dot and never end a
  // sentence, e.g. "Gén", "Cie".
  std::vector<std::string> abbreviations;
};

// Called between documents of a batch; returning true stops it with Cancelled.
using CancelHook = std::function<bool()>;

// Whether tokenize_batch checks its input.
enum class InputCheck : std::uint8_t {
  kValidate,     // ill-formed UTF-8 throws InvalidUtf8 (the default)
  kAssumeValid,  // the caller guarantees well-formed UTF-8 (text from a Python str, or
                 // already validated): saves a pass over the text
};

// Word segmentation follows Unicode UAX #29 (on ICU's character data), plus the rules news
// text needs: elisions, hyphenated compounds and clitics, French number groups, URLs,
// e-mail addresses, @mentions, #hashtags, emoji sequences and abbreviations.
// Thread-safe: all methods are const; one Tokenizer may be shared by many threads.
class Tokenizer {
 public:
  // Throws InvalidArgument for an unknown language.
  explicit Tokenizer(TokenizerOptions options = {});
  ~Tokenizer();
  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  const TokenizerOptions& options() const noexcept;

  // Tokenizes `utf8`, which must outlive the returned Doc. Throws InvalidUtf8 naming the
  // first bad byte, InvalidArgument past kMaxTextBytes. Empty text gives an empty Doc.
  Doc tokenize(std::string_view utf8) const;

  // Tokenizes every text on `n_jobs` threads (-1: all cores); results in input order,
  // identical whatever n_jobs. An invalid text throws InvalidUtf8 whose document() is
  // its index. `cancel` is polled on the calling thread between documents.
  std::vector<Doc> tokenize_batch(const std::vector<std::string_view>& texts, int n_jobs = 1,
                                  const CancelHook& cancel = {},
                                  InputCheck check = InputCheck::kValidate) const;

  // True when `norm` (a norm as produced by this tokenizer) is a stop word.
  bool is_stop_word(std::string_view norm) const;

  // The norm this tokenizer gives to `text` (e.g. to normalize a user's word list).
  std::string normalize(std::string_view text) const;

 private:
  friend struct detail::TokenizerInternals;
  struct Impl;
  std::unique_ptr<const Impl> impl_;
};

}  // namespace newsnlp
