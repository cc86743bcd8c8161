#include "detail/tokenizer_rules.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "detail/char_class.hpp"

namespace newsnlp::detail {
namespace {

// Bounds on the lookbehind and lookahead of the e-mail rule (RFC 5321 limits), which keep
// the rules linear on hostile input such as "a.a.a.a…@".
constexpr std::size_t kMaxEmailLocal = 64;
constexpr std::size_t kMaxEmailDomain = 253;
// Longest elision prefix ("quelqu") in bytes.
constexpr std::size_t kMaxElision = 6;

std::string_view view(std::string_view text, const Piece& p) {
  return text.substr(p.begin, p.end - p.begin);
}

bool adjacent(const Piece& a, const Piece& b) { return a.end == b.begin; }

bool is_wordlike(const Piece& p) {
  return !p.sealed && (p.kind == TokenKind::kWord || p.kind == TokenKind::kNumber);
}

// The code point of a one-character piece, or 0 when the piece is longer.
inline char32_t single_char(std::string_view text, const Piece& p) {
  const std::uint32_t length = p.end - p.begin;
  if (length == 1) return static_cast<unsigned char>(text[p.begin]);
  if (length > 4) return 0;
  std::size_t i = p.begin;
  const char32_t c = next_code_point(text, i);
  return i == p.end ? c : 0;
}

inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(s[i]) != prefix[i]) return false;
  }
  return true;
}

bool starts_url(std::string_view rest) {
  const char first = lower(rest[0]);
  if (first != 'h' && first != 'f' && first != 'w') return false;
  if (starts_with_nocase(rest, "http://") || starts_with_nocase(rest, "https://") ||
      starts_with_nocase(rest, "ftp://")) {
    return true;
  }
  return starts_with_nocase(rest, "www.") && rest.size() > 4 &&
         kAsciiClasses[static_cast<unsigned char>(rest[4]) & 0x7F] == CharClass::kLetter;
}

// Characters that end a URL: quotes and angle brackets never belong to one.
bool breaks_url(char32_t c) {
  return c == '<' || c == '>' || c == '"' || c == 0xAB || c == 0xBB || c == 0x201C ||
         c == 0x201D || c == 0x2039 || c == 0x203A;
}

// Trailing punctuation that a sentence puts after a URL.
bool trails_url(char32_t c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' ||
         c == ')' || c == ']' || c == '}' || c == 0x2019;
}

bool is_ascii_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Number of leading ASCII digits.
std::size_t leading_digits(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  return n;
}

bool is_single_uppercase_letter(std::string_view s) {
  std::size_t i = 0;
  const char32_t c = next_code_point(s, i);
  return i == s.size() && is_uppercase(c);
}


// Byte length of the apostrophe starting at s[i] (' ’ ‘ ʼ), or 0.
std::size_t apostrophe_at(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b == 0x27) return 1;
  if (b == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    const auto c = static_cast<unsigned char>(s[i + 2]);
    return (c == 0x98 || c == 0x99) ? 3 : 0;
  }
  if (b == 0xCA && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC) return 2;
  return 0;
}

bool only_digit_group_space(std::string_view gap) {
  if (gap.empty()) return false;
  std::size_t i = 0;
  return is_digit_group_space(next_code_point(gap, i)) && i == gap.size();
}


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

void add_range(std::string_view text, std::size_t begin, std::size_t end, std::vector<Piece>& out) {
  if (begin >= end) return;
  Piece p;
  if (piece_of(text, begin, end, p)) out.push_back(p);
}

}  // namespace

void NewsRules::apply(std::string_view text, const std::vector<std::uint32_t>& boundaries,
                      std::vector<Piece>& out) const {
  thread_local std::vector<Piece> a, b;
  classify(text, boundaries, a);
  join_entities(text, a, b);
  split_elisions(text, b, a);
  join_compounds(text, a, out);
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
        out.push_back(Piece{static_cast<std::uint32_t>(split), static_cast<std::uint32_t>(split + 1),
                            TokenKind::kPunct, false, false});
        begin = split + 1;
      } else {
        begin = split + 3;  // U+202F is dropped like any space
      }
    }
    add_range(text, begin, end, out);
  }
}

void NewsRules::join_entities(std::string_view text, const std::vector<Piece>& in,
                              std::vector<Piece>& out) const {
  out.clear();
  const std::size_t n = in.size();
  for (std::size_t i = 0; i < n;) {
    const Piece& p = in[i];
    if (p.kind == TokenKind::kWord && starts_url(text.substr(p.begin))) {
      std::size_t j = i;
      while (j + 1 < n && adjacent(in[j], in[j + 1]) && !breaks_url(single_char(text, in[j + 1]))) {
        ++j;
      }
      // Drop sentence punctuation after the URL; keep ")" that closes a "(" inside it.
      while (j > i) {
        const char32_t c = single_char(text, in[j]);
        if (!trails_url(c)) break;
        if (c == ')') {
          const std::string_view url = text.substr(p.begin, in[j].begin - p.begin);
          if (std::count(url.begin(), url.end(), '(') > std::count(url.begin(), url.end(), ')')) break;
        }
        --j;
      }
      out.push_back(Piece{p.begin, in[j].end, TokenKind::kUrl, true, false});
      i = j + 1;
      continue;
    }
    const char32_t c = p.kind == TokenKind::kPunct ? single_char(text, p) : 0;
    if (c == '@' || c == '#') {
      const bool after_word = !out.empty() && adjacent(out.back(), p) && is_wordlike(out.back());
      if (c == '@' && after_word) {
        // E-mail: the local part is already in `out`, the domain is ahead in `in`.
        std::size_t local = out.size();
        while (local > 0 && p.begin - out[local - 1].begin <= kMaxEmailLocal &&
               (local == out.size() || adjacent(out[local - 1], out[local]))) {
          const Piece& q = out[local - 1];
          const char32_t qc = single_char(text, q);
          if (!(is_wordlike(q) || qc == '.' || qc == '-' || qc == '_' || qc == '+')) break;
          --local;
        }
        while (local < out.size() && !is_wordlike(out[local])) ++local;
        std::size_t j = i, last_word = i;
        bool has_dot = false;
        while (j + 1 < n && adjacent(in[j], in[j + 1]) && in[j + 1].end - p.end <= kMaxEmailDomain) {
          const Piece& q = in[j + 1];
          const char32_t qc = single_char(text, q);
          if (is_wordlike(q)) {
            last_word = j + 1;
            has_dot = has_dot || view(text, q).find('.') != std::string_view::npos;
          } else if (qc == '.') {  // a final "." ends the sentence, not the domain
            has_dot = has_dot || (j + 2 < n && adjacent(q, in[j + 2]) && is_wordlike(in[j + 2]));
          } else if (qc != '-') {
            break;
          }
          ++j;
        }
        if (local < out.size() && last_word > i && has_dot) {
          const std::uint32_t begin = out[local].begin;
          out.resize(local);
          out.push_back(Piece{begin, in[last_word].end, TokenKind::kEmail, true, false});
          i = last_word + 1;
          continue;
        }
      } else if (!after_word && i + 1 < n && adjacent(p, in[i + 1]) && is_wordlike(in[i + 1])) {
        out.push_back(Piece{p.begin, in[i + 1].end,
                            c == '@' ? TokenKind::kMention : TokenKind::kHashtag, true, false});
        i += 2;
        continue;
      }
    }
    out.push_back(p);
    ++i;
  }
}

void NewsRules::split_elisions(std::string_view text, const std::vector<Piece>& in,
                               std::vector<Piece>& out) const {
  out.clear();
  const std::size_t n = in.size();
  auto is_elision = [&](std::uint32_t begin, std::uint32_t end) {
    return rules_.split_elisions && end > begin && end - begin <= kMaxElision &&
           rules_.elisions.count(ascii_lower(text.substr(begin, end - begin))) > 0;
  };
  for (std::size_t i = 0; i < n; ++i) {
    Piece p = in[i];
    if (p.kind != TokenKind::kWord || p.sealed) {
      out.push_back(p);
      continue;
    }
    // l’accueil, qu’aujourd’hui: split after each elided prefix inside the segment.
    if (rules_.split_elisions) {
      for (;;) {
        std::size_t pos = p.begin, len = 0;
        while (pos < p.end && pos - p.begin <= kMaxElision && (len = apostrophe_at(text, pos)) == 0) ++pos;
        if (len == 0 || pos + len >= p.end || !is_elision(p.begin, static_cast<std::uint32_t>(pos))) break;
        const auto cut = static_cast<std::uint32_t>(pos + len);
        out.push_back(Piece{p.begin, cut, TokenKind::kWord, false, false});
        p.begin = cut;
      }
    }
    // An apostrophe that UAX #29 left on its own: after an elided prefix ("l’ «", "l´État")
    // it joins the prefix; between letters (aujourd´hui) it joins both sides.
    const bool apostrophe_next = i + 1 < n && adjacent(p, in[i + 1]) &&
                                 is_apostrophe(single_char(text, in[i + 1]));
    if (apostrophe_next) {
      if (is_elision(p.begin, p.end)) {
        out.push_back(Piece{p.begin, in[i + 1].end, TokenKind::kWord, false, false});
        ++i;
        continue;
      }
      if (i + 2 < n && adjacent(in[i + 1], in[i + 2]) && in[i + 2].kind == TokenKind::kWord &&
          !in[i + 2].sealed) {
        out.push_back(Piece{p.begin, in[i + 2].end, TokenKind::kWord, false, false});
        i += 2;
        continue;
      }
    }
    out.push_back(p);
  }
}

void NewsRules::join_compounds(std::string_view text, const std::vector<Piece>& in,
                               std::vector<Piece>& out) const {
  out.clear();
  const std::size_t n = in.size();
  auto hyphen_joins = [&](std::size_t j) {  // in[j] - in[j+1] - in[j+2]
    return j + 2 < n && adjacent(in[j], in[j + 1]) && adjacent(in[j + 1], in[j + 2]) &&
           is_hyphen(single_char(text, in[j + 1])) && is_wordlike(in[j + 2]);
  };
  auto is_clitic = [&](const Piece& part, bool last) {
    const std::string lower = ascii_lower(view(text, part));
    return rules_.clitics.count(lower) > 0 && !(last && lower == "t");  // -t- needs a pronoun
  };
  for (std::size_t i = 0; i < n; ++i) {
    const Piece& p = in[i];
    if (is_wordlike(p) && hyphen_joins(i)) {
      std::size_t j = i;
      bool has_letter = p.kind == TokenKind::kWord;
      while (hyphen_joins(j)) {
        j += 2;
        has_letter = has_letter || in[j].kind == TokenKind::kWord;
      }
      if (has_letter) {  // "2019-2020" stays three tokens; "Covid-19" is one
        // Trailing clitics: parts i, i+2, ..., j; `first_clitic` is the first split off.
        std::size_t first_clitic = j + 2;
        if (rules_.split_clitics) {
          while (first_clitic - 2 > i && is_clitic(in[first_clitic - 2], first_clitic - 2 == j)) {
            first_clitic -= 2;
          }
          const std::string whole = ascii_lower(text.substr(p.begin, in[j].end - p.begin));
          if (rules_.clitic_exceptions.count(whole) > 0) first_clitic = j + 2;
        }
        const std::size_t stem_end = first_clitic <= j ? first_clitic - 2 : j;
        out.push_back(Piece{p.begin, in[stem_end].end, TokenKind::kWord, false, false});
        for (std::size_t k = first_clitic; k <= j; k += 2) {  // "-t", "-il"
          out.push_back(Piece{in[k - 1].begin, in[k].end, TokenKind::kWord, false, false});
        }
        i = j;
        continue;
      }
    }
    Piece merged = p;
    // French digit groups: "1 000 000" with no-break or thin spaces.
    if (p.kind == TokenKind::kNumber && !p.sealed && is_ascii_digits(view(text, p)) &&
        p.end - p.begin <= 3) {
      std::size_t j = i;
      while (j + 1 < n && in[j + 1].kind == TokenKind::kNumber && !in[j + 1].sealed &&
             only_digit_group_space(text.substr(in[j].end, in[j + 1].begin - in[j].end))) {
        const std::string_view next = view(text, in[j + 1]);
        const std::size_t digits = leading_digits(next);
        if (digits != 3) break;
        ++j;
        merged.end = in[j].end;
        if (next.size() != 3) break;  // "2 806,5": the group with a decimal part is the last
      }
      i = j;
    }
    // Ellipsis "..." as one token.
    if (single_char(text, p) == '.') {
      while (i + 1 < n && adjacent(in[i], in[i + 1]) && single_char(text, in[i + 1]) == '.') {
        merged.end = in[++i].end;
      }
    }
    // Abbreviations keep their dot: "M.", "Dr.", "etc.", "U.S.", initials "J.".
    if (p.kind == TokenKind::kWord && !p.sealed && i + 1 < n && adjacent(p, in[i + 1]) &&
        single_char(text, in[i + 1]) == '.' &&
        !(i + 2 < n && adjacent(in[i + 1], in[i + 2]) && single_char(text, in[i + 2]) == '.')) {
      const std::string word(view(text, p));
      const bool title = rules_.titles.count(word) > 0 || is_single_uppercase_letter(word);
      const bool acronym = word.size() >= 3 && word[1] == '.' && word.find("..") == std::string::npos;
      if (title || acronym || rules_.abbreviations.count(word) > 0) {
        merged.end = in[++i].end;
        merged.keeps_sentence = title;
      }
    }
    out.push_back(merged);
  }
}

}  // namespace newsnlp::detail
