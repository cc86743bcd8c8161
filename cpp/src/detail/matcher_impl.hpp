// EntityMatcher's state, shared by matcher.cpp (compile, find) and matcher_io.cpp (files).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <string>
#include <vector>

#include "detail/matcher_entities.hpp"
#include "detail/matcher_trie.hpp"
#include "newsnlp/matcher.hpp"
#include "newsnlp/text.hpp"
#include "newsnlp/tokenizer.hpp"
#include "newsnlp/vocabulary.hpp"

namespace newsnlp {
namespace detail {
struct MatchScratch;  // matcher.cpp
}  // namespace detail

// The norms the matcher compares: the tokenizer's defaults plus accent folding, with case
// folding on (`keys`) or off (`case_forms`, for exact-case and capitalised aliases).
NormOptions matcher_norm_options(const MatcherOptions& options, bool lowercase);

struct EntityMatcher::Impl {
  explicit Impl(MatcherOptions opts);

  void compile(const Gazetteer& gazetteer, int n_jobs);
  // Appends the mentions in a Doc made by `tokenizer`.
  void match(const Doc& doc, MatchMode mode, std::vector<Mention>& out) const;
  // The same for well-formed UTF-8 `text`, without making a Doc: most tokens' ids come from
  // a per-thread cache keyed by their text, and their norms are never built.
  void match(std::string_view text, MatchMode mode, std::vector<Mention>& out) const;
  // The trie walk over the ids of the calling thread's scratch space; span_of(k) is token
  // k's ByteSpan in `text`.
  template <class SpanOf>
  void walk(std::string_view text, const SpanOf& span_of, detail::MatchScratch& scratch,
            MatchMode mode, std::vector<Mention>& out) const;
  // Gives token old the id new_ids[old] (see TrieBuilder::build).
  void renumber_vocabulary(const std::vector<std::uint32_t>& new_ids);
  std::size_t memory_bytes() const noexcept;
  // True when the case form of tokens starting with `first` cannot be `form`, told from
  // their first character alone: a cheap "no" for the many lowercase words that reach
  // exact-case aliases ("est" at the alias "Est").
  bool case_form_differs_early(std::string_view first, std::string_view form) const noexcept;

  // Distinct for every Impl ever made in the process: names the owner of per-thread caches.
  const std::uint64_t instance = next_instance();
  static std::uint64_t next_instance() noexcept;

  MatcherOptions options;
  Tokenizer tokenizer;             // options.tokenizer with key norms and no sentences
  TextNormalizer case_normalizer;  // key norms without case folding
  std::array<char, 128> case_ascii{};  // its one-byte form of each ASCII character, or 0
  Vocabulary vocabulary;           // alias token norms
  Vocabulary case_forms;           // exact-case forms; TrieEntry::extra indexes them
  detail::TokenTrie trie;
  detail::EntityTable entities;
  std::vector<SkippedAlias> skipped;
  MatcherStats stats;
};

}  // namespace newsnlp
