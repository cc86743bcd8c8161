// newsnlp._core: the thin binding layer. It converts types, releases the GIL around C++
// work and maps errors; defaults and Python conveniences live in python/newsnlp/*.py.
#include <pybind11/pybind11.h>

#include "bind.hpp"
#include "errors.hpp"
#include "newsnlp/version.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "newsnlp C++ core (private: use the newsnlp package)";
  m.attr("__version__") = newsnlp::version();
  m.attr("unicode_version") = newsnlp::unicode_version();
  newsnlp::python::register_errors(m);
  newsnlp::python::bind_text(m);
  newsnlp::python::bind_tokenizer(m);
  newsnlp::python::bind_bench(m);
  newsnlp::python::bind_tfidf(m);
  newsnlp::python::bind_similarity(m);
  newsnlp::python::bind_gazetteer(m);
  newsnlp::python::bind_matcher(m);
}
