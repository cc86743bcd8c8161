// A string pool: each distinct string (a token norm, an entity id, ...) gets a dense id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsnlp {

// Interns strings: ids are 0, 1, 2, ... in order of first insertion, and str(id) gives the
// string back. All strings live back to back in one buffer; an open-addressing hash table
// of (hash, id) pairs finds them. Memory: the string bytes plus 20 to 36 bytes per string
// (the table is at most half full, at most a quarter after from_pool).
// Strings are arbitrary bytes (not checked as UTF-8); their total size must stay below
// 4 GiB (InvalidArgument otherwise).
// Thread-safe: const methods may run concurrently; intern() and reserve() may not run
// while anything else does.
class Vocabulary {
 public:
  static constexpr std::uint32_t kNotFound = 0xFFFFFFFFu;

  Vocabulary();

  // Builds a vocabulary from a pool of strings stored back to back: string i is
  // pool[offsets[i], offsets[i + 1]). Meant for read-mostly tables (a loaded model): the
  // hash table is made sparser than intern() keeps it, for faster lookups. Throws InvalidArgument when the offsets do not
  // start at 0, decrease, or pass the end of the pool, or when a string repeats.
  static Vocabulary from_pool(std::string pool, std::vector<std::uint32_t> offsets);

  // The id of `s`, adding it when new.
  std::uint32_t intern(std::string_view s);

  // The id of `s`, or kNotFound.
  std::uint32_t find(std::string_view s) const noexcept;

  // The string of `id` (id < size(), unchecked).
  std::string_view str(std::uint32_t id) const noexcept {
    return std::string_view(pool_).substr(offsets_[id], offsets_[id + 1] - offsets_[id]);
  }

  std::size_t size() const noexcept { return offsets_.size() - 1; }
  bool empty() const noexcept { return size() == 0; }

  // Makes room for `strings` more strings of `bytes` more bytes in total.
  void reserve(std::size_t strings, std::size_t bytes);

  // The strings back to back and their offsets (size() + 1 of them), for serialization.
  const std::string& pool() const noexcept { return pool_; }
  const std::vector<std::uint32_t>& offsets() const noexcept { return offsets_; }

  // Bytes held (capacities of the pool, offsets and hash table).
  std::size_t memory_bytes() const noexcept;

 private:
  void grow(std::size_t min_slots);
  std::uint64_t* find_slot(std::string_view s, std::uint32_t hash) noexcept;

  std::string pool_;
  std::vector<std::uint32_t> offsets_;  // size() + 1
  // Power-of-two table; a slot holds (hash << 32 | (id + 1)), 0 when empty.
  std::vector<std::uint64_t> slots_;
  // from_pool only: one bit per hash bucket, about 8 buckets per string, set for the
  // strings present. A clear bit answers "not found" from a table small enough for the
  // CPU cache, without touching slots_ (most lookups of text words miss).
  std::vector<std::uint64_t> filter_;
  unsigned filter_shift_ = 0;
};

}  // namespace newsnlp
