#include "newsnlp/serialize.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "newsnlp/error.hpp"

namespace newsnlp {
namespace {

std::string sample_file() {
  ModelWriter w("TestModel", 2);
  w.add("text", "bonjour le monde");
  w.add_u32("ints", {1, 2, 0xFFFFFFFFu});
  w.add_u64("longs", {0x0102030405060708ULL});
  ByteWriter b;
  b.u8(7);
  b.str("maroc");
  b.strs({"a", "", "état"});
  w.add("record", b.take());
  return w.bytes();
}

std::string message_of(const std::string& bytes) {
  try {
    ModelReader::parse(bytes, "model.bin", "TestModel", 2);
  } catch (const IoError& e) {
    EXPECT_EQ(e.path(), "model.bin");
    return e.what();
  }
  return "";
}

TEST(Serialize, Crc32MatchesZlib) {
  EXPECT_EQ(crc32(""), 0u);
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);  // the standard check value
  EXPECT_EQ(crc32("56789", crc32("1234")), 0xCBF43926u);
}

TEST(Serialize, RoundTripsSectionsAndRecords) {
  const std::string bytes = sample_file();
  EXPECT_EQ(bytes.substr(0, 8), std::string("NEWSNLP\x1A", 8));
  const ModelReader r = ModelReader::parse(bytes, "model.bin", "TestModel", 2);
  EXPECT_EQ(r.kind_version(), 2u);
  EXPECT_EQ(r.section("text"), "bonjour le monde");
  EXPECT_EQ(r.u32("ints"), (std::vector<std::uint32_t>{1, 2, 0xFFFFFFFFu}));
  EXPECT_EQ(r.u64("longs"), (std::vector<std::uint64_t>{0x0102030405060708ULL}));
  EXPECT_FALSE(r.has("missing"));
  ByteReader b(r.section("record"), r, "record");
  EXPECT_EQ(b.u8(), 7u);
  EXPECT_EQ(b.str(), "maroc");
  EXPECT_EQ(b.strs(), (std::vector<std::string>{"a", "", "état"}));
  EXPECT_NO_THROW(b.finish());
  EXPECT_THROW(b.u8(), IoError);
}

TEST(Serialize, IntegersAreLittleEndianOnDisk) {
  ModelWriter w("TestModel", 1);
  w.add_u32("n", {0x01020304u});
  const std::string bytes = w.bytes();
  EXPECT_EQ(bytes.substr(bytes.size() - 4), std::string("\x04\x03\x02\x01", 4));
}

TEST(Serialize, RejectsEveryTruncation) {
  const std::string bytes = sample_file();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const std::string m = message_of(bytes.substr(0, n));
    ASSERT_NE(m, "") << "truncated to " << n << " bytes was accepted";
    ASSERT_NE(m.find("model.bin: corrupt or foreign model file"), std::string::npos) << m;
  }
  EXPECT_NE(message_of(bytes.substr(0, 100)).find("truncated"), std::string::npos);
  EXPECT_NE(message_of(bytes + "x").find("trailing bytes"), std::string::npos);
}

TEST(Serialize, RejectsEverySingleByteChangeAndRandomFlips) {
  const std::string bytes = sample_file();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x5A);
    ASSERT_NE(message_of(bad), "") << "byte " << i;
  }
  std::mt19937 rng(42);
  for (int trial = 0; trial < 2000; ++trial) {
    std::string bad = bytes;
    const int flips = 1 + static_cast<int>(rng() % 8);
    for (int f = 0; f < flips; ++f) bad[rng() % bad.size()] ^= static_cast<char>(1u << (rng() % 8));
    if (bad == bytes) continue;
    ASSERT_NE(message_of(bad), "") << "trial " << trial;
  }
}

TEST(Serialize, NamesForeignKindsAndVersions) {
  const std::string bytes = sample_file();
  EXPECT_NE(message_of("PK\x03\x04 this is a zip file, not a model, padded to be long enough"
                       "..............").find("wrong magic"), std::string::npos);
  try {
    ModelReader::parse(bytes, "m.bin", "EntityMatcher", 1);
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("holds a 'TestModel', not a 'EntityMatcher'"), std::string::npos) << e.what();
  }
  try {
    ModelReader::parse(bytes, "m.bin", "TestModel", 1);
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("format version 2 is not supported"), std::string::npos) << e.what();
  }
  const ModelReader r = ModelReader::parse(bytes, "m.bin", "TestModel", 2);
  EXPECT_THROW(r.section("nope"), IoError);
  EXPECT_THROW(r.u64("ints"), IoError);  // 12 bytes are no array of u64
}

TEST(Serialize, ByteReaderRejectsHugeLengths) {
  const ModelReader r = ModelReader::parse(sample_file(), "m.bin", "TestModel", 2);
  ByteWriter w;
  w.u64(0xFFFFFFFFFFFFull);  // a list of 2^48 strings in a 8-byte record
  const std::string data = w.take();
  ByteReader b(data, r, "list");
  EXPECT_THROW(b.strs(), IoError);
  ByteReader c(data, r, "string");
  EXPECT_THROW(c.str(), IoError);
}

TEST(Serialize, SavesThroughATemporaryFileAndOpens) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "newsnlp_serialize_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "model.bin").string();
  ModelWriter w("TestModel", 1);
  w.add("text", "x");
  w.save(path);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  EXPECT_EQ(ModelReader::open(path, "TestModel", 1).section("text"), "x");
  EXPECT_THROW(ModelReader::open((dir / "missing.bin").string(), "TestModel", 1), IoError);
  EXPECT_THROW(ModelReader::open(dir.string(), "TestModel", 1), IoError);
  EXPECT_THROW(w.save((dir / "no" / "such" / "dir.bin").string()), IoError);
  {
    std::ofstream out(dir / "short.bin", std::ios::binary);
    out << "NEWSNLP";
  }
  EXPECT_THROW(ModelReader::open((dir / "short.bin").string(), "TestModel", 1), IoError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace newsnlp
