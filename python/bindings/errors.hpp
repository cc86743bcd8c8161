// Maps newsnlp's C++ exceptions to the classes of newsnlp.errors.
#pragma once

#include <pybind11/pybind11.h>

namespace newsnlp::python {

// Looks the Python classes up in newsnlp.errors and registers one translator for all
// C++ exception types, most derived first.
void register_errors(pybind11::module_& m);

// Polls Python's signal handlers from a GIL-free C++ loop (it takes the GIL briefly):
// the CancelHook of every long call, so that Ctrl-C stops it. The KeyboardInterrupt it
// leaves pending is raised by the translator of Cancelled.
bool python_interrupted();

}  // namespace newsnlp::python
