// Writes the seed corpus of model_loader_fuzzer into a folder: each sample model file
// (tests/cpp/model_samples.hpp) behind its two selector bytes, as is and with checksums to rewrite.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "model_samples.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  for (int kind = 0; kind < newsnlp::testing::kModelKinds; ++kind) {
    for (int variant = 0; variant < 2; ++variant) {
      const std::string file =
          newsnlp::testing::sample_model_file(static_cast<newsnlp::testing::ModelKind>(kind), variant);
      for (char fix = 0; fix < 2; ++fix) {
        const std::string name = std::string(newsnlp::testing::kModelKindNames[kind]) + "-" +
                                 std::to_string(variant) + (fix ? "-fix" : "");
        std::ofstream out(dir / name, std::ios::binary);
        out.put(static_cast<char>(kind)).put(fix);
        out << file;
      }
    }
  }
  return 0;
}
