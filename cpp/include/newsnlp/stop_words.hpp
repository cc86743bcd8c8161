// Built-in stop-word lists for the languages of the news corpora newsnlp targets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsnlp {

// Built-in stop-word list for "fr", "en" or "ar", sorted by byte value (code point order),
// without duplicates. The words are norms as the default NormOptions produce them:
// lower-case (case-folded), NFKC, punctuation unified (French elisions end with a straight
// apostrophe: "l'", "qu'", "jusqu'"), accents kept, Arabic without tashkeel or tatweel and
// with alef variants folded to a bare alef ("الى", "ان").
// English is scikit-learn's ENGLISH_STOP_WORDS (318 words). French and Arabic are lists of
// function words: articles, pronouns, prepositions, conjunctions, auxiliaries.
// Throws InvalidArgument naming the language and the known ones otherwise.
// Thread-safe; the returned reference stays valid for the life of the program.
const std::vector<std::string>& builtin_stop_words(std::string_view lang);

// Languages that have a built-in list ("ar", "en", "fr"), sorted.
std::vector<std::string> stop_word_languages();

}  // namespace newsnlp
