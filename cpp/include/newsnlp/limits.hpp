// Every size limit of newsnlp, in one place, with what a caller gets beyond it. The
// README's "Limits" section lists the same figures.
#pragma once

#include <cstddef>
#include <cstdint>

namespace newsnlp {

// One document (tokenizer, matcher, vectorizers, validate_utf8): spans are 32-bit byte
// offsets. Larger: InvalidArgument "... larger than the 4 GiB limit" (per document index
// in batches). Split such text into documents.
inline constexpr std::size_t kMaxTextBytes = 0xFFFFFFFFu;

// Text handed whole to ICU, which counts in int32_t: word_boundaries() and
// sentence_boundaries() inputs, and one token whose norm needs ICU (beyond the fast
// tables). Larger: InvalidArgument naming the size.
inline constexpr std::size_t kMaxIcuTextBytes = 0x7FFFFFFFu;

// Tokens in one gazetteer alias; longer aliases are skipped with SkipReason::kTooLong
// (EntityMatcher::skipped_aliases() lists them).
inline constexpr std::size_t kMaxAliasTokens = 32;

// Entities in one EntityMatcher (the trie keeps 30 bits per entity). More:
// InvalidArgument when the matcher is built.
inline constexpr std::size_t kMaxEntities = std::size_t{1} << 30;

// Bytes of strings in one pool: the names of a Gazetteer, the strings of a Vocabulary
// (vectorizer features, alias token norms). Beyond: InvalidArgument "... is full".
inline constexpr std::size_t kMaxPoolBytes = 0xFFFFFFFFu;

// Model files have no fixed size limit (64-bit offsets): a reader checks the header
// against the real file size before it allocates, and then holds the whole file.

}  // namespace newsnlp
