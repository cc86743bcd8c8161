// Reads Unicode's WordBreakTest.txt / SentenceBreakTest.txt, and names the cases where
// ICU's root rules knowingly differ from them.
#pragma once

#include <unicode/uvernum.h>

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "detail/utf8.hpp"
#include "newsnlp/version.hpp"

namespace newsnlp::testing {

struct BreakTestCase {
  int line_number = 0;
  std::string source;  // the line without its comment, e.g. "÷ 0061 × 0062 ÷"
  std::vector<char32_t> code_points;
  std::string utf8;
  std::vector<std::size_t> boundaries;  // byte offsets into utf8, from 0 to utf8.size()
  std::vector<bool> joined;             // per code point: "×" right before it
};

// Path of a test file for the Unicode version of the linked ICU.
inline std::string unicode_test_path(const std::string& file_name) {
  return std::string(NEWSNLP_SHARED_DATA) + "/unicode/" + newsnlp::unicode_version() + "/" +
         file_name;
}

// The cases of a *BreakTest.txt file; empty when the file cannot be opened.
inline std::vector<BreakTestCase> read_break_tests(const std::string& path) {
  std::vector<BreakTestCase> cases;
  std::ifstream in(path);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    line = line.substr(0, line.find('#'));
    std::istringstream fields(line);
    BreakTestCase c;
    bool join_next = false;
    for (std::string field; fields >> field;) {
      if (field == "\xC3\xB7") {  // ÷
        c.boundaries.push_back(c.utf8.size());
        join_next = false;
      } else if (field == "\xC3\x97") {  // ×
        join_next = true;
      } else {
        const auto cp = static_cast<char32_t>(std::stoul(field, nullptr, 16));
        c.code_points.push_back(cp);
        c.joined.push_back(join_next);
        newsnlp::detail::append_utf8(c.utf8, cp);
      }
    }
    if (c.code_points.empty()) continue;
    c.line_number = number;
    c.source = line;
    cases.push_back(std::move(c));
  }
  return cases;
}

// Known deviation of ICU's root word rules from WordBreakTest.txt: since ICU 72
// (CLDR 42) the colon and its compatibility forms are no MidLetter in the root locale
// (only Swedish and Finnish tailor them back), so "a:b" splits where WB6/WB7 join it.
// The affected cases are those that join a colon to what precedes it.
inline bool is_known_word_deviation(const BreakTestCase& c) {
  if (U_ICU_VERSION_MAJOR_NUM < 72) return false;
  for (std::size_t i = 0; i < c.code_points.size(); ++i) {
    const char32_t cp = c.code_points[i];
    if ((cp == 0x003A || cp == 0xFE55 || cp == 0xFF1A) && c.joined[i]) return true;
  }
  return false;
}

}  // namespace newsnlp::testing
