#include "newsnlp/sparse_matrix.hpp"

#include <string>

#include "newsnlp/error.hpp"

namespace newsnlp {

const char* to_string(ScalarType type) noexcept {
  switch (type) {
    case ScalarType::kFloat64: return "float64";
    case ScalarType::kFloat32: return "float32";
    case ScalarType::kInt64: return "int64";
    case ScalarType::kInt32: return "int32";
  }
  return "?";
}

ScalarType parse_scalar_type(std::string_view name) {
  for (const ScalarType t : {ScalarType::kFloat64, ScalarType::kFloat32, ScalarType::kInt64,
                             ScalarType::kInt32}) {
    if (name == to_string(t)) return t;
  }
  throw InvalidArgument("dtype must be 'float64', 'float32', 'int64' or 'int32' (got '" +
                        std::string(name) + "')");
}

std::int64_t rows(const SparseMatrix& m) noexcept {
  return std::visit([](const auto& x) { return static_cast<std::int64_t>(x.rows()); }, m);
}

std::int64_t cols(const SparseMatrix& m) noexcept {
  return std::visit([](const auto& x) { return static_cast<std::int64_t>(x.cols()); }, m);
}

std::int64_t nnz(const SparseMatrix& m) noexcept {
  return std::visit([](const auto& x) { return static_cast<std::int64_t>(x.nonZeros()); }, m);
}

}  // namespace newsnlp
