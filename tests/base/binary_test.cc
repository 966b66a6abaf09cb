#include "base/binary.h"

#include <gtest/gtest.h>

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

TEST(BinaryReader, HugeVectorLengthIsCorruptionNotAllocation) {
  BinaryWriter w;
  w.PutU64(uint64_t{1} << 60);
  BinaryReader r(w.data(), "x");
  std::vector<float> v;
  EXPECT_EQ(r.GetVector(&v).code(), Status::Code::kCorruption);
}

}  // namespace
}  // namespace dyad
