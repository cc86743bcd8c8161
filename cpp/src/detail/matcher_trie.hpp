// The matcher's automaton: a trie over token ids in flat arrays, built from sorted alias
// token sequences.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace newsnlp::detail {

// What an alias ending at a node says: its entity, how it compares case, and for exact
// case the index of its case form, for capitalised aliases the mask of capitalised words.
struct TrieEntry {
  static constexpr std::uint32_t kEntityMask = 0x3FFFFFFFu;
  static constexpr std::uint32_t kMaxEntities = kEntityMask + 1;
  enum Check : std::uint32_t { kNone = 0, kCapitalized = 1, kExact = 2 };

  std::uint32_t entity_check = 0;  // entity | check << 30
  std::uint32_t extra = 0;         // kExact: case form index; kCapitalized: word mask

  std::uint32_t entity() const noexcept { return entity_check & kEntityMask; }
  Check check() const noexcept { return static_cast<Check>(entity_check >> 30); }
  static TrieEntry make(std::uint32_t entity, Check check, std::uint32_t extra) noexcept {
    return TrieEntry{entity | (static_cast<std::uint32_t>(check) << 30), extra};
  }
  // By entity first, so the entries of one entity at a node are adjacent.
  friend bool operator<(const TrieEntry& a, const TrieEntry& b) noexcept {
    if (a.entity() != b.entity()) return a.entity() < b.entity();
    return a.entity_check != b.entity_check ? a.entity_check < b.entity_check : a.extra < b.extra;
  }
  friend bool operator==(const TrieEntry& a, const TrieEntry& b) noexcept {
    return a.entity_check == b.entity_check && a.extra == b.extra;
  }
};

// Nodes are numbered breadth first, and within a level in the lexicographic order of their
// token sequences, so the children of node n are the consecutive nodes
// [first_child[n], first_child[n + 1]), sorted by label, and always numbered above n: a
// walk only moves to higher numbers, whatever the arrays hold. Node 0 is the root; its
// children are also reachable in one step through `root` (token id -> node, 0 for none).
struct TokenTrie {
  std::vector<std::uint32_t> label;        // per node: the token id of the edge into it
  std::vector<std::uint32_t> first_child;  // nodes + 1
  std::vector<std::uint32_t> out_begin;    // nodes + 1: entries [out_begin[n], out_begin[n + 1])
  std::vector<TrieEntry> entries;
  std::vector<std::uint32_t> root;         // vocabulary size

  std::size_t nodes() const noexcept { return label.size(); }

  // The child of `node` along token `id`, or 0.
  std::uint32_t child(std::uint32_t node, std::uint32_t id) const noexcept {
    if (node == 0) return id < root.size() ? root[id] : 0;
    const std::uint32_t* begin = label.data() + first_child[node];
    const std::uint32_t* end = label.data() + first_child[node + 1];
    if (end - begin <= 8) {
      for (const std::uint32_t* p = begin; p < end; ++p) {
        if (*p == id) return static_cast<std::uint32_t>(p - label.data());
      }
      return 0;
    }
    const std::uint32_t* p = std::lower_bound(begin, end, id);
    return p != end && *p == id ? static_cast<std::uint32_t>(p - label.data()) : 0;
  }
  bool has_children(std::uint32_t node) const noexcept {
    return first_child[node + 1] > first_child[node];
  }

  // Fills `root` from the labels of the root's children.
  void index_root(std::size_t vocabulary_size);

  // Checks every invariant find() relies on (after loading a file); returns an empty
  // string or what is wrong.
  std::string validate(std::size_t vocabulary_size, std::size_t entity_count,
                       std::size_t case_forms) const;

  std::size_t memory_bytes() const noexcept;
};

// Alias token sequences with their entries, then build().
class TrieBuilder {
 public:
  void add(const std::uint32_t* tokens, std::size_t count, TrieEntry entry);
  std::size_t size() const noexcept { return entries_.size(); }
  // Builds the trie; duplicate (sequence, entry) pairs are merged. Frees the builder.
  TokenTrie build(std::size_t vocabulary_size);

 private:
  std::vector<std::uint32_t> tokens_;
  std::vector<std::uint64_t> offsets_{0};  // entries + 1
  std::vector<TrieEntry> entries_;
};

}  // namespace newsnlp::detail
