// The Python boundary for text: borrowing UTF-8 from str/bytes and turning byte offsets
// into code-point offsets. The only place that converts offsets.
#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace newsnlp::python {

enum class Errors { kStrict, kReplace };

Errors parse_errors(const std::string& errors);

// A document ready for C++: `text` is the str users index (the decoded and, with
// errors="replace", repaired input) and `utf8` borrows its UTF-8 (cached on the str).
struct BorrowedText {
  pybind11::str text;
  std::string_view utf8;
  bool ascii = false;  // byte offsets are code-point offsets
};

// Accepts str or bytes (decoded as UTF-8). Strict: invalid bytes raise InvalidUtf8Error,
// lone surrogates UnicodeEncodeError; replace: both become U+FFFD. `document` (>= 0 in a
// batch) is named in messages. Needs the GIL.
BorrowedText borrow_text(const pybind11::handle& obj, Errors errors, long long document = -1);

// Every item of a sequence borrowed as by borrow_text(), item i named as document
// first_index + i in errors, with the UTF-8 views that C++ batch calls take.
struct BorrowedBatch {
  std::vector<BorrowedText> texts;
  std::vector<std::string_view> views;
};
BorrowedBatch borrow_batch(const pybind11::sequence& texts, Errors errors,
                           long long first_index = 0);

// Converts ascending byte offsets of `utf8` to code-point offsets in place; `offsets`
// must be sorted. Needs no GIL.
void bytes_to_code_points(std::string_view utf8, std::vector<std::uint32_t>& offsets);

// Maps byte offsets of `utf8` to code-point offsets by walking forward; the offsets fed to
// it must not decrease. Needs no GIL.
class CodePointCursor {
 public:
  explicit CodePointCursor(std::string_view utf8) : utf8_(utf8) {}
  std::uint32_t operator()(std::uint32_t byte_offset);

 private:
  std::string_view utf8_;
  std::uint32_t byte_ = 0;
  std::uint32_t code_point_ = 0;
};

}  // namespace newsnlp::python
