// The PETRARCH validation-file reader: the record structure, Config options, both
// <Sentence> styles, expected errors, and malformed records reported with line numbers.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "input/petrarch_validation.h"

namespace dyad::input {
namespace {

constexpr char kFile[] = R"(<?xml version='1.0' encoding='utf-8'?>
<Validation>
# free text outside elements, as in PETR2_GSR_validation.xml
<Environment>
    <Verbfile>PETR.Validate.verbs.txt</Verbfile>
    <Actorfile>A.actors.txt, B.actors.txt</Actorfile>
    <Agentfile>PETR.Validate.agents.txt</Agentfile>
</Environment>
<Sentences>
<Sentence source="DEMO" date="19950101" id="DEMO_00" sentence="true">
<!-- a comment with <tags> inside -->
<EventCoding eventcode="050" sourcecode="ARN" targetcode="GON" />
<Text>
Arnor restored ties
  with Gondor &amp; friends.
</Text>
<Parse>
1	Arnor	Arnor	PROPN	NNP	_	2	nsubj	_	_
2	restored	restore	VERB	VBD	_	0	root	_	_
3	ties	tie	NOUN	NNS	_	2	dobj	_	_
4	and	and	CONJ	CC	_	3	cc	_	_
</Parse></Sentence>
<Config option="require_dyad" value="false" />
<Sentence category="AFP" date="20080804" id="GSR_1" evaluate="true"/>
<EventCoding noevents="True" />
<Text>Nothing here.</Text>
<Parse>
1	Nothing	nothing	PRON	NN	_	0	root	_	_
</Parse>
</Sentence>
<Sentence date="19950101" id="BROKEN">
<Text>no coding at all</Text>
</Sentence>
<Sentence date="19950101" id="ERR">
<EventCoding error="dateline" />
<Text>x</Text>
<Parse>
1	x	x	NOUN	NN	_	5	root	_	_
</Parse>
</Sentence>
</Sentences>
</Validation>
)";

TEST(ValidationReader, ReadsEnvironmentRecordsAndOptions) {
  auto f = ReadValidationFile(kFile, "t.xml");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->environment.verb_file, "PETR.Validate.verbs.txt");
  ASSERT_EQ(f->environment.actor_files.size(), 2u);
  EXPECT_EQ(f->environment.actor_files[1], "B.actors.txt");
  ASSERT_EQ(f->records.size(), 4u);

  const ValidationRecord& r = f->records[0];
  EXPECT_TRUE(r.error.ok()) << r.error.ToString();
  EXPECT_EQ(r.id, "DEMO_00");
  EXPECT_EQ(r.date, "19950101");
  EXPECT_EQ(r.line, 10);
  ASSERT_EQ(r.expected.size(), 1u);
  EXPECT_EQ(r.expected[0], (ExpectedEvent{"ARN", "GON", "050"}));
  EXPECT_EQ(r.text, "Arnor restored ties with Gondor & friends.");
  EXPECT_TRUE(r.options.empty());

  const ValidationRecord& g = f->records[1];
  EXPECT_TRUE(g.error.ok()) << g.error.ToString();
  EXPECT_TRUE(g.no_events);
  EXPECT_EQ(g.category, "AFP");
  EXPECT_EQ(g.options.at("require_dyad"), "false");
}

TEST(ValidationReader, MalformedRecordsCarryTheirLine) {
  auto f = ReadValidationFile(kFile, "t.xml");
  ASSERT_TRUE(f.ok());
  const ValidationRecord& b = f->records[2];
  EXPECT_FALSE(b.error.ok());
  EXPECT_NE(b.error.message().find("t.xml:31"), std::string::npos) << b.error.ToString();
  const ValidationRecord& e = f->records[3];
  EXPECT_TRUE(e.error.ok());
  EXPECT_EQ(e.expected_error, "dateline");
  // HEAD 5 beyond the one-word sentence: an error naming the line in the XML file.
  auto doc = ParseRecordTree(e, "t.xml");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("t.xml:38"), std::string::npos)
      << doc.status().ToString();
}

TEST(ValidationReader, ParsesUdV1Trees) {
  auto f = ReadValidationFile(kFile, "t.xml");
  ASSERT_TRUE(f.ok());
  auto doc = ParseRecordTree(f->records[0], "t.xml");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ(doc->sentences.size(), 1u);
  ASSERT_EQ(doc->sentences[0].words.size(), 4u);
  EXPECT_EQ(doc->sentences[0].words[3].upos, Upos::kCCONJ);  // v1 CONJ
  EXPECT_EQ(doc->id, "DEMO_00");
  EXPECT_EQ(doc->date, "19950101");
}

TEST(ValidationReader, EmptyAndGarbageInputNeverCrash) {
  EXPECT_TRUE(ReadValidationFile("", "e.xml").ok());
  auto none = ReadValidationFile("<Sentences>just text</Sentences>", "e.xml");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->records.empty());
  std::mt19937 rng(7);
  const std::string alphabet = "<>/=\"' \n\tSentenceEventCodingParseText!-&;abc019";
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    const int n = rng() % 200;
    for (int k = 0; k < n; ++k) s += alphabet[rng() % alphabet.size()];
    // Mutations of the real file as well.
    std::string m = kFile;
    for (int k = 0; k < 5; ++k) m[rng() % m.size()] = alphabet[rng() % alphabet.size()];
    for (const std::string& in : {s, m}) {
      auto f = ReadValidationFile(in, "g.xml");
      if (!f.ok()) continue;
      for (const ValidationRecord& r : f->records) (void)ParseRecordTree(r, "g.xml").ok();
    }
  }
}

TEST(ValidationReader, UnterminatedRecordIsReported) {
  auto f = ReadValidationFile("<Sentence date=\"19950101\" id=\"X\">\n<Text>abc", "u.xml");
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->records.size(), 1u);
  EXPECT_FALSE(f->records[0].error.ok());
  EXPECT_NE(f->records[0].error.message().find("u.xml:2"), std::string::npos)
      << f->records[0].error.ToString();
}

}  // namespace
}  // namespace dyad::input
