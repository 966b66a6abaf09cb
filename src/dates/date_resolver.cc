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
#include "dates/date_resolver.h"

#include "base/date.h"
#include "base/utf8.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace dyad::dates {

using date::AddDays;
using date::CivilFromDays;
using date::DaysFromCivil;
using date::DaysInMonth;
using date::FromDays;
using date::IsDigit;
using date::IsValidDate;
using date::Join;
using date::ReadDay;
using date::ReadDigits;
using date::ReadNumericDate;
using date::ReadYear;
using date::Split;
using date::Valid;
using date::Weekday;
using date::Ymd;
using date::YearForDayMonth;

namespace {

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

std::string_view BaseRel(std::string_view deprel) {
  const size_t colon = deprel.find(':');
  return colon == std::string_view::npos ? deprel : deprel.substr(0, colon);
}

bool IsClauseRel(std::string_view base) {
  return base == "root" || base == "ccomp" || base == "xcomp" || base == "advcl" || base == "acl" ||
         base == "csubj" || base == "parataxis";
}

bool IsFutureAux(std::string_view form) {
  return EqualsLowerAscii(form, "will") || EqualsLowerAscii(form, "shall") || EqualsLowerAscii(form, "'ll") ||
         EqualsLowerAscii(form, "wo") || EqualsLowerAscii(form, "ll");
}

bool IsFuturePredicate(std::string_view form) {
  static constexpr std::string_view kWords[] = {"scheduled", "planned",  "due",  "slated",
                                                "expected",  "upcoming", "going"};
  for (std::string_view w : kWords) {
    if (EqualsLowerAscii(form, w)) return true;
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
    if (EqualsLowerAscii(form, w)) return true;
  }
  return false;
}

bool IsPerfectAux(std::string_view form) {
  return EqualsLowerAscii(form, "have") || EqualsLowerAscii(form, "has") || EqualsLowerAscii(form, "had") ||
         EqualsLowerAscii(form, "'ve");
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
    if (w.head == pred + 1 && BaseRel(w.deprel) == "mark" && EqualsLowerAscii(w.form, "to") &&
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

// Scan's reading of one sentence: the word classes and forms by index (empty past the
// end), the shared sub-grammars (month, day and year, absolute date) and one reader per
// kind of expression start. Each reader fills a default Expression and returns true when
// it found one starting at word i.
struct DateResolver::Scanner {
  using Type = Expression::Type;

  const DateResolver& resolver;
  const Sentence& s;
  const uint32_t n = static_cast<uint32_t>(s.words.size());

  // Cheap rejection: no table word and no digit → nothing to find, nothing allocated.
  bool MayHoldDate() const;
  // The expression starting at word i, if any: the grammar of date_resolver.cc, tried in
  // order; the first rule whose opening word matches decides.
  bool ExpressionAt(uint32_t i, Expression* e) const;
  // Whether a found expression is kept: a period-bounding word before it ("since", "by",
  // "ahead of") drops it. A kept calendar expression takes a preceding "on"/"in"/"during"
  // into its text.
  bool Keep(Expression* e) const;

  Lex lex(uint32_t i) const { return i < n ? resolver.Lookup(s.words[i].form) : Lex{}; }
  std::string_view form(uint32_t i) const {
    return i < n ? std::string_view(s.words[i].form) : std::string_view();
  }
  int MonthAt(uint32_t i, uint32_t* end) const;
  uint32_t DayYearAfter(uint32_t end, int* day, int* year) const;
  bool AbsoluteAt(uint32_t i, Expression* e) const;
  // A temporal context word before i makes a bare month or year a date.
  bool ContextBefore(uint32_t i) const {
    if (i == 0) return false;
    const Lex l = lex(i - 1);
    return l.kind == kPrepKeep || l.kind == kOf || l.kind == kEarly || l.kind == kBlock;
  }
  // "Tuesday night": the part of day after the expression ending at `last` joins it.
  uint32_t PartOfDayAfter(uint32_t last) const {
    const uint8_t k = lex(last + 1).kind;
    return k == kPartOfDay || k == kNight ? last + 1 : last;
  }

  // The readers, by the kind of word the expression opens with.
  bool LastNextThisAt(uint32_t i, Lex l, Expression* e) const;
  bool TodayAt(uint32_t i, Lex l, Expression* e) const;
  bool WeekdayAt(uint32_t i, Lex l, Expression* e) const;
  bool EarlyAt(uint32_t i, Expression* e) const;
  bool PrefixedAt(uint32_t i, std::string_view f, Expression* e) const;
  bool BareMonthAt(uint32_t i, Expression* e) const;
  bool BareYearAt(uint32_t i, int year, Expression* e) const;
  bool AgoAt(uint32_t i, int count, Expression* e) const;
};

bool DateResolver::Scanner::MayHoldDate() const {
  for (const Word& w : s.words) {
    const Lex l = resolver.Lookup(w.form);
    if ((l.kind != kNone && l.kind != kPrepKeep && l.kind != kOf && l.kind != kBlock &&
         l.kind != kThe && l.kind != kCount) ||
        (!w.form.empty() && IsDigit(w.form[0])) || EqualsLowerAscii(w.form.substr(0, 4), "mid-") ||
        EqualsLowerAscii(w.form.substr(0, 5), "late-") || EqualsLowerAscii(w.form.substr(0, 6), "early-")) {
      return true;
    }
  }
  return false;
}

// Month at i (its value byte), accepting "Sept" "." as one; `*end` = its last word.
int DateResolver::Scanner::MonthAt(uint32_t i, uint32_t* end) const {
  const Lex l = lex(i);
  if (l.kind != kMonth) return 0;
  if ((l.value & kCommonWord) &&
      (s.words[i].upos == Upos::kAUX || s.words[i].upos == Upos::kVERB)) {
    return 0;
  }
  *end = i;
  if ((l.value & kAbbrev) && form(i + 1) == "." && form(i).back() != '.') *end = i + 1;
  return l.value;
}

// The month's day and year after the month word ending at `end`: "4", "4, 2019", "2019".
// Returns the last word consumed, or `end` when nothing follows.
uint32_t DateResolver::Scanner::DayYearAfter(uint32_t end, int* day, int* year) const {
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
}

// An absolute date starting at i ("September 4[, 2019]", "4 [of] September [2019]",
// ISO); fills e and returns true (e is untouched otherwise).
bool DateResolver::Scanner::AbsoluteAt(uint32_t i, Expression* e) const {
  uint32_t end = 0;
  if (const int mv = MonthAt(i, &end); mv != 0) {
    int day, year;
    const uint32_t last = DayYearAfter(end, &day, &year);
    if (day == 0) return false;
    *e = Expression{};
    e->type = Type::kDate, e->month = mv & 0x0f, e->day = day, e->year = year;
    e->first = i, e->last = last;
    return true;
  }
  if (const int day = ReadDay(form(i)); day > 0) {
    uint32_t j = i + 1;
    if (lex(j).kind == kOf) ++j;
    const int mv = MonthAt(j, &end);
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
    e->type = Type::kDate, e->month = mv & 0x0f, e->day = day, e->year = year;
    e->first = i, e->last = last;
    return true;
  }
  if (const int32_t date = ReadNumericDate(form(i)); date != 0) {
    *e = Expression{};
    e->type = Type::kDate;
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
    e->type = Type::kDate, e->year = y, e->month = m, e->day = d;
    e->first = i, e->last = i + 4;
    return true;
  }
  return false;
}

bool DateResolver::Scanner::ExpressionAt(uint32_t i, Expression* e) const {
  const Lex l = lex(i);
  const std::string_view f = form(i);
  if (l.kind == kLast || l.kind == kNext || l.kind == kThis) return LastNextThisAt(i, l, e);
  if (l.kind == kToday) return TodayAt(i, l, e);
  if (l.kind == kWeekday) return WeekdayAt(i, l, e);
  if (l.kind == kEarly && i + 1 < n) return EarlyAt(i, e);
  if ((f.size() > 4 && (EqualsLowerAscii(f.substr(0, 4), "mid-"))) ||
      (f.size() > 6 && EqualsLowerAscii(f.substr(0, 6), "early-")) ||
      (f.size() > 5 && EqualsLowerAscii(f.substr(0, 5), "late-"))) {
    return PrefixedAt(i, f, e);
  }
  if (AbsoluteAt(i, e)) return true;
  if (uint32_t end = 0; l.kind == kMonth && MonthAt(i, &end) != 0) return BareMonthAt(i, e);
  if (const int year = ReadYear(f); year > 0) return BareYearAt(i, year, e);
  if (const int count = l.kind == kCount ? l.value : ReadDigits(f, 2); count > 0) {
    return AgoAt(i, count, e);
  }
  return false;
}

// "last week", "earlier this month", "next Tuesday", "last July", "last night", "this
// morning".
bool DateResolver::Scanner::LastNextThisAt(uint32_t i, Lex l, Expression* e) const {
  const int rel = l.kind == kLast ? -1 : l.kind == kNext ? 1 : 0;
  const Lex x = lex(i + 1);
  uint32_t end = 0;
  if (x.kind == kUnit && x.value != kUnitDay && form(i + 1).back() != 's') {
    e->type = Type::kRelative, e->unit = static_cast<Unit>(x.value), e->rel = rel;
    e->first = i, e->last = i + 1;
    const Lex before = i > 0 ? lex(i - 1) : Lex{};
    if (rel == 0 && before.kind == kEarlier) e->first = i - 1;
    return true;
  }
  if (x.kind == kWeekday) {
    e->type = Type::kWeekday, e->day = x.value, e->rel = rel;
    e->explicit_rel = rel != 0;
    e->first = i, e->last = PartOfDayAfter(i + 1);
    return true;
  }
  if (const int mv = MonthAt(i + 1, &end); mv != 0 && !(mv & kAbbrev)) {
    e->type = Type::kMonth, e->month = mv & 0x0f, e->rel = rel;
    e->explicit_rel = rel != 0;
    e->first = i, e->last = end;
    return true;
  }
  if (rel == -1 && x.kind == kNight) {
    e->type = Type::kRelative, e->unit = kUnitDay, e->rel = -1;
    e->first = i, e->last = i + 1;
    return true;
  }
  if (rel == 0 && x.kind == kPartOfDay) {
    e->type = Type::kRelative, e->unit = kUnitDay, e->rel = 0;
    e->first = i, e->last = i + 1;
    return true;
  }
  return false;
}

// "yesterday", "earlier today", "tomorrow morning".
bool DateResolver::Scanner::TodayAt(uint32_t i, Lex l, Expression* e) const {
  e->type = Type::kRelative, e->unit = kUnitDay, e->rel = l.value - 1;
  e->first = i, e->last = PartOfDayAfter(i);
  if (i > 0 && lex(i - 1).kind == kEarlier) e->first = i - 1;
  return true;
}

// "Tuesday, September 4", "Tuesday night"; not the weekday of a name.
bool DateResolver::Scanner::WeekdayAt(uint32_t i, Lex l, Expression* e) const {
  uint32_t j = i + 1;
  if (form(j) == ",") ++j;
  if (Expression abs; AbsoluteAt(j, &abs)) {
    *e = abs, e->first = i, e->weekday = l.value;
    return true;
  }
  // "the Sunday Times", "Good Friday Agreement", "Bloody Sunday": names, not dates.
  const bool name_after = i + 1 < n && s.words[i + 1].upos == Upos::kPROPN &&
                          lex(i + 1).kind == kNone && i > 0 &&
                          (lex(i - 1).kind == kThe || s.words[i - 1].upos == Upos::kDET);
  const bool name_before =
      i > 0 && (EqualsLowerAscii(form(i - 1), "good") || EqualsLowerAscii(form(i - 1), "black") ||
                EqualsLowerAscii(form(i - 1), "bloody"));
  if (name_after || name_before) return false;
  e->type = Type::kWeekday, e->day = l.value;
  e->first = i, e->last = PartOfDayAfter(i);
  return true;
}

// "early July", "late 2015" (not "early July 4").
bool DateResolver::Scanner::EarlyAt(uint32_t i, Expression* e) const {
  uint32_t end = 0;
  const int year = ReadYear(form(i + 1));
  if (const int mv = MonthAt(i + 1, &end); mv != 0) {
    int day, y;
    const uint32_t last = DayYearAfter(end, &day, &y);
    if (day != 0) return false;
    e->type = Type::kMonth, e->month = mv & 0x0f, e->year = y;
    e->first = i, e->last = last;
    return true;
  }
  if (year <= 0) return false;
  e->type = Type::kYear, e->year = year;
  e->first = i, e->last = i + 1;
  return true;
}

// "mid-July", "mid-2015", "early-March" as one token.
bool DateResolver::Scanner::PrefixedAt(uint32_t i, std::string_view f, Expression* e) const {
  const std::string_view rest = f.substr(f.find('-') + 1);
  const Lex r = resolver.Lookup(rest);
  if (r.kind == kMonth) {
    int day, y;
    const uint32_t last = DayYearAfter(i, &day, &y);
    if (day != 0) return false;
    e->type = Type::kMonth, e->month = r.value & 0x0f, e->year = y;
    e->first = i, e->last = last;
    return true;
  }
  const int y = ReadYear(rest);
  if (y <= 0) return false;
  e->type = Type::kYear, e->year = y;
  e->first = e->last = i;
  return true;
}

// "July 2018", or "July" after a context word ("in July"; not an abbreviation).
bool DateResolver::Scanner::BareMonthAt(uint32_t i, Expression* e) const {
  uint32_t end = 0;
  const int mv = MonthAt(i, &end);
  int day, year;
  const uint32_t last = DayYearAfter(end, &day, &year);
  if (year > 0) {
    e->type = Type::kMonth, e->month = mv & 0x0f, e->year = year;
    e->first = i, e->last = last;
    return true;
  }
  if ((mv & kAbbrev) || !ContextBefore(i)) return false;
  e->type = Type::kMonth, e->month = mv & 0x0f;
  e->first = i, e->last = end;
  return true;
}

// "in 2015", "the year 2015" (not "on 2015").
bool DateResolver::Scanner::BareYearAt(uint32_t i, int year, Expression* e) const {
  const bool the_year = i >= 2 && EqualsLowerAscii(form(i - 1), "year") && lex(i - 2).kind == kThe;
  if (!the_year && !(ContextBefore(i) && !EqualsLowerAscii(form(i - 1), "on"))) return false;
  e->type = Type::kYear, e->year = year;
  e->first = the_year ? i - 2 : i, e->last = i;
  return true;
}

// "two days ago", "a year ago".
bool DateResolver::Scanner::AgoAt(uint32_t i, int count, Expression* e) const {
  const Lex u = lex(i + 1);
  if (u.kind != kUnit || lex(i + 2).kind != kAgo) return false;
  e->type = Type::kRelative, e->unit = static_cast<Unit>(u.value), e->rel = -count;
  e->first = i, e->last = i + 2;
  return true;
}

bool DateResolver::Scanner::Keep(Expression* e) const {
  // A preceding "on"/"in"/"during" joins the text of a calendar expression ("in July",
  // "on Tuesday"; not "in today's", "in two weeks ago"); a period-bounding word before
  // the expression drops it.
  if (e->first > 0 && lex(e->first - 1).kind == kPrepKeep && e->type != Type::kRelative) {
    --e->first;
  }
  if (e->first == 0) return true;
  const Lex b = lex(e->first - 1);
  const bool ahead_of =
      b.kind == kOf && e->first >= 2 && EqualsLowerAscii(form(e->first - 2), "ahead");
  return b.kind != kBlock && !ahead_of;
}

void DateResolver::Scan(const Sentence& s, std::vector<Expression>* out) const {
  const Scanner scanner{*this, s};
  if (!scanner.MayHoldDate()) return;
  for (uint32_t i = 0; i < scanner.n; ++i) {
    Expression e;
    if (!scanner.ExpressionAt(i, &e)) continue;
    if (scanner.Keep(&e)) out->push_back(e);
    i = e.last;  // a dropped expression's words start no other
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

}  // namespace dyad::dates
