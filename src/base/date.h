// The one home of calendar dates in dyad: a date is an int32 YYYYMMDD (0 = none). Civil
// arithmetic, validity, the one two-digit-year pivot, parsing of the date forms inputs and
// dictionaries use, and formatting. Every stage that reads or writes a date uses these.
// Thread-safety: pure functions.
#ifndef DYAD_BASE_DATE_H_
#define DYAD_BASE_DATE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace dyad::date {

struct Ymd {
  int y = 0, m = 0, d = 0;
};

bool IsLeap(int y);
int DaysInMonth(int y, int m);  // REQUIRES: 1 <= m <= 12
// A real day of the Gregorian calendar, years 1..9999.
bool Valid(int y, int m, int d);
inline Ymd Split(int32_t yyyymmdd) {
  return {yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100};
}
inline int32_t Join(int y, int m, int d) { return y * 10000 + m * 100 + d; }
// True when `yyyymmdd` names a real day, years 1..9999.
bool IsValidDate(int32_t yyyymmdd);

// Days since 1970-01-01 and back (Howard Hinnant, "chrono-Compatible Low-Level Date
// Algorithms").
int64_t DaysFromCivil(int y, int m, int d);
Ymd CivilFromDays(int64_t days);
int32_t FromDays(int64_t days);
// 0 = Sunday ... 6 = Saturday, of a day count from DaysFromCivil.
int Weekday(int64_t days);
// `yyyymmdd` moved by `days` (may be negative). REQUIRES: IsValidDate(yyyymmdd).
int32_t AddDays(int32_t yyyymmdd, int32_t days);
// The year for month `m` day `d` (no year given) nearest `ref`: the latest on or before
// it (`future` false) or the first on or after it; 0 when m/d is no date in any year.
int YearForDayMonth(int m, int d, Ymd ref, bool future);

// The two-digit-year pivot, PETRARCH's and TABARI's: YY <= 30 is 20YY, else 19YY.
inline constexpr int kPivotYear = 30;
inline int WidenYear(int yy) { return yy <= kPivotYear ? 2000 + yy : 1900 + yy; }

// "YYYYMMDD" or PETRARCH's "YYMMDD" (widened with WidenYear) → the date, unchecked for
// the calendar; 0 when not 6 or 8 digits.
int32_t ParseYmd(std::string_view digits);

// Digit readers of date text. ReadDigits: 1..max_digits digits → value, else -1.
// ReadDay: "4", "04", "4th", "22nd" → 1..31, else -1. ReadYear: four digits 1900..2100,
// else -1. ReadNumericDate: "2019-09-04", "2019/09/04" → date; "9/4/2019" or "14/3/2018"
// only when day and month cannot be confused; else 0.
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
int ReadDigits(std::string_view s, size_t max_digits);
int ReadDay(std::string_view s);
int ReadYear(std::string_view s);
int32_t ReadNumericDate(std::string_view s);

// Input dates: "2019-08-21" or "20190821" → "20190821" (calendar-checked, years
// 1900..2100); false otherwise (*yyyymmdd is then unchanged).
bool NormalizeDate(std::string_view in, std::string* yyyymmdd);
// NormalizeDate, but also accepts an ISO 8601 date-time whose date part is a valid date:
// "2019-08-21T10:30:00Z", "2019-08-21 10:30", "20190821T1030".
bool NormalizeDateTime(std::string_view in, std::string* yyyymmdd);

// "%08d": 20190821 → "20190821".
std::string Format(int32_t yyyymmdd);
// YYYYMMDD of a unix time (UTC); 0 for t <= 0.
int32_t FromUnixTime(int64_t t);

}  // namespace dyad::date

#endif  // DYAD_BASE_DATE_H_
