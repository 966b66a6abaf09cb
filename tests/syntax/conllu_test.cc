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

// Issue 14 ("Also"): a CoNLL-U sentence of more than 10,000 words was a fatal error for the
// whole file, and the file was held whole. Read line by line, a too-long sentence is
// reported with its file:line and skipped, and the sentences around it are read.
TEST(ConlluReader, SkipsATooLongSentenceAndReadsOn) {
  auto sentence = [](int words, const std::string& id) {
    std::string s = "# sent_id = " + id + "\n";
    for (int i = 1; i <= words; ++i) {
      s += std::to_string(i) + "\tw" + std::to_string(i) + "\tw\tX\tX\t_\t" + (i == 1 ? "0" : "1") +
           "\t" + (i == 1 ? "root" : "dep") + "\t_\t_\n";
    }
    return s + "\n";
  };
  const std::string text = sentence(3, "a") + sentence(20, "long") + sentence(2, "b");
  ConlluReadOptions options;
  options.max_sentence_words = 10;
  ConlluReader reader("big.conllu", options);
  std::vector<std::string> problems;
  std::vector<std::string> ids;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    const Status s = reader.AddLine(std::string_view(text).substr(pos, nl - pos));
    pos = nl + 1;
    if (!s.ok()) {
      EXPECT_EQ(s.code(), Status::Code::kResourceExhausted);
      problems.push_back(s.message());
    }
    // Taken as they complete: the reader holds one sentence at a time.
    EXPECT_LE(reader.sentences(), 1u);
    for (const Sentence& done : reader.TakeDocument().sentences) ids.push_back(done.id);
  }
  ASSERT_TRUE(reader.Finish().ok());
  EXPECT_EQ(reader.sentences(), 0u);
  // Line 6 + 11: the "long" sentence's comment is line 6, its 11th word line 17.
  EXPECT_EQ(problems,
            (std::vector<std::string>{"big.conllu:17: sentence longer than 10 words; skipped"}));
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b"}));
}

TEST(ConlluReader, KeepsTextAndSpansOfTakenSentences) {
  ConlluReader reader("t.conllu");
  for (std::string_view line : {"1\tHello\thello\tINTJ\tUH\t_\t0\troot\t_\tSpaceAfter=No",
                                "2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_", ""}) {
    ASSERT_TRUE(reader.AddLine(line).ok());
  }
  Document first = reader.TakeDocument();
  ASSERT_TRUE(reader.AddLine("1\tBye\tbye\tINTJ\tUH\t_\t0\troot\t_\t_").ok());
  ASSERT_TRUE(reader.Finish().ok());  // no blank line at the end
  Document second = reader.TakeDocument();
  ASSERT_EQ(first.sentences.size(), 1u);
  ASSERT_EQ(second.sentences.size(), 1u);
  EXPECT_EQ(first.SentenceText(first.sentences[0]), "Hello!");
  EXPECT_EQ(second.SentenceText(second.sentences[0]), "Bye");
  // A malformed line is still an error naming its line.
  const Status bad = reader.AddLine("1\tonly three\tfields");
  EXPECT_EQ(bad.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(bad.message().rfind("t.conllu:5: ", 0), 0u) << bad.message();
}

TEST(Conllu, EmptyInputIsAnEmptyDocument) {
  auto doc = ReadConllu("", "empty");
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(doc->sentences.empty());
}

}  // namespace
}  // namespace dyad
