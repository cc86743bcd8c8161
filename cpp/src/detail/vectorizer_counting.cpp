#include "detail/vectorizer_counting.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "detail/analyzer_impl.hpp"
#include "detail/vectorizer_workers.hpp"
#include "newsnlp/error.hpp"
#include "newsnlp/hashing.hpp"
#include "newsnlp/text.hpp"

namespace newsnlp::detail {
namespace {

// One document's row while it is counted, written in place at the end of its part's
// entries: entry `used` is written for every occurrence and kept only when its feature is
// new in the row, so that no branch depends on whether a word repeats in its document
// (see position_in_row()).
struct RowWriter {
  std::uint32_t* ids;
  std::int32_t* counts;

  // One occurrence of feature `id` at position `at` of the row whose entries so far are
  // `used` (at == used: new there); returns the row's entries after it. (The caller keeps
  // `used` in a local: a member would be reloaded after every store to ids.)
  std::uint32_t count(std::uint32_t id, std::uint32_t at, std::uint32_t used) const {
    ids[used] = id;
    counts[used] = 0;
    ++counts[at];
    return used + static_cast<std::uint32_t>(at == used);
  }
};

// Whether a document's features average more than 7 bytes (UTF-8), so that a branch on
// passing 8 bytes would often be mispredicted.
bool has_long_words(const TokenList& f) {
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < f.size(); ++i) bytes += f[i].size();
  return bytes > 7 * f.size();
}

// Appends counted rows to a part; with a fixed vocabulary, `seen_` keeps each feature's
// last row and position in it (the worker's own table keeps them in its slots).
class alignas(kWorkerAlign) RowCounter {
 public:
  explicit RowCounter(RowPart& part) : part_(part) {}

  void reserve_features(std::size_t n) { seen_.assign(n, Seen{}); }

  void begin_row() { row_begin_ = used_; }

  // position_in_row() for feature `id` of a fixed vocabulary (reserve_features()).
  std::uint32_t position(std::uint32_t id, std::uint32_t row, std::uint32_t next) {
    Seen& s = seen_[id];
    return position_in_row(s.row, s.slot, row, next);
  }

  // Room for a row of up to m entries after the part's entries, written in place;
  // commit_row() keeps n of them. (Rows counted in a buffer and copied here made
  // fit_transform 2-5 % slower: Reuters at 2 threads 22.9 ms against 24.0.)
  RowWriter row_space(std::size_t m) {
    if (used_ + m > part_.features.size()) {
      const std::size_t size = std::max<std::size_t>({4096, 2 * used_, used_ + m});
      part_.features.resize_uninitialized(size);
      part_.counts.resize_uninitialized(size);
    }
    return RowWriter{part_.features.data() + used_, part_.counts.data() + used_};
  }
  void commit_row(std::size_t n) { used_ += n; }

  DocRow end_row(std::uint32_t part_index) const {
    return DocRow{row_begin_, part_index, static_cast<std::uint32_t>(used_ - row_begin_)};
  }

  // Trims the part's buffers to the entries written.
  void done() {
    part_.features.resize_uninitialized(used_);
    part_.counts.resize_uninitialized(used_);
  }

  // Address space for about `entries` entries (untouched until written).
  void reserve(std::size_t entries) {
    part_.features.reserve(entries);
    part_.counts.reserve(entries);
  }

 private:
  RowPart& part_;
  // Per feature id: the last row it was counted in and its position in that row.
  struct Seen {
    std::uint32_t row = 0;
    std::uint32_t slot = 0;
  };
  std::vector<Seen> seen_;
  std::uint64_t row_begin_ = 0;
  std::uint64_t used_ = 0;
};

// A worker's buffers, kept from chunk to chunk: grown once, not per chunk.
struct alignas(kWorkerAlign) WorkerScratch {
  AnalyzerScratch analyzer;
};

}  // namespace

std::int64_t CountedRows::entries() const noexcept {
  std::int64_t n = 0;
  for (const RowPart& p : parts) n += static_cast<std::int64_t>(p.features.size());
  return n;
}

void check_document(const TextView& doc, std::size_t index) {
  if (doc.encoding != TextEncoding::kUtf8) return;
  const std::string_view text(static_cast<const char*>(doc.data), doc.length);
  try {
    validate_utf8(text);
  } catch (const InvalidUtf8& e) {
    throw InvalidUtf8("document " + std::to_string(index) + ": " + e.what(), e.byte_offset(),
                      static_cast<long long>(index));
  } catch (const InvalidArgument& e) {
    throw InvalidArgument("document " + std::to_string(index) + ": " + e.what());
  }
}

CountedRows count_documents(const Analyzer::Impl& analyzer, const std::vector<TextView>& docs,
                            const FeatureTable* vocabulary, unsigned threads,
                            const CancelHook& cancel) {
  const std::size_t n = docs.size();
  if (n >= 0xFFFFFFFFu) {  // rows are numbered d + 1 in 32 bits
    throw InvalidArgument("too many documents in one call: " + std::to_string(n) +
                          " (at most 4294967294)");
  }
  const std::size_t grain = chunk_size(n, threads);
  CountedRows out;
  out.parts.resize(worker_count(n, threads, grain));
  out.docs.resize(n);
  std::vector<RowCounter> counters;
  counters.reserve(out.parts.size());
  // News text gives about one row entry per 10 units of input: each worker reserves
  // its share of one per 8 (more grows by realloc). Reserving far more made the freed
  // buffers large enough for glibc to hand their pages back after each fit, so the next
  // fit faulted them in again (Reuters, 2 threads: 1,400 page faults, about 2 ms).
  std::size_t units = 0;
  for (const TextView& d : docs) units += d.length;
  const std::size_t share = units / (8 * out.parts.size());
  for (RowPart& p : out.parts) {
    counters.emplace_back(p);
    counters.back().reserve(std::max<std::size_t>(4096, share));
    if (vocabulary) counters.back().reserve_features(vocabulary->size());
  }
  std::vector<WorkerScratch> scratches(out.parts.size());
  run_workers(n, threads, grain, cancel, [&](unsigned w, std::size_t begin, std::size_t end) {
    RowPart& part = out.parts[w];
    RowCounter& counter = counters[w];
    AnalyzerScratch& scratch = scratches[w].analyzer;
    for (std::size_t d = begin; d < end; ++d) {
      check_document(docs[d], d);
      counter.begin_row();
      const TokenList& f = analyzer.features(docs[d], scratch);
      const std::size_t m = f.size();
      const std::uint32_t row = static_cast<std::uint32_t>(d) + 1;
      const RowWriter writer = counter.row_space(m);
      std::uint32_t used = 0;
      const auto count_row = [&](auto long_words) {
        constexpr bool kLong = decltype(long_words)::value;
        // Long words are rarer, so their slots are more often out of the caches: each is
        // asked for kAhead words before it is looked up (SaudiNewsNet's counting 4 % faster
        // than asking for all of a row's first, itself 9 % faster than not asking).
        // Documents of short words look up as they go: asking ahead made Reuters and
        // OrangeSum 1-5 % slower.
        constexpr std::size_t kAhead = 16;
        const FeatureTable& table = vocabulary ? *vocabulary : part.table;
        FeatureTable::Key ahead[kLong ? kAhead : 1];  // key i at ahead[i % kAhead]
        if constexpr (kLong) {
          for (std::size_t i = 0; i < std::min(m, kAhead); ++i) {
            ahead[i] = FeatureTable::Key::padded<kLong>(f[i]);
            table.prefetch(ahead[i]);
          }
        }
        const auto key = [&](std::size_t i) {
          if constexpr (kLong) {
            FeatureTable::Key& slot = ahead[i % kAhead];
            const FeatureTable::Key k = slot;
            if (i + kAhead < m) {
              slot = FeatureTable::Key::padded<kLong>(f[i + kAhead]);
              table.prefetch(slot);
            }
            return k;
          } else {
            return FeatureTable::Key::padded<kLong>(f[i]);
          }
        };
        if (vocabulary) {  // shared, read-only: positions in the row kept by the RowCounter
          for (std::size_t i = 0; i < m; ++i) {
            const std::uint32_t id = vocabulary->find<kLong>(key(i), f[i]);
            if (id == FeatureTable::kNotFound) continue;
            used = writer.count(id, counter.position(id, row, used), used);
          }
        } else {  // the worker's own table: its slots know where a feature is in the row
          for (std::size_t i = 0; i < m; ++i) {
            std::uint32_t id;
            const std::uint32_t at = part.table.place<kLong>(key(i), f[i], row, used, id);
            used = writer.count(id, at, used);
          }
        }
      };
      // Words of more than 8 bytes half the time (Arabic): lookups without a branch on
      // the length (FeatureTable::Key::padded).
      if (has_long_words(f)) {
        count_row(std::true_type{});
      } else {
        count_row(std::false_type{});
      }
      if (!vocabulary) {
        part.df.resize(part.table.size(), 0);  // new features' ids come next
        for (std::uint32_t k = 0; k < used; ++k) ++part.df[writer.ids[k]];
      }
      counter.commit_row(used);
      out.docs[d] = counter.end_row(w);
    }
  });
  for (RowCounter& c : counters) c.done();
  return out;
}

CountedRows hash_documents(const Analyzer::Impl& analyzer, const std::vector<TextView>& docs,
                           std::uint32_t n_features, bool alternate_sign, unsigned threads,
                           const CancelHook& cancel) {
  const std::size_t n = docs.size();
  const std::size_t grain = chunk_size(n, threads);
  CountedRows out;
  out.parts.resize(worker_count(n, threads, grain));
  out.docs.resize(n);
  std::vector<WorkerScratch> scratches(out.parts.size());
  run_workers(n, threads, grain, cancel, [&](unsigned w, std::size_t begin, std::size_t end) {
    RowPart& part = out.parts[w];
    AnalyzerScratch& scratch = scratches[w].analyzer;
    std::vector<std::pair<std::uint32_t, std::int32_t>> hashed;
    for (std::size_t d = begin; d < end; ++d) {
      check_document(docs[d], d);
      hashed.clear();
      auto sink = [&](std::string_view f) {
        const std::int32_t h = murmurhash3_32(f);
        std::uint32_t column;
        if (h == INT32_MIN) {  // abs() would overflow: scikit-learn's own rule
          column = static_cast<std::uint32_t>((2147483647u - (n_features - 1)) % n_features);
        } else {
          column = static_cast<std::uint32_t>(h < 0 ? -h : h) % n_features;
        }
        hashed.emplace_back(column, alternate_sign && h < 0 ? -1 : 1);
      };
      analyzer.run(docs[d], scratch, sink);
      std::sort(hashed.begin(), hashed.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      const std::uint64_t row_begin = part.features.size();
      for (std::size_t i = 0; i < hashed.size();) {
        std::int32_t sum = 0;
        std::size_t j = i;
        for (; j < hashed.size() && hashed[j].first == hashed[i].first; ++j) sum += hashed[j].second;
        part.features.push_back(hashed[i].first);
        part.counts.push_back(sum);
        i = j;
      }
      out.docs[d] = DocRow{row_begin, w, static_cast<std::uint32_t>(part.features.size() - row_begin)};
    }
  });
  return out;
}

}  // namespace newsnlp::detail
