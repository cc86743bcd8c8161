// Entities to find in text: an id, a canonical name, a type and aliases, kept compactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "newsnlp/vocabulary.hpp"

namespace newsnlp {

// How one alias compares with text. kAuto lets the matcher's AliasPolicy decide (acronyms
// and short aliases match with exact case, the rest ignores case).
enum class AliasCase : std::uint8_t {
  kAuto,         // decided by the matcher's AliasPolicy
  kIgnore,       // case-insensitive: "ÉTATS-UNIS", "Etats-Unis", "états-unis"
  kCapitalized,  // case-insensitive, but words capitalised in the alias must be in the text
  kExact,        // "EI" matches "EI", never "ei" or "Ei" (accents still fold)
};

// "auto", "ignore", "capitalized", "exact".
const char* to_string(AliasCase c) noexcept;
// The inverse of to_string; InvalidArgument naming the accepted values otherwise.
AliasCase parse_alias_case(std::string_view name);

struct AliasSpec {
  std::string_view text;
  AliasCase case_mode = AliasCase::kAuto;
};

// Where a row came from and why it was rejected (CSV line, record index).
struct BadRow {
  std::size_t line = 0;  // 1-based line in the file (header = line 1), or record index
  std::string message;   // the error, naming the file and line
};

struct CsvOptions {
  // 0: from the extension (.tsv and .tab: tab, anything else: comma).
  char delimiter = 0;
  // Between aliases in the aliases column.
  char alias_separator = '|';
  // Malformed rows are collected in bad_rows() instead of raising.
  bool skip_bad_rows = false;
};

// Entities with ids, canonical names, free-text types (PER, LOC, country, ...) and
// aliases; the canonical name is an alias too. Strings are UTF-8, stored back to back in
// a few buffers (about 13 bytes per alias plus its text), so millions of aliases fit.
// Entity ids are unique: adding an id again with the same type merges its aliases (and
// keeps the first name, the new one becoming an alias); with another type it is an error.
// Thread-safe: const methods may run concurrently; add() and merge() may not run while
// anything else does.
class Gazetteer {
 public:
  Gazetteer();

  // Adds an entity, or aliases to an existing one. Throws InvalidArgument for an empty id
  // or name, invalid UTF-8, or an id already present with another type. Empty aliases and
  // aliases repeating the name are ignored. Returns the entity's index.
  std::size_t add(std::string_view id, std::string_view name, std::string_view type,
                  const std::vector<AliasSpec>& aliases = {});
  std::size_t add(std::string_view id, std::string_view name, std::string_view type,
                  const std::vector<std::string>& aliases);

  // Adds every entity of `other` (as add() would, in order).
  void merge(const Gazetteer& other);

  // Reads a CSV/TSV file with a header naming the columns id, name, type and aliases (any
  // order; other columns are ignored; type and aliases may be missing). RFC 4180 quoting;
  // UTF-8 with or without a BOM; LF or CRLF. A malformed row (missing id, empty name,
  // wrong column count, bad quoting, invalid UTF-8, conflicting type) throws
  // InvalidArgument "path:line: what", or with skip_bad_rows lands in bad_rows().
  // Throws IoError when the file cannot be read.
  static Gazetteer from_csv(const std::string& path, const CsvOptions& options = {});
  // The same on CSV text already in memory; `source` names it in messages.
  static Gazetteer from_csv_text(std::string_view text, const std::string& source,
                                 const CsvOptions& options = {});

  std::size_t size() const noexcept { return names_offsets_.size() - 1; }
  bool empty() const noexcept { return size() == 0; }
  std::size_t alias_count() const noexcept { return alias_entity_.size(); }

  std::string_view id(std::size_t entity) const noexcept { return ids_.str(static_cast<std::uint32_t>(entity)); }
  std::string_view name(std::size_t entity) const noexcept;
  std::string_view type(std::size_t entity) const noexcept { return types_.str(entity_type_[entity]); }
  // The entity with this id, or npos.
  std::size_t find(std::string_view id) const noexcept;

  // Alias k (0 <= k < alias_count()): its text, entity and case mode. The canonical names
  // are not in this list; every entity has its name plus these.
  std::string_view alias(std::size_t k) const noexcept;
  std::size_t alias_entity(std::size_t k) const noexcept { return alias_entity_[k]; }
  AliasCase alias_case(std::size_t k) const noexcept { return static_cast<AliasCase>(alias_case_[k]); }

  // Rows skipped by from_csv with skip_bad_rows, in file order.
  const std::vector<BadRow>& bad_rows() const noexcept { return bad_rows_; }
  std::vector<BadRow>& bad_rows() noexcept { return bad_rows_; }

  std::size_t memory_bytes() const noexcept;

 private:
  std::size_t add_entity(std::string_view id, std::string_view name, std::string_view type);
  void add_alias(std::size_t entity, std::string_view text, AliasCase case_mode);

  Vocabulary ids_;    // entity index == id's vocabulary id
  Vocabulary types_;  // distinct types
  std::vector<std::uint32_t> entity_type_;
  std::string names_;
  std::vector<std::uint32_t> names_offsets_;  // size() + 1
  std::string aliases_;
  std::vector<std::uint64_t> alias_offsets_;  // alias_count() + 1
  std::vector<std::uint32_t> alias_entity_;
  std::vector<std::uint8_t> alias_case_;
  std::vector<BadRow> bad_rows_;
};

}  // namespace newsnlp
