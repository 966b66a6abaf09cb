// The one dateline recogniser (src/text/dateline.h): the date a dateline gives, the bytes
// the Engine blanks before parsing, and where the tokenizer ends the dateline sentence.
#include "text/dateline.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace dyad {
namespace {

struct DatelineCase {
  const char* text;
  int32_t reference;
  int32_t want;  // 0: no dateline
  const char* date_text;
};

const DatelineCase kDatelines[] = {
    {"MOSCOW, Aug 21 (Reuters) - Russia said on Tuesday...", 20190825, 20190821, "Aug 21"},
    {"MOSCOW, Aug 21 (Reuters) - Russia said...", 20190820, 20190821, "Aug 21"},  // ref + 1 day
    {"MOSCOW, Aug 21 (Reuters) - Russia said...", 20190819, 20180821, "Aug 21"},
    {"WASHINGTON, March 3, 2019 (AP) \xE2\x80\x94 The president...", 0, 20190303, "March 3, 2019"},
    {"LONDON, 21 August 2019 /PRNewswire/ -- A company...", 0, 20190821, "21 August 2019"},
    {"Tuesday, 4 September 2018\nThe talks ended.", 0, 20180904, "Tuesday, 4 September 2018"},
    {"2019-08-21 - Troops crossed the border.", 0, 20190821, "2019-08-21"},
    {"KYIV, March 3 (dyad) - Ukraine and Poland...", 20220310, 20220303, "March 3"},
    {"SAN JOSE, Calif., March 3, 2019 (AP) - Police...", 0, 20190303, "March 3, 2019"},
    {"NEW YORK, Sept. 12 (dyad) \xE2\x80\x93 The UN...", 20180920, 20180912, "Sept. 12"},
    {"Talks resume\n\nGENEVA, Jan. 5 (dyad) - Envoys met.", 20200110, 20200105, "Jan. 5"},
    {"ROME, Feb 29 (dyad) - Italy...", 20210301, 20200229, "Feb 29"},
    {"\xEF\xBB\xBF  PARIS, 3rd June 2017 (dyad) - France...", 0, 20170603, "3rd June 2017"},
    {"MOSCOW (dyad sample) - Russia invited the Taliban.", 20190825, 0, ""},
    {"March 3 protests turned violent in the capital.", 20190825, 0, ""},
    {"Russia, March 3 was a quiet day.", 20190825, 0, ""},
    {"MOSCOW, Aug 21 (Reuters) - Russia said...", 0, 0, ""},  // yearless, no reference
    {"MOSCOW, Feb 30 (Reuters) - Russia said...", 20190825, 0, ""},
    {"2019 was a year of protests.", 0, 0, ""},
    {"", 20190825, 0, ""},
    {"Officials met in Oslo on 2019-08-21 - a Wednesday.", 0, 0, ""},
};

TEST(Dateline, Table) {
  for (const DatelineCase& c : kDatelines) {
    const std::optional<text::Dateline> m = text::FindDateline(c.text, c.reference);
    if (c.want == 0) {
      EXPECT_FALSE(m.has_value()) << c.text << " → " << m->date;
      continue;
    }
    ASSERT_TRUE(m.has_value()) << c.text;
    EXPECT_EQ(m->date, c.want) << c.text;
    EXPECT_EQ(m->text, c.date_text) << c.text;
  }
}

TEST(DatelineLength, CoversPlaceAgencyAndDash) {
  EXPECT_EQ(text::DatelineLength("MOSCOW, Aug 21 (Reuters) - Russia said."),
            std::string("MOSCOW, Aug 21 (Reuters) - ").size());
  EXPECT_EQ(text::DatelineLength("WASHINGTON (AP) -- The president spoke."),
            std::string("WASHINGTON (AP) -- ").size());
  EXPECT_EQ(text::DatelineLength("  KYIV, March 3, 2022 \xE2\x80\x94 Talks began."),
            std::string("  KYIV, March 3, 2022 \xE2\x80\x94 ").size());
  // Two places joined by a slash; a place and a colon (South Asian papers).
  EXPECT_EQ(text::DatelineLength("NEW DELHI/ISLAMABAD, May 10 \xE2\x80\x94 India and Pakistan agreed."),
            std::string("NEW DELHI/ISLAMABAD, May 10 \xE2\x80\x94 ").size());
  EXPECT_EQ(text::DatelineLength("LAHORE: Workers blocked roads."), std::string("LAHORE: ").size());
  EXPECT_EQ(text::DatelineLength("NEW DELHI: The police said."), std::string("NEW DELHI: ").size());
}

TEST(DatelineLength, LeavesSentencesAlone) {
  EXPECT_EQ(text::DatelineLength("Russia said on Monday - in a statement - that talks failed."), 0u);
  EXPECT_EQ(text::DatelineLength("The army and the police were there - all of them."), 0u);
  EXPECT_EQ(text::DatelineLength(""), 0u);
  EXPECT_EQ(text::DatelineLength("MOSCOW\n- Russia said."), 0u);
  // A colon after capitals that are no place run, or with no capitalised word after it.
  EXPECT_EQ(text::DatelineLength("UN: a statement"), 0u);
  EXPECT_EQ(text::DatelineLength("NOTE:the text"), 0u);
  EXPECT_EQ(text::DatelineLength("Russia: The talks failed."), 0u);
  EXPECT_EQ(text::DatelineLength("A/B testing - results"), 0u);
}

// Tokens written separated by a space; a `|` separates two tokens with no space between.
struct Paragraph {
  std::string text;
  std::vector<text::TokenSpan> tokens;
};
Paragraph Tokens(std::string_view written) {
  Paragraph p;
  bool boundary = true;
  for (const char c : written) {
    if (c == ' ' || c == '|') {
      if (c == ' ') p.text += ' ';
      if (!p.tokens.empty()) p.tokens.back().space_after = c == ' ';
      boundary = true;
      continue;
    }
    if (boundary) {
      const auto at = static_cast<uint32_t>(p.text.size());
      p.tokens.push_back({at, at, false});
      boundary = false;
    }
    p.text += c;
    p.tokens.back().end = static_cast<uint32_t>(p.text.size());
  }
  return p;
}

TEST(DatelineEnd, EndsTheDatelineSentenceAsEwtDoes) {
  const struct {
    std::string_view written;
    int end;
  } cases[] = {
      {"GAZA CITY|, Palestinian Territories|: Four children were killed|.", 5},
      {"WASHINGTON (|Reuters|) - The president spoke|.", 4},
      {"NEW DELHI - India and Pakistan met|.", 2},
      {"PONCHATOULA|, La|. -- Police said|.", 4},
      {"KYIV \xE2\x80\x94 Talks began|.", 1},
      {"CAIRO --- Egypt said|.", 1},
      // A label, a lower-case continuation, a short place, an unspaced dash, a dateline
      // that is the whole paragraph: no dateline sentence.
      {"STEP ONE|: You do not need to type it again|.", -1},
      {"HAMSTERS - will a hamster be ok|?", -1},
      {"PS - There is a happy hour tonight|.", -1},
      {"WASHINGTON|- The president spoke|.", -1},
      {"NEW DELHI -", -1},
      {"Washington - The president spoke|.", -1},
  };
  for (const auto& c : cases) {
    const Paragraph p = Tokens(c.written);
    EXPECT_EQ(text::DatelineEnd(p.tokens, p.text), c.end) << c.written;
  }
}

TEST(DatelineEnd, ReadsOnlyTheFirstTokens) {
  const Paragraph p = Tokens(
      "A B C D E F G H I J K L M N O P Q R - The end|.");  // the dash is token 18
  EXPECT_EQ(text::DatelineEnd(p.tokens, p.text), -1);
  const Paragraph q =
      Tokens("NEW DELHI - India and Pakistan met in the city on the day of the vote|.");
  const std::span<const text::TokenSpan> head(q.tokens.data(), text::kDatelineMaxTokens + 1);
  EXPECT_EQ(text::DatelineEnd(head, q.text), text::DatelineEnd(q.tokens, q.text));
}

}  // namespace
}  // namespace dyad
