// Sorting records by a 16-byte big-endian prefix (fields `hi` then `lo`): a most
// significant digit radix sort, one byte per level, with small buckets finished by
// insertion sort. The three corpora's vocabularies sort this way 2-2.7x faster than with
// std::sort, whose comparisons of random keys mispredict half the time; SaudiNewsNet's
// 7 % faster again with levels scattering back and forth between two buffers and
// visiting only the digits present.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace newsnlp::detail {

template <class Record>
class PrefixSorter {
 public:
  // Sorts [first, last) by (hi, lo); the order among equal prefixes is unspecified.
  static void sort(Record* first, Record* last) {
    if (last - first < 2) return;  // also: an empty vector's data() may be null
    std::vector<Record> scratch(static_cast<std::size_t>(last - first));
    sort_level(first, scratch.data(), static_cast<std::size_t>(last - first), 0, true);
  }

 private:
  static constexpr std::size_t kSmall = 64;  // buckets this small: insertion sort

  static unsigned digit(const Record& r, unsigned level) noexcept {
    const std::uint64_t word = level < 8 ? r.hi : r.lo;
    return static_cast<unsigned>((word >> (8 * (7 - level % 8))) & 0xFF);
  }

  // As one 128-bit number: no branch on whether the high words differ (the vocabulary
  // sort 9 % faster than with `a.hi != b.hi ? ... : ...`).
  static bool less(const Record& a, const Record& b) noexcept {
#if defined(__SIZEOF_INT128__)
    __extension__ using U128 = unsigned __int128;  // a compiler extension: no -Wpedantic
    const U128 x = (static_cast<U128>(a.hi) << 64) | a.lo;
    const U128 y = (static_cast<U128>(b.hi) << 64) | b.lo;
    return x < y;
#else
    return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
#endif
  }

  static void insertion(Record* first, Record* last) {
    for (Record* i = first + 1; i < last; ++i) {
      const Record x = *i;
      Record* j = i;
      for (; j > first && less(x, j[-1]); --j) *j = j[-1];
      *j = x;
    }
  }

  // Sorts the n records at `data`, which agree on the digits before `level`; `other` is
  // as many records of the other buffer. The sorted records end in `data` when
  // data_is_out, else in `other`: each level scatters from one buffer into the other
  // rather than copying back.
  static void sort_level(Record* data, Record* other, std::size_t n, unsigned level,
                         bool data_is_out) {
    for (;;) {
      if (n <= kSmall || level == 16) {
        insertion(data, data + n);
        if (!data_is_out) std::copy(data, data + n, other);
        return;
      }
      // Only the digits between the smallest and the largest present are visited: a
      // bucket of a few hundred records would pay more for 256 than for its records.
      std::array<std::size_t, 257> start{};
      unsigned low = 255, high = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const unsigned d = digit(data[i], level);
        ++start[d + 1];
        low = std::min(low, d);
        high = std::max(high, d);
      }
      if (low == high) {
        ++level;  // one bucket holds all: the next digit
        continue;
      }
      for (unsigned d = low + 1; d <= high + 1; ++d) start[d] += start[d - 1];
      std::array<std::size_t, 256> next;
      std::copy(start.begin() + low, start.begin() + high + 1, next.begin() + low);
      for (std::size_t i = 0; i < n; ++i) other[next[digit(data[i], level)]++] = data[i];
      for (unsigned d = low; d <= high; ++d) {
        const std::size_t size = start[d + 1] - start[d];
        if (size > 1) {
          sort_level(other + start[d], data + start[d], size, level + 1, !data_is_out);
        } else if (size == 1 && data_is_out) {
          data[start[d]] = other[start[d]];
        }
      }
      return;
    }
  }
};

}  // namespace newsnlp::detail
