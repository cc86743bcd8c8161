// Strings of at most 8 bytes (most words) as one integer, for hashing and comparing them
// without loops or calls.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace newsnlp::detail {

inline constexpr std::size_t kShortKeyMaxBytes = 8;

// Unique among strings of the same length n <= 8: two possibly overlapping 4-byte reads,
// or three single bytes.
inline std::uint64_t short_key(const char* p, std::size_t n) noexcept {
  if (n >= 4) {
    std::uint32_t head, tail;
    std::memcpy(&head, p, 4);
    std::memcpy(&tail, p + n - 4, 4);
    return head | (static_cast<std::uint64_t>(tail) << 32);
  }
  if (n == 0) return 0;
  return (static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
         (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n >> 1])) << 8) |
         static_cast<unsigned char>(p[n - 1]);
}

inline std::uint64_t short_key(std::string_view s) noexcept { return short_key(s.data(), s.size()); }

}  // namespace newsnlp::detail
