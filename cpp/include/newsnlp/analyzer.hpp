// How documents become features for the vectorizers: scikit-learn's analyzers (word
// n-grams over a token pattern, char and char_wb n-grams, with its lowercasing, accent
// stripping and stop words), or the norms of newsnlp's Tokenizer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newsnlp {

class EntityMatcher;
class Tokenizer;

// A document in one of the encodings Python's str uses inside, so that Python text is
// read in place. Latin-1, UCS-2 and UCS-4 code units are code points (lone surrogates
// allowed, as in Python); UTF-8 must be well-formed (the vectorizers check it).
enum class TextEncoding : std::uint8_t { kUtf8, kLatin1, kUcs2, kUcs4 };

struct TextView {
  const void* data = nullptr;
  std::size_t length = 0;  // in code units (bytes for UTF-8 and Latin-1)
  TextEncoding encoding = TextEncoding::kUtf8;

  TextView() = default;
  TextView(const void* d, std::size_t n, TextEncoding e) : data(d), length(n), encoding(e) {}
  // NOLINTNEXTLINE(google-explicit-constructor): UTF-8 text is the common case
  TextView(std::string_view utf8) : data(utf8.data()), length(utf8.size()) {}
};

// Code points mapped to sequences: key i maps to values[offsets[i], offsets[i + 1]).
// Keys are strictly increasing; code points not listed map to themselves.
struct CodePointMapping {
  std::vector<char32_t> keys;
  std::vector<std::uint32_t> offsets;  // keys.size() + 1, starting at 0
  std::vector<char32_t> values;
};

// The character semantics scikit-learn's analyzers inherit from Python: `\w` and `\s` of
// the `re` module, `str.lower()` (full mappings and the Final_Sigma rule, which needs the
// Cased and Case_Ignorable properties), and its two accent strippers, both applied per
// code point: 'unicode' = NFKD without combining characters (unicodedata.combining != 0),
// 'ascii' = NFKD without non-ASCII characters. Ranges are [first, last] pairs, flattened.
struct CharTableData {
  std::string unicode_version;  // informative ("15.0.0")
  std::vector<char32_t> word;
  std::vector<char32_t> space;
  std::vector<char32_t> cased;
  std::vector<char32_t> case_ignorable;
  CodePointMapping lower;
  CodePointMapping strip_unicode;
  CodePointMapping strip_ascii;
};

// CharTableData compiled into per-code-point tables (a few hundred KB).
// Python passes tables computed by the running interpreter, so results equal
// scikit-learn's whatever its Unicode version; C++ callers get ICU's by default.
// Thread-safe: immutable after construction.
class CharTables {
 public:
  // Throws InvalidArgument when ranges or mappings are malformed (unsorted, overlapping,
  // beyond U+10FFFF, offsets out of range).
  explicit CharTables(const CharTableData& data);
  ~CharTables();
  CharTables(const CharTables&) = delete;
  CharTables& operator=(const CharTables&) = delete;

  // The same semantics computed from ICU's character data (built once, shared).
  static std::shared_ptr<const CharTables> icu();

  const std::string& unicode_version() const noexcept;

  struct Impl;
  const Impl& impl() const noexcept { return *impl_; }

 private:
  std::unique_ptr<const Impl> impl_;
};

enum class AnalyzerKind : std::uint8_t {
  kWord,    // tokens, then word n-grams joined by a space
  kChar,    // character n-grams of the text, white space runs squeezed to one space
  kCharWb,  // character n-grams inside white-space separated words padded with a space
};

enum class StripAccents : std::uint8_t { kNone, kAscii, kUnicode };

// What entity mentions do to a document's features (see AnalyzerOptions::entities).
enum class EntityFeatures : std::uint8_t {
  kAdd,      // one more feature per mention; the words stay
  kReplace,  // the mention's feature takes the place of the words it covers
};

// An entity feature is this prefix and the entity id: "entity:MAR".
inline constexpr std::string_view kEntityFeaturePrefix = "entity:";

// "word", "char", "char_wb" / "none", "ascii", "unicode" / "add", "replace";
// InvalidArgument otherwise.
AnalyzerKind parse_analyzer_kind(std::string_view name);
StripAccents parse_strip_accents(std::string_view name);
EntityFeatures parse_entity_features(std::string_view name);

struct AnalyzerOptions {
  AnalyzerKind kind = AnalyzerKind::kWord;
  // Python's str.lower() on the whole document, then accent stripping (scikit-learn's
  // preprocessor). Ignored with a tokenizer: its norms decide case.
  bool lowercase = true;
  StripAccents strip_accents = StripAccents::kNone;
  // Word tokens are maximal runs of `\w` characters at least this long: 2 is
  // scikit-learn's token_pattern r"(?u)\b\w\w+\b", 1 is r"(?u)\b\w+\b".
  std::uint32_t min_token_length = 2;
  // Word analyzer: tokens equal to one of these (after preprocessing) are dropped before
  // n-grams are formed.
  std::vector<std::string> stop_words;
  std::uint32_t ngram_min = 1;
  std::uint32_t ngram_max = 1;
  // Character semantics; null means CharTables::icu().
  std::shared_ptr<const CharTables> tables;
  // When set (word analyzer only), tokens are this tokenizer's norms instead: words,
  // numbers, URLs, e-mails, mentions, hashtags and emoji (punctuation and symbols are
  // dropped), without the tokenizer's stop words; strip_accents then applies to each norm.
  std::shared_ptr<const Tokenizer> tokenizer;
  // When set, each mention this matcher finds in a document (leftmost-longest) becomes the
  // feature kEntityFeaturePrefix + entity id. kAdd appends them to the document's features
  // (any analyzer); kReplace (word analyzer) drops the words a mention overlaps and puts
  // its feature in their place, so word n-grams run across it.
  std::shared_ptr<const EntityMatcher> entities;
  EntityFeatures entity_features = EntityFeatures::kAdd;
};

// Turns one document into its features, as scikit-learn's build_analyzer() does.
// Thread-safe: analyze() is const.
class Analyzer {
 public:
  // Throws InvalidArgument for bad options (ngram_min < 1 or > ngram_max, a tokenizer or
  // kReplace entity features with a char analyzer, min_token_length 0).
  explicit Analyzer(AnalyzerOptions options = {});
  ~Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  const AnalyzerOptions& options() const noexcept;

  // The features of `text` in scikit-learn's order (all 1-grams, then 2-grams, ...), as
  // UTF-8 (lone surrogates from Latin-1/UCS input encoded as 3-byte sequences, as
  // Python's "surrogatepass"). Throws InvalidUtf8 for ill-formed UTF-8 input.
  std::vector<std::string> analyze(TextView text) const;

  struct Impl;
  const Impl& impl() const noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsnlp
