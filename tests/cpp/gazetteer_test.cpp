#include "newsnlp/gazetteer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

const std::string kShared = std::string(NEWSNLP_SHARED_DATA) + "/gazetteers/";
const std::string kTestData = std::string(NEWSNLP_TEST_DATA) + "/";

std::vector<std::string> aliases_of(const Gazetteer& g, std::size_t entity) {
  std::vector<std::string> out;
  for (std::size_t k = 0; k < g.alias_count(); ++k) {
    if (g.alias_entity(k) == entity) out.emplace_back(g.alias(k));
  }
  return out;
}

std::string error_of(const std::string& csv, const std::string& source = "g.csv") {
  try {
    Gazetteer::from_csv_text(csv, source);
  } catch (const InvalidArgument& e) {
    return e.what();
  }
  return "";
}

TEST(Gazetteer, KeepsIdsNamesTypesAndAliases) {
  Gazetteer g;
  EXPECT_EQ(g.add("MAR", "Maroc", "LOC", std::vector<std::string>{"Morocco", "Maroc", " المغرب ", ""}), 0u);
  EXPECT_EQ(g.add(" USA ", "États-Unis", "LOC", std::vector<std::string>{}), 1u);
  std::vector<AliasSpec> specs{{"EI", AliasCase::kExact}, {"Daech", AliasCase::kAuto}};
  EXPECT_EQ(g.add("EI", "État islamique", "ORG", specs), 2u);
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g.id(1), "USA");  // trimmed
  EXPECT_EQ(g.name(0), "Maroc");
  EXPECT_EQ(g.type(2), "ORG");
  EXPECT_EQ(g.find("USA"), 1u);
  EXPECT_EQ(g.find("XXX"), static_cast<std::size_t>(-1));
  // The name is not repeated as an alias; empty aliases are dropped; white space trimmed.
  EXPECT_EQ(aliases_of(g, 0), (std::vector<std::string>{"Morocco", "المغرب"}));
  ASSERT_EQ(g.alias_count(), 4u);
  EXPECT_EQ(g.alias(2), "EI");
  EXPECT_EQ(g.alias_case(2), AliasCase::kExact);
  EXPECT_EQ(g.alias_case(3), AliasCase::kAuto);
}

TEST(Gazetteer, DuplicateIdMergesAliasesOrRejectsAnotherType) {
  Gazetteer g;
  g.add("Q7821917", "Antony Blinken", "PER", std::vector<std::string>{"Blinken"});
  EXPECT_EQ(g.add("Q7821917", "Tony Blinken", "PER", std::vector<std::string>{"A. Blinken"}), 0u);
  EXPECT_EQ(g.size(), 1u);
  EXPECT_EQ(g.name(0), "Antony Blinken");
  EXPECT_EQ(aliases_of(g, 0), (std::vector<std::string>{"Blinken", "Tony Blinken", "A. Blinken"}));
  try {
    g.add("Q7821917", "Antony Blinken", "LOC", std::vector<std::string>{"X"});
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "duplicate id 'Q7821917' with type 'LOC' conflicts with its earlier type 'PER'");
  }
  EXPECT_EQ(g.alias_count(), 3u);  // nothing added by the failed call
}

TEST(Gazetteer, RejectsMissingIdEmptyNameAndInvalidUtf8) {
  Gazetteer g;
  EXPECT_THROW(g.add("", "Rabat", "LOC", std::vector<std::string>{}), InvalidArgument);
  EXPECT_THROW(g.add("  ", "Rabat", "LOC", std::vector<std::string>{}), InvalidArgument);
  EXPECT_THROW(g.add("x", " ", "LOC", std::vector<std::string>{}), InvalidArgument);
  EXPECT_THROW(g.add("x", "Rabat", "LOC", std::vector<std::string>{"ok", "bad\xC3"}), InvalidUtf8);
  EXPECT_THROW(g.add("x\xFF", "Rabat", "LOC", std::vector<std::string>{}), InvalidUtf8);
  EXPECT_TRUE(g.empty());
  EXPECT_EQ(g.alias_count(), 0u);
}

TEST(Gazetteer, MergeAddsInOrderWithTheSameRules) {
  Gazetteer a, b, c;
  a.add("MAR", "Maroc", "LOC", std::vector<std::string>{"Morocco"});
  b.add("FRA", "France", "LOC", std::vector<std::string>{"République française"});
  b.add("MAR", "Maroc", "LOC", std::vector<std::string>{"المغرب"});
  a.merge(b);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a.id(1), "FRA");
  EXPECT_EQ(aliases_of(a, 0), (std::vector<std::string>{"Morocco", "المغرب"}));
  c.add("MAR", "Maroc", "country", std::vector<std::string>{});
  EXPECT_THROW(a.merge(c), InvalidArgument);
}

TEST(Gazetteer, ReadsTheSharedCsvFiles) {
  if (!std::filesystem::exists(kShared + "countries/countries.csv")) GTEST_SKIP() << "no shared data";
  const Gazetteer countries = Gazetteer::from_csv(kShared + "countries/countries.csv");
  EXPECT_EQ(countries.size(), 250u);
  const std::size_t mar = countries.find("MAR");
  ASSERT_NE(mar, static_cast<std::size_t>(-1));
  EXPECT_EQ(countries.name(mar), "Morocco");
  EXPECT_EQ(countries.type(mar), "country");
  const std::vector<std::string> mar_aliases = aliases_of(countries, mar);
  for (const char* a : {"Maroc", "Royaume du Maroc", "MA", "المغرب"}) {
    EXPECT_NE(std::find(mar_aliases.begin(), mar_aliases.end(), a), mar_aliases.end()) << a;
  }
  const Gazetteer cities = Gazetteer::from_csv(kShared + "cities/cities.csv");
  EXPECT_EQ(cities.size(), 32847u);
  const Gazetteer persons = Gazetteer::from_csv(kShared + "persons/persons.csv");
  EXPECT_EQ(persons.size(), 668u);
  EXPECT_EQ(persons.name(persons.find("Q26036628")), "Nasser Bourita");
  EXPECT_EQ(persons.name(persons.find("Q3910")), "Albert II, Prince of Monaco");  // quoted field
  const std::size_t total = countries.alias_count() + cities.alias_count() + persons.alias_count() +
                            countries.size() + cities.size() + persons.size();
  EXPECT_GT(total, 160000u);
  EXPECT_LT(total, 175000u);
  EXPECT_TRUE(cities.bad_rows().empty());
}

TEST(Gazetteer, CsvQuotingCrlfBomAndColumnOrder) {
  const Gazetteer g = Gazetteer::from_csv_text(
      "\xEF\xBB\xBFtype,Aliases,name,id,extra\r\n"
      "LOC,\"Tanger|Tangier\",\"Tanger, la \"\"ville\"\"\",1,x\r\n"
      "\r\n"
      "PER,,\"Two\nlines\",2,y\n",
      "g.csv");
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g.id(0), "1");
  EXPECT_EQ(g.name(0), "Tanger, la \"ville\"");
  EXPECT_EQ(aliases_of(g, 0), (std::vector<std::string>{"Tanger", "Tangier"}));
  EXPECT_EQ(g.name(1), "Two\nlines");
  EXPECT_EQ(g.type(1), "PER");
}

TEST(Gazetteer, TsvByExtensionAndOptionalColumns) {
  const Gazetteer g = Gazetteer::from_csv_text("id\tname\n1\tRabat, capitale\n", "places.tsv");
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g.name(0), "Rabat, capitale");
  EXPECT_EQ(g.type(0), "");
  CsvOptions o;
  o.delimiter = ';';
  o.alias_separator = '/';
  const Gazetteer h = Gazetteer::from_csv_text("id;name;aliases\n1;Rabat;Ribat/الرباط\n", "x.txt", o);
  EXPECT_EQ(aliases_of(h, 0), (std::vector<std::string>{"Ribat", "الرباط"}));
}

TEST(Gazetteer, CsvErrorsNameTheFileAndLine) {
  const std::string header = "id,name,type,aliases\n";
  EXPECT_EQ(error_of(header + "1,Rabat,LOC,\n,Fès,LOC,\n"),
            "g.csv:3: missing id (every entity needs a non-empty id)");
  EXPECT_EQ(error_of(header + "1,,LOC,\n"), "g.csv:2: entity '1' has an empty name");
  EXPECT_EQ(error_of(header + "1,Rabat,LOC\n"), "g.csv:2: wrong column count: expected 4 fields, got 3");
  EXPECT_EQ(error_of(header + "1,\"Rabat\"x,LOC,\n"),
            "g.csv:2: bad quoting: text after the closing quote of a field");
  EXPECT_EQ(error_of(header + "1,Ra\"bat,LOC,\n"),
            "g.csv:2: bad quoting: '\"' inside an unquoted field (quote the field and double the quote)");
  EXPECT_EQ(error_of(header + "\n\n1,\"Rabat,LOC,\n2,Fès,LOC,\n"),
            "g.csv:4: bad quoting: the quoted field opened on this line is never closed");
  EXPECT_EQ(error_of(header + "1,Rabat,LOC,\n1,Rabat,ORG,\n"),
            "g.csv:3: duplicate id '1' with type 'ORG' conflicts with its earlier type 'LOC'");
  EXPECT_EQ(error_of(header + "1,Rab\xC3t,LOC,\n"), "g.csv:2: name is not valid UTF-8 (byte 3)");
  EXPECT_NE(error_of("identifier,label\n1,x\n").find("g.csv:1: the header must name the columns id and name"),
            std::string::npos);
  EXPECT_NE(error_of("id\tname\n1\tx\n").find("delimiter='\\t'"), std::string::npos);
  EXPECT_EQ(error_of(""), "g.csv:1: empty file: expected a header id,name,type,aliases");
}

TEST(Gazetteer, SkipBadRowsReportsEveryOne) {
  CsvOptions o;
  o.skip_bad_rows = true;
  const Gazetteer g = Gazetteer::from_csv(kTestData + "gazetteer_bad_rows.csv", o);
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g.name(0), "Rabat");
  EXPECT_EQ(g.name(1), "Fès");
  EXPECT_EQ(g.name(2), "Tanger, la ville\ndu détroit");
  EXPECT_EQ(aliases_of(g, 2), (std::vector<std::string>{"Tangier", "طنجة"}));
  std::vector<std::size_t> lines;
  for (const BadRow& r : g.bad_rows()) {
    lines.push_back(r.line);
    EXPECT_EQ(r.message.rfind(kTestData + "gazetteer_bad_rows.csv:" + std::to_string(r.line) + ": ", 0), 0u)
        << r.message;
  }
  EXPECT_EQ(lines, (std::vector<std::size_t>{3, 5, 6, 7, 8, 9}));
  EXPECT_THROW(Gazetteer::from_csv(kTestData + "gazetteer_bad_rows.csv"), InvalidArgument);
}

TEST(Gazetteer, MissingFileIsAnIoErrorNamingIt) {
  try {
    Gazetteer::from_csv(kTestData + "no_such_gazetteer.csv");
    FAIL();
  } catch (const IoError& e) {
    EXPECT_EQ(e.path(), kTestData + "no_such_gazetteer.csv");
    EXPECT_NE(std::string(e.what()).find("no_such_gazetteer.csv"), std::string::npos);
  }
  EXPECT_THROW(Gazetteer::from_csv(kTestData), IoError);  // a directory
}

TEST(Gazetteer, AliasCaseNames) {
  for (AliasCase c : {AliasCase::kAuto, AliasCase::kIgnore, AliasCase::kCapitalized, AliasCase::kExact}) {
    EXPECT_EQ(parse_alias_case(to_string(c)), c);
  }
  EXPECT_THROW(parse_alias_case("EXACT"), InvalidArgument);
}

}  // namespace
}  // namespace newsnlp
