// UAX #29 word boundaries as ICU's root rules (word.txt) define them.
//
// The text is read as units: a base character plus the Extend/Format/ZWJ characters
// that WB4 attaches to it. A table indexed by (class of the left unit, class of the next
// character) decides each position; WB6/7, WB7b/c and WB11/12 look one unit past a
// MidLetter/MidNum-like character, WB3c/WB3d look at the previous raw code point, and a
// regional indicator that already has its pair is a left state of its own (WB15/16).
// Runs of ASCII letters, digits and underscores join under WB5-WB13b and are skipped
// byte by byte without decoding.
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

#include "detail/break_properties.hpp"
#include "detail/utf8.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp::detail {
namespace {

enum Decision : std::uint8_t {
  kBreak,
  kJoin,
  kJoinRegional,      // WB15/16: the second indicator of a pair
  kJoinIfLetterNext,  // WB6/7: AHLetter × (MidLetter | MidNumLetQ) AHLetter
  kJoinIfHebrewNext,  // WB7b/7c: Hebrew_Letter × Double_Quote Hebrew_Letter
  kJoinIfNumberNext,  // WB11/12: Numeric × (MidNum | MidNumLetQ) Numeric
  kJoinHebrewQuote,   // WB7a Hebrew_Letter × Single_Quote, then maybe WB7 as well
};

// Left state after a regional indicator pair; WB15/16 break before a third indicator.
constexpr std::uint8_t kPairedRegional = kWbClassCount;
constexpr std::size_t kLeftStates = kWbClassCount + 1;

using DecisionTable = std::array<std::array<std::uint8_t, kWbClassCount>, kLeftStates>;

constexpr bool is_ahletter(int c) { return c == kWbALetter || c == kWbHebrewLetter; }

constexpr DecisionTable make_decisions() {
  DecisionTable d{};  // all kBreak (WB999)
  d[kWbCR][kWbLF] = kJoin;  // WB3
  for (int l = 0; l < kWbClassCount; ++l) {
    for (int r = 0; r < kWbClassCount; ++r) {
      const bool l_num = l == kWbNumeric, r_num = r == kWbNumeric;
      const bool r_mid_num_let = r == kWbMidNumLet || r == kWbSingleQuote;
      if ((is_ahletter(l) || l_num) && (is_ahletter(r) || r_num)) d[l][r] = kJoin;  // WB5, 8-10
      if (is_ahletter(l) && (r == kWbMidLetter || r_mid_num_let)) d[l][r] = kJoinIfLetterNext;
      if (l_num && (r == kWbMidNum || r_mid_num_let)) d[l][r] = kJoinIfNumberNext;
      const bool l_word = is_ahletter(l) || l_num || l == kWbKatakana;
      if ((l_word || l == kWbExtendNumLet) && r == kWbExtendNumLet) d[l][r] = kJoin;  // WB13a
      if (l == kWbExtendNumLet && (is_ahletter(r) || r_num || r == kWbKatakana)) {
        d[l][r] = kJoin;  // WB13b
      }
    }
  }
  d[kWbHebrewLetter][kWbSingleQuote] = kJoinHebrewQuote;
  d[kWbHebrewLetter][kWbDoubleQuote] = kJoinIfHebrewNext;
  d[kWbKatakana][kWbKatakana] = kJoin;  // WB13
  d[kWbRegionalIndicator][kWbRegionalIndicator] = kJoinRegional;
  return d;
}

constexpr DecisionTable kDecisions = make_decisions();

constexpr bool is_attached(int c) { return c == kWbExtend || c == kWbZwj; }
constexpr bool is_newline(int c) { return c == kWbCR || c == kWbLF || c == kWbNewline; }

// ASCII bytes that join each other under WB5, WB8-WB10, WB13a/b: [A-Za-z0-9_].
std::array<bool, 256> make_word_run_bytes(const BreakTables& t) {
  std::array<bool, 256> run{};
  for (int b = 0; b < 0x80; ++b) {
    const int c = t.ascii_word[b] & kWbClassMask;
    run[b] = c == kWbALetter || c == kWbNumeric || c == kWbExtendNumLet;
  }
  return run;
}

}  // namespace

struct WordSegmenter::Impl {
  const BreakTables& tables = break_tables();
  const std::array<bool, 256> word_run = make_word_run_bytes(tables);
  std::unique_ptr<icu::BreakIterator> prototype;  // never used except to be cloned
};

namespace {

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
  // boundary in `out` (0 at worst).
  void open(std::size_t at, const std::vector<std::uint32_t>& out) {
    last_ = std::max(last_, at);
    if (open_) return;
    open_ = true;
    start_ = 0;
    for (auto it = out.rbegin(); it != out.rend(); ++it) {
      if (*it <= at && is_fixed(*it)) {
        start_ = *it;
        break;
      }
    }
  }

  // Whether the boundary at `at` (one the rules produced) survives any reclassification
  // of the characters around it.
  bool is_fixed(std::size_t at) const {
    if (at == 0 || at >= n_) return true;
    const unsigned char prev = s_[at - 1], next = s_[at];
    if (prev < 0x80 && is_newline(tables_.ascii_word[prev])) return true;  // WB3a
    if (next >= 0x80) return false;
    const std::uint8_t info = tables_.ascii_word[next];
    return info == kWbOther || info == kWbWSegSpace || is_newline(info);
  }

  // Replaces the boundaries of the open region, which ends at `end`, with ICU's; `end`
  // itself is left for the caller to append.
  void close(std::size_t end, std::vector<std::uint32_t>& out) {
    open_ = false;
    out.resize(static_cast<std::size_t>(std::lower_bound(out.begin(), out.end(), start_) -
                                        out.begin()));
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
      out.push_back(static_cast<std::uint32_t>(start_ + static_cast<std::size_t>(b)));
    }
  }

 private:
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

}  // namespace

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

void WordSegmenter::segment(std::string_view text, std::vector<std::uint32_t>& out) const {
  out.clear();
  out.push_back(0);
  const std::size_t n = text.size();
  if (n == 0) return;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const BreakTables& t = impl_->tables;
  const std::array<bool, 256>& word_run = impl_->word_run;
  DictionaryRegions regions(*impl_->prototype, t, s, n);

  // Word table entry of the code point at s[at], and its length.
  auto read = [&](std::size_t at, std::size_t& len) -> std::uint8_t {
    const unsigned char b = s[at];
    if (b < 0x80) {
      len = 1;
      return t.ascii_word[b];
    }
    char32_t c = 0;
    len = static_cast<std::size_t>(decode_utf8(text.data() + at, text.data() + n, c));
    const std::uint8_t info = word_info(t, c);
    if (info & kWbDictionary) regions.open(at, out);
    return info;
  };
  auto push = [&](std::size_t at) {
    if (regions.ends_region(at)) regions.close(at, out);
    out.push_back(static_cast<std::uint32_t>(at));
  };
  // WB6/7, 7b/c, 11/12: whether the unit after the one at `at` has a class `want`
  // accepts; if so sets `next` past its base character and `cls` to its class.
  auto joins_across = [&](std::size_t at, std::uint8_t want, std::size_t& next,
                          std::uint8_t& cls) {
    std::size_t step = 0;
    while (at < n) {
      cls = read(at, step) & kWbClassMask;
      if (is_attached(cls)) {
        at += step;
        continue;
      }
      const bool ok = want == kJoinIfHebrewNext   ? cls == kWbHebrewLetter
                      : want == kJoinIfNumberNext ? cls == kWbNumeric
                                                  : is_ahletter(cls);
      next = at + step;
      return ok;
    }
    return false;
  };

  std::size_t i = 0;
  std::size_t len = 0;
  std::uint8_t last = read(0, len) & kWbClassMask;  // class of the previous code point
  std::uint8_t left = is_attached(last) ? std::uint8_t{kWbOther} : last;  // class of the left unit
  i = len;
  while (i < n) {
    if (word_run[s[i]] && word_run[s[i - 1]]) {
      // Inside [A-Za-z0-9_]+ (left can only be one of those classes).
      do {
        ++i;
      } while (i < n && word_run[s[i]]);
      left = last = t.ascii_word[s[i - 1]];
      continue;
    }
    const std::uint8_t info = read(i, len);
    const std::uint8_t r = info & kWbClassMask;
    if (is_attached(r)) {  // WB4, unless after a newline (WB3a)
      if (is_newline(left)) {
        push(i);
        left = kWbOther;
      }
    } else if ((info & kWbExtPict) && last == kWbZwj) {  // WB3c
      left = r;
    } else if (r == kWbWSegSpace && last == kWbWSegSpace) {  // WB3d
      while (i + 1 < n && s[i + 1] == ' ') ++i;
    } else {
      const std::uint8_t decision = kDecisions[left][r];
      if (decision == kJoin) {
        left = r;
      } else if (decision == kBreak) {
        push(i);
        left = r;
      } else if (decision == kJoinRegional) {
        left = kPairedRegional;
      } else {
        std::size_t next = 0;
        std::uint8_t cls = 0;
        if (joins_across(i + len, decision, next, cls)) {
          left = last = cls;
          i = next;
          continue;
        }
        if (decision != kJoinHebrewQuote) push(i);
        left = r;
      }
    }
    last = r;
    i += len;
  }
  if (regions.is_open()) regions.close(n, out);
  out.push_back(static_cast<std::uint32_t>(n));
}

}  // namespace newsnlp::detail
