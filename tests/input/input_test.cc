// Tests of the document readers (input/input.h): dates, format choice, JSONL (good and
// every documented bad-line message), plain text, compression (gzip, zstd, corrupt and
// truncated streams), directory expansion and progress counters. HTML and PETRARCH XML
// have their own files.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "input_test_util.h"
#include "input/input.h"

namespace dyad::input {
namespace {

using testing_util::Documents;
using testing_util::Gzip;
using testing_util::Item;
using testing_util::Problems;
using testing_util::ReadInputs;
using testing_util::ReadMemory;
using testing_util::ScratchDir;
using testing_util::Zstd;

TEST(NormalizeDate, AcceptsIsoAndCompactCalendarDates) {
  struct Case {
    const char* in;
    const char* out;  // nullptr: rejected
  } cases[] = {
      {"2019-08-21", "20190821"}, {"20190821", "20190821"}, {" 2019-08-21 ", "20190821"},
      {"2020-02-29", "20200229"}, {"2000-02-29", "20000229"}, {"1900-01-01", "19000101"},
      {"2100-12-31", "21001231"}, {"2019-02-29", nullptr},   {"1900-02-29", nullptr},
      {"2019-13-45", nullptr},    {"2019-04-31", nullptr},   {"1899-12-31", nullptr},
      {"2101-01-01", nullptr},    {"2019-8-21", nullptr},    {"2019/08/21", nullptr},
      {"201908210", nullptr},     {"2019-08-21T10:00", nullptr}, {"", nullptr},
      {"Aug 21 2019", nullptr},   {"2019-00-10", nullptr},   {"2019-01-00", nullptr},
  };
  for (const Case& c : cases) {
    std::string out = "unchanged";
    const bool ok = NormalizeDate(c.in, &out);
    EXPECT_EQ(ok, c.out != nullptr) << c.in;
    EXPECT_EQ(out, c.out != nullptr ? c.out : "unchanged") << c.in;
  }
}

TEST(NormalizeDateTime, AcceptsATimeAfterTheDate) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"2019-08-21T10:30:00Z", "20190821"}, {"2019-08-21 10:30", "20190821"},
      {"2019-08-21T10:30:00+02:00", "20190821"}, {"20190821T1030", "20190821"},
      {"2019-08-21", "20190821"}, {"2019-08-21T", nullptr}, {"2019-08-21x", nullptr},
      {"2019-13-21T10:00", nullptr}, {"2019-08-21 news", nullptr},
  };
  for (const Case& c : cases) {
    std::string out;
    EXPECT_EQ(NormalizeDateTime(c.in, &out), c.out != nullptr) << c.in;
    if (c.out != nullptr) {
      EXPECT_EQ(out, c.out) << c.in;
    }
  }
}

TEST(InputFormat, ParsesNames) {
  InputFormat f;
  ASSERT_TRUE(ParseInputFormat("jsonl", &f));
  EXPECT_EQ(f, InputFormat::kJsonl);
  ASSERT_TRUE(ParseInputFormat("text", &f));
  EXPECT_EQ(f, InputFormat::kText);
  ASSERT_TRUE(ParseInputFormat("html", &f));
  EXPECT_EQ(f, InputFormat::kHtml);
  ASSERT_TRUE(ParseInputFormat("xml", &f));
  EXPECT_EQ(f, InputFormat::kPetrarchXml);
  ASSERT_TRUE(ParseInputFormat("auto", &f));
  EXPECT_EQ(f, InputFormat::kAuto);
  EXPECT_FALSE(ParseInputFormat("csv", &f));
  EXPECT_FALSE(ParseInputFormat("JSONL", &f));
  EXPECT_EQ(InputFormatName(InputFormat::kPetrarchXml), "xml");
}

TEST(InputProblem, FormatsFileAndLine) {
  EXPECT_EQ((InputProblem{"a.jsonl", 3, "missing id"}).ToString(), "a.jsonl:3: missing id");
  EXPECT_EQ((InputProblem{"a.txt", 0, "binary file"}).ToString(), "a.txt: binary file");
}

TEST(DocumentStream, RejectsUnusableOptions) {
  InputOptions options;
  options.max_document_bytes = 0;
  auto stream = DocumentStream::Open({"x.jsonl"}, options);
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.status().code(), Status::Code::kInvalidArgument);
}

// ----- JSONL -----

TEST(Jsonl, ReadsDocumentsWithAllFields) {
  const std::string data =
      R"({"id":"d1","date":"2019-08-21","text":"Rebels attacked.","title":"T","url":"http://x/1","source":"AFP","lang":"en"})"
      "\n"
      R"({"id":"d2","date":"20190822","text":"Talks resumed."})"
      "\n";
  const auto items = ReadMemory(data, "news.jsonl");
  ASSERT_EQ(items.size(), 2u);
  ASSERT_FALSE(items[0].is_problem);
  const InputDocument& d = items[0].doc;
  EXPECT_EQ(d.id, "d1");
  EXPECT_EQ(d.date, "20190821");
  EXPECT_EQ(d.text, "Rebels attacked.");
  EXPECT_EQ(d.title, "T");
  EXPECT_EQ(d.url, "http://x/1");
  EXPECT_EQ(d.source, "AFP");
  EXPECT_EQ(d.lang, "en");
  EXPECT_EQ(d.file, "news.jsonl");
  EXPECT_EQ(d.line, 1u);
  EXPECT_EQ(items[1].doc.id, "d2");
  EXPECT_EQ(items[1].doc.date, "20190822");
  EXPECT_EQ(items[1].doc.line, 2u);
  EXPECT_TRUE(items[1].doc.title.empty());
}

TEST(Jsonl, HandlesBlankLinesCrlfBomAndAFinalLineWithoutNewline) {
  const std::string data = "\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"One.\"}\r\n"
                           "\r\n"
                           "   \n"
                           "{\"id\":\"b\",\"text\":\"Two.\",\"date\":null}\r\n"
                           "{\"id\":7,\"text\":\"Three.\"}";
  const auto items = ReadMemory(data, "x.jsonl");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_TRUE(Problems(items).empty());
  EXPECT_EQ(items[0].doc.id, "a");
  EXPECT_EQ(items[0].doc.line, 1u);
  EXPECT_EQ(items[1].doc.id, "b");
  EXPECT_EQ(items[1].doc.line, 4u);
  EXPECT_TRUE(items[1].doc.date.empty());  // a missing or null date is not a problem
  EXPECT_EQ(items[2].doc.id, "7");         // an integer id is written in decimal
  EXPECT_EQ(items[2].doc.text, "Three.");
  EXPECT_EQ(items[2].doc.line, 5u);
}

TEST(Jsonl, EveryBadLineGivesItsDocumentedMessage) {
  struct Case {
    std::string line;
    std::string message;  // the expected problem, a prefix when it ends in "..."
  } cases[] = {
      {R"({"id":"x","text":"t")", "malformed JSON: ..."},
      {R"(not json)", "malformed JSON: ..."},
      {R"(["id","text"])", "not a JSON object (a JSON array)"},
      {R"({"text":"t"})", "missing id"},
      {R"({"id":"","text":"t"})", "empty id"},
      {R"({"id":["a"],"text":"t"})", "id is not a string (a JSON array)"},
      {R"({"id":"x"})", "missing text"},
      {R"({"id":"x","text":""})", "empty text"},
      {R"({"id":"x","text":"  \n "})", "empty text"},
      {R"({"id":"x","text":5})", "text is not a string (a JSON number)"},
      {R"({"id":"x","text":"t","date":"2019-13-45"})", "bad date '2019-13-45'"},
      {R"({"id":"x","text":"t","date":"yesterday"})", "bad date 'yesterday'"},
      {R"({"id":"x","text":"t","date":true})", "bad date true"},
      {R"({"id":"x","text":"t","title":3})", "title is not a string (a JSON number)"},
      {R"({"id":"x","text":"t","lang":{}})", "lang is not a string (a JSON object)"},
      {"{\"id\":\"x\",\"text\":\"t\",\"deep\":" + std::string(65, '[') + std::string(65, ']') + "}",
       "JSON nested deeper than 64 levels"},
      {"{\"id\":\"x\",\"text\":\"[[[[[{{{{\",\"ok\":" + std::string(63, '[') + std::string(63, ']') +
           ",\"date\":\"2019-02-29\"}",
       "bad date '2019-02-29'"},  // brackets in strings do not count
  };
  std::string data = "{\"id\":\"good0\",\"text\":\"ok\"}\n";
  for (const Case& c : cases) data += c.line + "\n";
  data += "{\"id\":\"good1\",\"text\":\"ok\"}\n";
  const auto items = ReadMemory(data, "bad.jsonl");
  ASSERT_EQ(items.size(), std::size(cases) + 2);
  EXPECT_EQ(items.front().doc.id, "good0");
  EXPECT_EQ(items.back().doc.id, "good1");
  for (size_t i = 0; i < std::size(cases); ++i) {
    const Item& item = items[i + 1];
    ASSERT_TRUE(item.is_problem) << cases[i].line;
    EXPECT_EQ(item.problem.file, "bad.jsonl");
    EXPECT_EQ(item.problem.line, i + 2) << cases[i].line;
    const std::string& want = cases[i].message;
    if (want.size() > 3 && want.compare(want.size() - 3, 3, "...") == 0) {
      EXPECT_EQ(item.problem.message.substr(0, want.size() - 3), want.substr(0, want.size() - 3))
          << item.problem.message;
    } else {
      EXPECT_EQ(item.problem.message, want) << cases[i].line;
    }
  }
  EXPECT_EQ(items[3].problem.ToString(), "bad.jsonl:4: not a JSON object (a JSON array)");
}

TEST(Jsonl, MalformedJsonMessageSaysWhere) {
  const auto items = ReadMemory("{\"id\": \"x\", \"text\": }\n", "m.jsonl");
  ASSERT_EQ(items.size(), 1u);
  ASSERT_TRUE(items[0].is_problem);
  EXPECT_NE(items[0].problem.message.find("column"), std::string::npos)
      << items[0].problem.message;
}

TEST(Jsonl, DatesWithTimesOrAsNumbersAreNormalised) {
  const auto docs = Documents(ReadMemory(
      "{\"id\":\"a\",\"text\":\"x\",\"date\":\"2019-08-21T23:59:00-05:00\"}\n"
      "{\"id\":\"b\",\"text\":\"x\",\"date\":20190822}\n"
      "{\"id\":\"c\",\"text\":\"x\",\"date\":\"\"}\n",
      "dates.jsonl"));
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].date, "20190821");
  EXPECT_EQ(docs[1].date, "20190822");
  EXPECT_EQ(docs[2].date, "");
}

TEST(Jsonl, MalformedJsonMessageQuotesAShortExcerpt) {
  const std::string text(5000, 'w');
  const auto items = ReadMemory("{\"id\":\"x\",\"text\":\"" + text + "\n", "q.jsonl");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_LT(items[0].problem.message.size(), 300u) << items[0].problem.message;
  EXPECT_NE(items[0].problem.message.find("last read: '\"wwww"), std::string::npos)
      << items[0].problem.message;
}

// Bug (issue 14 item 10): the excerpt after "last read:" quoted the string before the bad
// token ('"Russia said ...'), not the token.
TEST(Jsonl, MalformedJsonMessageQuotesTheBadTokenNotThePreviousString) {
  const auto items = ReadMemory(
      "{\"id\":\"x\",\"text\":\"Russia said it would talk to Ukraine about it\" oops}\n"
      "{\"id\":\"y\",\"x\":tru}\n",
      "t.jsonl");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].problem.message,
            "malformed JSON: column 66: syntax error while parsing object - invalid literal; "
            "last read: 'o'; expected '}'");
  EXPECT_EQ(items[1].problem.message,
            "malformed JSON: column 18: syntax error while parsing value - invalid literal; "
            "last read: 'tru}'");
}

// Bug (issue 14 item 10): a number out of range showed nlohmann's internal exception tag
// ("[json.exception.out_of_range.406]") and no column.
TEST(Jsonl, NumberOutOfRangeSaysWhereWithoutAnInternalTag) {
  const auto items =
      ReadMemory("{\"id\":\"x\",\"text\":\"1e999 in text\",\"n\":1e999}\n", "n.jsonl");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].problem.message,
            "malformed JSON: column 38: number overflow parsing '1e999'");
}

// Bug (issue 14 item 10): a line beginning with repaired bytes (U+FFFD = EF BF BD) was
// reported as "invalid BOM".
TEST(Jsonl, LineStartingWithRepairedBytesIsAnInvalidLiteralNotABom) {
  const auto items = ReadMemory("\xFF{\"id\":\"x\",\"text\":\"t\"}\n", "r.jsonl");
  ASSERT_EQ(items.size(), 1u);
  ASSERT_TRUE(items[0].is_problem);
  EXPECT_EQ(items[0].problem.message,
            "malformed JSON: column 1: syntax error while parsing value - invalid literal; "
            "last read: '\xEF\xBF\xBD'");
}

// Bug (issue 14 item 10): a document naming a field twice silently took the last value.
TEST(Jsonl, DuplicateFieldIsReported) {
  const auto items = ReadMemory(
      "{\"id\":\"x\",\"text\":\"first\",\"text\":\"second\"}\n"
      "{\"id\":\"y\",\"text\":\"t\",\"meta\":{\"id\":1},\"other\":1,\"other\":2}\n",
      "d.jsonl");
  ASSERT_EQ(items.size(), 2u);
  ASSERT_TRUE(items[0].is_problem);
  EXPECT_EQ(items[0].problem.ToString(), "d.jsonl:1: duplicate key 'text'");
  // Nested keys and fields dyad does not read are not its business.
  ASSERT_FALSE(items[1].is_problem) << items[1].problem.ToString();
  EXPECT_EQ(items[1].doc.id, "y");
}

TEST(Jsonl, InvalidUtf8IsRepairedNotRejected) {
  const auto items = ReadMemory("{\"id\":\"x\",\"text\":\"caf\xE9 ok\"}\n", "latin1.jsonl");
  ASSERT_EQ(items.size(), 1u);
  ASSERT_FALSE(items[0].is_problem) << items[0].problem.ToString();
  EXPECT_EQ(items[0].doc.text, "caf\xEF\xBF\xBD ok");
  EXPECT_EQ(items[0].doc.repaired_bytes, 1u);  // counted, never silent
}

TEST(Jsonl, LongLinesStreamAndOverLongLinesAreSkipped) {
  // Lines longer than the reader's 256 KiB chunk, and one over the document limit.
  const std::string big(700 << 10, 'a');
  std::string data;
  data += "{\"id\":\"big\",\"text\":\"" + big + "\"}\n";
  data += "{\"id\":\"huge\",\"text\":\"" + big + big + "\"}\n";
  data += "{\"id\":\"small\",\"text\":\"s\"}\n";
  InputOptions options;
  options.max_document_bytes = 1 << 20;
  const auto items = ReadMemory(data, "long.jsonl", options);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].doc.id, "big");
  EXPECT_EQ(items[0].doc.text.size(), big.size());
  ASSERT_TRUE(items[1].is_problem);
  EXPECT_EQ(items[1].problem.ToString(),
            "long.jsonl:2: line of " + std::to_string(2 * big.size() + 23) +
                " bytes exceeds the document limit (1048576 bytes)");
  EXPECT_EQ(items[2].doc.id, "small");
  EXPECT_EQ(items[2].doc.line, 3u);
}

TEST(Jsonl, EmptyFileGivesNothing) {
  EXPECT_TRUE(ReadMemory("", "empty.jsonl").empty());
  EXPECT_TRUE(ReadMemory("\n\n", "blank.jsonl").empty());
}

// ----- plain text -----

TEST(Text, OneDocumentPerFileWithThePathAsId) {
  ScratchDir dir;
  const std::string path = dir.Write("story.txt", "MOSCOW, Aug 21 (Reuters) - Talks began.\n");
  const auto items = ReadInputs({path});
  ASSERT_EQ(items.size(), 1u);
  const InputDocument& d = items[0].doc;
  EXPECT_EQ(d.id, path);
  EXPECT_EQ(d.file, path);
  EXPECT_EQ(d.text, "MOSCOW, Aug 21 (Reuters) - Talks began.\n");
  EXPECT_TRUE(d.date.empty());
  EXPECT_EQ(d.line, 0u);
  EXPECT_GT(d.mtime, 1500000000);
}

TEST(Text, EmptyAndBinaryFilesAreReported) {
  ScratchDir dir;
  const std::string empty = dir.Write("empty.txt", "");
  const std::string blank = dir.Write("blank.txt", " \n\n");
  const std::string binary = dir.Write("image.txt", std::string("GIF89a\0\0\x01", 9));
  const std::string latin1 = dir.Write("latin1.txt", "caf\xE9\n");
  const auto items = ReadInputs({empty, blank, binary, latin1});
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(Problems(items), (std::vector<std::string>{empty + ": empty file: no text",
                                                       blank + ": empty file: no text",
                                                       binary + ": binary file (NUL byte at offset 6)"}));
  EXPECT_EQ(items[3].doc.text, "caf\xE9\n");  // bad bytes pass; repair happens later
}

// Bug (issue 14 item 10): a text file of only Unicode spaces (U+00A0, U+3000, U+2028) was
// "1 document, 0 sentences" while an ASCII-blank one is "empty file"; a JSONL text too.
TEST(Text, FileOfUnicodeSpacesIsEmptyLikeAnAsciiBlankOne) {
  ScratchDir dir;
  const std::string spaces = dir.Write("spaces.txt", "\xC2\xA0 \xE3\x80\x80\n\xE2\x80\xA8\n");
  const std::string word = dir.Write("word.txt", "\xC2\xA0x\xC2\xA0");
  const auto items = ReadInputs({spaces, word});
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(Problems(items), std::vector<std::string>{spaces + ": empty file: no text"});
  EXPECT_EQ(items[1].doc.text, "\xC2\xA0x\xC2\xA0");
  const auto jsonl = ReadMemory("{\"id\":\"x\",\"text\":\"\u00a0\u3000\"}\n", "s.jsonl");
  EXPECT_EQ(Problems(jsonl), std::vector<std::string>{"s.jsonl:1: empty text"});
}

TEST(Text, FileOverTheLimitIsReported) {
  InputOptions options;
  options.max_document_bytes = 10;
  const auto items = ReadMemory("0123456789abc", "big.txt", options);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].problem.ToString(), "big.txt: file larger than the document limit (10 bytes)");
  EXPECT_EQ(ReadMemory("0123456789", "ok.txt", options).at(0).doc.text, "0123456789");
}

// Issue 14 item 1: every .txt document kept a 1 MiB buffer (the whole-file reader grew its
// string by 1 MiB before each read), so 5,000 files of 48 bytes took 860 MB.
TEST(Text, SmallFileKeepsNoLargeBuffer) {
  ScratchDir dir;
  const std::string small =
      dir.Write("small.txt", "Russia accused Ukraine of shelling the city.\n");
  std::string large_text;
  while (large_text.size() < (3u << 20)) large_text += "France met Russia in Paris on Tuesday.\n";
  const std::string large = dir.Write("large.txt", large_text);
  const auto items = ReadInputs({small, large});
  ASSERT_EQ(items.size(), 2u);
  ASSERT_FALSE(items[0].is_problem);
  EXPECT_EQ(items[0].doc.text, "Russia accused Ukraine of shelling the city.\n");
  EXPECT_LE(items[0].doc.text.capacity(), 1024u);
  ASSERT_FALSE(items[1].is_problem);
  EXPECT_EQ(items[1].doc.text, large_text);
  EXPECT_LE(items[1].doc.text.capacity(), large_text.size() + large_text.size() / 4 + 64);
  // Compressed, the same bound holds.
  const std::string gz = dir.Write("small.txt.gz", Gzip("Russia met France.\n"));
  const auto compressed = ReadInputs({gz});
  ASSERT_EQ(compressed.size(), 1u);
  EXPECT_EQ(compressed[0].doc.text, "Russia met France.\n");
  EXPECT_LE(compressed[0].doc.text.capacity(), 1024u);
}

TEST(Format, ChosenByExtensionThenBySniffing) {
  const std::string jsonl = "{\"id\":\"j\",\"text\":\"x\"}\n";
  // A known extension wins over the content.
  EXPECT_EQ(ReadMemory(jsonl, "a.txt").at(0).doc.text, jsonl);
  EXPECT_EQ(ReadMemory(jsonl, "a.ndjson").at(0).doc.id, "j");
  EXPECT_EQ(ReadMemory(jsonl, "a.json").at(0).doc.id, "j");
  // No extension: sniffed.
  EXPECT_EQ(ReadMemory(jsonl, "noext").at(0).doc.id, "j");
  EXPECT_EQ(ReadMemory("<html><body><p>Hi there.</p></body></html>", "page").at(0).doc.text,
            "Hi there.");
  EXPECT_EQ(ReadMemory("<Sentences><Sentence id=\"s_1\"><Text>A b.</Text></Sentence></Sentences>",
                       "stories")
                .at(0)
                .doc.id,
            "s");
  EXPECT_EQ(ReadMemory("Plain words.", "README").at(0).doc.text, "Plain words.");
  // A forced format applies to every input.
  InputOptions options;
  options.format = InputFormat::kText;
  EXPECT_EQ(ReadMemory(jsonl, "a.jsonl", options).at(0).doc.text, jsonl);
}

// ----- compression -----

TEST(Compression, GzipAndZstdOfJsonlTextAndXml) {
  ScratchDir dir;
  const std::string jsonl = "{\"id\":\"a\",\"text\":\"One.\"}\n{\"id\":\"b\",\"text\":\"Two.\"}\n";
  const std::string xml =
      "<Sentences><Sentence id=\"S_1\" date=\"20080804\"><Text>Hi.</Text></Sentence></Sentences>";
  const std::vector<std::string> inputs = {
      dir.Write("a.jsonl.gz", Gzip(jsonl)), dir.Write("b.jsonl.zst", Zstd(jsonl)),
      dir.Write("c.txt.gz", Gzip("Text one.")), dir.Write("d.txt.zst", Zstd("Text two.")),
      dir.Write("e.xml.zst", Zstd(xml)), dir.Write("f.xml.gz", Gzip(xml))};
  const auto items = ReadInputs(inputs);
  EXPECT_TRUE(Problems(items).empty()) << Problems(items).at(0);
  const auto docs = Documents(items);
  ASSERT_EQ(docs.size(), 8u);
  EXPECT_EQ(docs[0].id, "a");
  EXPECT_EQ(docs[1].id, "b");
  EXPECT_EQ(docs[2].file, inputs[1]);
  EXPECT_EQ(docs[3].id, "b");
  EXPECT_EQ(docs[3].line, 2u);
  EXPECT_EQ(docs[4].text, "Text one.");
  EXPECT_EQ(docs[4].id, inputs[2]);
  EXPECT_EQ(docs[5].text, "Text two.");
  EXPECT_EQ(docs[6].id, "S");
  EXPECT_EQ(docs[6].date, "20080804");
  EXPECT_EQ(docs[7].text, "Hi.");
}

// Issue 14 item 8: .zst files that start with a skippable frame (as pzstd writes them) were
// refused as "not a zstd file". A skippable frame (magic 0x184D2A5?, a 4-byte size, that
// many bytes) then an ordinary frame is one zstd stream.
TEST(Compression, ZstdStartingWithASkippableFrame) {
  const std::string jsonl = "{\"id\":\"a\",\"text\":\"One.\"}\n";
  const std::string skippable = std::string("\x50\x2a\x4d\x18\x04\x00\x00\x00", 8) + "abcd";
  const std::string stream = skippable + Zstd(jsonl);
  ScratchDir dir;
  const auto items = ReadInputs({dir.Write("p.jsonl.zst", stream)});
  EXPECT_TRUE(Problems(items).empty()) << Problems(items).at(0);
  ASSERT_EQ(Documents(items).size(), 1u);
  EXPECT_EQ(Documents(items)[0].id, "a");
  EXPECT_EQ(ReadMemory(stream, "stream").at(0).doc.id, "a");  // no suffix: sniffed
}

TEST(Compression, DetectedByMagicBytesWithoutExtension) {
  const std::string jsonl = "{\"id\":\"a\",\"text\":\"One.\"}\n";
  EXPECT_EQ(ReadMemory(Gzip(jsonl), "stream.jsonl").at(0).doc.id, "a");
  EXPECT_EQ(ReadMemory(Zstd(jsonl), "stream").at(0).doc.id, "a");  // sniffed after decoding
}

TEST(Compression, ConcatenatedMembersAndFramesAreOneStream) {
  const std::string a = "{\"id\":\"a\",\"text\":\"One.\"}\n";
  const std::string b = "{\"id\":\"b\",\"text\":\"Two.\"}\n";
  auto docs = Documents(ReadMemory(Gzip(a) + Gzip(b), "x.jsonl.gz"));
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[1].id, "b");
  docs = Documents(ReadMemory(Zstd(a) + Zstd(b), "x.jsonl.zst"));
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[1].line, 2u);
}

TEST(Compression, TruncatedAndCorruptStreamsAreReportedWithTheLineReached) {
  std::string jsonl;
  for (int i = 0; i < 2000; ++i) {
    jsonl += "{\"id\":\"d" + std::to_string(i) + "\",\"text\":\"Sentence number " +
             std::to_string(i * 7919) + " of the test.\"}\n";
  }
  const std::string gz = Gzip(jsonl);
  auto items = ReadMemory(gz.substr(0, gz.size() / 2), "cut.jsonl.gz");
  ASSERT_FALSE(items.empty());
  ASSERT_TRUE(items.back().is_problem);
  const size_t docs = items.size() - 1;
  EXPECT_GT(docs, 100u);
  EXPECT_LT(docs, 2000u);
  EXPECT_TRUE(Problems(items).size() == 1) << Problems(items).at(0);
  EXPECT_EQ(items.back().problem.ToString(),
            "cut.jsonl.gz:" + std::to_string(docs + 1) +
                ": truncated gzip stream (unexpected end of file)");
  // Only the gzip trailer missing.
  items = ReadMemory(gz.substr(0, gz.size() - 4), "trailer.jsonl.gz");
  EXPECT_EQ(Problems(items).size(), 1u);
  EXPECT_EQ(Documents(items).size(), 2000u);

  const std::string zst = Zstd(jsonl);
  items = ReadMemory(zst.substr(0, zst.size() - 10), "cut.jsonl.zst");
  ASSERT_TRUE(items.back().is_problem);
  EXPECT_NE(items.back().problem.message.find("truncated zstd stream"), std::string::npos);
  EXPECT_EQ(items.back().problem.line, items.size());

  std::string bad = gz;
  for (size_t i = 40; i < 80; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x5a);
  items = ReadMemory(bad, "corrupt.jsonl.gz");
  ASSERT_FALSE(items.empty());
  EXPECT_TRUE(items.back().is_problem);
  EXPECT_NE(items.back().problem.message.find("gzip"), std::string::npos)
      << items.back().problem.message;

  items = ReadMemory(gz + "junk", "trailing.jsonl.gz");
  EXPECT_EQ(Documents(items).size(), 2000u);
  EXPECT_EQ(items.back().problem.message, "trailing garbage after gzip stream");

  std::string xml = "<Sentences>\n";
  for (int i = 0; i < 3000; ++i) {
    xml += "<Sentence id=\"S" + std::to_string(i) + "_1\"><Text>Words " + std::to_string(i * 31) +
           ".</Text></Sentence>\n";
  }
  xml += "</Sentences>\n";
  const std::string xml_gz = Gzip(xml);
  items = ReadMemory(xml_gz.substr(0, xml_gz.size() / 2), "cut.xml.gz");
  ASSERT_TRUE(items.back().is_problem);
  EXPECT_EQ(items.back().problem.message, "truncated gzip stream (unexpected end of file)");
  EXPECT_GT(items.back().problem.line, 100u);
  EXPECT_EQ(Problems(items).size(), 1u);

  items = ReadMemory(Gzip("Some text.").substr(0, 12), "cut.txt.gz");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].problem.ToString(), "cut.txt.gz: truncated gzip stream (unexpected end of file)");
}

TEST(Compression, CompressedNameWithoutMagicIsReported) {
  auto items = ReadMemory("{\"id\":\"a\",\"text\":\"x\"}\n", "plain.jsonl.gz");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].problem.ToString(), "plain.jsonl.gz: not a gzip file (no gzip magic bytes)");
  items = ReadMemory("abc", "plain.txt.zst");
  EXPECT_EQ(items.at(0).problem.ToString(), "plain.txt.zst: not a zstd file (no zstd magic bytes)");
  // A zero-byte .gz is not a gzip file either (gzip -d says so too).
  EXPECT_EQ(Problems(ReadMemory("", "empty.jsonl.gz")).size(), 1u);
}

// ----- inputs: files, directories, missing files, progress -----

TEST(Inputs, DirectoriesExpandRecursivelySortedSkippingHiddenAndUnknownFiles) {
  ScratchDir dir;
  dir.Write("b/2.txt", "two");
  dir.Write("b/1.txt", "one");
  dir.Write("a.jsonl", "{\"id\":\"j\",\"text\":\"jay\"}\n");
  dir.Write("c/deep/3.html", "<p>three</p>");
  dir.Write("c/notes", "four");             // no extension: read (sniffed as text)
  dir.Write("c/photo.png", "\x89PNG");     // unknown extension: not read
  dir.Write(".hidden.txt", "hidden");
  dir.Write(".git/x.txt", "hidden dir");
  dir.Write("d/e.txt.gz", Gzip("five"));
  const auto items = ReadInputs({dir.Path()});
  EXPECT_TRUE(Problems(items).empty());
  std::vector<std::string> texts;
  for (const auto& d : Documents(items)) texts.push_back(d.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"jay", "one", "two", "three", "four", "five"}));
  EXPECT_EQ(Documents(items).at(1).id, dir.Path() + "/b/1.txt");
  // With a forced format every non-hidden file is read.
  InputOptions options;
  options.format = InputFormat::kText;
  EXPECT_EQ(Documents(ReadInputs({dir.Path("c")}, options)).size(), 3u);
}

TEST(Inputs, EmptyDirectoryGivesNothing) {
  ScratchDir dir;
  std::filesystem::create_directories(dir.Path("empty/sub"));
  EXPECT_TRUE(ReadInputs({dir.Path("empty")}).empty());
}

// Bug (issue 14 item 9): a directory more than 64 levels deep was skipped with no message.
TEST(Inputs, DirectoryNestedTooDeepIsReported) {
  ScratchDir dir;
  std::string rel;
  for (int i = 0; i < 66; ++i) rel += "d/";
  dir.Write(rel + "deep.txt", "Too deep.");
  dir.Write("top.txt", "On top.");
  const auto items = ReadInputs({dir.Path()});
  ASSERT_EQ(Documents(items).size(), 1u);
  EXPECT_EQ(Documents(items)[0].text, "On top.");
  const auto problems = Problems(items);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("directory nested more than 64 levels"), std::string::npos)
      << problems[0];
  // The directory reported is the first one not read (65 levels below the input).
  EXPECT_EQ(problems[0].rfind(dir.Path() + "/" + rel.substr(0, 65 * 2 - 1) + ":", 0), 0u)
      << problems[0];
}

// Bug (issue 14 item 9): FIFOs, sockets and devices in an input directory were skipped
// silently. Each is reported and none is opened (a FIFO without a writer would block).
TEST(Inputs, FifoSocketAndDeviceInADirectoryAreReportedNotOpened) {
  ScratchDir dir;
  dir.Write("a.txt", "Plain.");
  ASSERT_EQ(::mkfifo(dir.Path("pipe").c_str(), 0600), 0);
  std::filesystem::create_symlink("/dev/null", dir.Path("null.txt"));
  const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string sock_path = dir.Path("sock");
  ASSERT_LT(sock_path.size(), sizeof(addr.sun_path));
  std::memcpy(addr.sun_path, sock_path.c_str(), sock_path.size() + 1);
  ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  const auto items = ReadInputs({dir.Path()});
  ::close(sock);
  ASSERT_EQ(Documents(items).size(), 1u);
  EXPECT_EQ(Problems(items),
            (std::vector<std::string>{dir.Path("null.txt") + ": a character device; not read",
                                      dir.Path("pipe") + ": a FIFO; not read",
                                      dir.Path("sock") + ": a socket; not read"}));
}

TEST(Inputs, MissingFileIsAProblemInItsPlace) {
  ScratchDir dir;
  const std::string a = dir.Write("a.txt", "A.");
  const std::string b = dir.Write("b.txt", "B.");
  const std::string missing = dir.Path("missing.jsonl");
  const auto items = ReadInputs({a, missing, b});
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].doc.text, "A.");
  ASSERT_TRUE(items[1].is_problem);
  EXPECT_EQ(items[1].problem.ToString(), missing + ": cannot open: No such file or directory");
  EXPECT_EQ(items[2].doc.text, "B.");
}

TEST(Inputs, BytesDoneReachesBytesTotal) {
  ScratchDir dir;
  std::string jsonl;
  for (int i = 0; i < 500; ++i) jsonl += "{\"id\":\"" + std::to_string(i) + "\",\"text\":\"t\"}\n";
  const std::string a = dir.Write("a.jsonl", jsonl);
  const std::string gz = Gzip(jsonl);
  const std::string b = dir.Write("b.jsonl.gz", gz);
  const std::string c = dir.Write("c.txt", "hello");
  auto stream = DocumentStream::Open({a, b, c}, InputOptions());
  ASSERT_TRUE(stream.ok());
  DocumentStream& s = **stream;
  EXPECT_EQ(s.bytes_total(), jsonl.size() + gz.size() + 5);
  EXPECT_EQ(s.bytes_done(), 0u);
  InputDocument doc;
  InputProblem problem;
  uint64_t last = 0;
  int docs = 0;
  while (s.Read(&doc, &problem) == DocumentStream::Next::kDocument) {
    EXPECT_GE(s.bytes_done(), last);
    EXPECT_LE(s.bytes_done(), s.bytes_total());
    last = s.bytes_done();
    ++docs;
  }
  EXPECT_EQ(docs, 1001);
  EXPECT_EQ(s.bytes_done(), s.bytes_total());
}

TEST(Inputs, ReusedDocumentIsClearedBetweenReads) {
  const std::string data = "{\"id\":\"a\",\"text\":\"x\",\"title\":\"T\",\"date\":\"20200101\"}\n"
                           "{\"id\":\"b\",\"text\":\"y\"}\n";
  auto stream = DocumentStream::OpenMemory(data, "r.jsonl", InputOptions());
  ASSERT_TRUE(stream.ok());
  InputDocument doc;
  InputProblem problem;
  ASSERT_EQ((*stream)->Read(&doc, &problem), DocumentStream::Next::kDocument);
  EXPECT_EQ(doc.title, "T");
  ASSERT_EQ((*stream)->Read(&doc, &problem), DocumentStream::Next::kDocument);
  EXPECT_EQ(doc.id, "b");
  EXPECT_TRUE(doc.title.empty());
  EXPECT_TRUE(doc.date.empty());
  EXPECT_EQ((*stream)->Read(&doc, &problem), DocumentStream::Next::kEnd);
  EXPECT_EQ((*stream)->Read(&doc, &problem), DocumentStream::Next::kEnd);
}

}  // namespace
}  // namespace dyad::input
