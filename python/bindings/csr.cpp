#include "csr.hpp"

#include <memory>
#include <string>
#include <type_traits>

#include "newsnlp/error.hpp"

namespace py = pybind11;

namespace newsnlp::python {

py::tuple csr_to_python(SparseMatrix&& m) {
  return std::visit(
      [](auto&& matrix) -> py::tuple {
        using M = std::decay_t<decltype(matrix)>;
        auto owned = std::make_unique<M>();
        owned->swap(matrix);  // not a move: Eigen 3.4's would copy (see sparse_matrix.hpp)
        M* mat = owned.get();
        mat->makeCompressed();
        py::capsule owner(owned.release(), [](void* p) { delete static_cast<M*>(p); });
        const auto nnz = static_cast<py::ssize_t>(mat->nonZeros());
        return py::make_tuple(py::array(nnz, mat->valuePtr(), owner),
                              py::array(nnz, mat->innerIndexPtr(), owner),
                              py::array(static_cast<py::ssize_t>(mat->rows()) + 1,
                                        mat->outerIndexPtr(), owner),
                              py::make_tuple(mat->rows(), mat->cols()));
      },
      std::move(m));
}

namespace {

template <class Scalar, class Index>
CsrView<Scalar, Index> make_view(const py::array& data, const py::array& indices,
                                 const py::array& indptr, std::int64_t rows, std::int64_t cols) {
  if (!(data.flags() & py::array::c_style) || !(indices.flags() & py::array::c_style) ||
      !(indptr.flags() & py::array::c_style)) {
    throw InvalidArgument("CSR arrays must be contiguous");
  }
  if (indptr.ndim() != 1 || indptr.shape(0) != rows + 1) {
    throw InvalidArgument("indptr must have rows + 1 entries");
  }
  CsrView<Scalar, Index> v;
  v.rows = rows;
  v.cols = cols;
  v.outer = static_cast<const Index*>(indptr.data());
  v.inner = static_cast<const Index*>(indices.data());
  v.values = static_cast<const Scalar*>(data.data());
  const std::int64_t nnz = rows == 0 ? 0 : static_cast<std::int64_t>(v.outer[rows]);
  if (nnz > data.size() || nnz > indices.size() || (rows > 0 && v.outer[0] != 0)) {
    throw InvalidArgument("indptr does not match data and indices");
  }
  for (std::int64_t r = 0; r < rows; ++r) {
    if (v.outer[r + 1] < v.outer[r]) throw InvalidArgument("indptr must not decrease");
  }
  for (std::int64_t k = 0; k < nnz; ++k) {
    if (v.inner[k] < 0 || v.inner[k] >= cols) {
      throw InvalidArgument("column index " + std::to_string(v.inner[k]) + " is out of range");
    }
  }
  return v;
}

template <class Scalar>
FloatCsrView with_index(const py::array& data, const py::array& indices, const py::array& indptr,
                        std::int64_t rows, std::int64_t cols) {
  const bool i32 = py::isinstance<py::array_t<std::int32_t>>(indices) &&
                   py::isinstance<py::array_t<std::int32_t>>(indptr);
  const bool i64 = py::isinstance<py::array_t<std::int64_t>>(indices) &&
                   py::isinstance<py::array_t<std::int64_t>>(indptr);
  if (i32) return make_view<Scalar, std::int32_t>(data, indices, indptr, rows, cols);
  if (i64) return make_view<Scalar, std::int64_t>(data, indices, indptr, rows, cols);
  throw py::type_error("CSR indices and indptr must both be int32 or both int64");
}

}  // namespace

FloatCsrView csr_from_python(const py::array& data, const py::array& indices,
                             const py::array& indptr, std::int64_t rows, std::int64_t cols) {
  if (py::isinstance<py::array_t<double>>(data)) {
    return with_index<double>(data, indices, indptr, rows, cols);
  }
  if (py::isinstance<py::array_t<float>>(data)) {
    return with_index<float>(data, indices, indptr, rows, cols);
  }
  throw py::type_error("CSR data must be float32 or float64");
}

std::vector<TextView> borrow_documents(const py::list& docs, const py::object& decode,
                                       std::vector<py::object>& keep) {
  const std::size_t n = docs.size();
  std::vector<TextView> views;
  views.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    py::object item = py::reinterpret_borrow<py::object>(PyList_GET_ITEM(docs.ptr(), i));
    if (!PyUnicode_Check(item.ptr())) {
      if (decode.is_none()) {
        throw py::type_error("document " + std::to_string(i) + ": expected str, got " +
                             std::string(Py_TYPE(item.ptr())->tp_name));
      }
      item = decode(item, i);
      if (!PyUnicode_Check(item.ptr())) {
        throw py::type_error("document " + std::to_string(i) + ": decode() must return str");
      }
      keep.push_back(item);
    }
    PyObject* s = item.ptr();
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(s) != 0) throw py::error_already_set();
#endif
    const auto length = static_cast<std::size_t>(PyUnicode_GET_LENGTH(s));
    const void* data = PyUnicode_DATA(s);
    switch (PyUnicode_KIND(s)) {
      case PyUnicode_1BYTE_KIND:  // ASCII too: valid Latin-1, and nothing to validate
        views.emplace_back(data, length, TextEncoding::kLatin1);
        break;
      case PyUnicode_2BYTE_KIND: views.emplace_back(data, length, TextEncoding::kUcs2); break;
      default: views.emplace_back(data, length, TextEncoding::kUcs4); break;
    }
  }
  return views;
}


}  // namespace newsnlp::python
