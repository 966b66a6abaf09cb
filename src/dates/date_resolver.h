// Event dates from sentences: "on September 4", "in July", "last year", "on Tuesday",
// "two days ago" resolved against the document date (datelines: text/dateline.h;
// calendar arithmetic: base/date.h).
//
// Compile once, use many: DateResolver's constructor builds its word tables; afterwards it
// is immutable and every method is const and safe to call from many threads at once.
// Nothing allocates per word: a sentence without a month, weekday, number or time word
// costs one table look-up per word and no allocation.
//
// Choices (see date_resolver.cc for the whole grammar):
//  - Numeric dates: ISO 2019-09-04 always; 9/4/2019 only when unambiguous (one of the
//    first two numbers is over 12, or both are equal); two-digit years never.
//  - A bare weekday, month or day-of-month without a year means the latest one on or
//    before the document date, or the first one on or after it when its clause speaks of
//    the future (aux "will"/"shall"/"'ll", a modal without a perfect — "may visit",
//    "would host", not "may have visited" —, an infinitive "to meet", "scheduled"/"due"/
//    "planned"/"expected"/"slated"); "last"/"next" mean strictly before/after. A weekday
//    said with a yearless date ("Friday, Sept. 13") picks the reading whose weekday fits.
//  - "last/this/next week", "earlier this week", "N weeks ago" have Precision::kWeek and
//    name the Monday of that week.
//  - Dates after "since", "until", "till", "by", "before", "after", "from", "through",
//    "to", "between" and "ahead of" bound a period rather than date an event: not taken.
//  - Times ("at 3 pm", "15:00") and counts ("4 soldiers", "2015 people") are not dates; a
//    four-digit number is a year only in 1900-2100 after "in", "during", "of", "early",
//    "late", "mid", after a month, or in "the year 2015".
#ifndef DYAD_DATES_DATE_RESOLVER_H_
#define DYAD_DATES_DATE_RESOLVER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dyad/document.h"

namespace dyad::dates {

struct DateMention {
  int32_t date = 0;  // YYYYMMDD; a month or a year is its first day, a week its Monday
  enum class Precision : uint8_t { kDay, kMonth, kYear, kWeek };
  Precision precision = Precision::kDay;
  std::string text;  // the words that gave it, as written ("last Tuesday", "on September 4, 2019")
  uint32_t first_word = 0,
           last_word = 0;  // 0-based word span in the sentence (unused for datelines)
};

// "day", "week", "month", "year".
std::string_view PrecisionName(DateMention::Precision precision);

class DateResolver {
 public:
  DateResolver();  // builds its tables once; afterwards immutable, const methods thread-safe

  // The date the sentence gives the event whose verb is word `verb_word` (0-based index
  // into s.words): a date expression whose governing predicate in the dependency tree
  // (the first VERB or clause head above it; heads are Word::head, 1-based, 0 = root) is
  // that verb — the first such, in word order — else the sentence's only date expression,
  // unless that one lies in a clause subordinate to the verb ("said the army had bombed
  // towns last week"), or is an absolute date, month or year in a clause modifying a noun
  // ("the agreement signed in 2003"; weekdays and "yesterday" are kept there, as parsers
  // often misread ", the minister announced on Monday" as such a clause).
  // nullopt when there is none, when several exist and none belongs to the verb, or when
  // the expression is relative and doc_date is 0 or not a valid date. Robust to missing
  // (-1) or out-of-range heads.
  std::optional<DateMention> EventDate(const Sentence& s, uint32_t verb_word,
                                       int32_t doc_date) const;

  // Appends every date expression of the sentence that can be resolved against doc_date,
  // in word order (tests, diagnostics). Relative expressions are skipped when doc_date is
  // 0 or invalid.
  void FindAll(const Sentence& s, int32_t doc_date, std::vector<DateMention>* out) const;

 private:
  // One table entry per known word (month, weekday, time word, number word...).
  struct Lex {
    uint8_t kind = 0;
    uint8_t value = 0;
  };
  struct Expression;
  struct Scanner;  // date_resolver.cc: Scan's reading of one sentence, rule by rule
  // Unresolved expressions of `s` in word order.
  void Scan(const Sentence& s, std::vector<Expression>* out) const;
  Lex Lookup(std::string_view form) const;

  std::vector<std::pair<std::string, Lex>> table_;  // sorted by word, lowercase
};

}  // namespace dyad::dates

#endif  // DYAD_DATES_DATE_RESOLVER_H_
