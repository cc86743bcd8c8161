// A growable array of plain values that never initializes them, and huge-page advice for
// large buffers.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <utility>

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

  std::size_t capacity() const noexcept { return capacity_; }
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

}  // namespace newsnlp::detail
