// Counting features per document on several threads: each worker appends its documents'
// rows of (feature, count) to its own buffers, so nothing is shared while counting.
#pragma once

#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <utility>
#include <vector>

#include "newsnlp/analyzer.hpp"
#include "newsnlp/tokenizer.hpp"
#include "detail/vectorizer_table.hpp"
#include "detail/vectorizer_workers.hpp"

namespace newsnlp::detail {

// Asks the kernel to back [p, p + bytes) with huge pages where it can (Linux, when
// transparent huge pages are in "madvise" mode): a large buffer written once then costs a
// few page faults instead of one per 4 KiB. Advice only: nothing changes if refused.
void advise_huge_pages(void* p, std::size_t bytes) noexcept;

// A growable array of trivially copyable values that never initializes memory: a large
// reserve() only takes address space (pages are touched as they are written), and growth
// goes through realloc, which moves big blocks by remapping pages rather than copying.
template <class T>
class PodArray {
 public:
  PodArray() = default;
  PodArray(const PodArray&) = delete;
  PodArray& operator=(const PodArray&) = delete;
  PodArray(PodArray&& o) noexcept : data_(o.data_), size_(o.size_), capacity_(o.capacity_) {
    o.data_ = nullptr;
    o.size_ = o.capacity_ = 0;
  }
  PodArray& operator=(PodArray&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
    return *this;
  }
  ~PodArray() { std::free(data_); }

  T* data() noexcept { return data_; }
  const T* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  T& operator[](std::size_t i) noexcept { return data_[i]; }
  const T& operator[](std::size_t i) const noexcept { return data_[i]; }
  const T* begin() const noexcept { return data_; }
  const T* end() const noexcept { return data_ + size_; }

  void reserve(std::size_t n) {
    if (n <= capacity_) return;
    void* p = std::realloc(data_, n * sizeof(T));
    if (!p) throw std::bad_alloc();
    data_ = static_cast<T*>(p);
    capacity_ = n;
    advise_huge_pages(data_, n * sizeof(T));
  }
  void push_back(T v) {
    if (size_ == capacity_) reserve(std::max<std::size_t>(1024, 2 * capacity_));
    data_[size_++] = v;
  }
  // Grows to n elements; new ones are uninitialized.
  void resize_uninitialized(std::size_t n) {
    reserve(n);
    size_ = n;
  }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// One worker's rows, back to back.
struct alignas(kWorkerAlign) RowPart {
  PodArray<std::uint32_t> features;
  PodArray<std::int32_t> counts;  // signed: hashed features sum +1 and -1
  FeatureTable table;                // fit: the worker's own feature ids
  std::vector<std::uint32_t> df;     // fit: documents per own feature id
};

// Where document d's row is: parts[part], entries [begin, begin + length).
struct DocRow {
  std::uint64_t begin = 0;
  std::uint32_t part = 0;
  std::uint32_t length = 0;
};

struct CountedRows {
  std::vector<RowPart> parts;
  std::vector<DocRow> docs;
  std::int64_t entries() const noexcept;
};

// Throws InvalidUtf8 "document i: ..." when a UTF-8 document is ill-formed, and
// InvalidArgument past kMaxTextBytes.
void check_document(const TextView& doc, std::size_t index);

// Counts the features of every document. With `vocabulary`, features are its ids and
// others are skipped; without, each part interns into its own vocabulary.
CountedRows count_documents(const Analyzer::Impl& analyzer, const std::vector<TextView>& docs,
                            const FeatureTable* vocabulary, unsigned threads,
                            const CancelHook& cancel);

// Features hashed as scikit-learn's FeatureHasher: column abs(h) % n_features of the
// signed 32-bit MurmurHash3 of the feature's UTF-8, and -1 for h < 0 when alternate_sign;
// equal columns of a row summed (zero sums kept, as SciPy's sum_duplicates does).
CountedRows hash_documents(const Analyzer::Impl& analyzer, const std::vector<TextView>& docs,
                           std::uint32_t n_features, bool alternate_sign, unsigned threads,
                           const CancelHook& cancel);

}  // namespace newsnlp::detail
