#include "detail/matcher_trie.hpp"

#include <numeric>

#include "newsnlp/error.hpp"

namespace newsnlp::detail {

std::string TokenTrie::validate(std::size_t vocabulary_size, std::size_t entity_count,
                                std::size_t case_forms) const {
  if (nodes.empty()) return "trie without nodes";
  const std::size_t n = size();
  if (n == 0) return "trie without a root";
  if (roots > vocabulary_size || roots >= n) return "trie has more roots than tokens or nodes";
  if (nodes[0].first_child != 1 || nodes[1].first_child != roots + 1) return "trie root children out of place";
  if (nodes[n].first_child != n) return "trie child ranges do not end at the last node";
  if (nodes[0].out_begin != 0 || nodes[n].out_begin != entries.size()) {
    return "trie entry ranges do not cover the entries";
  }
  for (std::size_t k = 0; k < n; ++k) {
    const TrieNode& node = nodes[k];
    const TrieNode& next = nodes[k + 1];
    // Children numbered above their parent: walks terminate, and never leave the array
    // (checked here for each node: the loop below reads nodes up to next.first_child).
    if (next.first_child < node.first_child || next.first_child > n ||
        (node.first_child <= k && next.first_child > node.first_child)) {
      return "trie child ranges out of order at node " + std::to_string(k);
    }
    if (next.out_begin < node.out_begin) return "trie entry ranges out of order at node " + std::to_string(k);
    if (k > 0 && node.label >= vocabulary_size) return "trie label out of range at node " + std::to_string(k);
    if (k > 0 && k <= roots && node.label != k - 1) return "trie root child " + std::to_string(k) + " has the wrong label";
    for (std::uint32_t c = node.first_child + 1; c < next.first_child; ++c) {
      if (nodes[c].label <= nodes[c - 1].label) return "trie labels not sorted under node " + std::to_string(k);
    }
  }
  for (const TrieEntry& e : entries) {
    if (e.entity() >= entity_count) return "trie entry names a missing entity";
    if (e.check() == TrieEntry::kExact && e.extra >= case_forms) return "trie entry names a missing case form";
    if (e.check() > TrieEntry::kExact) return "trie entry has an unknown case check";
  }
  return {};
}

void TrieBuilder::add(const std::uint32_t* tokens, std::size_t count, TrieEntry entry) {
  if (count == 0) throw InvalidArgument("an alias needs at least one token");
  tokens_.insert(tokens_.end(), tokens, tokens + count);
  offsets_.push_back(tokens_.size());
  entries_.push_back(entry);
}

TokenTrie TrieBuilder::build(std::size_t vocabulary_size, std::vector<std::uint32_t>& new_ids) {
  const std::size_t n = entries_.size();
  if (n >= 0xFFFFFFFFu) throw InvalidArgument("too many aliases (2^32)");
  // Tokens that start an alias first, then the others, each group in id order.
  std::vector<bool> starts(vocabulary_size, false);
  for (std::size_t s = 0; s < n; ++s) starts[tokens_[offsets_[s]]] = true;
  new_ids.assign(vocabulary_size, 0);
  std::uint32_t next_id = 0;
  for (std::size_t t = 0; t < vocabulary_size; ++t) {
    if (starts[t]) new_ids[t] = next_id++;
  }
  const std::uint32_t roots = next_id;
  for (std::size_t t = 0; t < vocabulary_size; ++t) {
    if (!starts[t]) new_ids[t] = next_id++;
  }
  std::vector<bool>().swap(starts);
  for (std::uint32_t& t : tokens_) t = new_ids[t];
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
  trie.roots = roots;
  std::vector<std::uint32_t> labels{0};
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
        if (labels.size() >= 0xFFFFFFFEu) throw InvalidArgument("too many trie nodes (2^32)");
        node = static_cast<std::uint32_t>(labels.size());
        labels.push_back(token);
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

  const std::size_t size = labels.size();
  trie.nodes.assign(size + 1, TrieNode{});
  trie.nodes[0].first_child = 1;
  for (std::size_t k = 0; k < size; ++k) {
    trie.nodes[k].label = labels[k];
    trie.nodes[k + 1].first_child = trie.nodes[k].first_child + child_count[k];
  }
  std::vector<std::uint32_t>().swap(labels);
  std::vector<std::uint32_t>().swap(child_count);

  // Entries grouped by terminal node (a counting sort, stable: sorted within a node),
  // without repeats.
  std::vector<bool> keep(n, true);
  for (std::size_t i = 1; i < n; ++i) {
    const std::uint32_t a = order[i - 1], b = order[i];
    keep[i] = !(node_of[a] == node_of[b] && entries_[a] == entries_[b]);
  }
  std::vector<std::uint32_t> count(size + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (keep[i]) ++count[node_of[order[i]] + 1];
  }
  std::partial_sum(count.begin(), count.end(), count.begin());
  for (std::size_t k = 0; k <= size; ++k) trie.nodes[k].out_begin = count[k];
  trie.entries.resize(count[size]);
  for (std::size_t i = 0; i < n; ++i) {
    if (keep[i]) trie.entries[count[node_of[order[i]]]++] = entries_[order[i]];
  }

  *this = TrieBuilder();
  return trie;
}

}  // namespace newsnlp::detail
