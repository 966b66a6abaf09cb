// Event locations through the whole Engine (model parse, coder, Locator) on passages
// written for dyad: the place attached to the verb, the dateline's for a sentence without
// one, ambiguous names decided by the document (skipped without a gazetteer).
#include <gtest/gtest.h>

#include "dyad/engine.h"
#include "geo/gazetteer.h"

namespace dyad {
namespace {

class EngineLocations : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto g = geo::Gazetteer::Load(DYAD_GAZETTEER_FILE);
    if (!g.ok()) return;
    EngineOptions o;
    o.gazetteer = DYAD_GAZETTEER_FILE;
    auto e = Engine::Open(o);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    engine_ = std::move(e).value().release();
  }
  static void TearDownTestSuite() { delete engine_; }
  void SetUp() override {
    if (engine_ == nullptr) GTEST_SKIP() << "no gazetteer at " DYAD_GAZETTEER_FILE;
  }
  // The events `engine` codes from `text`.
  static std::vector<Event> CodeWith(const Engine& engine, const std::string& text) {
    Document doc;
    doc.id = "t";
    doc.date = "20240304";
    doc.text = text;
    auto scratch = engine.NewScratch();
    std::vector<Event> events;
    EXPECT_TRUE(engine.Code(&doc, scratch.get(), &events).ok());
    return events;
  }
  // The location of the first event of `text` whose verb is `verb` (a failure when none).
  EventLocation Where(const std::string& text, const std::string& verb) {
    for (Event& e : CodeWith(*engine_, text)) {
      if (e.verb_text == verb) return e.location;
    }
    ADD_FAILURE() << "no event on '" << verb << "' in: " << text;
    return EventLocation();
  }
  static Engine* engine_;
};
Engine* EngineLocations::engine_ = nullptr;

TEST_F(EngineLocations, PassagesWrittenForDyad) {
  const std::string kabul =
      "KABUL, Afghanistan (AP) — Taliban fighters attacked a police checkpoint in Helmand "
      "province on Monday, officials said. The government condemned the attack.";
  const std::string kharkiv =
      "Russian forces shelled the eastern city of Kharkiv overnight, Ukrainian officials said. "
      "Ukraine's foreign minister met his Polish counterpart in Warsaw on Friday.";
  struct Case {
    std::string text, verb, name;  // name: a prefix ("Hyder" for Hyderābād)
    std::string country;
    int precision;
    std::string from;
  };
  const Case cases[] = {
      // The verb's own place, then the dateline's for a sentence with none.
      {kabul, "attacked", "Helmand", "AFG", 2, "sentence"},
      {kabul, "condemned", "Kabul", "AFG", 1, "dateline"},
      // An ambiguous city decided by the region the passage names.
      {"Pakistani police arrested 12 protesters in Hyderabad on Sunday after clashes with "
       "supporters of the ruling party in Sindh.", "arrested", "Hyder", "PAK", 1, "sentence"},
      // Each event its own sentence's place: not Ukraine (a possessive) nor Kharkiv.
      {kharkiv, "shelled", "Kharkiv", "UKR", 1, "sentence"},
      {kharkiv, "met", "Warsaw", "POL", 1, "sentence"},
      // Where they met, not where they came from.
      {"Security officials from Washington and Seoul held talks in Tokyo on Wednesday.", "held",
       "Tokyo", "JPN", 1, "sentence"},
      // What stands in a capital: the capital of the document's country, or of the country
      // named with it; "the capital X" is X.
      {"Kenyan police fired tear gas at hundreds of protesters near parliament on Tuesday.",
       "fired", "Nairobi", "KEN", 1, "sentence"},
      {"Ugandan police arrested dozens of opposition supporters outside the Kenyan parliament "
       "on Friday.", "arrested", "Nairobi", "KEN", 1, "sentence"},
      {"Al-Shabaab fighters attacked a hotel in the Somali capital on Friday.", "attacked",
       "Mogadishu", "SOM", 1, "sentence"},
      {"Rebels shelled the capital Kinshasa on Monday, the army said.", "shelled", "Kinshasa",
       "COD", 1, "sentence"},
      // The country itself, in its own clause only.
      {"Kenyan police fired tear gas at opposition supporters in the streets on Tuesday.",
       "fired", "Kenya", "KEN", 3, "sentence"},
      {"Paris police fired tear gas at demonstrators on Thursday as tens of thousands of "
       "workers marched nationwide.", "fired", "Paris", "FRA", 1, "sentence"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.verb + ": " + c.text);
    const EventLocation l = Where(c.text, c.verb);
    EXPECT_EQ(l.name.substr(0, c.name.size()), c.name);
    EXPECT_EQ(l.country, c.country);
    EXPECT_EQ(l.precision, c.precision);
    EXPECT_EQ(l.from, c.from);
    if (c.precision == 1) {
      EXPECT_NE(l.geonames_id, 0u);
    }
  }
}

TEST_F(EngineLocations, NoGazetteerNoLocation) {
  EngineOptions o;
  o.gazetteer = "none";
  auto e = Engine::Open(o);
  ASSERT_TRUE(e.ok());
  const auto events = CodeWith(**e, "Protesters in Paris clashed with riot police on Saturday.");
  ASSERT_FALSE(events.empty());
  for (const Event& ev : events) EXPECT_TRUE(ev.location.empty());
}

}  // namespace
}  // namespace dyad
