// The entities a compiled matcher reports: ids, canonical names and types, without aliases.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "newsnlp/gazetteer.hpp"
#include "newsnlp/vocabulary.hpp"

namespace newsnlp::detail {

struct EntityTable {
  Vocabulary ids;    // entity index == id's vocabulary id
  Vocabulary types;  // distinct types
  std::vector<std::uint32_t> type_of;
  std::string names;
  std::vector<std::uint32_t> name_offsets{0};

  std::size_t size() const noexcept { return type_of.size(); }
  std::string_view id(std::size_t e) const noexcept { return ids.str(static_cast<std::uint32_t>(e)); }
  std::string_view type(std::size_t e) const noexcept { return types.str(type_of[e]); }
  std::string_view name(std::size_t e) const noexcept {
    return std::string_view(names).substr(name_offsets[e], name_offsets[e + 1] - name_offsets[e]);
  }

  static EntityTable from(const Gazetteer& g) {
    EntityTable t;
    t.type_of.reserve(g.size());
    t.name_offsets.reserve(g.size() + 1);
    for (std::size_t e = 0; e < g.size(); ++e) {
      t.ids.intern(g.id(e));  // unique in a gazetteer, so the id is e
      t.type_of.push_back(t.types.intern(g.type(e)));
      t.names.append(g.name(e));
      t.name_offsets.push_back(static_cast<std::uint32_t>(t.names.size()));
    }
    return t;
  }

  std::size_t memory_bytes() const noexcept {
    return ids.memory_bytes() + types.memory_bytes() + type_of.capacity() * 4 + names.capacity() +
           name_offsets.capacity() * 4;
  }
};

}  // namespace newsnlp::detail
