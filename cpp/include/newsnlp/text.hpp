// UTF-8 validation and repair, and the normalization that turns token text into its norm.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "newsnlp/limits.hpp"

namespace newsnlp {

// Byte offset of the first byte of the first ill-formed sequence in `text`, or
// std::string_view::npos when all of it is well-formed UTF-8 (Unicode Table 3-7: no
// overlong forms, no encoded surrogates, nothing above U+10FFFF). NUL bytes are valid.
std::size_t find_invalid_utf8(std::string_view text) noexcept;

// Throws InvalidUtf8 naming the byte offset of the first ill-formed sequence, and
// InvalidArgument when text.size() > kMaxTextBytes.
void validate_utf8(std::string_view text);

// A copy of `text` with each maximal ill-formed subpart replaced by U+FFFD, exactly as
// Python's bytes.decode("utf-8", "replace") does.
std::string repair_utf8(std::string_view text);

enum class Normalization : std::uint8_t { kNone, kNFC, kNFKC };

// How token text becomes its norm. Each step can be turned off.
struct NormOptions {
  Normalization normalization = Normalization::kNFKC;
  // Full Unicode case folding: "État" -> "état", "STRASSE"/"Straße" -> "strasse".
  bool lowercase = true;
  // Removes Latin/Greek/Cyrillic diacritics and folds ligature letters:
  // "État" -> "Etat", "cœur" -> "coeur", "Łódź" -> "Lodz".
  bool fold_accents = false;
  // Apostrophes ’ ‘ ´ ʼ ` -> ', quotes « » “ ” „ ‹ › -> ", dashes ‐ ‑ ‒ – — ― − -> -.
  bool unify_punctuation = true;
  // Arabic: tashkeel (harakat, tanwin, shadda, sukun, superscript alef) and tatweel
  // removed; alef variants أ إ آ ٱ -> ا.
  bool fold_arabic = true;
  // (TextNormalizer shares tables between equal option sets: a new field joins the key
  // in text.cpp's shared_tables().)
};

// Turns token text into its norm. Steps run in this order: punctuation, Unicode
// normalization (punctuation is unified again after it), case folding, accents, Arabic.
// Default ignorable format characters (soft hyphen, zero width space, word joiner, BOM)
// are dropped from norms; ZWJ, ZWNJ and variation selectors are kept (emoji sequences
// and Persian need them).
// Cost: the first normalizer of each option set builds per-code-point tables (about
// 0.6 ms), later ones share them (immutable); tokens of ASCII or of
// common Latin, Greek, Cyrillic, Arabic and punctuation characters then cost a few ns
// per byte, other tokens go through ICU (about a microsecond each).
// Thread-safe: all methods are const; share one instance between threads.
class TextNormalizer {
 public:
  explicit TextNormalizer(NormOptions options = {});
  ~TextNormalizer();
  TextNormalizer(TextNormalizer&&) noexcept;
  TextNormalizer& operator=(TextNormalizer&&) noexcept;
  TextNormalizer(const TextNormalizer&) = delete;
  TextNormalizer& operator=(const TextNormalizer&) = delete;

  const NormOptions& options() const noexcept;

  // Appends the norm of `text` (well-formed UTF-8, not checked) to `out`. Throws
  // InvalidArgument for a text over kMaxIcuTextBytes that needs ICU.
  void append_normalized(std::string_view text, std::string& out) const;

  // append_normalized() unless the norm is `text` itself by is_unchanged()'s check: then
  // nothing is appended and the result is false. One pass instead of two.
  bool append_if_changed(std::string_view text, std::string& out) const;

  // True when the norm of `text` is `text` itself, as a cheap check (ASCII text that no
  // step changes); false means "may differ". Lets callers skip the copy.
  bool is_unchanged(std::string_view text) const noexcept;

  // The norm of `text`; throws InvalidUtf8 when `text` is ill-formed.
  std::string normalize(std::string_view text) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace newsnlp
