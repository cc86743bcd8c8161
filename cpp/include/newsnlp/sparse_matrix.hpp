// The matrices vectorizers return: row-major Eigen sparse matrices (CSR), with the value
// type the caller asked for and 32-bit indices unless there are more than 2^31 - 1
// non-zeros (as SciPy and scikit-learn do).
#pragma once

#include <Eigen/SparseCore>

#include <cstdint>
#include <string_view>
#include <variant>

namespace newsnlp {

enum class ScalarType : std::uint8_t { kFloat64, kFloat32, kInt64, kInt32 };

// "float64", "float32", "int64", "int32".
const char* to_string(ScalarType type) noexcept;
// The inverse of to_string; InvalidArgument otherwise.
ScalarType parse_scalar_type(std::string_view name);

template <class Scalar, class Index = std::int32_t>
using CsrMatrix = Eigen::SparseMatrix<Scalar, Eigen::RowMajor, Index>;

// One of the CsrMatrix types; std::get<CsrMatrix<double>>(m) for the default TF-IDF.
using SparseMatrix =
    std::variant<CsrMatrix<double>, CsrMatrix<float>, CsrMatrix<std::int64_t>,
                 CsrMatrix<std::int32_t>, CsrMatrix<double, std::int64_t>,
                 CsrMatrix<float, std::int64_t>, CsrMatrix<std::int64_t, std::int64_t>,
                 CsrMatrix<std::int32_t, std::int64_t>>;

// Eigen 3.4's SparseMatrix has no move constructor: moving one, or a SparseMatrix holding
// one, copies its arrays. Take a result over with swap() instead:
//   CsrMatrix<double> x;  std::get<CsrMatrix<double>>(result).swap(x);
// and wrap a matrix without a copy with adopt() (`m` is left empty).
template <class Scalar, class Index>
SparseMatrix adopt(CsrMatrix<Scalar, Index>& m) {
  SparseMatrix out(std::in_place_type<CsrMatrix<Scalar, Index>>);
  std::get<CsrMatrix<Scalar, Index>>(out).swap(m);
  return out;  // named return value: constructed in place by every compiler we build with
}

// Largest non-zero count stored with 32-bit indices.
inline constexpr std::int64_t kMaxNonZeros32 = 0x7FFFFFFF;

// A read-only view of a CSR matrix stored elsewhere (an Eigen matrix, NumPy arrays):
// row r has the entries [outer[r], outer[r + 1]) of inner (column) and values.
// Columns within a row need not be sorted unless a function says so.
template <class Scalar, class Index>
struct CsrView {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  const Index* outer = nullptr;  // rows + 1 offsets
  const Index* inner = nullptr;
  const Scalar* values = nullptr;

  std::int64_t nnz() const noexcept { return rows == 0 ? 0 : static_cast<std::int64_t>(outer[rows]); }
};

// The floating-point views the similarity functions accept.
using FloatCsrView = std::variant<CsrView<double, std::int32_t>, CsrView<float, std::int32_t>,
                                  CsrView<double, std::int64_t>, CsrView<float, std::int64_t>>;

// A view of a compressed Eigen matrix (makeCompressed() first if it is not).
template <class Scalar, class Index>
CsrView<Scalar, Index> view(const CsrMatrix<Scalar, Index>& m) noexcept {
  return {m.rows(), m.cols(), m.outerIndexPtr(), m.innerIndexPtr(), m.valuePtr()};
}

// Rows, columns and non-zeros of whichever matrix `m` holds.
std::int64_t rows(const SparseMatrix& m) noexcept;
std::int64_t cols(const SparseMatrix& m) noexcept;
std::int64_t nnz(const SparseMatrix& m) noexcept;

}  // namespace newsnlp
