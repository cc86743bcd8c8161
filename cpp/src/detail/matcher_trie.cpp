#include "detail/matcher_trie.hpp"

#include <numeric>

#include "newsnlp/error.hpp"

namespace newsnlp::detail {

void TokenTrie::index_root(std::size_t vocabulary_size) {
  root.assign(vocabulary_size, 0);
  if (first_child.size() < 2) return;
  for (std::uint32_t n = first_child[0]; n < first_child[1]; ++n) root[label[n]] = n;
}

std::string TokenTrie::validate(std::size_t vocabulary_size, std::size_t entity_count,
                                std::size_t case_forms) const {
  const std::size_t n = label.size();
  if (n == 0 || first_child.size() != n + 1 || out_begin.size() != n + 1) {
    return "trie arrays of inconsistent sizes";
  }
  if (first_child[0] != 1 && n > 1) return "trie root has no first child";
  if (first_child[n] != n) return "trie child ranges do not end at the last node";
  if (out_begin[0] != 0 || out_begin[n] != entries.size()) return "trie entry ranges do not cover the entries";
  for (std::size_t k = 0; k < n; ++k) {
    // Children numbered above their parent: walks terminate, and never leave the arrays.
    if (first_child[k + 1] < first_child[k] || (first_child[k] <= k && first_child[k + 1] > first_child[k])) {
      return "trie child ranges out of order at node " + std::to_string(k);
    }
    if (out_begin[k + 1] < out_begin[k]) return "trie entry ranges out of order at node " + std::to_string(k);
    if (k > 0 && label[k] >= vocabulary_size) return "trie label out of range at node " + std::to_string(k);
    for (std::uint32_t c = first_child[k] + 1; c < first_child[k + 1]; ++c) {
      if (label[c] <= label[c - 1]) return "trie labels not sorted under node " + std::to_string(k);
    }
  }
  for (const TrieEntry& e : entries) {
    if (e.entity() >= entity_count) return "trie entry names a missing entity";
    if (e.check() == TrieEntry::kExact && e.extra >= case_forms) return "trie entry names a missing case form";
    if (e.check() > TrieEntry::kExact) return "trie entry has an unknown case check";
  }
  return {};
}

std::size_t TokenTrie::memory_bytes() const noexcept {
  return (label.capacity() + first_child.capacity() + out_begin.capacity() + root.capacity()) * 4 +
         entries.capacity() * sizeof(TrieEntry);
}

void TrieBuilder::add(const std::uint32_t* tokens, std::size_t count, TrieEntry entry) {
  if (count == 0) throw InvalidArgument("an alias needs at least one token");
  tokens_.insert(tokens_.end(), tokens, tokens + count);
  offsets_.push_back(tokens_.size());
  entries_.push_back(entry);
}

TokenTrie TrieBuilder::build(std::size_t vocabulary_size) {
  const std::size_t n = entries_.size();
  if (n >= 0xFFFFFFFFu) throw InvalidArgument("too many aliases (2^32)");
  auto length = [&](std::uint32_t s) { return offsets_[s + 1] - offsets_[s]; };
  auto at = [&](std::uint32_t s, std::size_t d) {  // token + 1, or 0 past the end
    return d < length(s) ? tokens_[offsets_[s] + d] + 1 : 0u;
  };

  // Sort by token sequence, then entry. The first two tokens sit in the sort key, so most
  // comparisons never touch the token arrays.
  struct Key {
    std::uint32_t t0, t1, seq;
  };
  std::vector<Key> keys(n);
  for (std::uint32_t s = 0; s < n; ++s) keys[s] = Key{at(s, 0), at(s, 1), s};
  auto compare_tail = [&](std::uint32_t a, std::uint32_t b) {  // from the third token on
    const std::uint32_t* pa = tokens_.data() + offsets_[a];
    const std::uint32_t* pb = tokens_.data() + offsets_[b];
    const std::size_t la = length(a), lb = length(b);
    for (std::size_t d = 2; d < la && d < lb; ++d) {
      if (pa[d] != pb[d]) return pa[d] < pb[d] ? -1 : 1;
    }
    return la == lb ? 0 : (la < lb ? -1 : 1);
  };
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.t0 != b.t0) return a.t0 < b.t0;
    if (a.t1 != b.t1) return a.t1 < b.t1;
    const int c = compare_tail(a.seq, b.seq);
    if (c != 0) return c < 0;
    return entries_[a.seq] < entries_[b.seq];
  });
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = keys[i].seq;
  std::vector<Key>().swap(keys);

  // Level by level: a node per distinct (parent, token) run in sorted order.
  TokenTrie trie;
  trie.label.push_back(0);
  std::vector<std::uint32_t> child_count{0};
  std::vector<std::uint32_t> node_of(n, 0);
  std::vector<std::uint32_t> active = order;
  std::vector<std::uint32_t> next;
  for (std::size_t d = 0; !active.empty(); ++d) {
    next.clear();
    std::uint32_t prev_parent = 0xFFFFFFFFu, prev_token = 0xFFFFFFFFu, node = 0;
    for (const std::uint32_t s : active) {
      const std::uint32_t parent = node_of[s];
      const std::uint32_t token = tokens_[offsets_[s] + d];
      if (parent != prev_parent || token != prev_token) {
        if (trie.label.size() >= 0xFFFFFFFEu) throw InvalidArgument("too many trie nodes (2^32)");
        node = static_cast<std::uint32_t>(trie.label.size());
        trie.label.push_back(token);
        child_count.push_back(0);
        ++child_count[parent];
        prev_parent = parent;
        prev_token = token;
      }
      node_of[s] = node;  // for finished sequences: their terminal node
      if (length(s) > d + 1) next.push_back(s);
    }
    active.swap(next);
  }
  std::vector<std::uint32_t>().swap(active);
  std::vector<std::uint32_t>().swap(next);

  const std::size_t nodes = trie.label.size();
  trie.first_child.resize(nodes + 1);
  trie.first_child[0] = 1;
  for (std::size_t k = 0; k < nodes; ++k) trie.first_child[k + 1] = trie.first_child[k] + child_count[k];
  trie.first_child[nodes] = static_cast<std::uint32_t>(nodes);  // the root's "1" when alone
  std::vector<std::uint32_t>().swap(child_count);

  // Entries grouped by terminal node (a counting sort, stable: sorted within a node),
  // without repeats.
  std::vector<bool> keep(n, true);
  for (std::size_t i = 1; i < n; ++i) {
    const std::uint32_t a = order[i - 1], b = order[i];
    keep[i] = !(node_of[a] == node_of[b] && entries_[a] == entries_[b]);
  }
  trie.out_begin.assign(nodes + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (keep[i]) ++trie.out_begin[node_of[order[i]] + 1];
  }
  std::partial_sum(trie.out_begin.begin(), trie.out_begin.end(), trie.out_begin.begin());
  trie.entries.resize(trie.out_begin[nodes]);
  std::vector<std::uint32_t> fill(trie.out_begin.begin(), trie.out_begin.end() - 1);
  for (std::size_t i = 0; i < n; ++i) {
    if (keep[i]) trie.entries[fill[node_of[order[i]]]++] = entries_[order[i]];
  }
  trie.index_root(vocabulary_size);

  *this = TrieBuilder();
  return trie;
}

}  // namespace newsnlp::detail
