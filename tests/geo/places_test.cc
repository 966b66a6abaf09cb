// The place-phrase table (place_phrases.txt, written for dyad): each phrase's first place
// mention, resolved with the document's countries, against the gazetteer the build made
// from GeoNames (skipped, saying why, when the build made none). Also the linking of
// events to places on hand-built trees.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "base/file.h"
#include "geo/fold.h"
#include "geo/gazetteer.h"
#include "geo/locate.h"

namespace dyad::geo {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  return s;
}

Sentence Words(const std::string& phrase) {
  Sentence s;
  std::istringstream in(phrase);
  std::string w;
  while (in >> w) {
    Word word;
    word.form = w;
    s.words.push_back(word);
  }
  return s;
}

const Gazetteer* Shared() {
  static auto* g = [] {
    auto r = Gazetteer::Load(DYAD_GAZETTEER_FILE);
    return r.ok() ? new Gazetteer(std::move(r).value()) : nullptr;
  }();
  return g;
}

TEST(PlacePhrasesTest, Table) {
  const Gazetteer* g = Shared();
  if (g == nullptr) GTEST_SKIP() << "no gazetteer at " DYAD_GAZETTEER_FILE " (libgeonames-dev missing?)";
  std::ifstream in(DYAD_PLACE_PHRASES);
  ASSERT_TRUE(in) << DYAD_PLACE_PHRASES;
  Locator loc(g);
  std::string line;
  int rows = 0, wrong = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::istringstream ls(line);
    for (std::string part; std::getline(ls, part, '|');) f.push_back(Trim(part));
    ASSERT_EQ(f.size(), 5u) << line;
    ++rows;
    std::vector<uint32_t> context;
    if (f[1] != "-") {
      std::istringstream cs(f[1]);
      for (std::string c; std::getline(cs, c, ',');) {
        const uint32_t i = g->CountryByCode(c);
        ASSERT_NE(i, kNoPlace) << c;
        context.push_back(i);
      }
    }
    auto mentions = loc.FindMentions({Words(f[0])});
    if (f[4] == "0") {
      EXPECT_TRUE(mentions.empty()) << line << " -> found '" << mentions[0].text << "'";
      wrong += !mentions.empty();
      continue;
    }
    if (mentions.empty()) {
      ADD_FAILURE() << line << " -> no mention";
      ++wrong;
      continue;
    }
    mentions.resize(1);
    loc.Resolve(&mentions, context);
    ASSERT_NE(mentions[0].place, kNoPlace);
    const Place& p = g->place(mentions[0].place);
    // A region may carry its type word ("Helmand Province", "Donetsk Oblast").
    const std::string got = FoldPlaceName(p.name), want = FoldPlaceName(f[2]);
    // A country's name is the data's ("Republic of Korea"): its code is what counts.
    const bool name_ok = got == want || p.kind == PlaceKind::kCountry ||
                         (p.kind != PlaceKind::kCountry && (" " + got + " ").find(" " + want + " ") != std::string::npos);
    const bool ok = name_ok && g->country_of(p).code == f[3] &&
                    static_cast<int>(p.kind) == std::stoi(f[4]);
    EXPECT_TRUE(ok) << line << " -> " << p.name << " " << g->country_of(p).code << " "
                    << static_cast<int>(p.kind);
    wrong += !ok;
  }
  EXPECT_GE(rows, 150);
  std::printf("place phrases: %d of %d right\n", rows - wrong, rows);
}

TEST(PlacePhrasesTest, DatelinePlaces) {
  const Gazetteer* g = Shared();
  if (g == nullptr) GTEST_SKIP() << "no gazetteer at " DYAD_GAZETTEER_FILE;
  Locator loc(g);
  std::string text;
  uint32_t p = loc.DatelinePlace("KABUL, Afghanistan (AP) — ", &text);
  ASSERT_NE(p, kNoPlace);
  EXPECT_EQ(g->place(p).name, "Kabul");
  EXPECT_EQ(text, "KABUL");
  p = loc.DatelinePlace("HYDERABAD, Pakistan, March 3 (Reuters) - ", &text);
  ASSERT_NE(p, kNoPlace);
  EXPECT_EQ(g->country_of(g->place(p)).code, "PAK");
  p = loc.DatelinePlace("HYDERABAD, March 3 (Reuters) - ", &text);
  ASSERT_NE(p, kNoPlace);
  EXPECT_EQ(g->country_of(g->place(p)).code, "IND");
  p = loc.DatelinePlace("NEW DELHI, Aug 21 (Reuters) -", &text);
  ASSERT_NE(p, kNoPlace);
  EXPECT_EQ(g->country_of(g->place(p)).code, "IND");
  EXPECT_EQ(loc.DatelinePlace("By JOHN SMITH", &text), kNoPlace);
}

// "Police fired tear gas at protesters in Nairobi after a rally near Mombasa." with a
// hand-built tree: the event on "fired" gets the place attached to it, not the other one.
TEST(PlacePhrasesTest, EventTakesThePlaceOfItsVerb) {
  const Gazetteer* g = Shared();
  if (g == nullptr) GTEST_SKIP() << "no gazetteer at " DYAD_GAZETTEER_FILE;
  //            1       2      3     4    5    6           7   8         9      10  11    12    13
  Sentence s = Words("Police fired tear gas at protesters in Nairobi after a rally near Mombasa");
  const int heads[] = {2, 0, 4, 2, 6, 2, 8, 2, 11, 11, 2, 13, 11};
  const Upos upos[] = {Upos::kNOUN, Upos::kVERB, Upos::kNOUN, Upos::kNOUN, Upos::kADP, Upos::kNOUN,
                       Upos::kADP, Upos::kPROPN, Upos::kADP, Upos::kDET, Upos::kNOUN, Upos::kADP, Upos::kPROPN};
  for (size_t i = 0; i < s.words.size(); ++i) {
    s.words[i].head = heads[i];
    s.words[i].upos = upos[i];
  }
  Locator loc(g);
  std::vector<Event> events(2);
  events[0].sentence_index = 5;
  events[0].verb_word = 1;   // fired
  events[1].sentence_index = 5;
  events[1].verb_word = 10;  // rally
  loc.Locate("", {s}, 5, &events, 0);
  EXPECT_EQ(events[0].location.name, "Nairobi");
  EXPECT_EQ(events[0].location.country, "KEN");
  EXPECT_EQ(events[0].location.precision, 1);
  EXPECT_EQ(events[0].location.from, "sentence");
  EXPECT_EQ(events[1].location.name, "Mombasa");
  // An event in a sentence with no place takes the dateline's.
  std::vector<Event> more(1);
  more[0].sentence_index = 0;
  loc.Locate("MOMBASA, Kenya (AP) — ", {Words("They left .")}, 0, &more, 0);
  EXPECT_EQ(more[0].location.name, "Mombasa");
  EXPECT_EQ(more[0].location.from, "dateline");
  // No place anywhere: no location.
  more[0].location = EventLocation();
  loc.Locate("", {Words("They left .")}, 0, &more, 0);
  EXPECT_TRUE(more[0].location.empty());
}

}  // namespace
}  // namespace dyad::geo
