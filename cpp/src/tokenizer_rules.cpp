// The news rules that join or split classified pieces: URLs, e-mails, mentions and
// hashtags, elisions, hyphenated compounds and clitics, digit groups, abbreviations.
#include <algorithm>
#include <string>

#include "detail/char_class.hpp"
#include "detail/piece_text.hpp"
#include "detail/tokenizer_rules.hpp"

namespace newsnlp::detail {
namespace {

// Bounds on the lookbehind and lookahead of the e-mail rule (RFC 5321 limits), which keep
// the rules linear on hostile input such as "a.a.a.a…@".
constexpr std::size_t kMaxEmailLocal = 64;
constexpr std::size_t kMaxEmailDomain = 253;
constexpr std::size_t kMaxElision = LangRules::kMaxElision;
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
bool only_digit_group_space(std::string_view gap) {
  if (gap.empty()) return false;
  std::size_t i = 0;
  return is_digit_group_space(next_code_point(gap, i)) && i == gap.size();
}

}  // namespace

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
  return rules_.split_elisions && end > begin && rules_.is_elision(text.substr(begin, end - begin));
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
      // Marks on the apostrophe stay with it: the rest never starts with one.
      const auto cut = static_cast<std::uint32_t>(skip_marks(text, pos + len, p.end));
      if (cut >= p.end) break;
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
  auto is_clitic_part = [&](std::size_t part) {  // -t- needs a pronoun after it
    const std::string_view q = view(text, in[part]);
    return is_clitic(q) && !(part == j && (q == "t" || q == "T"));
  };
  std::size_t first_clitic = j + 2;  // first part split off
  if (rules_.split_clitics) {
    while (first_clitic - 2 > i && is_clitic_part(first_clitic - 2)) first_clitic -= 2;
    if (first_clitic <= j &&
        rules_.clitic_exceptions.count(ascii_lower(text.substr(p.begin, in[j].end - p.begin))) > 0) {
      first_clitic = j + 2;
    }
  }
  const std::uint32_t stem_end = first_clitic - 2 > i ? in[first_clitic - 2].end : p.end;
  out.push_back(Piece{p.begin, stem_end, TokenKind::kWord, false, false});
  for (std::size_t k = first_clitic; k <= j; k += 2) {  // "-t", "-il"
    out.push_back(Piece{in[k - 1].begin, in[k].end, TokenKind::kWord, false, false, true});
  }
  i = j;
  return true;
}

bool NewsRules::is_clitic(std::string_view part) const {
  return rules_.split_clitics && part.size() <= LangRules::kMaxClitic &&
         rules_.clitics.count(ascii_lower(part)) > 0;
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
  const AbbreviationDot dot = abbreviation_dot(view(text, p));
  if (dot.kept) {
    p.end = in[++i].end;
    p.keeps_sentence = dot.keeps_sentence;
  }
}

NewsRules::AbbreviationDot NewsRules::abbreviation_dot(std::string_view word) const {
  const bool title = rules_.is_title(word) || is_single_uppercase_letter(word);
  const bool acronym = word.size() >= 3 && word[1] == '.' && word.find("..") == std::string::npos;
  return AbbreviationDot{title || acronym || rules_.is_abbreviation(word), title};
}

}  // namespace newsnlp::detail
