// Hostile input through the C++ API: every class of ill-formed UTF-8 (named by document
// and byte in batches), NUL bytes, huge tokens, many tiny documents, a gazetteer of a
// million aliases that are prefixes of each other, deeply repeated patterns, and model
// files of every kind truncated at every length or corrupted behind valid checksums.
// Each gets a clear error or a correct result, in time linear in the input (timings are
// only ever compared with each other: 1x against 16x input, with a generous factor).
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "model_samples.hpp"
#include "newsnlp/boundaries.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/gazetteer.hpp"
#include "newsnlp/hashing.hpp"
#include "newsnlp/matcher.hpp"
#include "newsnlp/tokenizer.hpp"
#include "newsnlp/vectorizer.hpp"
#include "reference/matcher_reference.hpp"

namespace newsnlp {
namespace {

// --- Ill-formed UTF-8 -----------------------------------------------------------------

struct BadBytes {
  const char* what;
  std::string bytes;
};

// One example of each way UTF-8 can be ill-formed (Unicode Table 3-7).
const std::vector<BadBytes>& bad_utf8() {
  static const std::vector<BadBytes> cases = {
      {"overlong 2-byte /", "\xC0\xAF"},
      {"overlong 2-byte C1", "\xC1\xBF"},
      {"overlong 3-byte", "\xE0\x80\xAF"},
      {"overlong 4-byte", "\xF0\x80\x80\xAF"},
      {"encoded high surrogate", "\xED\xA0\x80"},
      {"encoded low surrogate", "\xED\xBF\xBF"},
      {"surrogate pair as CESU-8", "\xED\xA0\xBD\xED\xB8\x80"},
      {"above U+10FFFF", "\xF4\x90\x80\x80"},
      {"truncated 2-byte", "\xC3 "},
      {"truncated 3-byte", "\xE2\x82 "},
      {"truncated 4-byte", "\xF0\x9F\x98 "},
      {"byte F5", "\xF5\x80\x80\x80"},
      {"byte F8", "\xF8"},
      {"byte FE", "\xFE"},
      {"byte FF", "\xFF"},
      {"stray continuation 80", "\x80"},
      {"stray continuation BF", "\xBF"},
  };
  return cases;
}

// A batch whose document 2 holds `bad` at byte 6; checks what `run` throws.
void expect_named_error(const char* api, const BadBytes& bad,
                        const std::function<void(const std::vector<std::string_view>&)>& run) {
  const std::string invalid = "fine, " + bad.bytes + " rest";
  const std::vector<std::string_view> docs = {"premier texte", "second", invalid, "after"};
  try {
    run(docs);
    ADD_FAILURE() << api << " accepted " << bad.what;
  } catch (const InvalidUtf8& e) {
    EXPECT_EQ(e.document(), 2) << api << ", " << bad.what;
    EXPECT_EQ(e.byte_offset(), 6u) << api << ", " << bad.what;
    const std::string message = e.what();
    EXPECT_NE(message.find("document 2"), std::string::npos) << message;
    EXPECT_NE(message.find("byte 6"), std::string::npos) << message;
  }
}

TEST(HostileInput, EveryClassOfInvalidUtf8NamesDocumentAndByte) {
  const Tokenizer tokenizer;
  Gazetteer g;
  g.add("x", "Rabat", "LOC");
  const EntityMatcher matcher(g);
  const HashingVectorizer hashing;
  for (const BadBytes& bad : bad_utf8()) {
    EXPECT_EQ(find_invalid_utf8("fine, " + bad.bytes), 6u) << bad.what;
    expect_named_error("tokenize_batch", bad, [&](const auto& docs) { tokenizer.tokenize_batch(docs, 2); });
    expect_named_error("find_batch", bad, [&](const auto& docs) { matcher.find_batch(docs, MatchMode::kLongest, 2); });
    expect_named_error("HashingVectorizer", bad, [&](const auto& docs) {
      hashing.transform(std::vector<TextView>(docs.begin(), docs.end()), 2);
    });
    // Single texts: the byte, no document.
    try {
      (void)word_boundaries("fine, " + bad.bytes);
      ADD_FAILURE() << "word_boundaries accepted " << bad.what;
    } catch (const InvalidUtf8& e) {
      EXPECT_EQ(e.byte_offset(), 6u);
      EXPECT_EQ(e.document(), -1);
    }
  }
}

TEST(HostileInput, NulBytesAreControlCharacters) {
  const Tokenizer tokenizer;
  const std::string text("Rabat\0Maroc\0\0 fin", 17);
  const Doc doc = tokenizer.tokenize(text);
  std::vector<std::string_view> tokens;
  for (const Token& t : doc.tokens()) tokens.push_back(doc.text(t));
  EXPECT_EQ(tokens, (std::vector<std::string_view>{"Rabat", "Maroc", "fin"}));
  EXPECT_EQ(word_boundaries(text).back(), text.size());
  Gazetteer g;
  g.add("ma", "Maroc", "LOC");
  const std::vector<Mention> found = EntityMatcher(g).find(text);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].span.begin, 6u);
}

// --- Size and time --------------------------------------------------------------------

// Seconds `run` takes, the best of three.
double seconds(const std::function<void()>& run) {
  double best = 1e30;
  for (int k = 0; k < 3; ++k) {
    const auto start = std::chrono::steady_clock::now();
    run();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

// Checks that `run(n)` costs at most ~linear time: 16x the input may cost at most 64x the
// time (quadratic would be 256x; the margin absorbs caches, page faults and a loaded
// machine). Tiny times are floored to absorb timer noise.
void expect_linear(const char* what, std::size_t n, const std::function<void(std::size_t)>& run) {
  const double small = std::max(seconds([&] { run(n); }), 2e-3);
  const double large = seconds([&] { run(16 * n); });
  EXPECT_LT(large, 64 * small) << what << ": " << small << " s for n=" << n << ", " << large << " s for 16n";
}

std::string repeat(std::string_view unit, std::size_t times) {
  std::string s;
  s.reserve(unit.size() * times);
  for (std::size_t k = 0; k < times; ++k) s += unit;
  return s;
}

TEST(HostileInput, TenMegabyteTokenIsOneTokenInLinearTime) {
  const Tokenizer tokenizer;
  const std::string token(10u << 20, 'a');
  const Doc doc = tokenizer.tokenize(token);
  ASSERT_EQ(doc.size(), 1u);
  EXPECT_EQ(doc.tokens()[0].span.end, token.size());
  EXPECT_EQ(doc.norm(doc.tokens()[0]), token);
  // Non-ASCII: the norm goes through the tables or ICU.
  const std::string accented = repeat("É", 1u << 20);
  const Doc d2 = tokenizer.tokenize(accented);
  ASSERT_EQ(d2.size(), 1u);
  EXPECT_EQ(d2.norm(d2.tokens()[0]), repeat("é", 1u << 20));
  expect_linear("one long token", 1u << 15, [&](std::size_t n) { (void)tokenizer.tokenize(repeat("Ωx", n)); });
}

TEST(HostileInput, DeeplyRepeatedPatternsTokenizeInLinearTime) {
  TokenizerOptions fr;
  fr.lang = "fr";
  const Tokenizer tokenizer(fr);
  // Patterns that feed the news rules (elisions, clitics, abbreviations, number groups,
  // URLs, e-mails, mentions, emoji sequences) or build one huge grapheme cluster.
  const std::vector<std::pair<const char*, std::string>> patterns = {
      {"elisions", "l’"},         {"clitics", "-t-il"},        {"dots", "."},
      {"abbreviations", "M."},    {"initials", "U.S."},        {"digit groups", "1\u202F000"},
      {"url", "http://a.b/"},     {"e-mail", "a@b."},          {"mentions", "@"},
      {"hashtags", "#a"},         {"hyphens", "a-"},           {"apostrophes", "’"},
      {"guillemets", "« "},       {"zwj chain", "👩\u200D"},   {"combining marks", "\u0301"},
      {"flags", "🇫"},            {"arabic tatweel", "\u0640"}, {"nbsp", "\u00A0"},
  };
  for (const auto& [what, unit] : patterns) {
    const std::string text = "e" + repeat(unit, 20000);
    const Doc doc = tokenizer.tokenize(text);
    std::uint32_t previous = 0;
    for (const Token& t : doc.tokens()) {
      ASSERT_LE(previous, t.span.begin) << what;
      ASSERT_LT(t.span.begin, t.span.end) << what;
      previous = t.span.end;
    }
    ASSERT_LE(previous, text.size());
    expect_linear(what, 4000, [&](std::size_t n) { (void)tokenizer.tokenize(repeat(unit, n)); });
  }
}

TEST(HostileInput, MillionTinyDocuments) {
  const Tokenizer tokenizer;
  const std::vector<std::string_view> docs(1000000, "a");
  const std::vector<Doc> out = tokenizer.tokenize_batch(docs, 2);
  ASSERT_EQ(out.size(), docs.size());
  EXPECT_TRUE(std::all_of(out.begin(), out.end(), [](const Doc& d) { return d.size() == 1; }));
  const std::vector<Doc> empty = tokenizer.tokenize_batch(std::vector<std::string_view>(1000000, ""), 2);
  ASSERT_EQ(empty.size(), 1000000u);
  EXPECT_TRUE(std::all_of(empty.begin(), empty.end(), [](const Doc& d) { return d.empty(); }));
  expect_linear("tiny documents", 10000, [&](std::size_t n) {
    (void)tokenizer.tokenize_batch(std::vector<std::string_view>(n, "a b"), 1);
  });
}

// All token sequences over {xa, xb} of 1 to `depth` tokens: each is a prefix of longer ones.
std::vector<std::string> prefix_aliases(int depth) {
  std::vector<std::string> out, level = {""};
  for (int d = 1; d <= depth; ++d) {
    std::vector<std::string> next;
    for (const std::string& s : level) {
      for (const char* token : {"xa", "xb"}) next.push_back(s.empty() ? token : s + " " + token);
    }
    out.insert(out.end(), next.begin(), next.end());
    level = std::move(next);
  }
  return out;
}

TEST(HostileInput, MillionAliasesThatArePrefixesOfEachOther) {
  const std::vector<std::string> aliases = prefix_aliases(19);  // 2^20 - 2
  ASSERT_GT(aliases.size(), 1000000u);
  Gazetteer g;
  std::vector<AliasSpec> specs;
  for (std::size_t e = 0; e < 1000; ++e) {
    specs.clear();
    for (std::size_t k = e; k < aliases.size(); k += 1000) specs.push_back({aliases[k], AliasCase::kIgnore});
    g.add("e" + std::to_string(e), "entity " + std::to_string(e), "T", specs);
  }
  const EntityMatcher matcher(g, {}, 2);
  EXPECT_EQ(matcher.stats().skipped, 0u);
  EXPECT_GE(matcher.stats().compiled, aliases.size());

  std::mt19937 rng(7);
  auto random_text = [&](std::size_t tokens) {
    std::string text;
    for (std::size_t k = 0; k < tokens; ++k) text += rng() % 2 ? "xa " : "xb ";
    return text;
  };
  // Every token starts a 19-token walk: the longest match always has 19 tokens.
  const std::string text = random_text(3000);
  const Doc doc = matcher.tokenizer().tokenize(text);
  const testing::ReferenceMatcher reference(g, matcher);
  EXPECT_EQ(matcher.find(doc, MatchMode::kLongest), reference.find(doc, MatchMode::kLongest));
  EXPECT_EQ(matcher.find(doc, MatchMode::kOverlapping).size(), reference.find(doc, MatchMode::kOverlapping).size());
  expect_linear("prefix aliases", 2000, [&](std::size_t n) { (void)matcher.find(random_text(n)); });
}

// --- Limits (limits.hpp) ---------------------------------------------------------------

// `size` bytes of zeros (valid UTF-8) that cost no memory: pages of a read-only anonymous
// mapping are never touched by a check that looks at the size first.
class ZeroText {
 public:
  explicit ZeroText(std::size_t size)
      : size_(size), data_(mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)) {}
  ~ZeroText() {
    if (data_ != MAP_FAILED) munmap(data_, size_);
  }
  bool ok() const { return data_ != MAP_FAILED; }
  std::string_view view() const { return {static_cast<const char*>(data_), size_}; }

 private:
  std::size_t size_;
  void* data_;
};

TEST(HostileInput, PastEachTextLimitIsAClearError) {
  const ZeroText document(kMaxTextBytes + 1);
  const ZeroText icu_text(kMaxIcuTextBytes + 1);
  if (!document.ok() || !icu_text.ok()) GTEST_SKIP() << "cannot map 4 GiB of address space";
  const Tokenizer tokenizer;
  try {
    (void)tokenizer.tokenize(document.view());
    ADD_FAILURE() << "a document over kMaxTextBytes was accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("kMaxTextBytes"), std::string::npos) << e.what();
  }
  try {
    (void)tokenizer.tokenize_batch({"fine", document.view()}, 1, {}, InputCheck::kAssumeValid);
    ADD_FAILURE() << "a batch document over kMaxTextBytes was accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("document 1"), std::string::npos) << e.what();
  }
  try {
    (void)word_boundaries(icu_text.view());
    ADD_FAILURE() << "ICU segmentation over kMaxIcuTextBytes was accepted";
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("kMaxIcuTextBytes"), std::string::npos) << e.what();
  }
}

TEST(HostileInput, AliasesOverTheTokenLimitAreSkippedAsTooLong) {
  Gazetteer g;
  g.add("long", "Long", "T", std::vector<std::string>{repeat("mot ", kMaxAliasTokens + 1), repeat("mot ", kMaxAliasTokens)});
  const EntityMatcher matcher(g);
  ASSERT_EQ(matcher.skipped_aliases().size(), 1u);
  EXPECT_EQ(matcher.skipped_aliases()[0].reason, SkipReason::kTooLong);
  EXPECT_EQ(matcher.find(repeat("mot ", kMaxAliasTokens)).size(), 1u);
}

// --- Model files ----------------------------------------------------------------------

// Loads `bytes` as `kind` and uses the model; returns the error message, or "" when the
// model loaded and worked. Anything but IoError fails the test.
std::string load_and_use(testing::ModelKind kind, const std::string& bytes) {
  const std::vector<TextView> docs(testing::probe_docs().begin(), testing::probe_docs().end());
  try {
    switch (kind) {
      case testing::ModelKind::kMatcher: {
        const EntityMatcher m = EntityMatcher::from_bytes(bytes);
        for (const std::string& d : testing::probe_docs()) {
          for (const Mention& mention : m.find(d, MatchMode::kOverlapping)) {
            EXPECT_LT(mention.entity, m.entity_count());
            EXPECT_LE(mention.span.end, d.size());
          }
        }
        break;
      }
      case testing::ModelKind::kCount:
        (void)CountVectorizer::from_bytes(bytes).transform(docs);
        break;
      case testing::ModelKind::kTfidf:
        (void)TfidfVectorizer::from_bytes(bytes).transform(docs);
        break;
      case testing::ModelKind::kHashing:
        (void)HashingVectorizer::from_bytes(bytes).transform(docs);
        break;
    }
  } catch (const IoError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("<bytes>: ", 0), 0u) << e.what();
    return e.what();
  } catch (const NotFitted&) {
    // A flip may turn a fitted vectorizer into an unfitted one: still a clear error.
    return "not fitted";
  }
  return "";
}

TEST(HostileInput, ModelFilesTruncatedAtEveryLengthAreRejected) {
  for (int kind = 0; kind < testing::kModelKinds; ++kind) {
    const auto k = static_cast<testing::ModelKind>(kind);
    const std::string file = testing::sample_model_file(k, 0);
    ASSERT_EQ(load_and_use(k, file), "") << testing::kModelKindNames[kind];
    for (std::size_t n = 0; n < file.size(); ++n) {
      EXPECT_NE(load_and_use(k, file.substr(0, n)), "") << testing::kModelKindNames[kind] << " truncated to " << n;
      // Behind valid checksums, a truncation reaches the section parsers.
      std::string fixed = file.substr(0, n);
      testing::fix_model_checksums(fixed);
      EXPECT_NE(load_and_use(k, fixed), "") << testing::kModelKindNames[kind] << " truncated to " << n << ", fixed";
    }
  }
}

TEST(HostileInput, ModelFilesWithFlippedBytesFailCleanly) {
  std::mt19937 rng(11);
  for (int kind = 0; kind < testing::kModelKinds; ++kind) {
    const auto k = static_cast<testing::ModelKind>(kind);
    for (int variant = 0; variant < 2; ++variant) {
      const std::string file = testing::sample_model_file(k, variant);
      std::size_t rejected = 0;
      // Every byte flipped once with checksums left stale: always rejected.
      for (std::size_t at = 0; at < file.size(); ++at) {
        std::string bad = file;
        bad[at] = static_cast<char>(bad[at] ^ (1u << (at % 8)));
        EXPECT_NE(load_and_use(k, bad), "") << testing::kModelKindNames[kind] << " byte " << at;
      }
      // Every byte changed behind valid checksums, then random multi-byte flips: a clean
      // error, or a model that still works (load_and_use ran it).
      for (std::size_t at = 56; at < file.size(); ++at) {
        for (const unsigned char value : {0x00, 0xFF, 0x80, 0x01}) {
          std::string bad = file;
          bad[at] = static_cast<char>(value);
          testing::fix_model_checksums(bad);
          rejected += load_and_use(k, bad) != "";
        }
      }
      for (int trial = 0; trial < 500; ++trial) {
        std::string bad = file;
        for (int f = 1 + static_cast<int>(rng() % 6); f > 0; --f) {
          bad[56 + rng() % (bad.size() - 56)] ^= static_cast<char>(1u << (rng() % 8));
        }
        testing::fix_model_checksums(bad);
        rejected += load_and_use(k, bad) != "";
      }
      EXPECT_GT(rejected, 0u) << testing::kModelKindNames[kind];
    }
  }
}

// Regression (found by model_loader_fuzzer): feature offsets that rise past the feature
// text and come back down to its size passed the checks and made substr() throw
// std::out_of_range instead of IoError.
TEST(HostileInput, FeatureOffsetsPastTheFeatureTextAreRejected) {
  std::string file = testing::sample_model_file(testing::ModelKind::kCount, 0);
  const std::size_t count = testing::find_section(file, "offsets").second / 4;
  ASSERT_GE(count, 4u);
  // 0, huge, huge, ..., size: non-decreasing until the last step.
  for (std::size_t i = 1; i + 1 < count; ++i) testing::set_section_u32(file, "offsets", i, 0x1F002727u);
  testing::fix_model_checksums(file);
  EXPECT_NE(load_and_use(testing::ModelKind::kCount, file).find("offsets"), std::string::npos);
}

// Regression (found by model_loader_fuzzer): a trie node whose child range ended far past
// the node array, before a later node came back in range, made validation read out of
// bounds (heap-buffer-overflow) instead of failing.
TEST(HostileInput, TrieChildRangesPastTheNodesAreRejected) {
  std::string file = testing::sample_model_file(testing::ModelKind::kMatcher, 0);
  ASSERT_GE(testing::find_section(file, "nodes").second / 12, 4u);
  testing::set_section_u32(file, "nodes", 3 * 2 + 1, 0x0FFFFFFFu);  // nodes[2].first_child
  testing::fix_model_checksums(file);
  EXPECT_NE(load_and_use(testing::ModelKind::kMatcher, file).find("trie child ranges"), std::string::npos);
}

}  // namespace
}  // namespace newsnlp
