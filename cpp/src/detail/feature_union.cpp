#include "detail/feature_union.hpp"

#include <algorithm>
#include <string_view>

#include "detail/prefix_sort.hpp"
#include "detail/vectorizer_workers.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp::detail {
namespace {

// The features of `table` in byte order: by the 16-byte prefix (a radix sort), then runs
// sharing it by the rest.
std::vector<Keyed> sorted_features(const FeatureTable& table) {
  const std::size_t size = table.size();
  std::vector<Keyed> keyed(size);
  for (std::uint32_t id = 0; id < size; ++id) {
    keyed[id] = Keyed::of(table.str(id), id);
  }
  PrefixSorter<Keyed>::sort(keyed.data(), keyed.data() + size);
  for (std::size_t i = 0; i < size;) {
    std::size_t j = i + 1;
    while (j < size && keyed[j].hi == keyed[i].hi && keyed[j].lo == keyed[i].lo) ++j;
    if (j - i > 1) {  // words of more than 16 bytes, or with U+0000 in them
      std::sort(keyed.begin() + i, keyed.begin() + j,
                [&](const Keyed& x, const Keyed& y) { return table.str(x.id) < table.str(y.id); });
    }
    i = j;
  }
  return keyed;
}

// Ranges smaller than this are not worth a thread.
constexpr std::size_t kMinRange = 4096;

}  // namespace

FeatureUnion unite_features(const CountedRows& rows, bool want_tf, bool binary, unsigned threads) {
  const std::size_t parts = rows.parts.size();
  std::vector<std::vector<Keyed>> sorted(parts);
  std::vector<std::vector<std::int64_t>> part_tf(parts);
  run_workers(parts, threads, 1, {}, [&](unsigned, std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) {
      const RowPart& p = rows.parts[k];
      if (want_tf) {
        part_tf[k].assign(p.table.size(), 0);
        for (std::size_t i = 0; i < p.features.size(); ++i) {
          part_tf[k][p.features[i]] += binary ? 1 : p.counts[i];
        }
      }
      sorted[k] = sorted_features(p.table);
    }
  });

  const auto str = [&](std::size_t k, const Keyed& x) { return rows.parts[k].table.str(x.id); };
  const auto less = [&](std::size_t a, const Keyed& x, std::size_t b, const Keyed& y) {
    return Keyed::decided(x, y) ? Keyed::less(x, y) : str(a, x) < str(b, y);
  };
  const auto same = [&](std::size_t a, const Keyed& x, std::size_t b, const Keyed& y) {
    return Keyed::decided(x, y) ? x.length == y.length && x.hi == y.hi && x.lo == y.lo
                                : str(a, x) == str(b, y);
  };

  // Range r of part k is sorted[k][bounds[r * parts + k], bounds[(r + 1) * parts + k]):
  // split at features of the largest part, each copy of which starts the next range.
  std::size_t largest = 0;
  for (std::size_t k = 1; k < parts; ++k) {
    if (sorted[k].size() > sorted[largest].size()) largest = k;
  }
  const std::size_t ranges =
      parts < 2 ? 1 : std::clamp<std::size_t>(sorted[largest].size() / kMinRange, 1, threads);
  std::vector<std::size_t> bounds((ranges + 1) * parts, 0);
  for (std::size_t k = 0; k < parts; ++k) bounds[ranges * parts + k] = sorted[k].size();
  for (std::size_t r = 1; r < ranges; ++r) {
    const Keyed& pivot = sorted[largest][sorted[largest].size() * r / ranges];
    for (std::size_t k = 0; k < parts; ++k) {
      const auto at = std::lower_bound(
          sorted[k].begin(), sorted[k].end(), pivot,
          [&](const Keyed& x, const Keyed& p) { return less(k, x, largest, p); });
      bounds[r * parts + k] = static_cast<std::size_t>(at - sorted[k].begin());
    }
  }

  FeatureUnion u;
  u.to_union.resize(parts);
  for (std::size_t k = 0; k < parts; ++k) u.to_union[k].resize(sorted[k].size());
  struct alignas(kWorkerAlign) Merged {  // its vectors' ends move with every feature
    std::vector<FeatureUnion::Source> source;
    std::vector<std::int64_t> df, tf;
  };
  std::vector<Merged> merged(ranges);
  // One range in one walk: the next feature is the least of the parts' next ones, and
  // every part holding it contributes its ids and frequencies. Union ids are local to the
  // range until the ranges are joined.
  run_workers(ranges, threads, 1, {}, [&](unsigned, std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      std::vector<std::size_t> next(parts), end(parts);
      std::size_t most = 0;
      for (std::size_t k = 0; k < parts; ++k) {
        next[k] = bounds[r * parts + k];
        end[k] = bounds[(r + 1) * parts + k];
        most += end[k] - next[k];
      }
      Merged& m = merged[r];
      m.source.reserve(most);
      m.df.reserve(most);
      if (want_tf) m.tf.reserve(most);
      for (;;) {
        std::size_t first = parts;  // the part whose next feature comes first
        for (std::size_t k = 0; k < parts; ++k) {
          if (next[k] == end[k]) continue;
          if (first == parts || less(k, sorted[k][next[k]], first, sorted[first][next[first]])) {
            first = k;
          }
        }
        if (first == parts) break;
        const Keyed lead = sorted[first][next[first]];
        const auto g = static_cast<std::uint32_t>(m.source.size());
        m.source.push_back({static_cast<std::uint32_t>(first), lead.id});
        m.df.push_back(0);
        if (want_tf) m.tf.push_back(0);
        for (std::size_t k = first; k < parts; ++k) {
          if (next[k] == end[k]) continue;
          const Keyed& x = sorted[k][next[k]];
          if (k != first && !same(k, x, first, lead)) continue;
          u.to_union[k][x.id] = g;
          m.df[g] += rows.parts[k].df[x.id];
          if (want_tf) m.tf[g] += part_tf[k][x.id];
          ++next[k];
        }
      }
    }
  });

  // Join: range r's features follow those of the ranges before it.
  std::vector<std::size_t> base(ranges + 1, 0);
  for (std::size_t r = 0; r < ranges; ++r) base[r + 1] = base[r] + merged[r].source.size();
  u.source.resize(base[ranges]);
  u.df.resize(base[ranges]);
  if (want_tf) u.tf.resize(base[ranges]);
  run_workers(ranges, threads, 1, {}, [&](unsigned, std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      const Merged& m = merged[r];
      std::copy(m.source.begin(), m.source.end(), u.source.begin() + base[r]);
      std::copy(m.df.begin(), m.df.end(), u.df.begin() + base[r]);
      if (want_tf) std::copy(m.tf.begin(), m.tf.end(), u.tf.begin() + base[r]);
      if (base[r] == 0) continue;
      const auto offset = static_cast<std::uint32_t>(base[r]);
      for (std::size_t k = 0; k < parts; ++k) {
        for (std::size_t i = bounds[r * parts + k]; i < bounds[(r + 1) * parts + k]; ++i) {
          u.to_union[k][sorted[k][i].id] += offset;
        }
      }
    }
  });
  return u;
}

FeatureList feature_list_of(const CountedRows& rows, const FeatureUnion& features,
                            const std::vector<std::uint32_t>& kept, unsigned threads) {
  const auto text = [&](std::uint32_t g) {
    const FeatureUnion::Source& s = features.source[g];
    return rows.parts[s.part].table.str(s.id);
  };
  const std::size_t n = kept.size();
  const std::size_t grain = std::max<std::size_t>(kMinRange, (n + threads - 1) / threads);
  FeatureList list;
  list.offsets.assign(n + 1, 0);
  run_workers(n, threads, grain, {}, [&](unsigned, std::size_t b, std::size_t e) {
    for (std::size_t c = b; c < e; ++c) list.offsets[c + 1] = static_cast<std::uint32_t>(text(kept[c]).size());
  });
  std::uint64_t bytes = 0;
  for (std::size_t c = 0; c < n; ++c) {
    bytes += list.offsets[c + 1];
    if (bytes > 0xFFFFFFFFu) throw InvalidArgument("too many features (4 GiB of feature text)");
    list.offsets[c + 1] = static_cast<std::uint32_t>(bytes);
  }
  list.pool.resize(bytes);
  run_workers(n, threads, grain, {}, [&](unsigned, std::size_t b, std::size_t e) {
    for (std::size_t c = b; c < e; ++c) {
      const std::string_view s = text(kept[c]);
      std::memcpy(list.pool.data() + list.offsets[c], s.data(), s.size());
    }
  });
  return list;
}

}  // namespace newsnlp::detail
