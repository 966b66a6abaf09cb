// The one dateline recogniser (dateline.h).
#include "text/dateline.h"

#include <algorithm>

#include "base/date.h"
#include "base/utf8.h"

namespace dyad::text {

using date::AddDays;
using date::IsDigit;
using date::IsValidDate;
using date::Join;
using date::ReadDay;
using date::ReadDigits;
using date::ReadNumericDate;
using date::ReadYear;
using date::Split;
using date::Valid;
using date::Ymd;
using date::YearForDayMonth;

namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlpha(char c) { return IsLower(c) || IsUpper(c); }

// A byte of a place name in ASCII capitals: "GAZA", "U.S.", "AL-ARISH", "N'DJAMENA".
bool IsCapitalsChar(char c) { return IsUpper(c) || c == '.' || c == '-' || c == '\''; }

// The dashes after a dateline: hyphens ("-", "--"), the em dash and the en dash.
constexpr std::string_view kEmDash = "\xE2\x80\x94";
constexpr std::string_view kEnDash = "\xE2\x80\x93";
bool StartsWithDash(std::string_view s) {
  return s.starts_with('-') || s.starts_with(kEmDash) || s.starts_with(kEnDash);
}

struct Cursor {
  std::string_view line;
  size_t pos = 0;
  bool AtEnd() const { return pos >= line.size(); }
  char Peek(size_t k = 0) const { return pos + k < line.size() ? line[pos + k] : '\0'; }
  void SkipSpaces() {
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t' || line[pos] == '\r')) ++pos;
  }
  std::string_view Letters() const {
    size_t e = pos;
    while (e < line.size() && IsAlpha(line[e])) ++e;
    return line.substr(pos, e - pos);
  }
  std::string_view Digits() const {
    size_t e = pos;
    while (e < line.size() && IsDigit(line[e])) ++e;
    return line.substr(pos, e - pos);
  }
};

int MonthFromWord(std::string_view w) {
  static constexpr std::string_view kNames[] = {"january",   "february", "march",    "april",
                                                "may",       "june",     "july",     "august",
                                                "september", "october",  "november", "december"};
  if (w.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    const std::string_view name = kNames[m];
    if (EqualsLowerAscii(w, name)) return m + 1;
    if (w.size() == 3 && EqualsLowerAscii(w, name.substr(0, 3))) return m + 1;
    if (m == 8 && EqualsLowerAscii(w, "sept")) return 9;
  }
  return 0;
}

bool IsWeekdayWord(std::string_view w) {
  static constexpr std::string_view kNames[] = {"sunday",   "monday", "tuesday", "wednesday",
                                                "thursday", "friday", "saturday"};
  for (std::string_view name : kNames) {
    if (EqualsLowerAscii(w, name) || (w.size() == 3 && EqualsLowerAscii(w, name.substr(0, 3)))) return true;
  }
  return EqualsLowerAscii(w, "tues") || EqualsLowerAscii(w, "thurs");
}

// Reads a date at c.pos: [weekday[.][,]] then ISO | month[.] day[,] [year] | day month[,] [year].
// On success advances c and fills y (0 when absent), m, d and the start of the date.
bool ReadDatelineDate(Cursor* c, int* y, int* m, int* d, size_t* start) {
  *start = c->pos;
  if (const std::string_view w = c->Letters(); !w.empty() && IsWeekdayWord(w)) {
    c->pos += w.size();
    if (c->Peek() == '.') ++c->pos;
    if (c->Peek() == ',') ++c->pos;
    c->SkipSpaces();
  }
  // ISO 2019-08-21 or 2019/08/21.
  if (const std::string_view num = c->Digits(); num.size() == 4) {
    const std::string_view rest = c->line.substr(c->pos);
    if (rest.size() >= 10) {
      const int32_t date = ReadNumericDate(rest.substr(0, 10));
      if (date != 0 && (rest.size() == 10 || !IsDigit(rest[10]))) {
        *y = date / 10000, *m = date / 100 % 100, *d = date % 100;
        c->pos += 10;
        return true;
      }
    }
    return false;
  }
  auto read_year = [&](int* year) {
    Cursor save = *c;
    if (c->Peek() == ',') ++c->pos;
    c->SkipSpaces();
    const std::string_view yd = c->Digits();
    if (const int v = ReadYear(yd); v > 0 && !IsAlpha(c->Peek(yd.size()))) {
      c->pos += yd.size();
      *year = v;
      return;
    }
    *c = save;
    *year = 0;
  };
  auto read_day = [&]() -> int {
    const std::string_view dd = c->Digits();
    if (dd.empty() || dd.size() > 2) return 0;
    size_t len = dd.size();
    const std::string_view suffix = c->line.substr(c->pos + len, 2);
    if (suffix.size() == 2 && IsAlpha(suffix[0]) && IsAlpha(suffix[1]) &&
        ReadDay(std::string(dd) + std::string(suffix)) > 0) {
      len += 2;
    }
    if (IsAlpha(c->Peek(len)) || IsDigit(c->Peek(len))) return 0;
    const int v = ReadDigits(dd, 2);
    if (v < 1 || v > 31) return 0;
    c->pos += len;
    return v;
  };
  if (const std::string_view w = c->Letters(); !w.empty()) {
    const int month = MonthFromWord(w);
    if (month == 0) return false;
    c->pos += w.size();
    if (c->Peek() == '.') ++c->pos;
    c->SkipSpaces();
    const int day = read_day();
    if (day == 0) return false;
    *m = month, *d = day;
    read_year(y);
    return true;
  }
  const int day = read_day();
  if (day == 0) return false;
  c->SkipSpaces();
  const std::string_view w = c->Letters();
  const int month = MonthFromWord(w);
  if (month == 0) return false;
  c->pos += w.size();
  if (c->Peek() == '.') ++c->pos;
  *m = month, *d = day;
  Cursor save = *c;
  c->SkipSpaces();
  if (ReadYear(c->Digits()) > 0 && !IsDigit(c->Peek(4)) && !IsAlpha(c->Peek(4))) {
    *y = ReadYear(c->Digits());
    c->pos += 4;
  } else {
    *c = save;
    read_year(y);
  }
  return true;
}

// After the date: an agency "(Reuters)" or "/PRNewswire/", then a dash — or the end.
bool DatelineTail(Cursor c) {
  c.SkipSpaces();
  if (c.AtEnd()) return true;
  auto dash = [&]() {
    c.SkipSpaces();
    return StartsWithDash(c.line.substr(c.pos));
  };
  const char open = c.Peek();
  if (open == '(' || open == '/') {
    const char close = open == '(' ? ')' : '/';
    const size_t end = c.line.find(close, c.pos + 1);
    if (end == std::string_view::npos || end - c.pos > 48) return false;
    c.pos = end + 1;
    c.SkipSpaces();
    return c.AtEnd() || dash();
  }
  return dash();
}

// An upper-case place name at the start: "MOSCOW", "NEW YORK", "SÃO PAULO", followed by a
// comma; optionally a second part ("D.C.", "Calif.") and a comma. Advances past the comma.
bool SkipPlace(Cursor* c) {
  const size_t begin = c->pos;
  size_t letters = 0;
  while (!c->AtEnd()) {
    const char ch = c->Peek();
    const unsigned char u = static_cast<unsigned char>(ch);
    if (IsUpper(ch) || u >= 0x80) {
      ++letters;
    } else if (!(IsCapitalsChar(ch) || ch == ' ' || ch == '&')) {
      break;
    }
    ++c->pos;
    if (c->pos - begin > 48) return false;
  }
  if (letters < 2 || c->Peek() != ',') return false;
  ++c->pos;
  c->SkipSpaces();
  return true;
}

std::optional<Dateline> DatelineAt(std::string_view line, int32_t reference_date) {
  Cursor c{line, 0};
  c.SkipSpaces();
  int y = 0, m = 0, d = 0;
  size_t start = 0;
  Cursor attempt = c;
  bool ok = ReadDatelineDate(&attempt, &y, &m, &d, &start) && DatelineTail(attempt);
  if (!ok) {
    attempt = c;
    if (!SkipPlace(&attempt)) return std::nullopt;
    Cursor second = attempt;
    ok = ReadDatelineDate(&second, &y, &m, &d, &start) && DatelineTail(second);
    if (!ok) {
      // "SAN JOSE, Calif., March 3 (AP) -": one more comma-separated part.
      const size_t comma = attempt.line.find(',', attempt.pos);
      if (comma == std::string_view::npos || comma - attempt.pos > 16) return std::nullopt;
      second = attempt;
      second.pos = comma + 1;
      second.SkipSpaces();
      y = m = d = 0;
      ok = ReadDatelineDate(&second, &y, &m, &d, &start) && DatelineTail(second);
      if (!ok) return std::nullopt;
    }
    attempt = second;
  }
  if (y == 0) {
    if (!IsValidDate(reference_date)) return std::nullopt;
    const Ymd limit = Split(AddDays(reference_date, 1));
    y = YearForDayMonth(m, d, limit, /*future=*/false);
    if (y == 0) return std::nullopt;
  }
  if (!Valid(y, m, d)) return std::nullopt;
  Dateline mention;
  mention.date = Join(y, m, d);
  std::string_view text = line.substr(start, attempt.pos - start);
  while (!text.empty() && (text.back() == ' ' || text.back() == ',')) text.remove_suffix(1);
  mention.text = std::string(text);
  return mention;
}

}  // namespace

std::optional<Dateline> FindDateline(std::string_view text, int32_t reference_date) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte-order mark
  int lines = 0;
  size_t pos = 0;
  while (pos < text.size() && lines < 3) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    size_t first = 0;
    while (first < line.size() &&
           (line[first] == ' ' || line[first] == '\t' || line[first] == '\r')) {
      ++first;
    }
    if (first == line.size()) continue;
    ++lines;
    // A dateline is short; only its first 200 bytes matter.
    if (auto m = DatelineAt(line.substr(first, 200), reference_date)) return m;
  }
  return std::nullopt;
}


// The length of an all-capitals place run at the start of `s`: "MOSCOW", "NEW YORK",
// "NEW DELHI/ISLAMABAD" (places joined by a slash, a two-city dateline); 0 when `s` does
// not open with two capitals.
static size_t CapitalsRun(std::string_view s) {
  size_t caps = 0;
  while (caps < s.size() && (IsCapitalsChar(s[caps]) || s[caps] == ' ' ||
                             (s[caps] == '/' && caps + 1 < s.size() && IsUpper(s[caps + 1])))) {
    ++caps;
  }
  return s.size() >= 2 && IsUpper(s[0]) && IsUpper(s[1]) ? caps : 0;
}

size_t DatelineLength(std::string_view text) {
  size_t start = 0;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\n' ||
                                 text[start] == '\r' || text[start] == '\t')) {
    ++start;
  }
  const std::string_view head = text.substr(start, 160);
  // South Asian papers: "LAHORE: Workers of ...", "NEW DELHI: The police ..." — a place
  // in capitals (3+ letters), a colon, a space, a capitalised word.
  if (const size_t caps = CapitalsRun(head);
      caps >= 3 && caps + 2 < head.size() && head[caps] == ':' && head[caps + 1] == ' ' &&
      IsUpper(head[caps + 2]) && head[caps - 1] != ' ') {
    return start + caps + 2;
  }
  // The separating dash: " - ", " -- ", " — ", " – " (the first on the line).
  size_t dash = std::string_view::npos, dash_len = 0;
  for (std::string_view d : {" - ", " -- ", " \xE2\x80\x94 ", " \xE2\x80\x93 "}) {
    const size_t at = head.find(d);
    if (at != std::string_view::npos && at < dash) {
      dash = at;
      dash_len = d.size();
    }
  }
  if (dash == std::string_view::npos || dash == 0) return 0;
  const std::string_view before = head.substr(0, dash);
  if (before.find('\n') != std::string_view::npos) return 0;
  // No sentence inside: a dateline has no verb-like lowercase run of words; allow only a
  // few lowercase words (month abbreviations are capitalised, agencies are in brackets).
  int lowercase_words = 0;
  bool word_start = true, in_brackets = false;
  for (char c : before) {
    if (c == '(' || c == '/') in_brackets = !in_brackets || c == '(';
    if (c == ')') in_brackets = false;
    if (word_start && !in_brackets && IsLower(c)) ++lowercase_words;
    word_start = c == ' ';
  }
  if (lowercase_words > 1) return 0;
  // An all-capitals place name first ("MOSCOW", "NEW YORK", "RIO DE JANEIRO"), or a date
  // that FindDateline accepts.
  const size_t caps = CapitalsRun(before);
  const bool place =
      caps >= 3 && (caps == before.size() || before[caps] == ',' || before[caps] == '(');
  if (!place && !FindDateline(before, 20000101).has_value()) return 0;
  size_t end = start + dash + dash_len;
  while (end < text.size() && text[end] == ' ') ++end;
  return end;
}

int DatelineEnd(std::span<const TokenSpan> tokens, std::string_view text) {
  auto form = [&](size_t t) {
    return text.substr(tokens[t].begin, tokens[t].end - tokens[t].begin);
  };
  auto capitals = [](std::string_view f) {  // letters of "GAZA", "U.S.", "AL-ARISH"; else -1
    int letters = 0;
    for (char c : f) {
      if (!IsCapitalsChar(c)) return -1;
      letters += IsUpper(c);
    }
    return letters;
  };
  auto dash = [](std::string_view f) {
    return f == "-" || f == "--" || f == "---" || f == kEmDash || f == kEnDash;
  };
  const size_t n = std::min(tokens.size(), kDatelineMaxTokens);
  size_t t = 0;
  int letters = 0;
  for (int c; t < n && (c = capitals(form(t))) > 0; ++t) letters += c;
  if (t == 0 || letters < 4) return -1;
  bool qualified = false;  // a region or an agency follows the place
  if (t + 1 < n && form(t) == ",") {
    size_t r = t + 1;
    while (r < n && (IsUpper(form(r)[0]) || form(r) == ".")) ++r;
    if (r == t + 1) return -1;
    t = r;
    qualified = true;
  }
  if (t < n && form(t) == "(") {
    size_t r = t + 1;
    while (r < n && IsUpper(form(r)[0])) ++r;
    if (r == t + 1 || r >= n || form(r) != ")") return -1;
    t = r + 1;
    qualified = true;
  }
  int end = -1;
  bool spaced_dash = false;
  for (; t < n; ++t) {
    const std::string_view f = form(t);
    if (f == ":") {
      end = static_cast<int>(t);
    } else if (dash(f) && tokens[t - 1].space_after) {
      end = static_cast<int>(t);
      spaced_dash = true;
    } else {
      break;
    }
  }
  if (end < 0 || static_cast<size_t>(end) + 1 >= tokens.size()) return -1;
  if (!IsUpper(form(end + 1)[0])) return -1;
  return spaced_dash || qualified ? end : -1;
}

}  // namespace dyad::text
