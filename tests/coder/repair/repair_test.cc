// The tree repairs, tree in and tree out. Every file of cases/ holds CoNLL-U sentences
// with `# repair = NAME` and `# expect = ID FORM HEAD DEPREL VERB` lines (VERB: Verb=Yes
// for a word coded as a verb, else _): the tree the rule alone must leave; a sentence
// with `# expect = unchanged` is a negative case, a tree the rule must not touch. Every
// rule of kRepairs has at least one case of each kind.
// The slow test runs every rule over the gold trees of UD English-EWT dev (outside data:
// it fails, not skips, when the treebank is missing) and fails when a rule rewrites more
// than 0.5% of them: a repair must not damage good parses. It also writes the rules'
// page (doc/repairs.md) with the measured rates: to the build directory always, and over
// the committed page when DYAD_WRITE_REPAIR_DOC=1 is set.
#include "coder/repair/repair.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "coder/coder.h"
#include "coder/tree.h"
#include "syntax/conllu.h"

namespace dyad::coder {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The comment value of `key` ("repair = x" → "x") in each of the sentence's comments.
std::vector<std::string> CommentValues(const Sentence& s, const std::string& key) {
  std::vector<std::string> values;
  const std::string prefix = key + " = ";
  for (const std::string& c : s.comments) {
    if (c.rfind(prefix, 0) == 0) values.push_back(c.substr(prefix.size()));
  }
  return values;
}

// The tree as the case files write it: "ID FORM HEAD DEPREL VERB" per word.
std::vector<std::string> TreeLines(const Sentence& s, const WorkingTree& tree) {
  std::vector<std::string> lines;
  std::istringstream conllu(tree.ToConllu(s));
  for (std::string line; std::getline(conllu, line);) {
    std::vector<std::string> cols;
    std::istringstream fields(line);
    for (std::string f; std::getline(fields, f, '\t');) cols.push_back(f);
    lines.push_back(cols[0] + " " + cols[1] + " " + cols[6] + " " + cols[7] + " " + cols[9]);
  }
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += "# expect = " + l + "\n";
  return out;
}

TEST(TreeRepair, Cases) {
  std::map<std::string, int> positive, negative;
  const std::filesystem::path dir = DYAD_REPAIR_CASES;
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".conllu") continue;
    Result<Document> doc = ReadConllu(ReadFile(entry.path()), entry.path().string());
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    for (const Sentence& s : doc->sentences) {
      const std::vector<std::string> names = CommentValues(s, "repair");
      ASSERT_EQ(names.size(), 1u) << entry.path() << " " << s.id << ": one `# repair = NAME`";
      const int rule = FindRepair(names[0]);
      ASSERT_GE(rule, 0) << entry.path() << ": no repair named " << names[0];
      WorkingTree tree;
      ASSERT_TRUE(tree.Load(s)) << entry.path() << " " << s.id;
      const std::vector<std::string> before = TreeLines(s, tree);
      kRepairs[rule].apply(s, &tree);
      const std::vector<std::string> after = TreeLines(s, tree);
      std::vector<std::string> expect = CommentValues(s, "expect");
      if (expect.size() == 1 && expect[0] == "unchanged") {
        ++negative[names[0]];
        EXPECT_EQ(after, before) << entry.path() << " " << s.id << ": " << names[0]
                                 << " must leave this tree alone; it made\n"
                                 << Join(after);
      } else {
        ++positive[names[0]];
        EXPECT_NE(after, before) << entry.path() << " " << s.id << ": " << names[0]
                                 << " did not fire";
        EXPECT_EQ(after, expect) << entry.path() << " " << s.id << ": " << names[0] << " made\n"
                                 << Join(after);
      }
    }
  }
  for (const RepairRule& r : kRepairs) {
    EXPECT_GT(positive[std::string(r.name)], 0) << "no case where " << r.name << " fires";
    EXPECT_GT(negative[std::string(r.name)], 0) << "no case " << r.name << " must not touch";
  }
}

TEST(TreeRepair, NamesAreUniqueAndFindable) {
  for (size_t k = 0; k < kRepairs.size(); ++k) {
    EXPECT_EQ(FindRepair(kRepairs[k].name), static_cast<int>(k)) << kRepairs[k].name;
    EXPECT_FALSE(kRepairs[k].example.empty()) << kRepairs[k].name;
    EXPECT_FALSE(kRepairs[k].found_on.empty()) << kRepairs[k].name;
  }
  EXPECT_EQ(RepairNames().size(), kRepairs.size());
}

TEST(TreeRepair, UnknownNameIsAnError) {
  const std::vector<std::string> names = {"day-before-the-verb", "no-such-repair"};
  Result<Repairer> r = Repairer::Create(names);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().ToString().find("no-such-repair"), std::string::npos);
  EXPECT_TRUE(Repairer::Create(std::vector<std::string>{"day-before-the-verb"}).ok());
}

// Reads the cases of `name` and returns its first positive case's sentence.
Sentence FirstCase(const std::string& name) {
  Result<Document> doc =
      ReadConllu(ReadFile(std::filesystem::path(DYAD_REPAIR_CASES) / (name + ".conllu")), name);
  EXPECT_TRUE(doc.ok());
  return doc.ok() ? doc->sentences[0] : Sentence();
}

TEST(TreeRepair, RunCountsFiresAndSkipsDisabledRules) {
  const Sentence s = FirstCase("day-before-the-verb");
  const int rule = FindRepair("day-before-the-verb");
  std::vector<uint64_t> fires;
  WorkingTree tree;
  ASSERT_TRUE(tree.Load(s));
  Result<Repairer> all = Repairer::Create({});
  ASSERT_TRUE(all.ok());
  all->Run(s, &tree, &fires);
  ASSERT_EQ(fires.size(), kRepairs.size());
  EXPECT_EQ(fires[rule], 1u);

  const std::vector<std::string> off = {"day-before-the-verb"};
  Result<Repairer> without = Repairer::Create(off);
  ASSERT_TRUE(without.ok());
  std::vector<uint64_t> none;
  ASSERT_TRUE(tree.Load(s));
  without->Run(s, &tree, &none);
  EXPECT_EQ(none[rule], 0u);
}

TEST(TreeRepair, DocListsEveryRule) {
  const std::string doc = ReadFile(std::filesystem::path(DYAD_SOURCE_DIR) / "doc/repairs.md");
  for (const RepairRule& r : kRepairs) {
    std::string quoted = "`";
    quoted.append(r.name);
    quoted += '`';
    EXPECT_NE(doc.find(quoted), std::string::npos)
        << r.name << " is missing from doc/repairs.md: run the slow test with "
        << "DYAD_WRITE_REPAIR_DOC=1 (ctest -R TreeRepairSlow)";
  }
}

// The page doc/repairs.md, from kRepairs and the measured gold-tree rates.
std::string RepairDoc(const std::vector<uint64_t>& fires, uint64_t trees) {
  std::string out =
      "<!-- Generated from kRepairs (src/coder/repair/repair.cc) by TEST(TreeRepairSlow, "
      "QuietOnGoldTrees) with DYAD_WRITE_REPAIR_DOC=1; do not edit by hand. -->\n"
      "# Tree repairs\n\n"
      "Before the coder reads a parse it puts back constructions English grammar rules out\n"
      "and that dyad's parsers are known to produce. Each rule is one row of `kRepairs`, in\n"
      "the order below (a rule sees the trees the rules above it left), with a case file\n"
      "`tests/coder/repair/cases/NAME.conllu` giving a tree before and after it and a tree\n"
      "it must not touch. Switch them off with `dyad code --no-repairs` (and `dyad\n"
      "validate`; `EngineOptions::repairs = false`), or one by one with `--disable-repair\n"
      "NAME` (`EngineOptions::disabled_repairs`); `dyad code --repair-stats` prints, per\n"
      "rule, the sentences whose tree it changed (`CodeStats::repair_fires`).\n\n"
      "*Gold fires* is how often the rule rewrites a correct tree: the share of the " +
      std::to_string(trees) +
      " gold trees of UD English-EWT dev it changes. The slow test fails above 0.5%.\n\n"
      "| # | name | example | found on | gold fires | order |\n"
      "|---|---|---|---|---|---|\n";
  for (size_t k = 0; k < kRepairs.size(); ++k) {
    const RepairRule& r = kRepairs[k];
    char rate[64];
    std::snprintf(rate, sizeof(rate), "%.2f%% (%llu)", trees ? 100.0 * fires[k] / trees : 0.0,
                  static_cast<unsigned long long>(fires[k]));
    out += "| " + std::to_string(k + 1) + " | `" + std::string(r.name) + "` | " +
           std::string(r.example) + " | " + std::string(r.found_on) + " | " + rate + " | " +
           std::string(r.order) + " |\n";
  }
  out += ReadFile(std::filesystem::path(DYAD_REPAIR_CASES) / ".." / "tolerances.md");
  return out;
}

TEST(TreeRepairSlow, QuietOnGoldTrees) {
  const std::filesystem::path path =
      std::filesystem::path(DYAD_SHARED_DATA) / "ud-en-ewt" / "en_ewt-ud-dev.conllu";
  ASSERT_TRUE(std::filesystem::exists(path))
      << "UD English-EWT dev is needed and missing: " << path
      << " (the shared data directory ../shared/data beside the source tree)";
  Result<Document> doc = ReadConllu(ReadFile(path), path.string());
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  std::vector<uint64_t> fires(kRepairs.size(), 0);
  uint64_t trees = 0;
  WorkingTree tree;
  for (const Sentence& s : doc->sentences) {
    if (!tree.Load(s)) continue;
    ++trees;
    // Each rule on the gold tree itself, as if it were the only one.
    for (size_t k = 0; k < kRepairs.size(); ++k) {
      tree.Load(s);
      tree.Save();
      kRepairs[k].apply(s, &tree);
      if (tree.ChangedSinceSave()) ++fires[k];
    }
  }
  ASSERT_GT(trees, 1000u);
  for (size_t k = 0; k < kRepairs.size(); ++k) {
    const double rate = static_cast<double>(fires[k]) / static_cast<double>(trees);
    std::printf("%-36s %5.2f%% (%llu of %llu gold trees)\n", std::string(kRepairs[k].name).c_str(),
                100.0 * rate, static_cast<unsigned long long>(fires[k]),
                static_cast<unsigned long long>(trees));
    EXPECT_LE(rate, 0.005) << kRepairs[k].name << " rewrites " << fires[k] << " of " << trees
                           << " correct EWT dev trees";
  }
  const std::string page = RepairDoc(fires, trees);
  std::ofstream(std::filesystem::path(DYAD_BINARY_DIR) / "repairs.md") << page;
  if (const char* write = std::getenv("DYAD_WRITE_REPAIR_DOC"); write != nullptr && *write == '1') {
    std::ofstream(std::filesystem::path(DYAD_SOURCE_DIR) / "doc/repairs.md") << page;
  }
}

}  // namespace
}  // namespace dyad::coder
