// Language data for the tokenizer's news rules: elisions, clitics, abbreviations.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace newsnlp {
struct TokenizerOptions;
}

namespace newsnlp::detail {

struct LangRules {
  bool split_elisions = false;
  bool split_clitics = false;
  // True when `prefix` (any case) elides before an apostrophe: "l", "Qu", "jusqu".
  // A few compares of packed integers: it runs for every word with an apostrophe.
  bool is_elision(std::string_view prefix) const noexcept;
  // Lower-case pronouns split off a verb: "il", "t", "ce", "moi".
  std::unordered_set<std::string> clitics;
  // Lower-case compounds that look like verb + clitic but are words: "rendez-vous".
  std::unordered_set<std::string> clitic_exceptions;
  // Abbreviations (without dot, case as written) that keep their dot and never end a
  // sentence: titles such as "M", "Dr", "Mr".
  std::unordered_set<std::string> titles;
  // Abbreviations that keep their dot but may end a sentence: "etc", "cf", "Inc".
  std::unordered_set<std::string> abbreviations;

  // Lookups in titles and abbreviations that hash only words short enough to be there.
  bool is_title(std::string_view word) const;
  bool is_abbreviation(std::string_view word) const;

  // Throws InvalidArgument for an unknown options.lang.
  static LangRules for_options(const TokenizerOptions& options);

  // Languages the tokenizer knows: "ar", "en", "fr", "xx".
  static bool is_known_language(std::string_view lang) noexcept;

  // Longest elided prefix, in bytes ("quelqu").
  static constexpr std::size_t kMaxElision = 6;
  // Longest clitic, in bytes ("elles").
  static constexpr std::size_t kMaxClitic = 5;

 private:
  std::vector<std::uint64_t> elisions_;  // lower-case ASCII prefixes, packed by pack()
  std::size_t longest_abbreviation_ = 0;   // in bytes, over titles and abbreviations
  // Titles and abbreviations of up to 8 bytes as (length, detail::short_key), sorted: a
  // lookup (once per word before a dot) without hashing or allocating.
  using ShortKey = std::pair<std::size_t, std::uint64_t>;
  std::vector<ShortKey> short_titles_, short_abbreviations_;
  static std::vector<ShortKey> short_keys(const std::unordered_set<std::string>& words);
  bool contains(const std::vector<ShortKey>& keys, const std::unordered_set<std::string>& words,
                std::string_view word) const;
};

}  // namespace newsnlp::detail
