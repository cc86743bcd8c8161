// Baselines for benchmarks/: ICU's own word BreakIterator loop over the same UTF-8, so
// that newsnlp and ICU are timed in one process on identical input. Not public API.
#include <pybind11/pybind11.h>
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <memory>
#include <vector>

#include "bind.hpp"
#include "newsnlp/error.hpp"
#include "offsets.hpp"

namespace py = pybind11;

namespace newsnlp::python {
namespace {

// Counts the word boundaries ICU finds in every text: the plain loop a C++ user writes.
std::size_t icu_word_loop(const std::vector<std::string_view>& texts) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) throw Error(std::string("ICU: ") + u_errorName(status));
  std::size_t count = 0;
  UText* ut = nullptr;
  for (std::string_view text : texts) {
    ut = utext_openUTF8(ut, text.data(), static_cast<int64_t>(text.size()), &status);
    it->setText(ut, status);
    if (U_FAILURE(status)) throw Error(std::string("ICU: ") + u_errorName(status));
    for (int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) ++count;
  }
  utext_close(ut);
  return count;
}

}  // namespace

void bind_bench(py::module_& m) {
  m.def("_bench_icu_word_loop", [](const py::sequence& texts) {
    const BorrowedBatch batch = borrow_batch(texts, Errors::kStrict);
    py::gil_scoped_release release;
    return icu_word_loop(batch.views);
  }, py::arg("texts"), "Benchmark baseline: ICU word-boundary count over the texts.");
}

}  // namespace newsnlp::python
