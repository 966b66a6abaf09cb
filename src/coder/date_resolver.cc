// Date expressions in sentences and datelines (see date_resolver.h for the contract).
//
// Design. Finding a date is a surface matter and attaching it to an event is a tree
// matter, so the two are kept apart:
//  1. Scan: each word's lowercased form is looked up once in a small sorted table (months,
//     weekdays, "last"/"next"/"this", "today", units, "ago", prepositions, number words);
//     digits are read from the form. A left-to-right longest match over these classes
//     finds the expressions below; a match never depends on the parse, only on forms and
//     (for "may"/"march") on the UPOS tag, so a bad parse cannot lose a date.
//       weekday [,] absolute-date          "Tuesday, September 4"
//       month day [[,] year]               "Sept. 4", "September 4th, 2019"
//       day [of] month [[,] year]          "4 September 2019", "4th of July"
//       month [,] year                     "July 2018"
//       month                              only after in/during/of/early/late/mid/last/next/this
//       year                               only after in/during/of/early/late/mid or "the year"
//       YYYY-MM-DD (one token or five)     ISO dates; M/D/YYYY only when unambiguous
//       last|this|next week|month|year     relative; also "earlier this month"
//       last|this|next weekday|month       "last Tuesday", "next July"
//       weekday [morning...]               "Tuesday", "Tuesday night"
//       today|yesterday|tomorrow|tonight   also "this morning", "last night"
//       N days|weeks|months|years ago      N in digits, "a"/"an" or one..twelve
//     A preceding "on"/"in"/"during" joins the text of a calendar expression; one right
//     after a preposition that bounds a period ("since", "until", "by"...) is dropped.
//  2. Attach: an expression's governing predicate is found by walking up the heads from
//     the span word whose head lies outside the span until a VERB or a clause head (root,
//     ccomp, xcomp, advcl, acl, csubj, parataxis). This is what survives the common parse
//     errors around dates ("talks on Tuesday" as nmod of the noun, "Sept. 4" split into
//     compound + head): the date still ends up under the verb of its clause.
//  3. Resolve: against the document date; tense comes from the governing predicate
//     (auxiliary "will"/"shall", infinitive "to", "scheduled"/"due"...), never from the
//     event verb, so "said on Tuesday it would..." keeps the past reading of "Tuesday".
// Civil-date arithmetic uses Howard Hinnant's days_from_civil / civil_from_days.
#include "coder/date_resolver.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace dyad::coder {
namespace {

// ---------------------------------------------------------------------------------------
// Calendar arithmetic.

struct Ymd {
  int y = 0, m = 0, d = 0;
};

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool Valid(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

Ymd Split(int32_t yyyymmdd) { return {yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100}; }
int32_t Join(int y, int m, int d) { return y * 10000 + m * 100 + d; }

// Days since 1970-01-01 (Hinnant, "chrono-Compatible Low-Level Date Algorithms").
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

// 0 = Sunday ... 6 = Saturday.
int Weekday(int64_t days) {
  return static_cast<int>(days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6);
}

int32_t FromDays(int64_t days) {
  const Ymd c = CivilFromDays(days);
  return Join(c.y, c.m, c.d);
}

// The year for month `m` day `d` (no year given) nearest `ref`: the latest on or before
// it (`future` false) or the first on or after it; 0 when m/d is no date in any year.
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

// ---------------------------------------------------------------------------------------
// Word table.

enum Kind : uint8_t {
  kNone = 0,
  kMonth,    // value: month | kAbbrev | kCommonWord
  kWeekday,  // value: 0 = Sunday
  kToday,    // value: day offset + 1 (yesterday 0, today 1, tomorrow 2)
  kLast,     // last, past, previous
  kNext,     // next, coming
  kThis,
  kEarlier,  // earlier, later
  kEarly,    // early, late, mid
  kUnit,     // value: kUnitDay..kUnitYear
  kAgo,
  kPrepKeep,  // on, in, during: joins the expression's text
  kOf,
  kBlock,      // bounds a period: the date that follows is not the event's
  kCount,      // value: the number (a, an, one ... twelve)
  kPartOfDay,  // morning, afternoon, evening, night
  kThe,
  kNight,  // "night" (also a part of day): "last night"
};
constexpr uint8_t kAbbrev = 0x10;      // needs a day or a year after it
constexpr uint8_t kCommonWord = 0x20;  // "may", "march": not a month when tagged AUX/VERB
enum Unit : uint8_t { kUnitDay = 1, kUnitWeek, kUnitMonth, kUnitYear };

struct Entry {
  const char* word;
  uint8_t kind;
  uint8_t value;
};

constexpr Entry kEntries[] = {
    {"january", kMonth, 1},
    {"february", kMonth, 2},
    {"march", kMonth, 3 | kCommonWord},
    {"april", kMonth, 4},
    {"may", kMonth, 5 | kCommonWord},
    {"june", kMonth, 6},
    {"july", kMonth, 7},
    {"august", kMonth, 8},
    {"september", kMonth, 9},
    {"october", kMonth, 10},
    {"november", kMonth, 11},
    {"december", kMonth, 12},
    {"jan", kMonth, 1 | kAbbrev},
    {"jan.", kMonth, 1 | kAbbrev},
    {"feb", kMonth, 2 | kAbbrev},
    {"feb.", kMonth, 2 | kAbbrev},
    {"mar", kMonth, 3 | kAbbrev},
    {"mar.", kMonth, 3 | kAbbrev},
    {"apr", kMonth, 4 | kAbbrev},
    {"apr.", kMonth, 4 | kAbbrev},
    {"jun", kMonth, 6 | kAbbrev},
    {"jun.", kMonth, 6 | kAbbrev},
    {"jul", kMonth, 7 | kAbbrev},
    {"jul.", kMonth, 7 | kAbbrev},
    {"aug", kMonth, 8 | kAbbrev},
    {"aug.", kMonth, 8 | kAbbrev},
    {"sep", kMonth, 9 | kAbbrev},
    {"sep.", kMonth, 9 | kAbbrev},
    {"sept", kMonth, 9 | kAbbrev},
    {"sept.", kMonth, 9 | kAbbrev},
    {"oct", kMonth, 10 | kAbbrev},
    {"oct.", kMonth, 10 | kAbbrev},
    {"nov", kMonth, 11 | kAbbrev},
    {"nov.", kMonth, 11 | kAbbrev},
    {"dec", kMonth, 12 | kAbbrev},
    {"dec.", kMonth, 12 | kAbbrev},
    {"sunday", kWeekday, 0},
    {"monday", kWeekday, 1},
    {"tuesday", kWeekday, 2},
    {"wednesday", kWeekday, 3},
    {"thursday", kWeekday, 4},
    {"friday", kWeekday, 5},
    {"saturday", kWeekday, 6},
    {"yesterday", kToday, 0},
    {"today", kToday, 1},
    {"tonight", kToday, 1},
    {"tomorrow", kToday, 2},
    {"last", kLast, 0},
    {"past", kLast, 0},
    {"previous", kLast, 0},
    {"next", kNext, 0},
    {"coming", kNext, 0},
    {"this", kThis, 0},
    {"earlier", kEarlier, 0},
    {"later", kEarlier, 0},
    {"early", kEarly, 0},
    {"late", kEarly, 0},
    {"mid", kEarly, 0},
    {"day", kUnit, kUnitDay},
    {"days", kUnit, kUnitDay},
    {"week", kUnit, kUnitWeek},
    {"weeks", kUnit, kUnitWeek},
    {"month", kUnit, kUnitMonth},
    {"months", kUnit, kUnitMonth},
    {"year", kUnit, kUnitYear},
    {"years", kUnit, kUnitYear},
    {"ago", kAgo, 0},
    {"on", kPrepKeep, 0},
    {"in", kPrepKeep, 0},
    {"during", kPrepKeep, 0},
    {"of", kOf, 0},
    {"since", kBlock, 0},
    {"until", kBlock, 0},
    {"till", kBlock, 0},
    {"by", kBlock, 0},
    {"before", kBlock, 0},
    {"after", kBlock, 0},
    {"from", kBlock, 0},
    {"through", kBlock, 0},
    {"to", kBlock, 0},
    {"between", kBlock, 0},
    {"ahead", kBlock, 0},
    {"a", kCount, 1},
    {"an", kCount, 1},
    {"one", kCount, 1},
    {"two", kCount, 2},
    {"three", kCount, 3},
    {"four", kCount, 4},
    {"five", kCount, 5},
    {"six", kCount, 6},
    {"seven", kCount, 7},
    {"eight", kCount, 8},
    {"nine", kCount, 9},
    {"ten", kCount, 10},
    {"eleven", kCount, 11},
    {"twelve", kCount, 12},
    {"morning", kPartOfDay, 0},
    {"afternoon", kPartOfDay, 0},
    {"evening", kPartOfDay, 0},
    {"night", kNight, 0},
    {"the", kThe, 0},
};

// Lowercases ASCII `s` into `buf`; empty when too long to be a table word.
std::string_view Lower(std::string_view s, std::array<char, 24>* buf) {
  if (s.size() > buf->size()) return {};
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    (*buf)[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return std::string_view(buf->data(), s.size());
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// All digits, 1..n of them → the value; else -1.
int ReadDigits(std::string_view s, size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return -1;
  int v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// "4", "04", "4th", "1st", "22nd", "3rd" → 1..31; else -1.
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

// A four-digit year 1900..2100, else -1.
int ReadYear(std::string_view s) {
  if (s.size() != 4) return -1;
  const int v = ReadDigits(s, 4);
  return v >= 1900 && v <= 2100 ? v : -1;
}

// "2019-09-04" or "2019/09/04" as one string → date; "9/4/2019" or "14/3/2018" when the
// day and month cannot be confused; else 0.
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

std::string_view BaseRel(std::string_view deprel) {
  const size_t colon = deprel.find(':');
  return colon == std::string_view::npos ? deprel : deprel.substr(0, colon);
}

bool IsClauseRel(std::string_view base) {
  return base == "root" || base == "ccomp" || base == "xcomp" || base == "advcl" || base == "acl" ||
         base == "csubj" || base == "parataxis";
}

bool EqualsLower(std::string_view form, std::string_view lower) {
  if (form.size() != lower.size()) return false;
  for (size_t i = 0; i < form.size(); ++i) {
    char c = form[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

bool IsFutureAux(std::string_view form) {
  return EqualsLower(form, "will") || EqualsLower(form, "shall") || EqualsLower(form, "'ll") ||
         EqualsLower(form, "wo") || EqualsLower(form, "ll");
}

bool IsFuturePredicate(std::string_view form) {
  static constexpr std::string_view kWords[] = {"scheduled", "planned",  "due",  "slated",
                                                "expected",  "upcoming", "going"};
  for (std::string_view w : kWords) {
    if (EqualsLower(form, w)) return true;
  }
  return false;
}

bool HasTree(const Sentence& s) {
  for (const Word& w : s.words) {
    if (w.head < 0 || static_cast<size_t>(w.head) > s.words.size()) return false;
  }
  return !s.words.empty();
}

// A modal that, without a perfect "have" after it, points ahead: "may visit in May",
// "would host talks on Friday" (reported future), "could meet next week".
bool IsModal(std::string_view form) {
  static constexpr std::string_view kWords[] = {"may", "might", "would", "could", "should",
                                                "can", "ca",    "must",  "'d"};
  for (std::string_view w : kWords) {
    if (EqualsLower(form, w)) return true;
  }
  return false;
}

bool IsPerfectAux(std::string_view form) {
  return EqualsLower(form, "have") || EqualsLower(form, "has") || EqualsLower(form, "had") ||
         EqualsLower(form, "'ve");
}

// Whether the clause headed by word `pred` (0-based; -1 = unknown: the whole sentence)
// speaks of the future: "will"/"shall"/"'ll", a modal without a perfect ("may visit",
// not "may have visited"), an infinitive "to meet", or "scheduled"/"due"/"planned"...
bool IsFutureClause(const Sentence& s, int pred, bool tree) {
  const bool whole = !tree || pred < 0;
  bool modal = false, perfect = false;
  for (const Word& w : s.words) {
    if (whole) {
      if (w.upos != Upos::kAUX && w.upos != Upos::kNone) continue;
    } else if (w.head != pred + 1 || BaseRel(w.deprel) != "aux") {
      continue;
    }
    if (IsFutureAux(w.form)) return true;
    modal = modal || IsModal(w.form);
    perfect = perfect || IsPerfectAux(w.form);
  }
  if (modal && !perfect) return true;
  if (whole) return false;
  const Word& p = s.words[pred];
  if (IsFuturePredicate(p.form)) return true;
  for (const Word& w : s.words) {
    if (w.head == pred + 1 && BaseRel(w.deprel) == "mark" && EqualsLower(w.form, "to") &&
        p.upos == Upos::kVERB) {
      return true;
    }
  }
  // "is scheduled to meet", "are due to meet": the governing word of an xcomp.
  if (BaseRel(p.deprel) == "xcomp" && p.head >= 1) {
    if (IsFuturePredicate(s.words[p.head - 1].form)) return true;
  }
  return false;
}

// The governing predicate of the span [first, last] (0-based word index), or -1.
int GoverningPredicate(const Sentence& s, uint32_t first, uint32_t last, bool tree) {
  if (!tree) return -1;
  int h = -1;
  for (uint32_t i = first; i <= last; ++i) {
    const int head = s.words[i].head;
    if (head == 0 || head - 1 < static_cast<int>(first) || head - 1 > static_cast<int>(last)) {
      h = head;
      break;
    }
  }
  for (size_t steps = 0; h > 0 && steps <= s.words.size(); ++steps) {
    const Word& w = s.words[h - 1];
    if (w.upos == Upos::kVERB || IsClauseRel(BaseRel(w.deprel))) return h - 1;
    h = w.head;
  }
  return -1;
}

// Why a date governed by `pred` might describe something other than the event of
// `verb`, and so not stand in as the sentence's only date: `pred` lies in a clause
// modifying a noun ("the agreement signed in 2003"), or in a clause subordinate to the
// verb ("said the army had bombed towns last week", "agreed to meet on Friday"). Dates of
// the verb's governing clause or of a conjoined clause may stand in (kNone).
enum class Foreign : uint8_t { kNone, kNounClause, kSubordinate };
Foreign ForeignDate(const Sentence& s, int pred, uint32_t verb) {
  bool subordinate = false;
  int x = pred;
  for (size_t steps = 0; x >= 0 && steps <= s.words.size(); ++steps) {
    if (static_cast<uint32_t>(x) == verb)
      return subordinate ? Foreign::kSubordinate : Foreign::kNone;
    const Word& w = s.words[x];
    const std::string_view base = BaseRel(w.deprel);
    if (base == "acl") return Foreign::kNounClause;
    if (base == "ccomp" || base == "xcomp" || base == "advcl" || base == "csubj") {
      subordinate = true;
    }
    x = w.head - 1;
  }
  return Foreign::kNone;
}

std::string SpanText(const Sentence& s, uint32_t first, uint32_t last) {
  std::string text;
  for (uint32_t i = first; i <= last; ++i) {
    const Word& w = s.words[i];
    if (i > first) {
      const Word& prev = s.words[i - 1];
      bool space;
      if (prev.token < s.tokens.size() && w.token < s.tokens.size()) {
        space = prev.token != w.token && s.tokens[prev.token].space_after;
      } else {
        space = !(w.form == "," || w.form == "." || w.form == "'s");
      }
      if (space) text += ' ';
    }
    text += w.form;
  }
  return text;
}

}  // namespace

// ---------------------------------------------------------------------------------------

std::string_view PrecisionName(DateMention::Precision precision) {
  switch (precision) {
    case DateMention::Precision::kDay:
      return "day";
    case DateMention::Precision::kMonth:
      return "month";
    case DateMention::Precision::kYear:
      return "year";
    case DateMention::Precision::kWeek:
      return "week";
  }
  return "day";
}

bool IsValidDate(int32_t yyyymmdd) {
  if (yyyymmdd <= 0) return false;
  const Ymd c = Split(yyyymmdd);
  return Valid(c.y, c.m, c.d);
}

int32_t AddDays(int32_t yyyymmdd, int32_t days) {
  const Ymd c = Split(yyyymmdd);
  return FromDays(DaysFromCivil(c.y, c.m, c.d) + days);
}

// An expression found by Scan, not yet resolved.
struct DateResolver::Expression {
  enum class Type : uint8_t { kDate, kMonth, kYear, kWeekday, kRelative };
  Type type = Type::kDate;
  int year = 0, month = 0, day = 0;  // kDate/kMonth/kYear (year 0 = not given); kWeekday: day
  int weekday = -1;                  // kDate: the weekday said with it ("Friday, Sept. 13")
  int rel = 0;                       // -1 last, +1 next, 0 this / bare
  bool explicit_rel = false;         // "last"/"next" was said
  Unit unit = kUnitDay;              // kRelative: offset `rel` in this unit
  uint32_t first = 0, last = 0;
};

DateResolver::DateResolver() {
  table_.reserve(std::size(kEntries));
  for (const Entry& e : kEntries) table_.push_back({e.word, Lex{e.kind, e.value}});
  std::sort(table_.begin(), table_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
}

DateResolver::Lex DateResolver::Lookup(std::string_view form) const {
  std::array<char, 24> buf;
  const std::string_view lower = Lower(form, &buf);
  if (lower.empty()) return {};
  auto it = std::lower_bound(table_.begin(), table_.end(), lower,
                             [](const auto& e, std::string_view w) { return e.first < w; });
  if (it == table_.end() || it->first != lower) return {};
  return it->second;
}

void DateResolver::Scan(const Sentence& s, std::vector<Expression>* out) const {
  const uint32_t n = static_cast<uint32_t>(s.words.size());
  // Cheap rejection: no table word and no digit → nothing to find, nothing allocated.
  bool any = false;
  for (const Word& w : s.words) {
    const Lex l = Lookup(w.form);
    if ((l.kind != kNone && l.kind != kPrepKeep && l.kind != kOf && l.kind != kBlock &&
         l.kind != kThe && l.kind != kCount) ||
        (!w.form.empty() && IsDigit(w.form[0])) || EqualsLower(w.form.substr(0, 4), "mid-") ||
        EqualsLower(w.form.substr(0, 5), "late-") || EqualsLower(w.form.substr(0, 6), "early-")) {
      any = true;
      break;
    }
  }
  if (!any) return;

  auto lex = [&](uint32_t i) -> Lex { return i < n ? Lookup(s.words[i].form) : Lex{}; };
  auto form = [&](uint32_t i) -> std::string_view {
    return i < n ? std::string_view(s.words[i].form) : std::string_view();
  };
  // Month at i (its value byte), accepting "Sept" "." as one; `*end` = its last word.
  auto month_at = [&](uint32_t i, uint32_t* end) -> int {
    const Lex l = lex(i);
    if (l.kind != kMonth) return 0;
    if ((l.value & kCommonWord) &&
        (s.words[i].upos == Upos::kAUX || s.words[i].upos == Upos::kVERB)) {
      return 0;
    }
    *end = i;
    if ((l.value & kAbbrev) && form(i + 1) == "." && form(i).back() != '.') *end = i + 1;
    return l.value;
  };
  // The month's day and year after the month word ending at `end`: "4", "4, 2019", "2019".
  // Returns the last word consumed, or `end` when nothing follows.
  auto day_year_after = [&](uint32_t end, int* day, int* year) -> uint32_t {
    *day = 0, *year = 0;
    uint32_t last = end;
    if (end + 1 < n && (*day = ReadDay(form(end + 1))) > 0) {
      last = end + 1;
    } else {
      *day = 0;
    }
    if (last + 1 < n && (*year = ReadYear(form(last + 1))) > 0) {
      return last + 1;
    }
    if (form(last + 1) == "," && (*year = ReadYear(form(last + 2))) > 0) return last + 2;
    *year = 0;
    return last;
  };
  // An absolute date starting at i ("September 4[, 2019]", "4 [of] September [2019]",
  // ISO); fills e and returns true.
  auto absolute_at = [&](uint32_t i, Expression* e) -> bool {
    uint32_t end = 0;
    if (const int mv = month_at(i, &end); mv != 0) {
      int day, year;
      const uint32_t last = day_year_after(end, &day, &year);
      if (day == 0) return false;
      *e = Expression{};
      e->type = Expression::Type::kDate, e->month = mv & 0x0f, e->day = day, e->year = year;
      e->first = i, e->last = last;
      return true;
    }
    if (const int day = ReadDay(form(i)); day > 0) {
      uint32_t j = i + 1;
      if (lex(j).kind == kOf) ++j;
      const int mv = month_at(j, &end);
      if (mv == 0) return false;
      int year = 0;
      uint32_t last = end;
      if ((year = ReadYear(form(end + 1))) > 0) {
        last = end + 1;
      } else if (form(end + 1) == "," && (year = ReadYear(form(end + 2))) > 0) {
        last = end + 2;
      } else {
        year = 0;
      }
      *e = Expression{};
      e->type = Expression::Type::kDate, e->month = mv & 0x0f, e->day = day, e->year = year;
      e->first = i, e->last = last;
      return true;
    }
    if (const int32_t date = ReadNumericDate(form(i)); date != 0) {
      *e = Expression{};
      e->type = Expression::Type::kDate;
      e->year = date / 10000, e->month = date / 100 % 100, e->day = date % 100;
      e->first = e->last = i;
      return true;
    }
    // "2019 - 09 - 04" as five words.
    if (const int y = ReadYear(form(i)); y > 0 && i + 4 < n && form(i + 1) == "-" &&
                                         form(i + 3) == "-" && form(i + 2).size() == 2 &&
                                         form(i + 4).size() == 2) {
      const int m = ReadDigits(form(i + 2), 2), d = ReadDigits(form(i + 4), 2);
      if (!Valid(y, m, d)) return false;
      *e = Expression{};
      e->type = Expression::Type::kDate, e->year = y, e->month = m, e->day = d;
      e->first = i, e->last = i + 4;
      return true;
    }
    return false;
  };
  // A temporal context word before i makes a bare month or year a date.
  auto context_before = [&](uint32_t i) -> bool {
    if (i == 0) return false;
    const Lex l = lex(i - 1);
    return l.kind == kPrepKeep || l.kind == kOf || l.kind == kEarly || l.kind == kBlock;
  };
  auto part_of_day_after = [&](uint32_t last) -> uint32_t {
    const uint8_t k = lex(last + 1).kind;
    return k == kPartOfDay || k == kNight ? last + 1 : last;
  };

  for (uint32_t i = 0; i < n; ++i) {
    const Lex l = lex(i);
    Expression e;
    bool found = false;
    const std::string_view f = form(i);
    if (l.kind == kLast || l.kind == kNext || l.kind == kThis) {
      const int rel = l.kind == kLast ? -1 : l.kind == kNext ? 1 : 0;
      const Lex x = lex(i + 1);
      uint32_t end = 0;
      if (x.kind == kUnit && x.value != kUnitDay && form(i + 1).back() != 's') {
        e.type = Expression::Type::kRelative, e.unit = static_cast<Unit>(x.value), e.rel = rel;
        e.first = i, e.last = i + 1, found = true;
        const Lex before = i > 0 ? lex(i - 1) : Lex{};
        if (rel == 0 && before.kind == kEarlier) e.first = i - 1;
      } else if (x.kind == kWeekday) {
        e.type = Expression::Type::kWeekday, e.day = x.value, e.rel = rel;
        e.explicit_rel = rel != 0;
        e.first = i, e.last = part_of_day_after(i + 1), found = true;
      } else if (const int mv = month_at(i + 1, &end); mv != 0 && !(mv & kAbbrev)) {
        e.type = Expression::Type::kMonth, e.month = mv & 0x0f, e.rel = rel;
        e.explicit_rel = rel != 0;
        e.first = i, e.last = end, found = true;
      } else if (rel == -1 && x.kind == kNight) {
        e.type = Expression::Type::kRelative, e.unit = kUnitDay, e.rel = -1;
        e.first = i, e.last = i + 1, found = true;
      } else if (rel == 0 && x.kind == kPartOfDay) {
        e.type = Expression::Type::kRelative, e.unit = kUnitDay, e.rel = 0;
        e.first = i, e.last = i + 1, found = true;
      }
    } else if (l.kind == kToday) {
      e.type = Expression::Type::kRelative, e.unit = kUnitDay, e.rel = l.value - 1;
      e.first = i, e.last = part_of_day_after(i), found = true;
      if (i > 0 && lex(i - 1).kind == kEarlier) e.first = i - 1;
    } else if (l.kind == kWeekday) {
      uint32_t j = i + 1;
      if (form(j) == ",") ++j;
      Expression abs;
      if (absolute_at(j, &abs)) {
        e = abs, e.first = i, e.weekday = l.value, found = true;
      } else {
        // "the Sunday Times", "Good Friday Agreement", "Bloody Sunday": names, not dates.
        const bool name_after = i + 1 < n && s.words[i + 1].upos == Upos::kPROPN &&
                                lex(i + 1).kind == kNone && i > 0 &&
                                (lex(i - 1).kind == kThe || s.words[i - 1].upos == Upos::kDET);
        const bool name_before =
            i > 0 && (EqualsLower(form(i - 1), "good") || EqualsLower(form(i - 1), "black") ||
                      EqualsLower(form(i - 1), "bloody"));
        if (!name_after && !name_before) {
          e.type = Expression::Type::kWeekday, e.day = l.value;
          e.first = i, e.last = part_of_day_after(i), found = true;
        }
      }
    } else if (l.kind == kEarly && i + 1 < n) {
      uint32_t end = 0;
      int year = ReadYear(form(i + 1));
      if (const int mv = month_at(i + 1, &end); mv != 0) {
        int day, y;
        const uint32_t last = day_year_after(end, &day, &y);
        if (day == 0) {
          e.type = Expression::Type::kMonth, e.month = mv & 0x0f, e.year = y;
          e.first = i, e.last = last, found = true;
        }
      } else if (year > 0) {
        e.type = Expression::Type::kYear, e.year = year;
        e.first = i, e.last = i + 1, found = true;
      }
    } else if ((f.size() > 4 && (EqualsLower(f.substr(0, 4), "mid-"))) ||
               (f.size() > 6 && EqualsLower(f.substr(0, 6), "early-")) ||
               (f.size() > 5 && EqualsLower(f.substr(0, 5), "late-"))) {
      // "mid-July", "mid-2015" as one token.
      const std::string_view rest = f.substr(f.find('-') + 1);
      const Lex r = Lookup(rest);
      if (r.kind == kMonth) {
        int day, y;
        const uint32_t last = day_year_after(i, &day, &y);
        if (day == 0) {
          e.type = Expression::Type::kMonth, e.month = r.value & 0x0f, e.year = y;
          e.first = i, e.last = last, found = true;
        }
      } else if (const int y = ReadYear(rest); y > 0) {
        e.type = Expression::Type::kYear, e.year = y;
        e.first = e.last = i, found = true;
      }
    } else if (absolute_at(i, &e)) {
      found = true;
    } else if (uint32_t end = 0; l.kind == kMonth && month_at(i, &end) != 0) {
      const int mv = month_at(i, &end);
      int day, year;
      const uint32_t last = day_year_after(end, &day, &year);
      if (year > 0) {
        e.type = Expression::Type::kMonth, e.month = mv & 0x0f, e.year = year;
        e.first = i, e.last = last, found = true;
      } else if (!(mv & kAbbrev) && context_before(i)) {
        e.type = Expression::Type::kMonth, e.month = mv & 0x0f;
        e.first = i, e.last = end, found = true;
      }
    } else if (const int year = ReadYear(f); year > 0) {
      const bool the_year = i >= 2 && EqualsLower(form(i - 1), "year") && lex(i - 2).kind == kThe;
      if (the_year || (context_before(i) && !EqualsLower(form(i - 1), "on"))) {
        e.type = Expression::Type::kYear, e.year = year;
        e.first = the_year ? i - 2 : i, e.last = i, found = true;
      }
    } else if (int count = l.kind == kCount ? l.value : ReadDigits(f, 2); count > 0) {
      // "two days ago", "a year ago".
      const Lex u = lex(i + 1);
      if (u.kind == kUnit && lex(i + 2).kind == kAgo) {
        e.type = Expression::Type::kRelative, e.unit = static_cast<Unit>(u.value), e.rel = -count;
        e.first = i, e.last = i + 2, found = true;
      }
    }
    if (!found) continue;
    // A preceding "on"/"in"/"during" joins the text of a calendar expression ("in July",
    // "on Tuesday"; not "in today's", "in two weeks ago"); a period-bounding word before
    // the expression drops it.
    if (e.first > 0 && lex(e.first - 1).kind == kPrepKeep &&
        e.type != Expression::Type::kRelative) {
      --e.first;
    }
    if (e.first > 0) {
      const Lex b = lex(e.first - 1);
      const bool ahead_of =
          b.kind == kOf && e.first >= 2 && EqualsLower(form(e.first - 2), "ahead");
      if (b.kind == kBlock || ahead_of) {
        i = e.last;
        continue;
      }
    }
    out->push_back(e);
    i = e.last;
  }
}

namespace {

// Resolves `e` against `doc` (valid or 0); false when it cannot be.
bool Resolve(int type, int year, int month, int day, int weekday, int rel, bool explicit_rel,
             int unit, int32_t doc_date, bool future, DateMention* m) {
  using P = DateMention::Precision;
  const bool have_doc = IsValidDate(doc_date);
  const Ymd ref = have_doc ? Split(doc_date) : Ymd{};
  switch (type) {
    case 0: {  // kDate
      if (year == 0) {
        if (!have_doc) return false;
        year = YearForDayMonth(month, day, ref, future);
        // "Friday, Sept. 13": when the weekday said with the date fits the other reading
        // (past vs future) and not the tense's, the weekday wins.
        const int other = YearForDayMonth(month, day, ref, !future);
        if (weekday >= 0 && year != 0 && other != 0 &&
            Weekday(DaysFromCivil(year, month, day)) != weekday &&
            Weekday(DaysFromCivil(other, month, day)) == weekday) {
          year = other;
        }
      }
      if (!Valid(year, month, day)) return false;
      m->date = Join(year, month, day), m->precision = P::kDay;
      return true;
    }
    case 1: {  // kMonth
      if (year == 0) {
        if (!have_doc) return false;
        if (explicit_rel) {
          year =
              rel < 0 ? (month < ref.m ? ref.y : ref.y - 1) : (month > ref.m ? ref.y : ref.y + 1);
        } else if (future) {
          year = month >= ref.m ? ref.y : ref.y + 1;
        } else {
          year = month <= ref.m ? ref.y : ref.y - 1;
        }
      }
      if (!Valid(year, month, 1)) return false;
      m->date = Join(year, month, 1), m->precision = P::kMonth;
      return true;
    }
    case 2:  // kYear
      if (!Valid(year, 1, 1)) return false;
      m->date = Join(year, 1, 1), m->precision = P::kYear;
      return true;
    case 3: {  // kWeekday
      if (!have_doc) return false;
      const int64_t days = DaysFromCivil(ref.y, ref.m, ref.d);
      const int wd = Weekday(days);
      const int back = (wd - day + 7) % 7, fwd = (day - wd + 7) % 7;
      int64_t target;
      if (explicit_rel && rel < 0) {
        target = days - (back == 0 ? 7 : back);
      } else if (explicit_rel && rel > 0) {
        target = days + (fwd == 0 ? 7 : fwd);
      } else {
        target = future ? days + fwd : days - back;
      }
      m->date = FromDays(target), m->precision = P::kDay;
      return true;
    }
    default: {  // kRelative
      if (!have_doc) return false;
      const int64_t days = DaysFromCivil(ref.y, ref.m, ref.d);
      switch (unit) {
        case kUnitDay:
          m->date = FromDays(days + rel), m->precision = P::kDay;
          return true;
        case kUnitWeek: {
          const int64_t monday = days - (Weekday(days) + 6) % 7;
          m->date = FromDays(monday + 7 * static_cast<int64_t>(rel)), m->precision = P::kWeek;
          return true;
        }
        case kUnitMonth: {
          const int total = ref.y * 12 + (ref.m - 1) + rel;
          if (!Valid(total / 12, total % 12 + 1, 1)) return false;
          m->date = Join(total / 12, total % 12 + 1, 1), m->precision = P::kMonth;
          return true;
        }
        default:
          if (!Valid(ref.y + rel, 1, 1)) return false;
          m->date = Join(ref.y + rel, 1, 1), m->precision = P::kYear;
          return true;
      }
    }
  }
}

}  // namespace

void DateResolver::FindAll(const Sentence& s, int32_t doc_date,
                           std::vector<DateMention>* out) const {
  std::vector<Expression> found;
  Scan(s, &found);
  const bool tree = HasTree(s);
  for (const Expression& e : found) {
    const int pred = GoverningPredicate(s, e.first, e.last, tree);
    DateMention m;
    if (!Resolve(static_cast<int>(e.type), e.year, e.month, e.day, e.weekday, e.rel, e.explicit_rel,
                 e.unit, doc_date, IsFutureClause(s, pred, tree), &m)) {
      continue;
    }
    m.text = SpanText(s, e.first, e.last);
    m.first_word = e.first, m.last_word = e.last;
    out->push_back(std::move(m));
  }
}

std::optional<DateMention> DateResolver::EventDate(const Sentence& s, uint32_t verb_word,
                                                   int32_t doc_date) const {
  std::vector<Expression> found;
  Scan(s, &found);
  if (found.empty()) return std::nullopt;
  const bool tree = HasTree(s);
  const Expression* chosen = nullptr;
  int chosen_pred = -1;
  for (const Expression& e : found) {
    const int pred = GoverningPredicate(s, e.first, e.last, tree);
    if (pred >= 0 && static_cast<uint32_t>(pred) == verb_word) {
      chosen = &e, chosen_pred = pred;
      break;
    }
  }
  if (chosen == nullptr) {
    if (found.size() != 1) return std::nullopt;
    chosen = &found[0];
    chosen_pred = GoverningPredicate(s, chosen->first, chosen->last, tree);
    // A noun clause's date is refused when it is absolute, a month or a year (background:
    // "the agreement signed in 2003") but kept when it is a weekday or a day relative to
    // the document: the parser often misreads a reporting clause as a noun clause ("...,
    // the minister announced on Monday"), and a near date errs by days at worst.
    const Foreign why = tree ? ForeignDate(s, chosen_pred, verb_word) : Foreign::kNone;
    const bool near = chosen->type == Expression::Type::kWeekday ||
                      (chosen->type == Expression::Type::kRelative && chosen->unit == kUnitDay);
    if (why == Foreign::kSubordinate || (why == Foreign::kNounClause && !near)) {
      return std::nullopt;
    }
  }
  DateMention m;
  if (!Resolve(static_cast<int>(chosen->type), chosen->year, chosen->month, chosen->day,
               chosen->weekday, chosen->rel, chosen->explicit_rel, chosen->unit, doc_date,
               IsFutureClause(s, chosen_pred, tree), &m)) {
    return std::nullopt;
  }
  m.text = SpanText(s, chosen->first, chosen->last);
  m.first_word = chosen->first, m.last_word = chosen->last;
  return m;
}

// ---------------------------------------------------------------------------------------
// Datelines.

namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || IsUpper(c); }

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
    if (EqualsLower(w, name)) return m + 1;
    if (w.size() == 3 && EqualsLower(w, name.substr(0, 3))) return m + 1;
    if (m == 8 && EqualsLower(w, "sept")) return 9;
  }
  return 0;
}

bool IsWeekdayWord(std::string_view w) {
  static constexpr std::string_view kNames[] = {"sunday",   "monday", "tuesday", "wednesday",
                                                "thursday", "friday", "saturday"};
  for (std::string_view name : kNames) {
    if (EqualsLower(w, name) || (w.size() == 3 && EqualsLower(w, name.substr(0, 3)))) return true;
  }
  return EqualsLower(w, "tues") || EqualsLower(w, "thurs");
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
    const std::string_view rest = c.line.substr(c.pos);
    return rest.starts_with("-") || rest.starts_with("\xE2\x80\x94") ||
           rest.starts_with("\xE2\x80\x93");
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
    } else if (!(ch == ' ' || ch == '.' || ch == '-' || ch == '\'' || ch == '&')) {
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

std::optional<DateMention> DatelineAt(std::string_view line, int32_t reference_date) {
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
  DateMention mention;
  mention.date = Join(y, m, d);
  mention.precision = DateMention::Precision::kDay;
  std::string_view text = line.substr(start, attempt.pos - start);
  while (!text.empty() && (text.back() == ' ' || text.back() == ',')) text.remove_suffix(1);
  mention.text = std::string(text);
  return mention;
}

}  // namespace

std::optional<DateMention> FindDateline(std::string_view text, int32_t reference_date) {
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

}  // namespace dyad::coder
