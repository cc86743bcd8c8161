// Gazetteer CSV/TSV parsing on arbitrary bytes: a clean InvalidArgument naming the
// source and line, or a gazetteer whose every entity and alias is consistent; skipping bad
// rows never throws past the header, and agrees with strict parsing when there are none.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/gazetteer.hpp"

namespace {

void check_gazetteer(const newsnlp::Gazetteer& g) {
  for (std::size_t e = 0; e < g.size(); ++e) {
    NEWSNLP_FUZZ_CHECK(g.find(g.id(e)) == e);
    NEWSNLP_FUZZ_CHECK(!g.id(e).empty() && !g.name(e).empty());
    NEWSNLP_FUZZ_CHECK(newsnlp::fuzz::is_valid_utf8(g.id(e)));
    NEWSNLP_FUZZ_CHECK(newsnlp::fuzz::is_valid_utf8(g.name(e)));
    NEWSNLP_FUZZ_CHECK(newsnlp::fuzz::is_valid_utf8(g.type(e)));
  }
  for (std::size_t k = 0; k < g.alias_count(); ++k) {
    NEWSNLP_FUZZ_CHECK(g.alias_entity(k) < g.size());
    NEWSNLP_FUZZ_CHECK(!g.alias(k).empty());
    NEWSNLP_FUZZ_CHECK(newsnlp::fuzz::is_valid_utf8(g.alias(k)));
  }
  std::size_t previous_line = 1;
  for (const newsnlp::BadRow& row : g.bad_rows()) {
    NEWSNLP_FUZZ_CHECK(row.line >= previous_line);
    NEWSNLP_FUZZ_CHECK(row.message.rfind("fuzz.csv:", 0) == 0);
    previous_line = row.line;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char kDelimiters[] = {0, '\t', ';', '|', ','};
  newsnlp::CsvOptions options;
  options.delimiter = kDelimiters[data[0] % sizeof kDelimiters];
  options.alias_separator = (data[0] & 0x80) ? ';' : '|';
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  bool strict_ok = false;
  newsnlp::Gazetteer strict;
  try {
    strict = newsnlp::Gazetteer::from_csv_text(text, "fuzz.csv", options);
    strict_ok = true;
    check_gazetteer(strict);
    NEWSNLP_FUZZ_CHECK(strict.bad_rows().empty());
  } catch (const newsnlp::InvalidArgument& e) {
    NEWSNLP_FUZZ_CHECK(std::string_view(e.what()).rfind("fuzz.csv:", 0) == 0);
  }

  options.skip_bad_rows = true;
  try {
    const newsnlp::Gazetteer lenient = newsnlp::Gazetteer::from_csv_text(text, "fuzz.csv", options);
    check_gazetteer(lenient);
    if (strict_ok) {
      NEWSNLP_FUZZ_CHECK(lenient.size() == strict.size());
      NEWSNLP_FUZZ_CHECK(lenient.alias_count() == strict.alias_count());
    }
  } catch (const newsnlp::InvalidArgument& e) {
    NEWSNLP_FUZZ_CHECK(!strict_ok);  // only the header can fail a lenient read
  }
  return 0;
}
