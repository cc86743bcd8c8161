// The chunking of NewsRules and its simple-chunk fast path: the common chunk between
// ASCII white space, tokenized in one pass of table lookups, without segmenter or rules.
//
// A simple chunk is opening punctuation, at most one elided prefix ("l’", "qu'"), one run
// of letters, digits and marks, then closing punctuation ("(Rabat),", "«Maroc»", "2024.",
// "l’accueil", "5.93%", "سويسرا،"), with no-break spaces anywhere between them. The run is
// one UAX #29 word (WB4, WB5-WB7 across a '.', WB8-WB12 across '.' or ',' between digits,
// WB13a/b) to which no news rule applies; the chunks it cannot prove so (a title or
// abbreviation before its dot, "www.", a mark opening the run...) go to the general path,
// which tests check the fast path against.
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "detail/break_properties.hpp"
#include "detail/char_class.hpp"
#include "detail/chunk_scan.hpp"
#include "detail/piece_text.hpp"
#include "detail/tokenizer_rules.hpp"

namespace newsnlp::detail {
namespace {

bool is_separator(unsigned char b) { return b <= 0x20 || b == 0x7F; }

std::size_t char_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// Length of the no-break space (U+00A0) or narrow no-break space (U+202F) at s[i], or 0.
// Tokens never hold them; between the pieces of a chunk they are dropped like spaces.
std::size_t no_break_space_length(const unsigned char* s, std::size_t i, std::size_t n) {
  if (s[i] == 0xC2) return i + 1 < n && s[i + 1] == 0xA0 ? 2 : 0;
  if (s[i] == 0xE2) return i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0xAF ? 3 : 0;
  return 0;
}

// Opening punctuation that stands alone before a word: ( [ { " « “ ¿ ¡.
bool is_opener(std::string_view text, std::size_t i) {
  const auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) return b == '(' || b == '[' || b == '{' || b == '"';
  if (b != 0xC2 && b != 0xE2) return false;
  std::size_t j = i;
  const char32_t c = next_code_point(text, j);
  return c == 0xAB || c == 0x201C || c == 0xBF || c == 0xA1;
}

// Length of the closing punctuation at text[i] that stands alone after a word, or 0:
// , ; : ! ? ) ] } " % » ” … ، ؛ ؟ (dots are handled apart: runs of them join).
std::size_t closer_length(std::string_view text, std::size_t i) {
  const auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) {
    switch (b) {
      case ',': case ';': case ':': case '!': case '?': case ')': case ']': case '}':
      case '"': case '%':
        return 1;
      default:
        return 0;
    }
  }
  if (b != 0xC2 && b != 0xD8 && b != 0xE2) return 0;
  std::size_t j = i;
  const char32_t c = next_code_point(text, j);
  const bool closes = c == 0xBB || c == 0x201D || c == 0x2026 || c == 0x060C || c == 0x061B ||
                      c == 0x061F;
  return closes ? j - i : 0;
}

// Appends the punctuation of text[from, to): one piece per character, one per run of
// dots (an ellipsis), none for no-break spaces.
void add_punctuation(const ChunkScanTables& t, std::string_view text, std::size_t from,
                     std::size_t to, std::vector<Piece>& out) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = from; i < to;) {
    const std::size_t begin = i;
    if (const std::size_t space = no_break_space_length(s, i, to)) {
      i += space;
      continue;
    }
    Piece p{static_cast<std::uint32_t>(begin), 0, TokenKind::kPunct, false, false};
    if (s[i] == '.') {
      while (i < to && s[i] == '.') ++i;
      p.plain = !(t.bytes['.'] & kScanChanged);
    } else {
      const char32_t c = next_code_point(text, i);
      if (char_class(c) != CharClass::kPunct) p.kind = TokenKind::kSymbol;
      if (c < 0x800) p.plain = !((c < 0x80 ? t.bytes[c] : t.two_byte[c]) & kScanChanged);
    }
    p.end = static_cast<std::uint32_t>(i);
    out.push_back(p);
  }
}

// Skips ASCII letters and digits from s[i], 16 bytes at a time, adding their flags to
// `seen`: the exit from the run costs no mispredicted branch. Stops short of '_' and of
// the last 16 bytes of the text, which the scalar loop handles.
[[gnu::always_inline]] inline std::size_t skip_ascii_run(const ChunkScanTables& t,
                                                         const unsigned char* s, std::size_t i,
                                                         std::size_t n, std::uint8_t& seen) {
#if defined(__SSE2__)
  if (!t.uniform_ascii || s[i] >= 0x80) return i;
  auto in_range = [](__m128i v, char lo, char hi) {  // bytes >= 0x80 are negative: never in
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmpgt_epi8(_mm_set1_epi8(static_cast<char>(hi + 1)), v));
  };
  while (i + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const auto lower = static_cast<unsigned>(_mm_movemask_epi8(in_range(v, 'a', 'z')));
    const auto upper = static_cast<unsigned>(_mm_movemask_epi8(in_range(v, 'A', 'Z')));
    const auto digit = static_cast<unsigned>(_mm_movemask_epi8(in_range(v, '0', '9')));
    const unsigned core = lower | upper | digit;
    const unsigned run = static_cast<unsigned>(__builtin_ctz(~core));  // 16 if all are
    const unsigned in_run = (1u << run) - 1;
    // Without branches: whether a run holds capitals or digits is anyone's guess.
    seen |= static_cast<std::uint8_t>(t.lower_flags * ((lower & in_run) != 0) |
                                      t.upper_flags * ((upper & in_run) != 0) |
                                      t.digit_flags * ((digit & in_run) != 0));
    i += run;
    if (run < 16) return i;
  }
#else
  (void)t;
  (void)s;
  (void)n;
  (void)seen;
#endif
  return i;
}

// ’ (U+2019) at s[i]: an apostrophe to the news rules, MidNumLet to UAX #29.
bool is_right_quote(const unsigned char* s, std::size_t i, std::size_t n) {
  return s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x99;
}

// Length of the character at s[i] that UAX #29 lets inside a word between two letters
// (WB6/7: '.', '\'', ’) or two digits (WB11/12: those and ','), or 0.
std::size_t joiner_length(const unsigned char* s, std::size_t i, std::size_t n) {
  if (s[i] == '.' || s[i] == ',' || s[i] == '\'') return 1;
  return is_right_quote(s, i, n) ? 3 : 0;
}

// One run of a chunk: where it ends and what its characters were.
struct Run {
  std::size_t end = 0;
  std::uint8_t first = 0;  // flags of its first character
  std::uint8_t seen = 0;   // union of the flags of all its characters
  bool joined = false;  // it holds a '.', ',' or apostrophe (WB6/7, WB11/12)
};

// Flags of the character at s[i] by the tables, and its length.
inline std::uint8_t flags_at(const ChunkScanTables& t, std::string_view text, std::size_t i,
                      std::size_t& length) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::uint8_t f = t.bytes[s[i]];
  if (f == kScanLead2) {
    length = 2;
    return t.two_byte[((s[i] & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu)];
  }
  if (f == kScanLongLead) {
    std::size_t next = i;
    const char32_t c = next_code_point(text, next);
    length = next - i;
    return ChunkScanTables::long_char(c);
  }
  length = 1;
  return f;
}

// The run of letters, digits and marks from text[begin]; its end is `begin` if none.
// With `elisions`, the run stops at its first apostrophe if an elided prefix precedes it.
[[gnu::always_inline]] inline Run scan_run(const ChunkScanTables& t, const LangRules* elisions,
                                           std::string_view text, std::size_t begin) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::uint8_t* bytes = t.bytes.data();
  const std::size_t n = text.size();
  std::uint8_t seen = 0;
  std::uint8_t long_base = 0;  // flags of the base of the last multi-byte character
  bool joined = false, apostrophe = false;
  std::size_t i = begin;
  for (;;) {
    i = skip_ascii_run(t, s, i, n, seen);
    while (i < n) {  // ASCII letters, digits and '_': the hot loop of Latin text
      const std::uint8_t f = bytes[s[i]];
      if (!(f & kScanCore)) break;
      seen |= f;
      ++i;
    }
    while (i + 1 < n && bytes[s[i]] == kScanLead2) {  // the hot loop of Arabic text
      const std::uint8_t f = t.two_byte[((s[i] & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu)];
      if (!(f & kScanCore)) break;
      seen |= f;
      long_base = f;
      i += 2;
    }
    if (i >= n) break;
    std::uint8_t f = bytes[s[i]];
    if (f & kScanCore) continue;
    std::size_t length = 1;
    if (f == kScanLead2 || (f == kScanLongLead && !is_right_quote(s, i, n))) {
      f = flags_at(t, text, i, length);
      if (f & kScanMark) {
        if (i == begin) break;  // a mark opening a run stands alone (WB4)
        if (s[i - 1] < 0x80) long_base = bytes[s[i - 1]];  // marks carry their base (WB4)
      } else if (f & kScanCore) {
        long_base = f;
      } else {
        break;
      }
    } else if (i > begin && (length = joiner_length(s, i, n)) > 0 && i + length < n) {
      // WB6/7 ("audiences.Son", "stock's") and WB11/12 ("5.93", "1,5") keep the run whole.
      const std::uint8_t before = s[i - 1] < 0x80 ? bytes[s[i - 1]] : long_base;
      std::size_t next_length = 0;
      const std::uint8_t next = flags_at(t, text, i + length, next_length);
      const bool letters = s[i] != ',' && is_wb_letter(before) && is_wb_letter(next);
      if (!letters && !(is_wb_numeric(before) && is_wb_numeric(next))) break;
      if (s[i] != '.' && s[i] != ',') {
        // The elision rule splits a word at its first apostrophe after an elided prefix.
        if (!apostrophe && elisions != nullptr && i - begin <= LangRules::kMaxElision &&
            elisions->is_elision(text.substr(begin, i - begin))) {
          break;
        }
        apostrophe = true;
        if (length > 1) f = kScanChanged;  // ’: left to the normalizer
      }
      joined = true;
    } else {
      break;
    }
    seen |= f;
    i += length;
  }
  Run run;
  run.end = i;
  run.seen = seen;
  run.joined = joined;
  if (i > begin) {
    const unsigned char b = s[begin];
    std::size_t length = 0;
    run.first = b < 0x80 ? bytes[b] : flags_at(t, text, begin, length);
  }
  return run;
}

// The kind piece_of would give a run, when its flags tell: a letter first makes a word, a
// digit first a number (a word if letters follow). False when only piece_of can tell.
bool run_kind(const Run& run, TokenKind& kind) {
  if (run.first & kScanLetter) {
    kind = TokenKind::kWord;
    return true;
  }
  if ((run.first & kScanDigit) && !(run.seen & kScanOdd)) {
    kind = (run.seen & kScanLetter) ? TokenKind::kWord : TokenKind::kNumber;  // "21h30"
    return true;
  }
  return false;
}

bool starts_www(std::string_view s) {
  return s.size() > 4 && lower(s[0]) == 'w' && lower(s[1]) == 'w' && lower(s[2]) == 'w' &&
         s[3] == '.';
}

}  // namespace

// Sets `end` to where it stopped; returns false, having emitted nothing, for a chunk that
// is not simple. Inlined in tokenize(): a call per chunk would cost as much as its work.
[[gnu::always_inline]] inline bool NewsRules::simple_chunk(std::string_view text, std::size_t begin, std::size_t& end,
                             std::vector<Piece>& out) const {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = begin;
  while (i < n && !(scan_.bytes[s[i]] & kScanCore)) {
    if (const std::size_t space = no_break_space_length(s, i, n)) {
      i += space;
    } else if (is_opener(text, i)) {
      i += char_length(s[i]);
    } else {
      break;
    }
  }
  const std::size_t opened = i;
  const LangRules* elisions = rules_.split_elisions ? &rules_ : nullptr;
  Run run = scan_run(scan_, elisions, text, i);
  std::size_t core = opened;
  // An elided prefix ("l’", "qu'") before the run, as the elision rule would split it.
  bool prefix_plain = false;
  // The lead byte test comes first: it is rarely true, so it is rarely mispredicted.
  if (run.end < n && (s[run.end] == '\'' || s[run.end] == 0xE2 || s[run.end] == 0xCA) &&
      rules_.split_elisions && run.end > core && run.end - core <= LangRules::kMaxElision &&
      !run.joined) {
    const std::size_t apostrophe = apostrophe_at(text, run.end);
    if (apostrophe > 0 && rules_.is_elision(text.substr(core, run.end - core))) {
      // "l'" is its own norm when its letters and apostrophe are ("l’" is not, by default).
      const std::uint8_t mark = apostrophe == 1 ? scan_.bytes['\'']
                                : apostrophe == 2 ? scan_.two_byte[0x2BC]
                                                  : std::uint8_t{kScanChanged};
      prefix_plain = !((run.seen | mark) & kScanChanged);
      core = run.end + apostrophe;
      run = scan_run(scan_, elisions, text, core);
      if (run.end == core) {
        end = core;
        return false;
      }
    }
  }
  std::size_t core_end = run.end;
  // A hyphenated compound ("Jean-Pierre", "Covid-19") is one token unless French clitics
  // end it ("viendra-t-il": the general path splits those off).
  bool compound = false, part_is_word = false;
  std::uint8_t seen = run.seen;
  bool joined = run.joined;
  while (core < core_end && core_end + 1 < n && s[core_end] == '-') {
    const std::size_t part_begin = core_end + 1;
    const Run part = scan_run(scan_, nullptr, text, part_begin);
    if (part.end == part_begin) break;
    TokenKind kind = TokenKind::kWord;
    if (!run_kind(part, kind) || is_clitic(text.substr(part_begin, part.end - part_begin))) {
      end = core_end;
      return false;
    }
    part_is_word = part_is_word || kind == TokenKind::kWord;
    seen |= part.seen | scan_.bytes['-'];
    joined = joined || part.joined;
    core_end = part.end;
    compound = true;
  }
  // Closing punctuation, dots and no-break spaces up to the end of the chunk.
  std::size_t dots_after_run = 0;
  for (i = core_end; i < n && !is_separator(s[i]);) {
    if (s[i] == '.') {
      const std::size_t dots = i;
      while (i < n && s[i] == '.') ++i;
      if (dots == core_end) dots_after_run = i - dots;
      continue;
    }
    std::size_t length = no_break_space_length(s, i, n);
    if (length == 0) length = closer_length(text, i);
    if (length == 0) {
      end = i;
      // A lone punctuation character ("-", "–", "*" aside, which may be symbols) is
      // its own token in any case.
      if (i != begin || core_end != begin) return false;
      std::size_t next = i;
      if (char_class(next_code_point(text, next)) != CharClass::kPunct ||
          (next < n && !is_separator(s[next]))) {
        return false;
      }
      i = next;
    } else {
      i += length;
    }
  }
  end = i;

  Piece word{static_cast<std::uint32_t>(core), static_cast<std::uint32_t>(core_end),
             TokenKind::kWord, false, false};
  if (core < core_end) {
    if (!run_kind(run, word.kind)) {
      if (compound || !piece_of(text, core, core_end, word) || word.begin != core) return false;
    }
    // A letter after the apostrophe, or anything of the run after ʼ (itself ALetter),
    // joins the prefix in one UAX #29 segment, whose kind ("word") the rest keeps once
    // the elision is split off, as in the general path.
    if (opened < core && word.kind != TokenKind::kWord &&
        (is_wb_letter(run.first) || s[core - 2] == 0xCA)) {
      word.kind = TokenKind::kWord;
    }
    if (compound) {  // chains of numbers ("2019-2020") stay apart
      if (word.kind != TokenKind::kWord && !part_is_word) return false;
      word.kind = TokenKind::kWord;
    }
    word.plain = !(seen & kScanChanged);
    if (joined && starts_www(text.substr(core, core_end - core))) return false;  // URL
    if (dots_after_run == 1 && word.kind == TokenKind::kWord && !compound) {  // "M.", "etc."
      const AbbreviationDot dot = abbreviation_dot(text.substr(core, core_end - core));
      if (dot.kept) {
        word.end += 1;
        word.keeps_sentence = dot.keeps_sentence;
        word.plain = word.plain && !(scan_.bytes['.'] & kScanChanged);
      }
    }
  }
  if (begin < opened) add_punctuation(scan_, text, begin, opened, out);
  if (opened < core) {
    Piece& prefix = out.emplace_back();
    prefix.begin = static_cast<std::uint32_t>(opened);
    prefix.end = static_cast<std::uint32_t>(core);
    prefix.plain = prefix_plain;
  }
  if (core < core_end) out.push_back(word);
  if (word.end < end) add_punctuation(scan_, text, word.end, end, out);  // after any kept dot
  return true;
}

void NewsRules::tokenize(std::string_view text, std::vector<Piece>& out, Scratch& scratch) const {
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
    general_chunk(text, i, end, out, scratch);
    i = end;
  }
}

}  // namespace newsnlp::detail
