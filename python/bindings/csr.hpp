// The Python boundary for sparse matrices and document batches: C++ CSR matrices handed
// to NumPy without copying (STYLE §9), NumPy CSR arrays viewed by C++, and Python str
// documents read in place in their own encoding.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <vector>

#include "newsnlp/analyzer.hpp"
#include "newsnlp/sparse_matrix.hpp"

namespace newsnlp::python {

// Moves `m` to the heap; its value, column and row-offset buffers become NumPy arrays
// sharing one capsule that owns it. Returns (data, indices, indptr, (rows, cols)).
pybind11::tuple csr_to_python(SparseMatrix&& m);

// A view of NumPy CSR arrays (float32/float64 data, int32/int64 indices of one dtype);
// the arrays must stay alive while it is used. TypeError for other dtypes,
// InvalidArgument for inconsistent sizes.
FloatCsrView csr_from_python(const pybind11::array& data, const pybind11::array& indices,
                             const pybind11::array& indptr, std::int64_t rows, std::int64_t cols);

// Documents for C++: a str is read in place (Latin-1, UCS-2 or UCS-4 as CPython stores
// it); anything else goes through decode(item, index) (bytes decoding and
// scikit-learn's errors live in Python), whose str result `keep` holds. The list must
// stay alive and unchanged while the views are used. Needs the GIL.
std::vector<TextView> borrow_documents(const pybind11::list& docs,
                                       const pybind11::object& decode,
                                       std::vector<pybind11::object>& keep);


}  // namespace newsnlp::python
