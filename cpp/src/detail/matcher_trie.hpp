// The matcher's automaton: a trie over token ids in flat arrays, built from sorted alias
// token sequences.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "newsnlp/limits.hpp"

namespace newsnlp::detail {

// What an alias ending at a node says: its entity, how it compares case, and for exact
// case the index of its case form, for capitalised aliases the mask of capitalised words.
struct TrieEntry {
  static constexpr std::uint32_t kEntityMask = 0x3FFFFFFFu;
  static constexpr std::uint32_t kMaxEntities = kEntityMask + 1;
  static_assert(kMaxEntities == newsnlp::kMaxEntities, "limits.hpp states the trie's limit");
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

// One node: the token id of the edge into it, its first child, its first entry.
struct TrieNode {
  std::uint32_t label = 0;
  std::uint32_t first_child = 0;
  std::uint32_t out_begin = 0;
};

// Nodes are numbered breadth first, and within a level in the lexicographic order of their
// token sequences, so the children of node n are the consecutive nodes
// [nodes[n].first_child, nodes[n + 1].first_child), sorted by label, and always numbered
// above n: a walk only moves to higher numbers, whatever the arrays hold. The fields of a
// node sit together, so a step of a walk touches one or two cache lines. Node 0 is the
// root; the tokens that start aliases have the ids 0 .. roots - 1 (TrieBuilder renumbers
// the vocabulary so), and token t < roots leads from the root to node t + 1: no lookup.
struct TokenTrie {
  std::vector<TrieNode> nodes{TrieNode{0, 1, 0}};  // size() + 1: the last one a sentinel
  std::vector<TrieEntry> entries;
  std::uint32_t roots = 0;

  std::size_t size() const noexcept { return nodes.size() - 1; }

  // The child of `node` along token `id`, or 0.
  std::uint32_t child(std::uint32_t node, std::uint32_t id) const noexcept {
    if (node == 0) return id < roots ? id + 1 : 0;
    const std::uint32_t begin = nodes[node].first_child, end = nodes[node + 1].first_child;
    if (end - begin <= 8) {
      for (std::uint32_t c = begin; c < end; ++c) {
        if (nodes[c].label == id) return c;
      }
      return 0;
    }
    const TrieNode* p = std::lower_bound(nodes.data() + begin, nodes.data() + end, id,
                                         [](const TrieNode& n, std::uint32_t v) { return n.label < v; });
    return p != nodes.data() + end && p->label == id ? static_cast<std::uint32_t>(p - nodes.data()) : 0;
  }
  bool has_children(std::uint32_t node) const noexcept {
    return nodes[node + 1].first_child > nodes[node].first_child;
  }
  bool has_entries(std::uint32_t node) const noexcept {
    return nodes[node + 1].out_begin > nodes[node].out_begin;
  }

  // Checks every invariant find() relies on (after loading a file); returns an empty
  // string or what is wrong.
  std::string validate(std::size_t vocabulary_size, std::size_t entity_count,
                       std::size_t case_forms) const;

  std::size_t memory_bytes() const noexcept {
    return nodes.capacity() * sizeof(TrieNode) + entries.capacity() * sizeof(TrieEntry);
  }
};

// Alias token sequences with their entries, then build().
class TrieBuilder {
 public:
  void add(const std::uint32_t* tokens, std::size_t count, TrieEntry entry);
  std::size_t size() const noexcept { return entries_.size(); }
  // Builds the trie over token ids renumbered so that the tokens starting an alias come
  // first: new_ids[old id] is the new id of each of the `vocabulary_size` tokens (the
  // caller renumbers its vocabulary the same way). Duplicate (sequence, entry) pairs are
  // merged. Frees the builder.
  TokenTrie build(std::size_t vocabulary_size, std::vector<std::uint32_t>& new_ids);

 private:
  std::vector<std::uint32_t> tokens_;
  std::vector<std::uint64_t> offsets_{0};  // entries + 1
  std::vector<TrieEntry> entries_;
};

}  // namespace newsnlp::detail
