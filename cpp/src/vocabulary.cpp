#include "newsnlp/vocabulary.hpp"

#include <cstring>
#include <string>

#include "detail/short_key.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/limits.hpp"

namespace newsnlp {
namespace {

// A fast 32-bit string hash in the style of wyhash: up to 16 bytes are read as (possibly
// overlapping) 4- or 8-byte words, longer strings 16 bytes per round, and each round ends
// in a 64x64->128-bit multiply folded to 64 bits. Norms are short, so the tail handling
// matters as much as the loop. Never serialized: tables are rebuilt on load, so the
// function may change between versions.
__extension__ typedef unsigned __int128 uint128;  // GCC and Clang on 64-bit targets

inline std::uint64_t fold_multiply(std::uint64_t a, std::uint64_t b) noexcept {
  const uint128 r = static_cast<uint128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}
inline std::uint64_t read8(const char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline std::uint64_t read4(const char* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

constexpr std::uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL,
                        k2 = 0x8ebc6af09c88c6e3ULL;

inline std::uint32_t short_hash(std::uint64_t key, std::size_t n) noexcept {
  const std::uint64_t h = fold_multiply(key ^ k0, k1 ^ n);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

std::uint32_t hash_bytes(std::string_view s) noexcept {
  const char* p = s.data();
  std::size_t n = s.size();
  if (n <= detail::kShortKeyMaxBytes) return short_hash(detail::short_key(p, n), n);
  std::uint64_t seed = k0 ^ n;
  std::uint64_t a = 0, b = 0;
  if (n <= 16) {
    if (n >= 4) {
      const std::size_t mid = (n >> 3) << 2;
      a = (read4(p) << 32) | read4(p + mid);
      b = (read4(p + n - 4) << 32) | read4(p + n - 4 - mid);
    } else if (n > 0) {
      a = (static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
          (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n >> 1])) << 8) |
          static_cast<unsigned char>(p[n - 1]);
    }
  } else {
    while (n > 16) {
      seed = fold_multiply(read8(p) ^ k1, read8(p + 8) ^ seed);
      p += 16;
      n -= 16;
    }
    a = read8(p + n - 16);
    b = read8(p + n - 8);
  }
  const std::uint64_t h = fold_multiply(k1 ^ s.size(), fold_multiply(a ^ k1, b ^ seed) ^ k2);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

}  // namespace

Vocabulary::Vocabulary() : offsets_{0}, slots_(16, 0) {}

Vocabulary Vocabulary::from_pool(std::string pool, std::vector<std::uint32_t> offsets) {
  if (offsets.empty() || offsets[0] != 0) {
    throw InvalidArgument("vocabulary offsets must start with 0");
  }
  if (pool.size() > kMaxPoolBytes) throw InvalidArgument("vocabulary pool is 4 GiB or more");
  for (std::size_t i = 1; i < offsets.size(); ++i) {
    if (offsets[i] < offsets[i - 1] || offsets[i] > pool.size()) {
      throw InvalidArgument("vocabulary offset " + std::to_string(i) + " is out of order");
    }
  }
  if (offsets.back() != pool.size()) throw InvalidArgument("vocabulary pool has trailing bytes");
  Vocabulary v;
  v.pool_ = std::move(pool);
  v.offsets_ = std::move(offsets);
  std::size_t slots = 16;
  while (slots < 4 * v.size()) slots *= 2;
  v.slots_.assign(slots, 0);
  const std::size_t mask = slots - 1;
  for (std::uint32_t id = 0; id < v.size(); ++id) {
    const std::string_view s = v.str(id);
    const std::uint32_t hash = hash_bytes(s);
    std::size_t i = hash & mask;
    while (v.slots_[i] != 0) {
      const std::uint64_t slot = v.slots_[i];
      if ((slot >> 32) == hash && v.str(static_cast<std::uint32_t>(slot) - 1) == s) {
        throw InvalidArgument("vocabulary string " + std::to_string(id) + " repeats");
      }
      i = (i + 1) & mask;
    }
    v.slots_[i] = (static_cast<std::uint64_t>(hash) << 32) | (id + 1);
  }
  unsigned bits = 9;
  while ((std::size_t{1} << bits) < 8 * v.size()) ++bits;
  v.filter_.assign((std::size_t{1} << bits) / 64, 0);
  v.filter_shift_ = 32 - bits;
  for (std::uint32_t id = 0; id < v.size(); ++id) {
    const std::uint32_t bucket = (hash_bytes(v.str(id)) * 0x9E3779B1u) >> v.filter_shift_;
    v.filter_[bucket >> 6] |= std::uint64_t{1} << (bucket & 63);
  }
  return v;
}

std::uint64_t* Vocabulary::find_slot(std::string_view s, std::uint32_t hash) noexcept {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    std::uint64_t& slot = slots_[i];
    if (slot == 0) return &slot;
    if ((slot >> 32) == hash && str(static_cast<std::uint32_t>(slot) - 1) == s) return &slot;
  }
}

std::uint32_t Vocabulary::find(std::string_view s) const noexcept {
  const std::uint32_t hash = hash_bytes(s);
  if (!filter_.empty()) {
    const std::uint32_t bucket = (hash * 0x9E3779B1u) >> filter_shift_;
    if (((filter_[bucket >> 6] >> (bucket & 63)) & 1) == 0) return kNotFound;
  }
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) return kNotFound;
    if ((slot >> 32) == hash) {
      const std::uint32_t id = static_cast<std::uint32_t>(slot) - 1;
      const std::uint32_t begin = offsets_[id];
      const std::uint32_t length = offsets_[id + 1] - begin;
      if (length == s.size() && std::memcmp(pool_.data() + begin, s.data(), length) == 0) return id;
    }
  }
}

std::uint32_t Vocabulary::intern(std::string_view s) {
  const std::uint32_t hash = hash_bytes(s);
  std::uint64_t* slot = find_slot(s, hash);
  if (*slot != 0) return static_cast<std::uint32_t>(*slot) - 1;
  if (pool_.size() + s.size() > kMaxPoolBytes || size() + 1 >= 0xFFFFFFFEu) {
    throw InvalidArgument("vocabulary is full (4 GiB of strings or 2^32 - 2 strings)");
  }
  const auto id = static_cast<std::uint32_t>(size());
  pool_.append(s.data(), s.size());
  offsets_.push_back(static_cast<std::uint32_t>(pool_.size()));
  *slot = (static_cast<std::uint64_t>(hash) << 32) | (id + 1);
  if (2 * size() > slots_.size()) grow(slots_.size() * 2);  // load factor at most 1/2
  return id;
}

void Vocabulary::reserve(std::size_t strings, std::size_t bytes) {
  pool_.reserve(pool_.size() + bytes);
  offsets_.reserve(offsets_.size() + strings);
  grow(2 * (size() + strings));
}

void Vocabulary::grow(std::size_t min_slots) {
  std::size_t slots = slots_.size();
  while (slots < min_slots) slots *= 2;
  if (slots == slots_.size()) return;
  std::vector<std::uint64_t> old(slots, 0);
  old.swap(slots_);
  const std::size_t mask = slots - 1;
  for (const std::uint64_t slot : old) {
    if (slot == 0) continue;
    std::size_t i = (slot >> 32) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

std::size_t Vocabulary::memory_bytes() const noexcept {
  return pool_.capacity() + offsets_.capacity() * sizeof(std::uint32_t) +
         slots_.capacity() * sizeof(std::uint64_t) + filter_.capacity() * sizeof(std::uint64_t);
}

}  // namespace newsnlp
