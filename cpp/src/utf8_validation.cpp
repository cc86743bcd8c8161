// UTF-8 validation and repair (find_invalid_utf8, validate_utf8, repair_utf8 of text.hpp):
// the well-formed byte sequences of Unicode Table 3-7, errors that name the first bad
// byte and why, and repair by maximal subparts, as Python's "replace" error handler.
#include "newsnlp/text.hpp"

#include <cstdio>
#include <cstring>
#include <string>

#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

// A UTF-8 sequence starting at a non-ASCII byte: its length when well-formed, otherwise
// the length of its maximal subpart (Unicode 3.9, "U+FFFD Substitution of Maximal
// Subparts"), which is what Python's "replace" error handler replaces with one U+FFFD.
struct Sequence {
  int length;
  bool valid;
};

Sequence scan_sequence(const unsigned char* p, const unsigned char* end) {
  const unsigned b0 = p[0];
  int trail = 0;
  unsigned lo = 0x80, hi = 0xBF;  // range of the second byte, Unicode Table 3-7
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    trail = 1;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    trail = 2;
    if (b0 == 0xE0) lo = 0xA0;  // below: overlong
    if (b0 == 0xED) hi = 0x9F;  // above: surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    trail = 3;
    if (b0 == 0xF0) lo = 0x90;  // below: overlong
    if (b0 == 0xF4) hi = 0x8F;  // above: beyond U+10FFFF
  } else {
    return {1, false};
  }
  if (end - p < 2 || p[1] < lo || p[1] > hi) return {1, false};
  for (int i = 2; i <= trail; ++i) {
    if (end - p <= i || (p[i] & 0xC0) != 0x80) return {i, false};
  }
  return {trail + 1, true};
}

// The first ill-formed sequence in [p, end), or end.
const unsigned char* find_ill_formed(const unsigned char* p, const unsigned char* end) {
  while (p < end) {
    if (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        p += 8;
        continue;
      }
    }
    if (*p < 0x80) {
      ++p;
      continue;
    }
    // Fast paths for the common well-formed 2- and 3-byte forms (Latin, Arabic, punctuation);
    // E0, ED and anything unusual take the full check below.
    if (*p >= 0xC2 && *p <= 0xDF && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
      p += 2;
      continue;
    }
    if (*p >= 0xE1 && *p <= 0xEF && *p != 0xED && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
        (p[2] & 0xC0) == 0x80) {
      p += 3;
      continue;
    }
    const Sequence s = scan_sequence(p, end);
    if (!s.valid) return p;
    p += s.length;
  }
  return end;
}

// Why the sequence at `p`, whose maximal subpart has `length` bytes, is ill-formed.
const char* ill_formed_reason(const unsigned char* p, const unsigned char* end, int length) {
  const unsigned b0 = p[0];
  if (b0 < 0xC0) return "continuation byte without a lead byte";
  if (b0 < 0xC2) return "overlong encoding";
  if (b0 > 0xF4) return "bytes 0xF5..0xFF never occur in UTF-8";
  if (end - p == length) return "sequence truncated at end of input";
  if (length == 1 && (p[1] & 0xC0) == 0x80) {  // a continuation byte out of its range
    if (b0 == 0xED) return "encoded surrogate (U+D800..U+DFFF)";
    if (b0 == 0xF4) return "code point above U+10FFFF";
    return "overlong encoding";  // E0 or F0
  }
  return "expected a continuation byte (0x80..0xBF)";
}

std::string ill_formed_message(const unsigned char* begin, const unsigned char* p,
                               const unsigned char* end) {
  const int length = scan_sequence(p, end).length;
  // Show the maximal subpart and the byte that ended it, unless the lead byte alone is bad.
  const bool bad_lead = p[0] < 0xC0 || p[0] > 0xF4;
  const int shown = bad_lead || end - p == length ? length : length + 1;
  std::string bytes;
  for (int i = 0; i < shown; ++i) {
    char hex[6];
    std::snprintf(hex, sizeof hex, "0x%02X", p[i]);
    if (i > 0) bytes += ' ';
    bytes += hex;
  }
  return "invalid UTF-8 at byte " + std::to_string(p - begin) + " (" + bytes +
         "): " + ill_formed_reason(p, end, length) +
         "; decode the input with its real encoding, or replace invalid bytes with U+FFFD "
         "(errors=\"replace\" in Python, repair_utf8 in C++)";
}

const unsigned char* bytes_of(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view text) noexcept {
  const unsigned char* begin = bytes_of(text);
  const unsigned char* bad = find_ill_formed(begin, begin + text.size());
  return bad == begin + text.size() ? std::string_view::npos
                                    : static_cast<std::size_t>(bad - begin);
}

void validate_utf8(std::string_view text) {
  if (text.size() > kMaxTextBytes) {
    throw InvalidArgument("text is " + std::to_string(text.size()) +
                          " bytes, more than kMaxTextBytes (" + std::to_string(kMaxTextBytes) +
                          "); split it into smaller documents");
  }
  const unsigned char* begin = bytes_of(text);
  const unsigned char* end = begin + text.size();
  const unsigned char* bad = find_ill_formed(begin, end);
  if (bad != end) {
    throw InvalidUtf8(ill_formed_message(begin, bad, end), static_cast<std::size_t>(bad - begin));
  }
}

std::string repair_utf8(std::string_view text) {
  const unsigned char* begin = bytes_of(text);
  const unsigned char* end = begin + text.size();
  const unsigned char* p = find_ill_formed(begin, end);
  std::string out(text.substr(0, static_cast<std::size_t>(p - begin)));
  while (p < end) {
    out += "\xEF\xBF\xBD";
    p += scan_sequence(p, end).length;
    const unsigned char* next = find_ill_formed(p, end);
    out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(next - p));
    p = next;
  }
  return out;
}

}  // namespace newsnlp
