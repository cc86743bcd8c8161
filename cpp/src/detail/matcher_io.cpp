// EntityMatcher model files: options, vocabularies, trie and entities as sections of a
// serialize.hpp container. Loading trusts nothing: every array is checked against the
// invariants find() relies on before the matcher exists.
#include <memory>

#include "detail/matcher_impl.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/matcher.hpp"
#include "newsnlp/serialize.hpp"

namespace newsnlp {
namespace {

constexpr const char* kKind = "EntityMatcher";
constexpr std::uint32_t kKindVersion = 1;

std::string encode_options(const MatcherOptions& o) {
  ByteWriter w;
  const TokenizerOptions& t = o.tokenizer;
  w.str(t.lang);
  w.u8(static_cast<std::uint8_t>(t.norm.normalization));
  w.u8(t.norm.lowercase);
  w.u8(t.norm.fold_accents);
  w.u8(t.norm.unify_punctuation);
  w.u8(t.norm.fold_arabic);
  w.u8(t.split_elisions);
  w.u8(t.split_clitics);
  w.u8(t.sentences);
  w.u8(t.builtin_stop_words);
  w.strs(t.stop_words);
  w.strs(t.abbreviations);
  w.u8(o.fold_accents);
  const AliasPolicy& p = o.policy;
  w.u8(static_cast<std::uint8_t>(p.stop_words));
  w.u32(p.min_length);
  w.u32(p.exact_case_max_length);
  w.u8(p.exact_case_acronyms);
  w.u8(p.require_capitalized);
  w.strs(p.common_words);
  return w.take();
}

MatcherOptions decode_options(const ModelReader& r) {
  ByteReader b(r.section("options"), r, "options");
  auto flag = [&]() {
    const std::uint8_t v = b.u8();
    if (v > 1) r.fail("options: a flag is neither 0 nor 1");
    return v == 1;
  };
  MatcherOptions o;
  TokenizerOptions& t = o.tokenizer;
  t.lang = b.str();
  const std::uint8_t normalization = b.u8();
  if (normalization > static_cast<std::uint8_t>(Normalization::kNFKC)) r.fail("options: unknown normalization");
  t.norm.normalization = static_cast<Normalization>(normalization);
  t.norm.lowercase = flag();
  t.norm.fold_accents = flag();
  t.norm.unify_punctuation = flag();
  t.norm.fold_arabic = flag();
  t.split_elisions = flag();
  t.split_clitics = flag();
  t.sentences = flag();
  t.builtin_stop_words = flag();
  t.stop_words = b.strs();
  t.abbreviations = b.strs();
  o.fold_accents = flag();
  AliasPolicy& p = o.policy;
  const std::uint8_t stop = b.u8();
  if (stop > static_cast<std::uint8_t>(StopWordAliases::kKeep)) r.fail("options: unknown stop-word policy");
  p.stop_words = static_cast<StopWordAliases>(stop);
  p.min_length = b.u32();
  p.exact_case_max_length = b.u32();
  p.exact_case_acronyms = flag();
  p.require_capitalized = flag();
  p.common_words = b.strs();
  b.finish();
  return o;
}

void put_vocabulary(ModelWriter& w, const std::string& prefix, const Vocabulary& v) {
  w.add(prefix + "pool", v.pool());
  w.add_u32(prefix + "offs", v.offsets());
}

Vocabulary get_vocabulary(const ModelReader& r, const std::string& prefix, bool utf8) {
  const std::string_view pool = r.section(prefix + "pool");
  if (utf8 && find_invalid_utf8(pool) != std::string_view::npos) r.fail(prefix + ": invalid UTF-8");
  try {
    return Vocabulary::from_pool(std::string(pool), r.u32(prefix + "offs"));
  } catch (const InvalidArgument& e) {
    r.fail(prefix + ": " + e.what());
  }
}

ModelWriter writer_of(const EntityMatcher::Impl& m) {
  ModelWriter w(kKind, kKindVersion);
  w.add("options", encode_options(m.options));
  put_vocabulary(w, "voc", m.vocabulary);
  put_vocabulary(w, "form", m.case_forms);
  std::vector<std::uint32_t> nodes;
  nodes.reserve(3 * m.trie.nodes.size());
  for (const detail::TrieNode& n : m.trie.nodes) nodes.insert(nodes.end(), {n.label, n.first_child, n.out_begin});
  w.add_u32("nodes", nodes);
  w.add_u32("roots", {m.trie.roots});
  std::vector<std::uint32_t> entries;
  entries.reserve(2 * m.trie.entries.size());
  for (const detail::TrieEntry& e : m.trie.entries) entries.insert(entries.end(), {e.entity_check, e.extra});
  w.add_u32("entries", entries);
  w.add("idpool", m.entities.ids.pool);
  w.add_u32("idoffs", m.entities.ids.offsets);
  put_vocabulary(w, "typ", m.entities.types);
  w.add_u32("typeof", m.entities.type_of);
  w.add("names", m.entities.names.pool);
  w.add_u32("nameoffs", m.entities.names.offsets);
  ByteWriter skipped;
  skipped.u64(m.skipped.size());
  for (const SkippedAlias& s : m.skipped) {
    skipped.u32(s.entity);
    skipped.u8(static_cast<std::uint8_t>(s.reason));
    skipped.str(s.alias);
  }
  w.add("skipped", skipped.take());
  const MatcherStats& s = m.stats;
  w.add_u64("stats", {s.aliases, s.compiled, s.exact_case, s.capitalized, s.skipped, s.nodes, s.vocabulary});
  return w;
}

std::unique_ptr<EntityMatcher::Impl> impl_of(const ModelReader& r) {
  using Impl = EntityMatcher::Impl;
  std::unique_ptr<Impl> m;
  try {
    m = std::make_unique<Impl>(decode_options(r));
  } catch (const InvalidArgument& e) {
    r.fail(std::string("options: ") + e.what());
  }
  m->vocabulary = get_vocabulary(r, "voc", false);
  m->case_forms = get_vocabulary(r, "form", false);
  detail::EntityTable& ent = m->entities;
  ent.ids.pool = std::string(r.section("idpool"));
  ent.ids.offsets = r.u32("idoffs");
  ent.names.pool = std::string(r.section("names"));
  ent.names.offsets = r.u32("nameoffs");
  ent.types = get_vocabulary(r, "typ", true);
  ent.type_of = r.u32("typeof");
  for (const detail::StringColumn* column : {&ent.ids, &ent.names}) {
    const std::string problem = column->check();
    if (!problem.empty()) r.fail("entity " + std::string(column == &ent.ids ? "ids" : "names") + ": " + problem);
    if (find_invalid_utf8(column->pool) != std::string_view::npos) r.fail("entity ids or names: invalid UTF-8");
  }
  const std::size_t n = ent.ids.size();
  if (ent.type_of.size() != n || ent.names.size() != n) r.fail("entity arrays of inconsistent sizes");
  if (n > detail::TrieEntry::kMaxEntities) r.fail("too many entities");
  for (const std::uint32_t t : ent.type_of) {
    if (t >= ent.types.size()) r.fail("entity type out of range");
  }

  detail::TokenTrie& trie = m->trie;
  const std::vector<std::uint32_t> nodes = r.u32("nodes");
  if (nodes.size() % 3 != 0 || nodes.size() < 6) r.fail("trie nodes of the wrong size");
  trie.nodes.resize(nodes.size() / 3);
  for (std::size_t k = 0; k < trie.nodes.size(); ++k) {
    trie.nodes[k] = detail::TrieNode{nodes[3 * k], nodes[3 * k + 1], nodes[3 * k + 2]};
  }
  const std::vector<std::uint32_t> roots = r.u32("roots");
  if (roots.size() != 1) r.fail("trie roots of the wrong size");
  trie.roots = roots[0];
  const std::vector<std::uint32_t> entries = r.u32("entries");
  if (entries.size() % 2 != 0) r.fail("trie entries of odd length");
  trie.entries.resize(entries.size() / 2);
  for (std::size_t k = 0; k < trie.entries.size(); ++k) {
    trie.entries[k] = detail::TrieEntry{entries[2 * k], entries[2 * k + 1]};
  }
  const std::string problem = trie.validate(m->vocabulary.size(), n, m->case_forms.size());
  if (!problem.empty()) r.fail(problem);

  ByteReader skipped(r.section("skipped"), r, "skipped aliases");
  const std::uint64_t count = skipped.u64();
  if (count > r.section("skipped").size() / 13) r.fail("skipped aliases: count larger than the section");
  m->skipped.reserve(static_cast<std::size_t>(count));
  for (std::uint64_t k = 0; k < count; ++k) {
    SkippedAlias s;
    s.entity = skipped.u32();
    const std::uint8_t reason = skipped.u8();
    s.alias = skipped.str();
    if (s.entity >= n || reason > static_cast<std::uint8_t>(SkipReason::kTooShort) ||
        find_invalid_utf8(s.alias) != std::string_view::npos) {
      r.fail("skipped aliases: bad record " + std::to_string(k));
    }
    s.reason = static_cast<SkipReason>(reason);
    m->skipped.push_back(std::move(s));
  }
  skipped.finish();
  const std::vector<std::uint64_t> stats = r.u64("stats");
  if (stats.size() != 7) r.fail("stats of the wrong size");
  m->stats = MatcherStats{stats[0], stats[1], stats[2], stats[3], stats[4], stats[5], stats[6]};
  return m;
}

}  // namespace

std::string EntityMatcher::to_bytes() const { return writer_of(*impl_).bytes(); }

void EntityMatcher::save(const std::string& path) const { writer_of(*impl_).save(path); }

EntityMatcher EntityMatcher::from_bytes(std::string bytes, const std::string& source) {
  return EntityMatcher(impl_of(ModelReader::parse(std::move(bytes), source, kKind, kKindVersion)));
}

EntityMatcher EntityMatcher::load(const std::string& path) {
  return EntityMatcher(impl_of(ModelReader::open(path, kKind, kKindVersion)));
}

}  // namespace newsnlp
