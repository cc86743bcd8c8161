// UAX #29 word boundaries as ICU's root rules (word.txt) define them.
//
// The text is read as units: a base character plus the Extend/Format/ZWJ characters
// that WB4 attaches to it. A step table indexed by (left state, class of the next
// character) says whether to break before that character and what the left state
// becomes. The left state is the class of the left unit, refined where a rule needs
// more: a space run whose last code point is a space (WB3d), a regional indicator that
// already has its pair (WB15/16). Four rules need more than the table:
//  - WB3c (ZWJ × Extended_Pictographic) looks at the previous raw code point;
//  - WB6/7, WB7b/c and WB11/12 look one unit past a MidLetter/MidNum-like character.
// Runs of ASCII letters, digits and underscores join under WB5-WB13b; they are skipped
// 16 bytes at a time where SSE2 is available.
//
// ICU differs from the plain rules where dictionaries are involved (Thai, Lao, Khmer,
// Myanmar, Han, Kana, Hangul): a region around such characters, from one boundary that
// no rule can remove to the next, is handed to a clone of ICU's own iterator.
#include "detail/word_segmenter.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "detail/break_properties.hpp"
#include "detail/utf8.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp::detail {
namespace {

enum Action : std::uint8_t {
  kJoin,
  kBreak,
  kJoinIfLetterNext,  // WB6/7: AHLetter × (MidLetter | MidNumLetQ) AHLetter
  kJoinIfHebrewNext,  // WB7b/7c: Hebrew_Letter × Double_Quote Hebrew_Letter
  kJoinIfNumberNext,  // WB11/12: Numeric × (MidNum | MidNumLetQ) Numeric
  kJoinHebrewQuote,   // WB7a Hebrew_Letter × Single_Quote, then maybe WB7 as well
};

// Left states beyond the WordClass values.
constexpr std::uint8_t kSpaceRun = kWbClassCount;            // WB3d applies
constexpr std::uint8_t kPairedRegional = kWbClassCount + 1;  // WB15/16: third RI breaks
constexpr std::size_t kLeftStates = kWbClassCount + 2;

struct Step {
  std::uint8_t action;
  std::uint8_t next;  // left state after the character
};
using StepTable = std::array<std::array<Step, kWbClassCount>, kLeftStates>;

constexpr bool is_ahletter(int c) { return c == kWbALetter || c == kWbHebrewLetter; }
constexpr bool is_newline(int c) { return c == kWbCR || c == kWbLF || c == kWbNewline; }

constexpr StepTable make_steps() {
  StepTable t{};
  for (int l = 0; l < static_cast<int>(kLeftStates); ++l) {
    for (int r = 0; r < kWbClassCount; ++r) {
      // WB999 by default. A space starts a space run (WB3d).
      t[l][r] = {kBreak, static_cast<std::uint8_t>(r == kWbWSegSpace ? kSpaceRun : r)};
      const bool l_num = l == kWbNumeric, r_num = r == kWbNumeric;
      const bool r_mid_num_let = r == kWbMidNumLet || r == kWbSingleQuote;
      if ((is_ahletter(l) || l_num) && (is_ahletter(r) || r_num)) t[l][r].action = kJoin;
      if (is_ahletter(l) && (r == kWbMidLetter || r_mid_num_let)) {
        t[l][r].action = kJoinIfLetterNext;
      }
      if (l_num && (r == kWbMidNum || r_mid_num_let)) t[l][r].action = kJoinIfNumberNext;
      const bool l_word = is_ahletter(l) || l_num || l == kWbKatakana;
      if ((l_word || l == kWbExtendNumLet) && r == kWbExtendNumLet) {
        t[l][r].action = kJoin;  // WB13a
      }
      if (l == kWbExtendNumLet && (is_ahletter(r) || r_num || r == kWbKatakana)) {
        t[l][r].action = kJoin;  // WB13b
      }
      if (r == kWbExtend || r == kWbZwj) {
        // WB4: attach to the left unit, except after a newline (WB3a) or at the start
        // (which begins in state LF); an attached character ends WB3d's space run.
        const int attached = l == kSpaceRun ? kWbWSegSpace : l;
        t[l][r] = is_newline(l) ? Step{kBreak, kWbOther}
                                : Step{kJoin, static_cast<std::uint8_t>(attached)};
      }
    }
  }
  t[kWbCR][kWbLF].action = kJoin;  // WB3
  t[kSpaceRun][kWbWSegSpace].action = kJoin;
  t[kWbHebrewLetter][kWbSingleQuote].action = kJoinHebrewQuote;
  t[kWbHebrewLetter][kWbDoubleQuote].action = kJoinIfHebrewNext;
  t[kWbKatakana][kWbKatakana].action = kJoin;  // WB13
  t[kWbRegionalIndicator][kWbRegionalIndicator] = {kJoin, kPairedRegional};
  return t;
}

constexpr StepTable kSteps = make_steps();

// Left states after which ASCII [A-Za-z0-9_] keeps joining (WB5, WB8-10, WB13a/b).
constexpr bool is_word_run_state(int l) {
  return l == kWbALetter || l == kWbNumeric || l == kWbExtendNumLet;
}

// The end of the run of bytes at s[i..n) for which word_run is true. Where SSE2 is there,
// tests [A-Za-z0-9_] 16 bytes at a time (a subset of word_run: those are ALetter,
// Numeric and ExtendNumLet in every Unicode version) and finishes byte by byte.
std::size_t skip_word_run(const unsigned char* s, std::size_t i, std::size_t n,
                          const std::array<bool, 256>& word_run) {
#if defined(__SSE2__)
  // x in [lo, hi] as one signed comparison: x - lo + 0x80 < hi - lo + 1 - 0x80.
  auto in_range = [](__m128i x, char lo, char hi) {
    const __m128i shifted = _mm_add_epi8(x, _mm_set1_epi8(static_cast<char>(0x80 - lo)));
    return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(hi - lo + 1 - 0x80)));
  };
  while (i + 16 <= n) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const __m128i letter = in_range(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 'z');
    const __m128i digit = in_range(x, '0', '9');
    const __m128i underscore = _mm_cmpeq_epi8(x, _mm_set1_epi8('_'));
    const __m128i word_byte = _mm_or_si128(_mm_or_si128(letter, digit), underscore);
    const auto word = static_cast<unsigned>(_mm_movemask_epi8(word_byte));
    if (word != 0xFFFF) {
      i += static_cast<std::size_t>(__builtin_ctz(~word));
      break;
    }
    i += 16;
  }
#endif
  while (i < n && word_run[s[i]]) ++i;
  return i;
}

// Boundaries written straight into the caller's vector, grown in large steps. A text of
// n bytes has at most n + 1 boundaries: the vector is never sized (and zeroed) past that,
// so short texts stay cheap after a long one left a large capacity behind.
class Output {
 public:
  Output(std::vector<std::uint32_t>& v, std::size_t text_size) : v_(v) {
    v_.resize(std::min(std::max<std::size_t>(v_.capacity(), 64), text_size + 1));
    data_ = v_.data();
  }
  void push(std::size_t at) {
    if (size_ == v_.size()) {
      v_.resize(2 * v_.size() + 1);
      data_ = v_.data();
    }
    data_[size_++] = static_cast<std::uint32_t>(at);
  }
  void truncate(std::size_t size) { size_ = size; }
  std::size_t size() const { return size_; }
  const std::uint32_t* data() const { return data_; }
  void finish() { v_.resize(size_); }

 private:
  std::vector<std::uint32_t>& v_;
  std::uint32_t* data_;
  std::size_t size_ = 0;
};

// The regions that ICU segments. A region starts and ends on boundaries that every rule
// keeps whatever the classes around them (before a space, a newline or ASCII "Other"
// punctuation, after a newline), so ICU sees each region as it would see the whole text.
class DictionaryRegions {
 public:
  DictionaryRegions(const icu::BreakIterator& prototype, const BreakTables& tables,
                    const unsigned char* s, std::size_t n)
      : prototype_(prototype), tables_(tables), s_(s), n_(n) {}
  ~DictionaryRegions() { utext_close(&text_); }
  DictionaryRegions(const DictionaryRegions&) = delete;
  DictionaryRegions& operator=(const DictionaryRegions&) = delete;

  // Whether a boundary at `at` ends the open region: it must lie past the last
  // dictionary character read.
  bool ends_region(std::size_t at) const { return open_ && at > last_ && is_fixed(at); }
  bool is_open() const { return open_; }

  // A dictionary character was read at byte `at`: the region starts at the last fixed
  // boundary found so far (0 at worst).
  void open(std::size_t at, const Output& out) {
    last_ = std::max(last_, at);
    if (open_) return;
    open_ = true;
    start_ = 0;
    for (std::size_t k = out.size(); k-- > 0;) {
      if (out.data()[k] <= at && is_fixed(out.data()[k])) {
        start_ = out.data()[k];
        break;
      }
    }
  }

  // Replaces the boundaries of the open region, which ends at `end`, with ICU's; `end`
  // itself is left for the caller to add.
  void close(std::size_t end, Output& out) {
    open_ = false;
    out.truncate(static_cast<std::size_t>(
        std::lower_bound(out.data(), out.data() + out.size(), start_) - out.data()));
    UErrorCode status = U_ZERO_ERROR;
    if (!iterator_) {
      iterator_.reset(prototype_.clone());
      if (!iterator_) throw Error("ICU word break iterator could not be cloned");
    }
    utext_openUTF8(&text_, reinterpret_cast<const char*>(s_ + start_),
                   static_cast<int64_t>(end - start_), &status);
    iterator_->setText(&text_, status);
    if (U_FAILURE(status)) {
      throw Error(std::string("ICU word break iteration failed: ") + u_errorName(status));
    }
    const auto length = static_cast<int32_t>(end - start_);
    for (int32_t b = iterator_->first(); b != icu::BreakIterator::DONE && b < length;
         b = iterator_->next()) {
      out.push(start_ + static_cast<std::size_t>(b));
    }
  }

 private:
  // Whether a boundary the rules produced at `at` survives any reclassification of the
  // characters around it.
  bool is_fixed(std::size_t at) const {
    if (at == 0 || at >= n_) return true;
    const unsigned char prev = s_[at - 1], next = s_[at];
    if (prev < 0x80 && is_newline(tables_.ascii_word[prev])) return true;  // WB3a
    if (next >= 0x80) return false;
    const std::uint8_t info = tables_.ascii_word[next];
    return info == kWbOther || info == kWbWSegSpace || is_newline(info);
  }

  const icu::BreakIterator& prototype_;
  const BreakTables& tables_;
  const unsigned char* s_;
  std::size_t n_;
  bool open_ = false;
  std::size_t start_ = 0;  // first byte of the open region
  std::size_t last_ = 0;   // start of the last dictionary character read
  std::unique_ptr<icu::BreakIterator> iterator_;  // cloned on first use
  UText text_ = UTEXT_INITIALIZER;
};

// ASCII bytes that join each other under WB5, WB8-WB10, WB13a/b.
std::array<bool, 256> make_word_run_bytes(const BreakTables& t) {
  std::array<bool, 256> run{};
  for (int b = 0; b < 0x80; ++b) run[b] = is_word_run_state(t.ascii_word[b]);
  return run;
}

}  // namespace

struct WordSegmenter::Impl {
  const BreakTables& tables = break_tables();
  const std::array<bool, 256> word_run = make_word_run_bytes(tables);
  std::unique_ptr<icu::BreakIterator> prototype;  // never used except to be cloned
};

WordSegmenter::WordSegmenter() {
  UErrorCode status = U_ZERO_ERROR;
  auto impl = std::make_unique<Impl>();
  impl->prototype.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !impl->prototype) {
    throw Error(std::string("ICU word break iterator unavailable: ") + u_errorName(status));
  }
  impl_ = std::move(impl);
}

WordSegmenter::~WordSegmenter() = default;
WordSegmenter::WordSegmenter(WordSegmenter&&) noexcept = default;
WordSegmenter& WordSegmenter::operator=(WordSegmenter&&) noexcept = default;

void WordSegmenter::segment(std::string_view text, std::vector<std::uint32_t>& boundaries) const {
  const std::size_t n = text.size();
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const BreakTables& t = impl_->tables;
  const std::array<bool, 256>& word_run = impl_->word_run;
  Output out(boundaries, text.size());
  DictionaryRegions regions(*impl_->prototype, t, s, n);

  // Class of the code point at s[at]; sets its length and table entry, and opens a
  // dictionary region on a dictionary character.
  auto read = [&](std::size_t at, std::size_t& len, std::uint8_t& info) {
    if (s[at] < 0x80) {
      len = 1;
      info = t.ascii_word[s[at]];
    } else {
      char32_t c = 0;
      len = static_cast<std::size_t>(decode_utf8(text.data() + at, text.data() + n, c));
      info = word_info(t, c);
      if (info & kWbDictionary) regions.open(at, out);
    }
    return static_cast<std::uint8_t>(info & kWbClassMask);
  };
  auto push = [&](std::size_t at) {
    if (regions.ends_region(at)) regions.close(at, out);
    out.push(at);
  };
  // WB6/7, 7b/c, 11/12: whether the unit after the one at `at` has a class that `action`
  // accepts; if so sets `next` past its base character and `cls` to its class.
  auto joins_across = [&](std::size_t at, std::uint8_t action, std::size_t& next,
                          std::uint8_t& cls) {
    std::size_t step = 0;
    std::uint8_t info = 0;
    while (at < n) {
      cls = read(at, step, info);
      if (cls == kWbExtend || cls == kWbZwj) {
        at += step;
        continue;
      }
      next = at + step;
      return action == kJoinIfHebrewNext   ? cls == kWbHebrewLetter
             : action == kJoinIfNumberNext ? cls == kWbNumeric
                                           : is_ahletter(cls);
    }
    return false;
  };
  // WB3c: whether the code point before s[at] is a ZWJ.
  auto after_zwj = [&](std::size_t at) {
    if (at == 0) return false;
    std::size_t prev = at - 1;
    while (prev > 0 && (s[prev] & 0xC0) == 0x80) --prev;
    std::size_t len = 0;
    std::uint8_t info = 0;
    return read(prev, len, info) == kWbZwj;
  };

  std::uint8_t left = kWbLF;  // like the start of text: break before anything (WB1, WB3a)
  std::size_t i = 0;
  while (i < n) {
    std::size_t len = 1;
    std::uint8_t info = 0;
    const std::uint8_t r = read(i, len, info);
    Step step = kSteps[left][r];
    if ((info & kWbExtPict) && after_zwj(i)) step = {kJoin, r};  // WB3c
    if (step.action == kBreak) {
      push(i);
    } else if (step.action != kJoin) {
      std::size_t next = 0;
      std::uint8_t cls = 0;
      if (joins_across(i + len, step.action, next, cls)) {
        left = cls;
        i = next;
        continue;
      }
      if (step.action != kJoinHebrewQuote) push(i);
    }
    left = step.next;
    i += len;
    if (is_word_run_state(left)) {
      const std::size_t end = skip_word_run(s, i, n, word_run);
      if (end != i) left = t.ascii_word[s[end - 1]];
      i = end;
    } else if (left == kSpaceRun) {
      while (i < n && s[i] == ' ') ++i;
    }
  }
  if (regions.is_open()) regions.close(n, out);
  out.push(n);
  out.finish();
}

}  // namespace newsnlp::detail
