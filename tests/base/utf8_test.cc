#include "base/utf8.h"

#include <gtest/gtest.h>

namespace dyad {
namespace {

TEST(Utf8, ValidTextIsUntouched) {
  std::string s = "Zürich – 東京 😀";
  EXPECT_TRUE(IsValidUtf8(s));
  EXPECT_EQ(RepairUtf8(&s), 0u);
  EXPECT_EQ(s, "Zürich – 東京 😀");
}

TEST(Utf8, RepairsInvalidBytesAndNul) {
  struct Case { std::string in, out; size_t repaired; };
  const Case cases[] = {
      {"a\xFF" "b", "a\xEF\xBF\xBD" "b", 1},
      {std::string("a\0b", 3), "a\xEF\xBF\xBD" "b", 1},
      {"\xC3", "\xEF\xBF\xBD", 1},                          // truncated
      {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD", 2},          // overlong
      {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3},  // surrogate
      {"\xF4\x90\x80\x80x", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx", 4},
  };
  for (const Case& c : cases) {
    std::string s = c.in;
    EXPECT_EQ(RepairUtf8(&s), c.repaired);
    EXPECT_EQ(s, c.out);
    EXPECT_TRUE(IsValidUtf8(s));
  }
}

TEST(Utf8, DecodeAndEncodeRoundTrip) {
  const std::u32string cps = {U'a', U'é', U'€', U'😀'};
  std::string s;
  for (char32_t cp : cps) AppendUtf8(cp, &s);
  size_t pos = 0;
  for (char32_t cp : cps) EXPECT_EQ(DecodeUtf8(s, &pos), cp);
  EXPECT_EQ(pos, s.size());
}

}  // namespace
}  // namespace dyad
