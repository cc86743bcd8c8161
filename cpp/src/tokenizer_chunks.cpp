// The general path of NewsRules for a chunk: UAX #29 segments classified into pieces for
// the rules (the chunking and the simple-chunk fast path are in tokenizer_simple_chunk.cpp).
#include <string>

#include "detail/break_properties.hpp"
#include "detail/char_class.hpp"
#include "detail/piece_text.hpp"
#include "detail/tokenizer_rules.hpp"

namespace newsnlp::detail {
namespace {

// Offset of the first split point in text[begin, end) — U+202F or '@' — or end.
// Of all white space only U+202F can sit inside a UAX #29 segment (Word_Break
// ExtendNumLet: "1 000", "Bonjour »" with narrow no-break spaces), and newsnlp never puts
// white space inside a token. ICU also counts '@' as a letter ("a@b.c" is one segment);
// newsnlp splits there and lets the e-mail and mention rules decide.
std::size_t find_split(std::string_view text, std::size_t begin, std::size_t end) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = begin; i < end; ++i) {
    if (s[i] == '@') return i;
    if (s[i] == 0xE2 && i + 2 < end && s[i + 1] == 0x80 && s[i + 2] == 0xAF) return i;
  }
  return end;
}

void add_range(std::string_view text, std::size_t begin, std::size_t end, std::vector<Piece>& out) {
  if (begin >= end) return;
  Piece p;
  if (piece_of(text, begin, end, p)) out.push_back(p);
}

}  // namespace

// The piece for text[begin, end), which holds no white space but may start with format
// characters, or nothing when it holds only those.
bool piece_of(std::string_view text, std::size_t begin, std::size_t end, Piece& p) {
  std::size_t i = begin, first = begin;
  CharClass cls = char_class(next_code_point(text, i));
  // A segment may open with format characters (ZWSP, BOM) or with a space that carries a
  // combining mark (UAX #29 rule WB4): the token starts at the first visible character.
  while (cls == CharClass::kSpace && i < end) {
    first = i;
    cls = char_class(next_code_point(text, i));
  }
  if (cls == CharClass::kSpace) return false;

  p = Piece{static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(end), TokenKind::kWord,
            false, false};
  const std::string_view segment = text.substr(first, end - first);
  const bool multi_char = i < end;
  switch (cls) {
    case CharClass::kLetter:
    case CharClass::kMark:
      break;
    case CharClass::kDigit:
      p.kind = TokenKind::kNumber;
      while (i < end) {  // "21h30", "1er" are words
        if (char_class(next_code_point(text, i)) == CharClass::kLetter) {
          p.kind = TokenKind::kWord;
          break;
        }
      }
      break;
    case CharClass::kPunct:
      p.kind = TokenKind::kPunct;
      break;
    default:
      p.kind = TokenKind::kSymbol;
      break;
  }
  if (p.kind != TokenKind::kWord &&
      (multi_char || static_cast<unsigned char>(segment[0]) >= 0xE2) && is_emoji_segment(segment)) {
    p.kind = TokenKind::kEmoji;
  }
  return true;
}

void NewsRules::general_chunk(std::string_view text, std::size_t begin, std::size_t end,
                              std::vector<Piece>& out, Scratch& scratch) const {
  segmenter_.segment(text.substr(begin, end - begin), scratch.boundaries);
  for (std::uint32_t& b : scratch.boundaries) b += static_cast<std::uint32_t>(begin);
  classify(text, scratch.boundaries, scratch.pieces);
  join(text, scratch.pieces, out);
}

void NewsRules::classify(std::string_view text, const std::vector<std::uint32_t>& boundaries,
                         std::vector<Piece>& out) const {
  out.clear();
  for (std::size_t k = 0; k + 1 < boundaries.size(); ++k) {
    std::size_t begin = boundaries[k];
    const std::size_t end = boundaries[k + 1];
    const auto first = static_cast<unsigned char>(text[begin]);
    if (first < 0x80) {  // fast paths: one ASCII character, or an ASCII-initial word
      const CharClass cls = kAsciiClasses[first];
      if (end - begin == 1) {
        if (cls != CharClass::kSpace) {
          const TokenKind kind = cls == CharClass::kLetter  ? TokenKind::kWord
                                 : cls == CharClass::kDigit ? TokenKind::kNumber
                                 : cls == CharClass::kPunct ? TokenKind::kPunct
                                                            : TokenKind::kSymbol;
          out.push_back(Piece{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
                              kind, false, false});
        }
        continue;
      }
      if (cls == CharClass::kLetter && find_split(text, begin, end) == end) {
        out.push_back(Piece{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end),
                            TokenKind::kWord, false, false});
        continue;
      }
    }
    for (std::size_t split = find_split(text, begin, end); split < end;
         split = find_split(text, begin, end)) {
      add_range(text, begin, split, out);
      if (text[split] == '@') {
        begin = skip_marks(text, split + 1, end);  // "@\uFE0F" stays one piece
        out.push_back(Piece{static_cast<std::uint32_t>(split), static_cast<std::uint32_t>(begin),
                            TokenKind::kPunct, false, false});
      } else {
        begin = split + 3;  // U+202F is dropped like any space
      }
    }
    add_range(text, begin, end, out);
  }
}

}  // namespace newsnlp::detail
