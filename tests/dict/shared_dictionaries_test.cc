// Loads the real PETRARCH dictionaries from ../shared/data (skipped when absent): counts
// must be plausible and the diagnostics exactly the known defects of those files.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "dict/dictionary.h"

namespace dyad::dict {
namespace {

std::string Dir() { return std::string(DYAD_SHARED_DATA) + "/petrarch/dictionaries"; }

bool HaveData() { return std::filesystem::exists(Dir() + "/CAMEO.2.0.txt"); }

std::vector<std::string> Errors(const std::vector<Diagnostic>& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags) {
    if (d.severity != Diagnostic::Severity::kError) continue;
    const size_t slash = d.file.rfind('/');
    out.push_back(d.file.substr(slash + 1) + ":" + std::to_string(d.line));
  }
  return out;
}

TEST(SharedDictionaries, PhoenixSetLoadsWithKnownDefectsOnly) {
  if (!HaveData()) GTEST_SKIP() << "PETRARCH dictionaries not found in " << Dir();
  std::vector<Diagnostic> diags;
  auto set = DictionarySet::Load(DictionaryPaths::Phoenix(Dir()), LoadOptions(), &diags);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  // Each of these lines is malformed in the distributed files (see the report of
  // `dyad dict check`): impossible dates, a `]` in a name, trailing text, a pattern with
  // `*SCEPTICAL`, unbalanced `)`, two undefined synsets, an agent without a code...
  EXPECT_EQ(Errors(diags), (std::vector<std::string>{
                               "CAMEO.2.0.txt:1730", "CAMEO.2.0.txt:2369", "CAMEO.2.0.txt:7611",
                               "CAMEO.2.0.txt:8448", "CAMEO.2.0.txt:8449",
                               "Phoenix.Countries.actors.txt:2039",
                               "Phoenix.Countries.actors.txt:14190",
                               "Phoenix.Countries.actors.txt:15346",
                               "Phoenix.Countries.actors.txt:18010",
                               "Phoenix.Countries.actors.txt:22509",
                               "Phoenix.Countries.actors.txt:22520",
                               "Phoenix.Countries.actors.txt:31716",
                               "Phoenix.Countries.actors.txt:43614",
                               "Phoenix.Countries.actors.txt:51385",
                               "Phoenix.International.actors.txt:40",
                               "Phoenix.International.actors.txt:3696",
                               "Phoenix.International.actors.txt:3726",
                               "Phoenix.International.actors.txt:6605",
                               "Phoenix.agents.txt:1927", "Phoenix.IssueCoding.txt:1162",
                               "Phoenix.IssueCoding.txt:1198", "Phoenix.IssueCoding.txt:2521",
                               "Phoenix.IssueCoding.txt:2889", "Phoenix.IssueCoding.txt:3053"}));

  const VerbDictionary& v = set->verbs();
  EXPECT_EQ(v.format(), VerbFormat::kPetrarch2);
  EXPECT_GT(v.blocks().size(), 350u);
  EXPECT_GT(v.patterns().size(), 4000u);
  EXPECT_GT(v.members().size(), 1500u);
  EXPECT_EQ(v.transformations().size(), 9u);
  EXPECT_GE(v.FindSynset("CURRENCY"), 0);
  // "rushed" is a regular form of RUSH in the ACCELERATE block.
  bool found = false;
  for (const VerbFormRef& r : v.FindVerb("rushed")) found |= v.blocks()[r.block].name == "ACCELERATE";
  EXPECT_TRUE(found);
  EXPECT_FALSE(v.FindVerb("sped").empty());

  const ActorDictionary& a = set->actors();
  EXPECT_GT(a.actors().size(), 25000u);
  EXPECT_GT(a.phrases().size(), 30000u);
  const std::vector<std::string_view> afghanistan{"afghanistan"};
  const ActorPhrase* p = a.LongestMatch(afghanistan, 0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(a.actors()[p->actor].CodeAt(20150101), "AFG");
  const std::vector<std::string_view> ban{"ban", "ki-moon"};
  p = a.LongestMatch(ban, 0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(a.actors()[p->actor].CodeAt(20100101), "IGOUNO");

  EXPECT_GT(set->agents().entries().size(), 4000u);
  EXPECT_GT(set->discards().entries().size(), 400u);
  EXPECT_GT(set->issues().entries().size(), 3000u);
  EXPECT_GT(set->ontology().size(), 200u);
}

TEST(SharedDictionaries, ValidationSetLoads) {
  if (!HaveData()) GTEST_SKIP() << "PETRARCH dictionaries not found in " << Dir();
  for (const char* verbs : {"PETR.Validate.verbs.2.0.txt", "PETR.Validate.verbs.txt"}) {
    SCOPED_TRACE(verbs);
    DictionaryPaths paths;
    paths.verbs = {Dir() + "/" + verbs};
    paths.actors = {Dir() + "/PETR.Validate.actors.txt"};
    paths.agents = {Dir() + "/PETR.Validate.agents.txt"};
    paths.discards = {Dir() + "/PETR.Validate.discards.txt"};
    std::vector<Diagnostic> diags;
    auto set = DictionarySet::Load(paths, LoadOptions(), &diags);
    ASSERT_TRUE(set.ok()) << set.status().ToString();
    const bool v1 = std::string(verbs) == "PETR.Validate.verbs.txt";
    EXPECT_EQ(set->verbs().format(), v1 ? VerbFormat::kPetrarch1 : VerbFormat::kPetrarch2);
    EXPECT_GT(set->verbs().patterns().size(), 300u);
    EXPECT_GT(set->actors().actors().size(), 100u);
    // The validation actors use free-form codes on purpose.
    const std::vector<std::string_view> shire{"the", "shire"};
    const ActorPhrase* p = set->actors().LongestMatch(shire, 0);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(set->actors().actors()[p->actor].CodeAt(0), "FRO/BIL/SAM");
    // The DATE records of the unit-test file (expected codes from their gold events).
    struct DateCase {
      std::vector<std::string_view> words;
      int32_t date;
      const char* code;
    } date_cases[] = {
        {{"sam", "gamgee"}, 19950104, "HOBCIV"},     {{"sam", "gamgee"}, 20100106, "HOBMIL"},
        {{"sam", "gamgee"}, 20100109, "ORCHOB"},     {{"hamfast", "gamgee"}, 20121109, "HOBGOV"},
        {{"hamfast", "gamgee"}, 20121225, "HOBGOV"}, {{"hamfast", "gamgee"}, 19950104, "HOB"},
    };
    for (const DateCase& c : date_cases) {
      const ActorPhrase* a = set->actors().LongestMatch(c.words, 0);
      ASSERT_NE(a, nullptr);
      EXPECT_EQ(set->actors().CodeAt(*a, c.date), c.code) << c.words[0] << " " << c.date;
    }
    if (v1) {
      EXPECT_EQ(Errors(diags), (std::vector<std::string>{"PETR.Validate.verbs.txt:447"}));
    } else {
      EXPECT_EQ(Errors(diags),
                (std::vector<std::string>{
                    "PETR.Validate.verbs.2.0.txt:325", "PETR.Validate.verbs.2.0.txt:326",
                    "PETR.Validate.verbs.2.0.txt:327", "PETR.Validate.verbs.2.0.txt:330",
                    "PETR.Validate.verbs.2.0.txt:331", "PETR.Validate.verbs.2.0.txt:453",
                    "PETR.Validate.verbs.2.0.txt:1108"}));
    }
  }
}

TEST(SharedDictionaries, StrictModeStopsAtTheFirstDefect) {
  if (!HaveData()) GTEST_SKIP() << "PETRARCH dictionaries not found in " << Dir();
  LoadOptions strict;
  strict.strict = true;
  std::vector<Diagnostic> diags;
  auto set = DictionarySet::Load(DictionaryPaths::Phoenix(Dir()), strict, &diags);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(set.status().message().find("CAMEO.2.0.txt:1730: pattern without `*`"),
            std::string::npos)
      << set.status().message();
}

}  // namespace
}  // namespace dyad::dict
