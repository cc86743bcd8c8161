#include "newsnlp/tokenizer.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "detail/char_class.hpp"
#include "detail/parallel.hpp"
#include "detail/sentence_segmenter.hpp"
#include "detail/tokenizer_internals.hpp"
#include "detail/tokenizer_rules.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/stop_words.hpp"

namespace newsnlp {

const char* to_string(TokenKind kind) noexcept {
  switch (kind) {
    case TokenKind::kWord: return "word";
    case TokenKind::kNumber: return "number";
    case TokenKind::kPunct: return "punct";
    case TokenKind::kSymbol: return "symbol";
    case TokenKind::kEmoji: return "emoji";
    case TokenKind::kUrl: return "url";
    case TokenKind::kEmail: return "email";
    case TokenKind::kMention: return "mention";
    case TokenKind::kHashtag: return "hashtag";
  }
  return "unknown";
}

namespace {

// "1 000" (U+202F, or U+0020 after NFKC) counts and matches as "1000": the norm of a
// number keeps no digit-group space.
void drop_group_spaces(std::string& norms, std::size_t from) {
  std::size_t out = from;
  for (std::size_t i = from; i < norms.size();) {
    std::size_t next = i;
    if (detail::is_digit_group_space(detail::next_code_point(norms, next)) || norms[i] == ' ') {
      i = next;
      continue;
    }
    while (i < next) norms[out++] = norms[i++];
  }
  norms.resize(out);
}

}  // namespace

namespace {

// Scratch space of one thread, reused across documents: no allocation per segment.
struct TokenizeScratch {
  std::vector<detail::Piece> pieces;
  detail::NewsRules::Scratch rules;
  std::vector<std::uint32_t> bounds;
  std::vector<std::uint32_t> starts;
  std::string norms;
};

// Out of line on purpose: in a shared library (the Python module) each use of a
// thread_local costs a __tls_get_addr call; one call per document hands out a reference.
[[gnu::noinline]] TokenizeScratch& thread_scratch() {
  thread_local TokenizeScratch scratch;
  return scratch;
}

}  // namespace

struct Tokenizer::Impl {
  explicit Impl(TokenizerOptions opts)
      : options(std::move(opts)),
        normalizer(options.norm),
        rules(detail::LangRules::for_options(options), true, &normalizer) {
    if (options.builtin_stop_words) {
      for (const char* lang : {"fr", "en", "ar"}) {
        if (options.lang != "xx" && options.lang != lang) continue;
        for (const std::string& w : builtin_stop_words(lang)) add_stop_word(w);
      }
    }
    for (const std::string& w : options.stop_words) add_stop_word(w);
  }

  // Stop words go through this tokenizer's normalizer, so that they meet the norms they
  // are compared with whatever the norm options.
  void add_stop_word(const std::string& word) { stop_words.insert(normalizer.normalize(word)); }

  using Scratch = TokenizeScratch;

  void tokenize_valid(std::string_view text, Doc& doc) const;
  bool append_norm(std::string_view text, const detail::Piece& p, std::string& out) const;
  void add_sentences(const std::vector<detail::Piece>& pieces, Doc& doc, Scratch& scratch) const;

  TokenizerOptions options;
  TextNormalizer normalizer;
  detail::SentenceSegmenter sentences;
  detail::NewsRules rules;
  std::unordered_set<std::string> stop_words;
};

void Tokenizer::Impl::tokenize_valid(std::string_view text, Doc& doc) const {
  doc.text_ = text;
  if (text.empty()) return;
  Scratch& scratch = thread_scratch();
  std::vector<detail::Piece>& pieces = scratch.pieces;
  rules.tokenize(text, pieces, scratch.rules);

  doc.tokens_.reserve(pieces.size());  // no value-initialization of what is written next
  // Norms grow in the thread's buffer and are copied once: growing the Doc's own string
  // would reallocate it several times per document.
  std::string& norms = scratch.norms;
  norms.clear();
  for (const detail::Piece& p : pieces) {
    Token& token = doc.tokens_.emplace_back();
    token.span = ByteSpan{p.begin, p.end};
    token.kind = p.kind;
    const auto norm_begin = static_cast<std::uint32_t>(norms.size());
    if (append_norm(text, p, norms)) {
      token.norm_begin = norm_begin;
      token.norm_end = static_cast<std::uint32_t>(norms.size());
    } else {
      token.norm_is_text = true;
    }
  }
  doc.norms_.assign(norms);
  if (options.sentences) add_sentences(pieces, doc, scratch);
}

// The one rule for a token's norm. Returns false, appending nothing, when the norm is the
// piece's text.
bool Tokenizer::Impl::append_norm(std::string_view text, const detail::Piece& p,
                                  std::string& out) const {
  if (p.plain) return false;  // most tokens: the fast path knows the norm is the text
  std::string_view view = text.substr(p.begin, p.end - p.begin);
  const std::size_t begin = out.size();
  // A clitic is counted and matched as the pronoun it is: "-il" -> "il".
  if (p.clitic) {
    view.remove_prefix(detail::hyphen_length(view));
    normalizer.append_normalized(view, out);
  } else if (!normalizer.append_if_changed(view, out)) {
    return false;
  }
  if (p.kind == TokenKind::kNumber) drop_group_spaces(out, begin);
  // A norm is never empty: a token that folding erases entirely (a lone tatweel or
  // tashkeel) keeps its text as its norm rather than count as "".
  return out.size() != begin;
}

// Sentences are UAX #29 sentences mapped onto tokens, then two news fixes: no sentence ends
// after a title or an initial ("M. Bourita"), and closing quotes or brackets stay with the
// sentence they close ("« C’est fini. »", where the space before » would otherwise split).
void Tokenizer::Impl::add_sentences(const std::vector<detail::Piece>& pieces, Doc& doc,
                                    Scratch& scratch) const {
  const std::vector<Token>& tokens = doc.tokens_;
  if (tokens.empty()) return;
  std::vector<std::uint32_t>& bounds = scratch.bounds;
  std::vector<std::uint32_t>& starts = scratch.starts;
  sentences.segment(doc.text_, bounds);

  // A token starts a sentence when a boundary lies after the previous token's start and
  // at or before its own: the first token at or after each boundary.
  starts.clear();
  std::size_t first = 0;  // first token at or after the previous boundary
  for (std::size_t k = 1; k + 1 < bounds.size(); ++k) {
    // A forward scan: a sentence is some twenty tokens, fewer steps than a binary search
    // over the rest of the document would take, and each one predictable.
    while (first < tokens.size() && tokens[first].span.begin < bounds[k]) ++first;
    if (first == tokens.size()) break;
    const auto start = static_cast<std::uint32_t>(first);
    if (start > 0 && (starts.empty() || starts.back() != start)) starts.push_back(start);
  }

  auto closes = [&](std::uint32_t t) {
    if (tokens[t].kind != TokenKind::kPunct) return false;
    std::size_t i = tokens[t].span.begin;
    const char32_t c = detail::next_code_point(doc.text_, i);
    return i == tokens[t].span.end && detail::is_closing_punct(c);
  };
  doc.sentences_.reserve(starts.size() + 1);
  std::uint32_t begin = 0;
  auto emit = [&](std::uint32_t end) {
    doc.sentences_.push_back(
        Sentence{ByteSpan{tokens[begin].span.begin, tokens[end - 1].span.end}, begin, end});
    begin = end;
  };
  for (std::size_t idx = 0; idx < starts.size(); ++idx) {
    const std::uint32_t limit =
        idx + 1 < starts.size() ? starts[idx + 1] : static_cast<std::uint32_t>(tokens.size());
    std::uint32_t start = starts[idx];
    if (pieces[start - 1].keeps_sentence) continue;
    while (start < limit && closes(start)) ++start;
    if (start < limit) emit(start);
  }
  emit(static_cast<std::uint32_t>(tokens.size()));
}

Tokenizer::Tokenizer(TokenizerOptions options)
    : impl_(std::make_unique<const Impl>(std::move(options))) {}
Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

const TokenizerOptions& Tokenizer::options() const noexcept { return impl_->options; }

Doc Tokenizer::tokenize(std::string_view utf8) const {
  validate_utf8(utf8);
  Doc doc;
  impl_->tokenize_valid(utf8, doc);
  return doc;
}

std::vector<Doc> Tokenizer::tokenize_batch(const std::vector<std::string_view>& texts, int n_jobs,
                                           const CancelHook& cancel, InputCheck check) const {
  const unsigned threads = detail::resolve_jobs(n_jobs);
  // Validated up front and in order, so the error always names the first bad document.
  for (std::size_t i = 0; i < texts.size(); ++i) {
    try {
      if (check == InputCheck::kValidate) {
        validate_utf8(texts[i]);
      } else if (texts[i].size() > kMaxTextBytes) {
        throw InvalidArgument("text of " + std::to_string(texts[i].size()) +
                              " bytes is larger than the 4 GiB limit");
      }
    } catch (const InvalidUtf8& e) {
      throw InvalidUtf8("document " + std::to_string(i) + ": " + e.what(), e.byte_offset(),
                        static_cast<long long>(i));
    } catch (const InvalidArgument& e) {
      throw InvalidArgument("document " + std::to_string(i) + ": " + e.what());
    }
  }
  std::vector<Doc> docs(texts.size());
  const std::size_t grain = std::max<std::size_t>(1, texts.size() / (16 * threads));
  detail::parallel_for(
      texts.size(), threads, grain, [&](std::size_t i) { impl_->tokenize_valid(texts[i], docs[i]); },
      cancel);
  return docs;
}

bool Tokenizer::is_stop_word(std::string_view norm) const {
  return impl_->stop_words.count(std::string(norm)) > 0;
}

std::string Tokenizer::normalize(std::string_view text) const {
  return impl_->normalizer.normalize(text);
}

namespace detail {

const std::vector<Piece>& TokenizerInternals::pieces(const Tokenizer& tokenizer,
                                                     std::string_view valid_utf8) {
  TokenizeScratch& scratch = thread_scratch();
  scratch.pieces.clear();
  if (!valid_utf8.empty()) tokenizer.impl_->rules.tokenize(valid_utf8, scratch.pieces, scratch.rules);
  return scratch.pieces;
}

bool TokenizerInternals::append_norm(const Tokenizer& tokenizer, std::string_view text,
                                     const Piece& piece, std::string& out) {
  return tokenizer.impl_->append_norm(text, piece, out);
}

}  // namespace detail
}  // namespace newsnlp
