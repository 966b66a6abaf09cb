// The hash functions of base/hash.h keep the values the shipped model was trained with:
// every expected value below was computed by the pre-hash.h copies (tagger_hash.h's Mix,
// HashBytes, HashBytes2 and Combine; perceptron.h's HashMix; parser_features.cc's Mix and
// HashBytes; dictionary.cc's MixKey) before they were merged into base/hash.h.
#include "base/hash.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>

namespace dyad::hash {
namespace {

TEST(Hash, MixKeepsTheMurmurFinalizerValues) {
  EXPECT_EQ(Mix(0), 0x0000000000000000ULL);
  EXPECT_EQ(Mix(1), 0xb456bcfc34c2cb2cULL);
  EXPECT_EQ(Mix(0x123456789abcdef0ULL), 0x18b8c062f6f42398ULL);
}

TEST(Hash, CombineKeepsThePerceptronHashMixValues) {
  EXPECT_EQ(Combine(0, 0), 0x9e3779b97f4a7c15ULL);
  EXPECT_EQ(Combine(0xC1, 42), 0x9e3779b97f4aac6eULL);
  EXPECT_EQ(Combine(0x123456789abcdef0ULL, 7), 0x3dee7b06cf8db128ULL);
}

TEST(Hash, MixCombineKeepsTheTaggerCombineValues) {
  EXPECT_EQ(MixCombine(1, 2), 0xf9122d6051144cc9ULL);
}

TEST(Hash, BytesKeepsTheTaggerHashBytesValues) {
  EXPECT_EQ(Bytes(""), 0x9775a911a90dcf7aULL);
  EXPECT_EQ(Bytes("<s>"), 0x376f604148718acaULL);
  EXPECT_EQ(Bytes("Washington", 1), 0xe81ca89b19320113ULL);
  EXPECT_EQ(Bytes("washington", 7), 0x6ee03df8acf8f98dULL);
}

TEST(Hash, Bytes2IsBytesOfTheConcatenation) {
  EXPECT_EQ(Bytes2("wash", "ington", 7), 0x6ee03df8acf8f98dULL);
  EXPECT_EQ(Bytes2("", "<s>"), Bytes("<s>"));
  EXPECT_EQ(Bytes2("<s>", ""), Bytes("<s>"));
}

TEST(Hash, ParserBytesKeepsTheParserHashBytesValues) {
  EXPECT_EQ(ParserBytes("Washington", true, 0), 0x62aa4f8ccce71baaULL);
  EXPECT_EQ(ParserBytes("NNP", false, 0x51ed270b27ULL + 3), 0x6ddecf357a2ec3a6ULL);
  EXPECT_EQ(ParserBytes("ton", true, 0x5ff1), 0xbb22098c0185297aULL);
  EXPECT_EQ(ParserBytes("", false, 0), 0xefd01f60ba992926ULL);
}

TEST(Hash, ParserBytesLowercasesOnlyWhenAsked) {
  EXPECT_EQ(ParserBytes("WashingTON", true, 0), ParserBytes("washington", false, 0));
  EXPECT_NE(ParserBytes("Washington", false, 0), ParserBytes("washington", false, 0));
}

TEST(Hash, ParserBytesIsNeverAbsentOrRoot) {
  for (const std::string_view s : {"", "a", "root", "<ROOT>", "-"}) {
    for (const uint64_t seed : {uint64_t{0}, uint64_t{1}, uint64_t{0x5ff1}}) {
      EXPECT_GE(ParserBytes(s, false, seed), 2u) << s << " " << seed;
    }
  }
}

}  // namespace
}  // namespace dyad::hash
