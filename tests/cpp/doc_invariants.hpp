// Checks the promises a Doc makes about its text; shared by the tokenizer test files.
#pragma once

#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <string>

#include "newsnlp/tokenizer.hpp"

namespace newsnlp::testing {

inline bool is_space_or_control(UChar32 c) {
  return u_isUWhiteSpace(c) || u_charType(c) == U_CONTROL_CHAR || u_charType(c) == U_FORMAT_CHAR ||
         u_charType(c) == U_SPACE_SEPARATOR;
}

// Checks every invariant a Doc promises about `text`; returns the number of tokens.
inline std::size_t check_invariants(const std::string& text, const Doc& doc) {
  std::uint32_t previous_end = 0;
  for (const Token& t : doc.tokens()) {
    EXPECT_LT(t.span.begin, t.span.end);
    EXPECT_LE(t.span.end, text.size());
    EXPECT_LE(previous_end, t.span.begin);
    // Everything skipped between tokens is white space, controls or format characters.
    for (int32_t i = static_cast<int32_t>(previous_end); i < static_cast<int32_t>(t.span.begin);) {
      UChar32 c;
      U8_NEXT(text.data(), i, static_cast<int32_t>(text.size()), c);
      EXPECT_TRUE(is_space_or_control(c)) << "dropped U+" << std::hex << c << " in " << text;
    }
    // No white space inside a token, but for the no-break spaces of digit groups.
    for (int32_t i = static_cast<int32_t>(t.span.begin); i < static_cast<int32_t>(t.span.end);) {
      UChar32 c;
      U8_NEXT(text.data(), i, static_cast<int32_t>(text.size()), c);
      const bool group_space = t.kind == TokenKind::kNumber && (c == 0xA0 || c == 0x202F || c == 0x2009 || c == 0x2007);
      EXPECT_TRUE(!u_isUWhiteSpace(c) || group_space) << "space inside token in " << text;
    }
    // Spans start and end on code point boundaries.
    EXPECT_FALSE(U8_IS_TRAIL(static_cast<uint8_t>(text[t.span.begin])));
    if (t.span.end < text.size()) {
      EXPECT_FALSE(U8_IS_TRAIL(static_cast<uint8_t>(text[t.span.end])));
    }
    previous_end = t.span.end;
  }
  for (int32_t i = static_cast<int32_t>(previous_end); i < static_cast<int32_t>(text.size());) {
    UChar32 c;
    U8_NEXT(text.data(), i, static_cast<int32_t>(text.size()), c);
    EXPECT_TRUE(is_space_or_control(c)) << "dropped trailing U+" << std::hex << c;
  }
  return doc.size();
}

}  // namespace newsnlp::testing
