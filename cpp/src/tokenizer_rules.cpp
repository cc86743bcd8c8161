#include "detail/tokenizer_rules.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "detail/break_properties.hpp"
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

bool is_separator(unsigned char b) { return b <= 0x20 || b == 0x7F; }

// What a byte is to the simple-chunk scan: an ASCII letter, another ASCII byte of a word
// (digit, '_'), the lead or continuation of a multi-byte character, or the end of the run.
enum : std::uint8_t { kCoreStop, kCoreLetter, kCoreUpper, kCoreOther, kCoreMultiByte };
constexpr std::array<std::uint8_t, 256> make_core_bytes() {
  std::array<std::uint8_t, 256> table{};
  for (int b = 0; b < 256; ++b) {
    if (b >= 'a' && b <= 'z') table[b] = kCoreLetter;
    else if (b >= 'A' && b <= 'Z') table[b] = kCoreUpper;
    else if ((b >= '0' && b <= '9') || b == '_') table[b] = kCoreOther;
    else if (b >= 0x80) table[b] = kCoreMultiByte;
  }
  return table;
}
constexpr auto kCoreBytes = make_core_bytes();

std::size_t char_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// Opening punctuation that stands alone before a word: ( [ { " « “ ¿ ¡.
bool is_opener(std::string_view text, std::size_t i) {
  const auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) return b == '(' || b == '[' || b == '{' || b == '"';
  std::size_t j = i;
  const char32_t c = next_code_point(text, j);
  return c == 0xAB || c == 0x201C || c == 0xBF || c == 0xA1;
}

// Length of the closing punctuation at text[i] that stands alone after a word, or 0:
// , ; : ! ? ) ] } " . % » ” …
std::size_t closer_length(std::string_view text, std::size_t i) {
  const auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) {
    switch (b) {
      case ',': case ';': case ':': case '!': case '?': case ')': case ']': case '}':
      case '"': case '.': case '%':
        return 1;
      default:
        return 0;
    }
  }
  std::size_t j = i;
  const char32_t c = next_code_point(text, j);
  return (c == 0xBB || c == 0x201D || c == 0x2026) ? j - i : 0;
}

// Appends the one-character piece at text[i] (punctuation or symbol) and advances i.
void add_char_piece(std::string_view text, std::size_t& i, std::vector<Piece>& out) {
  const std::size_t begin = i;
  const CharClass cls = char_class(next_code_point(text, i));
  out.push_back(Piece{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(i),
                      cls == CharClass::kPunct ? TokenKind::kPunct : TokenKind::kSymbol, false,
                      false});
}

}  // namespace

void NewsRules::tokenize(std::string_view text, std::vector<Piece>& out) const {
  out.clear();
  // UAX #29 always breaks before and after ASCII white space and controls, and no news rule
  // joins across them: each chunk between them is tokenized on its own.
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    while (i < n && is_separator(s[i])) ++i;
    if (i == n) break;
    std::size_t end = i;
    if (fast_path_ && simple_chunk(text, i, end, out)) {
      i = end;
      continue;
    }
    while (end < n && !is_separator(s[end])) ++end;
    general_chunk(text, i, end, out);
    i = end;
  }
}

void NewsRules::general_chunk(std::string_view text, std::size_t begin, std::size_t end,
                              std::vector<Piece>& out) const {
  thread_local std::vector<std::uint32_t> boundaries;
  thread_local std::vector<Piece> pieces;
  segmenter_.segment(text.substr(begin, end - begin), boundaries);
  for (std::uint32_t& b : boundaries) b += static_cast<std::uint32_t>(begin);
  classify(text, boundaries, pieces);
  join(text, pieces, out);
}

// The common chunk, handled without segmenter or rules: opening punctuation, one run of
// letters, digits and marks, closing punctuation ("(Rabat),", "«Maroc»", "2024."). Such
// a run is one UAX #29 word (WB4, WB5, WB8-WB10, WB13a/b) and no news rule applies to it,
// except the abbreviation dot and the ellipsis, left to the general path. Sets `end` to
// where it stopped; returns false, having emitted nothing, for any other chunk.
bool NewsRules::simple_chunk(std::string_view text, std::size_t begin, std::size_t& end,
                             std::vector<Piece>& out) const {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  const BreakTables& tables = break_tables();
  std::size_t i = begin;
  while (i < n && is_opener(text, i)) i += char_length(s[i]);
  const std::size_t core = i;
  bool ascii_letter = false, upper = false, non_ascii = false;
  while (i < n) {
    const std::uint8_t kind = kCoreBytes[s[i]];
    if (kind != kCoreStop && kind != kCoreMultiByte) {
      ascii_letter = ascii_letter || kind != kCoreOther;
      upper = upper || kind == kCoreUpper;
      ++i;
      continue;
    }
    if (kind == kCoreStop) break;
    std::size_t next = i;
    const char32_t c = next_code_point(text, next);
    const std::uint8_t info = word_info(tables, c);
    const std::uint8_t cls = info & kWbClassMask;
    if ((info & kWbDictionary) || (cls != kWbALetter && cls != kWbNumeric && cls != kWbExtend) ||
        c == 0x02BC) {  // ʼ is a letter to UAX #29 but an apostrophe to the elision rule
      break;
    }
    if (cls == kWbExtend && i == core) break;  // a mark opening a run stands alone (WB4)
    non_ascii = true;
    i = next;
  }
  end = i;
  if (i == core) return false;
  const std::size_t core_end = i;
  std::size_t dots = 0;
  while (i < n && !is_separator(s[i])) {
    const std::size_t length = closer_length(text, i);
    end = i;
    if (length == 0) return false;
    dots += s[i] == '.';
    i += length;
  }
  end = i;
  Piece word{static_cast<std::uint32_t>(core), static_cast<std::uint32_t>(core_end),
             TokenKind::kWord, false, false};
  word.plain = !upper && !non_ascii;
  const bool letter_first = kCoreBytes[s[core]] == kCoreLetter || kCoreBytes[s[core]] == kCoreUpper;
  if (!letter_first) {
    if (!non_ascii && s[core] >= '0' && s[core] <= '9') {
      if (!ascii_letter) word.kind = TokenKind::kNumber;  // "2024"; "21h30" is a word
    } else if (!piece_of(text, core, core_end, word) || word.begin != core) {
      return false;
    }
  }
  if (dots > 0) {
    if (dots > 1 || s[core_end] != '.') return false;  // ellipsis, "Mr.," : general rules
    if (word.kind == TokenKind::kWord) {
      const std::string w(text.substr(core, core_end - core));
      if (rules_.titles.count(w) || rules_.abbreviations.count(w) || is_single_uppercase_letter(w)) {
        return false;
      }
    }
  }
  for (std::size_t k = begin; k < core;) add_char_piece(text, k, out);
  out.push_back(word);
  for (std::size_t k = core_end; k < end;) add_char_piece(text, k, out);
  return true;
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

// One pass over the classified pieces. At each piece the rules are tried in priority
// order; a rule that fires emits its tokens and moves `i` past what it consumed.
void NewsRules::join(std::string_view text, const std::vector<Piece>& in,
                     std::vector<Piece>& out) const {
  const std::size_t n = in.size();
  for (std::size_t i = 0; i < n; ++i) {
    Piece p = in[i];
    if (p.kind == TokenKind::kWord && join_url(text, in, i, out)) continue;
    if (p.kind == TokenKind::kPunct && p.end - p.begin == 1 &&
        (text[p.begin] == '@' || text[p.begin] == '#') && join_at_sign(text, in, i, out)) {
      continue;
    }
    if (p.kind == TokenKind::kWord && !elide(text, in, i, p, out)) continue;
    if (is_wordlike(p) && join_compound(text, in, i, p, out)) continue;
    const char32_t c = single_char(text, p);
    if (p.kind == TokenKind::kNumber && p.end - p.begin <= 3) {
      join_digit_groups(text, in, i, p);
    } else if (c == '.') {  // ellipsis "..." as one token
      while (i + 1 < n && adjacent(in[i], in[i + 1]) && single_char(text, in[i + 1]) == '.') {
        p.end = in[++i].end;
      }
    } else if (p.kind == TokenKind::kWord && i + 1 < n && adjacent(p, in[i + 1]) &&
               single_char(text, in[i + 1]) == '.') {
      keep_abbreviation_dot(text, in, i, p);
    }
    out.push_back(p);
  }
}

// URL: consecutive pieces without space from "http://", "https://", "ftp://" or "www.",
// up to a quote or angle bracket, less the punctuation a sentence puts after it.
bool NewsRules::join_url(std::string_view text, const std::vector<Piece>& in, std::size_t& i,
                         std::vector<Piece>& out) const {
  const Piece& p = in[i];
  if (!starts_url(text.substr(p.begin))) return false;
  const std::size_t n = in.size();
  std::size_t j = i;
  while (j + 1 < n && adjacent(in[j], in[j + 1]) && !breaks_url(single_char(text, in[j + 1]))) ++j;
  while (j > i) {  // keep ")" that closes a "(" inside the URL
    const char32_t c = single_char(text, in[j]);
    if (!trails_url(c)) break;
    if (c == ')') {
      const std::string_view url = text.substr(p.begin, in[j].begin - p.begin);
      if (std::count(url.begin(), url.end(), '(') > std::count(url.begin(), url.end(), ')')) break;
    }
    --j;
  }
  out.push_back(Piece{p.begin, in[j].end, TokenKind::kUrl, true, false});
  i = j;
  return true;
}

// in[i] is '@' or '#': an e-mail address (local part already in `out`, domain ahead in
// `in`), a @mention or a #hashtag.
bool NewsRules::join_at_sign(std::string_view text, const std::vector<Piece>& in, std::size_t& i,
                             std::vector<Piece>& out) const {
  const Piece& p = in[i];
  const std::size_t n = in.size();
  const bool at = text[p.begin] == '@';
  const bool after_word = !out.empty() && adjacent(out.back(), p) && is_wordlike(out.back());
  if (at && after_word) {
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
      i = last_word;
      return true;
    }
    return false;
  }
  if (!after_word && i + 1 < n && adjacent(p, in[i + 1]) && is_wordlike(in[i + 1])) {
    out.push_back(Piece{p.begin, in[i + 1].end, at ? TokenKind::kMention : TokenKind::kHashtag,
                        true, false});
    ++i;
    return true;
  }
  return false;
}

bool NewsRules::is_elision(std::string_view text, std::uint32_t begin, std::uint32_t end) const {
  if (!rules_.split_elisions || end <= begin || end - begin > kMaxElision) return false;
  char lowered[kMaxElision];
  for (std::uint32_t k = begin; k < end; ++k) lowered[k - begin] = lower(text[k]);
  return rules_.elisions.count(std::string(lowered, end - begin)) > 0;
}

// French elisions: "l’accueil" and "qu’aujourd’hui" split after each elided prefix. An
// apostrophe that UAX #29 left on its own joins an elided prefix before it ("l’ «",
// "l´État") or, between letters, both sides ("aujourd´hui"). Emits what it splits off and
// leaves the rest in `p`; returns false when it consumed `p` entirely.
bool NewsRules::elide(std::string_view text, const std::vector<Piece>& in, std::size_t& i,
                      Piece& p, std::vector<Piece>& out) const {
  if (rules_.split_elisions) {
    for (;;) {
      std::size_t pos = p.begin, len = 0;
      while (pos < p.end && pos - p.begin <= kMaxElision && (len = apostrophe_at(text, pos)) == 0) ++pos;
      if (len == 0 || pos + len >= p.end || !is_elision(text, p.begin, static_cast<std::uint32_t>(pos))) break;
      const auto cut = static_cast<std::uint32_t>(pos + len);
      out.push_back(Piece{p.begin, cut, TokenKind::kWord, false, false});
      p.begin = cut;
    }
  }
  const std::size_t n = in.size();
  if (i + 1 < n && adjacent(p, in[i + 1]) && is_apostrophe(single_char(text, in[i + 1]))) {
    if (is_elision(text, p.begin, p.end)) {
      out.push_back(Piece{p.begin, in[i + 1].end, TokenKind::kWord, false, false});
      ++i;
      return false;
    }
    if (i + 2 < n && adjacent(in[i + 1], in[i + 2]) && in[i + 2].kind == TokenKind::kWord) {
      p.end = in[i + 2].end;
      i += 2;
    }
  }
  return true;
}

// Hyphenated compounds ("États-Unis", "Covid-19") are one token, less trailing French
// clitics ("viendra-t-il" -> "viendra" "-t" "-il"). Chains of numbers ("2019-2020") stay
// apart. Returns true when it emitted the compound.
bool NewsRules::join_compound(std::string_view text, const std::vector<Piece>& in, std::size_t& i,
                              const Piece& p, std::vector<Piece>& out) const {
  const std::size_t n = in.size();
  auto joins = [&](const Piece& left, std::size_t hyphen) {  // left in[hyphen] in[hyphen+1]
    return hyphen + 1 < n && adjacent(left, in[hyphen]) && adjacent(in[hyphen], in[hyphen + 1]) &&
           is_hyphen(single_char(text, in[hyphen])) && is_wordlike(in[hyphen + 1]);
  };
  if (!joins(p, i + 1)) return false;
  // Parts: p, then in[i+2], in[i+4], ..., in[j].
  std::size_t j = i + 2;
  bool has_letter = p.kind == TokenKind::kWord || in[j].kind == TokenKind::kWord;
  while (joins(in[j], j + 1)) {
    j += 2;
    has_letter = has_letter || in[j].kind == TokenKind::kWord;
  }
  if (!has_letter) return false;
  auto is_clitic = [&](std::size_t part) {
    const Piece& q = in[part];
    if (q.end - q.begin > 5) return false;
    const std::string lowered = ascii_lower(view(text, q));
    return rules_.clitics.count(lowered) > 0 && !(part == j && lowered == "t");  // -t- needs a pronoun
  };
  std::size_t first_clitic = j + 2;  // first part split off
  if (rules_.split_clitics) {
    while (first_clitic - 2 > i && is_clitic(first_clitic - 2)) first_clitic -= 2;
    if (first_clitic <= j &&
        rules_.clitic_exceptions.count(ascii_lower(text.substr(p.begin, in[j].end - p.begin))) > 0) {
      first_clitic = j + 2;
    }
  }
  const std::uint32_t stem_end = first_clitic - 2 > i ? in[first_clitic - 2].end : p.end;
  out.push_back(Piece{p.begin, stem_end, TokenKind::kWord, false, false});
  for (std::size_t k = first_clitic; k <= j; k += 2) {  // "-t", "-il"
    out.push_back(Piece{in[k - 1].begin, in[k].end, TokenKind::kWord, false, false});
  }
  i = j;
  return true;
}

// French digit groups: "1 000 000" with no-break or thin spaces between groups of three.
void NewsRules::join_digit_groups(std::string_view text, const std::vector<Piece>& in,
                                  std::size_t& i, Piece& p) const {
  if (p.sealed || !is_ascii_digits(view(text, p))) return;
  const std::size_t n = in.size();
  while (i + 1 < n && in[i + 1].kind == TokenKind::kNumber &&
         only_digit_group_space(text.substr(in[i].end, in[i + 1].begin - in[i].end))) {
    const std::string_view next = view(text, in[i + 1]);
    if (leading_digits(next) != 3) break;
    p.end = in[++i].end;
    if (next.size() != 3) break;  // "2 806,5": the group with a decimal part is the last
  }
}

// Abbreviations keep their dot: titles ("M.", "Dr."), initials ("J."), dotted acronyms
// ("U.S."), listed abbreviations ("etc."). in[i+1] is an adjacent ".".
void NewsRules::keep_abbreviation_dot(std::string_view text, const std::vector<Piece>& in,
                                      std::size_t& i, Piece& p) const {
  if (i + 2 < in.size() && adjacent(in[i + 1], in[i + 2]) && single_char(text, in[i + 2]) == '.') {
    return;  // "etc..." ends with an ellipsis
  }
  const std::string word(view(text, p));
  const bool title = rules_.titles.count(word) > 0 || is_single_uppercase_letter(word);
  const bool acronym = word.size() >= 3 && word[1] == '.' && word.find("..") == std::string::npos;
  if (title || acronym || rules_.abbreviations.count(word) > 0) {
    p.end = in[++i].end;
    p.keeps_sentence = title;
  }
}

}  // namespace newsnlp::detail
