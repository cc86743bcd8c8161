// Maps newsnlp's C++ exceptions to the classes of newsnlp.errors.
#pragma once

#include <pybind11/pybind11.h>

namespace newsnlp::python {

// Looks the Python classes up in newsnlp.errors and registers one translator for all
// C++ exception types, most derived first.
void register_errors(pybind11::module_& m);

}  // namespace newsnlp::python
