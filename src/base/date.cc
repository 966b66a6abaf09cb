// Calendar dates (date.h).
#include "base/date.h"

#include <array>
#include <cstdio>
#include <ctime>

namespace dyad::date {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool Valid(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

bool IsValidDate(int32_t yyyymmdd) {
  if (yyyymmdd <= 0) return false;
  const Ymd c = Split(yyyymmdd);
  return Valid(c.y, c.m, c.d);
}

int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Ymd CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

int32_t FromDays(int64_t days) {
  const Ymd c = CivilFromDays(days);
  return Join(c.y, c.m, c.d);
}

int Weekday(int64_t days) {
  return static_cast<int>(days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6);
}

int32_t AddDays(int32_t yyyymmdd, int32_t days) {
  const Ymd c = Split(yyyymmdd);
  return FromDays(DaysFromCivil(c.y, c.m, c.d) + days);
}

int YearForDayMonth(int m, int d, Ymd ref, bool future) {
  if (!Valid(2000, m, d)) return 0;  // 2000 is a leap year: Feb 29 is possible
  const bool after = m > ref.m || (m == ref.m && d > ref.d);
  const bool before = m < ref.m || (m == ref.m && d < ref.d);
  int y = ref.y;
  if (!future && after) --y;
  if (future && before) ++y;
  for (int tries = 0; tries < 8 && !Valid(y, m, d); ++tries) y += future ? 1 : -1;
  return Valid(y, m, d) ? y : 0;
}

int32_t ParseYmd(std::string_view digits) {
  if (digits.size() != 8 && digits.size() != 6) return 0;
  int32_t v = 0;
  for (char c : digits) {
    if (!IsDigit(c)) return 0;
    v = v * 10 + (c - '0');
  }
  if (digits.size() == 6) v = WidenYear(v / 10000) * 10000 + v % 10000;
  return v;
}

int ReadDigits(std::string_view s, size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return -1;
  int v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

int ReadDay(std::string_view s) {
  if (s.size() > 2) {
    const std::string_view suffix = s.substr(s.size() - 2);
    static constexpr std::string_view kSuffixes[] = {"st", "nd", "rd", "th",
                                                     "ST", "ND", "RD", "TH"};
    for (std::string_view x : kSuffixes) {
      if (suffix == x) {
        s.remove_suffix(2);
        break;
      }
    }
  }
  const int v = ReadDigits(s, 2);
  return v >= 1 && v <= 31 ? v : -1;
}

int ReadYear(std::string_view s) {
  if (s.size() != 4) return -1;
  const int v = ReadDigits(s, 4);
  return v >= 1900 && v <= 2100 ? v : -1;
}

int32_t ReadNumericDate(std::string_view s) {
  if (s.size() == 10 && (s[4] == '-' || s[4] == '/') && s[7] == s[4]) {
    const int y = ReadYear(s.substr(0, 4)), m = ReadDigits(s.substr(5, 2), 2),
              d = ReadDigits(s.substr(8, 2), 2);
    return y > 0 && Valid(y, m, d) ? Join(y, m, d) : 0;
  }
  const size_t a = s.find('/');
  if (a == std::string_view::npos || a == 0 || a > 2) return 0;
  const size_t b = s.find('/', a + 1);
  if (b == std::string_view::npos || b - a - 1 == 0 || b - a - 1 > 2) return 0;
  const int x = ReadDigits(s.substr(0, a), 2), z = ReadDigits(s.substr(a + 1, b - a - 1), 2);
  const int y = ReadYear(s.substr(b + 1));
  if (x < 1 || z < 1 || y < 0) return 0;
  int m, d;
  if (x == z) {
    m = d = x;
  } else if (x > 12 && z <= 12) {
    d = x, m = z;  // day/month
  } else if (z > 12 && x <= 12) {
    m = x, d = z;  // month/day (US)
  } else {
    return 0;  // 9/4/2019: April 9 or September 4 — not guessed
  }
  return Valid(y, m, d) ? Join(y, m, d) : 0;
}

namespace {

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The date at the start of `in` ("YYYY-MM-DD" or "YYYYMMDD", years 1900..2100) and its
// length, or 0.
size_t DatePrefix(std::string_view in, std::string* yyyymmdd) {
  size_t len;
  int y, m, d;
  if (in.size() >= 10 && in[4] == '-' && in[7] == '-') {
    y = ReadDigits(in.substr(0, 4), 4), m = ReadDigits(in.substr(5, 2), 2);
    d = ReadDigits(in.substr(8, 2), 2);
    len = 10;
  } else if (in.size() >= 8) {
    y = ReadDigits(in.substr(0, 4), 4), m = ReadDigits(in.substr(4, 2), 2);
    d = ReadDigits(in.substr(6, 2), 2);
    len = 8;
  } else {
    return 0;
  }
  // Two-digit fields must be two digits ("2019-8-21" is not a date).
  if (y < 1900 || y > 2100 || !Valid(y, m, d)) return 0;
  *yyyymmdd = Format(Join(y, m, d));
  return len;
}

}  // namespace

bool NormalizeDate(std::string_view in, std::string* yyyymmdd) {
  in = TrimSpace(in);
  std::string out;
  if (in.empty() || DatePrefix(in, &out) != in.size()) return false;
  *yyyymmdd = std::move(out);
  return true;
}

bool NormalizeDateTime(std::string_view in, std::string* yyyymmdd) {
  in = TrimSpace(in);
  std::string out;
  const size_t len = DatePrefix(in, &out);
  if (len == 0) return false;
  // After the date: nothing, or a time introduced by 'T' or a space. The time itself is
  // not checked (its zone may move the day, which a daily date cannot express anyway).
  if (len < in.size() && in[len] != 'T' && in[len] != ' ' && in[len] != 't') return false;
  if (len < in.size() && (in.size() == len + 1 || !IsDigit(in[len + 1]))) return false;
  *yyyymmdd = std::move(out);
  return true;
}

std::string Format(int32_t yyyymmdd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08d", static_cast<int>(yyyymmdd));
  return buf;
}

int32_t FromUnixTime(int64_t t) {
  if (t <= 0) return 0;
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

}  // namespace dyad::date
