#include "errors.hpp"

#include "newsnlp/error.hpp"

namespace py = pybind11;

namespace newsnlp::python {
namespace {

// Python classes, looked up once at import; kept alive for the process (the module holds
// them too), so the translator never touches a dead object.
struct ErrorClasses {
  PyObject* base;
  PyObject* invalid_argument;
  PyObject* invalid_utf8;
  PyObject* not_fitted;
  PyObject* io_error;
  PyObject* lone_surrogate;
};
ErrorClasses classes;

PyObject* lookup(const py::module_& errors, const char* name) {
  return py::object(errors.attr(name)).release().ptr();
}

// Raises cls(message) and sets attributes on the instance.
void raise(PyObject* cls, const char* message, const py::dict& attributes = {}) {
  py::object instance = py::reinterpret_borrow<py::object>(cls)(message);
  for (auto item : attributes) py::setattr(instance, item.first, item.second);
  PyErr_SetObject(cls, instance.ptr());
}

}  // namespace

void raise_lone_surrogate(py::handle text, Py_ssize_t start, const std::string& reason) {
  PyObject* err = PyObject_CallFunction(classes.lone_surrogate, "sOnns", "utf-8", text.ptr(),
                                        start, start + 1, reason.c_str());
  if (err) {
    PyErr_SetObject(classes.lone_surrogate, err);
    Py_DECREF(err);
  }
  throw py::error_already_set();
}

void register_errors(py::module_& m) {
  const py::module_ errors = py::module_::import("newsnlp.errors");
  classes = ErrorClasses{lookup(errors, "NewsnlpError"), lookup(errors, "InvalidArgumentError"),
                         lookup(errors, "InvalidUtf8Error"), lookup(errors, "NotFittedError"),
                         lookup(errors, "NewsnlpIOError"), lookup(errors, "LoneSurrogateError")};
  (void)m;
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InvalidUtf8& e) {
      py::dict attrs;
      attrs["byte_offset"] = e.byte_offset();
      attrs["document"] = e.document() >= 0 ? py::object(py::int_(e.document())) : py::none();
      raise(classes.invalid_utf8, e.what(), attrs);
    } catch (const InvalidArgument& e) {
      raise(classes.invalid_argument, e.what());
    } catch (const NotFitted& e) {
      raise(classes.not_fitted, e.what());
    } catch (const IoError& e) {
      py::dict attrs;
      attrs["path"] = e.path();
      raise(classes.io_error, e.what(), attrs);
    } catch (const Cancelled&) {
      // The signal handler already set KeyboardInterrupt; keep it, else raise it.
      if (!PyErr_Occurred()) PyErr_SetNone(PyExc_KeyboardInterrupt);
    } catch (const Error& e) {
      raise(classes.base, e.what());
    }
  });
}

bool python_interrupted() {
  py::gil_scoped_acquire gil;
  return PyErr_CheckSignals() != 0;
}

}  // namespace newsnlp::python
