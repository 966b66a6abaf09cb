// Dictionary directories and layering: DictionaryPaths::FromDirectory (kinds from names,
// byte order, unknown files as warnings, PETRARCH distributions read as the Phoenix set)
// and the layering rules of `--dict +DIR` (dictionary.h, DictionaryPaths): a higher layer's
// actor phrase, agent phrase or verb wins; discards add up; the topmost ontology is used.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "dict/dictionary.h"

namespace dyad::dict {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(fs::temp_directory_path() / ("dyad_layering_" + name + "_" +
                                           std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string path() const { return path_.string(); }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
  }

 private:
  fs::path path_;
};

std::string Base(const std::string& path) { return fs::path(path).filename().string(); }

TEST(DictionaryDirectory, GuessesKindsInByteOrderAndWarnsAboutUnknownFiles) {
  TempDir dir("kinds");
  dir.Write("b.actors.txt", "ARNOR_ [ARN]\n");
  dir.Write("a.actors.txt", "GONDOR_ [GON]\n");
  dir.Write("x.verbs.txt", "--- MEET [040] ---\nMEET\n");
  dir.Write("x.agents.txt", "SOLDIER [~MIL]\n");
  dir.Write("x.discards.txt", "FOOTBALL\n");
  dir.Write("x.ontology.txt", "040:0x0010\n");
  dir.Write("x.prepositions.txt", "OF\n");
  dir.Write("README.md", "not a dictionary\n");
  dir.Write(".hidden.actors.txt", "MORDOR_ [MOR]\n");
  std::vector<Diagnostic> warnings;
  auto paths = DictionaryPaths::FromDirectory(dir.path(), &warnings);
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  ASSERT_EQ(paths->actors.size(), 2u);
  EXPECT_EQ(Base(paths->actors[0]), "a.actors.txt");
  EXPECT_EQ(Base(paths->actors[1]), "b.actors.txt");
  ASSERT_EQ(paths->verbs.size(), 1u);
  EXPECT_EQ(paths->agents.size(), 1u);
  EXPECT_EQ(paths->discards.size(), 1u);
  EXPECT_EQ(paths->ontology.size(), 1u);
  EXPECT_EQ(paths->size(), 6u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].severity, Diagnostic::Severity::kWarning);
  EXPECT_EQ(Base(warnings[0].file), "x.prepositions.txt");

  std::vector<Diagnostic> diags;
  auto set = DictionarySet::Load(*paths, LoadOptions(), &diags);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->actors().actors().size(), 2u);
  EXPECT_EQ(set->ontology().size(), 1u);
}

TEST(DictionaryDirectory, ErrorsNameThePath) {
  TempDir empty("empty");
  auto none = DictionaryPaths::FromDirectory(empty.path(), nullptr);
  EXPECT_EQ(none.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(none.status().message().find(empty.path()), std::string::npos);
  auto missing = DictionaryPaths::FromDirectory(empty.path() + "/nope", nullptr);
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  empty.Write("file.actors.txt", "A_ [AAA]\n");
  auto file = DictionaryPaths::FromDirectory(empty.path() + "/file.actors.txt", nullptr);
  EXPECT_EQ(file.status().code(), Status::Code::kInvalidArgument);
}

TEST(DictionaryDirectory, PetrarchDistributionIsThePhoenixSet) {
  TempDir dir("phoenix");
  dir.Write("CAMEO.2.0.txt", "");
  dir.Write("Phoenix.Countries.actors.txt", "");
  dir.Write("PETR.Validate.actors.txt", "");  // Must not be mixed in.
  auto paths = DictionaryPaths::FromDirectory(dir.path(), nullptr);
  ASSERT_TRUE(paths.ok());
  const DictionaryPaths phoenix = DictionaryPaths::Phoenix(dir.path());
  EXPECT_EQ(paths->actors, phoenix.actors);
  EXPECT_EQ(paths->verbs, phoenix.verbs);
  // A linter (`dyad dict check DIR`) reads every file instead.
  auto every = DictionaryPaths::FromDirectory(dir.path(), nullptr, /*every_file=*/true);
  ASSERT_TRUE(every.ok());
  ASSERT_EQ(every->actors.size(), 2u);
  EXPECT_EQ(Base(every->actors[0]), "PETR.Validate.actors.txt");
}

// A base set and a set layered on top of it, both in memory as directories.
class Layering : public ::testing::Test {
 protected:
  Layering() : base_("base"), top_("top") {
    base_.Write("base.actors.txt",
                "ARNOR_ [ARN]\n"
                "ARAGORN_ [ARNGOV 20000101-20101231]\n"
                "ELROND_ [RIV]\n");
    base_.Write("base.agents.txt", "RANGER [~MIL]\nSCRIBE [~EDU]\n");
    base_.Write("base.discards.txt", "FOOTBALL\n");
    base_.Write("base.ontology.txt", "040:0x0010\n");
    base_.Write("base.verbs.txt",
                "--- ATTACK [190] ---\nATTACK\n- * RECENTLY [191]\n\n"
                "--- MEET [040] ---\nMEET\nCONFER\n");
    top_.Write("top.actors.txt", "ARAGORN_ [GONGOV]\n");
    top_.Write("top.agents.txt", "RANGER [~REB]\n");
    top_.Write("top.discards.txt", "CRICKET\n");
    top_.Write("top.verbs.txt", "--- TALK [041] ---\nMEET\n");
  }

  DictionarySet Load(bool layered) {
    auto base = DictionaryPaths::FromDirectory(base_.path(), nullptr);
    EXPECT_TRUE(base.ok());
    if (layered) {
      auto top = DictionaryPaths::FromDirectory(top_.path(), nullptr);
      EXPECT_TRUE(top.ok());
      base->AddOverlay(std::move(*top));
    }
    std::vector<Diagnostic> diags;
    auto set = DictionarySet::Load(*base, LoadOptions(), &diags);
    EXPECT_TRUE(set.ok()) << set.status().ToString();
    for (const Diagnostic& d : diags) {
      EXPECT_NE(d.severity, Diagnostic::Severity::kError) << d.ToString();
    }
    return std::move(*set);
  }

  static std::string ActorCode(const DictionarySet& set, std::vector<std::string_view> words,
                               int32_t date) {
    const ActorPhrase* p = set.actors().LongestMatch(words, 0);
    return p == nullptr ? "(none)" : std::string(set.actors().CodeAt(*p, date));
  }

  // The event code of the first verb entry for `word`, "" when none.
  static std::string VerbCode(const DictionarySet& set, std::string_view word) {
    auto refs = set.verbs().FindVerb(word);
    if (refs.empty()) return "";
    std::string codes;
    for (const VerbFormRef& r : refs) {
      codes += (codes.empty() ? "" : ",") + set.verbs().members()[r.member].code.code;
    }
    return codes;
  }

  TempDir base_;
  TempDir top_;
};

TEST_F(Layering, TopActorPhraseWinsEvenWhereBaseDatesWouldPickTheBase) {
  const DictionarySet base = Load(false);
  EXPECT_EQ(ActorCode(base, {"aragorn"}, 20050101), "ARNGOV");
  const DictionarySet layered = Load(true);
  // Within one set a narrower dated code beats an unrestricted one; across layers the top
  // layer's definition replaces the base's.
  EXPECT_EQ(ActorCode(layered, {"aragorn"}, 20050101), "GONGOV");
  EXPECT_EQ(ActorCode(layered, {"aragorn"}, 0), "GONGOV");
  EXPECT_EQ(ActorCode(layered, {"elrond"}, 0), "RIV");  // Base entries stay.
  EXPECT_EQ(layered.file_stats().back().layer, 1);
  EXPECT_EQ(layered.file_stats().front().layer, 0);
}

TEST_F(Layering, TopAgentReplacesBaseAgent) {
  const DictionarySet layered = Load(true);
  const std::vector<std::string_view> ranger = {"ranger"};
  const AgentEntry* e = layered.agents().LongestMatch(ranger, 0);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->code, "REB");
  const std::vector<std::string_view> scribe = {"scribe"};
  ASSERT_NE(layered.agents().LongestMatch(scribe, 0), nullptr);
}

TEST_F(Layering, TopVerbHidesTheBaseVerbAndItsPatternsOnly) {
  const DictionarySet base = Load(false);
  EXPECT_EQ(VerbCode(base, "meet"), "040");
  const DictionarySet layered = Load(true);
  // MEET is redefined on top: only the top's block is found, in every form.
  EXPECT_EQ(VerbCode(layered, "meet"), "041");
  EXPECT_EQ(VerbCode(layered, "meets"), "041");
  // The base block's other verb and other blocks stay.
  EXPECT_EQ(VerbCode(layered, "confer"), "040");
  EXPECT_EQ(VerbCode(layered, "attacked"), "190");
  const std::map<std::string, size_t> codes = CountEventCodes(layered.verbs());
  EXPECT_EQ(codes.at("041"), 1u);
  EXPECT_EQ(codes.at("040"), 1u);  // CONFER only; the hidden MEET no longer counts.
  EXPECT_EQ(codes.at("191"), 1u);
}

TEST_F(Layering, DiscardsAddUpAndTheTopmostOntologyIsUsed) {
  const DictionarySet layered = Load(true);
  EXPECT_EQ(layered.discards().entries().size(), 2u);
  // The top set has no ontology: the base's is used.
  ASSERT_EQ(layered.ontology().size(), 1u);
  EXPECT_EQ(layered.ontology()[0].cameo, "040");
  top_.Write("top.ontology.txt", "041:0x0011\n042:0x0012\n");
  const DictionarySet with_top = Load(true);
  ASSERT_EQ(with_top.ontology().size(), 2u);
  EXPECT_EQ(with_top.ontology()[0].cameo, "041");
}

}  // namespace
}  // namespace dyad::dict
