// The feature table of the counting loop: feature bytes -> dense id, tuned for short
// keys. A slot keeps a tag (hash bits and the key length) and the key's first 16 bytes,
// so lookups of keys up to 16 bytes (most words, Arabic ones included) never touch the
// key pool: one cache miss for a rare word (with bytes 8-15 in an array by id, a long
// word's lookup waited for two in a row; 32-byte slots made SaudiNewsNet's fit 6 % faster,
// OrangeSum's 7 %). A slot also keeps its key's position in the row being counted
// (place()): counting then costs nothing beyond the lookup's own cache line.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "detail/pod_array.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp::detail {

// The position of a feature's entry in row `row` (> 0) given the row and position it was
// last counted at, `next` (a new entry) unless it is in this row already; records it.
// The select is arithmetic, not a branch: whether a word repeats in its document is a
// coin toss in news text (40 % of Reuters' tokens), and each misprediction also discarded
// the lookups under way for the next words (counting 19 % faster on Reuters without it).
inline std::uint32_t position_in_row(std::uint32_t& last_row, std::uint32_t& last_position,
                                     std::uint32_t row, std::uint32_t next) noexcept {
  const std::uint32_t repeat = static_cast<std::uint32_t>(last_row == row);
  const std::uint32_t at = next + ((last_position - next) & (0u - repeat));
  last_row = row;
  last_position = at;
  return at;
}

class FeatureTable {
  struct Slot;

 public:
  static constexpr std::uint32_t kNotFound = 0xFFFFFFFFu;

  // A key's hash, tag and first bytes.
  struct Key {
    std::uint64_t head = 0;    // bytes 0-7, zero padded
    std::uint64_t second = 0;  // bytes 8-15, zero padded
    std::uint32_t hash = 0;
    std::uint32_t tag = 0;
    Key() = default;
    explicit Key(std::string_view key) noexcept {
      const std::size_t n = key.size();
      const auto* p = reinterpret_cast<const unsigned char*>(key.data());
      head = load_head(p, n);
      second = n > 8 ? load_head(p + 8, n - 8) : 0;
      std::uint64_t h = start(head, second, n);
      for (std::size_t q = 16; q < n; q += 8) h = mix(h, load_head(p + q, n - q));
      finish(h, n);
    }

    // The mask of the first min(n, 8) bytes of a little-endian word: a table lookup rather
    // than shifts and branches.
    static std::uint64_t keep(std::size_t n) noexcept {
      static constexpr std::uint64_t kKeep[9] = {
          0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFF, 0xFFFFFFFFFFFF, 0xFFFFFFFFFFFFFF,
          ~std::uint64_t{0}};
      return kKeep[n < 8 ? n : 8];
    }
    // The same for a key followed by at least TokenList::kPadding (16) readable bytes:
    // whole words are loaded and masked. kLong: bytes 8-15 are loaded whatever the
    // length, without a branch, for documents whose words often pass 8 bytes (Arabic:
    // about as often as not, a branch mispredicted half the time).
    template <bool kLong = false>
    static Key padded(std::string_view key) noexcept {
      Key k;
      const std::size_t n = key.size();
      const char* p = key.data();
      k.head = load_masked(p, n);
      if (kLong || n > 8) k.second = load_masked(p + 8, n > 8 ? n - 8 : 0);
      std::uint64_t h = start(k.head, k.second, n);
      for (std::size_t q = 16; q < n; q += 8) h = mix(h, load_masked(p + q, n - q));
      k.finish(h, n);
      return k;
    }

   private:
    // Bytes 0-7 and 8-15 (zero past the end) in two independent products: the second
    // word adds no latency before the lookup.
    static std::uint64_t start(std::uint64_t head, std::uint64_t second, std::size_t n) noexcept {
      return (head ^ (n * 0x9E3779B97F4A7C15ULL)) * 0xff51afd7ed558ccdULL +
             second * 0xc4ceb9fe1a85ec53ULL;
    }
    static std::uint64_t mix(std::uint64_t h, std::uint64_t w) noexcept {
      return (h ^ (h >> 29) ^ w) * 0xc4ceb9fe1a85ec53ULL;
    }
    static std::uint64_t load_masked(const char* p, std::size_t n) noexcept {
      std::uint64_t v;
      std::memcpy(&v, p, 8);
      return v & keep(n);
    }
    void finish(std::uint64_t h, std::size_t n) noexcept {
      h ^= h >> 32;
      hash = static_cast<std::uint32_t>(h);
      tag = (hash & 0xFFFFFF00u) | static_cast<std::uint32_t>(n < 255 ? n : 255);
    }
  };

  FeatureTable() : slots_(16) {
    pool_.resize_uninitialized(kPoolPadding);
    std::memset(pool_.data(), 0, kPoolPadding);
    ends_.push_back(0);
  }

  std::size_t size() const noexcept { return ends_.size() - 1; }
  bool empty() const noexcept { return size() == 0; }

  std::string_view str(std::uint32_t id) const noexcept {
    return std::string_view(pool_.data() + ends_[id], ends_[id + 1] - ends_[id]);
  }

  // Bytes 0-7 and 8-15 of key `id`, zero padded, as little-endian numbers, and its
  // length: the vocabulary sort's keys, from two loads and masks (the pool's padding makes
  // the loads safe), without a branch on the length (Arabic words pass 8 bytes about as
  // often as not).
  std::uint32_t prefix(std::uint32_t id, std::uint64_t& head, std::uint64_t& tail) const noexcept {
    const std::uint32_t b = ends_[id], n = ends_[id + 1] - b;
    std::memcpy(&head, pool_.data() + b, 8);
    std::memcpy(&tail, pool_.data() + b + 8, 8);
    head &= Key::keep(n);
    tail &= Key::keep(n > 8 ? n - 8 : 0);
    return n;
  }

  std::uint32_t find(std::string_view key) const noexcept { return find(Key(key), key); }

  // Starts loading the slot where a lookup of k begins.
  void prefetch(const Key& k) const noexcept {
#if defined(__GNUC__)
    __builtin_prefetch(&slots_[home(k.hash)]);
#else
    (void)k;
#endif
  }

  // kLong: see matches().
  template <bool kLong = false>
  std::uint32_t find(const Key& k, std::string_view key) const noexcept {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = home(k.hash);; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.id == kNotFound) return kNotFound;
      if (matches<kLong>(s, k, key)) return s.id;
    }
  }

  // The id of `key`, added when new (ids are 0, 1, 2, ... in order of insertion).
  std::uint32_t intern(std::string_view key) { return intern(Key(key), key); }

  std::uint32_t intern(const Key& k, std::string_view key) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = home(k.hash);
    for (;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.id == kNotFound) break;
      if (matches<false>(s, k, key)) return s.id;
    }
    return add(k, key, i, 0, 0, false);
  }

  // intern() while counting row `row` (> 0, changing from row to row) whose entries so
  // far are `next`: returns the key's position in the row, `next` when this is its first
  // occurrence in it; `id` is set to the key's id. kLong: see matches().
  template <bool kLong = false>
  std::uint32_t place(const Key& k, std::string_view key, std::uint32_t row, std::uint32_t next,
                      std::uint32_t& id) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = home(k.hash);
    for (;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.id == kNotFound) break;
      if (matches<kLong>(s, k, key)) {
        id = s.id;
        return position_in_row(s.row, s.position, row, next);
      }
    }
    id = add(k, key, i, row, next, true);
    return next;
  }

  void reserve(std::size_t features, std::size_t bytes) {
    pool_.reserve(bytes + kPoolPadding);
    ends_.reserve(features + 1);
    while (slots_.size() < 2 * features) grow();
  }


 private:
  struct alignas(32) Slot {
    std::uint64_t head = 0;    // bytes 0-7 of the key, zero padded
    std::uint64_t second = 0;  // bytes 8-15
    std::uint32_t tag = 0;   // hash bits 8-31 | min(length, 255)
    std::uint32_t id = kNotFound;
    std::uint32_t row = 0;       // place(): the row of the last occurrence...
    std::uint32_t position = 0;  // ... and the key's position in that row
  };

  // Stores a new key in empty slot i (out of line: the lookups are the hot path).
  // padded: at least 16 bytes can be read from key.data(), so keys of up to 16 bytes are
  // copied with two 8-byte moves instead of a call to memcpy (a new key cost 8 ns, 5 % of
  // SaudiNewsNet's counting, with its memcpy and the pool's zero-filling resize).
#if defined(__GNUC__)
  __attribute__((noinline))
#endif
  std::uint32_t add(const Key& k, std::string_view key, std::size_t i, std::uint32_t row,
                    std::uint32_t position, bool padded) {
    const std::size_t at = ends_.back();
    if (at + key.size() > 0xFFFFFFF0u || size() >= 0xFFFFFFF0u) {
      throw InvalidArgument("too many features (4 GiB of feature text or 2^32 features)");
    }
    const auto id = static_cast<std::uint32_t>(size());
    const std::size_t need = at + key.size() + kPoolPadding;
    if (pool_.capacity() < need) pool_.reserve(std::max(2 * pool_.capacity(), need));
    pool_.resize_uninitialized(need);  // the key's bytes, then kPoolPadding zeros
    char* to = pool_.data() + at;
    if (padded && key.size() <= 16) {
      std::memcpy(to, key.data(), 16);  // past the key: the padding, zeroed next
    } else {
      std::memcpy(to, key.data(), key.size());
    }
    std::memset(to + key.size(), 0, kPoolPadding);
    ends_.push_back(static_cast<std::uint32_t>(at + key.size()));
    slots_[i] = Slot{k.head, k.second, k.tag, id, row, position};
    if (4 * size() > 3 * slots_.size()) grow();
    return id;
  }

  // A key's first slot: the hash's top bits, which the tag keeps for up to 2^24 slots.
  // The top bits rather than the low ones: slot order is hash order, and grow() writes
  // the doubled table nearly in order instead of at random.
  std::size_t home(std::uint32_t hash) const noexcept { return hash >> shift_; }

  // The first min(n, 8) bytes at p, zero padded, without reading past p + n.
  static std::uint64_t load_head(const unsigned char* p, std::size_t n) noexcept {
    std::uint64_t v;
    if (n >= 8) {
      std::memcpy(&v, p, 8);
      return v;
    }
    if (n >= 4) {
      std::uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      return lo | (static_cast<std::uint64_t>(hi) << (8 * (n - 4)));
    }
    if (n == 0) return 0;
    return static_cast<std::uint64_t>(p[0]) | (static_cast<std::uint64_t>(p[n / 2]) << (8 * (n / 2))) |
           (static_cast<std::uint64_t>(p[n - 1]) << (8 * (n - 1)));
  }

  // kLong: keys of up to 16 bytes compare bytes 8-15 (zero for short keys) without a
  // branch on the length, one load more for keys of up to 8 bytes.
  template <bool kLong>
  bool matches(const Slot& s, const Key& k, std::string_view key) const noexcept {
    if (s.tag != k.tag || s.head != k.head) return false;
    const std::size_t n = key.size();
    if constexpr (kLong) {
      if (n <= 16) return s.second == k.second;  // same length (the tag's)
    } else {
      if (n <= 8) return true;  // the tag holds the length, the head the bytes
      if (s.second != k.second) return false;
      if (n <= 16) return true;
    }
    const std::uint32_t b = ends_[s.id];
    return ends_[s.id + 1] - b == n &&
           std::memcmp(pool_.data() + b + 8, key.data() + 8, n - 8) == 0;
  }

#if defined(__GNUC__)
  __attribute__((noinline))
#endif
  void grow() {
    if (shift_ == 0) throw InvalidArgument("too many features (2^32 table slots)");
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    --shift_;
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.id == kNotFound) continue;
      // The tag holds the hash bits of the home slot in tables of up to 2^24 slots;
      // larger ones recompute the hash from the key.
      std::size_t i = shift_ >= 8 ? s.tag >> shift_ : home(Key(str(s.id)).hash);
      while (slots_[i].id != kNotFound) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  static constexpr std::size_t kPoolPadding = 16;  // so 16 bytes load at any key safely

  std::vector<Slot> slots_;
  unsigned shift_ = 28;  // 32 - log2(slots_.size())
  PodArray<char> pool_;  // the keys one after another, then kPoolPadding zeros
  std::vector<std::uint32_t> ends_;
};

}  // namespace newsnlp::detail
