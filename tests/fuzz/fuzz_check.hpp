// What the fuzz targets share: a check that stops the run with a message (libFuzzer then
// saves the input), a reference UTF-8 decoder, and the helpers that turn fuzz bytes into
// well-formed text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "newsnlp/text.hpp"

// Aborts with the failed condition; libFuzzer reports it as a crash and keeps the input.
#define NEWSNLP_FUZZ_CHECK(cond)                                                    \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                 \
    }                                                                               \
  } while (0)

namespace newsnlp::fuzz {

// The sequence starting at s[i] by Unicode Table 3-7, written plainly (one byte at a
// time, no tables): its length when well-formed (0 otherwise), and the length of its
// maximal subpart (the bytes that start some well-formed sequence, at least 1).
struct Utf8Sequence {
  std::size_t length;
  std::size_t subpart;
};
inline Utf8Sequence reference_sequence(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned b = byte(i);
  std::size_t n;
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b < 0x80) {
    return {1, 1};
  } else if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    if (b == 0xE0) lo = 0xA0;  // overlong
    if (b == 0xED) hi = 0x9F;  // surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    if (b == 0xF0) lo = 0x90;  // overlong
    if (b == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return {0, 1};  // 80-C1, F5-FF
  }
  std::size_t k = 1;
  for (; k < n && i + k < s.size(); ++k) {
    const unsigned c = byte(i + k);
    if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) break;
  }
  return k == n ? Utf8Sequence{n, n} : Utf8Sequence{0, k};
}

// Byte offset of the first ill-formed sequence, or npos: the reference for
// find_invalid_utf8.
inline std::size_t reference_invalid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const Utf8Sequence q = reference_sequence(s, i);
    if (q.length == 0) return i;
    i += q.length;
  }
  return std::string_view::npos;
}

// Each maximal subpart replaced by U+FFFD (Python's decode "replace"): the reference for
// repair_utf8.
inline std::string reference_repair_utf8(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const Utf8Sequence q = reference_sequence(s, i);
    if (q.length == 0) {
      out += "\xEF\xBF\xBD";
      i += q.subpart;
    } else {
      out.append(s.substr(i, q.length));
      i += q.length;
    }
  }
  return out;
}

inline bool is_valid_utf8(std::string_view s) {
  return reference_invalid_utf8(s) == std::string_view::npos;
}

inline bool is_code_point_boundary(std::string_view s, std::size_t at) {
  return at == s.size() || (static_cast<unsigned char>(s[at]) & 0xC0) != 0x80;
}

// Text made of the characters that segmentation and news rules distinguish, one per fuzz
// byte: random bytes alone rarely form the letters, marks, apostrophes, digits and emoji
// that the rules meet on.
inline std::string pooled_text(std::string_view bytes) {
  static constexpr char32_t kPool[] = {
      'a', 'Z', 'e', 'L', 'l', 'U', 'S', 'M', 'r', 't', 'i', 0xE9, 0xC9, 0xDF, 0x0130,
      0x0627, 0x0644, 0x0640, 0x064E, 0x3B1, 0x3A3, '0', '7', 0x0663, 0xFF11, ':', 0xB7,
      ',', ';', '.', 0x2019, 0x2018, 0xB4, 0x2BC, 0x2026, '\'', '"', '_', 0x0308, 0x0301,
      0xFE0F, 0x1F3FB, 0x00AD, 0x200B, 0x2060, 0xFEFF, 0x200D, 0x200C, 0x1F600, 0x2764,
      0x1F1EB, 0x1F1F7, 0x20E3, '#', '@', '/', '-', 0x2011, 0x2013, 0x2212, '+', '%', 0x20AC,
      0x05D0, 0x30A2, 0x3042, 0x4E00, 0x0E01, 0x0E32, 0x1780, 0xAC00, 0xFB01, 0x2160,
      '\r', '\n', 0x85, 0x2028, 0x2029, ' ', ' ', ' ', 0x3000, 0xA0, 0x202F, '\t', 0,
      '!', '?', 0x061F, 0x3002, ')', '(', 0xAB, 0xBB, 0x201C, 0x201D, 'h', 'p', 'w', 'o',
      'c', 'm', 'q', 'd', 'u', 'n', 's', 'E', 'D', 'x', 0x10FFFD, 0xE0067,
  };
  std::string out;
  for (const char b : bytes) {
    const char32_t c = kPool[static_cast<unsigned char>(b) % (sizeof kPool / sizeof kPool[0])];
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

// Fuzz bytes as well-formed text: odd mode bytes take them through pooled_text, even
// ones repair them (real text from the seeds stays as it is).
inline std::string fuzz_text(std::uint8_t mode, std::string_view bytes) {
  return (mode & 1) ? pooled_text(bytes) : repair_utf8(bytes);
}

// The lines of `input` (views into it), the last one possibly empty.
inline std::vector<std::string_view> split_lines(std::string_view input) {
  std::vector<std::string_view> lines;
  for (std::size_t begin = 0; begin <= input.size();) {
    std::size_t end = input.find('\n', begin);
    if (end == std::string_view::npos) end = input.size();
    lines.push_back(input.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

}  // namespace newsnlp::fuzz
