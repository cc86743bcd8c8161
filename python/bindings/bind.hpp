// Entry points of the binding units, called once from module.cpp, and the option
// conversions they share.
#pragma once

#include <pybind11/pybind11.h>

#include <string>

#include "newsnlp/text.hpp"

namespace newsnlp::python {

void bind_text(pybind11::module_& m);
void bind_tokenizer(pybind11::module_& m);
void bind_bench(pybind11::module_& m);
void bind_tfidf(pybind11::module_& m);
void bind_similarity(pybind11::module_& m);
void bind_gazetteer(pybind11::module_& m);
void bind_matcher(pybind11::module_& m);

// "NFKC", "NFC" or "none" (case-insensitive) to the C++ enum; InvalidArgument otherwise.
Normalization parse_normalization(const std::string& name);

// Keyword arguments shared by every class that normalizes text.
#define NEWSNLP_NORM_ARGS                                                             \
  pybind11::arg("normalization") = "NFKC", pybind11::arg("lowercase") = true,          \
  pybind11::arg("fold_accents") = false, pybind11::arg("unify_punctuation") = true,    \
  pybind11::arg("fold_arabic") = true

NormOptions make_norm_options(const std::string& normalization, bool lowercase, bool fold_accents,
                              bool unify_punctuation, bool fold_arabic);

}  // namespace newsnlp::python
