#include "newsnlp/boundaries.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "newsnlp/error.hpp"
#include "unicode_test_file.hpp"

namespace {

using newsnlp::testing::BreakTestCase;

// Checks `compute` on every case of a Unicode test file: equal to the file, except for
// the cases `is_deviation` names, which must still differ from it.
void check_conformance(const std::string& file_name,
                       const std::function<std::vector<std::size_t>(std::string_view)>& compute,
                       const std::function<bool(const BreakTestCase&)>& is_deviation) {
  if (!std::filesystem::exists(NEWSNLP_SHARED_DATA)) GTEST_SKIP() << "no shared data folder";
  const std::string path = newsnlp::testing::unicode_test_path(file_name);
  const std::vector<BreakTestCase> cases = newsnlp::testing::read_break_tests(path);
  ASSERT_GT(cases.size(), 100u) << "cannot read " << path;
  int passed = 0, deviations = 0;
  for (const BreakTestCase& c : cases) {
    const std::vector<std::size_t> got = compute(c.utf8);
    if (is_deviation(c)) {
      ++deviations;
      EXPECT_NE(got, c.boundaries) << "line " << c.line_number << " no longer deviates: "
                                   << c.source << " (remove it from the known list)";
    } else {
      passed += got == c.boundaries;
      EXPECT_EQ(got, c.boundaries) << "line " << c.line_number << ": " << c.source;
    }
  }
  std::printf("[ %s ] %d of %zu lines match, %d known ICU deviations\n", file_name.c_str(),
              passed, cases.size(), deviations);
}

}  // namespace

TEST(Boundaries, WordBreakTestConformance) {
  check_conformance("WordBreakTest.txt", newsnlp::word_boundaries,
                    newsnlp::testing::is_known_word_deviation);
}

TEST(Boundaries, SentenceBreakTestConformance) {
  check_conformance("SentenceBreakTest.txt", newsnlp::sentence_boundaries,
                    [](const BreakTestCase&) { return false; });
}

TEST(Boundaries, EmptyTextHasOneBoundary) {
  EXPECT_EQ(newsnlp::word_boundaries(""), std::vector<std::size_t>{0});
  EXPECT_EQ(newsnlp::sentence_boundaries(""), std::vector<std::size_t>{0});
}

TEST(Boundaries, OffsetsAreBytes) {
  // "été là" : é and à are two bytes each.
  EXPECT_EQ(newsnlp::word_boundaries("\xC3\xA9t\xC3\xA9 l\xC3\xA0"),
            (std::vector<std::size_t>{0, 5, 6, 9}));
  EXPECT_EQ(newsnlp::sentence_boundaries("Il pleut. Il vente."),
            (std::vector<std::size_t>{0, 10, 19}));
}

TEST(Boundaries, InvalidUtf8ThrowsWithOffset) {
  for (auto* segment : {&newsnlp::word_boundaries, &newsnlp::sentence_boundaries}) {
    try {
      (*segment)(std::string_view("abc \xC3(", 6));
      FAIL() << "no exception";
    } catch (const newsnlp::InvalidUtf8& e) {
      EXPECT_EQ(e.byte_offset(), 4u);
    }
    EXPECT_THROW((*segment)("ok\xED\xA0\x80"), newsnlp::InvalidUtf8);  // encoded surrogate
  }
}
