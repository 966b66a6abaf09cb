// Tests of the PETRARCH story XML reader (input/input.h, doc/formats/input.md): story
// grouping, sentence parts, the documented problems, malformed XML, and the GigaWord
// sample from ../shared/data when it is there.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "input_test_util.h"
#include "input/input.h"

namespace dyad::input {
namespace {

using testing_util::Documents;
using testing_util::Problems;
using testing_util::ReadInputs;
using testing_util::ReadMemory;
using testing_util::ScratchDir;

// Written for this test in the PETRARCH layout.
constexpr char kStories[] = R"(<!-- stories written for the dyad tests -->
<Sentences>
<Sentence date = "20080804" id ="XYZ0808020625_1" source = "XYZ" sentence = "True">
<Text>
Arnor and Gondor signed a trade
agreement on Monday.
</Text>
<Parse>( (S (NP (NNP Arnor)) ) )</Parse>
</Sentence>
<Sentence date="20080804" id="XYZ0808020625_2" source="XYZ" sentence="True">
<Text>The   agreement cuts tariffs.</Text>
</Sentence>
<Sentence date="20080805" id="XYZ0808020700_1" source="XYZ">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>Rohan &amp; Gondor met.</Text>
</Sentence>
<Sentence date="19950101" id="DEMO-00" category="DEMO" sentence="true">
<Text>Demo record.</Text>
</Sentence>
</Sentences>
)";

TEST(PetrarchXml, ConsecutiveSentencesOfAStoryFormOneDocument) {
  const auto items = ReadMemory(kStories, "stories.xml");
  EXPECT_TRUE(Problems(items).empty());
  const auto docs = Documents(items);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].id, "XYZ0808020625");
  EXPECT_EQ(docs[0].date, "20080804");
  EXPECT_EQ(docs[0].source, "XYZ");
  EXPECT_EQ(docs[0].text,
            "Arnor and Gondor signed a trade agreement on Monday.\n\nThe agreement cuts tariffs.");
  EXPECT_EQ(docs[0].file, "stories.xml");
  EXPECT_EQ(docs[0].line, 3u);
  ASSERT_EQ(docs[0].parts.size(), 2u);
  EXPECT_EQ(docs[0].parts[1].id, "XYZ0808020625_2");
  EXPECT_EQ(docs[0].parts[1].line, 10u);
  EXPECT_EQ(docs[0].text.substr(docs[0].parts[1].begin,
                                docs[0].parts[1].end - docs[0].parts[1].begin),
            "The agreement cuts tariffs.");
  EXPECT_EQ(docs[1].id, "XYZ0808020700");
  EXPECT_EQ(docs[1].text, "Rohan & Gondor met.");
  EXPECT_EQ(docs[1].date, "20080805");
  EXPECT_EQ(docs[2].id, "DEMO-00");  // no "_<digits>" suffix: its own story
  EXPECT_TRUE(docs[2].source.empty());
}

TEST(PetrarchXml, WithoutGroupingEverySentenceIsADocument) {
  InputOptions options;
  options.group_petrarch_stories = false;
  const auto docs = Documents(ReadMemory(kStories, "stories.xml", options));
  ASSERT_EQ(docs.size(), 4u);
  EXPECT_EQ(docs[0].id, "XYZ0808020625_1");
  EXPECT_EQ(docs[1].id, "XYZ0808020625_2");
  EXPECT_EQ(docs[1].line, 10u);
}

TEST(PetrarchXml, SameStoryOnAnotherDateIsAnotherDocument) {
  const auto docs = Documents(ReadMemory(
      "<Sentences><Sentence id=\"A_1\" date=\"20010101\"><Text>x.</Text></Sentence>"
      "<Sentence id=\"A_2\" date=\"20010102\"><Text>y.</Text></Sentence></Sentences>",
      "d.xml"));
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[1].date, "20010102");
}

TEST(PetrarchXml, BadSentencesAreReportedWithTheirLine) {
  const std::string xml =
      "<Sentences>\n"
      "<Sentence date=\"20080804\"><Text>No id.</Text></Sentence>\n"
      "<Sentence id=\"B_1\" date=\"20081345\"><Text>Bad date.</Text></Sentence>\n"
      "<Sentence id=\"C_1\" date=\"20080804\"></Sentence>\n"
      "<Sentence id=\"D_1\"><Text>  \n </Text></Sentence>\n"
      "<Sentence id=\"E_1\"><Text>Good, no date.</Text></Sentence>\n"
      "</Sentences>\n";
  const auto items = ReadMemory(xml, "bad.xml");
  EXPECT_EQ(Problems(items), (std::vector<std::string>{
                                 "bad.xml:2: <Sentence> without id",
                                 "bad.xml:3: bad date '20081345' in <Sentence id='B_1'>",
                                 "bad.xml:4: <Sentence id='C_1'> has no <Text>",
                                 "bad.xml:5: <Sentence id='D_1'> has empty text",
                             }));
  const auto docs = Documents(items);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "E");
  EXPECT_TRUE(docs[0].date.empty());
}

TEST(PetrarchXml, MalformedXmlEndsTheFileAndTheNextFileIsRead) {
  ScratchDir dir;
  const std::string bad = dir.Write("a_bad.xml",
                                    "<Sentences>\n"
                                    "<Sentence id=\"A_1\"><Text>Before.</Text></Sentence>\n"
                                    "<Sentence id=\"A_2\"><Text>Broken</Txet></Sentence>\n"
                                    "<Sentence id=\"A_3\"><Text>After.</Text></Sentence>\n"
                                    "</Sentences>\n");
  const std::string good = dir.Write("b_good.xml",
                                     "<Sentences><Sentence id=\"B_1\"><Text>Fine.</Text>"
                                     "</Sentence></Sentences>");
  const auto items = ReadInputs({bad, good});
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].doc.id, "A");
  EXPECT_EQ(items[0].doc.text, "Before.");
  ASSERT_TRUE(items[1].is_problem);
  EXPECT_EQ(items[1].problem.file, bad);
  EXPECT_EQ(items[1].problem.line, 3u);
  EXPECT_EQ(items[1].problem.message.substr(0, 14), "malformed XML:") << items[1].problem.message;
  EXPECT_EQ(items[2].doc.id, "B");
}

TEST(PetrarchXml, EmptyTextIsRebuiltFromTheParse) {
  const auto docs = Documents(ReadMemory(
      "<Sentences><Sentence id=\"P_1\"><Text>\n\n</Text><Parse>(ROOT (S (NP (NNP Arnor) "
      "(POS 's)) (VP (VBD did) (RB n't) (VP (VB go) (PP (-LRB- -LRB-) (NP (CD 5)) (-RRB- -RRB-)) "
      "(`` ``) (NP (NN home)) ('' ''))) (. .)))</Parse></Sentence></Sentences>",
      "parsed.xml"));
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].text, "Arnor's didn't go (5) \"home\".");
}

TEST(PetrarchXml, UnclosedDocumentIsReported) {
  const auto items = ReadMemory("<Sentences>\n<Sentence id=\"A_1\"><Text>Hi.</Text></Sentence>\n",
                                "open.xml");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].doc.text, "Hi.");
  EXPECT_TRUE(items[1].is_problem);
  EXPECT_EQ(items[1].problem.message.substr(0, 14), "malformed XML:");
}

TEST(PetrarchXml, EmptyFileGivesNothing) { EXPECT_TRUE(ReadMemory("", "empty.xml").empty()); }

TEST(PetrarchXml, OverLongStoryIsReportedOnce) {
  InputOptions options;
  options.max_document_bytes = 20;
  const auto items = ReadMemory(
      "<S><Sentence id=\"L_1\"><Text>0123456789</Text></Sentence>"
      "<Sentence id=\"L_2\"><Text>0123456789</Text></Sentence>"
      "<Sentence id=\"L_3\"><Text>0123456789</Text></Sentence>"
      "<Sentence id=\"M_1\"><Text>Short.</Text></Sentence></S>",
      "long.xml", options);
  EXPECT_EQ(Problems(items),
            std::vector<std::string>{"long.xml:1: story 'L' exceeds the document limit (20 bytes)"});
  const auto docs = Documents(items);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "M");
}

// Bug (issue 14 item 5): expat re-scanned an unfinished token on every 256 KiB chunk, so
// one large comment took quadratic time (8 MB: 1.1 s, 32 MB: 7.8 s). Now linear.
TEST(PetrarchXml, LargeCommentIsReadInLinearTime) {
  const std::string xml = "<Sentences>\n<!--" + std::string(15 << 20, 'c') +
                          "-->\n<Sentence id=\"A_1\"><Text>After the comment.</Text>"
                          "</Sentence>\n</Sentences>\n";
  const auto start = std::chrono::steady_clock::now();
  const auto items = ReadMemory(xml, "comment.xml");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(Problems(items).empty());
  ASSERT_EQ(Documents(items).size(), 1u);
  EXPECT_EQ(Documents(items)[0].text, "After the comment.");
  EXPECT_LT(seconds, 2.0) << "a 15 MiB comment should take well under a second";
}

// The 16 MiB cap is on a single tag, comment or processing instruction: character data
// reaches the handlers as it is fed, so a <Text> larger than that is read whole.
TEST(PetrarchXml, TextLargerThanTheTokenCapIsRead) {
  std::string words;
  while (words.size() < (20u << 20)) words += "word ";
  const auto items = ReadMemory("<Sentences>\n<Sentence id=\"A_1\"><Text>" + words +
                                    "</Text></Sentence>\n</Sentences>\n",
                                "text.xml");
  EXPECT_TRUE(Problems(items).empty()) << Problems(items).at(0);
  ASSERT_EQ(Documents(items).size(), 1u);
  EXPECT_EQ(Documents(items)[0].text.size(), words.size() - 1);  // the final space collapsed
}

// Bug (issue 14 item 5): a tag of any size was buffered and re-scanned (a 32 MB attribute:
// 7.8 s). One over 16 MiB now ends the file with a message at its line.
TEST(PetrarchXml, HugeAttributeEndsTheFileWithAMessage) {
  const std::string xml = "<Sentences>\n<Sentence id=\"A_1\"><Text>Kept.</Text></Sentence>\n"
                          "<Sentence id=\"B_1\" note=\"" + std::string(32 << 20, 'a') +
                          "\"><Text>Lost.</Text></Sentence>\n</Sentences>\n";
  const auto items = ReadMemory(xml, "attr.xml");
  ASSERT_EQ(Documents(items).size(), 1u);
  EXPECT_EQ(Documents(items)[0].text, "Kept.");
  EXPECT_EQ(Problems(items),
            std::vector<std::string>{"attr.xml:3: an XML tag, comment or processing instruction "
                                     "longer than 16 MiB starts here; the rest of the file is "
                                     "not read"});
}

// Bug (issue 14 item 5): ids had no size limit (a 100 MB id became every event's doc_id).
TEST(PetrarchXml, OverLongIdIsReportedAndTheSentenceSkipped) {
  const auto items = ReadMemory("<S>\n<Sentence id=\"" + std::string(2000, 'i') +
                                    "\"><Text>Long id.</Text></Sentence>\n"
                                    "<Sentence id=\"B_1\"><Text>Short id.</Text></Sentence></S>",
                                "id.xml");
  EXPECT_EQ(Problems(items),
            std::vector<std::string>{"id.xml:2: <Sentence> id attribute of 2000 bytes exceeds the "
                                     "1024-byte limit; sentence skipped"});
  ASSERT_EQ(Documents(items).size(), 1u);
  EXPECT_EQ(Documents(items)[0].id, "B");
}

// Bug (issue 14 item 10): an oversized <Parse> next to a valid <Text> skipped the sentence
// and blamed the text; the parse is only needed when <Text> is empty.
TEST(PetrarchXml, OversizedParseNextToAValidTextIsIgnored) {
  InputOptions options;
  options.max_document_bytes = 40;
  const std::string parse = "(ROOT (S (NP (NNP " + std::string(60, 'x') + "))))";
  const auto items = ReadMemory("<S><Sentence id=\"P_1\"><Text>Valid text.</Text><Parse>" +
                                    parse + "</Parse></Sentence>\n<Sentence id=\"Q_1\"><Text>"
                                    "</Text><Parse>" + parse + "</Parse></Sentence></S>",
                                "parse.xml", options);
  ASSERT_EQ(Documents(items).size(), 1u);
  EXPECT_EQ(Documents(items)[0].text, "Valid text.");
  EXPECT_EQ(Problems(items),
            std::vector<std::string>{"parse.xml:2: <Sentence id='Q_1'> has an empty <Text> and "
                                     "its <Parse> exceeds the document limit (40 bytes)"});
}

TEST(PetrarchXml, GigaWordSample) {
  const std::string path =
      std::string(DYAD_SHARED_DATA) + "/petrarch/validation/GigaWord.sample.PETR.xml";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "absent: " << path;
  const auto items = ReadInputs({path});
  EXPECT_TRUE(Problems(items).empty()) << Problems(items).at(0);
  const auto docs = Documents(items);
  size_t sentences = 0;
  for (const auto& d : docs) {
    sentences += d.parts.size();
    EXPECT_EQ(d.date.size(), 8u) << d.id;
    EXPECT_FALSE(d.text.empty()) << d.id;
    EXPECT_EQ(d.source, "AFP") << d.id;
    EXPECT_EQ(d.text.find("  "), std::string::npos) << d.id;
    for (const auto& p : d.parts) {
      EXPECT_TRUE(p.id == d.id || p.id.substr(0, d.id.size() + 1) == d.id + "_") << p.id;
    }
    EXPECT_EQ(d.text.find('\n') == std::string::npos, d.parts.size() == 1) << d.id;
  }
  EXPECT_EQ(sentences, 76u);  // every <Sentence> of the file
  EXPECT_LT(docs.size(), sentences);
  EXPECT_EQ(docs[0].id, "AFP0808020625");
  EXPECT_EQ(docs[0].text.substr(0, 34), "The stopover came as the US leader");
}

}  // namespace
}  // namespace dyad::input
