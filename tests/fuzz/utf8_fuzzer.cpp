// UTF-8 validation, repair and normalization on arbitrary bytes, against the plain
// decoder of fuzz_check.hpp.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/text.hpp"

namespace {

using newsnlp::fuzz::is_valid_utf8;

// One normalizer per combination of options (building one costs about a millisecond).
const newsnlp::TextNormalizer& normalizer(std::uint8_t bits) {
  static std::array<std::unique_ptr<newsnlp::TextNormalizer>, 48> cache;
  const std::size_t index = bits % cache.size();
  if (!cache[index]) {
    newsnlp::NormOptions o;
    o.normalization = static_cast<newsnlp::Normalization>(index % 3);
    o.lowercase = (index / 3) & 1;
    o.fold_accents = (index / 6) & 1;
    o.unify_punctuation = (index / 12) & 1;
    o.fold_arabic = (index / 24) & 1;
    cache[index] = std::make_unique<newsnlp::TextNormalizer>(o);
  }
  return *cache[index];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t options = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  const std::size_t bad = newsnlp::find_invalid_utf8(text);
  NEWSNLP_FUZZ_CHECK(bad == newsnlp::fuzz::reference_invalid_utf8(text));

  bool threw = false;
  try {
    newsnlp::validate_utf8(text);
  } catch (const newsnlp::InvalidUtf8& e) {
    threw = true;
    NEWSNLP_FUZZ_CHECK(e.byte_offset() == bad);
  }
  NEWSNLP_FUZZ_CHECK(threw == (bad != std::string_view::npos));

  const std::string repaired = newsnlp::repair_utf8(text);
  NEWSNLP_FUZZ_CHECK(repaired == newsnlp::fuzz::reference_repair_utf8(text));

  const newsnlp::TextNormalizer& n = normalizer(options);
  const std::string norm = n.normalize(repaired);
  NEWSNLP_FUZZ_CHECK(is_valid_utf8(norm));
  if (n.is_unchanged(repaired)) NEWSNLP_FUZZ_CHECK(norm == repaired);
  std::string appended = "x";
  n.append_normalized(repaired, appended);
  NEWSNLP_FUZZ_CHECK(appended.substr(1) == norm);
  if (bad != std::string_view::npos) {
    threw = false;
    try {
      (void)n.normalize(text);
    } catch (const newsnlp::InvalidUtf8& e) {
      threw = e.byte_offset() == bad;
    }
    NEWSNLP_FUZZ_CHECK(threw);
  }
  return 0;
}
