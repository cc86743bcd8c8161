#include "detail/lang_rules.hpp"

#include <initializer_list>

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

}  // namespace

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
    add(rules.elisions, kFrenchElisions);
    add(rules.clitics, kFrenchClitics);
    add(rules.clitic_exceptions, kCliticExceptions);
    add(rules.titles, kFrenchTitles);
    add(rules.abbreviations, kFrenchAbbreviations);
  }
  if (lang == "xx") add(rules.elisions, kItalianElisions);
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
  return rules;
}

}  // namespace newsnlp::detail
