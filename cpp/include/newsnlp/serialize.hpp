// Versioned, checksummed binary model files: a header, a table of named sections, payloads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsnlp {

// File layout; every integer is little-endian whatever the machine:
//   offset  size  field
//        0     8  magic "NEWSNLP\x1A"
//        8     4  container version (kModelFormatVersion)
//       12     4  kind version (the model's own format version)
//       16    16  kind, NUL-padded ASCII ("EntityMatcher")
//       32     4  section count
//       36     4  reserved, 0
//       40     8  file size in bytes
//       48     4  CRC-32 (zlib polynomial) of bytes [56, file size)
//       52     4  CRC-32 of bytes [0, 52)
//       56 24*n  sections: 8-byte NUL-padded tag, u64 offset, u64 length
//  payloads, each starting at a multiple of 8
// Readers check the magic, versions, kind, sizes (against the real file size, before
// allocating anything else), both checksums and that every section lies inside the file.
inline constexpr std::uint32_t kModelFormatVersion = 1;

// Collects sections and writes a model file.
class ModelWriter {
 public:
  // `kind`: at most 16 ASCII characters.
  ModelWriter(std::string_view kind, std::uint32_t kind_version);

  // Adds a section; tags are at most 8 ASCII characters and unique.
  void add(std::string_view tag, std::string payload);
  void add_u32(std::string_view tag, const std::vector<std::uint32_t>& values);
  void add_u64(std::string_view tag, const std::vector<std::uint64_t>& values);

  // The whole file.
  std::string bytes() const;
  // Writes bytes() to `path` through a temporary file and a rename, so a failed write
  // never leaves a half-written model behind. Throws IoError naming the path.
  void save(const std::string& path) const;

 private:
  std::string kind_;
  std::uint32_t kind_version_;
  std::vector<std::pair<std::string, std::string>> sections_;
};

// A validated model file in memory. Every failure is an IoError whose message starts with
// the source (the path, or "<bytes>") and says what is wrong.
class ModelReader {
 public:
  // Reads and validates `path`; `kind` must match and the kind version be at most
  // `max_kind_version`.
  static ModelReader open(const std::string& path, std::string_view kind,
                          std::uint32_t max_kind_version);
  static ModelReader parse(std::string bytes, const std::string& source, std::string_view kind,
                           std::uint32_t max_kind_version);

  std::uint32_t kind_version() const noexcept { return kind_version_; }
  const std::string& source() const noexcept { return source_; }

  bool has(std::string_view tag) const noexcept;
  // A section's payload; throws IoError when it is missing.
  std::string_view section(std::string_view tag) const;
  std::vector<std::uint32_t> u32(std::string_view tag) const;
  std::vector<std::uint64_t> u64(std::string_view tag) const;

  // Throws IoError "<source>: corrupt model file: <what>".
  [[noreturn]] void fail(const std::string& what) const;

 private:
  ModelReader() = default;
  std::string bytes_;
  std::string source_;
  std::uint32_t kind_version_ = 0;
  std::vector<std::pair<std::string, std::pair<std::uint64_t, std::uint64_t>>> sections_;
};

// Little-endian encoding of scalars and strings into one section, and its bounds-checked
// decoding: a record of options, counts, lists of strings.
class ByteWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void str(std::string_view s);  // u64 length, then the bytes
  void strs(const std::vector<std::string>& v);
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads what ByteWriter wrote; any read past the end, or a length larger than what is left,
// calls reader.fail() naming `what`.
class ByteReader {
 public:
  ByteReader(std::string_view data, const ModelReader& reader, std::string what)
      : data_(data), reader_(reader), what_(std::move(what)) {}
  std::uint8_t u8();
  std::uint32_t u32();
  std::uint64_t u64();
  std::string str();
  std::vector<std::string> strs();
  bool done() const noexcept { return pos_ == data_.size(); }
  // Fails unless everything was read.
  void finish() const;

 private:
  void need(std::size_t n) const;
  std::string_view data_;
  std::size_t pos_ = 0;
  const ModelReader& reader_;
  std::string what_;
};

// CRC-32 with the zlib/PNG polynomial; `crc` continues a previous value.
std::uint32_t crc32(std::string_view data, std::uint32_t crc = 0) noexcept;

}  // namespace newsnlp
