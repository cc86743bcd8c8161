#include "detail/feature_union.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include "detail/prefix_sort.hpp"
#include "detail/vectorizer_workers.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp::detail {
namespace {

// Ranges smaller than this are not worth a thread.
constexpr std::size_t kMinRange = 4096;
// Sampled features per range, to place the pivots: enough for ranges within a few percent
// of each other.
constexpr std::size_t kSamplesPerRange = 256;

bool prefix_less(const Keyed& a, const Keyed& b) noexcept {
  return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
}

// At most this many ranges, so that the pivots and counters fit on each worker's stack:
// on the heap, small blocks written by two workers can share a cache line (grouping took
// twice as long on 2 threads as on 1).
constexpr std::size_t kMaxRanges = 64;

// Range r holds the features whose prefix is at least pivots[r - 1] and below pivots[r]:
// by prefix alone, so equal features (equal prefixes) share a range, and the ranges'
// order is the features' order.
struct Pivots {
  std::array<Keyed, kMaxRanges - 1> at;
  std::size_t size = 0;
};

// The range of k: how many pivots are not above it. Counted without branches: a key falls
// on either side of a pivot as by a coin toss, and the mispredictions tripled the time to
// group SaudiNewsNet's features.
std::uint32_t range_of(const Keyed& k, const Pivots& pivots) noexcept {
  std::uint32_t range = 0;
  for (std::size_t i = 0; i < pivots.size; ++i) {
    const Keyed& p = pivots.at[i];
    const unsigned below = static_cast<unsigned>(k.hi < p.hi) |
                           (static_cast<unsigned>(k.hi == p.hi) & static_cast<unsigned>(k.lo < p.lo));
    range += below ^ 1u;
  }
  return range;
}

Pivots pick_pivots(const CountedRows& rows, std::size_t total, std::size_t ranges) {
  Pivots pivots;
  if (ranges < 2) return pivots;
  const std::size_t step = std::max<std::size_t>(1, total / (ranges * kSamplesPerRange));
  std::vector<Keyed> sample;
  for (const RowPart& p : rows.parts) {
    // Ids number features by first occurrence: every step-th is an even sample.
    for (std::size_t id = 0; id < p.table.size(); id += step) {
      sample.push_back(Keyed::of(p.table, static_cast<std::uint32_t>(id)));
    }
  }
  std::sort(sample.begin(), sample.end(), prefix_less);
  for (std::size_t r = 1; r < ranges; ++r) pivots.at[pivots.size++] = sample[sample.size() * r / ranges];
  return pivots;
}

// One part's sort keys grouped by range: range r is keys[begin[r], begin[r + 1]).
struct PartKeys {
  std::vector<Keyed> keys;
  std::vector<std::size_t> begin;
};

PartKeys group_by_range(const FeatureTable& table, const Pivots& shared_pivots) {
  const Pivots pivots = shared_pivots;
  const std::size_t n = table.size(), ranges = pivots.size + 1;
  if (ranges == 2) {  // in one pass: range 0 from the front, range 1 from the back
    PartKeys out;
    out.keys.resize(n);
    std::size_t front = 0, back = n;
    for (std::uint32_t id = 0; id < n; ++id) {
      const Keyed k = Keyed::of(table, id);
      const std::size_t upper = range_of(k, pivots);
      back -= upper;
      // The place by a mask, not a branch: the side is a coin toss. Fields stored one by
      // one: a Keyed built on the stack was reloaded whole, across two smaller stores.
      // (With FeatureTable::prefix() branch-free too, grouping at 2 threads: SaudiNewsNet
      // 0.66 -> 0.34 ms, OrangeSum 0.55 -> 0.28, Reuters 0.33 -> 0.21.)
      const std::size_t side = 0 - upper;
      Keyed& to = out.keys[(back & side) | (front & ~side)];
      to.hi = k.hi;
      to.lo = k.lo;
      to.id = k.id;
      to.length = k.length;
      front += 1 - upper;
    }
    out.begin = {0, front, n};
    return out;
  }
  std::vector<Keyed> flat(n);
  std::vector<std::uint32_t> range(n, 0);
  std::array<std::size_t, kMaxRanges + 1> begin{};
  for (std::uint32_t id = 0; id < n; ++id) {
    flat[id] = Keyed::of(table, id);
    range[id] = range_of(flat[id], pivots);
    ++begin[range[id] + 1];
  }
  PartKeys out;
  for (std::size_t r = 0; r < ranges; ++r) begin[r + 1] += begin[r];
  out.begin.assign(begin.begin(), begin.begin() + ranges + 1);
  if (ranges == 1) {
    out.keys = std::move(flat);
    return out;
  }
  std::array<std::size_t, kMaxRanges> next;
  std::copy(begin.begin(), begin.begin() + ranges, next.begin());
  out.keys.resize(n);
  for (std::uint32_t id = 0; id < n; ++id) out.keys[next[range[id]]++] = flat[id];
  return out;
}

// A range's unique features in byte order, with their first part and id and frequencies,
// and where each of the parts' features in the range went: the range's features of part k
// are keys[k].keys[keys[k].begin[r] + i] for i in [0, part_size[k]), and
// position[part_start[k] + i] is that feature's position in the range.
struct alignas(kWorkerAlign) SortedRange {
  std::vector<FeatureUnion::Feature> features;
  std::vector<std::int64_t> df, tf;
  std::vector<std::uint32_t> position;
  std::vector<std::size_t> part_start;
};

class RangeUniter {
 public:
  RangeUniter(const CountedRows& rows, const std::vector<PartKeys>& keys,
              const std::vector<std::vector<std::int64_t>>& part_tf)
      : rows_(rows), keys_(keys), part_tf_(part_tf) {}

  SortedRange unite(std::size_t r) const {
    std::vector<std::size_t> part_start(keys_.size() + 1, 0);
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      part_start[k + 1] = part_start[k] + keys_[k].begin[r + 1] - keys_[k].begin[r];
    }
    const std::size_t total = part_start.back();
    Unique unique;
    unique.keys.reserve(total);
    unique.source.reserve(total);
    unique.df.reserve(total);
    if (!part_tf_.empty()) unique.tf.reserve(total);
    std::vector<std::uint32_t> number;  // by feature of a part: its unique feature's number
    number.reserve(total);
    if (keys_.size() == 1) {
      for (std::size_t i = keys_[0].begin[r]; i < keys_[0].begin[r + 1]; ++i) {
        number.push_back(add(unique, 0, keys_[0].keys[i]));
      }
    } else {
      deduplicate(r, total, unique, number);
    }
    SortedRange out = sort(std::move(unique));
    for (std::uint32_t& n : number) n = out.position[n];  // number -> position
    out.position = std::move(number);
    out.part_start = std::move(part_start);
    return out;
  }

 private:
  struct Source {
    std::uint32_t part, id;
  };
  struct Unique {
    std::vector<Keyed> keys;  // id: the feature's number in the range, before sorting
    std::vector<Source> source;
    std::vector<std::int64_t> df, tf;
  };

  std::string_view text(const Source& s) const {
    return rows_.parts[s.part].table.str(s.id);
  }

  std::uint32_t add(Unique& unique, std::size_t part, const Keyed& k) const {
    const auto number = static_cast<std::uint32_t>(unique.keys.size());
    unique.keys.push_back({k.hi, k.lo, number, k.length});
    unique.source.push_back({static_cast<std::uint32_t>(part), k.id});
    unique.df.push_back(rows_.parts[part].df[k.id]);
    if (!part_tf_.empty()) unique.tf.push_back(part_tf_[part][k.id]);
    return number;
  }

  // The parts' copies of each feature folded into one, by a hash set of the numbers. A
  // slot holds a number and 32 more bits of its hash, so most probes read no key. Each
  // part's own features are distinct: the first part's are added without a comparison.
  void deduplicate(std::size_t r, std::size_t total, Unique& unique,
                   std::vector<std::uint32_t>& number) const {
    constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
    unsigned bits = 4;
    while ((std::size_t{1} << bits) < 2 * total) ++bits;
    const std::size_t mask = (std::size_t{1} << bits) - 1;
    std::vector<std::uint64_t> slots(mask + 1, kEmpty);
    const auto hash = [](const Keyed& k) {
      return (k.hi ^ (k.length * 0x9E3779B97F4A7C15ULL)) * 0xff51afd7ed558ccdULL +
             k.lo * 0xc4ceb9fe1a85ec53ULL;
    };
    for (std::size_t part = 0; part < keys_.size(); ++part) {
      const PartKeys& pk = keys_[part];
      const bool first = number.empty();
      for (std::size_t i = pk.begin[r]; i < pk.begin[r + 1]; ++i) {
        // The slot 8 features on is asked for now: the set is larger than the caches.
        if (i + 8 < pk.begin[r + 1]) {
#if defined(__GNUC__)
          __builtin_prefetch(&slots[(hash(pk.keys[i + 8]) >> (64 - bits)) & mask]);
#endif
        }
        const Keyed& k = pk.keys[i];
        const std::uint64_t h = hash(k);
        const std::uint64_t tag = (h & 0xFFFFFFFF00000000ULL);
        std::size_t slot = (h >> (64 - bits)) & mask;
        for (;; slot = (slot + 1) & mask) {
          const std::uint64_t s = slots[slot];
          if (s == kEmpty) {
            const std::uint32_t n = add(unique, part, k);
            slots[slot] = tag | n;
            number.push_back(n);
            break;
          }
          if (first || (s & 0xFFFFFFFF00000000ULL) != tag) continue;
          const auto n = static_cast<std::uint32_t>(s);
          const Keyed& seen = unique.keys[n];
          if (seen.hi == k.hi && seen.lo == k.lo && seen.length == k.length &&
              (k.length <= 16 || text(unique.source[n]) == rows_.parts[part].table.str(k.id))) {
            unique.df[n] += rows_.parts[part].df[k.id];
            if (!part_tf_.empty()) unique.tf[n] += part_tf_[part][k.id];
            number.push_back(n);
            break;
          }
        }
      }
    }
  }

  // By the 16-byte prefix (a radix sort), then runs sharing it by the texts.
  SortedRange sort(Unique unique) const {
    std::vector<Keyed>& keys = unique.keys;
    const std::size_t n = keys.size();
    PrefixSorter<Keyed>::sort(keys.data(), keys.data() + n);
    for (std::size_t i = 0; i < n;) {
      std::size_t j = i + 1;
      while (j < n && keys[j].hi == keys[i].hi && keys[j].lo == keys[i].lo) ++j;
      if (j - i > 1) {  // words of more than 16 bytes, or with U+0000 in them
        std::sort(keys.begin() + i, keys.begin() + j, [&](const Keyed& x, const Keyed& y) {
          return Keyed::decided(x, y) ? Keyed::less(x, y)
                                      : text(unique.source[x.id]) < text(unique.source[y.id]);
        });
      }
      i = j;
    }
    SortedRange out;
    out.position.resize(n);  // by number, until unite() makes it by part's feature
    out.features.resize(n);
    out.df.resize(n);
    if (!unique.tf.empty()) out.tf.resize(n);
    for (std::size_t pos = 0; pos < n; ++pos) {
      const std::uint32_t number = keys[pos].id;
      out.position[number] = static_cast<std::uint32_t>(pos);
      const Source& from = unique.source[number];
      out.features[pos] = {keys[pos].hi, keys[pos].lo, keys[pos].length, from.part, from.id};
      out.df[pos] = unique.df[number];
      if (!unique.tf.empty()) out.tf[pos] = unique.tf[number];
    }
    return out;
  }

  const CountedRows& rows_;
  const std::vector<PartKeys>& keys_;
  const std::vector<std::vector<std::int64_t>>& part_tf_;
};

}  // namespace

FeatureUnion unite_features(const CountedRows& rows, bool want_tf, bool binary, unsigned threads) {
  const std::size_t parts = rows.parts.size();
  std::size_t total = 0;
  for (const RowPart& p : rows.parts) total += p.table.size();
  const std::size_t ranges =
      std::clamp<std::size_t>(total / kMinRange, 1, std::min<std::size_t>(threads, kMaxRanges));
  const Pivots pivots = pick_pivots(rows, total, ranges);

  FeatureUnion u;
  u.to_union.resize(parts);
  std::vector<PartKeys> keys(parts);
  std::vector<std::vector<std::int64_t>> part_tf(want_tf ? parts : 0);
  run_workers(parts, threads, 1, {}, [&](unsigned, std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) {
      const RowPart& p = rows.parts[k];
      if (want_tf) {
        part_tf[k].assign(p.table.size(), 0);
        for (std::size_t i = 0; i < p.features.size(); ++i) {
          part_tf[k][p.features[i]] += binary ? 1 : p.counts[i];
        }
      }
      keys[k] = group_by_range(p.table, pivots);
    }
  });

  std::vector<SortedRange> sorted(ranges);
  const RangeUniter uniter(rows, keys, part_tf);
  run_workers(ranges, threads, 1, {}, [&](unsigned, std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) sorted[r] = uniter.unite(r);
  });

  // Join: range r's features follow those of the ranges before it.
  std::vector<std::size_t> base(ranges + 1, 0);
  for (std::size_t r = 0; r < ranges; ++r) base[r + 1] = base[r] + sorted[r].features.size();
  u.features.resize(base[ranges]);
  u.df.resize(base[ranges]);
  if (want_tf) u.tf.resize(base[ranges]);
  run_workers(ranges, threads, 1, {}, [&](unsigned, std::size_t b, std::size_t e) {
    for (std::size_t r = b; r < e; ++r) {
      const SortedRange& s = sorted[r];
      std::copy(s.features.begin(), s.features.end(), u.features.begin() + base[r]);
      std::copy(s.df.begin(), s.df.end(), u.df.begin() + base[r]);
      if (want_tf) std::copy(s.tf.begin(), s.tf.end(), u.tf.begin() + base[r]);
    }
  });
  // Each part's map on one thread: its features' ranges interleave, and two threads
  // writing one map would share its cache lines.
  run_workers(parts, threads, 1, {}, [&](unsigned, std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) {
      std::vector<std::uint32_t>& to_union = u.to_union[k];
      to_union.resize(rows.parts[k].table.size());
      for (std::size_t r = 0; r < ranges; ++r) {
        const SortedRange& s = sorted[r];
        const std::uint32_t* position = s.position.data() + s.part_start[k];
        const std::size_t first = keys[k].begin[r], last = keys[k].begin[r + 1];
        for (std::size_t i = first; i < last; ++i) {
          to_union[keys[k].keys[i].id] = static_cast<std::uint32_t>(base[r]) + position[i - first];
        }
      }
    }
  });
  return u;
}

FeatureList feature_list_of(const CountedRows& rows, const FeatureUnion& features,
                            const std::vector<std::uint32_t>& kept, unsigned threads) {
  const std::size_t n = kept.size();
  const std::size_t grain = std::max<std::size_t>(kMinRange, (n + threads - 1) / threads);
  FeatureList list;
  list.offsets.assign(n + 1, 0);
  std::uint64_t bytes = 0;
  for (std::size_t c = 0; c < n; ++c) {
    bytes += features.features[kept[c]].length;
    if (bytes > 0xFFFFFFFFu) throw InvalidArgument("too many features (4 GiB of feature text)");
    list.offsets[c + 1] = static_cast<std::uint32_t>(bytes);
  }
  list.pool.resize(bytes);
  run_workers(n, threads, grain, {}, [&](unsigned, std::size_t b, std::size_t e) {
    // Texts of up to 16 bytes come from the sort keys, in the order they are written,
    // rather than from the parts' pools in random order (SaudiNewsNet, 1 thread: 1.2 ->
    // 0.6 ms).
    // Written 16 or 8 bytes at a time, past the end into the places of the next features,
    // which are written next; near the chunk's end exactly: what follows is another
    // worker's. The pools' padding makes the 8-byte reads safe.
    const std::size_t chunk_end = list.offsets[e];
    for (std::size_t c = b; c < e; ++c) {
      const FeatureUnion::Feature& f = features.features[kept[c]];
      char* to = list.pool.data() + list.offsets[c];
      if (f.length <= 16) {
        const std::uint64_t words[2] = {byte_swap(f.hi), byte_swap(f.lo)};
        std::memcpy(to, words, list.offsets[c] + 16 <= chunk_end ? 16 : f.length);
        continue;
      }
      const std::string_view s = rows.parts[f.part].table.str(f.id);
      if (list.offsets[c] + (s.size() + 7) / 8 * 8 <= chunk_end) {
        for (std::size_t q = 0; q < s.size(); q += 8) std::memcpy(to + q, s.data() + q, 8);
      } else {
        std::memcpy(to, s.data(), s.size());
      }
    }
  });
  return list;
}

}  // namespace newsnlp::detail
