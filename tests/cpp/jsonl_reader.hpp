// Reads one string field from each line of a JSON Lines file: just enough JSON for the
// corpora under shared/data (top-level objects, string escapes incl. surrogate pairs).
#pragma once

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "detail/utf8.hpp"

namespace newsnlp::testing {
namespace jsonl_detail {

inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads the 4 hex digits at line[i]; -1 when they are not there.
inline long read_hex4(const std::string& line, std::size_t i) {
  if (i + 4 > line.size()) return -1;
  long value = 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    const int d = hex_digit(line[k]);
    if (d < 0) return -1;
    value = value * 16 + d;
  }
  return value;
}

// Parses the JSON string whose opening quote is line[i]; returns the index after its
// closing quote. Lone surrogates become U+FFFD, as Python's json + UTF-8 "replace" would.
inline std::size_t parse_string(const std::string& line, std::size_t i, std::string& out) {
  out.clear();
  for (++i; i < line.size() && line[i] != '"'; ++i) {
    if (line[i] != '\\') {
      out.push_back(line[i]);
      continue;
    }
    if (++i >= line.size()) break;
    switch (line[i]) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'u': {
        long cp = read_hex4(line, i + 1);
        if (cp < 0) break;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 2 < line.size() && line[i + 1] == '\\' &&
            line[i + 2] == 'u') {
          const long low = read_hex4(line, i + 3);
          if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
        newsnlp::detail::append_utf8(out, static_cast<char32_t>(cp));
        break;
      }
      default: out.push_back(line[i]);  // \" \\ \/
    }
  }
  return i + 1;
}

}  // namespace jsonl_detail

// The string value of top-level key `field` on each line of `path` that has one, up to
// `max_docs` values. Empty when the file cannot be opened.
inline std::vector<std::string> read_jsonl_field(const std::string& path,
                                                 const std::string& field,
                                                 std::size_t max_docs = SIZE_MAX) {
  std::vector<std::string> values;
  std::ifstream in(path);
  std::string line, token;
  while (values.size() < max_docs && std::getline(in, line)) {
    int depth = 0;
    for (std::size_t i = 0; i < line.size();) {
      const char c = line[i];
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') --depth;
      if (c != '"') {
        ++i;
        continue;
      }
      i = jsonl_detail::parse_string(line, i, token);
      std::size_t j = line.find_first_not_of(" \t", i);
      if (depth != 1 || j == std::string::npos || line[j] != ':' || token != field) continue;
      j = line.find_first_not_of(" \t", j + 1);
      if (j != std::string::npos && line[j] == '"') {
        jsonl_detail::parse_string(line, j, token);
        values.push_back(token);
      }
      break;
    }
  }
  return values;
}

}  // namespace newsnlp::testing
