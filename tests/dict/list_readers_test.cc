// Agent, discard, issue and ontology readers: substitutions, plurals, expansions, codes,
// and their diagnostics.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "dict/dictionary.h"

namespace dyad::dict {
namespace {

Result<DictionarySet> Read(DictionaryKind kind, std::string_view text,
                           std::vector<Diagnostic>* diags, bool strict = false) {
  LoadOptions options;
  options.strict = strict;
  return DictionarySet::FromText(kind, "f.txt", text, options, diags);
}

std::string Join(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

TEST(AgentReader, ExpandsSubstitutionsAndPlurals) {
  const char* text =
      "<!-- PETRARCH VALIDATION SUITE AGENTS DICTIONARY -->\n"
      "!PERSON! = MAN, MEN, WOMAN\n"
      "!MINIST! = MINISTER, MINISTRY\n"
      "FARMER [~AGR]\n"
      "CONGRESS!PERSON! [~LEG]\n"
      "FOREIGN_!MINIST! [~GOV]\n"
      "POLICE {} [ ~COP] # no plural\n"
      "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\n"
      "HUMAN_RIGHTS_BODY  [NGO~]\n"
      "SECURITY SERVICE [~GOV]\n"
      "PARTY [~PTY]\n"
      "CHURCH [~CHR]\n"
      "CONGRESS!PERSON! [~LEG}\n";
  std::vector<Diagnostic> diags;
  auto set = Read(DictionaryKind::kAgents, text, &diags);
  ASSERT_TRUE(set.ok());
  const auto& entries = set->agents().entries();
  std::vector<std::string> got;
  for (const auto& e : entries) {
    got.push_back(Join(e.words) + "=" + (e.code_before_actor ? e.code + "~" : "~" + e.code) +
                  (e.plural ? "/pl" : "") + (e.has_gaps ? "/gap" : ""));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "farmer=~AGR", "farmers=~AGR/pl", "congressman=~LEG", "congressmen=~LEG",
                     "congresswoman=~LEG", "foreign minister=~GOV", "foreign ministry=~GOV",
                     "police=~COP", "attorney general=~GOVATG", "attorneys general=~GOVATG/pl",
                     "human rights body=NGO~", "human rights bodies=NGO~/pl",
                     "security service=~GOV/gap", "security services=~GOV/pl/gap",
                     "party=~PTY", "parties=~PTY/pl", "church=~CHR", "churches=~CHR/pl"}));
  // The repeated CONGRESS!PERSON! line: `}` accepted with a warning, then it replaces
  // the earlier entries in place.
  ASSERT_EQ(diags.size(), 4u);
  EXPECT_EQ(diags[0].ToString(), "f.txt:13: warning: agent code closed with `}` instead of `]`");
  EXPECT_EQ(diags[1].ToString(),
            "f.txt:13: warning: agent phrase 'congressman' also at f.txt:5 (this later one wins)");
  EXPECT_EQ(entries[2].loc.ToString(), "f.txt:13");
  EXPECT_EQ(entries[0].loc.ToString(), "f.txt:4");

  const std::vector<std::string> sentence{"the", "foreign", "ministry", "said"};
  const std::vector<std::string_view> words(sentence.begin(), sentence.end());
  size_t length = 0;
  const AgentEntry* e = set->agents().LongestMatch(words, 1, &length);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(length, 2u);
  EXPECT_EQ(e->code, "GOV");
}

TEST(AgentReader, ReportsMalformedLines) {
  struct Case {
    const char* line;
    const char* message;
  } cases[] = {
      {"ISLAMIC_EXTREMIST", "agent without `[~CODE]`"},
      {"REBEL [REB]", "agent code without `~`"},
      {"REBEL [~RE B]", ""},  // Blanks inside the code are removed: "~REB" is fine.
      {"REBEL [~REB] extra", "text after the agent code"},
      {"REBEL {REBELZ [~REB]", "malformed `{plural}`"},
      {"!NOSUCH!_OFFICIAL [~GOV]", "undefined substitution marker '!NOSUCH!'"},
      {"!BAD! = A,, B", "malformed substitution list"},
      {"REBEL [~", "unclosed `[`"},
      {"[~REB]", "malformed agent phrase"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    std::vector<Diagnostic> diags;
    auto set = Read(DictionaryKind::kAgents, "A [~X]\n" + std::string(c.line) + "\nB [~Y]\n",
                    &diags);
    ASSERT_TRUE(set.ok());
    if (c.message[0] == '\0') {
      EXPECT_TRUE(diags.empty());
      continue;
    }
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].line, 2);
    EXPECT_NE(diags[0].message.find(c.message), std::string::npos) << diags[0].message;
    EXPECT_EQ(set->agents().entries().size(), 4u);  // A, As, B, Bs.
  }
}

TEST(DiscardReader, ReadsSentenceAndStoryDiscards) {
  std::vector<Diagnostic> diags;
  auto set = Read(DictionaryKind::kDiscards,
                  "# Story-level discards are indicated with a '+'.\nMONTHS LATER\n"
                  "+World Golf Championships   # pas\nBASEBALL_\n1914\n+\nBASEBALL_\n",
                  &diags);
  ASSERT_TRUE(set.ok());
  const auto& e = set->discards().entries();
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(Join(e[0].words), "months later");
  EXPECT_FALSE(e[0].whole_story);
  EXPECT_EQ(Join(e[1].words), "world golf championships");
  EXPECT_TRUE(e[1].whole_story);
  EXPECT_TRUE(e[2].exact_end);
  EXPECT_FALSE(e[0].exact_end);
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_EQ(diags[0].ToString(), "f.txt:6: error: empty discard phrase");
  EXPECT_EQ(diags[1].severity, Diagnostic::Severity::kWarning);
}

TEST(IssueReader, ExpandsNounVerbAndJoinForms) {
  const char* text =
      "<ISSUE CATEGORY=\"EDUCATION\" TYPE=\"ALL\">\n"
      "n:teacher [TEACHERS]\n"
      "pre+n:school [EARLY_CHILDHOOD_EDUCATION]\n"
      "ethnic v:purge [ID_ATROCITY]\n"
      "european central bank\n"
      "~a head start\n"
      "~~emacs code browser\n"
      "</ISSUE>\n";
  std::vector<Diagnostic> diags;
  auto set = Read(DictionaryKind::kIssues, text, &diags);
  ASSERT_TRUE(set.ok());
  for (const auto& d : diags) ADD_FAILURE() << d.ToString();
  std::set<std::string> got;
  for (const auto& e : set->issues().entries()) {
    got.insert(Join(e.words) + "=" + e.code + "/" + std::to_string(e.ignore));
  }
  EXPECT_EQ(got, (std::set<std::string>{
                     "teacher=TEACHERS/0", "teachers=TEACHERS/0",
                     "pre school=EARLY_CHILDHOOD_EDUCATION/0",
                     "pre-school=EARLY_CHILDHOOD_EDUCATION/0",
                     "pre schools=EARLY_CHILDHOOD_EDUCATION/0",
                     "pre-schools=EARLY_CHILDHOOD_EDUCATION/0", "ethnic purge=ID_ATROCITY/0",
                     "ethnic purges=ID_ATROCITY/0", "ethnic purged=ID_ATROCITY/0",
                     "ethnic purging=ID_ATROCITY/0",
                     "european central bank=EDUCATION/0",  // No code: the category's.
                     "a head start=/1", "emacs code browser=/2"}));
  EXPECT_EQ(set->issues().entries()[0].category, "EDUCATION");
}

TEST(IssueReader, ReportsMalformedLines) {
  struct Case {
    const char* line;
    const char* message;
  } cases[] = {
      {"v:block m:site", "unknown expansion prefix 'm:'"},
      {"aqim [NAMED] [NAMED]", "text after the issue code"},
      {"liberation tigers [NAMED]*******", "text after the issue code"},
      {"n: [X]", "empty word after 'n:'"},
      {"<FOO>", "unknown tag"},
      {"bad [A B]", "malformed issue code"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    std::vector<Diagnostic> diags;
    auto set = Read(DictionaryKind::kIssues,
                    "<ISSUE CATEGORY=\"X\">\n" + std::string(c.line) + "\n</ISSUE>\n", &diags);
    ASSERT_TRUE(set.ok());
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].line, 2);
    EXPECT_NE(diags[0].message.find(c.message), std::string::npos) << diags[0].message;
  }
  std::vector<Diagnostic> diags;
  auto set = Read(DictionaryKind::kIssues, "no category\n", &diags);
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_NE(diags[0].message.find("outside an <ISSUE> category"), std::string::npos);
}

// Regression (found by dict_lists_fuzz): a line of many `a+b+c` tokens multiplied its
// per-token expansions before checking the cap, allocating gigabytes.
TEST(IssueReader, ExpansionProductIsCappedBeforeItIsBuilt) {
  std::string line;
  for (int i = 0; i < 12; ++i) line += "n:a+n:b+n:c ";
  std::vector<Diagnostic> diags;
  auto set = Read(DictionaryKind::kIssues, "<ISSUE CATEGORY=\"X\">\n" + line + "\n</ISSUE>\n", &diags);
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].line, 2);
  EXPECT_NE(diags[0].message.find("expansion too large"), std::string::npos) << diags[0].message;
  EXPECT_TRUE(set->issues().entries().empty());
}

TEST(OntologyReader, ReadsSignedHexSums) {
  std::vector<Diagnostic> diags;
  auto set = Read(DictionaryKind::kOntology,
                  "# PICO\n010:0x1000#Make Public Statement\n011:0x1000-0xFFFF\n"
                  "122:-0xFFFF+0x2040+0x300# mask\n           # continued comment\n---:0\n"
                  "bad line\n012:0xZZ\n",
                  &diags);
  ASSERT_TRUE(set.ok());
  const auto& o = set->ontology();
  ASSERT_EQ(o.size(), 4u);
  EXPECT_EQ(o[0].cameo, "010");
  EXPECT_EQ(o[0].terms, (std::vector<int32_t>{0x1000}));
  EXPECT_EQ(o[0].comment, "Make Public Statement");
  EXPECT_EQ(o[1].terms, (std::vector<int32_t>{0x1000, -0xFFFF}));
  EXPECT_EQ(o[2].terms, (std::vector<int32_t>{-0xFFFF, 0x2040, 0x300}));
  EXPECT_EQ(o[3].cameo, "---");
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_EQ(diags[0].line, 7);
  EXPECT_EQ(diags[1].line, 8);
}

TEST(DictionarySet, LoadReportsMissingFiles) {
  DictionaryPaths paths;
  paths.actors = {"/nonexistent/dir/x.actors.txt"};
  std::vector<Diagnostic> diags;
  auto set = DictionarySet::Load(paths, LoadOptions(), &diags);
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find("/nonexistent/dir/x.actors.txt"), std::string::npos);
}

TEST(DictionarySet, GuessesKindsFromNames) {
  EXPECT_EQ(GuessKind("dir/CAMEO.2.0.txt"), DictionaryKind::kVerbs);
  EXPECT_EQ(GuessKind("PETR.Validate.verbs.txt"), DictionaryKind::kVerbs);
  EXPECT_EQ(GuessKind("/a/Phoenix.Countries.actors.txt"), DictionaryKind::kActors);
  EXPECT_EQ(GuessKind("Phoenix.agents.txt"), DictionaryKind::kAgents);
  EXPECT_EQ(GuessKind("Phoenix.discards.txt"), DictionaryKind::kDiscards);
  EXPECT_EQ(GuessKind("Phoenix.IssueCoding.txt"), DictionaryKind::kIssues);
  EXPECT_EQ(GuessKind("PETR.Internal.Coding.Ontology.txt"), DictionaryKind::kOntology);
  EXPECT_EQ(GuessKind("Phoenix.prepositions.txt"), DictionaryKind::kUnknown);
}

TEST(DictionarySet, SourceLocsSurviveMoves) {
  std::vector<Diagnostic> diags;
  auto set = DictionarySet::FromText(DictionaryKind::kActors, "moved.txt", "X [Y]\n",
                                     LoadOptions(), &diags);
  ASSERT_TRUE(set.ok());
  DictionarySet moved = std::move(set).value();
  DictionarySet again = std::move(moved);
  EXPECT_EQ(again.actors().actors()[0].loc.ToString(), "moved.txt:1");
  EXPECT_TRUE(again.verbs().blocks().empty());
}

}  // namespace
}  // namespace dyad::dict
