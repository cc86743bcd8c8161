#include "newsnlp/serialize.hpp"

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

constexpr char kMagic[8] = {'N', 'E', 'W', 'S', 'N', 'L', 'P', '\x1A'};
constexpr std::size_t kHeaderSize = 56;
constexpr std::size_t kEntrySize = 24;
constexpr std::size_t kKindSize = 16;
constexpr std::size_t kTagSize = 8;

std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::uint32_t get_u32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
std::uint64_t get_u64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
void set_u32(std::string& out, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::string padded(std::string_view s, std::size_t size, const char* what) {
  if (s.empty() || s.size() > size) {
    throw InvalidArgument(std::string(what) + " must have 1 to " + std::to_string(size) +
                          " characters (got '" + std::string(s) + "')");
  }
  std::string out(s);
  out.resize(size, '\0');
  return out;
}

std::string unpadded(const char* p, std::size_t size) {
  std::size_t n = 0;
  while (n < size && p[n] != '\0') ++n;
  return std::string(p, n);
}

bool printable_ascii(const std::string& s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

}  // namespace

std::uint32_t crc32(std::string_view data, std::uint32_t crc) noexcept {
  static const std::array<std::uint32_t, 256> table = make_crc_table();
  crc = ~crc;
  for (const char ch : data) crc = table[(crc ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

// ---------------------------------------------------------------------------------------
// Writing

ModelWriter::ModelWriter(std::string_view kind, std::uint32_t kind_version)
    : kind_(padded(kind, kKindSize, "model kind")), kind_version_(kind_version) {}

void ModelWriter::add(std::string_view tag, std::string payload) {
  std::string t = padded(tag, kTagSize, "section tag");
  for (const auto& s : sections_) {
    if (s.first == t) throw InvalidArgument("section '" + std::string(tag) + "' added twice");
  }
  sections_.emplace_back(std::move(t), std::move(payload));
}

void ModelWriter::add_u32(std::string_view tag, const std::vector<std::uint32_t>& values) {
  std::string payload;
  payload.reserve(values.size() * 4);
  for (std::uint32_t v : values) put_u32(payload, v);
  add(tag, std::move(payload));
}

void ModelWriter::add_u64(std::string_view tag, const std::vector<std::uint64_t>& values) {
  std::string payload;
  payload.reserve(values.size() * 8);
  for (std::uint64_t v : values) put_u64(payload, v);
  add(tag, std::move(payload));
}

std::string ModelWriter::bytes() const {
  std::size_t size = kHeaderSize + kEntrySize * sections_.size();
  std::vector<std::uint64_t> offsets;
  for (const auto& s : sections_) {
    size = (size + 7) / 8 * 8;
    offsets.push_back(size);
    size += s.second.size();
  }
  std::string out;
  out.reserve(size);
  out.append(kMagic, 8);
  put_u32(out, kModelFormatVersion);
  put_u32(out, kind_version_);
  out += kind_;
  put_u32(out, static_cast<std::uint32_t>(sections_.size()));
  put_u32(out, 0);
  put_u64(out, size);
  put_u32(out, 0);  // payload CRC, set below
  put_u32(out, 0);  // header CRC, set below
  for (std::size_t i = 0; i < sections_.size(); ++i) {
    out += sections_[i].first;
    put_u64(out, offsets[i]);
    put_u64(out, sections_[i].second.size());
  }
  for (std::size_t i = 0; i < sections_.size(); ++i) {
    out.resize(offsets[i], '\0');
    out += sections_[i].second;
  }
  set_u32(out, 48, crc32(std::string_view(out).substr(kHeaderSize)));
  set_u32(out, 52, crc32(std::string_view(out).substr(0, 52)));
  return out;
}

void ModelWriter::save(const std::string& path) const {
  const std::string data = bytes();
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError("cannot write model file '" + path + "' (cannot create '" + tmp + "')", path);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw IoError("cannot write model file '" + path + "' (disk full?)", path);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw IoError("cannot write model file '" + path + "' (rename failed)", path);
  }
}

// ---------------------------------------------------------------------------------------
// Reading

void ModelReader::fail(const std::string& what) const {
  throw IoError(source_ + ": corrupt or foreign model file: " + what, source_);
}

ModelReader ModelReader::open(const std::string& path, std::string_view kind,
                              std::uint32_t max_kind_version) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw IoError("cannot read model file '" + path + "': it is a directory", path);
  }
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw IoError("cannot open model file '" + path + "'", path);
  const std::streamoff size = in.tellg();
  if (size < 0) throw IoError("cannot read model file '" + path + "'", path);
  // Checks the header before reading the rest, so a foreign file of any size costs
  // nothing; the allocation is the real size of the file, never a size read from it.
  ModelReader probe;
  probe.source_ = path;
  if (static_cast<std::uint64_t>(size) < kHeaderSize) {
    probe.fail("it has " + std::to_string(size) + " bytes, fewer than the " +
               std::to_string(kHeaderSize) + "-byte header");
  }
  char header[kHeaderSize];
  in.seekg(0);
  in.read(header, static_cast<std::streamsize>(kHeaderSize));
  if (!in || std::memcmp(header, kMagic, 8) != 0) probe.fail("no newsnlp model header (wrong magic bytes)");
  if (get_u64(header + 40) != static_cast<std::uint64_t>(size)) {
    probe.fail("the header says " + std::to_string(get_u64(header + 40)) + " bytes but the file has " +
               std::to_string(size) + (get_u64(header + 40) > static_cast<std::uint64_t>(size)
                                          ? " (truncated file)" : " (trailing bytes)"));
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  std::memcpy(bytes.data(), header, kHeaderSize);
  in.read(bytes.data() + kHeaderSize, static_cast<std::streamsize>(size) - kHeaderSize);
  if (!in) throw IoError("cannot read model file '" + path + "'", path);
  return parse(std::move(bytes), path, kind, max_kind_version);
}

ModelReader ModelReader::parse(std::string bytes, const std::string& source, std::string_view kind,
                               std::uint32_t max_kind_version) {
  ModelReader r;
  r.source_ = source;
  const std::size_t size = bytes.size();
  const char* p = bytes.data();
  if (size < kHeaderSize) {
    r.fail("it has " + std::to_string(size) + " bytes, fewer than the " +
           std::to_string(kHeaderSize) + "-byte header");
  }
  if (std::memcmp(p, kMagic, 8) != 0) r.fail("no newsnlp model header (wrong magic bytes)");
  if (crc32(std::string_view(p, 52)) != get_u32(p + 52)) r.fail("header checksum mismatch");
  const std::uint32_t version = get_u32(p + 8);
  if (version != kModelFormatVersion) {
    r.fail("container version " + std::to_string(version) + " is not supported (this build reads " +
           std::to_string(kModelFormatVersion) + ")");
  }
  const std::string file_kind = unpadded(p + 16, kKindSize);
  if (file_kind != kind) {
    r.fail("it holds a '" + (printable_ascii(file_kind) ? file_kind : std::string("?")) +
           "', not a '" + std::string(kind) + "'");
  }
  r.kind_version_ = get_u32(p + 12);
  if (r.kind_version_ == 0 || r.kind_version_ > max_kind_version) {
    r.fail(std::string(kind) + " format version " + std::to_string(r.kind_version_) +
           " is not supported (this build reads up to " + std::to_string(max_kind_version) +
           "; upgrade newsnlp)");
  }
  const std::uint64_t declared = get_u64(p + 40);
  if (declared != size) {
    r.fail("the header says " + std::to_string(declared) + " bytes but there are " +
           std::to_string(size) + (declared > size ? " (truncated file)" : " (trailing bytes)"));
  }
  if (crc32(std::string_view(p + kHeaderSize, size - kHeaderSize)) != get_u32(p + 48)) {
    r.fail("payload checksum mismatch (the file was modified or damaged)");
  }
  const std::uint64_t count = get_u32(p + 32);
  if (count > (size - kHeaderSize) / kEntrySize) r.fail("section table larger than the file");
  const std::uint64_t table_end = kHeaderSize + count * kEntrySize;
  for (std::uint64_t i = 0; i < count; ++i) {
    const char* e = p + kHeaderSize + i * kEntrySize;
    std::string tag = unpadded(e, kTagSize);
    const std::uint64_t offset = get_u64(e + 8);
    const std::uint64_t length = get_u64(e + 16);
    if (offset < table_end || offset > size || length > size - offset) {
      r.fail("section " + std::to_string(i) + " lies outside the file");
    }
    if (r.has(tag)) r.fail("section '" + tag + "' appears twice");
    r.sections_.emplace_back(std::move(tag), std::make_pair(offset, length));
  }
  r.bytes_ = std::move(bytes);
  return r;
}

bool ModelReader::has(std::string_view tag) const noexcept {
  for (const auto& s : sections_) {
    if (s.first == tag) return true;
  }
  return false;
}

std::string_view ModelReader::section(std::string_view tag) const {
  for (const auto& s : sections_) {
    if (s.first == tag) return std::string_view(bytes_).substr(s.second.first, s.second.second);
  }
  fail("section '" + std::string(tag) + "' is missing");
}

std::vector<std::uint32_t> ModelReader::u32(std::string_view tag) const {
  const std::string_view data = section(tag);
  if (data.size() % 4 != 0) fail("section '" + std::string(tag) + "' is not an array of u32");
  std::vector<std::uint32_t> out(data.size() / 4);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = get_u32(data.data() + 4 * i);
  return out;
}

std::vector<std::uint64_t> ModelReader::u64(std::string_view tag) const {
  const std::string_view data = section(tag);
  if (data.size() % 8 != 0) fail("section '" + std::string(tag) + "' is not an array of u64");
  std::vector<std::uint64_t> out(data.size() / 8);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = get_u64(data.data() + 8 * i);
  return out;
}

// ---------------------------------------------------------------------------------------
// Records

void ByteWriter::u32(std::uint32_t v) { put_u32(out_, v); }
void ByteWriter::u64(std::uint64_t v) { put_u64(out_, v); }
void ByteWriter::str(std::string_view s) {
  u64(s.size());
  out_.append(s.data(), s.size());
}
void ByteWriter::strs(const std::vector<std::string>& v) {
  u64(v.size());
  for (const std::string& s : v) str(s);
}

void ByteReader::need(std::size_t n) const {
  if (n > data_.size() - pos_) reader_.fail(what_ + " ends too early");
}
std::uint8_t ByteReader::u8() {
  need(1);
  return static_cast<std::uint8_t>(data_[pos_++]);
}
std::uint32_t ByteReader::u32() {
  need(4);
  pos_ += 4;
  return get_u32(data_.data() + pos_ - 4);
}
std::uint64_t ByteReader::u64() {
  need(8);
  pos_ += 8;
  return get_u64(data_.data() + pos_ - 8);
}
std::string ByteReader::str() {
  const std::uint64_t n = u64();
  if (n > data_.size() - pos_) reader_.fail(what_ + ": string longer than its section");
  std::string s(data_.substr(pos_, static_cast<std::size_t>(n)));
  pos_ += static_cast<std::size_t>(n);
  return s;
}
std::vector<std::string> ByteReader::strs() {
  const std::uint64_t n = u64();
  // Each string takes at least its 8-byte length: bounds the allocation by the section.
  if (n > (data_.size() - pos_) / 8) reader_.fail(what_ + ": list longer than its section");
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(n));
  for (std::uint64_t i = 0; i < n; ++i) out.push_back(str());
  return out;
}
void ByteReader::finish() const {
  if (!done()) reader_.fail(what_ + " has trailing bytes");
}

}  // namespace newsnlp
