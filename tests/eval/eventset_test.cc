// Event sets (eval/eventset.h): reading, matching an event to gold (roots, prefixes, "*",
// symmetric events), one-to-one scoring; and training the event filter on a set written
// here (train/event_filter_train.h): deterministic, a model the Engine reads.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>

#include "base/file.h"
#include "coder/event_filter.h"
#include "eval/eventset.h"
#include "train/event_filter_train.h"

namespace dyad::eval {
namespace {

Event Ev(const std::string& src, const std::string& root, const std::string& tgt,
         const std::string& sentence = "s") {
  Event e;
  e.source.code = src;
  e.target.code = tgt;
  e.root_code = root;
  e.code = root + "0";
  e.sentence = sentence;
  return e;
}

TEST(GoldMatch, RootsPrefixesStarAndSymmetry) {
  GoldEvent g;
  g.src = {"KENCOP"};
  g.tgt = {"KENCVL", "KENOPP"};
  g.roots = {"17", "18"};
  EXPECT_TRUE(GoldMatches(g, Ev("KENCOP", "17", "KENCVL")));
  EXPECT_TRUE(GoldMatches(g, Ev("KENCOPXYZ", "18", "KENOPP")));
  EXPECT_FALSE(GoldMatches(g, Ev("KENCOP", "19", "KENCVL")));  // root
  EXPECT_FALSE(GoldMatches(g, Ev("KEN", "17", "KENCVL")));     // KENCOP is no prefix of KEN
  EXPECT_FALSE(GoldMatches(g, Ev("KENCVL", "17", "KENCOP")));  // reversed, not sym
  g.sym = true;
  EXPECT_TRUE(GoldMatches(g, Ev("KENCVL", "17", "KENCOP")));
  GoldEvent star;
  star.src = {"RUS"};
  star.tgt = {"*"};
  star.roots = {"14"};
  EXPECT_TRUE(GoldMatches(star, Ev("RUSOPP", "14", "")));  // "*" takes no actor
  EXPECT_TRUE(GoldMatches(star, Ev("RUSOPP", "14", "RUSGOV")));
  EXPECT_FALSE(GoldMatches(star, Ev("", "14", "RUSGOV")));  // a null side is no "RUS"
}

TEST(SetScoring, RequiredOneToOneThenOptional) {
  SetDocument doc;
  doc.sentences = {"Police arrested ten people.", "France condemned the arrests."};
  GoldEvent arrest;
  arrest.sent = 0;
  arrest.src = {"FRACOP"};
  arrest.tgt = {"*"};
  arrest.roots = {"17"};
  GoldEvent condemn;
  condemn.sent = 1;
  condemn.src = {"FRA"};
  condemn.tgt = {"*"};
  condemn.roots = {"11"};
  condemn.optional = true;
  doc.gold = {arrest, condemn};
  const std::vector<Event> events = {
      Ev("FRACOP", "17", "", "Police arrested ten people."),
      Ev("FRACOP", "17", "FRACVL", "Police arrested ten people."),  // a second, unmatched
      Ev("FRAGOV", "11", "", "France condemned the arrests."),     // optional absorbs it
      Ev("FRAGOV", "11", "", "Something else entirely."),          // in no gold sentence
  };
  const auto candidates = MatchCandidates(doc, events);
  EXPECT_EQ(candidates[0], std::vector<int>{0});
  EXPECT_TRUE(candidates[3].empty());
  const SetScore s = ScoreDocument(doc, candidates, {});
  EXPECT_EQ(s.required, 1);
  EXPECT_EQ(s.hit, 1);
  EXPECT_EQ(s.emitted, 4);
  EXPECT_EQ(s.matched, 2);
  const SetScore kept = ScoreDocument(doc, candidates, {false, true, false, false});
  EXPECT_EQ(kept.hit, 1);
  EXPECT_EQ(kept.emitted, 1);
}

class TempSet : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    const std::string p = (std::filesystem::temp_directory_path() /
                           (name + "-" + std::to_string(::getpid()) + ".json"))
                              .string();
    EXPECT_TRUE(WriteFileAtomic(p, text).ok());
    paths_.push_back(p);
    return p;
  }
  void TearDown() override {
    for (const std::string& p : paths_) std::remove(p.c_str());
  }
  std::vector<std::string> paths_;
};

TEST_F(TempSet, BadSetsNameTheFileAndDocument) {
  auto a = LoadEventSet(Write("notset", "[1, 2]"));
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().ToString().find("notset"), std::string::npos);
  auto b = LoadEventSet(Write("baddate", R"({"docs": [{"id": "d7", "date": "May 1",
      "text": "x", "sentences": ["x"], "gold": []}]})"));
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().ToString().find("d7"), std::string::npos);
  auto c = LoadEventSet(Write("badsent", R"({"docs": [{"id": "d8", "date": "2024-05-01",
      "text": "x", "sentences": ["x"], "gold": [{"sent": 3, "src": ["*"], "tgt": ["*"],
      "roots": ["01"]}]}]})"));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().ToString().find("d8"), std::string::npos);
}

// A small set written for this test: a few documents with gold the rules get right and
// events they emit that the gold does not have.
std::string SmallSet() {
  std::string docs;
  const char* texts[][3] = {
      {"Russian police arrested 50 protesters in Moscow on Tuesday.", "RUSCOP", "17"},
      {"France condemned Iran over the executions, the ministry said.", "FRA", "11"},
      {"Kenyan police fired tear gas at protesters in Nairobi.", "KENCOP", "17"},
      {"Germany praised Poland for its help.", "DEU", "05"},
      {"Japanese troops shelled a village, residents told reporters.", "JPN", "19"},
      {"Police in Lagos detained twelve students, officials said.", "NGACOP", "17"},
  };
  for (int rep = 0; rep < 2; ++rep) {
    for (size_t i = 0; i < std::size(texts); ++i) {
      if (!docs.empty()) docs += ",";
      docs += R"({"id": "d)" + std::to_string(rep) + "-" + std::to_string(i) +
              R"(", "url": null, "date": "2024-05-01", "text": ")" + texts[i][0] +
              R"(", "sentences": [")" + texts[i][0] + R"("], "gold": [{"sent": 0, "src": [")" +
              texts[i][1] + R"("], "tgt": ["*"], "roots": [")" + texts[i][2] +
              R"("], "what": "w", "where": null}]})";
    }
  }
  return R"({"about": "test", "docs": [)" + docs + "]}";
}

TEST_F(TempSet, TrainingIsDeterministicAndGivesAModelTheEngineReads) {
  train::FilterTrainOptions options;
  options.sets = {Write("small", SmallSet())};
  options.folds = 3;
  options.min_count = 1;
  options.iterations = 50;
  options.engine.model_path = DYAD_DEFAULT_MODEL;
  options.engine.dictionaries = {DYAD_DEFAULT_DICT};
  std::ostringstream log1, log2;
  auto m1 = train::TrainEventFilter(options, log1);
  ASSERT_TRUE(m1.ok()) << m1.status().ToString();
  auto m2 = train::TrainEventFilter(options, log2);
  ASSERT_TRUE(m2.ok());
  EXPECT_EQ(*m1, *m2);
  EXPECT_EQ(log1.str(), log2.str());
  EXPECT_NE(log1.str().find("no filter:"), std::string::npos) << log1.str();
  auto parsed = coder::EventFilter::Parse(*m1, "trained");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_FALSE(parsed->weights().empty());
  EXPECT_GT(parsed->threshold(), 0.0);
  EXPECT_LT(parsed->threshold(), 1.0);
  EXPECT_NE(log1.str().find("chosen: l2"), std::string::npos) << log1.str();
}

TEST_F(TempSet, TrainingWithoutSetsOrWithAMissingSetFails) {
  train::FilterTrainOptions options;
  std::ostringstream log;
  EXPECT_FALSE(train::TrainEventFilter(options, log).ok());
  options.sets = {"/nonexistent/set.json"};
  auto r = train::TrainEventFilter(options, log);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().ToString().find("/nonexistent/set.json"), std::string::npos);
}

}  // namespace
}  // namespace dyad::eval
