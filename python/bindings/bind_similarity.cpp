// similar, near_duplicates and top_terms on NumPy CSR arrays (viewed, not copied), GIL
// released while they run. Input checks and SciPy conversion live in
// python/newsnlp/similarity.py.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <memory>
#include <utility>
#include <vector>

#include "bind.hpp"
#include "csr.hpp"
#include "errors.hpp"
#include "newsnlp/similarity.hpp"

namespace py = pybind11;

namespace newsnlp::python {
namespace {

// A vector handed to NumPy without copying: moved to the heap, owned by a capsule.
template <class T>
py::array owned_array(std::vector<T>&& v, std::vector<py::ssize_t> shape) {
  auto owned = std::make_unique<std::vector<T>>(std::move(v));
  std::vector<T>* p = owned.get();
  py::capsule owner(owned.release(), [](void* q) { delete static_cast<std::vector<T>*>(q); });
  return py::array_t<T>(std::move(shape), p->data(), owner);
}

py::tuple top_k(TopK&& t) {
  const auto rows = static_cast<py::ssize_t>(t.rows), k = static_cast<py::ssize_t>(t.k);
  return py::make_tuple(owned_array(std::move(t.indices), {rows, k}),
                        owned_array(std::move(t.scores), {rows, k}));
}

std::pair<std::int64_t, std::int64_t> shape_of(const py::object& shape) {
  const auto s = shape.cast<py::sequence>();
  if (s.size() != 2) throw py::type_error("shape must be (rows, cols)");
  return {s[0].cast<std::int64_t>(), s[1].cast<std::int64_t>()};
}

FloatCsrView view_of(const py::array& data, const py::array& indices, const py::array& indptr,
                     const py::object& shape) {
  const auto s = shape_of(shape);
  return csr_from_python(data, indices, indptr, s.first, s.second);
}

#define NEWSNLP_CSR_ARGS py::arg("data"), py::arg("indices"), py::arg("indptr"), py::arg("shape")

}  // namespace

void bind_similarity(py::module_& m) {
  m.def("similar", [](const py::array& data, const py::array& indices, const py::array& indptr,
                      const py::object& shape, std::size_t k, int n_jobs) {
          const FloatCsrView x = view_of(data, indices, indptr, shape);
          TopK t;
          {
            py::gil_scoped_release release;
            t = similar(x, k, n_jobs, python_interrupted);
          }
          return top_k(std::move(t));
        }, NEWSNLP_CSR_ARGS, py::arg("k"), py::kw_only(), py::arg("n_jobs") = 1,
        "Top-k cosine neighbours of each row among the other rows: (indices, scores).");
  m.def("similar_to", [](const py::array& q_data, const py::array& q_indices,
                         const py::array& q_indptr, const py::object& q_shape,
                         const py::array& data, const py::array& indices,
                         const py::array& indptr, const py::object& shape, std::size_t k,
                         int n_jobs) {
          const FloatCsrView q = view_of(q_data, q_indices, q_indptr, q_shape);
          const FloatCsrView x = view_of(data, indices, indptr, shape);
          TopK t;
          {
            py::gil_scoped_release release;
            t = similar(q, x, k, n_jobs, python_interrupted);
          }
          return top_k(std::move(t));
        }, py::arg("q_data"), py::arg("q_indices"), py::arg("q_indptr"), py::arg("q_shape"),
        NEWSNLP_CSR_ARGS, py::arg("k"), py::kw_only(), py::arg("n_jobs") = 1,
        "Top-k cosine neighbours of each query row among the corpus rows: (indices, scores).");
  m.def("near_duplicates", [](const py::array& data, const py::array& indices,
                              const py::array& indptr, const py::object& shape, double threshold,
                              int n_jobs) {
          const FloatCsrView x = view_of(data, indices, indptr, shape);
          Pairs p;
          {
            py::gil_scoped_release release;
            p = near_duplicates(x, threshold, n_jobs, python_interrupted);
          }
          const auto n = static_cast<py::ssize_t>(p.scores.size());
          return py::make_tuple(owned_array(std::move(p.first), {n}),
                                owned_array(std::move(p.second), {n}),
                                owned_array(std::move(p.scores), {n}));
        }, NEWSNLP_CSR_ARGS, py::arg("threshold"), py::kw_only(), py::arg("n_jobs") = 1,
        "Pairs of rows with cosine similarity >= threshold: (first, second, scores).");
  m.def("top_terms", [](const py::array& data, const py::array& indices, const py::array& indptr,
                        const py::object& shape, std::size_t k, int n_jobs) {
          const FloatCsrView x = view_of(data, indices, indptr, shape);
          TopK t;
          {
            py::gil_scoped_release release;
            t = top_terms(x, k, n_jobs);
          }
          return top_k(std::move(t));
        }, NEWSNLP_CSR_ARGS, py::arg("k"), py::kw_only(), py::arg("n_jobs") = 1,
        "The k largest positive entries of each row: (columns, values).");
}

}  // namespace newsnlp::python
