#include "syntax/conllu.h"

#include <gtest/gtest.h>

namespace dyad {
namespace {

constexpr char kSample[] =
    "# sent_id = s1\n"
    "# text = I'm gonna go.\n"
    "1-2\tI'm\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "1\tI\tI\tPRON\tPRP\tCase=Nom\t4\tnsubj\t_\t_\n"
    "2\t'm\tbe\tAUX\tVBP\t_\t4\taux\t_\t_\n"
    "3-4\tgonna\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "3\tgon\tgo\tVERB\tVBG\t_\t0\troot\t_\t_\n"
    "4\tna\tto\tPART\tTO\t_\t3\tmark\t_\t_\n"
    "5\tgo\tgo\tVERB\tVB\t_\t3\txcomp\t_\tSpaceAfter=No\n"
    "6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
    "\n";

TEST(Conllu, ReadsMultiwordTokensAndSpaces) {
  auto doc = ReadConllu(kSample, "t.conllu");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ(doc->sentences.size(), 1u);
  const Sentence& s = doc->sentences[0];
  EXPECT_EQ(s.id, "s1");
  EXPECT_EQ(s.words.size(), 6u);
  EXPECT_EQ(s.tokens.size(), 4u);
  EXPECT_EQ(doc->SentenceText(s), "I'm gonna go.");
  EXPECT_EQ(doc->TokenText(s.tokens[1]), "gonna");
  EXPECT_EQ(s.tokens[1].word_count, 2u);
  EXPECT_EQ(s.words[2].upos, Upos::kVERB);
  EXPECT_EQ(s.words[2].head, 0);
}

TEST(Conllu, RoundTrips) {
  auto doc = ReadConllu(kSample, "t.conllu");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(WriteConllu(*doc), kSample);
}

TEST(Conllu, MalformedLinesNameTheLine) {
  struct Case { std::string text; std::string where; };
  const Case cases[] = {
      {"1\tA\ta\tNOUN\tNN\t_\t0\troot\t_\n", "x:1:"},                 // 9 fields
      {"1\tA\ta\tNOUN\tNN\t_\t0\troot\t_\t_\n3\tB\tb\tNOUN\tNN\t_\t1\tdep\t_\t_\n", "x:2:"},
      {"1\tA\ta\tNOUN\tNN\t_\t7\troot\t_\t_\n", "x:1:"},               // head out of range
      {"1\tA\ta\tBOGUS\tNN\t_\t0\troot\t_\t_\n", "x:1:"},
      {"1\tA\ta\tNOUN\tNN\t_\tx\troot\t_\t_\n", "x:1:"},
      {"1-3\tAB\t_\t_\t_\t_\t_\t_\t_\t_\n1\tA\ta\tNOUN\tNN\t_\t0\troot\t_\t_\n\n", "x:3:"},
  };
  for (const Case& c : cases) {
    auto doc = ReadConllu(c.text, "x");
    ASSERT_FALSE(doc.ok()) << c.text;
    EXPECT_EQ(doc.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(doc.status().message().rfind(c.where, 0), 0u) << doc.status().message();
  }
}

TEST(Conllu, CapsSentenceLength) {
  std::string text;
  for (int i = 1; i <= 20; ++i) text += std::to_string(i) + "\tw\tw\tX\tX\t_\t0\tdep\t_\t_\n";
  ConlluReadOptions options;
  options.max_sentence_words = 10;
  auto doc = ReadConllu(text, "big", options);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), Status::Code::kResourceExhausted);
}

TEST(Conllu, EmptyInputIsAnEmptyDocument) {
  auto doc = ReadConllu("", "empty");
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(doc->sentences.empty());
}

}  // namespace
}  // namespace dyad
