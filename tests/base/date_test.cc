// The one date module (src/base/date.h): calendar arithmetic, the one two-digit-year
// pivot, input date forms.
#include "base/date.h"

#include <gtest/gtest.h>

#include <string>

namespace dyad {
namespace {

TEST(Calendar, AddDaysAndValidity) {
  EXPECT_TRUE(date::IsValidDate(20200229));
  EXPECT_FALSE(date::IsValidDate(20190229));
  EXPECT_FALSE(date::IsValidDate(21000229));
  EXPECT_TRUE(date::IsValidDate(20000229));
  EXPECT_FALSE(date::IsValidDate(0));
  EXPECT_EQ(date::AddDays(20191231, 1), 20200101);
  EXPECT_EQ(date::AddDays(20200301, -1), 20200229);
  EXPECT_EQ(date::AddDays(20190910, -365), 20180910);
}

TEST(Calendar, OnePivotForTwoDigitYears) {
  // PETRARCH's and TABARI's pivot, used by dictionaries and document dates alike.
  EXPECT_EQ(date::ParseYmd("300101"), 20300101);
  EXPECT_EQ(date::ParseYmd("310101"), 19310101);
  EXPECT_EQ(date::ParseYmd("080802"), 20080802);
  EXPECT_EQ(date::ParseYmd("20080802"), 20080802);
  EXPECT_EQ(date::ParseYmd("2008080"), 0);
  EXPECT_EQ(date::ParseYmd("2008-8-2"), 0);
}

TEST(Calendar, FormatsAndReadsUnixTime) {
  EXPECT_EQ(date::Format(20190821), "20190821");
  EXPECT_EQ(date::Format(991231), "00991231");
  EXPECT_EQ(date::FromUnixTime(0), 0);
  EXPECT_EQ(date::FromUnixTime(1566345600), 20190821);  // 2019-08-21T00:00:00Z
}

}  // namespace
}  // namespace dyad
