// Tests of the date resolver: a table of phrases with document dates and the expected date,
// precision and date_text (month and year boundaries, leap days, weekdays on the document's
// own weekday, future clauses, words that are not dates); attachment of dates to event
// verbs on trees copied from the parser's output; and a table of datelines. Sentences are
// built by hand so the tests do not depend on a parser model.
#include "dates/date_resolver.h"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace dyad::dates {
namespace {

using P = DateMention::Precision;

struct Built {
  Sentence s;
  uint32_t verb = 0;
};

// A sentence from "form[|UPOS[|head[|deprel]]] ..." (space-separated). A form ending in
// '*' is the verb (VERB, root); one ending in '+' has no space after it. Defaults: heads
// point to the verb (all -1 when there is none), UPOS is NUM for digits, PUNCT for
// punctuation, PROPN when capitalised, else NOUN; relations aux for AUX, mark for "to",
// else obl.
Built MakeSentence(std::string_view spec) {
  struct Item {
    std::string form, upos, deprel;
    int head = -2;
    bool verb = false, space = true;
  };
  std::vector<Item> items;
  size_t pos = 0;
  while (pos < spec.size()) {
    size_t end = spec.find(' ', pos);
    if (end == std::string_view::npos) end = spec.size();
    const std::string_view tok = spec.substr(pos, end - pos);
    pos = end + 1;
    if (tok.empty()) continue;
    std::vector<std::string> parts;
    size_t a = 0;
    while (true) {
      const size_t bar = tok.find('|', a);
      parts.emplace_back(
          tok.substr(a, bar == std::string_view::npos ? std::string_view::npos : bar - a));
      if (bar == std::string_view::npos) break;
      a = bar + 1;
    }
    Item it;
    it.form = parts[0];
    if (it.form.size() > 1 && it.form.back() == '+') it.space = false, it.form.pop_back();
    if (it.form.size() > 1 && it.form.back() == '*') it.verb = true, it.form.pop_back();
    if (parts.size() > 1) it.upos = parts[1];
    if (parts.size() > 2) it.head = std::stoi(parts[2]);
    if (parts.size() > 3) it.deprel = parts[3];
    items.push_back(it);
  }
  Built b;
  int verb = -1;
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].verb) verb = static_cast<int>(i);
  }
  b.verb = verb < 0 ? 0 : static_cast<uint32_t>(verb);
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    Word w;
    w.form = it.form;
    w.token = static_cast<uint32_t>(i);
    if (!it.upos.empty()) {
      w.upos = UposFromName(it.upos);
    } else if (it.verb) {
      w.upos = Upos::kVERB;
    } else if (it.form[0] >= '0' && it.form[0] <= '9') {
      w.upos = Upos::kNUM;
    } else if (it.form == "," || it.form == "." || it.form == "-") {
      w.upos = Upos::kPUNCT;
    } else if (it.form[0] >= 'A' && it.form[0] <= 'Z') {
      w.upos = Upos::kPROPN;
    } else {
      w.upos = Upos::kNOUN;
    }
    if (it.head != -2) {
      w.head = it.head;
    } else if (verb < 0) {
      w.head = -1;
    } else {
      w.head = it.verb ? 0 : verb + 1;
    }
    if (!it.deprel.empty()) {
      w.deprel = it.deprel;
    } else if (it.verb) {
      w.deprel = "root";
    } else if (w.upos == Upos::kAUX) {
      w.deprel = "aux";
    } else if (it.form == "to") {
      w.deprel = "mark";
    } else {
      w.deprel = "obl";
    }
    Token t;
    t.first_word = static_cast<uint32_t>(i);
    t.space_after = it.space;
    b.s.tokens.push_back(t);
    b.s.words.push_back(std::move(w));
  }
  return b;
}

struct Case {
  const char* sentence;
  int32_t doc_date;
  int32_t want;  // 0: no date expected
  P precision;
  const char* text;
};

// 2019-09-10 is a Tuesday.
constexpr int32_t kTue = 20190910;

const Case kCases[] = {
    // Absolute dates.
    {"They met* on September 4", kTue, 20190904, P::kDay, "on September 4"},
    {"They met* on Sept. 4", kTue, 20190904, P::kDay, "on Sept. 4"},
    {"They met* on Sept+ . 4", kTue, 20190904, P::kDay, "on Sept. 4"},
    {"They met* on 4 September", kTue, 20190904, P::kDay, "on 4 September"},
    {"They met* on September 4th", kTue, 20190904, P::kDay, "on September 4th"},
    {"They met* on September 4+ , 2018", kTue, 20180904, P::kDay, "on September 4, 2018"},
    {"They met* on 4 September 2018", kTue, 20180904, P::kDay, "on 4 September 2018"},
    {"They met* on the 4th of July+ , 2018", kTue, 20180704, P::kDay, "4th of July, 2018"},
    {"They met* on 2018-09-04", kTue, 20180904, P::kDay, "on 2018-09-04"},
    {"They met* on 2018+ -+ 09+ -+ 04", kTue, 20180904, P::kDay, "on 2018-09-04"},
    {"They met* on 9/14/2018", kTue, 20180914, P::kDay, "on 9/14/2018"},
    {"They met* on 14/9/2018", kTue, 20180914, P::kDay, "on 14/9/2018"},
    {"They met* on 4/4/2019", kTue, 20190404, P::kDay, "on 4/4/2019"},
    {"They met* on September 20", kTue, 20180920, P::kDay, "on September 20"},  // past: last year's
    {"They will|AUX meet* on September 20", kTue, 20190920, P::kDay, "on September 20"},
    {"They met* on Tuesday+ , September 3", kTue, 20190903, P::kDay, "on Tuesday, September 3"},
    // The weekday picks the year: September 13 was a Friday in 2019, not in 2018.
    {"The vote was|AUX held* on Friday+ , September 13", kTue, 20190913, P::kDay,
     "on Friday, September 13"},
    {"The vote was|AUX held* on Thursday+ , September 13", kTue, 20180913, P::kDay,
     "on Thursday, September 13"},
    {"They met* May 4", kTue, 20190504, P::kDay, "May 4"},
    {"Talks began* Jan. 6 in Geneva", kTue, 20190106, P::kDay, "Jan. 6"},
    // Leap days.
    {"They met* on February 29", 20200305, 20200229, P::kDay, "on February 29"},
    {"They met* on February 29", 20190305, 20160229, P::kDay, "on February 29"},
    {"They met* on Feb. 29", 20200301, 20200229, P::kDay, "on Feb. 29"},
    {"They met* on February 29+ , 2020", 0, 20200229, P::kDay, "on February 29, 2020"},
    // Months.
    {"They met* in July", kTue, 20190701, P::kMonth, "in July"},
    {"They met* in September", kTue, 20190901, P::kMonth, "in September"},
    {"They met* in October", kTue, 20181001, P::kMonth, "in October"},
    {"They will|AUX meet* in October", kTue, 20191001, P::kMonth, "in October"},
    {"They met* in July 2018", kTue, 20180701, P::kMonth, "in July 2018"},
    {"They met* in mid-July", kTue, 20190701, P::kMonth, "in mid-July"},
    {"They met* in early March", kTue, 20190301, P::kMonth, "in early March"},
    {"They met* last month", kTue, 20190801, P::kMonth, "last month"},
    {"They met* last month", 20190115, 20181201, P::kMonth, "last month"},
    {"They will|AUX meet* next month", kTue, 20191001, P::kMonth, "next month"},
    {"They will|AUX meet* next month", 20191215, 20200101, P::kMonth, "next month"},
    {"They met* earlier this month", kTue, 20190901, P::kMonth, "earlier this month"},
    {"They met* in December", 20200101, 20191201, P::kMonth, "in December"},
    {"They met* in December", 20191215, 20191201, P::kMonth, "in December"},
    {"They met* last December", 20191215, 20181201, P::kMonth, "last December"},
    {"They met* three months ago", kTue, 20190601, P::kMonth, "three months ago"},
    {"russia+ , china meet* in may", kTue, 20190501, P::kMonth, "in may"},
    // Years.
    {"They met* in 2015", kTue, 20150101, P::kYear, "in 2015"},
    {"In 2015 people protested*", kTue, 20150101, P::kYear, "In 2015"},
    {"They met* in early 2015", kTue, 20150101, P::kYear, "in early 2015"},
    {"They met* in the year 2015", kTue, 20150101, P::kYear, "in the year 2015"},
    {"They met* last year", kTue, 20180101, P::kYear, "last year"},
    {"They met* last year", 20200101, 20190101, P::kYear, "last year"},
    {"They met* this year", kTue, 20190101, P::kYear, "this year"},
    {"They will|AUX meet* next year", kTue, 20200101, P::kYear, "next year"},
    {"They met* a year ago", kTue, 20180101, P::kYear, "a year ago"},
    // Weekdays (the document date is a Tuesday).
    {"They met* on Tuesday", kTue, 20190910, P::kDay, "on Tuesday"},
    {"They met* on Monday", kTue, 20190909, P::kDay, "on Monday"},
    {"They met* on Wednesday", kTue, 20190904, P::kDay, "on Wednesday"},
    {"They met* last Tuesday", kTue, 20190903, P::kDay, "last Tuesday"},
    {"They met* last Monday", kTue, 20190909, P::kDay, "last Monday"},
    {"Rebels attacked* the town Tuesday", kTue, 20190910, P::kDay, "Tuesday"},
    {"They met* Tuesday night", kTue, 20190910, P::kDay, "Tuesday night"},
    {"They will|AUX meet* on Wednesday", kTue, 20190911, P::kDay, "on Wednesday"},
    {"They will|AUX meet* on Tuesday", kTue, 20190910, P::kDay, "on Tuesday"},
    {"They will|AUX meet* next Tuesday", kTue, 20190917, P::kDay, "next Tuesday"},
    {"They 'll|AUX meet* on Monday", kTue, 20190916, P::kDay, "on Monday"},
    {"Talks are|AUX scheduled* for Friday", kTue, 20190913, P::kDay, "Friday"},
    {"Talks to|PART be|AUX held* on Friday", kTue, 20190913, P::kDay, "on Friday"},
    {"Putin may|AUX visit* Japan in may", kTue, 20200501, P::kMonth, "in may"},
    {"They may|AUX have|AUX met* in May", kTue, 20190501, P::kMonth, "in May"},
    {"china+ , russia sign* deal on tuesday", 20190912, 20190910, P::kDay, "on tuesday"},
    {"They met* on Saturday", 20200101, 20191228, P::kDay, "on Saturday"},  // across a year
    {"Leaders met* in today 's Paris", kTue, 20190910, P::kDay, "today"},
    // Days and weeks relative to the document.
    {"They met* today", kTue, 20190910, P::kDay, "today"},
    {"They met* yesterday", kTue, 20190909, P::kDay, "yesterday"},
    {"They met* yesterday", 20190301, 20190228, P::kDay, "yesterday"},
    {"They will|AUX meet* tomorrow", kTue, 20190911, P::kDay, "tomorrow"},
    {"They will|AUX meet* tomorrow", 20191231, 20200101, P::kDay, "tomorrow"},
    {"They met* last night", kTue, 20190909, P::kDay, "last night"},
    {"They met* this morning", kTue, 20190910, P::kDay, "this morning"},
    {"They met* two days ago", kTue, 20190908, P::kDay, "two days ago"},
    {"They met* 3 days ago", 20190302, 20190227, P::kDay, "3 days ago"},
    {"They met* last week", kTue, 20190902, P::kWeek, "last week"},
    {"They met* this week", kTue, 20190909, P::kWeek, "this week"},
    {"They met* earlier this week", kTue, 20190909, P::kWeek, "earlier this week"},
    {"They met* two weeks ago", kTue, 20190826, P::kWeek, "two weeks ago"},
    {"They will|AUX meet* next week", 20191231, 20200106, P::kWeek, "next week"},
    // Not dates.
    {"They met* on 9/4/2019", kTue, 0, P::kDay, ""},  // April 9 or September 4: not guessed
    {"They met* on February 30", kTue, 0, P::kDay, ""},
    {"Police arrested* 4 soldiers", kTue, 0, P::kDay, ""},
    {"Police arrested* 2015 people", kTue, 0, P::kDay, ""},
    {"They met* at 3 pm", kTue, 0, P::kDay, ""},
    {"They met* at 15:00", kTue, 0, P::kDay, ""},
    {"They may|AUX meet* in Paris", kTue, 0, P::kDay, ""},
    {"Theresa May met* Merkel", kTue, 0, P::kDay, ""},
    {"Protesters march* 4 miles", kTue, 0, P::kDay, ""},
    {"Jan met* Bob", kTue, 0, P::kDay, ""},
    {"The Sunday Times reported*", kTue, 0, P::kDay, ""},
    {"They signed* the Good Friday Agreement", kTue, 0, P::kDay, ""},
    {"Troops have|AUX stayed* since 2015", kTue, 0, P::kDay, ""},
    {"Troops will|AUX stay* until July", kTue, 0, P::kDay, ""},
    {"Talks were|AUX postponed* to Friday", kTue, 0, P::kDay, ""},
    {"Talks ended* ahead of Tuesday 's vote", kTue, 0, P::kDay, ""},
    {"The 2019 election was|AUX held*", kTue, 0, P::kDay, ""},
    {"They met* on Tuesday", 0, 0, P::kDay, ""},  // relative, and no document date
    {"They met* last month", 0, 0, P::kDay, ""},
    {"The march|NOUN was|AUX peaceful*|ADJ", kTue, 0, P::kDay, ""},
};

void PrintTo(const Case& c, std::ostream* os) { *os << '"' << c.sentence << "\" @ " << c.doc_date; }

class DateTable : public ::testing::TestWithParam<Case> {};

TEST_P(DateTable, FindAllAndEventDateAgree) {
  const Case& c = GetParam();
  const Built b = MakeSentence(c.sentence);
  const DateResolver resolver;
  std::vector<DateMention> all;
  resolver.FindAll(b.s, c.doc_date, &all);
  const std::optional<DateMention> event = resolver.EventDate(b.s, b.verb, c.doc_date);
  if (c.want == 0) {
    EXPECT_TRUE(all.empty()) << c.sentence << " → " << all[0].date << " \"" << all[0].text << "\"";
    EXPECT_FALSE(event.has_value()) << c.sentence;
    return;
  }
  ASSERT_EQ(all.size(), 1u) << c.sentence;
  EXPECT_EQ(all[0].date, c.want) << c.sentence;
  EXPECT_EQ(PrecisionName(all[0].precision), PrecisionName(c.precision)) << c.sentence;
  EXPECT_EQ(all[0].text, c.text) << c.sentence;
  ASSERT_TRUE(event.has_value()) << c.sentence;
  EXPECT_EQ(event->date, c.want) << c.sentence;
  EXPECT_EQ(event->text, c.text) << c.sentence;
  EXPECT_LE(event->first_word, event->last_word);
  EXPECT_LT(event->last_word, b.s.words.size());
}

INSTANTIATE_TEST_SUITE_P(Phrases, DateTable, ::testing::ValuesIn(kCases));

// The tree of "The deal was signed in May 2018 and they may sign another in 2015." as the
// shipped parser gives it: each conjoined verb takes the date of its own clause.
TEST(DateResolver, EachVerbTakesTheDateOfItsClause) {
  const Built b = MakeSentence(
      "The|DET|2|det deal|NOUN|4|nsubj:pass was|AUX|4|aux:pass signed|VERB|0|root "
      "in|ADP|6|case May|PROPN|4|obl 2018|NUM|6|nmod:unmarked and|CCONJ|11|cc "
      "they|PRON|11|nsubj may|AUX|11|aux sign|VERB|4|conj another|DET|11|obj "
      "in|ADP|14|case 2015+|NUM|11|obl .|PUNCT|4|punct");
  const DateResolver resolver;
  std::vector<DateMention> all;
  resolver.FindAll(b.s, kTue, &all);
  ASSERT_EQ(all.size(), 2u);
  const auto signed_date = resolver.EventDate(b.s, 3, kTue);
  ASSERT_TRUE(signed_date.has_value());
  EXPECT_EQ(signed_date->date, 20180501);
  EXPECT_EQ(signed_date->text, "in May 2018");
  const auto sign_date = resolver.EventDate(b.s, 10, kTue);
  ASSERT_TRUE(sign_date.has_value());
  EXPECT_EQ(sign_date->date, 20150101);
  EXPECT_EQ(sign_date->text, "in 2015");
  EXPECT_EQ(sign_date->first_word, 12u);
  EXPECT_EQ(sign_date->last_word, 13u);
}

// "Russia invited the Taliban to Moscow for talks on Tuesday.": the parser hangs "on
// Tuesday" under "talks"; the date still belongs to "invited".
TEST(DateResolver, DateUnderANounBelongsToTheVerbAbove) {
  const Built b = MakeSentence(
      "Russia|PROPN|2|nsubj invited|VERB|0|root the|DET|4|det Taliban|PROPN|2|obj "
      "to|ADP|6|case Moscow|PROPN|2|obl for|ADP|8|case talks|NOUN|2|obl on|ADP|10|case "
      "Tuesday+|PROPN|8|nmod .|PUNCT|2|punct");
  const auto date = DateResolver().EventDate(b.s, 1, 20190912);
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->date, 20190910);
  EXPECT_EQ(date->text, "on Tuesday");
}

// "Russia said on Tuesday it will host talks on Friday.": past "Tuesday" for "said",
// future "Friday" for "host", each read in its own clause's tense.
TEST(DateResolver, TenseComesFromTheDatesOwnClause) {
  const Built b = MakeSentence(
      "Russia|PROPN|2|nsubj said|VERB|0|root on|ADP|4|case Tuesday|PROPN|2|obl "
      "it|PRON|7|nsubj will|AUX|7|aux host|VERB|2|ccomp talks|NOUN|7|obj on|ADP|10|case "
      "Friday+|PROPN|7|obl .|PUNCT|2|punct");
  const DateResolver resolver;
  const auto said = resolver.EventDate(b.s, 1, kTue);
  const auto host = resolver.EventDate(b.s, 6, kTue);
  ASSERT_TRUE(said.has_value() && host.has_value());
  EXPECT_EQ(said->date, 20190910);
  EXPECT_EQ(said->text, "on Tuesday");
  EXPECT_EQ(host->date, 20190913);
  EXPECT_EQ(host->text, "on Friday");
}

// "Leaders agreed to meet on Friday": the infinitive clause is future, and its date is
// the meeting's, not the agreement's.
TEST(DateResolver, InfinitiveClauseIsFutureAndKeepsItsDate) {
  const Built b = MakeSentence(
      "Leaders|NOUN|2|nsubj agreed|VERB|0|root to|PART|4|mark meet|VERB|2|xcomp "
      "on|ADP|6|case Friday|PROPN|4|obl");
  const DateResolver resolver;
  const auto meet = resolver.EventDate(b.s, 3, kTue);
  ASSERT_TRUE(meet.has_value());
  EXPECT_EQ(meet->date, 20190913);
  EXPECT_FALSE(resolver.EventDate(b.s, 1, kTue).has_value());
}

// Regression (sample corpus): "India accused Pakistan of violating the ceasefire agreement
// signed in 2003." dated the accusation 2003 because "in 2003" was the only date.
TEST(DateResolver, DateOfANounsClauseIsNotTheEventDate) {
  const Built b = MakeSentence(
      "India|PROPN|2|nsubj accused|VERB|0|root Pakistan|PROPN|2|obj of|SCONJ|5|mark "
      "violating|VERB|2|advcl the|DET|8|det ceasefire|NOUN|8|compound agreement|NOUN|5|obj "
      "signed|VERB|8|acl in|ADP|11|case 2003+|NUM|9|obl .|PUNCT|2|punct");
  const DateResolver resolver;
  EXPECT_FALSE(resolver.EventDate(b.s, 1, kTue).has_value());
  const auto signed_date = resolver.EventDate(b.s, 8, kTue);
  ASSERT_TRUE(signed_date.has_value());
  EXPECT_EQ(signed_date->date, 20030101);
}

// The parser's reading of "Germany will give Iraq 50 million euros, the minister
// announced on Monday.": "announced" as a noun clause (acl) of "minister". A weekday there
// still stands in for the event, since it can only be days off.
TEST(DateResolver, WeekdayInAMisparsedReportingClauseStandsIn) {
  const Built b = MakeSentence(
      "Germany|PROPN|3|nsubj will|AUX|3|aux give|VERB|0|root Iraq|PROPN|3|iobj "
      "50|NUM|6|compound million|NUM|7|nummod euros+|NOUN|3|obj ,|PUNCT|11|punct "
      "the|DET|11|det German|ADJ|11|amod minister|NOUN|7|appos announced|VERB|11|acl "
      "on|ADP|14|case Monday+|PROPN|12|obl .|PUNCT|3|punct");
  const auto give = DateResolver().EventDate(b.s, 2, kTue);
  ASSERT_TRUE(give.has_value());
  EXPECT_EQ(give->date, 20190909);  // "announced" is past: the Monday before
  EXPECT_EQ(give->text, "on Monday");
}

// "Russia said on Tuesday it would host talks.": the date of the governing clause stands
// in for the reported event.
TEST(DateResolver, GoverningClauseDateStandsIn) {
  const Built b = MakeSentence(
      "Russia|PROPN|2|nsubj said|VERB|0|root on|ADP|4|case Tuesday|PROPN|2|obl "
      "it|PRON|7|nsubj would|AUX|7|aux host|VERB|2|ccomp talks+|NOUN|7|obj .|PUNCT|2|punct");
  const auto host = DateResolver().EventDate(b.s, 6, kTue);
  ASSERT_TRUE(host.has_value());
  EXPECT_EQ(host->date, 20190910);
}

TEST(DateResolver, SeveralDatesNoneOfTheVerbGiveNothing) {
  // "Talks that began on Monday ended, and a vote held on Friday failed."
  const Built b = MakeSentence(
      "Talks|NOUN|5|nsubj that|PRON|3|nsubj began|VERB|1|acl:relcl on|ADP|5|case "
      "Monday|PROPN|3|obl ended|VERB|0|root and|CCONJ|13|cc a|DET|9|det vote|NOUN|13|nsubj "
      "held|VERB|9|acl on|ADP|12|case Friday|PROPN|10|obl failed|VERB|6|conj");
  const DateResolver resolver;
  EXPECT_FALSE(resolver.EventDate(b.s, 5, kTue).has_value());
  const auto began = resolver.EventDate(b.s, 2, kTue);
  ASSERT_TRUE(began.has_value());
  EXPECT_EQ(began->date, 20190909);
}

TEST(DateResolver, UnparsedSentenceUsesItsOnlyDate) {
  Built b = MakeSentence("Rebels attacked the town on Sunday");
  for (Word& w : b.s.words) w.head = -1;
  const auto date = DateResolver().EventDate(b.s, 1, kTue);
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->date, 20190908);
}

TEST(DateResolver, BrokenTreesDoNotHang) {
  Built b = MakeSentence("They met* on Tuesday in July 2018");
  for (size_t i = 0; i < b.s.words.size(); ++i) {
    b.s.words[i].head = static_cast<int32_t>((i + 1) % b.s.words.size()) + 1;  // a cycle
  }
  const DateResolver resolver;
  std::vector<DateMention> all;
  resolver.FindAll(b.s, kTue, &all);
  EXPECT_EQ(all.size(), 2u);
  b.s.words[2].head = 99;  // out of range
  resolver.EventDate(b.s, 1, kTue);
  Sentence empty;
  EXPECT_FALSE(resolver.EventDate(empty, 0, kTue).has_value());
}

TEST(DateResolver, InvalidDocumentDateIsNoReference) {
  const Built b = MakeSentence("They met* yesterday");
  EXPECT_FALSE(DateResolver().EventDate(b.s, 1, 20190230).has_value());
  EXPECT_FALSE(DateResolver().EventDate(b.s, 1, 2019).has_value());
}

}  // namespace
}  // namespace dyad::dates
