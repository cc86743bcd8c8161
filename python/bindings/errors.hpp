// Maps newsnlp's C++ exceptions to the classes of newsnlp.errors.
#pragma once

#include <pybind11/pybind11.h>

#include <string>

namespace newsnlp::python {

// Looks the Python classes up in newsnlp.errors and registers one translator for all
// C++ exception types, most derived first.
void register_errors(pybind11::module_& m);

// Polls Python's signal handlers from a GIL-free C++ loop (it takes the GIL briefly):
// the CancelHook of every long call, so that Ctrl-C stops it. The KeyboardInterrupt it
// leaves pending is raised by the translator of Cancelled.
bool python_interrupted();

// Raises newsnlp.errors.LoneSurrogateError (a UnicodeEncodeError too) for the code point
// at `start` of `text`.
[[noreturn]] void raise_lone_surrogate(pybind11::handle text, Py_ssize_t start,
                                       const std::string& reason);

}  // namespace newsnlp::python
