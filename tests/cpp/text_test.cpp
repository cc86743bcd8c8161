#include "newsnlp/text.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unicode/utf8.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "detail/utf8.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// ---------------------------------------------------------------------------------------
// UTF-8

TEST(Text, Utf8AcceptsWellFormedText) {
  const std::string cases[] = {
      "",
      "plain ASCII longer than one 8-byte word",
      std::string("NUL\0inside", 10),
      "\xC2\x80 \xDF\xBF \xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80 \xEF\xBF\xBF",  // edges
      "\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF",  // U+10000, U+10FFFF
      "Élysée « l’État » — ٱلْعَرَبِيَّة 👨‍👩‍👧",
  };
  for (const std::string& text : cases) {
    EXPECT_EQ(find_invalid_utf8(text), std::string_view::npos) << text;
    EXPECT_NO_THROW(validate_utf8(text));
    EXPECT_EQ(repair_utf8(text), text);
  }
}

TEST(Text, Utf8RejectsEachIllFormedClass) {
  struct Case {
    std::string bytes;
    const char* why;  // part of the message
  };
  std::vector<Case> cases = {
      {"\xC0\xAF", "overlong"},         {"\xC1\xBF", "overlong"},
      {"\xE0\x80\xAF", "overlong"},     {"\xE0\x9F\xBF", "overlong"},
      {"\xF0\x8F\xBF\xBF", "overlong"}, {"\xED\xA0\x80", "surrogate"},
      {"\xED\xBF\xBF", "surrogate"},    {"\xF4\x90\x80\x80", "above U+10FFFF"},
      {"\x80", "continuation"},         {"\xBF", "continuation"},
      {"\xC3", "truncated"},            {"\xE2\x82", "truncated"},
      {"\xF0\x9F\x98", "truncated"},    {"\xC3\x28", "expected a continuation"},
      {"\xE2\x28\xA1", "expected a continuation"},
  };
  for (int byte = 0xF5; byte <= 0xFF; ++byte) {
    cases.push_back({std::string(1, static_cast<char>(byte)) + "a", "never occur"});
  }
  // At offsets 0, 3 (byte loop) and 20 (after 8-byte ASCII words and a 2-byte letter),
  // followed by valid text unless the case is a truncation at the end.
  for (const std::string prefix : {"", "abc", "Ça va, très bien !"}) {
    for (const Case& c : cases) {
      const bool at_end = std::string(c.why) == "truncated";
      const std::string text = prefix + c.bytes + (at_end ? "" : "xyz");
      SCOPED_TRACE(text);
      EXPECT_EQ(find_invalid_utf8(text), prefix.size());
      try {
        validate_utf8(text);
        ADD_FAILURE() << "no exception";
      } catch (const InvalidUtf8& e) {
        EXPECT_EQ(e.byte_offset(), prefix.size());
        EXPECT_EQ(e.document(), -1);
        EXPECT_NE(std::string(e.what()).find(c.why), std::string::npos) << e.what();
      }
    }
  }
}

TEST(Text, ValidateUtf8NamesOffsetAndBytes) {
  const std::string text = "Le gouvernement \xC3\x28 a dit";
  try {
    validate_utf8(text);
    FAIL() << "no exception";
  } catch (const InvalidArgument& e) {  // InvalidUtf8 is an InvalidArgument
    ASSERT_NE(dynamic_cast<const InvalidUtf8*>(&e), nullptr);
    EXPECT_EQ(dynamic_cast<const InvalidUtf8&>(e).byte_offset(), 16u);
    EXPECT_EQ(std::string(e.what()).rfind("invalid UTF-8 at byte 16 (0xC3 0x28): ", 0), 0u)
        << e.what();
  }
  EXPECT_THROW(validate_utf8("\xED\xA0\x80"), InvalidUtf8);
}

TEST(Text, ValidateUtf8RejectsTextsOver4GiB) {
  // Reserve address space without touching it: only the size is looked at.
  const std::size_t size = kMaxTextBytes + 1;
  void* data = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (data == MAP_FAILED) GTEST_SKIP() << "cannot reserve 4 GiB of address space";
  const std::string_view huge(static_cast<const char*>(data), size);
  try {
    validate_utf8(huge);
    ADD_FAILURE() << "no exception";
  } catch (const InvalidUtf8&) {
    ADD_FAILURE() << "expected InvalidArgument, not InvalidUtf8";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("kMaxTextBytes"), std::string::npos) << e.what();
  }
  munmap(data, size);
}

TEST(Text, RepairUtf8MatchesPythonDecodeReplace) {
  // Expected values from Python 3: bytes.decode("utf-8", "replace").
  const std::string r = kReplacement;
  const std::pair<std::string, std::string> cases[] = {
      {"\xE2\x82", r},
      {"\xF0\x80\x80", r + r + r},
      {"\xED\xA0\x80", r + r + r},
      {"\xC0\xAF", r + r},
      {"a\x80" "b", "a" + r + "b"},
      {"\xC3\x28", r + "("},
      {"\xF4\x90\x80\x80", r + r + r + r},
      {"\xF5\x80", r + r},
      {"\xFF", r},
      {"\xE0\x80\xAF", r + r + r},
      {"\xF0\x9F\x98", r},
      {"\xF0\x9F\x98" "a", r + "a"},
      {"\xE2\x82\xAC\xE2\x82", "\xE2\x82\xAC" + r},
      {"a\xF1\x80\x80\xE1\x80\xC2" "b\x80" "c\x80\xBF" "d",
       "a" + r + r + r + "b" + r + "c" + r + r + "d"},
      {"\xED\x9F\xBF\xED\xA0", "\xED\x9F\xBF" + r + r},
      {"caf\xE9 cr\xE8me", "caf" + r + " cr" + r + "me"},
  };
  for (const auto& [bytes, expected] : cases) {
    EXPECT_EQ(repair_utf8(bytes), expected) << bytes;
    EXPECT_EQ(find_invalid_utf8(repair_utf8(bytes)), std::string_view::npos);
  }
}

// ICU's U8_NEXT also follows Table 3-7 and consumes maximal subparts (ICU >= 60).
TEST(Text, Utf8AgreesWithIcuOnRandomBytes) {
  std::mt19937 rng(20240611);
  const unsigned char interesting[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                       0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF3,
                                       0xF4, 0xF5, 0xFF};
  for (int round = 0; round < 20000; ++round) {
    std::string bytes(rng() % 24, '\0');
    for (char& b : bytes) {
      b = static_cast<char>(rng() % 2 ? interesting[rng() % sizeof interesting] : rng() % 256);
    }
    std::string expected;
    std::size_t first_bad = std::string_view::npos;
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const int32_t length = static_cast<int32_t>(bytes.size());
    for (int32_t i = 0; i < length;) {
      const int32_t start = i;
      UChar32 c;
      U8_NEXT(s, i, length, c);
      if (c < 0) {
        if (first_bad == std::string_view::npos) first_bad = static_cast<std::size_t>(start);
        expected += kReplacement;
      } else {
        expected.append(bytes, static_cast<std::size_t>(start),
                        static_cast<std::size_t>(i - start));
      }
    }
    ASSERT_EQ(find_invalid_utf8(bytes), first_bad) << ::testing::PrintToString(bytes);
    ASSERT_EQ(repair_utf8(bytes), expected) << ::testing::PrintToString(bytes);
  }
}

TEST(Text, Utf8HelpersRoundTripEveryScalarValue) {
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string encoded;
    detail::append_utf8(encoded, cp);
    uint8_t icu[4];
    int32_t icu_length = 0;
    UBool error = false;
    U8_APPEND(icu, icu_length, 4, static_cast<UChar32>(cp), error);
    ASSERT_FALSE(error);
    ASSERT_EQ(encoded, std::string(reinterpret_cast<const char*>(icu), icu_length)) << cp;
    char32_t decoded = 0;
    ASSERT_EQ(detail::decode_utf8(encoded.data(), encoded.data() + encoded.size(), decoded),
              static_cast<int>(encoded.size()));
    ASSERT_EQ(decoded, cp);
  }
  char32_t cp = 0;  // a truncated sequence is never read past its end
  const char truncated[] = "\xE2\x82";
  EXPECT_EQ(detail::decode_utf8(truncated, truncated + 2, cp), 1);
}

// ---------------------------------------------------------------------------------------
// Normalization: behaviour

NormOptions with_accents() {
  NormOptions options;
  options.fold_accents = true;
  return options;
}

TEST(Text, NormalizesLatinNewsText) {
  const TextNormalizer lower;
  const TextNormalizer folded(with_accents());
  EXPECT_EQ(lower.normalize("État"), "état");
  EXPECT_EQ(folded.normalize("État"), "etat");
  EXPECT_EQ(folded.normalize("ÉTATS-UNIS"), "etats-unis");
  EXPECT_EQ(lower.normalize("Straße"), "strasse");
  EXPECT_EQ(lower.normalize("STRASSE"), "strasse");
  EXPECT_EQ(lower.normalize("l’"), "l'");
  EXPECT_EQ(lower.normalize("aujourd‘hui"), "aujourd'hui");
  EXPECT_EQ(lower.normalize("«"), "\"");
  EXPECT_EQ(lower.normalize("»“”„‹›"), "\"\"\"\"\"\"");
  EXPECT_EQ(lower.normalize("–"), "-");
  EXPECT_EQ(lower.normalize("‐‑‒—―−"), "------");
  EXPECT_EQ(lower.normalize("´ʼ`′"), "''''");
  EXPECT_EQ(lower.normalize("ﬁn"), "fin");
  EXPECT_EQ(lower.normalize("Ａ"), "a");
  EXPECT_EQ(lower.normalize("ＡＦＰ２０２４"), "afp2024");
  EXPECT_EQ(lower.normalize("e\u0301te\u0301"), "été");  // decomposed input
  EXPECT_EQ(folded.normalize("e\u0301te\u0301"), "ete");
  // Case folding has no final sigma.
  EXPECT_EQ(lower.normalize("ΟΔΥΣΣΕΥΣ"), "οδυσσευσ");
  EXPECT_EQ(lower.normalize("Οδυσσεύς"), "οδυσσεύσ");
}

TEST(Text, FoldsAccentLettersThatDoNotDecompose) {
  const TextNormalizer folded(with_accents());
  EXPECT_EQ(folded.normalize("Łódź"), "lodz");
  EXPECT_EQ(folded.normalize("cœur"), "coeur");
  EXPECT_EQ(folded.normalize("ÆØÅ"), "aeoa");
  EXPECT_EQ(folded.normalize("đħıþð"), "dhithd");
  EXPECT_EQ(folded.normalize("Ελλάδα"), "ελλαδα");
  EXPECT_EQ(folded.normalize("Ёлка"), "елка");
  NormOptions keep_case = with_accents();
  keep_case.lowercase = false;
  const TextNormalizer cased(keep_case);
  EXPECT_EQ(cased.normalize("Łódź"), "Lodz");
  EXPECT_EQ(cased.normalize("ŒUVRE Æ Ø Þ"), "OEUVRE AE O TH");
  EXPECT_EQ(cased.normalize("Straße"), "Straße");  // ß is a letter, not an accent
}

TEST(Text, AccentFoldingKeepsNonLatinMarks) {
  NormOptions options = with_accents();
  options.fold_arabic = false;
  const TextNormalizer folded(options);
  NormOptions plain_options;
  plain_options.fold_arabic = false;
  const TextNormalizer plain(plain_options);
  for (const char* text :
       {"हिन्दी", "क़", "שָׁלוֹם", "مُحَمَّد", "한국어", "1️⃣", "👍🏽"}) {
    EXPECT_EQ(folded.normalize(text), plain.normalize(text)) << text;
  }
  EXPECT_EQ(folded.normalize("שָׁלוֹם"), "שָׁלוֹם");
}

TEST(Text, NormalizesArabicNewsText) {
  const TextNormalizer arabic;
  EXPECT_EQ(arabic.normalize("أَحْمَد"), "احمد");
  EXPECT_EQ(arabic.normalize("العـــربية"), "العربية");
  EXPECT_EQ(arabic.normalize("إسلام"), "اسلام");
  EXPECT_EQ(arabic.normalize("آمنة"), "امنة");
  EXPECT_EQ(arabic.normalize("ٱلْقُرْآن"), "القران");
  EXPECT_EQ(arabic.normalize("أيضاً"), "ايضا");
  EXPECT_EQ(arabic.normalize("إنّ"), "ان");
  EXPECT_EQ(arabic.normalize("\u0627\u0654"), "\u0627");  // decomposed أ
  EXPECT_EQ(arabic.normalize("ﻷ"), "لا");                 // NFKC of a presentation form
  EXPECT_EQ(arabic.normalize("سؤال"), "سؤال");             // hamza on waw is a letter
}

TEST(Text, DropsDefaultIgnorablesAndKeepsJoiners) {
  const TextNormalizer normalizer;
  EXPECT_EQ(normalizer.normalize("inter\u00ADnational"), "international");
  EXPECT_EQ(normalizer.normalize("\uFEFFBonjour\u200B\u2060"), "bonjour");
  const std::string family = "👨\u200D👩\u200D👧";
  EXPECT_EQ(normalizer.normalize(family), family);
  EXPECT_EQ(normalizer.normalize("❤\uFE0F"), "❤\uFE0F");
  EXPECT_EQ(normalizer.normalize("می\u200Cخواهم"), "می\u200Cخواهم");
  NormOptions nothing{Normalization::kNone, false, false, false, false};
  EXPECT_EQ(TextNormalizer(nothing).normalize("a\u00ADb\u200Dc"), "ab\u200Dc");
}

TEST(Text, EachOptionOffLeavesItsStepUndone) {
  NormOptions options;
  options.lowercase = false;
  EXPECT_EQ(TextNormalizer(options).normalize("État ﬁ² l’"), "État fi2 l'");
  options = {};
  options.unify_punctuation = false;
  EXPECT_EQ(TextNormalizer(options).normalize("L’État «»–"), "l’état «»–");
  options = {};
  options.normalization = Normalization::kNFC;
  EXPECT_EQ(TextNormalizer(options).normalize("Ａ²e\u0301"), "ａ²é");
  options.normalization = Normalization::kNone;
  EXPECT_EQ(TextNormalizer(options).normalize("Ａ²e\u0301"), "ａ²e\u0301");
  options = {};
  options.fold_arabic = false;
  const std::string vocalized = "أَحْمَد العـــربية";
  EXPECT_EQ(TextNormalizer(options).normalize(vocalized), vocalized);
  options = {};  // fold_accents is off by default
  EXPECT_EQ(TextNormalizer(options).normalize("Élysée"), "élysée");
  const NormOptions nothing{Normalization::kNone, false, false, false, false};
  const std::string text = "L’État «ﬁ» Ａ أَحْمَد e\u0301";
  EXPECT_EQ(TextNormalizer(nothing).normalize(text), text);
}

TEST(Text, EmptyAndInvalidInput) {
  const TextNormalizer normalizer;
  EXPECT_EQ(normalizer.normalize(""), "");
  std::string out = "kept";
  normalizer.append_normalized("", out);
  normalizer.append_normalized("ÉTÉ", out);
  normalizer.append_normalized("Été\U0001F600", out);
  EXPECT_EQ(out, "keptétéété\U0001F600");
  EXPECT_THROW(normalizer.normalize("caf\xE9"), InvalidUtf8);
}

TEST(Text, OptionsAreKeptAndChecked) {
  const TextNormalizer normalizer(with_accents());
  EXPECT_TRUE(normalizer.options().fold_accents);
  EXPECT_EQ(normalizer.options().normalization, Normalization::kNFKC);
  TextNormalizer source(with_accents());
  TextNormalizer moved(std::move(source));
  EXPECT_EQ(moved.normalize("Été"), "ete");
  TextNormalizer assigned;
  assigned = std::move(moved);
  EXPECT_EQ(assigned.normalize("Été"), "ete");
  NormOptions bad;
  bad.normalization = static_cast<Normalization>(7);
  EXPECT_THROW(TextNormalizer{bad}, InvalidArgument);
}

// ---------------------------------------------------------------------------------------
// Normalization: the table paths equal the ICU path

// An emoji has no table entry, so a text that contains one goes through ICU; it starts
// a normalization boundary and no step changes it, so it does not change the rest.
const std::string kIcuMarker = "\U0001F600";

std::string icu_path_norm(const TextNormalizer& normalizer, const std::string& text) {
  std::string norm = normalizer.normalize(text + kIcuMarker);
  const std::size_t size = norm.size() - kIcuMarker.size();
  EXPECT_EQ(norm.substr(size), kIcuMarker);
  norm.resize(size);
  return norm;
}

std::vector<NormOptions> all_option_combinations() {
  std::vector<NormOptions> all;
  for (Normalization form : {Normalization::kNone, Normalization::kNFC, Normalization::kNFKC}) {
    for (int bits = 0; bits < 16; ++bits) {
      all.push_back({form, (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0});
    }
  }
  return all;
}

std::string describe(const NormOptions& o) {
  return "form=" + std::to_string(static_cast<int>(o.normalization)) +
         " lowercase=" + std::to_string(o.lowercase) + " accents=" +
         std::to_string(o.fold_accents) + " punct=" + std::to_string(o.unify_punctuation) +
         " arabic=" + std::to_string(o.fold_arabic);
}

TEST(Text, TableMatchesIcuForEveryCodePointOfItsBlocks) {
  // The table covers blocks U+0000-08FF, U+1E00-21FF and U+FB00-FFFF; the ranges tested
  // here go wider so that a change of those blocks stays covered.
  std::vector<std::string> singles;
  for (char32_t cp = 0; cp < 0x10000; ++cp) {
    const bool tested = cp < 0x0900 || (cp >= 0x1D00 && cp < 0x2200) || cp >= 0xFB00;
    if (!tested) continue;
    std::string text;
    detail::append_utf8(text, cp);
    singles.push_back(text);
  }
  for (const NormOptions& options : all_option_combinations()) {
    const TextNormalizer normalizer(options);
    int mismatches = 0;
    for (const std::string& text : singles) {
      const std::string fast = normalizer.normalize(text);
      const std::string slow = icu_path_norm(normalizer, text);
      if (fast != slow && ++mismatches <= 5) {
        ADD_FAILURE() << describe(options) << ": " << ::testing::PrintToString(text) << " -> "
                      << ::testing::PrintToString(fast) << " vs ICU "
                      << ::testing::PrintToString(slow);
      }
    }
    EXPECT_EQ(mismatches, 0) << describe(options);
  }
}

TEST(Text, TableMatchesIcuOnRandomMixes) {
  // Code points with and without table entries, chosen for how they interact: combining
  // marks that reorder or compose, Hangul jamo, Arabic tashkeel and hamza, ligatures,
  // full-width letters, Greek sigma and iota subscript, case folds that decompose.
  const char32_t pool[] = {
      U'a', U'e', U'i', U'o', U'A', U'E', U'I', U's', U'j', U'1', U'-', U'\'', U'`',
      0x00E9, 0x00C9, 0x00DF, 0x00F8, 0x0153, 0x0130, 0x01F0, 0x00B4, 0x00AD, 0x0149,
      0x0301, 0x0300, 0x0308, 0x0323, 0x0327, 0x0345, 0x0338, 0x20E3, 0x1AB0,
      0x1100, 0x1161, 0x11A8, 0xAC00,
      0x0627, 0x0644, 0x0645, 0x0648, 0x064A, 0x0640, 0x064B, 0x064E, 0x0651, 0x0652,
      0x0653, 0x0654, 0x0655, 0x0670, 0x0622, 0x0623, 0x0671, 0x06D2, 0x06C1,
      0xFEF7, 0xFE70, 0xFC5E, 0xFDFA, 0xFB01, 0xFB03, 0xFF21, 0xFF41, 0xFF40, 0xFF02,
      0x03A3, 0x03C2, 0x03C3, 0x0390, 0x1FB3, 0x1FEF, 0x1FFD, 0x1E9E, 0x1E9B,
      0x05D0, 0x05B7, 0x05BC, 0x0915, 0x093C, 0x0B47, 0x0B3E,
      0x2019, 0x00AB, 0x2014, 0x2033, 0x200D, 0x200C, 0x200B, 0xFE0F, 0xFE58,
  };
  std::mt19937 rng(7);
  std::vector<std::string> texts;
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    for (int n = 1 + static_cast<int>(rng() % 8); n > 0; --n) {
      detail::append_utf8(text, pool[rng() % (sizeof pool / sizeof pool[0])]);
    }
    texts.push_back(text);
  }
  // And any code points of the table blocks.
  const char32_t ranges[][2] = {{0x0000, 0x0900}, {0x1E00, 0x2200}, {0xFB00, 0x10000}};
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    for (int n = 1 + static_cast<int>(rng() % 8); n > 0; --n) {
      const auto& range = ranges[rng() % 3];
      detail::append_utf8(text, range[0] + static_cast<char32_t>(rng() % (range[1] - range[0])));
    }
    texts.push_back(text);
  }
  for (const NormOptions& options : all_option_combinations()) {
    const TextNormalizer normalizer(options);
    for (const std::string& text : texts) {
      ASSERT_EQ(normalizer.normalize(text), icu_path_norm(normalizer, text))
          << describe(options) << ": " << ::testing::PrintToString(text);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Timing printouts

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(Text, ConstructionTime) {
  for (const NormOptions& options : {NormOptions{}, with_accents()}) {
    const auto start = std::chrono::steady_clock::now();
    const TextNormalizer normalizer(options);
    std::printf("[   TIME   ] TextNormalizer(%s) built in %.2f ms\n", describe(options).c_str(),
                seconds_since(start) * 1e3);
    EXPECT_EQ(normalizer.normalize("État"), options.fold_accents ? "etat" : "état");
  }
}

// Words of a news corpus: runs of bytes other than ASCII spaces and punctuation (JSON
// syntax included), so that non-ASCII punctuation stays attached as in raw tokens.
std::vector<std::string> corpus_words(const std::string& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::string data(max_bytes, '\0');
  in.read(&data[0], static_cast<std::streamsize>(max_bytes));
  data.resize(static_cast<std::size_t>(in.gcount()));
  std::vector<std::string> words;
  std::string word;
  for (const char c : data) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80 || std::isalnum(b) || b == '\'' || b == '-') {
      word += c;
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  return words;
}

TEST(Text, NormalizationThroughputOnNewsCorpora) {
  const std::string corpora[] = {
      NEWSNLP_SHARED_DATA "/orangesum_fr/orangesum_fr.jsonl",
      NEWSNLP_SHARED_DATA "/saudinewsnet_ar/saudinewsnet_ar_sample.jsonl",
  };
  for (const std::string& path : corpora) {
    const std::vector<std::string> words = corpus_words(path, 8u << 20);
    if (words.empty()) GTEST_SKIP() << "missing " << path;
    for (const NormOptions& options : {NormOptions{}, with_accents()}) {
      const TextNormalizer normalizer(options);
      std::size_t bytes = 0;
      std::string out;
      const auto start = std::chrono::steady_clock::now();
      for (int pass = 0; pass < 3; ++pass) {
        for (const std::string& word : words) {
          out.clear();
          normalizer.append_normalized(word, out);
          bytes += word.size();
        }
      }
      const double seconds = seconds_since(start);
      std::printf("[   TIME   ] %s, %s: %zu words, %.0f MB/s\n",
                  path.substr(path.rfind('/') + 1).c_str(), describe(options).c_str(),
                  words.size(), static_cast<double>(bytes) / seconds / 1e6);
      // Real words through both paths agree.
      std::unordered_set<std::string> seen;
      for (const std::string& word : words) {
        if (seen.size() == 5000) break;
        if (seen.insert(word).second) {
          ASSERT_EQ(normalizer.normalize(word), icu_path_norm(normalizer, word)) << word;
        }
      }
    }
  }
}

}  // namespace
}  // namespace newsnlp
