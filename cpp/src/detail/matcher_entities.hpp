// The entities a compiled matcher reports: ids, canonical names and types, without aliases.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "newsnlp/gazetteer.hpp"
#include "newsnlp/vocabulary.hpp"

namespace newsnlp::detail {

// Strings back to back with their offsets: read by index only (no lookup by value, so no
// hash table).
struct StringColumn {
  std::string pool;
  std::vector<std::uint32_t> offsets{0};

  std::size_t size() const noexcept { return offsets.size() - 1; }
  std::string_view at(std::size_t i) const noexcept {
    return std::string_view(pool).substr(offsets[i], offsets[i + 1] - offsets[i]);
  }
  void push(std::string_view s) {
    pool.append(s.data(), s.size());
    offsets.push_back(static_cast<std::uint32_t>(pool.size()));
  }
  // Empty, or what is wrong with the offsets (after loading a file).
  std::string check() const {
    if (offsets.empty() || offsets.front() != 0 || offsets.back() != pool.size()) return "offsets out of range";
    for (std::size_t i = 1; i < offsets.size(); ++i) {
      if (offsets[i] < offsets[i - 1]) return "offsets out of order";
    }
    return {};
  }
  std::size_t memory_bytes() const noexcept { return pool.capacity() + offsets.capacity() * 4; }
};

struct EntityTable {
  StringColumn ids;
  StringColumn names;
  Vocabulary types;  // distinct types
  std::vector<std::uint32_t> type_of;

  std::size_t size() const noexcept { return type_of.size(); }
  std::string_view id(std::size_t e) const noexcept { return ids.at(e); }
  std::string_view name(std::size_t e) const noexcept { return names.at(e); }
  std::string_view type(std::size_t e) const noexcept { return types.str(type_of[e]); }

  static EntityTable from(const Gazetteer& g) {
    EntityTable t;
    t.type_of.reserve(g.size());
    t.ids.offsets.reserve(g.size() + 1);
    t.names.offsets.reserve(g.size() + 1);
    for (std::size_t e = 0; e < g.size(); ++e) {
      t.ids.push(g.id(e));  // a gazetteer's ids are unique and its pools under 4 GiB
      t.names.push(g.name(e));
      t.type_of.push_back(t.types.intern(g.type(e)));
    }
    t.ids.pool.shrink_to_fit();  // grown by doubling: give the slack back
    t.names.pool.shrink_to_fit();
    return t;
  }

  std::size_t memory_bytes() const noexcept {
    return ids.memory_bytes() + names.memory_bytes() + types.memory_bytes() + type_of.capacity() * 4;
  }
};

}  // namespace newsnlp::detail
