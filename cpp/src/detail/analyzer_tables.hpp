// Per-code-point tables behind CharTables: character flags and the code point sequences
// that lowercasing and accent stripping produce, in two-stage tables.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "newsnlp/analyzer.hpp"

namespace newsnlp::detail {

inline constexpr char32_t kCodePointLimit = 0x110000;
inline constexpr char32_t kCapitalSigma = 0x03A3;
inline constexpr char32_t kSmallSigma = 0x03C3;
inline constexpr char32_t kFinalSigma = 0x03C2;

// A value per code point in blocks of 256 that share storage when equal: 4352 block
// indices plus the distinct blocks.
template <class T>
class CodePointTable {
 public:
  CodePointTable() = default;
  // `values` has kCodePointLimit entries.
  explicit CodePointTable(const std::vector<T>& values);
  T operator[](char32_t c) const noexcept {
    return blocks_[(static_cast<std::size_t>(index_[c >> 8]) << 8) | (c & 0xFF)];
  }

 private:
  std::vector<std::uint16_t> index_;
  std::vector<T> blocks_;
};

enum CharFlag : std::uint8_t {
  kWordChar = 1,       // re's \w: str.isalnum() or '_'
  kSpaceChar = 2,      // re's \s and str.split(): str.isspace()
  kCased = 4,          // Unicode Cased
  kCaseIgnorable = 8,  // Unicode Case_Ignorable
};

// What one preprocessing setup (lowercase or not, which accent stripping) does to a code
// point: nothing, or a sequence (possibly empty) in a pool.
class Preprocessor {
 public:
  // An entry for code points below kFastLimit: the single output code point in bits
  // 0-20, kFastWord when it is a \w character, its UTF-8 length - 1 in bits
  // kFastMoreShift and up; kFastSlow means "look at map()" (several or no output code
  // points, or the capital sigma when lowercasing).
  static constexpr char32_t kFastLimit = 0x800;
  static constexpr std::uint32_t kFastWord = 1u << 24;
  static constexpr std::uint32_t kFastSlow = 1u << 25;
  static constexpr unsigned kFastMoreShift = 26;
  // The Arabic letters U+0620-U+064A: \w characters of two UTF-8 bytes.
  static constexpr char32_t kLettersFirst = 0x0620;
  static constexpr char32_t kLettersLast = 0x064A;

  Preprocessor(const CharTables::Impl& tables, bool lowercase, StripAccents strip);

  std::uint32_t fast(char32_t c) const noexcept { return fast_[c]; }
  const std::uint32_t* fast_table() const noexcept { return fast_.data(); }
  // For code points whose fast entry is not kFastSlow: the output's UTF-8 bytes, first byte
  // lowest, zero padded to 4 (one store writes them).
  const std::uint32_t* fast_utf8_table() const noexcept { return fast_utf8_.data(); }
  bool lowercase() const noexcept { return lowercase_; }
  bool identity() const noexcept { return identity_; }
  // True when ASCII behaves as everywhere: \w is [A-Za-z0-9_] and lowercasing (when on)
  // maps A-Z to a-z and nothing else; the word cutter then takes 16 ASCII bytes at a time.
  bool ascii_simple() const noexcept { return ascii_simple_; }
  // True when every code point in [kLettersFirst, kLettersLast] is a \w character that
  // maps to itself (no accent stripping changes it): the word cutter copies runs of them.
  bool letters_simple() const noexcept { return letters_simple_; }

  // Output of c (not the capital sigma when lowercasing): true with [begin, end) set when
  // c maps to a sequence, false when c maps to itself.
  bool map(char32_t c, const char32_t*& begin, const char32_t*& end) const noexcept {
    const std::uint32_t entry = map_[c];
    if (entry == 0) return false;
    begin = pool_.data() + ((entry - 1) >> 8);
    end = begin + ((entry - 1) & 0xFF);
    return true;
  }

 private:
  bool lowercase_;
  bool identity_;
  bool ascii_simple_ = false;
  bool letters_simple_ = false;
  std::array<std::uint32_t, kFastLimit> fast_{};
  std::array<std::uint32_t, kFastLimit> fast_utf8_{};
  CodePointTable<std::uint32_t> map_;  // 0: identity, else 1 + (pool offset << 8 | length)
  std::vector<char32_t> pool_;
};

}  // namespace newsnlp::detail

namespace newsnlp {

struct CharTables::Impl {
  std::string unicode_version;
  detail::CodePointTable<std::uint8_t> flags;
  CodePointMapping lower;
  CodePointMapping strip_unicode;
  CodePointMapping strip_ascii;

  std::uint8_t flag(char32_t c) const noexcept { return flags[c]; }
  bool is_word(char32_t c) const noexcept { return (flags[c] & detail::kWordChar) != 0; }
  bool is_space(char32_t c) const noexcept { return (flags[c] & detail::kSpaceChar) != 0; }

  // The preprocessor for these options, built on first use and kept.
  const detail::Preprocessor& preprocessor(bool lowercase, StripAccents strip) const;

  mutable std::mutex mutex;
  mutable std::array<std::unique_ptr<detail::Preprocessor>, 6> preprocessors;
};

}  // namespace newsnlp
