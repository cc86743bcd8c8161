// EntityMatcher's scan: token ids (through a per-thread cache), then the trie walk that
// finds the mentions. See matcher.cpp for the whole design.
#include <algorithm>
#include <cstring>
#include <memory>

#include "detail/matcher_impl.hpp"
#include "detail/matcher_policy.hpp"
#include "detail/short_key.hpp"
#include "detail/tokenizer_internals.hpp"

namespace newsnlp {

namespace detail {

// The ids last found for short tokens, direct-mapped: news text repeats a few thousand
// words, whose lookups this answers from the CPU's own caches instead of the vocabulary's
// scattered tables (16,384 entries, 256 KiB: 3.2x fewer misses than 2,048 on OrangeSum).
// A key is up to 8 bytes; its tag says what they are: a norm (Doc tokens) or a token's own
// text (find(text): a hit then spares building the norm), with the flags that change a
// text's norm, and the generation of the matcher that owns the cache on this thread. A
// thread switching matchers starts a new generation, so old entries never match and
// nothing is cleared (a thread alternating two matchers pays nothing for it).
struct RecentIds {
  static constexpr unsigned kBits = 14;
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;  // never a tag: generations < 2^20
  static constexpr std::uint32_t kText = 1u << 8, kClitic = 1u << 9, kNumber = 1u << 10;
  struct Entry {
    std::uint64_t key = 0;
    std::uint32_t tag = kNone;  // length | flags | generation << 12
    std::uint32_t id = 0;
  };
  std::unique_ptr<Entry[]> entries;  // on the heap: thread-local storage is scarce
  std::uint64_t owner = 0;
  std::uint32_t generation = 0;

  void claim(std::uint64_t instance) {
    if (owner == instance) return;
    owner = instance;
    generation = (generation + 1) & 0xFFFFF;
    if (entries && generation != 0) return;
    if (!entries) entries = std::make_unique<Entry[]>(std::size_t{1} << kBits);
    std::fill_n(entries.get(), std::size_t{1} << kBits, Entry{});
    generation = 1;
  }
  // The full tag of a key of `length` bytes with `flags`.
  std::uint32_t tag(std::uint32_t length, std::uint32_t flags = 0) const noexcept {
    return length | flags | generation << 12;
  }
  // The id cached for (key, tag), or lookup()'s, then cached.
  template <class Lookup>
  std::uint32_t find(std::uint64_t key, std::uint32_t tag, const Lookup& lookup) {
    Entry& e = entries[((key ^ tag) * 0x9E3779B97F4A7C15ull) >> (64 - kBits)];
    if (e.key != key || e.tag != tag) e = Entry{key, tag, lookup()};
    return e.id;
  }
};

// Per-thread scratch space of match(): no allocation per document once warm.
struct MatchScratch {
  std::vector<std::uint32_t> ids, passing, best;
  std::string text_form, norm;
  RecentIds recent;
};

}  // namespace detail

namespace {

// Out of line on purpose: in a shared library every use of a thread_local costs a
// __tls_get_addr call, and GCC repeats it after each call in a loop (Vocabulary::find)
// instead of keeping the address; an opaque reference stays in a register.
[[gnu::noinline]] detail::MatchScratch& thread_scratch() {
  thread_local detail::MatchScratch scratch;
  return scratch;
}

// Bytes [begin, begin + n) of `text` (n <= 8) as one integer: one 8-byte read where the
// text goes on long enough, which is almost always.
std::uint64_t text_key(std::string_view text, std::uint32_t begin, std::uint32_t n) noexcept {
  std::uint64_t key = 0;
  if (text.size() - begin >= 8) {
    std::memcpy(&key, text.data() + begin, 8);
    return n == 8 ? key : key & ((std::uint64_t{1} << (8 * n)) - 1);
  }
  std::memcpy(&key, text.data() + begin, n);
  return key;
}

}  // namespace

void EntityMatcher::Impl::match(const Doc& doc, MatchMode mode, std::vector<Mention>& out) const {
  const std::vector<Token>& tokens = doc.tokens();
  detail::MatchScratch& scratch = thread_scratch();
  detail::RecentIds& recent = scratch.recent;
  recent.claim(instance);
  std::vector<std::uint32_t>& ids = scratch.ids;
  ids.resize(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string_view norm = doc.norm(tokens[i]);
    const auto n = static_cast<std::uint32_t>(norm.size());
    if (n > detail::kShortKeyMaxBytes) {
      ids[i] = vocabulary.find(norm);
      continue;
    }
    ids[i] = recent.find(detail::short_key(norm), recent.tag(n), [&] { return vocabulary.find(norm); });
  }
  walk(doc.text(), [&](std::uint32_t k) { return tokens[k].span; }, scratch, mode, out);
}

void EntityMatcher::Impl::match(std::string_view text, MatchMode mode,
                                std::vector<Mention>& out) const {
  const std::vector<detail::Piece>& pieces = detail::TokenizerInternals::pieces(tokenizer, text);
  detail::MatchScratch& scratch = thread_scratch();
  detail::RecentIds& recent = scratch.recent;
  recent.claim(instance);
  std::vector<std::uint32_t>& ids = scratch.ids;
  ids.resize(pieces.size());
  auto lookup = [&](const detail::Piece& p) {
    scratch.norm.clear();
    if (detail::TokenizerInternals::append_norm(tokenizer, text, p, scratch.norm)) {
      return vocabulary.find(scratch.norm);
    }
    return vocabulary.find(text.substr(p.begin, p.end - p.begin));
  };
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const detail::Piece& p = pieces[i];
    const std::uint32_t n = p.end - p.begin;
    if (n > detail::kShortKeyMaxBytes) {
      ids[i] = lookup(p);
      continue;
    }
    const std::uint32_t tag =
        recent.tag(n, detail::RecentIds::kText | (p.clitic ? detail::RecentIds::kClitic : 0) |
                          (p.kind == TokenKind::kNumber ? detail::RecentIds::kNumber : 0));
    ids[i] = recent.find(text_key(text, p.begin, n), tag, [&] { return lookup(p); });
  }
  walk(text, [&](std::uint32_t k) { return ByteSpan{pieces[k].begin, pieces[k].end}; }, scratch,
       mode, out);
}

template <class SpanOf>
void EntityMatcher::Impl::walk(std::string_view text, const SpanOf& span_of, detail::MatchScratch& scratch,
                               MatchMode mode, std::vector<Mention>& out) const {
  const std::vector<std::uint32_t>& ids = scratch.ids;
  const auto n = static_cast<std::uint32_t>(ids.size());
  std::vector<std::uint32_t>& passing = scratch.passing;
  std::vector<std::uint32_t>& best = scratch.best;
  auto text_of = [&](std::uint32_t k) {
    const ByteSpan span = span_of(k);
    return text.substr(span.begin, span.end - span.begin);
  };

  // The entities of `node`'s entries that pass their case checks for tokens [i, j).
  auto collect = [&](std::uint32_t node, std::uint32_t i, std::uint32_t j) {
    passing.clear();
    bool have_form = false;
    for (std::uint32_t k = trie.nodes[node].out_begin; k < trie.nodes[node + 1].out_begin; ++k) {
      const detail::TrieEntry& e = trie.entries[k];
      if (!passing.empty() && passing.back() == e.entity()) continue;
      bool ok = true;
      if (e.check() == detail::TrieEntry::kCapitalized) {
        for (std::uint32_t bit = 0; bit < j - i && bit < 32 && ok; ++bit) {
          if ((e.extra >> bit) & 1u) ok = detail::starts_capitalized(text_of(i + bit));
        }
      } else if (e.check() == detail::TrieEntry::kExact) {
        const std::string_view form = case_forms.str(e.extra);
        if (case_form_differs_early(text_of(i), form)) {
          ok = false;
        } else {
          if (!have_form) detail::case_form(text_of, i, j, case_normalizer, scratch.text_form);
          have_form = true;
          ok = scratch.text_form == form;
        }
      }
      if (ok) passing.push_back(e.entity());
    }
    return !passing.empty();
  };
  auto emit = [&](std::uint32_t i, std::uint32_t j, const std::vector<std::uint32_t>& found) {
    for (const std::uint32_t entity : found) {
      out.push_back(Mention{ByteSpan{span_of(i).begin, span_of(j - 1).end}, i, j, entity});
    }
  };

  for (std::uint32_t i = 0; i < n;) {
    std::uint32_t node = trie.child(0, ids[i]);
    if (node == 0) {
      ++i;
      continue;
    }
    std::uint32_t best_end = 0;
    for (std::uint32_t j = i + 1;; ++j) {  // node spells tokens [i, j)
      if (trie.has_entries(node) && collect(node, i, j)) {
        if (mode == MatchMode::kOverlapping) {
          emit(i, j, passing);
        } else {
          best.swap(passing);
          best_end = j;
        }
      }
      if (j >= n || !trie.has_children(node) || ids[j] == Vocabulary::kNotFound) break;
      node = trie.child(node, ids[j]);
      if (node == 0) break;
    }
    if (best_end != 0) {
      emit(i, best_end, best);
      i = best_end;
    } else {
      ++i;
    }
  }
}

}  // namespace newsnlp
