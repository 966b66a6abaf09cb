// The learned event filter's model file and scoring (coder/event_filter.h), and the
// filter inside the Engine: events under the threshold are dropped, the rest carry their
// confidence and evidence.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "base/file.h"
#include "coder/event_filter.h"
#include "dyad/engine.h"

namespace dyad::coder {
namespace {

TEST(EventFilterFile, RoundTripsThroughItsText) {
  EventFilter f(-0.5, 0.3, {{"root=17", 1.25}, {"verb=say", -2.0}, {"tgt_path=obj", 0.125}});
  auto back = EventFilter::Parse(f.Serialize(), "t");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_DOUBLE_EQ(back->bias(), -0.5);
  EXPECT_DOUBLE_EQ(back->threshold(), 0.3);
  EXPECT_EQ(back->weights(), f.weights());
}

TEST(EventFilterFile, ErrorsNameTheLine) {
  const std::string head = "dyad-event-filter 1\nthreshold 0.5\nbias 0\n";
  struct Bad {
    std::string text, where;
  } cases[] = {
      {"not a filter\n", "t:1:"},
      {head + "w x root=17\n", "t:4:"},
      {head + "w 1.0 a\nw 2.0 a\n", "t:5:"},
      {"dyad-event-filter 1\nthreshold 1.5\n", "t:2:"},
      {"dyad-event-filter 1\nthreshold nan\n", "t:2:"},
      {head + "weight 1 a\n", "t:4:"},
      {"dyad-event-filter 1\nbias 0\n", "lacks its threshold"},
      {"", "empty"},
  };
  for (const Bad& b : cases) {
    auto f = EventFilter::Parse(b.text, "t");
    ASSERT_FALSE(f.ok()) << b.text;
    EXPECT_NE(f.status().ToString().find(b.where), std::string::npos) << f.status().ToString();
  }
  auto missing = EventFilter::Load("/nonexistent/filter.txt");
  EXPECT_FALSE(missing.ok());
}

TEST(EventFilterScore, IsTheLogisticOfTheSumAndExplainsStrongestFirst) {
  EventFilter f(0.0, 0.5, {{"a", 2.0}, {"b", -0.5}, {"c", 0.25}});
  std::vector<std::string> evidence;
  EXPECT_DOUBLE_EQ(f.Score({}, nullptr), 0.5);
  const double p = f.Score({"a", "b", "unknown"}, &evidence);
  EXPECT_NEAR(p, 1.0 / (1.0 + std::exp(-1.5)), 1e-12);
  ASSERT_EQ(evidence.size(), 2u);
  EXPECT_EQ(evidence[0], "a+2");
  EXPECT_EQ(evidence[1], "b-0.5");
  EXPECT_LT(f.Score({"b"}, nullptr), 0.5);
  f.Score({"a", "b", "c"}, &evidence, 1);
  EXPECT_EQ(evidence.size(), 1u);
}

// The Engine with the shipped model and dictionaries and a filter written by the test.
class EngineFilter : public ::testing::Test {
 protected:
  std::vector<Event> Code(const std::string& filter, const std::string& text) {
    EngineOptions options;
    options.model_path = DYAD_DEFAULT_MODEL;
    options.dictionaries = {DYAD_DEFAULT_DICT};
    options.event_filter = filter;
    auto engine = Engine::Open(options);
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    if (!engine.ok()) return {};
    auto scratch = (*engine)->NewScratch();
    Document doc;
    doc.id = "t";
    doc.date = "20240501";
    doc.text = text;
    std::vector<Event> events;
    EXPECT_TRUE((*engine)->Code(&doc, scratch.get(), &events).ok());
    return events;
  }
  std::string Write(const EventFilter& f) {
    const std::string p =
        (std::filesystem::temp_directory_path() / ("dyad-filter-" + std::to_string(::getpid())))
            .string();
    EXPECT_TRUE(WriteFileAtomic(p, f.Serialize()).ok());
    paths_.push_back(p);
    return p;
  }
  void TearDown() override {
    for (const std::string& p : paths_) std::remove(p.c_str());
  }
  std::vector<std::string> paths_;
  const std::string text_ =
      "Russian police arrested 50 protesters in Moscow on Tuesday. "
      "France condemned Russia over the arrests.";
};

TEST_F(EngineFilter, DropsWhatItScoresUnderTheThresholdAndExplainsTheRest) {
  const std::vector<Event> all = Code("none", text_);
  bool arrest = false, condemn = false;
  for (const Event& e : all) {
    arrest = arrest || e.root_code == "17";
    condemn = condemn || e.root_code == "11";
    EXPECT_LT(e.confidence, 0);  // no filter ran
    EXPECT_TRUE(e.evidence.empty());
  }
  ASSERT_TRUE(arrest && condemn) << "the rules no longer code the test's sentences";

  const std::vector<Event> kept = Code(Write(EventFilter(1.0, 0.5, {{"root=17", -5.0}})), text_);
  ASSERT_FALSE(kept.empty());
  for (const Event& e : kept) {
    EXPECT_NE(e.root_code, "17");
    EXPECT_GE(e.confidence, 0.5);
  }
  // Nothing under the threshold is dropped when everything scores over it; every event
  // names the feature that weighed.
  const std::vector<Event> again = Code(Write(EventFilter(0.0, 0.5, {{"root=17", 3.0}, {"root=11", 3.0}})), text_);
  size_t explained = 0;
  for (const Event& e : again) explained += !e.evidence.empty();
  EXPECT_EQ(again.size(), all.size());
  EXPECT_GT(explained, 0u);
}

TEST_F(EngineFilter, AnExplicitFileThatCannotBeReadIsAnError) {
  EngineOptions options;
  options.model_path = DYAD_DEFAULT_MODEL;
  options.dictionaries = {DYAD_DEFAULT_DICT};
  options.event_filter = "/nonexistent/filter.txt";
  auto engine = Engine::Open(options);
  ASSERT_FALSE(engine.ok());
  EXPECT_NE(engine.status().ToString().find("/nonexistent/filter.txt"), std::string::npos);
}

}  // namespace
}  // namespace dyad::coder
