#include "offsets.hpp"

#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "errors.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/text.hpp"

namespace py = pybind11;

namespace newsnlp::python {
namespace {

std::string where(long long document) {
  return document >= 0 ? "document " + std::to_string(document) + ": " : std::string();
}

// A copy of `s` with each lone surrogate replaced by U+FFFD: one code point for one, so
// offsets into the result are offsets into the input.
py::str replace_surrogates(const py::str& s) {
  const Py_ssize_t n = PyUnicode_GET_LENGTH(s.ptr());
  std::u32string out(static_cast<std::size_t>(n), U'\0');
  for (Py_ssize_t i = 0; i < n; ++i) {
    const Py_UCS4 c = PyUnicode_READ_CHAR(s.ptr(), i);
    out[static_cast<std::size_t>(i)] = (c >= 0xD800 && c <= 0xDFFF) ? U'\uFFFD' : c;
  }
  PyObject* r = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out.data(), n);
  if (!r) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(r);
}

}  // namespace

Errors parse_errors(const std::string& errors) {
  if (errors == "strict") return Errors::kStrict;
  if (errors == "replace") return Errors::kReplace;
  throw InvalidArgument("errors must be 'strict' or 'replace' (got '" + errors + "')");
}

BorrowedText borrow_text(const py::handle& obj, Errors errors, long long document) {
  BorrowedText out;
  if (PyUnicode_Check(obj.ptr())) {
    out.text = py::reinterpret_borrow<py::str>(obj);
  } else if (PyBytes_Check(obj.ptr()) || PyByteArray_Check(obj.ptr())) {
    const std::string_view raw = PyBytes_Check(obj.ptr())
        ? std::string_view(PyBytes_AS_STRING(obj.ptr()), PyBytes_GET_SIZE(obj.ptr()))
        : std::string_view(PyByteArray_AS_STRING(obj.ptr()), PyByteArray_GET_SIZE(obj.ptr()));
    const std::size_t bad = find_invalid_utf8(raw);
    std::string repaired;
    std::string_view valid = raw;
    if (bad != std::string_view::npos) {
      if (errors == Errors::kStrict) {
        try {
          validate_utf8(raw);
        } catch (const InvalidUtf8& e) {
          throw InvalidUtf8(where(document) + e.what(), e.byte_offset(), document);
        }
      }
      repaired = repair_utf8(raw);
      valid = repaired;
    }
    PyObject* s = PyUnicode_DecodeUTF8(valid.data(), static_cast<Py_ssize_t>(valid.size()), "strict");
    if (!s) throw py::error_already_set();
    out.text = py::reinterpret_steal<py::str>(s);
  } else {
    throw py::type_error(where(document) + "expected str or bytes, got " +
                         std::string(Py_TYPE(obj.ptr())->tp_name));
  }

  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(out.text.ptr(), &size);
  if (!data) {
    if (errors == Errors::kStrict) {
      // Name the document and the way out; keep UnicodeEncodeError's own fields.
      PyObject *type, *value, *trace;
      PyErr_Fetch(&type, &value, &trace);
      PyErr_NormalizeException(&type, &value, &trace);
      Py_ssize_t start = 0;
      PyUnicodeEncodeError_GetStart(value, &start);
      Py_XDECREF(type);
      Py_XDECREF(value);
      Py_XDECREF(trace);
      const std::string reason = where(document) + "lone surrogate at code point " +
                                 std::to_string(start) +
                                 " is not text (pass errors='replace' to turn it into U+FFFD)";
      raise_lone_surrogate(out.text, start, reason);
    }
    PyErr_Clear();
    out.text = replace_surrogates(out.text);
    data = PyUnicode_AsUTF8AndSize(out.text.ptr(), &size);
    if (!data) throw py::error_already_set();
  }
  if (static_cast<std::size_t>(size) > kMaxTextBytes) {
    throw InvalidArgument(where(document) + "text of " + std::to_string(size) +
                          " bytes is larger than the 4 GiB limit");
  }
  out.utf8 = std::string_view(data, static_cast<std::size_t>(size));
  out.ascii = PyUnicode_IS_ASCII(out.text.ptr());
  return out;
}

BorrowedBatch borrow_batch(const py::sequence& texts, Errors errors, long long first_index) {
  BorrowedBatch batch;
  const std::size_t n = texts.size();
  batch.texts.reserve(n);
  batch.views.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    batch.texts.push_back(borrow_text(texts[i], errors, first_index + static_cast<long long>(i)));
    batch.views.push_back(batch.texts.back().utf8);
  }
  return batch;
}

std::uint32_t CodePointCursor::operator()(std::uint32_t byte_offset) {
  // Counts lead bytes (everything but 10xxxxxx continuation bytes) up to byte_offset.
  const auto* s = reinterpret_cast<const unsigned char*>(utf8_.data());
#if defined(__SSE2__)
  // 16 at a time: continuation bytes are the signed bytes below -64; SAD sums their 0/1s.
  for (; byte_ + 16 <= byte_offset; byte_ += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + byte_));
    const __m128i continuation =
        _mm_and_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(-64)), _mm_set1_epi8(1));
    const __m128i sums = _mm_sad_epu8(continuation, _mm_setzero_si128());
    code_point_ += 16 - static_cast<std::uint32_t>(_mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4));
  }
#endif
  for (; byte_ < byte_offset; ++byte_) code_point_ += (s[byte_] & 0xC0) != 0x80;
  return code_point_;
}

void bytes_to_code_points(std::string_view utf8, std::vector<std::uint32_t>& offsets) {
  CodePointCursor cursor(utf8);
  for (std::uint32_t& o : offsets) o = cursor(o);
}

}  // namespace newsnlp::python
