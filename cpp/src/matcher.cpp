// EntityMatcher: compiling a gazetteer into a token trie, and scanning texts and Docs with
// it (the scan itself: matcher_scan.cpp).
//
// Compiling: every alias (canonical names included) is tokenized by the matcher's own
// tokenizer, in chunks on n_jobs threads; AliasPolicy decides per alias whether it is
// skipped and how it compares case; its token norms are interned in `vocabulary` and the id
// sequence goes to a TrieBuilder with a TrieEntry (entity, case check). The builder sorts
// the sequences and lays the trie out breadth first in flat arrays (matcher_trie.cpp).
//
// Scanning: each token norm is looked up once in `vocabulary` (a norm that is no alias word
// maps to kNotFound and can neither start nor continue a match). Text (find, find_batch)
// is cut into the tokenizer's pieces without making a Doc: a per-thread cache keyed by a
// short token's own bytes answers most lookups, so most norms are never built. From every
// token index i, the walk follows the trie as far as the tokens allow; each node passed that ends
// aliases is checked (exact case and capitalisation compare the original token text) and
// yields the entities that pass. Leftmost-longest keeps the deepest passing node and resumes
// after it; overlapping reports every passing node and resumes at i + 1. The walk from i
// is at most kMaxAliasTokens long, so a scan is O(tokens * kMaxAliasTokens) at worst and
// close to one hash lookup per token on news text.
#include "newsnlp/matcher.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <exception>
#include <unordered_set>

#include "detail/matcher_impl.hpp"
#include "detail/matcher_policy.hpp"
#include "detail/parallel.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

TokenizerOptions key_tokenizer_options(const MatcherOptions& options) {
  TokenizerOptions o = options.tokenizer;
  o.norm = matcher_norm_options(options, true);
  o.sentences = false;  // the matcher never reads them
  return o;
}

}  // namespace

NormOptions matcher_norm_options(const MatcherOptions& options, bool lowercase) {
  NormOptions n;
  n.normalization = Normalization::kNFKC;
  n.lowercase = lowercase;
  n.fold_accents = options.fold_accents;
  n.unify_punctuation = true;
  n.fold_arabic = true;
  return n;
}

const char* to_string(SkipReason reason) noexcept {
  switch (reason) {
    case SkipReason::kEmpty: return "empty";
    case SkipReason::kTooLong: return "too_long";
    case SkipReason::kStopWord: return "stop_word";
    case SkipReason::kTooShort: return "too_short";
  }
  return "empty";
}

EntityMatcher::Impl::Impl(MatcherOptions opts)
    : options(std::move(opts)),
      tokenizer(key_tokenizer_options(options)),
      case_normalizer(matcher_norm_options(options, false)) {
  for (int c = 1; c < 128; ++c) {
    const std::string form = case_normalizer.normalize(std::string(1, static_cast<char>(c)));
    if (form.size() == 1) case_ascii[static_cast<std::size_t>(c)] = form[0];
  }
}

bool EntityMatcher::Impl::case_form_differs_early(std::string_view first,
                                                  std::string_view form) const noexcept {
  // An ASCII character followed by another (or by nothing) is normalized on its own: no
  // combining mark follows it to compose with.
  const auto c = static_cast<unsigned char>(first[0]);
  if (c >= 0x80 || (first.size() > 1 && static_cast<unsigned char>(first[1]) >= 0x80)) return false;
  return case_ascii[c] != 0 && !form.empty() && case_ascii[c] != form[0];
}

void EntityMatcher::Impl::compile(const Gazetteer& g, int n_jobs) {
  if (g.size() > kMaxEntities) {
    throw InvalidArgument("a matcher holds at most 2^30 entities (kMaxEntities; got " +
                          std::to_string(g.size()) + ")");
  }
  const unsigned threads = detail::resolve_jobs(n_jobs);
  entities = detail::EntityTable::from(g);
  std::unordered_set<std::string> common;
  for (const std::string& word : options.policy.common_words) {
    const Doc doc = tokenizer.tokenize(word);
    if (!doc.empty()) common.insert(detail::joined_norms(doc));
  }

  const std::size_t total = g.size() + g.alias_count();
  stats.aliases = total;
  struct Alias {
    std::string_view text;
    AliasCase given;
    std::uint32_t entity;
  };
  auto alias_at = [&](std::size_t k) {
    if (k < g.size()) return Alias{g.name(k), AliasCase::kAuto, static_cast<std::uint32_t>(k)};
    k -= g.size();
    return Alias{g.alias(k), g.alias_case(k), static_cast<std::uint32_t>(g.alias_entity(k))};
  };
  struct Prepared {
    detail::Resolved resolved;
    std::uint32_t mask = 0;
    std::string form;
  };

  detail::TrieBuilder builder;
  constexpr std::size_t kChunk = std::size_t{1} << 15;
  std::vector<std::string_view> views;
  std::vector<Prepared> prepared;
  std::vector<std::uint32_t> ids;
  for (std::size_t start = 0; start < total; start += kChunk) {
    const std::size_t count = std::min(kChunk, total - start);
    views.clear();
    for (std::size_t k = start; k < start + count; ++k) views.push_back(alias_at(k).text);
    const std::vector<Doc> docs = tokenizer.tokenize_batch(views, static_cast<int>(threads));
    prepared.assign(count, Prepared{});
    detail::parallel_for(count, threads, 256, [&](std::size_t i) {
      const Alias a = alias_at(start + i);
      Prepared& p = prepared[i];
      p.resolved = detail::resolve_alias(a.text, a.given, docs[i], tokenizer, options.policy, common);
      if (p.resolved.skipped) return;
      const auto n = static_cast<std::uint32_t>(docs[i].size());
      if (p.resolved.mode == AliasCase::kExact) {
        const Doc& doc = docs[i];
        detail::case_form([&](std::uint32_t k) { return doc.text(doc.tokens()[k]); }, 0, n,
                          case_normalizer, p.form);
      } else if (p.resolved.mode == AliasCase::kCapitalized) {
        for (std::uint32_t k = 0; k < n; ++k) {
          if (detail::starts_capitalized(docs[i].text(docs[i].tokens()[k]))) p.mask |= 1u << k;
        }
      }
    });
    for (std::size_t i = 0; i < count; ++i) {
      const Alias a = alias_at(start + i);
      const Prepared& p = prepared[i];
      if (p.resolved.skipped) {
        skipped.push_back(SkippedAlias{a.entity, std::string(a.text), p.resolved.reason});
        continue;
      }
      ids.clear();
      for (const Token& t : docs[i].tokens()) ids.push_back(vocabulary.intern(docs[i].norm(t)));
      detail::TrieEntry entry = detail::TrieEntry::make(a.entity, detail::TrieEntry::kNone, 0);
      if (p.resolved.mode == AliasCase::kExact) {
        entry = detail::TrieEntry::make(a.entity, detail::TrieEntry::kExact, case_forms.intern(p.form));
      } else if (p.resolved.mode == AliasCase::kCapitalized && p.mask != 0) {
        entry = detail::TrieEntry::make(a.entity, detail::TrieEntry::kCapitalized, p.mask);
      }
      builder.add(ids.data(), ids.size(), entry);
    }
  }
  std::vector<std::uint32_t> new_ids;
  trie = builder.build(vocabulary.size(), new_ids);
  renumber_vocabulary(new_ids);
  stats.compiled = trie.entries.size();
  for (const detail::TrieEntry& e : trie.entries) {
    stats.exact_case += e.check() == detail::TrieEntry::kExact;
    stats.capitalized += e.check() == detail::TrieEntry::kCapitalized;
  }
  skipped.shrink_to_fit();
  stats.skipped = skipped.size();
  stats.nodes = trie.size();
  stats.vocabulary = vocabulary.size();
}

void EntityMatcher::Impl::renumber_vocabulary(const std::vector<std::uint32_t>& new_ids) {
  std::vector<std::uint32_t> old_of(new_ids.size());
  for (std::uint32_t old = 0; old < new_ids.size(); ++old) old_of[new_ids[old]] = old;
  std::string pool;
  pool.reserve(vocabulary.pool().size());
  std::vector<std::uint32_t> offsets{0};
  offsets.reserve(new_ids.size() + 1);
  for (const std::uint32_t old : old_of) {
    pool += vocabulary.str(old);
    offsets.push_back(static_cast<std::uint32_t>(pool.size()));
  }
  vocabulary = Vocabulary::from_pool(std::move(pool), std::move(offsets));
}

std::uint64_t EntityMatcher::Impl::next_instance() noexcept {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

std::size_t EntityMatcher::Impl::memory_bytes() const noexcept {
  std::size_t skipped_bytes = skipped.capacity() * sizeof(SkippedAlias);
  for (const SkippedAlias& s : skipped) skipped_bytes += s.alias.capacity() > 15 ? s.alias.capacity() : 0;
  return sizeof(Impl) + vocabulary.memory_bytes() + case_forms.memory_bytes() + trie.memory_bytes() +
         entities.memory_bytes() + skipped_bytes;
}

// ---------------------------------------------------------------------------------------

EntityMatcher::EntityMatcher(const Gazetteer& gazetteer, MatcherOptions options, int n_jobs) {
  auto impl = std::make_unique<Impl>(std::move(options));
  impl->compile(gazetteer, n_jobs);
  impl_ = std::move(impl);
}
EntityMatcher::EntityMatcher(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
EntityMatcher::~EntityMatcher() = default;
EntityMatcher::EntityMatcher(EntityMatcher&&) noexcept = default;
EntityMatcher& EntityMatcher::operator=(EntityMatcher&&) noexcept = default;

const MatcherOptions& EntityMatcher::options() const noexcept { return impl_->options; }
const Tokenizer& EntityMatcher::tokenizer() const noexcept { return impl_->tokenizer; }

std::vector<Mention> EntityMatcher::find(std::string_view text, MatchMode mode) const {
  validate_utf8(text);
  std::vector<Mention> out;
  impl_->match(text, mode, out);
  return out;
}

std::vector<Mention> EntityMatcher::find(const Doc& doc, MatchMode mode) const {
  std::vector<Mention> out;
  impl_->match(doc, mode, out);
  return out;
}

void EntityMatcher::find(const Doc& doc, MatchMode mode, std::vector<Mention>& out) const {
  impl_->match(doc, mode, out);
}

std::vector<std::vector<Mention>> EntityMatcher::find_batch(const std::vector<std::string_view>& texts,
                                                            MatchMode mode, int n_jobs,
                                                            const CancelHook& cancel,
                                                            InputCheck check) const {
  const unsigned threads = detail::resolve_jobs(n_jobs);
  const std::size_t n = texts.size();
  std::vector<std::vector<Mention>> out(n);
  // A bad document does not stop the others; the lowest-numbered error is thrown at the
  // end, so the error never depends on thread timing.
  std::vector<std::exception_ptr> errors(n);
  detail::parallel_for(
      n, threads, std::max<std::size_t>(1, n / (16 * threads)),
      [&](std::size_t i) {
        try {
          if (check == InputCheck::kValidate) validate_utf8(texts[i]);
          if (texts[i].size() > kMaxTextBytes) {
            throw InvalidArgument("text of " + std::to_string(texts[i].size()) +
                                  " bytes is larger than the 4 GiB limit");
          }
          impl_->match(texts[i], mode, out[i]);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      },
      cancel);
  for (std::size_t i = 0; i < n; ++i) {
    if (!errors[i]) continue;
    try {
      std::rethrow_exception(errors[i]);
    } catch (const InvalidUtf8& e) {
      throw InvalidUtf8("document " + std::to_string(i) + ": " + e.what(), e.byte_offset(),
                        static_cast<long long>(i));
    } catch (const InvalidArgument& e) {
      throw InvalidArgument("document " + std::to_string(i) + ": " + e.what());
    }
  }
  return out;
}

std::size_t EntityMatcher::entity_count() const noexcept { return impl_->entities.size(); }
std::string_view EntityMatcher::id(std::size_t entity) const noexcept { return impl_->entities.id(entity); }
std::string_view EntityMatcher::name(std::size_t entity) const noexcept { return impl_->entities.name(entity); }
std::string_view EntityMatcher::type(std::size_t entity) const noexcept { return impl_->entities.type(entity); }
const std::vector<SkippedAlias>& EntityMatcher::skipped_aliases() const noexcept { return impl_->skipped; }
const MatcherStats& EntityMatcher::stats() const noexcept { return impl_->stats; }
std::size_t EntityMatcher::memory_bytes() const noexcept { return impl_->memory_bytes(); }

}  // namespace newsnlp
