#include "eval/parse_score.h"

#include <gtest/gtest.h>

#include "syntax/conllu.h"

namespace dyad {
namespace {

Document Parse(const std::string& text) {
  auto doc = ReadConllu(text, "t");
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return *doc;
}

const char kGold[] =
    "1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n"
    "2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n"
    "3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n"
    "1-2\tcannot\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "1\tcan\tcan\tAUX\tMD\t_\t0\troot\t_\t_\n"
    "2\tnot\tnot\tPART\tRB\t_\t1\tadvmod\t_\t_\n\n";

TEST(Evaluate, IdenticalFilesScorePerfect) {
  auto r = Evaluate(Parse(kGold), Parse(kGold));
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->las.f1(), 1.0);
  EXPECT_DOUBLE_EQ(r->words.f1(), 1.0);
  EXPECT_DOUBLE_EQ(r->sentences.f1(), 1.0);
  EXPECT_EQ(r->words.gold, 5);
}

TEST(Evaluate, CountsWrongHeadsLabelsAndSentenceSplits) {
  // One sentence instead of two, "cannot" not split, wrong label on "." .
  const char system[] =
      "1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n"
      "2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n"
      "3\t.\t.\tPUNCT\t.\t_\t2\tdep\t_\t_\n"
      "4\tcannot\tcannot\tAUX\tMD\t_\t2\tconj\t_\t_\n\n";
  auto r = Evaluate(Parse(kGold), Parse(system));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->sentences.correct, 0);
  EXPECT_EQ(r->tokens.correct, 4);
  EXPECT_EQ(r->words.system, 4);
  EXPECT_EQ(r->words.gold, 5);
  EXPECT_EQ(r->words.correct, 3);  // "cannot" aligns to neither "can" nor "not"
  EXPECT_EQ(r->uas.correct, 3);
  EXPECT_EQ(r->las.correct, 2);
}

TEST(Evaluate, RejectsDifferentTexts) {
  const char other[] = "1\tThem\tthey\tPRON\tPRP\t_\t0\troot\t_\t_\n\n";
  auto r = Evaluate(Parse(kGold), Parse(other));
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace dyad
