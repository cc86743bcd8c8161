// CharTables: validation of the data, the two-stage tables, and the preprocessors.
// CharTables::icu() is in analyzer_icu_tables.cpp.
#include "detail/analyzer_tables.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <unordered_map>

#include "detail/utf8.hpp"
#include "newsnlp/error.hpp"

namespace newsnlp::detail {

template <class T>
CodePointTable<T>::CodePointTable(const std::vector<T>& values) {
  constexpr std::size_t kBlocks = kCodePointLimit >> 8;
  index_.resize(kBlocks);
  std::map<std::vector<T>, std::uint16_t> seen;
  for (std::size_t b = 0; b < kBlocks; ++b) {
    std::vector<T> block(values.begin() + static_cast<std::ptrdiff_t>(b << 8),
                         values.begin() + static_cast<std::ptrdiff_t>((b + 1) << 8));
    auto [it, inserted] = seen.emplace(std::move(block), static_cast<std::uint16_t>(seen.size()));
    if (inserted) blocks_.insert(blocks_.end(), it->first.begin(), it->first.end());
    index_[b] = it->second;
  }
}

template class CodePointTable<std::uint8_t>;
template class CodePointTable<std::uint32_t>;

namespace {

void append_mapped(const CodePointMapping& m, char32_t c, std::u32string& out) {
  const auto it = std::lower_bound(m.keys.begin(), m.keys.end(), c);
  if (it == m.keys.end() || *it != c) {
    out.push_back(c);
    return;
  }
  const auto k = static_cast<std::size_t>(it - m.keys.begin());
  out.append(m.values.begin() + m.offsets[k], m.values.begin() + m.offsets[k + 1]);
}

std::size_t slot(bool lowercase, StripAccents strip) {
  return (lowercase ? 3 : 0) + static_cast<std::size_t>(strip);
}

void check_ranges(const std::vector<char32_t>& r, const char* name) {
  if (r.size() % 2 != 0) {
    throw InvalidArgument(std::string("character table '") + name + "' needs [first, last] pairs");
  }
  for (std::size_t i = 0; i < r.size(); i += 2) {
    if (r[i] > r[i + 1] || r[i + 1] >= kCodePointLimit || (i > 0 && r[i] <= r[i - 1])) {
      throw InvalidArgument(std::string("character table '") + name + "': range " +
                            std::to_string(i / 2) + " is out of order or beyond U+10FFFF");
    }
  }
}

void check_mapping(const CodePointMapping& m, const char* name) {
  const std::string what = std::string("character mapping '") + name + "': ";
  if (m.offsets.size() != m.keys.size() + 1 || m.offsets[0] != 0 ||
      m.offsets.back() != m.values.size()) {
    throw InvalidArgument(what + "needs keys.size() + 1 offsets from 0 to values.size()");
  }
  for (std::size_t i = 0; i < m.keys.size(); ++i) {
    if (m.keys[i] >= kCodePointLimit || (i > 0 && m.keys[i] <= m.keys[i - 1]) ||
        m.offsets[i + 1] < m.offsets[i] || m.offsets[i + 1] - m.offsets[i] > 255) {
      throw InvalidArgument(what + "entry " + std::to_string(i) + " is out of order or too long");
    }
  }
  for (const char32_t v : m.values) {
    if (v >= kCodePointLimit) throw InvalidArgument(what + "a value is beyond U+10FFFF");
  }
}

void set_ranges(std::vector<std::uint8_t>& flags, const std::vector<char32_t>& r,
                std::uint8_t flag) {
  for (std::size_t i = 0; i < r.size(); i += 2) {
    for (char32_t c = r[i]; c <= r[i + 1]; ++c) flags[c] |= flag;
  }
}

}  // namespace

Preprocessor::Preprocessor(const CharTables::Impl& tables, bool lowercase, StripAccents strip)
    : lowercase_(lowercase), identity_(!lowercase && strip == StripAccents::kNone) {
  for (char32_t c = 0; c < kFastLimit; ++c) fast_[c] = c | (tables.is_word(c) ? kFastWord : 0);
  if (lowercase) fast_[kCapitalSigma] = kFastSlow;
  // Only code points some mapping lists can change.
  const CodePointMapping& stripped =
      strip == StripAccents::kAscii ? tables.strip_ascii : tables.strip_unicode;
  std::vector<char32_t> candidates;
  if (lowercase) candidates = tables.lower.keys;
  if (strip != StripAccents::kNone) {
    candidates.insert(candidates.end(), stripped.keys.begin(), stripped.keys.end());
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  std::vector<std::uint32_t> entries(kCodePointLimit, 0);
  std::unordered_map<std::u32string, std::uint32_t> pooled;
  std::u32string lowered, out;
  for (const char32_t c : candidates) {
    lowered.clear();
    if (lowercase) {
      append_mapped(tables.lower, c, lowered);
    } else {
      lowered.push_back(c);
    }
    if (strip == StripAccents::kNone) {
      out = lowered;
    } else {
      out.clear();
      for (const char32_t d : lowered) append_mapped(stripped, d, out);
    }
    if (out.size() == 1 && out[0] == c) continue;
    if (c < kFastLimit && !(lowercase && c == kCapitalSigma)) {
      fast_[c] = out.size() == 1 ? out[0] | (tables.is_word(out[0]) ? kFastWord : 0) : kFastSlow;
    }
    auto [it, inserted] = pooled.emplace(out, static_cast<std::uint32_t>(pool_.size()));
    if (inserted) pool_.insert(pool_.end(), out.begin(), out.end());
    entries[c] = 1 + ((it->second << 8) | static_cast<std::uint32_t>(out.size()));
  }
  map_ = CodePointTable<std::uint32_t>(entries);
  for (char32_t c = 0; c < kFastLimit; ++c) {
    if (fast_[c] & kFastSlow) continue;
    std::string bytes;
    append_utf8(bytes, fast_[c] & 0x1FFFFF);
    fast_[c] |= static_cast<std::uint32_t>(bytes.size() - 1) << kFastMoreShift;
    bytes.resize(4, '\0');
    std::memcpy(&fast_utf8_[c], bytes.data(), 4);
  }
  letters_simple_ = true;
  for (char32_t c = kLettersFirst; c <= kLettersLast; ++c) {
    if (fast_[c] != (c | kFastWord | (1u << kFastMoreShift))) letters_simple_ = false;
  }
  ascii_simple_ = true;
  for (char32_t c = 0; c < 128; ++c) {
    const bool upper = c >= 'A' && c <= 'Z';
    const bool word = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    const char32_t out = lowercase && upper ? c + 32 : c;
    if (fast_[c] != (out | (word ? kFastWord : 0))) ascii_simple_ = false;
  }
}

}  // namespace newsnlp::detail

namespace newsnlp {

const detail::Preprocessor& CharTables::Impl::preprocessor(bool lowercase,
                                                           StripAccents strip) const {
  std::lock_guard<std::mutex> lock(mutex);
  auto& p = preprocessors[detail::slot(lowercase, strip)];
  if (!p) p = std::make_unique<detail::Preprocessor>(*this, lowercase, strip);
  return *p;
}

CharTables::CharTables(const CharTableData& data) {
  detail::check_ranges(data.word, "word");
  detail::check_ranges(data.space, "space");
  detail::check_ranges(data.cased, "cased");
  detail::check_ranges(data.case_ignorable, "case_ignorable");
  detail::check_mapping(data.lower, "lower");
  detail::check_mapping(data.strip_unicode, "strip_unicode");
  detail::check_mapping(data.strip_ascii, "strip_ascii");
  auto impl = std::make_unique<Impl>();
  impl->unicode_version = data.unicode_version;
  std::vector<std::uint8_t> flags(detail::kCodePointLimit, 0);
  detail::set_ranges(flags, data.word, detail::kWordChar);
  detail::set_ranges(flags, data.space, detail::kSpaceChar);
  detail::set_ranges(flags, data.cased, detail::kCased);
  detail::set_ranges(flags, data.case_ignorable, detail::kCaseIgnorable);
  impl->flags = detail::CodePointTable<std::uint8_t>(flags);
  impl->lower = data.lower;
  impl->strip_unicode = data.strip_unicode;
  impl->strip_ascii = data.strip_ascii;
  impl_ = std::move(impl);
}

CharTables::~CharTables() = default;

const std::string& CharTables::unicode_version() const noexcept { return impl_->unicode_version; }

}  // namespace newsnlp
