#include "detail/lang_rules.hpp"

#include <algorithm>
#include <initializer_list>

#include "detail/short_key.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/tokenizer.hpp"

namespace newsnlp::detail {
namespace {

using Words = std::initializer_list<const char*>;

const Words kFrenchElisions = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu",
                               "lorsqu", "puisqu", "quoiqu", "presqu", "quelqu"};
// Italian articulated prepositions; in the multilingual mode only.
const Words kItalianElisions = {"dell", "all", "nell", "sull", "dall", "coll", "quell",
                                "quest", "un"};
const Words kFrenchClitics = {"je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles",
                              "ce", "le", "la", "les", "lui", "leur", "moi", "toi", "y", "en",
                              "t"};
const Words kCliticExceptions = {"rendez-vous", "rendez-vous-le"};
const Words kFrenchTitles = {"M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Pr", "Me",
                             "Mgr", "St", "Ste", "Gal", "Gén", "Col", "Cdt", "Lt"};
const Words kEnglishTitles = {"Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen",
                              "Col", "Lt", "Sgt", "Capt", "Cmdr", "Adm", "Rev", "Hon", "Pres",
                              "St", "Jr", "Sr", "Mt", "Ft"};
const Words kFrenchAbbreviations = {"etc", "cf", "av", "apr", "env", "janv", "févr", "avr",
                                    "juil", "sept", "oct", "nov", "déc", "p", "pp", "vol",
                                    "éd", "art", "al", "hab", "tél", "fig", "ex"};
const Words kEnglishAbbreviations = {"etc", "vs", "cf", "Inc", "Corp", "Co", "Ltd", "No",
                                     "Nos", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
                                     "Sep", "Sept", "Oct", "Nov", "Dec", "approx", "est",
                                     "dept", "Dept", "Univ", "Ave", "Blvd"};

void add(std::unordered_set<std::string>& set, Words words) {
  for (const char* w : words) set.emplace(w);
}

// Up to 8 ASCII bytes, lower-cased, as one integer; 0 for anything else.
std::uint64_t pack(std::string_view word) {
  if (word.empty() || word.size() > 8) return 0;
  std::uint64_t packed = 0;
  for (const char c : word) {
    if (static_cast<unsigned char>(c) >= 0x80) return 0;
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    packed = packed << 8 | static_cast<unsigned char>(lower);
  }
  return packed;
}

void add_elisions(std::vector<std::uint64_t>& packed, Words words) {
  for (const char* w : words) packed.push_back(pack(w));
}

}  // namespace

bool LangRules::is_elision(std::string_view prefix) const noexcept {
  if (prefix.size() > kMaxElision) return false;
  const std::uint64_t packed = pack(prefix);
  return packed != 0 && std::find(elisions_.begin(), elisions_.end(), packed) != elisions_.end();
}

bool LangRules::is_known_language(std::string_view lang) noexcept {
  return lang == "xx" || lang == "fr" || lang == "en" || lang == "ar";
}

LangRules LangRules::for_options(const TokenizerOptions& options) {
  const std::string& lang = options.lang;
  if (!is_known_language(lang)) {
    throw InvalidArgument("unknown language '" + lang +
                          "' (known: 'fr', 'en', 'ar', or 'xx' for multilingual text)");
  }
  LangRules rules;
  const bool french = lang == "fr" || lang == "xx";
  const bool english = lang == "en" || lang == "xx";
  rules.split_elisions = options.split_elisions && french;
  rules.split_clitics = options.split_clitics && french;
  if (french) {
    add_elisions(rules.elisions_, kFrenchElisions);
    add(rules.clitics, kFrenchClitics);
    add(rules.clitic_exceptions, kCliticExceptions);
    add(rules.titles, kFrenchTitles);
    add(rules.abbreviations, kFrenchAbbreviations);
  }
  if (lang == "xx") add_elisions(rules.elisions_, kItalianElisions);
  if (english) {
    add(rules.titles, kEnglishTitles);
    add(rules.abbreviations, kEnglishAbbreviations);
  }
  for (const std::string& a : options.abbreviations) {
    std::string word = a;
    if (!word.empty() && word.back() == '.') word.pop_back();
    if (word.empty()) throw InvalidArgument("abbreviations must not be empty strings");
    rules.titles.insert(std::move(word));
  }
  for (const auto* set : {&rules.titles, &rules.abbreviations}) {
    for (const std::string& word : *set) {
      rules.longest_abbreviation_ = std::max(rules.longest_abbreviation_, word.size());
    }
  }
  rules.short_titles_ = short_keys(rules.titles);
  rules.short_abbreviations_ = short_keys(rules.abbreviations);
  return rules;
}

std::vector<LangRules::ShortKey> LangRules::short_keys(const std::unordered_set<std::string>& words) {
  std::vector<ShortKey> keys;
  for (const std::string& w : words) {
    if (w.size() <= kShortKeyMaxBytes) keys.emplace_back(w.size(), short_key(w));
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

bool LangRules::contains(const std::vector<ShortKey>& keys, const std::unordered_set<std::string>& words,
                         std::string_view word) const {
  if (word.size() > longest_abbreviation_) return false;  // most words
  if (word.size() > kShortKeyMaxBytes) return words.count(std::string(word)) > 0;
  return std::binary_search(keys.begin(), keys.end(), ShortKey(word.size(), short_key(word)));
}

bool LangRules::is_title(std::string_view word) const {
  return contains(short_titles_, titles, word);
}

bool LangRules::is_abbreviation(std::string_view word) const {
  return contains(short_abbreviations_, abbreviations, word);
}

}  // namespace newsnlp::detail
