#include "newsnlp/gazetteer.hpp"

#include <string>

#include "newsnlp/error.hpp"
#include "newsnlp/limits.hpp"
#include "newsnlp/text.hpp"

namespace newsnlp {
namespace {

// Leading and trailing ASCII white space is not part of a value ("Maroc " == "Maroc").
std::string_view trim(std::string_view s) noexcept {
  const char* ws = " \t\r\n\f\v";
  const std::size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

void check_utf8(std::string_view value, const char* what) {
  const std::size_t bad = find_invalid_utf8(value);
  if (bad != std::string_view::npos) {
    throw InvalidUtf8(std::string(what) + " is not valid UTF-8 (byte " + std::to_string(bad) + ")",
                      bad);
  }
}

std::string quoted(std::string_view s) {
  return "'" + std::string(s.substr(0, 80)) + (s.size() > 80 ? "...'" : "'");
}

}  // namespace

const char* to_string(AliasCase c) noexcept {
  switch (c) {
    case AliasCase::kAuto: return "auto";
    case AliasCase::kIgnore: return "ignore";
    case AliasCase::kCapitalized: return "capitalized";
    case AliasCase::kExact: return "exact";
  }
  return "auto";
}

AliasCase parse_alias_case(std::string_view name) {
  for (AliasCase c : {AliasCase::kAuto, AliasCase::kIgnore, AliasCase::kCapitalized, AliasCase::kExact}) {
    if (name == to_string(c)) return c;
  }
  throw InvalidArgument("alias case must be 'auto', 'ignore', 'capitalized' or 'exact' (got " +
                        quoted(name) + ")");
}

Gazetteer::Gazetteer() : names_offsets_{0}, alias_offsets_{0} {}

std::string_view Gazetteer::name(std::size_t entity) const noexcept {
  return std::string_view(names_).substr(names_offsets_[entity],
                                         names_offsets_[entity + 1] - names_offsets_[entity]);
}

std::string_view Gazetteer::alias(std::size_t k) const noexcept {
  return std::string_view(aliases_).substr(alias_offsets_[k], alias_offsets_[k + 1] - alias_offsets_[k]);
}

std::size_t Gazetteer::find(std::string_view id) const noexcept {
  const std::uint32_t e = ids_.find(trim(id));
  return e == Vocabulary::kNotFound ? static_cast<std::size_t>(-1) : e;
}

std::size_t Gazetteer::add_entity(std::string_view id, std::string_view name, std::string_view type) {
  id = trim(id);
  name = trim(name);
  type = trim(type);
  if (id.empty()) throw InvalidArgument("missing id (every entity needs a non-empty id)");
  check_utf8(id, "id");
  if (name.empty()) throw InvalidArgument("entity " + quoted(id) + " has an empty name");
  check_utf8(name, "name");
  check_utf8(type, "type");
  const std::uint32_t existing = ids_.find(id);
  if (existing != Vocabulary::kNotFound) {
    const std::string_view old_type = types_.str(entity_type_[existing]);
    if (old_type != type) {
      throw InvalidArgument("duplicate id " + quoted(id) + " with type " + quoted(type) +
                            " conflicts with its earlier type " + quoted(old_type));
    }
    if (this->name(existing) != name) add_alias(existing, name, AliasCase::kAuto);
    return existing;
  }
  if (names_.size() + name.size() > kMaxPoolBytes) throw InvalidArgument("gazetteer is full (4 GiB of names)");
  const std::uint32_t entity = ids_.intern(id);
  entity_type_.push_back(types_.intern(type));
  names_.append(name.data(), name.size());
  names_offsets_.push_back(static_cast<std::uint32_t>(names_.size()));
  return entity;
}

void Gazetteer::add_alias(std::size_t entity, std::string_view text, AliasCase case_mode) {
  text = trim(text);
  if (text.empty() || (text == name(entity) && case_mode == AliasCase::kAuto)) return;
  aliases_.append(text.data(), text.size());
  alias_offsets_.push_back(aliases_.size());
  alias_entity_.push_back(static_cast<std::uint32_t>(entity));
  alias_case_.push_back(static_cast<std::uint8_t>(case_mode));
}

std::size_t Gazetteer::add(std::string_view id, std::string_view name, std::string_view type,
                           const std::vector<AliasSpec>& aliases) {
  for (const AliasSpec& a : aliases) check_utf8(a.text, "alias");  // all or nothing
  const std::size_t entity = add_entity(id, name, type);
  for (const AliasSpec& a : aliases) add_alias(entity, a.text, a.case_mode);
  return entity;
}

std::size_t Gazetteer::add(std::string_view id, std::string_view name, std::string_view type,
                           const std::vector<std::string>& aliases) {
  std::vector<AliasSpec> specs;
  specs.reserve(aliases.size());
  for (const std::string& a : aliases) specs.push_back(AliasSpec{a, AliasCase::kAuto});
  return add(id, name, type, specs);
}

void Gazetteer::merge(const Gazetteer& other) {
  // Entities first, in order; then aliases, each to its entity's index here.
  std::vector<std::size_t> index(other.size());
  for (std::size_t e = 0; e < other.size(); ++e) {
    index[e] = add_entity(other.id(e), other.name(e), other.type(e));
  }
  for (std::size_t k = 0; k < other.alias_count(); ++k) {
    add_alias(index[other.alias_entity(k)], other.alias(k), other.alias_case(k));
  }
  bad_rows_.insert(bad_rows_.end(), other.bad_rows_.begin(), other.bad_rows_.end());
}

std::size_t Gazetteer::memory_bytes() const noexcept {
  return ids_.memory_bytes() + types_.memory_bytes() + entity_type_.capacity() * 4 +
         names_.capacity() + names_offsets_.capacity() * 4 + aliases_.capacity() +
         alias_offsets_.capacity() * 8 + alias_entity_.capacity() * 4 + alias_case_.capacity();
}

}  // namespace newsnlp
