// TextNormalizer (UTF-8 validation and repair are in utf8_validation.cpp).
//
// TextNormalizer has two paths, chosen per call:
//  1. Text whose code points all have an entry in a per-code-point table (ASCII through
//     a byte table, and the BMP blocks news text uses): the concatenation of the entries.
//  2. Anything else: the ICU pipeline on an icu::UnicodeString.
// The table is built at construction by running the ICU pipeline (run_pipeline, shared
// with path 2) on each code point alone, so the paths agree as long as a string's norm
// is the concatenation of its code points' norms. Case folding and the per-code-point
// maps are context-free; what can couple neighbours is the normalizers (main form, and
// NFD/NFC around accent folding). A code point gets an entry when, at every normalizer
// it reaches, its own string either
//  - starts with a character having hasBoundaryBefore(): then ICU guarantees that the
//    text before it normalizes independently. Boundary-before on every piece is enough
//    for a string made only of table pieces; hasBoundaryAfter() is not needed, and would
//    exclude every letter that can take an accent (e, é, alef), or
//  - is the code point itself, left unchanged by the normalizer (quickCheck YES: it
//    neither decomposes nor composes with what precedes), and the pipeline later drops it
//    (Arabic tashkeel with fold_arabic). Such a mark can only be reordered among other
//    combining marks, which keep their relative order, so dropping it afterwards gives
//    the same text as dropping it first.
// tests/cpp/text_test.cpp checks table == ICU path for every table code point and for
// random strings, under all option combinations.

#include "newsnlp/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "detail/utf8.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

// ---------------------------------------------------------------------------------------
// Per-code-point maps of the normalization pipeline

// Default ignorable format characters dropped from every norm.
bool is_dropped_format(UChar32 c) {
  return c == 0x00AD || c == 0x200B || c == 0x2060 || c == 0xFEFF;
}

UChar32 unified_punctuation(UChar32 c) {
  switch (c) {
    case 0x2019: case 0x2018: case 0x00B4: case 0x02BC: case 0x0060: case 0x2032:
      return u'\'';
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E: case 0x201F:
    case 0x2039: case 0x203A:
      return u'"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212:
      return u'-';
    default:
      return c;
  }
}

// Diacritics removed by accent folding. Only nonspacing marks: enclosing marks in these
// blocks (U+20E3 COMBINING ENCLOSING KEYCAP in "1️⃣") are not accents.
bool is_folded_accent(UChar32 c) {
  const bool in_blocks = (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
                         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
                         (c >= 0xFE20 && c <= 0xFE2F);
  return in_blocks && u_charType(c) == U_NON_SPACING_MARK;
}

// Letters with a diacritic or ligature that NFD leaves whole; {0, 0} for other characters.
std::array<char16_t, 2> folded_letter(UChar32 c) {
  switch (c) {
    case 0x00F8: return {u'o', 0};     // ø
    case 0x00D8: return {u'O', 0};     // Ø
    case 0x0142: return {u'l', 0};     // ł
    case 0x0141: return {u'L', 0};     // Ł
    case 0x0111: return {u'd', 0};     // đ
    case 0x0110: return {u'D', 0};     // Đ
    case 0x00F0: return {u'd', 0};     // ð
    case 0x00D0: return {u'D', 0};     // Ð
    case 0x0127: return {u'h', 0};     // ħ
    case 0x0126: return {u'H', 0};     // Ħ
    case 0x0131: return {u'i', 0};     // ı
    case 0x00E6: return {u'a', u'e'};  // æ
    case 0x00C6: return {u'A', u'E'};  // Æ
    case 0x0153: return {u'o', u'e'};  // œ
    case 0x0152: return {u'O', u'E'};  // Œ
    case 0x00FE: return {u't', u'h'};  // þ
    case 0x00DE: return {u'T', u'H'};  // Þ
    default: return {0, 0};
  }
}

// Tashkeel (harakat, tanwin, shadda, sukun, Quranic marks, superscript alef) and tatweel.
bool is_arabic_folded_away(UChar32 c) {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x0610 && c <= 0x061A) ||
         (c >= 0x06D6 && c <= 0x06DC) || (c >= 0x06DF && c <= 0x06E8) ||
         (c >= 0x06EA && c <= 0x06ED) || c == 0x0640;
}

bool is_alef_variant(UChar32 c) {
  return c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671;
}

template <typename Fn>
icu::UnicodeString map_code_points(const icu::UnicodeString& in, Fn&& fn) {
  icu::UnicodeString out;
  for (int32_t i = 0; i < in.length();) {
    const UChar32 c = in.char32At(i);
    i += U16_LENGTH(c);
    fn(c, out);
  }
  return out;
}

// What run_pipeline learns about a one-code-point input; see the file comment.
struct Independence {
  UChar32 cp;
  bool separable = true;         // every normalizer input is a boundary piece or passive
  bool needs_dropping = false;   // some input was a passive mark: the norm must be empty
};

void note_normalizer_input(const icu::Normalizer2& normalizer, const icu::UnicodeString& s,
                           Independence* independence) {
  if (independence == nullptr || s.isEmpty() || normalizer.hasBoundaryBefore(s.char32At(0))) {
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  if (s == icu::UnicodeString(independence->cp) &&
      normalizer.quickCheck(s, status) == UNORM_YES) {
    independence->needs_dropping = true;
  } else {
    independence->separable = false;
  }
}

// Table entry: (offset into pool_ << 8) | byte length.
constexpr std::uint32_t kNoEntry = 0xFFFFFFFFu;

// Blocks of 256 code points that get table entries: Latin, IPA, Greek, Cyrillic, Hebrew,
// Arabic, Syriac, Thaana, Arabic Supplement and Extended-A; Latin Extended Additional,
// Greek Extended, general punctuation, currency, letterlike symbols; presentation forms
// (Latin ligatures, Hebrew, Arabic), half-width and full-width forms.
constexpr std::array<std::array<std::uint32_t, 2>, 3> kTableBlocks = {
    {{0x00, 0x08}, {0x1E, 0x21}, {0xFB, 0xFF}}};

}  // namespace

// ---------------------------------------------------------------------------------------
// TextNormalizer

struct TextNormalizer::Impl {
  explicit Impl(NormOptions options);

  void append_normalized(std::string_view text, std::string& out) const;
  // False, with nothing appended, when a code point has no table entry. `changed` says
  // whether the norm differs from the text.
  bool append_from_tables(std::string_view text, std::string& out, bool& changed) const;
  void append_with_icu(std::string_view text, std::string& out) const;

  // The whole pipeline. `independence` is null except while building the table.
  icu::UnicodeString run_pipeline(const icu::UnicodeString& text,
                                  Independence* independence) const;
  std::uint32_t make_entry(UChar32 cp);

  // Where cp's entry and unchanged flag are: index 0, in the dummy block (kNoEntry, not
  // unchanged), for code points outside the table.
  std::size_t slot(char32_t cp) const noexcept {
    return cp < 0x10000 ? block_start_[cp >> 8] + (cp & 0xFF) : 0;
  }
  std::uint32_t entry(char32_t cp) const noexcept { return entries_[slot(cp)]; }

  NormOptions options_;
  const icu::Normalizer2* normalizer_ = nullptr;  // main form; null for kNone
  const icu::Normalizer2* nfd_ = nullptr;         // both set when folding accents
  const icu::Normalizer2* nfc_ = nullptr;
  std::array<char, 128> ascii_{};
  std::array<std::uint32_t, 256> block_start_{};  // index in entries_ of each BMP block
  std::vector<std::uint32_t> entries_;
  std::vector<std::uint8_t> unchanged_;  // per entry: the code point is its own norm
  std::string pool_;  // UTF-8 norms, then 8 padding bytes for fixed-size copies
};

TextNormalizer::Impl::Impl(NormOptions options) : options_(options) {
  UErrorCode status = U_ZERO_ERROR;
  switch (options.normalization) {
    case Normalization::kNone: break;
    case Normalization::kNFC: normalizer_ = icu::Normalizer2::getNFCInstance(status); break;
    case Normalization::kNFKC: normalizer_ = icu::Normalizer2::getNFKCInstance(status); break;
    default:
      throw InvalidArgument("NormOptions::normalization must be kNone, kNFC or kNFKC (got " +
                            std::to_string(static_cast<int>(options.normalization)) + ")");
  }
  if (options.fold_accents) {
    nfd_ = icu::Normalizer2::getNFDInstance(status);
    nfc_ = icu::Normalizer2::getNFCInstance(status);
  }
  if (U_FAILURE(status)) {
    throw Error(std::string("ICU normalization data unavailable: ") + u_errorName(status));
  }

  entries_.assign(256, kNoEntry);  // block 0 serves code points outside the table
  unchanged_.assign(256, 0);
  std::string utf8;
  for (const auto& [first, last] : kTableBlocks) {
    for (std::uint32_t block = first; block <= last; ++block) {
      block_start_[block] = static_cast<std::uint32_t>(entries_.size());
      for (std::uint32_t low = 0; low < 256; ++low) {
        const char32_t cp = block << 8 | low;
        const std::uint32_t e = make_entry(static_cast<UChar32>(cp));
        entries_.push_back(e);
        utf8.clear();
        detail::append_utf8(utf8, cp);
        unchanged_.push_back(e != kNoEntry && pool_.compare(e >> 8, e & 0xFF, utf8) == 0);
      }
    }
  }
  pool_.append(8, '\0');
  // Every step maps an ASCII character to one ASCII character.
  for (std::uint32_t c = 0; c < 128; ++c) ascii_[c] = pool_[entry(c) >> 8];
}

std::uint32_t TextNormalizer::Impl::make_entry(UChar32 cp) {
  Independence independence{cp};
  const icu::UnicodeString norm = run_pipeline(icu::UnicodeString(cp), &independence);
  if (!independence.separable || (independence.needs_dropping && !norm.isEmpty())) {
    return kNoEntry;
  }
  const std::size_t offset = pool_.size();
  norm.toUTF8String(pool_);
  const std::size_t length = pool_.size() - offset;
  if (length > 0xFF) {  // no such norm in Unicode 16 (U+FDFA's, the longest, has 33 bytes)
    pool_.resize(offset);
    return kNoEntry;
  }
  return static_cast<std::uint32_t>(offset << 8 | length);
}

icu::UnicodeString TextNormalizer::Impl::run_pipeline(const icu::UnicodeString& text,
                                                      Independence* independence) const {
  const bool unify = options_.unify_punctuation;
  icu::UnicodeString s = map_code_points(text, [unify](UChar32 c, icu::UnicodeString& out) {
    if (!is_dropped_format(c)) out.append(unify ? unified_punctuation(c) : c);
  });
  UErrorCode status = U_ZERO_ERROR;
  if (normalizer_ != nullptr) {
    note_normalizer_input(*normalizer_, s, independence);
    s = normalizer_->normalize(s, status);
    // Unified before normalizing (NFKC turns ´ into space + U+0301) and again after it
    // (NFC turns U+1FEF into `, NFKC turns ＂ ″ ﹘ into characters of the unified set).
    if (unify) {
      s = map_code_points(s, [](UChar32 c, icu::UnicodeString& out) {
        out.append(unified_punctuation(c));
      });
    }
  }
  if (options_.lowercase) s.foldCase(U_FOLD_CASE_DEFAULT);
  if (options_.fold_accents) {
    note_normalizer_input(*nfd_, s, independence);
    s = nfd_->normalize(s, status);
    s = map_code_points(s, [](UChar32 c, icu::UnicodeString& out) {
      if (is_folded_accent(c)) return;
      const std::array<char16_t, 2> letters = folded_letter(c);
      if (letters[0] == 0) {
        out.append(c);
      } else {
        out.append(letters[0]);
        if (letters[1] != 0) out.append(letters[1]);
      }
    });
    note_normalizer_input(*nfc_, s, independence);
    s = nfc_->normalize(s, status);
  }
  if (options_.fold_arabic) {
    s = map_code_points(s, [](UChar32 c, icu::UnicodeString& out) {
      if (!is_arabic_folded_away(c)) out.append(is_alef_variant(c) ? UChar32{0x0627} : c);
    });
  }
  if (U_FAILURE(status) || s.isBogus()) {
    throw Error(std::string("ICU normalization failed: ") + u_errorName(status));
  }
  return s;
}

void TextNormalizer::Impl::append_normalized(std::string_view text, std::string& out) const {
  bool changed = false;
  if (!append_from_tables(text, out, changed)) append_with_icu(text, out);
}

bool TextNormalizer::Impl::append_from_tables(std::string_view text, std::string& out,
                                              bool& changed) const {
  // Norms are assembled on the stack and appended in one call per 256 bytes; entries are
  // copied 8 bytes at a time (pool_ is padded), so the buffer has room for one more entry
  // of up to 255 bytes past the flush mark.
  constexpr std::size_t kFlushAt = 256;
  char buffer[kFlushAt + 256 + 8];
  std::size_t used = 0;
  const std::size_t base = out.size();
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end) {
    const auto byte = static_cast<unsigned char>(*p);
    if (byte < 0x80) {
      const char mapped = ascii_[byte];
      changed |= mapped != *p;
      buffer[used++] = mapped;
      ++p;
    } else {
      char32_t cp;
      p += detail::decode_utf8(p, end, cp);
      const std::size_t at = slot(cp);
      const std::uint32_t e = entries_[at];
      if (e == kNoEntry) {
        out.resize(base);
        return false;
      }
      changed |= !unchanged_[at];
      const char* src = pool_.data() + (e >> 8);
      const std::size_t length = e & 0xFF;
      std::memcpy(buffer + used, src, 8);
      if (length > 8) std::memcpy(buffer + used + 8, src + 8, length - 8);
      used += length;
    }
    if (used >= kFlushAt) {
      out.append(buffer, used);
      used = 0;
    }
  }
  out.append(buffer, used);
  return true;
}

void TextNormalizer::Impl::append_with_icu(std::string_view text, std::string& out) const {
  if (text.size() > kMaxIcuTextBytes) {
    throw InvalidArgument("TextNormalizer input of " + std::to_string(text.size()) +
                          " bytes is too long for ICU (kMaxIcuTextBytes, 2 GiB); normalize tokens "
                          "or lines, not whole corpora");
  }
  const icu::StringPiece utf8(text.data(), static_cast<int32_t>(text.size()));
  run_pipeline(icu::UnicodeString::fromUTF8(utf8), nullptr).toUTF8String(out);
}

namespace {

// The tables of each option set, built once per process: programs (and the fuzzers) make
// many tokenizers and matchers with the same options. At most 48 option sets exist.
template <class Impl>
std::shared_ptr<const Impl> shared_tables(const NormOptions& o) {
  const unsigned key = static_cast<unsigned>(o.normalization) << 4 | unsigned{o.lowercase} << 3 |
                       unsigned{o.fold_accents} << 2 | unsigned{o.unify_punctuation} << 1 |
                       unsigned{o.fold_arabic};
  static std::mutex mutex;
  static std::map<unsigned, std::shared_ptr<const Impl>> built;
  std::lock_guard<std::mutex> lock(mutex);
  std::shared_ptr<const Impl>& tables = built[key];
  if (!tables) tables = std::make_shared<const Impl>(o);
  return tables;
}

}  // namespace

TextNormalizer::TextNormalizer(NormOptions options)
    : impl_(shared_tables<Impl>(options)) {}
TextNormalizer::~TextNormalizer() = default;
TextNormalizer::TextNormalizer(TextNormalizer&&) noexcept = default;
TextNormalizer& TextNormalizer::operator=(TextNormalizer&&) noexcept = default;

const NormOptions& TextNormalizer::options() const noexcept { return impl_->options_; }

void TextNormalizer::append_normalized(std::string_view text, std::string& out) const {
  impl_->append_normalized(text, out);
}

bool TextNormalizer::append_if_changed(std::string_view text, std::string& out) const {
  const std::size_t base = out.size();
  bool changed = false;
  if (!impl_->append_from_tables(text, out, changed)) {
    impl_->append_with_icu(text, out);
    return true;
  }
  if (!changed) out.resize(base);
  return changed;
}

bool TextNormalizer::is_unchanged(std::string_view text) const noexcept {
  // Every code point having a table entry that maps it to itself makes the whole text its
  // own norm: entries exist only for code points whose norm does not depend on neighbours.
  const Impl& impl = *impl_;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end) {
    const auto byte = static_cast<unsigned char>(*p);
    if (byte < 0x80) {
      if (impl.ascii_[byte] != *p) return false;
      ++p;
      continue;
    }
    char32_t cp;
    p += detail::decode_utf8(p, end, cp);
    if (!impl.unchanged_[impl.slot(cp)]) return false;
  }
  return true;
}

std::string TextNormalizer::normalize(std::string_view text) const {
  validate_utf8(text);
  std::string out;
  impl_->append_normalized(text, out);
  return out;
}

}  // namespace newsnlp
