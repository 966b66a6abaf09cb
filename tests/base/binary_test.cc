#include "base/binary.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "base/file.h"

namespace dyad {
namespace {

std::string MakeModel() {
  ModelFileWriter w;
  BinaryWriter a;
  a.PutU32(7);
  a.PutString("hello");
  a.PutVector(std::vector<float>{1.5f, -2.0f});
  w.AddSection("alpha", a.Release());
  w.AddSection("beta", "xyz");
  return w.Serialize();
}

TEST(ModelFile, RoundTripsSections) {
  auto m = ModelFile::Parse(MakeModel(), "test.model");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->SectionNames(), (std::vector<std::string>{"alpha", "beta"}));
  auto r = m->SectionReader("alpha");
  ASSERT_TRUE(r.ok());
  uint32_t v = 0;
  std::string s;
  std::vector<float> f;
  ASSERT_TRUE(r->GetU32(&v).ok());
  ASSERT_TRUE(r->GetString(&s).ok());
  ASSERT_TRUE(r->GetVector(&f).ok());
  EXPECT_TRUE(r->ExpectEnd().ok());
  EXPECT_EQ(v, 7u);
  EXPECT_EQ(s, "hello");
  EXPECT_EQ(f, (std::vector<float>{1.5f, -2.0f}));
  EXPECT_EQ(m->Section("gamma").status().code(), Status::Code::kNotFound);
}

TEST(ModelFile, RejectsEveryTruncation) {
  const std::string good = MakeModel();
  for (size_t n = 0; n < good.size(); ++n) {
    auto m = ModelFile::Parse(good.substr(0, n), "cut.model");
    EXPECT_FALSE(m.ok()) << "accepted a file cut at " << n;
  }
}

TEST(ModelFile, DetectsEveryFlippedByte) {
  const std::string good = MakeModel();
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x5A);
    auto m = ModelFile::Parse(bad, "flip.model");
    EXPECT_FALSE(m.ok()) << "accepted a flip at byte " << i;
  }
}

TEST(ModelFile, RejectsTrailingBytesAndNamesTheOffset) {
  const std::string good = MakeModel();
  auto m = ModelFile::Parse(good + "!", "t.model");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Status::Code::kCorruption);
  EXPECT_NE(m.status().message().find("byte " + std::to_string(good.size())), std::string::npos)
      << m.status().message();
}

TEST(ModelFile, RejectsFutureVersion) {
  std::string bad = MakeModel();
  bad[8] = 99;
  auto m = ModelFile::Parse(bad, "v.model");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), Status::Code::kUnsupported);
}

// A file in the test's temporary directory, removed at the end.
class TempFile {
 public:
  explicit TempFile(const std::string& name)
      : path_(std::filesystem::path(testing::TempDir()) /
              (std::to_string(::getpid()) + "_" + name)) {}
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// Issue 14 item 6: `--model /dev/zero` read until memory ran out (bad_alloc), and a 3 GB
// file was read whole before "bad magic". The magic and the size are checked first.
TEST(ModelFile, LoadChecksMagicAndSizeBeforeReading) {
  const auto start = std::chrono::steady_clock::now();
  auto zero = ModelFile::Load("/dev/zero");
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().code(), Status::Code::kCorruption);
  EXPECT_EQ(zero.status().message(), "/dev/zero: byte 0: not a dyad model file (bad magic)");

  // A sparse file over 1 GiB with a model's magic: refused by its size, never read.
  TempFile big("big.model");
  {
    std::ofstream out(big.path(), std::ios::binary);
    out << MakeModel().substr(0, 8);
  }
  std::filesystem::resize_file(big.path(), (1ull << 30) + 1);
  auto large = ModelFile::Load(big.path());
  ASSERT_FALSE(large.ok());
  EXPECT_EQ(large.status().code(), Status::Code::kResourceExhausted);
  EXPECT_NE(large.status().message().find(big.path() + ": larger than 1073741824 bytes"),
            std::string::npos)
      << large.status().message();
  // Neither was read: well under the seconds a gigabyte takes.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));

  // A text file is refused by its magic; a real model still loads, raw or compressed.
  TempFile text("text.model");
  std::ofstream(text.path()) << "this is not a model, but a long enough text file\n";
  EXPECT_EQ(ModelFile::Load(text.path()).status().message(),
            text.path() + ": byte 0: not a dyad model file (bad magic)");
  TempFile good("good.model");
  std::ofstream(good.path(), std::ios::binary) << MakeModel();
  auto loaded = ModelFile::Load(good.path());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(loaded->HasSection("beta"));
}

TEST(ReadFile, StopsAtTheLimitOnAnUnsizedFile) {
  auto zero = ReadFile("/dev/zero", 1 << 20);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().code(), Status::Code::kResourceExhausted);
  EXPECT_NE(zero.status().message().find("/dev/zero: larger than 1048576 bytes"),
            std::string::npos);
  EXPECT_EQ(ReadFile("/no/such/file").status().code(), Status::Code::kNotFound);
}

TEST(BinaryReader, HugeVectorLengthIsCorruptionNotAllocation) {
  BinaryWriter w;
  w.PutU64(uint64_t{1} << 60);
  BinaryReader r(w.data(), "x");
  std::vector<float> v;
  EXPECT_EQ(r.GetVector(&v).code(), Status::Code::kCorruption);
}

}  // namespace
}  // namespace dyad
