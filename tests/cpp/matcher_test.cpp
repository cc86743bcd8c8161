#include "newsnlp/matcher.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "detail/matcher_policy.hpp"
#include "jsonl_reader.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/serialize.hpp"
#include "reference/matcher_reference.hpp"

namespace newsnlp {
namespace {

const std::string kShared = std::string(NEWSNLP_SHARED_DATA) + "/";
const std::string kTestData = std::string(NEWSNLP_TEST_DATA) + "/";

// "text=id" for each mention, in order.
std::vector<std::string> found(const EntityMatcher& m, std::string_view text,
                               MatchMode mode = MatchMode::kLongest) {
  std::vector<std::string> out;
  for (const Mention& x : m.find(text, mode)) {
    out.push_back(std::string(text.substr(x.span.begin, x.span.end - x.span.begin)) + "=" +
                  std::string(m.id(x.entity)));
  }
  return out;
}

using Strings = std::vector<std::string>;

MatcherOptions options_for(const std::string& lang) {
  MatcherOptions o;
  o.tokenizer.lang = lang;
  return o;
}

const Gazetteer& daech_gazetteer() {
  static const Gazetteer g = Gazetteer::from_csv(kTestData + "gazetteer_daech.csv");
  return g;
}

const EntityMatcher& daech_matcher() {
  static const EntityMatcher m(daech_gazetteer(), options_for("xx"));
  return m;
}

bool have_shared() { return std::filesystem::exists(kShared + "gazetteers/countries/countries.csv"); }

const Gazetteer& shared_gazetteer() {
  static const Gazetteer g = [] {
    Gazetteer g = Gazetteer::from_csv(kShared + "gazetteers/countries/countries.csv");
    g.merge(Gazetteer::from_csv(kShared + "gazetteers/cities/cities.csv"));
    g.merge(Gazetteer::from_csv(kShared + "gazetteers/persons/persons.csv"));
    return g;
  }();
  return g;
}

const EntityMatcher& shared_matcher(const std::string& lang) {
  static const EntityMatcher fr(shared_gazetteer(), options_for("fr"), -1);
  static const EntityMatcher en(shared_gazetteer(), options_for("en"), -1);
  static const EntityMatcher ar(shared_gazetteer(), options_for("ar"), -1);
  return lang == "fr" ? fr : lang == "en" ? en : ar;
}

TEST(Matcher, SharedGazetteersFindTheSeedSentenceEntities) {
  if (!have_shared()) GTEST_SKIP() << "no shared data";
  const EntityMatcher& m = shared_matcher("fr");
  EXPECT_GT(m.stats().aliases, 160000u);
  const std::string text =
      "Le ministre des Affaires étrangères, Nasser Bourita, a eu un entretien téléphonique avec le "
      "secrétaire d’État américain, Antony Blinken, qui sera reçu à Marrakech la semaine "
      "prochaine, a indiqué le Royaume du Maroc.";
  EXPECT_EQ(found(m, text), (Strings{"Nasser Bourita=Q26036628", "Antony Blinken=Q7821917",
                                     "Marrakech=2542997", "Royaume du Maroc=MAR"}));
  // Overlapping mode also reports what the longest matches cover: the town of Antony, Maroc.
  EXPECT_EQ(found(m, text, MatchMode::kOverlapping),
            (Strings{"Nasser Bourita=Q26036628", "Antony=3037423", "Antony Blinken=Q7821917",
                     "Marrakech=2542997", "Royaume du Maroc=MAR", "Maroc=MAR"}));
  const std::vector<Mention> mentions = m.find(text);
  EXPECT_EQ(m.name(mentions[0].entity), "Nasser Bourita");
  EXPECT_EQ(m.type(mentions[0].entity), "person");
  EXPECT_EQ(m.name(mentions[2].entity), "Marrakesh");
  EXPECT_EQ(m.type(mentions[3].entity), "country");
  // Token spans agree with byte spans.
  const Doc doc = m.tokenizer().tokenize(text);
  for (const Mention& x : mentions) {
    EXPECT_EQ(doc.tokens()[x.token_begin].span.begin, x.span.begin);
    EXPECT_EQ(doc.tokens()[x.token_end - 1].span.end, x.span.end);
  }
}

TEST(Matcher, HandWrittenDaechGazetteerInThreeLanguages) {
  const EntityMatcher& m = daech_matcher();
  EXPECT_EQ(found(m, "Les frappes contre Daech et l’État islamique se poursuivent."),
            (Strings{"Daech=org:daech", "État islamique=org:daech"}));
  EXPECT_EQ(found(m, "Strikes against ISIS, also called Daesh or the Islamic State."),
            (Strings{"ISIS=org:daech", "Daesh=org:daech", "Islamic State=org:daech"}));
  EXPECT_EQ(found(m, "أعلن تنظيم داعش مسؤوليته، وقالت الدولة الإسلامية إن"),
            (Strings{"داعش=org:daech", "الدولة الإسلامية=org:daech"}));
  // "EI" is an acronym: exact case, so the Spanish/Portuguese "ei" never matches.
  EXPECT_EQ(found(m, "L'EI a revendiqué l'attaque."), (Strings{"EI=org:daech"}));
  EXPECT_EQ(found(m, "ei, Ei et eI ne sont pas l'organisation"), Strings{});
}

TEST(Matcher, CaseAccentApostropheAndHyphenVariants) {
  const EntityMatcher& m = daech_matcher();
  for (const char* text : {"États-Unis", "Etats-Unis", "ETATS-UNIS", "états-unis", "ÉTATS-UNIS",
                           "Etats‑Unis" /* U+2011 */}) {
    EXPECT_EQ(found(m, std::string("Les ") + text + " et"), (Strings{std::string(text) + "=loc:usa"}))
        << text;
  }
  for (const char* text : {"Côte d’Ivoire", "Côte d'Ivoire", "COTE D'IVOIRE", "cote d´ivoire"}) {
    EXPECT_EQ(found(m, std::string("en ") + text + "."), (Strings{std::string(text) + "=loc:cote_ivoire"}))
        << text;
  }
  // A compound is one token: without its hyphen, or with an en dash (three tokens), no match.
  EXPECT_EQ(found(m, "Les Etats Unis"), Strings{});
  EXPECT_EQ(found(m, "Les États–Unis"), Strings{});
  EXPECT_EQ(found(m, "ANTONY BLINKEN et Tony Blinken"),
            (Strings{"ANTONY BLINKEN=per:blinken", "Tony Blinken=per:blinken"}));
}

TEST(Matcher, ArabicFolding) {
  const EntityMatcher& m = daech_matcher();
  // Tashkeel, tatweel and hamza-on-alef variants fold away.
  EXPECT_EQ(found(m, "زار المَغْرِب"), (Strings{"المَغْرِب=loc:maroc"}));
  EXPECT_EQ(found(m, "زار المغـــرب"), (Strings{"المغـــرب=loc:maroc"}));
  EXPECT_EQ(found(m, "الدولة الاسلامية"), (Strings{"الدولة الاسلامية=org:daech"}));
  EXPECT_EQ(found(m, "أنتوني بلينكن وانتوني بلينكن"),
            (Strings{"أنتوني بلينكن=per:blinken"}));  // "وانتوني" is one token: no match
}

TEST(Matcher, NeverMatchesInsideAWordInAnyScript) {
  Gazetteer g;
  g.add("IRN", "Iran", "LOC", std::vector<std::string>{"إيران"});
  g.add("TAT", "Tat", "LOC", std::vector<std::string>{});
  g.add("MAR", "Maroc", "LOC", std::vector<std::string>{"المغرب", "モロッコ"});
  const EntityMatcher m(g, options_for("fr"));
  EXPECT_EQ(found(m, "Irancell, Iranien, l’État, Marocains, Tat, Iran."), (Strings{"Tat=TAT", "Iran=IRN"}));
  EXPECT_EQ(found(m, "والمغرب المغربي المغرب"), (Strings{"المغرب=MAR"}));
  EXPECT_EQ(found(m, "モロッコの首都、モロッコ人"), (Strings{"モロッコ=MAR", "モロッコ=MAR"}));  // katakana words
}

TEST(Matcher, PerAliasCaseSensitivity) {
  Gazetteer g;
  std::vector<AliasSpec> usa{{"US", AliasCase::kAuto}, {"Us", AliasCase::kIgnore}};
  g.add("USA", "United States", "LOC", usa);
  std::vector<AliasSpec> who{{"Who", AliasCase::kExact}};
  g.add("WHO", "World Health Organization", "ORG", who);
  std::vector<AliasSpec> nice{{"Nice", AliasCase::kCapitalized}};
  g.add("NCE", "Nice-Côte d'Azur", "LOC", nice);
  const EntityMatcher m(g, options_for("en"));
  EXPECT_EQ(found(m, "the US said"), (Strings{"US=USA"}));
  EXPECT_EQ(found(m, "let us say"), (Strings{"us=USA"}));  // the explicit "Us" ignores case
  EXPECT_EQ(found(m, "Who said who"), (Strings{"Who=WHO"}));
  EXPECT_EQ(found(m, "a nice day in Nice, NICE"), (Strings{"Nice=NCE", "NICE=NCE"}));

  MatcherOptions o = options_for("en");
  o.policy.exact_case_acronyms = false;
  Gazetteer h;
  h.add("NATO", "North Atlantic Treaty Organization", "ORG", std::vector<std::string>{"NATO"});
  EXPECT_EQ(found(EntityMatcher(h, o), "Nato"), (Strings{"Nato=NATO"}));
  EXPECT_EQ(found(EntityMatcher(h, options_for("en")), "Nato NATO"), (Strings{"NATO=NATO"}));
}

TEST(Matcher, PolicyResolvesAutoAliases) {
  const Tokenizer tok([] {
    TokenizerOptions o;
    o.lang = "xx";
    o.norm.fold_accents = true;
    return o;
  }());
  const AliasPolicy policy;
  const std::unordered_set<std::string> common{"reading"};
  auto resolve = [&](std::string_view alias, const AliasPolicy& p = AliasPolicy()) {
    const detail::Resolved r =
        detail::resolve_alias(alias, AliasCase::kAuto, tok.tokenize(alias), tok, p, common);
    return r.skipped ? std::string("skip:") + to_string(r.reason) : std::string(to_string(r.mode));
  };
  EXPECT_EQ(resolve("US"), "exact");         // acronym
  EXPECT_EQ(resolve("U.S."), "exact");
  EXPECT_EQ(resolve("OTAN"), "exact");
  EXPECT_EQ(resolve("of"), "skip:stop_word");
  EXPECT_EQ(resolve("de la"), "skip:stop_word");
  EXPECT_EQ(resolve("في"), "skip:stop_word");
  EXPECT_EQ(resolve("بن"), "skip:too_short");
  EXPECT_EQ(resolve("Ye"), "skip:too_short");
  EXPECT_EQ(resolve("中国"), "ignore");       // two wide characters are long enough
  EXPECT_EQ(resolve("Fès"), "exact");        // short and cased
  EXPECT_EQ(resolve("قم"), "skip:too_short");
  EXPECT_EQ(resolve("مصر"), "ignore");       // short but uncased
  EXPECT_EQ(resolve("Maroc"), "ignore");
  EXPECT_EQ(resolve("Reading"), "capitalized");  // a common word
  EXPECT_EQ(resolve("\xE2\x80\x8B"), "skip:empty");  // a zero width space: no token
  std::string long_alias;
  for (int i = 0; i < 33; ++i) long_alias += "mot ";
  EXPECT_EQ(resolve(long_alias), "skip:too_long");
  AliasPolicy keep;
  keep.stop_words = StopWordAliases::kCapitalized;
  keep.min_length = 1;
  keep.exact_case_max_length = 0;
  EXPECT_EQ(resolve("Sur", keep), "capitalized");
  keep.stop_words = StopWordAliases::kKeep;
  EXPECT_EQ(resolve("Sur", keep), "ignore");
  keep.require_capitalized = true;
  EXPECT_EQ(resolve("Maroc", keep), "capitalized");
}

TEST(Matcher, SkippedAliasesAreInspectable) {
  Gazetteer g;
  g.add("c1", "Sur", "city", std::vector<std::string>{"Of", "بن", "Fès"});
  g.add("c2", "Reading", "city", std::vector<std::string>{});
  MatcherOptions o = options_for("xx");
  o.policy.common_words = {"reading"};
  const EntityMatcher m(g, o);
  std::vector<std::string> skipped;
  for (const SkippedAlias& s : m.skipped_aliases()) {
    skipped.push_back(std::string(m.id(s.entity)) + ":" + s.alias + ":" + to_string(s.reason));
  }
  EXPECT_EQ(skipped, (Strings{"c1:Sur:stop_word", "c1:Of:stop_word", "c1:بن:too_short"}));
  EXPECT_EQ(m.stats().skipped, 3u);
  EXPECT_EQ(m.stats().capitalized, 1u);
  EXPECT_EQ(m.stats().exact_case, 1u);  // "Fès": short and cased
  EXPECT_EQ(found(m, "reading in Reading, sur la route de Fès, FÈS"), (Strings{"Reading=c2", "Fès=c1"}));
}

TEST(Matcher, AmbiguousAliasesReturnEveryEntity) {
  Gazetteer g;
  g.add("casa_ma", "Casablanca", "city", std::vector<std::string>{"الدار البيضاء"});
  g.add("casa_cl", "Casablanca", "city", std::vector<std::string>{});
  g.add("film", "Casablanca (film)", "work", std::vector<std::string>{"CASABLANCA"});
  const EntityMatcher m(g, options_for("fr"));
  const std::vector<Mention> x = m.find("Vol pour Casablanca.");
  ASSERT_EQ(x.size(), 2u);
  EXPECT_EQ(m.id(x[0].entity), "casa_ma");
  EXPECT_EQ(m.id(x[1].entity), "casa_cl");
  EXPECT_EQ(x[0].span.begin, x[1].span.begin);
  EXPECT_EQ(x[0].span.end, x[1].span.end);
  // The acronym-like "CASABLANCA" is exact-case: the film only when written in capitals.
  EXPECT_EQ(found(m, "CASABLANCA"), (Strings{"CASABLANCA=casa_ma", "CASABLANCA=casa_cl", "CASABLANCA=film"}));
}

TEST(Matcher, LongestAndOverlappingModes) {
  Gazetteer g;
  g.add("ny", "New York", "city", std::vector<std::string>{});
  g.add("nyt", "New York Times", "org", std::vector<std::string>{});
  g.add("york", "York", "city", std::vector<std::string>{});
  g.add("times", "Times Square", "place", std::vector<std::string>{});
  const EntityMatcher m(g, options_for("en"));
  const std::string text = "The New York Times Square office, New York.";
  EXPECT_EQ(found(m, text), (Strings{"New York Times=nyt", "New York=ny"}));
  EXPECT_EQ(found(m, text, MatchMode::kOverlapping),
            (Strings{"New York=ny", "New York Times=nyt", "York=york", "Times Square=times",
                     "New York=ny", "York=york"}));
  EXPECT_EQ(found(m, "New"), Strings{});
  EXPECT_EQ(found(m, ""), Strings{});
}

TEST(Matcher, AccentsCanBeSignificant) {
  Gazetteer g;
  g.add("ESP", "España", "LOC", std::vector<std::string>{});
  MatcherOptions o = options_for("xx");
  o.fold_accents = false;
  const EntityMatcher m(g, o);
  EXPECT_EQ(found(m, "España ESPAÑA Espana"), (Strings{"España=ESP", "ESPAÑA=ESP"}));
  EXPECT_EQ(found(EntityMatcher(g, options_for("xx")), "España Espana"), (Strings{"España=ESP", "Espana=ESP"}));
}

TEST(Matcher, BatchKeepsOrderWhateverTheThreadCount) {
  const EntityMatcher& m = daech_matcher();
  std::vector<std::string> texts;
  for (int i = 0; i < 500; ++i) {
    texts.push_back(i % 3 == 0 ? "Daech " + std::to_string(i) : i % 3 == 1 ? "rien" : "Le Maroc et les USA");
  }
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  const auto one = m.find_batch(views, MatchMode::kLongest, 1);
  const auto all = m.find_batch(views, MatchMode::kLongest, -1);
  ASSERT_EQ(one.size(), texts.size());
  EXPECT_EQ(one, all);
  EXPECT_EQ(one, m.find_batch(views, MatchMode::kLongest, 2, {}, InputCheck::kAssumeValid));
  for (std::size_t i = 0; i < texts.size(); ++i) EXPECT_EQ(one[i], m.find(texts[i])) << i;
  EXPECT_EQ(one[0].size(), 1u);
  EXPECT_EQ(one[2].size(), 2u);
}

TEST(Matcher, BatchErrorsNameTheFirstBadDocument) {
  const EntityMatcher& m = daech_matcher();
  const std::vector<std::string_view> texts{"ok", "ok", "bad \xFF", "ok", "bad \xC3"};
  try {
    m.find_batch(texts, MatchMode::kLongest, 2);
    FAIL();
  } catch (const InvalidUtf8& e) {
    EXPECT_EQ(e.document(), 2);
    EXPECT_EQ(e.byte_offset(), 4u);
    EXPECT_EQ(std::string(e.what()).rfind("document 2: ", 0), 0u) << e.what();
  }
  EXPECT_THROW(m.find("\xC3("), InvalidUtf8);
  EXPECT_THROW(m.find_batch(texts, MatchMode::kLongest, 0), InvalidArgument);
  std::atomic<int> polls{0};
  const std::vector<std::string_view> many(10000, "Daech");
  EXPECT_THROW(m.find_batch(many, MatchMode::kLongest, 1, [&] { return ++polls > 3; }), Cancelled);
}

TEST(Matcher, OneMatcherSharedByManyThreads) {
  const EntityMatcher& m = daech_matcher();
  const std::string text = "Daech, ISIS, داعش, l'EI et les États-Unis face au Royaume du Maroc.";
  const std::vector<Mention> expected = m.find(text);
  ASSERT_EQ(expected.size(), 6u);
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) mismatches += m.find(text) != expected;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, 0);
}

// Each thread caches token ids for the matcher it last ran: alternating two matchers whose
// vocabularies number the same words differently must never hand one the other's ids.
TEST(Matcher, TwoMatchersAlternatingOnOneThread) {
  Gazetteer g;
  g.add("ma", "Maroc", "LOC", std::vector<std::string>{"Royaume du Maroc"});
  g.add("us", "États-Unis", "LOC", std::vector<std::string>{"Etats-Unis"});
  const EntityMatcher other(g, options_for("xx"));
  const EntityMatcher& m = daech_matcher();
  const std::string text = "Daech, ISIS, داعش, l'EI et les États-Unis face au Royaume du Maroc.";
  const std::vector<Mention> expected = m.find(text), expected_other = other.find(text);
  ASSERT_EQ(expected_other.size(), 2u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(m.find(text), expected);
    EXPECT_EQ(other.find(text), expected_other);
    EXPECT_EQ(m.find(m.tokenizer().tokenize(text)), expected);
    EXPECT_EQ(other.find(other.tokenizer().tokenize(text)), expected_other);
  }
}

// --- save / load ----------------------------------------------------------------------

TEST(Matcher, SaveLoadGivesIdenticalMentions) {
  const EntityMatcher& m = daech_matcher();
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "newsnlp_matcher_test.bin";
  m.save(path.string());
  const EntityMatcher loaded = EntityMatcher::load(path.string());
  std::filesystem::remove(path);
  const std::string text = "Daech, ISIS, داعش, l'EI, ei, les ÉTATS-UNIS, Tony Blinken et le Royaume du Maroc.";
  for (MatchMode mode : {MatchMode::kLongest, MatchMode::kOverlapping}) {
    EXPECT_EQ(loaded.find(text, mode), m.find(text, mode));
  }
  EXPECT_EQ(loaded.entity_count(), m.entity_count());
  for (std::size_t e = 0; e < m.entity_count(); ++e) {
    EXPECT_EQ(loaded.id(e), m.id(e));
    EXPECT_EQ(loaded.name(e), m.name(e));
    EXPECT_EQ(loaded.type(e), m.type(e));
  }
  EXPECT_EQ(loaded.options().tokenizer.lang, "xx");
  EXPECT_EQ(loaded.stats().compiled, m.stats().compiled);
  EXPECT_EQ(loaded.skipped_aliases().size(), m.skipped_aliases().size());
  EXPECT_EQ(loaded.to_bytes(), m.to_bytes());
  EXPECT_THROW(EntityMatcher::load(path.string()), IoError);  // gone
}

TEST(Matcher, EveryTruncationAndRandomFlipsAreRejected) {
  Gazetteer g;
  g.add("MAR", "Maroc", "LOC", std::vector<std::string>{"المغرب", "MA", "Royaume du Maroc"});
  g.add("org", "Daech", "ORG", std::vector<std::string>{"EI", "the"});
  MatcherOptions o = options_for("fr");
  o.policy.common_words = {"maroc"};
  const std::string bytes = EntityMatcher(g, o).to_bytes();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    try {
      EntityMatcher::from_bytes(bytes.substr(0, n), "m.bin");
      FAIL() << "truncated to " << n << " bytes was accepted";
    } catch (const IoError& e) {
      ASSERT_EQ(e.path(), "m.bin");
    }
  }
  std::mt19937 rng(7);
  for (int trial = 0; trial < 3000; ++trial) {
    std::string bad = bytes;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) bad[rng() % bad.size()] ^= static_cast<char>(1u << (rng() % 8));
    if (bad == bytes) continue;
    EXPECT_THROW(EntityMatcher::from_bytes(bad, "m.bin"), IoError) << "trial " << trial;
  }
}

// Files with a valid checksum but hostile contents (as a crafted file would be): the
// structural checks reject them without crashing.
TEST(Matcher, ConsistentChecksumsDoNotHideBadStructure) {
  Gazetteer g;
  g.add("MAR", "Maroc", "LOC", std::vector<std::string>{"Royaume du Maroc"});
  const std::string bytes = EntityMatcher(g, options_for("fr")).to_bytes();
  const ModelReader r = ModelReader::parse(bytes, "m.bin", "EntityMatcher", 1);
  const char* tags[] = {"options", "vocpool", "vocoffs", "formpool", "formoffs", "nodes", "roots",
                        "entries", "idpool", "idoffs", "typpool", "typoffs", "typeof", "names", "nameoffs",
                        "skipped", "stats"};
  std::mt19937 rng(11);
  int rejected = 0, total = 0;
  for (const char* dropped : tags) {
    ModelWriter w("EntityMatcher", 1);
    for (const char* tag : tags) {
      if (std::string(tag) != dropped) w.add(tag, std::string(r.section(tag)));
    }
    EXPECT_THROW(EntityMatcher::from_bytes(w.bytes(), "m.bin"), IoError) << "without " << dropped;
  }
  for (int trial = 0; trial < 600; ++trial) {  // each loaded matcher builds a tokenizer: ~3 ms
    ModelWriter w("EntityMatcher", 1);
    const std::string target = tags[rng() % std::size(tags)];
    for (const char* tag : tags) {
      std::string payload(r.section(tag));
      if (tag == target && !payload.empty()) {
        for (int f = 0; f < 2; ++f) payload[rng() % payload.size()] ^= static_cast<char>(1u << (rng() % 8));
      }
      w.add(tag, payload);
    }
    ++total;
    try {
      const EntityMatcher m = EntityMatcher::from_bytes(w.bytes(), "m.bin");
      m.find("Le Royaume du Maroc et le Maroc");  // whatever it finds, it must not crash
    } catch (const IoError&) {
      ++rejected;
    } catch (const InvalidArgument&) {
      ++rejected;
    }
  }
  EXPECT_GT(rejected, total / 4);
}

// --- the reference ------------------------------------------------------------------

struct Corpus {
  const char* path;
  const char* field;
  const char* lang;
};

class MatcherReference : public ::testing::TestWithParam<Corpus> {};

TEST_P(MatcherReference, AgreesOnEveryMentionInBothModes) {
  const Corpus& c = GetParam();
  const std::string path = kShared + c.path;
  if (!have_shared() || !std::filesystem::exists(path)) GTEST_SKIP() << "no shared data";
  const std::vector<std::string> docs = testing::read_jsonl_field(path, c.field);
  const EntityMatcher& m = shared_matcher(c.lang);
  const testing::ReferenceMatcher reference(shared_gazetteer(), m);
  const std::vector<std::string_view> views(docs.begin(), docs.end());
  for (MatchMode mode : {MatchMode::kLongest, MatchMode::kOverlapping}) {
    const auto fast = m.find_batch(views, mode, -1);
    std::size_t mentions = 0, differing = 0;
    for (std::size_t d = 0; d < docs.size(); ++d) {
      const Doc doc = m.tokenizer().tokenize(docs[d]);
      const std::vector<Mention> slow = reference.find(doc, mode);
      mentions += slow.size();
      // find_batch matches the text (ids cached by token text, few norms built);
      // find(Doc) matches the Doc's norms: both must give the reference's mentions.
      if (fast[d] != slow && differing++ < 3) {
        ADD_FAILURE() << c.path << " document " << d << ": fast " << ::testing::PrintToString(fast[d])
                      << " reference " << ::testing::PrintToString(slow);
      }
      const std::vector<Mention> from_doc = m.find(doc, mode);
      if (from_doc != slow && differing++ < 3) {
        ADD_FAILURE() << c.path << " document " << d << ": find(Doc) "
                      << ::testing::PrintToString(from_doc) << " reference " << ::testing::PrintToString(slow);
      }
    }
    std::printf("%s, %s: %zu documents, %zu mentions, %zu differ\n", c.path,
                mode == MatchMode::kLongest ? "longest" : "overlapping", docs.size(), mentions, differing);
    EXPECT_EQ(differing, 0u);
    EXPECT_GT(mentions, docs.size());
  }
}

INSTANTIATE_TEST_SUITE_P(
    SharedData, MatcherReference,
    ::testing::Values(Corpus{"reuters21578/reuters21578.jsonl", "body", "en"},
                      Corpus{"orangesum_fr/orangesum_fr.jsonl", "text", "fr"},
                      Corpus{"saudinewsnet_ar/saudinewsnet_ar_sample.jsonl", "text", "ar"}),
    [](const ::testing::TestParamInfo<Corpus>& info) { return std::string(info.param.lang); });

}  // namespace
}  // namespace newsnlp
