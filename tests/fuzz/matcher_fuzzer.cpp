// Matcher build and match against the slow reference matcher (tests/cpp/reference): the
// first lines of the input are aliases of three entities, the rest is the text. Mentions
// must be identical in both modes, in a batch, and after a save/load round trip.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/gazetteer.hpp"
#include "newsnlp/matcher.hpp"
#include "reference/matcher_reference.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t mode = data[0], shape = data[1];
  const std::string input =
      newsnlp::fuzz::fuzz_text(mode, std::string_view(reinterpret_cast<const char*>(data) + 2, size - 2));

  // Lines: the first 1-8 are aliases (entity = line % 3, case mode from `shape`).
  const std::vector<std::string_view> lines = newsnlp::fuzz::split_lines(input);
  const std::size_t n_aliases = std::min<std::size_t>(lines.size(), 1 + shape % 8);
  newsnlp::Gazetteer g;
  static const char* const kIds[] = {"e0", "e1", "e2"};
  for (std::size_t k = 0; k < n_aliases; ++k) {
    if (lines[k].empty()) continue;
    const auto case_mode = static_cast<newsnlp::AliasCase>((shape >> 3) % 4);
    try {
      g.add(kIds[k % 3], lines[k], "T", std::vector<newsnlp::AliasSpec>{{lines[k], case_mode}});
    } catch (const newsnlp::InvalidArgument&) {
      // A blank name ("\r") is refused, as documented; the other lines still count.
    }
  }
  std::string text;
  for (std::size_t k = n_aliases; k < lines.size(); ++k) (text += lines[k]) += '\n';

  newsnlp::MatcherOptions options;
  static const char* const kLangs[] = {"xx", "fr", "en", "ar"};
  options.tokenizer.lang = kLangs[(mode >> 1) % 4];
  options.fold_accents = (mode >> 3) & 1;
  options.policy.min_length = (mode >> 4) % 4;
  options.policy.stop_words = static_cast<newsnlp::StopWordAliases>((shape >> 5) % 3);
  options.policy.require_capitalized = (shape >> 7) & 1;
  const newsnlp::EntityMatcher matcher(g, options);
  const newsnlp::testing::ReferenceMatcher reference(g, matcher);
  const newsnlp::Doc doc = matcher.tokenizer().tokenize(text);

  const std::string saved = matcher.to_bytes();
  const newsnlp::EntityMatcher loaded = newsnlp::EntityMatcher::from_bytes(saved);
  for (const newsnlp::MatchMode m : {newsnlp::MatchMode::kLongest, newsnlp::MatchMode::kOverlapping}) {
    const std::vector<newsnlp::Mention> fast = matcher.find(doc, m);
    NEWSNLP_FUZZ_CHECK(fast == reference.find(doc, m));
    NEWSNLP_FUZZ_CHECK(fast == matcher.find(text, m));
    NEWSNLP_FUZZ_CHECK(fast == loaded.find(text, m));
    const auto batch = matcher.find_batch({text}, m);
    NEWSNLP_FUZZ_CHECK(batch.size() == 1 && batch[0] == fast);
  }
  return 0;
}
