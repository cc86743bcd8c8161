#include "newsnlp/stop_words.hpp"

#include <cstddef>
#include <iterator>

#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

// Each list is sorted by byte value with no duplicates (checked at compile time below), so
// callers can binary-search it. Words are norms: see stop_words.hpp.

// Arabic function words: prepositions, pronouns (free and suffixed to common prepositions),
// demonstratives, relatives, particles, kana and its sisters, and a few frequent forms with
// the conjunction wa/fa attached. Frequent variant spellings are included too: alef maqsura
// for final ya (فى, التى, الذى) and ya for alef maqsura (الي).
constexpr std::string_view kArabic[] = {
  "اثناء", "اذ", "اذا", "اذن", "ازاء", "اصبح", "اقل", "اكثر", "الا", "الان", "التى", "التي",
  "الذى", "الذي", "الذين", "اللاتي", "اللتان", "اللتين", "اللذان", "اللذين", "اللواتي",
  "الى", "الي", "اليه", "اليها", "اليهم", "ام", "اما", "امام", "ان", "انا", "انت", "انتم",
  "انتما", "انتن", "انما", "انه", "انها", "انهم", "او", "اولئك", "اي", "اية", "ايضا", "اين",
  "ايها", "بات", "باتت", "بعد", "بعض", "بل", "بما", "به", "بها", "بهم", "بين", "بينما",
  "تجاه", "تحت", "تكون", "تلك", "تم", "ثم", "ثمة", "جدا", "جراء", "جميع", "حتى", "حسب",
  "حوالي", "حول", "حيث", "حين", "حينما", "خلال", "دون", "ذات", "ذلك", "ذو", "ذي", "زال",
  "سوف", "سوى", "صار", "ضد", "ظل", "عبر", "عدة", "على", "عليه", "عليها", "عليهم", "عما",
  "عن", "عند", "عندما", "عنه", "عنها", "عنهم", "غير", "فان", "فقد", "فقط", "فلا", "فوق",
  "فى", "في", "فيما", "فيه", "فيها", "فيهم", "قبل", "قد", "كان", "كانا", "كانت", "كانوا",
  "كذلك", "كل", "كلا", "كلما", "كم", "كما", "كي", "كيف", "لا", "لان", "لايزال", "لدى",
  "لذا", "لذلك", "لقد", "لكن", "لكنه", "لكي", "لم", "لما", "لماذا", "لن", "له", "لها",
  "لهم", "لهما", "لو", "لولا", "ليس", "ليست", "ليسوا", "ما", "ماذا", "مازال", "متى", "مثل",
  "مع", "معا", "معه", "معها", "معهم", "مما", "ممن", "من", "منذ", "منه", "منها", "منهم",
  "نحن", "نحو", "نفس", "هؤلاء", "هاتان", "هاتين", "هذا", "هذان", "هذه", "هذين", "هكذا",
  "هل", "هم", "هما", "هن", "هنا", "هناك", "هنالك", "هو", "هي", "والى", "وان", "وبعد",
  "وبين", "وذلك", "وراء", "وعلى", "وعن", "وفق", "وفقا", "وفي", "وقبل", "وقد", "وكان",
  "وكانت", "وكل", "ولا", "ولكن", "ولم", "ولن", "وما", "ومع", "ومن", "وهذا", "وهذه", "وهم",
  "وهو", "وهي", "يا", "يتم", "يكن", "يكون", "يكونوا",
};

// scikit-learn's ENGLISH_STOP_WORDS (sklearn/feature_extraction/_stop_words.py, from the
// Glasgow Information Retrieval Group list), sorted. Keep it identical to scikit-learn.
constexpr std::string_view kEnglish[] = {
  "a", "about", "above", "across", "after", "afterwards", "again", "against", "all",
  "almost", "alone", "along", "already", "also", "although", "always", "am", "among",
  "amongst", "amoungst", "amount", "an", "and", "another", "any", "anyhow", "anyone",
  "anything", "anyway", "anywhere", "are", "around", "as", "at", "back", "be", "became",
  "because", "become", "becomes", "becoming", "been", "before", "beforehand", "behind",
  "being", "below", "beside", "besides", "between", "beyond", "bill", "both", "bottom",
  "but", "by", "call", "can", "cannot", "cant", "co", "con", "could", "couldnt", "cry",
  "de", "describe", "detail", "do", "done", "down", "due", "during", "each", "eg", "eight",
  "either", "eleven", "else", "elsewhere", "empty", "enough", "etc", "even", "ever",
  "every", "everyone", "everything", "everywhere", "except", "few", "fifteen", "fifty",
  "fill", "find", "fire", "first", "five", "for", "former", "formerly", "forty", "found",
  "four", "from", "front", "full", "further", "get", "give", "go", "had", "has", "hasnt",
  "have", "he", "hence", "her", "here", "hereafter", "hereby", "herein", "hereupon", "hers",
  "herself", "him", "himself", "his", "how", "however", "hundred", "i", "ie", "if", "in",
  "inc", "indeed", "interest", "into", "is", "it", "its", "itself", "keep", "last",
  "latter", "latterly", "least", "less", "ltd", "made", "many", "may", "me", "meanwhile",
  "might", "mill", "mine", "more", "moreover", "most", "mostly", "move", "much", "must",
  "my", "myself", "name", "namely", "neither", "never", "nevertheless", "next", "nine",
  "no", "nobody", "none", "noone", "nor", "not", "nothing", "now", "nowhere", "of", "off",
  "often", "on", "once", "one", "only", "onto", "or", "other", "others", "otherwise", "our",
  "ours", "ourselves", "out", "over", "own", "part", "per", "perhaps", "please", "put",
  "rather", "re", "same", "see", "seem", "seemed", "seeming", "seems", "serious", "several",
  "she", "should", "show", "side", "since", "sincere", "six", "sixty", "so", "some",
  "somehow", "someone", "something", "sometime", "sometimes", "somewhere", "still", "such",
  "system", "take", "ten", "than", "that", "the", "their", "them", "themselves", "then",
  "thence", "there", "thereafter", "thereby", "therefore", "therein", "thereupon", "these",
  "they", "thick", "thin", "third", "this", "those", "though", "three", "through",
  "throughout", "thru", "thus", "to", "together", "too", "top", "toward", "towards",
  "twelve", "twenty", "two", "un", "under", "until", "up", "upon", "us", "very", "via",
  "was", "we", "well", "were", "what", "whatever", "when", "whence", "whenever", "where",
  "whereafter", "whereas", "whereby", "wherein", "whereupon", "wherever", "whether",
  "which", "while", "whither", "who", "whoever", "whole", "whom", "whose", "why", "will",
  "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself",
  "yourselves",
};

// French function words: articles, pronouns, prepositions, conjunctions, all simple forms
// of the auxiliaries être and avoir, and elided forms (l', d', qu', jusqu', lorsqu', ...).
constexpr std::string_view kFrench[] = {
  "a", "afin", "ai", "aie", "aient", "aies", "ait", "alors", "as", "au", "aucun", "aucune",
  "auquel", "aura", "aurai", "auraient", "aurais", "aurait", "auras", "aurez", "auriez",
  "aurions", "aurons", "auront", "aussi", "autre", "autres", "aux", "auxquelles",
  "auxquels", "avaient", "avais", "avait", "avant", "avec", "avez", "aviez", "avions",
  "avoir", "avons", "ayant", "ayez", "ayons", "c'", "car", "ce", "ceci", "cela", "celle",
  "celles", "celui", "cependant", "certain", "certaine", "certaines", "certains", "ces",
  "cet", "cette", "ceux", "chacun", "chacune", "chaque", "chez", "ci", "comme", "comment",
  "contre", "d'", "dans", "de", "depuis", "des", "desquelles", "desquels", "donc", "dont",
  "du", "duquel", "durant", "dès", "elle", "elles", "en", "encore", "entre", "envers", "es",
  "est", "et", "eu", "eue", "eues", "eurent", "eus", "eusse", "eussent", "eusses",
  "eussiez", "eussions", "eut", "eux", "eûmes", "eût", "eûtes", "furent", "fus", "fusse",
  "fussent", "fusses", "fussiez", "fussions", "fut", "fûmes", "fût", "fûtes", "hormis",
  "ici", "il", "ils", "j'", "je", "jusqu'", "jusque", "l'", "la", "laquelle", "le",
  "lequel", "les", "lesquelles", "lesquels", "leur", "leurs", "lors", "lorsqu'", "lorsque",
  "lui", "m'", "m.", "ma", "mais", "malgré", "me", "mes", "mlle", "mlles", "mm.", "mme",
  "mmes", "moi", "mon", "même", "mêmes", "n'",
  "ne", "ni", "non", "nos", "notre", "nous", "nôtre", "nôtres", "on", "ont", "or", "ou",
  "outre", "où", "par", "parce", "parmi", "pas", "pendant", "peu", "plus", "plusieurs",
  "plutôt", "pour", "pourquoi", "presqu'", "puis", "puisqu'", "puisque", "qu'", "quand",
  "que", "quel", "quelle", "quelles", "quelqu'", "quelque", "quelques", "quels", "qui",
  "quoi", "quoiqu'", "quoique", "s'", "sa", "sans", "sauf", "se", "selon", "sera", "serai",
  "seraient", "serais", "serait", "seras", "serez", "seriez", "serions", "serons", "seront",
  "ses", "si", "sien", "sienne", "siennes", "siens", "soi", "soient", "sois", "soit",
  "sommes", "son", "sont", "sous", "soyez", "soyons", "suis", "sur", "t", "t'", "ta", "tandis",
  "tant", "te", "tel", "telle", "telles", "tels", "tes", "toi", "ton", "tous", "tout",
  "toute", "toutes", "très", "tu", "un", "une", "unes", "uns", "vers", "via", "voici",
  "voilà", "vos", "votre", "vous", "vôtre", "vôtres", "y", "à", "ça", "étaient", "étais",
  "était", "étant", "étiez", "étions", "été", "êtes", "être",
};

template <std::size_t N>
constexpr bool strictly_sorted(const std::string_view (&words)[N]) {
  for (std::size_t i = 1; i < N; ++i) {
    if (!(words[i - 1] < words[i])) return false;
  }
  return true;
}

static_assert(strictly_sorted(kArabic), "kArabic: sort by byte value, no duplicates");
static_assert(strictly_sorted(kEnglish), "kEnglish: sort by byte value, no duplicates");
static_assert(strictly_sorted(kFrench), "kFrench: sort by byte value, no duplicates");
static_assert(std::size(kEnglish) == 318, "kEnglish must match scikit-learn (318 words)");

template <std::size_t N>
std::vector<std::string> to_vector(const std::string_view (&words)[N]) {
  return std::vector<std::string>(std::begin(words), std::end(words));
}

}  // namespace

const std::vector<std::string>& builtin_stop_words(std::string_view lang) {
  // Function-local statics: built on first use, thread-safe initialization.
  if (lang == "ar") {
    static const std::vector<std::string> words = to_vector(kArabic);
    return words;
  }
  if (lang == "en") {
    static const std::vector<std::string> words = to_vector(kEnglish);
    return words;
  }
  if (lang == "fr") {
    static const std::vector<std::string> words = to_vector(kFrench);
    return words;
  }
  std::string message = "no built-in stop-word list for language \"";
  message.append(lang.data(), lang.size());
  message += "\"; known languages: ar, en, fr";
  throw InvalidArgument(message);
}

std::vector<std::string> stop_word_languages() { return {"ar", "en", "fr"}; }

}  // namespace newsnlp
