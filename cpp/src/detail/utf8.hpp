// Minimal UTF-8 decoding and encoding for text that has already been validated.
#pragma once

#include <string>

namespace newsnlp::detail {

// Decodes the code point starting at `p` (p < end) into `cp` and returns its length in
// bytes (1 to 4). `text` must be well-formed UTF-8 (see newsnlp::validate_utf8): on
// ill-formed input `cp` is unspecified, but the read never reaches `end` and the length
// is at least 1, so a decoding loop always terminates.
inline int decode_utf8(const char* p, const char* end, char32_t& cp) noexcept {
  const auto b0 = static_cast<unsigned char>(p[0]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  const int length = b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  if (end - p < length) {
    cp = 0xFFFD;
    return 1;
  }
  const auto b1 = static_cast<unsigned char>(p[1]) & 0x3Fu;
  if (length == 2) {
    cp = ((b0 & 0x1Fu) << 6) | b1;
    return 2;
  }
  const auto b2 = static_cast<unsigned char>(p[2]) & 0x3Fu;
  if (length == 3) {
    cp = ((b0 & 0x0Fu) << 12) | (b1 << 6) | b2;
    return 3;
  }
  const auto b3 = static_cast<unsigned char>(p[3]) & 0x3Fu;
  cp = ((b0 & 0x07u) << 18) | (b1 << 12) | (b2 << 6) | b3;
  return 4;
}

// Appends the UTF-8 encoding of `cp`, a Unicode scalar value (not a surrogate, at most
// U+10FFFF).
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    const char bytes[] = {static_cast<char>(0xC0 | (cp >> 6)),
                          static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(bytes, 2);
  } else if (cp < 0x10000) {
    const char bytes[] = {static_cast<char>(0xE0 | (cp >> 12)),
                          static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                          static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(bytes, 3);
  } else {
    const char bytes[] = {static_cast<char>(0xF0 | (cp >> 18)),
                          static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
                          static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                          static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(bytes, 4);
  }
}

}  // namespace newsnlp::detail
