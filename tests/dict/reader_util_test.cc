// Reader helpers shared by the dictionary readers (reader_util.h).
#include "dict/reader_util.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>

namespace dyad::dict {
namespace {

TEST(ParseDictionaryDate, UsesTheOnePivotAndTheCalendarOfBaseDate) {
  struct Case {
    std::string_view text;
    int32_t want;  // 0: rejected
  };
  const Case cases[] = {
      {"20190821", 20190821}, {"190821", 20190821},  {"300101", 20300101},
      {"310101", 19310101},   {"991231", 19991231},  {"20000229", 20000229},
      {"19000229", 0},        {"000229", 20000229},  {"20190431", 0},
      {"20191301", 0},        {"20190800", 0},       {"2019082", 0},
      {"2019-0821", 0},       {"", 0},               {"00000101", 0},
  };
  for (const Case& c : cases) {
    int32_t got = -1;
    const bool ok = ParseDictionaryDate(c.text, &got);
    EXPECT_EQ(ok, c.want != 0) << c.text;
    EXPECT_EQ(got, ok ? c.want : -1) << c.text << " (a rejected date leaves *date unchanged)";
  }
}

}  // namespace
}  // namespace dyad::dict
