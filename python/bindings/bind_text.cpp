// Text functions: normalization, plain UAX #29 boundaries, built-in stop words.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cctype>

#include "bind.hpp"
#include "newsnlp/boundaries.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/stop_words.hpp"
#include "newsnlp/text.hpp"
#include "offsets.hpp"

namespace py = pybind11;

namespace newsnlp::python {

Normalization parse_normalization(const std::string& name) {
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (upper == "NFKC") return Normalization::kNFKC;
  if (upper == "NFC") return Normalization::kNFC;
  if (upper == "NONE") return Normalization::kNone;
  throw InvalidArgument("normalization must be 'NFKC', 'NFC' or 'none' (got '" + name + "')");
}

NormOptions make_norm_options(const std::string& normalization, bool lowercase, bool fold_accents,
                              bool unify_punctuation, bool fold_arabic) {
  NormOptions o;
  o.normalization = parse_normalization(normalization);
  o.lowercase = lowercase;
  o.fold_accents = fold_accents;
  o.unify_punctuation = unify_punctuation;
  o.fold_arabic = fold_arabic;
  return o;
}

namespace {

// Boundaries of `text` from `fn` (byte offsets), as code-point offsets.
template <class Fn>
std::vector<std::uint32_t> boundaries(const py::handle& text, const std::string& errors, Fn fn) {
  const BorrowedText borrowed = borrow_text(text, parse_errors(errors));
  std::vector<std::uint32_t> offsets;
  {
    py::gil_scoped_release release;
    const std::vector<std::size_t> bytes = fn(borrowed.utf8);
    offsets.assign(bytes.begin(), bytes.end());
    if (!borrowed.ascii) bytes_to_code_points(borrowed.utf8, offsets);
  }
  return offsets;
}

}  // namespace

void bind_text(py::module_& m) {
  py::class_<TextNormalizer>(m, "TextNormalizer")
      .def(py::init([](const std::string& normalization, bool lowercase, bool fold_accents,
                       bool unify_punctuation, bool fold_arabic) {
             return TextNormalizer(make_norm_options(normalization, lowercase, fold_accents,
                                                     unify_punctuation, fold_arabic));
           }),
           py::kw_only(), NEWSNLP_NORM_ARGS)
      .def("normalize", [](const TextNormalizer& self, const py::handle& text, const std::string& errors) {
             const BorrowedText borrowed = borrow_text(text, parse_errors(errors));
             std::string out;
             {
               py::gil_scoped_release release;
               self.append_normalized(borrowed.utf8, out);
             }
             return py::str(out);
           }, py::arg("text"), py::kw_only(), py::arg("errors") = "strict");

  m.def("word_boundaries", [](const py::handle& text, const std::string& errors) {
          return boundaries(text, errors, [](std::string_view s) { return word_boundaries(s); });
        }, py::arg("text"), py::kw_only(), py::arg("errors") = "strict");
  m.def("sentence_boundaries", [](const py::handle& text, const std::string& errors) {
          return boundaries(text, errors, [](std::string_view s) { return sentence_boundaries(s); });
        }, py::arg("text"), py::kw_only(), py::arg("errors") = "strict");
  m.def("builtin_stop_words", [](const std::string& lang) { return builtin_stop_words(lang); },
        py::arg("lang"));
}

}  // namespace newsnlp::python
