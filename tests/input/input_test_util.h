// Helpers for the document-reader tests: a scratch directory, files written into it
// (optionally gzip- or zstd-compressed with the libraries' own APIs), and a stream drained
// into a list of documents and problems in the order they came.
#ifndef DYAD_TESTS_PIPELINE_INPUT_INPUT_TEST_UTIL_H_
#define DYAD_TESTS_PIPELINE_INPUT_INPUT_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <zlib.h>
#include <unistd.h>
#include <zstd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "input/input.h"

namespace dyad::input::testing_util {

namespace fs = std::filesystem;

class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("dyad_input_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  // Writes `data` to `name` (relative; directories created) and returns the full path.
  std::string Write(const std::string& name, const std::string& data) const {
    const fs::path p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    return p.string();
  }
  std::string Path(const std::string& name = "") const {
    return name.empty() ? path_.string() : (path_ / name).string();
  }

 private:
  fs::path path_;
};

inline std::string Gzip(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

inline std::string Zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

// One item of a drained stream.
struct Item {
  bool is_problem = false;
  InputDocument doc;
  InputProblem problem;
};

inline std::vector<Item> Drain(DocumentStream* stream) {
  std::vector<Item> items;
  for (int guard = 0; guard < 1000000; ++guard) {
    Item item;
    const DocumentStream::Next next = stream->Read(&item.doc, &item.problem);
    if (next == DocumentStream::Next::kEnd) break;
    item.is_problem = next == DocumentStream::Next::kProblem;
    items.push_back(std::move(item));
  }
  return items;
}

inline std::vector<Item> ReadInputs(const std::vector<std::string>& inputs,
                                    const InputOptions& options = InputOptions()) {
  auto stream = DocumentStream::Open(inputs, options);
  EXPECT_TRUE(stream.ok()) << stream.status().ToString();
  if (!stream.ok()) return {};
  return Drain(stream->get());
}

inline std::vector<Item> ReadMemory(const std::string& data, const std::string& name,
                                    const InputOptions& options = InputOptions()) {
  auto stream = DocumentStream::OpenMemory(data, name, options);
  EXPECT_TRUE(stream.ok()) << stream.status().ToString();
  if (!stream.ok()) return {};
  return Drain(stream->get());
}

inline std::vector<std::string> Problems(const std::vector<Item>& items) {
  std::vector<std::string> out;
  for (const Item& i : items) {
    if (i.is_problem) out.push_back(i.problem.ToString());
  }
  return out;
}

inline std::vector<InputDocument> Documents(const std::vector<Item>& items) {
  std::vector<InputDocument> out;
  for (const Item& i : items) {
    if (!i.is_problem) out.push_back(i.doc);
  }
  return out;
}

}  // namespace dyad::input::testing_util

#endif  // DYAD_TESTS_PIPELINE_INPUT_INPUT_TEST_UTIL_H_
