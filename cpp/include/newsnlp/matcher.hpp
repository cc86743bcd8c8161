// Finds the entities of a gazetteer in text, on token boundaries, over token norms.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsnlp/gazetteer.hpp"
#include "newsnlp/limits.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp {

enum class MatchMode : std::uint8_t {
  kLongest,      // leftmost-longest, non-overlapping: what a reader would underline
  kOverlapping,  // every alias occurrence, nested and overlapping ones included
};

// What happens to an alias that consists of stop words only ("de", "of", "la", "The").
enum class StopWordAliases : std::uint8_t { kSkip, kCapitalized, kKeep };

// Decides how each kAuto alias matches, or whether it is skipped. Aliases with an explicit
// AliasCase are kept as given (unless empty or too long). In this order, for kAuto:
//  1. acronyms (at least two capital letters, no small letter: "US", "EI", "U.S.", "OTAN")
//     match with exact case when exact_case_acronyms;
//  2. aliases made of stop words of the tokenizer's languages follow `stop_words`;
//  3. aliases shorter than min_length code points are skipped ("of", "بن"); white space is
//     not counted and wide characters count twice, so "中国" (2 ideographs) is kept;
//  4. aliases with cased letters of at most exact_case_max_length code points match with
//     exact case ("Fès" matches "Fès" and "Fes", not "FÈS");
//  5. with require_capitalized, or when the alias is one of common_words, words that are
//     capitalised in the alias must be capitalised in the text ("Nice", not "nice");
//  6. the rest ignores case.
struct AliasPolicy {
  StopWordAliases stop_words = StopWordAliases::kSkip;
  std::uint32_t min_length = 3;
  std::uint32_t exact_case_max_length = 3;
  bool exact_case_acronyms = true;
  bool require_capitalized = false;
  std::vector<std::string> common_words;
};

struct MatcherOptions {
  // Segmentation options (language, elisions, clitics, stop words, abbreviations). Its
  // `norm` is not used for matching: see EntityMatcher.
  TokenizerOptions tokenizer;
  // Matching ignores accents ("Etats-Unis" == "États-Unis"); off, only case is ignored.
  bool fold_accents = true;
  AliasPolicy policy;
};

// One occurrence of one entity. An alias shared by several entities gives one Mention per
// entity, with the same span, next to each other in entity order.
struct Mention {
  ByteSpan span;                  // bytes of the original text
  std::uint32_t token_begin = 0;  // the tokens [token_begin, token_end) of the Doc
  std::uint32_t token_end = 0;
  std::uint32_t entity = 0;       // index into the matcher's entities (id(), name(), type())
};

enum class SkipReason : std::uint8_t {
  kEmpty,     // no token at all (white space)
  kTooLong,   // more than kMaxAliasTokens tokens
  kStopWord,  // stop words only (AliasPolicy::stop_words == kSkip)
  kTooShort,  // fewer than AliasPolicy::min_length code points
};
// "empty", "too_long", "stop_word", "too_short".
const char* to_string(SkipReason reason) noexcept;

struct SkippedAlias {
  std::uint32_t entity = 0;
  std::string alias;
  SkipReason reason = SkipReason::kEmpty;
};

// How the aliases were compiled.
struct MatcherStats {
  std::size_t aliases = 0;        // aliases given, canonical names included
  std::size_t compiled = 0;       // distinct (token sequence, entity, case) entries
  std::size_t exact_case = 0;     // entries matching with exact case
  std::size_t capitalized = 0;    // entries requiring capitalised text
  std::size_t skipped = 0;        // aliases skipped (see skipped_aliases())
  std::size_t nodes = 0;          // trie nodes
  std::size_t vocabulary = 0;     // distinct alias token norms
};

// A gazetteer compiled into a trie over token norm ids.
//
// Text is tokenized once, with the segmentation options of MatcherOptions::tokenizer and
// the matcher's own norm options: NFKC, case folding, punctuation unified, Arabic folding
// and (fold_accents) accent folding. Aliases are tokenized the same way, so "l’État",
// "États-Unis" or "Covid-19" split as in text, and a mention always covers whole tokens:
// "Iran" never matches inside "Irancell", nor "tat" inside "l’État". Exact-case and
// capitalised aliases also compare the tokens' case (accents still fold).
//
// Memory: about 12 bytes per trie node, 8 per compiled alias, the alias token norms once,
// and the entities' ids, names and types; not the alias texts. Matching costs one hash
// lookup per token plus a short walk where an alias starts.
// Thread-safe: all methods are const; one matcher may be shared by many threads.
class EntityMatcher {
 public:
  // Compiles `gazetteer` (which may be dropped afterwards), tokenizing the aliases on
  // `n_jobs` threads. Throws InvalidArgument for bad options (unknown language, ...).
  explicit EntityMatcher(const Gazetteer& gazetteer, MatcherOptions options = {}, int n_jobs = 1);
  ~EntityMatcher();
  EntityMatcher(EntityMatcher&&) noexcept;
  EntityMatcher& operator=(EntityMatcher&&) noexcept;
  EntityMatcher(const EntityMatcher&) = delete;
  EntityMatcher& operator=(const EntityMatcher&) = delete;

  const MatcherOptions& options() const noexcept;
  // The tokenizer that makes the Docs find(const Doc&) expects.
  const Tokenizer& tokenizer() const noexcept;

  // Tokenizes `text` (InvalidUtf8 as Tokenizer::tokenize) and finds its mentions, in text
  // order (by start, then end, then entity).
  std::vector<Mention> find(std::string_view text, MatchMode mode = MatchMode::kLongest) const;
  // The mentions in a Doc made by tokenizer() (another tokenizer's norms would not match).
  std::vector<Mention> find(const Doc& doc, MatchMode mode = MatchMode::kLongest) const;
  // Appends to `out`.
  void find(const Doc& doc, MatchMode mode, std::vector<Mention>& out) const;

  // find() over many texts on n_jobs threads (-1: all cores); results in input order,
  // identical whatever n_jobs. Errors name the document index, as Tokenizer::tokenize_batch;
  // with InputCheck::kAssumeValid the caller guarantees well-formed UTF-8 (one pass saved).
  std::vector<std::vector<Mention>> find_batch(const std::vector<std::string_view>& texts,
                                               MatchMode mode = MatchMode::kLongest, int n_jobs = 1,
                                               const CancelHook& cancel = {},
                                               InputCheck check = InputCheck::kValidate) const;

  // Entities, indexed by Mention::entity, in gazetteer order.
  std::size_t entity_count() const noexcept;
  std::string_view id(std::size_t entity) const noexcept;
  std::string_view name(std::size_t entity) const noexcept;
  std::string_view type(std::size_t entity) const noexcept;

  const std::vector<SkippedAlias>& skipped_aliases() const noexcept;
  const MatcherStats& stats() const noexcept;
  // Bytes held by the compiled matcher (tokenizer tables not included).
  std::size_t memory_bytes() const noexcept;

  // The model file (see serialize.hpp), and back. from_bytes/load throw IoError naming
  // `source`/`path` for anything truncated, corrupt, foreign or from a newer version.
  std::string to_bytes() const;
  static EntityMatcher from_bytes(std::string bytes, const std::string& source = "<bytes>");
  void save(const std::string& path) const;
  static EntityMatcher load(const std::string& path);

  struct Impl;

 private:
  explicit EntityMatcher(std::unique_ptr<const Impl> impl);
  std::unique_ptr<const Impl> impl_;
};

}  // namespace newsnlp
