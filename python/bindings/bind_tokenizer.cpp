// Tokenizer and Doc. Python sees code-point offsets; the Doc keeps its str alive, since
// the C++ Doc borrows the str's UTF-8 buffer.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>

#include "bind.hpp"
#include "errors.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/tokenizer.hpp"
#include "offsets.hpp"

namespace py = pybind11;

namespace newsnlp::python {
namespace {

struct PyDoc {
  py::str text;
  Doc doc;
  bool ascii = false;                           // byte offsets are code-point offsets
  std::shared_ptr<const Tokenizer> tokenizer;   // for is_stop
  // Code-point offsets, made on first use: a batch of thousands of Docs then costs no
  // memory for offsets nobody reads (the GIL serializes the lazy fill).
  bool has_offsets = false;
  std::vector<std::uint32_t> token_offsets;     // start, end per token
  std::vector<std::uint32_t> sentence_offsets;  // start, end per sentence
};

// Fills the code-point offsets of `d` from its byte spans, once.
void compute_offsets(PyDoc& d) {
  if (d.has_offsets) return;
  d.has_offsets = true;
  const bool ascii = d.ascii;
  const std::string_view utf8 = d.doc.text();
  d.token_offsets.reserve(2 * d.doc.size());
  for (const Token& t : d.doc.tokens()) {
    d.token_offsets.push_back(t.span.begin);
    d.token_offsets.push_back(t.span.end);
  }
  d.sentence_offsets.reserve(2 * d.doc.sentences().size());
  for (const Sentence& s : d.doc.sentences()) {
    d.sentence_offsets.push_back(s.span.begin);
    d.sentence_offsets.push_back(s.span.end);
  }
  if (!ascii) {  // tokens do not overlap, so start, end, start, end... never decreases
    bytes_to_code_points(utf8, d.token_offsets);
    bytes_to_code_points(utf8, d.sentence_offsets);
  }
}

template <class T>
py::array_t<T> to_array(const std::vector<std::uint32_t>& v, std::size_t columns) {
  py::array_t<T> a({static_cast<py::ssize_t>(v.size() / columns), static_cast<py::ssize_t>(columns)});
  auto out = a.template mutable_unchecked<2>();
  for (std::size_t i = 0; i < v.size(); ++i) out(i / columns, i % columns) = static_cast<T>(v[i]);
  return a;
}

std::size_t checked_index(const PyDoc& d, py::ssize_t i) {
  const auto n = static_cast<py::ssize_t>(d.doc.size());
  if (i < 0) i += n;
  if (i < 0 || i >= n) throw py::index_error("token index out of range");
  return static_cast<std::size_t>(i);
}

py::str norm_of(const PyDoc& d, std::size_t i) {
  const std::string_view n = d.doc.norm(d.doc.tokens()[i]);
  return py::str(n.data(), n.size());
}


std::vector<PyDoc> tokenize_many(const std::shared_ptr<const Tokenizer>& self,
                                 const py::sequence& texts, int n_jobs, const std::string& errors,
                                 long long first_index) {
  const Errors mode = parse_errors(errors);
  const std::size_t n = texts.size();
  BorrowedBatch batch = borrow_batch(texts, mode, first_index);
  std::vector<BorrowedText>& borrowed = batch.texts;
  const std::vector<std::string_view>& views = batch.views;
  std::vector<Doc> docs;
  {
    py::gil_scoped_release release;
    // borrow_text() validated bytes, and a str's UTF-8 is always well-formed.
    docs = self->tokenize_batch(views, n_jobs, python_interrupted, InputCheck::kAssumeValid);
  }
  std::vector<PyDoc> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i].doc = std::move(docs[i]);
    out[i].ascii = borrowed[i].ascii;
    out[i].text = std::move(borrowed[i].text);
    out[i].tokenizer = self;
  }
  return out;
}

}  // namespace

void bind_tokenizer(py::module_& m) {
  py::list kinds;
  for (int k = 0; k <= static_cast<int>(TokenKind::kHashtag); ++k) {
    kinds.append(to_string(static_cast<TokenKind>(k)));
  }
  m.attr("TOKEN_KINDS") = py::tuple(kinds);

  py::class_<PyDoc>(m, "Doc")
      .def_property_readonly("text", [](const PyDoc& d) { return d.text; })
      .def("__len__", [](const PyDoc& d) { return d.doc.size(); })
      .def("offsets", [](PyDoc& d) {
             compute_offsets(d);
             return to_array<std::int64_t>(d.token_offsets, 2);
           },
           "Token (start, end) code-point offsets, shape (n, 2).")
      .def("byte_offsets", [](const PyDoc& d) {
             std::vector<std::uint32_t> v;
             for (const Token& t : d.doc.tokens()) v.insert(v.end(), {t.span.begin, t.span.end});
             return to_array<std::int64_t>(v, 2);
           }, "Token (start, end) offsets into the UTF-8 encoding of text, shape (n, 2).")
      .def("kinds", [](const PyDoc& d) {
             py::array_t<std::uint8_t> a(static_cast<py::ssize_t>(d.doc.size()));
             auto out = a.mutable_unchecked<1>();
             for (std::size_t i = 0; i < d.doc.size(); ++i) {
               out(i) = static_cast<std::uint8_t>(d.doc.tokens()[i].kind);
             }
             return a;
           }, "Token kinds as indices into TOKEN_KINDS.")
      .def("norm", [](const PyDoc& d, py::ssize_t i) { return norm_of(d, checked_index(d, i)); })
      .def("norms", [](const PyDoc& d) {
             py::list out(d.doc.size());
             for (std::size_t i = 0; i < d.doc.size(); ++i) out[i] = norm_of(d, i);
             return out;
           })
      .def("is_stop", [](const PyDoc& d, py::ssize_t i) {
             return d.tokenizer->is_stop_word(d.doc.norm(d.doc.tokens()[checked_index(d, i)]));
           })
      .def("sentences", [](PyDoc& d) {
             compute_offsets(d);
             std::vector<std::uint32_t> v;
             for (std::size_t s = 0; s < d.doc.sentences().size(); ++s) {
               const Sentence& sent = d.doc.sentences()[s];
               v.insert(v.end(), {d.sentence_offsets[2 * s], d.sentence_offsets[2 * s + 1],
                                  sent.token_begin, sent.token_end});
             }
             return to_array<std::int64_t>(v, 4);
           }, "Sentences as rows (start, end, first token, token end), shape (m, 4).");

  py::class_<Tokenizer, std::shared_ptr<Tokenizer>>(m, "Tokenizer")
      .def(py::init([](const std::string& lang, const std::string& normalization, bool lowercase,
                       bool fold_accents, bool unify_punctuation, bool fold_arabic,
                       bool split_elisions, bool split_clitics, bool sentences,
                       bool builtin_stop_words, std::vector<std::string> stop_words,
                       std::vector<std::string> abbreviations) {
             TokenizerOptions o;
             o.lang = lang;
             o.norm = make_norm_options(normalization, lowercase, fold_accents, unify_punctuation,
                                        fold_arabic);
             o.split_elisions = split_elisions;
             o.split_clitics = split_clitics;
             o.sentences = sentences;
             o.builtin_stop_words = builtin_stop_words;
             o.stop_words = std::move(stop_words);
             o.abbreviations = std::move(abbreviations);
             return std::make_shared<Tokenizer>(std::move(o));
           }),
           py::kw_only(), py::arg("lang") = "xx", NEWSNLP_NORM_ARGS,
           py::arg("split_elisions") = true, py::arg("split_clitics") = true,
           py::arg("sentences") = true, py::arg("builtin_stop_words") = true,
           py::arg("stop_words") = std::vector<std::string>{},
           py::arg("abbreviations") = std::vector<std::string>{})
      .def("tokenize", [](const std::shared_ptr<Tokenizer>& self, const py::handle& text,
                          const std::string& errors) {
             BorrowedText borrowed = borrow_text(text, parse_errors(errors));
             PyDoc d;
             {
               py::gil_scoped_release release;
               d.doc = self->tokenize(borrowed.utf8);
             }
             d.ascii = borrowed.ascii;
             d.text = std::move(borrowed.text);
             d.tokenizer = self;
             return d;
           }, py::arg("text"), py::kw_only(), py::arg("errors") = "strict")
      .def("tokenize_batch", &tokenize_many, py::arg("texts"), py::kw_only(),
           py::arg("n_jobs") = 1, py::arg("errors") = "strict",
           py::arg("first_index") = 0)
      .def("is_stop_word", [](const Tokenizer& self, const std::string& norm) {
             return self.is_stop_word(norm);
           }, py::arg("norm"))
      .def("normalize", [](const Tokenizer& self, const py::handle& text) {
             const BorrowedText borrowed = borrow_text(text, Errors::kStrict);
             return self.normalize(borrowed.utf8);
           }, py::arg("text"));
}

}  // namespace newsnlp::python
