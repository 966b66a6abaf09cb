// Actor dictionary reader and PhraseMatcher: records, synonyms, date-restricted codes,
// longest match, diagnostics, and bounded loading of a 100,000-entry dictionary.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "dict/dictionary.h"
#include "dict/reader_util.h"

namespace dyad::dict {
namespace {

Result<DictionarySet> ReadActors(std::string_view text, std::vector<Diagnostic>* diags,
                                 bool strict = false) {
  LoadOptions options;
  options.strict = strict;
  return DictionarySet::FromText(DictionaryKind::kActors, "a.txt", text, options, diags);
}

std::vector<std::string_view> Words(const std::vector<std::string>& storage) {
  return {storage.begin(), storage.end()};
}

constexpr char kActors[] =
    "# .actor file\n"
    "AFGHANISTAN_  [AFG]\n"
    "+AFGHAN_\n"
    "+ISLAMIC_REPUBLIC_OF_AFGHANISTAN\n"
    "\n"
    "MOHAMMAD_ZAHIR_SHAH_  ; CountryInfo.txt\n"
    "\t[AFGELI 320101-331108]\n"
    "\t[AFGGOV 331108-730717]\n"
    "\t[AFGELI 730717-070723]\n"
    "HAMID_KARZAI_  [AFGMIL]# default\n"
    "+BABRAK_KARMAL_\n"
    "\t[AFGGOV >20011222]\n"
    "BAN_KI-MOON\n"
    "\t[KORGOV <20061231]\n"
    "\t[IGOUNO >20070101]\n"
    "ANN_VENEMAN_\t[USAGOV 010120-050120] [IGOUNOKID >050501]# two on one line\n"
    "UNITED_NATIONS [IGOUNO]\n"
    "UNITED_NATIONS_SECURITY_COUNCIL [IGOUNOSEC]\n"
    "THE_SHIRE  [FRO/BIL/SAM]\n"
    "BOROMIR  [---]\n"
    "PALESTINIAN [pse]\n";

TEST(ActorReader, ReadsRecordsSynonymsAndCodes) {
  std::vector<Diagnostic> diags;
  auto set = ReadActors(kActors, &diags);
  ASSERT_TRUE(set.ok());
  for (const auto& d : diags) ADD_FAILURE() << d.ToString();
  const ActorDictionary& a = set->actors();
  ASSERT_EQ(a.actors().size(), 10u);
  EXPECT_EQ(a.phrases().size(), 13u);
  EXPECT_EQ(a.actors()[0].name, "AFGHANISTAN_");
  EXPECT_EQ(a.actors()[0].loc.ToString(), "a.txt:2");
  EXPECT_EQ(a.phrases()[2].words,
            (std::vector<std::string>{"islamic", "republic", "of", "afghanistan"}));
  EXPECT_EQ(a.phrases()[2].actor, 0u);
  EXPECT_EQ(a.phrases()[2].loc.line, 4);
  ASSERT_EQ(a.actors()[1].codes.size(), 3u);
  EXPECT_EQ(a.actors()[1].codes[1].code, "AFGGOV");
  EXPECT_EQ(a.actors()[1].codes[1].first, 19331108);
  EXPECT_EQ(a.actors()[1].codes[1].last, 19730717);
  EXPECT_EQ(a.actors()[1].codes[2].last, 20070723);  // YY <= 30 → 20YY.
  EXPECT_EQ(a.actors()[4].codes.size(), 2u);           // Two codes on the primary line.
  EXPECT_EQ(a.actors()[7].codes[0].code, "FRO/BIL/SAM");
  EXPECT_EQ(a.actors()[8].codes[0].code, "");          // [---]
  EXPECT_EQ(a.actors()[9].codes[0].code, "PSE");       // Codes are upper-cased.
}

TEST(ActorReader, ResolvesDateRestrictedCodes) {
  std::vector<Diagnostic> diags;
  auto set = ReadActors(kActors, &diags);
  ASSERT_TRUE(set.ok());
  const auto& actors = set->actors().actors();
  struct Case {
    size_t actor;
    int32_t date;
    const char* code;
  } cases[] = {
      {0, 20150101, "AFG"},        {0, 0, "AFG"},
      {1, 19320101, "AFGELI"},     {1, 19500101, "AFGGOV"},  // Ranges are inclusive.
      {1, 19331108, "AFGELI"},     {1, 19800101, "AFGELI"},
      {1, 20100101, ""},           {1, 0, "AFGELI"},          // Unknown date → first code.
      {2, 19900101, "AFGMIL"},     {2, 20050101, "AFGGOV"},   // Default vs >date.
      {3, 20050101, "KORGOV"},     {3, 20061231, "KORGOV"},
      {3, 20070101, "IGOUNO"},     {3, 20070615, "IGOUNO"},
      {3, 20070100 + 0, ""},       // Between the ranges (2007-01-00 is before >20070101).
      {4, 20030101, "USAGOV"},     {4, 20060101, "IGOUNOKID"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(actors[c.actor].CodeAt(c.date), c.code) << actors[c.actor].name << " " << c.date;
  }
}

TEST(ActorReader, LongestMatchOverLowercaseWords) {
  std::vector<Diagnostic> diags;
  auto set = ReadActors(kActors, &diags);
  ASSERT_TRUE(set.ok());
  const ActorDictionary& a = set->actors();
  const std::vector<std::string> sentence{"the", "united", "nations", "security", "council",
                                          "met", "hamid", "karzai", "and", "united", "nations",
                                          "envoys"};
  const auto words = Words(sentence);
  size_t length = 0;
  EXPECT_EQ(a.LongestMatch(words, 0, &length), nullptr);
  EXPECT_EQ(length, 0u);
  const ActorPhrase* p = a.LongestMatch(words, 1, &length);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(length, 4u);
  EXPECT_EQ(a.actors()[p->actor].name, "UNITED_NATIONS_SECURITY_COUNCIL");
  p = a.LongestMatch(words, 6, &length);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(length, 2u);
  EXPECT_EQ(a.actors()[p->actor].CodeAt(19900101), "AFGMIL");
  p = a.LongestMatch(words, 9, &length);  // "united nations envoys": the 2-word prefix.
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(length, 2u);
  EXPECT_EQ(a.LongestMatch(words, words.size(), &length), nullptr);

  std::vector<PhraseMatcher::Match> all;
  a.matcher().AllMatches(words, 1, &all);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].length, 2u);
  EXPECT_EQ(all[1].length, 4u);
}

TEST(ActorReader, ReportsMalformedLinesAndSkipsThem) {
  struct Case {
    const char* line;
    const char* message;
  } cases[] = {
      {"\t[AFGGOV 2004017-20061201]", "malformed date restriction"},
      {"\t[AFGGOV >201005011]", "malformed date restriction"},
      {"\t[AFGGOV 20121207-20120802]", "ends before it starts"},
      {"\t[AFGGOV 20121204]", "malformed date restriction"},
      {"\t[AFGGOV 20121304-20121305]", "malformed date restriction"},  // Month 13.
      {"\t[AFGGOV >20100229]", "malformed date restriction"},           // Not a leap year.
      {"+FAEROYENE]_", "malformed actor phrase"},
      {"\t[AFGGOV", "unclosed `[`"},
      {"\t[ ]", "empty actor code"},
      {"\t[USA] trailing text", "expected `[CODE]`"},
      {"+", "empty actor phrase"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    const std::string text = "KARZAI [AFG]\n" + std::string(c.line) + "\nLATER [LAT]\n";
    std::vector<Diagnostic> diags;
    auto set = ReadActors(text, &diags);
    ASSERT_TRUE(set.ok());
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].ToString().rfind("a.txt:2: error: ", 0), 0u) << diags[0].ToString();
    EXPECT_NE(diags[0].message.find(c.message), std::string::npos) << diags[0].message;
    EXPECT_EQ(set->actors().actors().size(), 2u);
    EXPECT_EQ(set->actors().actors()[0].codes.size(), c.line[0] == '\t' && c.line[2] == 'U' ? 2u : 1u);

    auto strict = ReadActors(text, &diags, /*strict=*/true);
    ASSERT_FALSE(strict.ok());
    EXPECT_EQ(strict.status().message().rfind("a.txt:2: ", 0), 0u);
  }
}

// Issue 14 item 6: a dictionary line of 100 MB was accepted as an 11.6M-word phrase and
// one of 1 GB took 9 GB. A line over kMaxDictionaryLineBytes is an error naming file:line
// and is skipped; the lines around it keep their numbers.
TEST(ActorReader, OverLongLineIsReportedAndSkipped) {
  std::string long_phrase(100002, 'X');  // "+XX...X_"
  long_phrase.front() = '+';
  long_phrase.back() = '_';
  for (const char* eol : {"\n", "\r\n", "\r"}) {
    SCOPED_TRACE(eol[0] == '\r' ? (eol[1] ? "CRLF" : "CR") : "LF");
    const std::string text = std::string("KARZAI [AFG]") + eol + long_phrase + eol + "LATER [LAT]" +
                             eol + "\t[AFGGOV" + eol;
    std::vector<Diagnostic> diags;
    auto set = ReadActors(text, &diags);
    ASSERT_TRUE(set.ok());
    ASSERT_EQ(diags.size(), 2u);
    EXPECT_EQ(diags[0].ToString(),
              "a.txt:2: error: line of 100002 bytes is longer than 65536 bytes; skipped");
    EXPECT_EQ(diags[1].line, 4);  // the unclosed `[` keeps its line number
    ASSERT_EQ(set->actors().actors().size(), 2u);
    EXPECT_EQ(set->actors().phrases().size(), 2u);
    EXPECT_EQ(set->actors().actors()[1].loc.ToString(), "a.txt:3");

    auto strict = ReadActors(text, &diags, /*strict=*/true);
    ASSERT_FALSE(strict.ok());
    EXPECT_EQ(strict.status().message().rfind("a.txt:2: ", 0), 0u) << strict.status().message();
  }
  // A line of exactly the limit is read.
  std::vector<Diagnostic> diags;
  std::string longest(kMaxDictionaryLineBytes, 'Y');
  longest.front() = '+';
  auto set = ReadActors(longest + "\n", &diags);
  ASSERT_TRUE(set.ok());
  for (const Diagnostic& d : diags) {
    EXPECT_EQ(d.message.find("longer than"), std::string::npos) << d.ToString();
  }
}

// The filter sees a file in pieces: a line break or an over-long line split across
// pieces is handled as in one piece.
TEST(LongLineFilter, PiecesGiveTheSameResultAsTheWhole) {
  const std::string text = "a\r\n" + std::string(70000, 'b') + "\r\nc\rd\n" +
                           std::string(65536, 'e') + "\n" + std::string(65537, 'f');
  std::string whole;
  LongLineFilter one(&whole);
  one.Add(text);
  const auto dropped = one.Finish();
  ASSERT_EQ(dropped.size(), 2u);
  EXPECT_EQ(dropped[0].line, 2);
  EXPECT_EQ(dropped[0].bytes, 70000u);
  EXPECT_EQ(dropped[1].line, 6);
  EXPECT_EQ(dropped[1].bytes, 65537u);
  EXPECT_EQ(whole, "a\r\n\r\nc\rd\n" + std::string(65536, 'e') + "\n");
  for (size_t piece : {1u, 2u, 3u, 4096u, 65536u}) {
    std::string out;
    LongLineFilter f(&out);
    for (size_t i = 0; i < text.size(); i += piece) f.Add(std::string_view(text).substr(i, piece));
    const auto d = f.Finish();
    EXPECT_EQ(out, whole) << "pieces of " << piece;
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[1].line, 6);
  }
}

TEST(ActorReader, WarnsOnDuplicatesAndMissingCodes) {
  std::vector<Diagnostic> diags;
  auto set = ReadActors("UN_ [IGOUNO]\nU.N._\n+UN\n\t[IGO]\nNOCODE\nX [Y]\n", &diags);
  ASSERT_TRUE(set.ok());
  std::vector<std::string> got;
  for (const auto& d : diags) got.push_back(d.ToString());
  EXPECT_EQ(got, (std::vector<std::string>{
                     "a.txt:3: warning: actor phrase 'UN' also at a.txt:1 (this later one wins "
                     "unless dates decide)",
                     "a.txt:5: warning: actor 'NOCODE' has no code"}));
  std::vector<std::string> un{"un"};
  const ActorPhrase* p = set->actors().LongestMatch(Words(un), 0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(set->actors().actors()[p->actor].name, "U.N._");  // PETRARCH-2: the later wins.
  EXPECT_EQ(p->loc.line, 3);
  EXPECT_EQ(p->shadowed, (std::vector<uint32_t>{0}));
}

TEST(ActorReader, SharedPhraseResolvesByDate) {
  // Abridged from Phoenix.Countries.actors.txt: "PRESIDENT BUSH" names both Bushes.
  const char* text =
      "GEORGE_BUSH_\n"
      "+PRESIDENT_BUSH\n"
      "\t[USAELI 420101-710216]\n\t[USAGOV 890120-930120]\n\t[USAELI]\n"
      "GEORGE_W._BUSH_\n"
      "+PRESIDENT_BUSH_\n"
      "\t[USAELI 640101-010120]\n\t[USAGOV 010120-090120]\n\t[USAELI]\n"
      "OBAMA [USAGOV]\n";
  std::vector<Diagnostic> diags;
  auto set = ReadActors(text, &diags);
  ASSERT_TRUE(set.ok());
  const ActorDictionary& a = set->actors();
  const std::vector<std::string> words{"president", "bush"};
  const ActorPhrase* p = a.LongestMatch(Words(words), 0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(a.actors()[p->actor].name, "GEORGE_W._BUSH_");
  struct Case {
    int32_t date;
    const char* actor;
    const char* code;
  } cases[] = {
      {19900601, "GEORGE_BUSH_", "USAGOV"},      // H. W.'s narrow USAGOV beats W.'s USAELI.
      {20080802, "GEORGE_W._BUSH_", "USAGOV"},
      {19600101, "GEORGE_BUSH_", "USAELI"},      // Only H. W.'s dated code covers 1960.
      {20150101, "GEORGE_W._BUSH_", "USAELI"},   // No dated code: the later record's default.
      {0, "GEORGE_W._BUSH_", "USAELI"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(a.actors()[a.ResolveActor(*p, c.date)].name, c.actor) << c.date;
    EXPECT_EQ(a.CodeAt(*p, c.date), c.code) << c.date;
  }
  // The last record's codes are all restricted to other dates: the latest record with an
  // unrestricted code wins over a record that has no code for the date at all.
  auto dated = ReadActors(
      "KING_ [KNG]\n"
      "REGENT_\n+KING_\n\t[RGT 19000101-19101231]\n",
      &diags);
  ASSERT_TRUE(dated.ok());
  const std::vector<std::string> king{"king"};
  const ActorPhrase* k = dated->actors().LongestMatch(Words(king), 0);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(dated->actors().CodeAt(*k, 19050101), "RGT");
  EXPECT_EQ(dated->actors().CodeAt(*k, 20000101), "KNG");
  const std::vector<std::string> obama{"obama"};
  const ActorPhrase* o = a.LongestMatch(Words(obama), 0);
  EXPECT_EQ(a.ResolveActor(*o, 20100101), o->actor);
}

TEST(ActorReader, HandlesValidationFileHeadersAndCommentStyles) {
  std::vector<Diagnostic> diags;
  auto set = ReadActors(
      "<!-- PETRARCH VALIDATION SUITE ACTOR DICTIONARY -->\n<!-- \n<! -- NEW -->\n"
      "HAMAS WING [PSEHMSBRD]\nATHENS  [GRC] #JW   10/17/91\nJAMES_BYRNES_  ; CountryInfo.txt\n"
      "    [USAELI 18970101-450703]\n",
      &diags);
  ASSERT_TRUE(set.ok());
  for (const auto& d : diags) ADD_FAILURE() << d.ToString();
  ASSERT_EQ(set->actors().actors().size(), 3u);
  EXPECT_EQ(set->actors().phrases()[0].words, (std::vector<std::string>{"hamas", "wing"}));
  EXPECT_EQ(set->actors().actors()[2].CodeAt(19300101), "USAELI");
}

TEST(ActorReader, ConvertsLatin1ToUtf8) {
  std::vector<Diagnostic> diags;
  // "JOSÉ_MARTÍ [CUB]" in Latin-1.
  auto set = ReadActors("OK [X]\nJOS\xC9_MART\xCD [CUB]\n", &diags);
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].severity, Diagnostic::Severity::kWarning);
  EXPECT_EQ(diags[0].line, 2);
  EXPECT_TRUE(set->file_stats()[0].latin1);
  EXPECT_EQ(set->actors().phrases()[1].words,
            (std::vector<std::string>{"jos\xC3\x89", "mart\xC3\x8D"}));
}

TEST(ActorReader, LoadsHundredThousandEntriesInLinearTime) {
  // 100,000 records of 1-4 words sharing many prefixes, each with a synonym and a
  // date-restricted code: the shape of the Phoenix country files, five times larger.
  std::string text;
  const int n = 100000;
  text.reserve(static_cast<size_t>(n) * 80);
  for (int i = 0; i < n; ++i) {
    const std::string id = std::to_string(i);
    text += "PERSON_" + id + "_OF_COUNTRY_" + std::to_string(i % 200) + "_  [C" + id + "]\n";
    text += "+ALIAS_" + id + "\n";
    text += "\t[G" + id + " 19900101-20001231]\n";
  }
  std::vector<Diagnostic> diags;
  const auto start = std::chrono::steady_clock::now();
  auto set = ReadActors(text, &diags);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(set->actors().actors().size(), static_cast<size_t>(n));
  EXPECT_EQ(set->actors().phrases().size(), static_cast<size_t>(2 * n));
  EXPECT_EQ(set->actors().matcher().size(), static_cast<size_t>(2 * n));
  const std::vector<std::string> probe{"person", "77777", "of", "country", "177"};
  const ActorPhrase* p = set->actors().LongestMatch(Words(probe), 0);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(set->actors().actors()[p->actor].CodeAt(19950101), "G77777");
  EXPECT_EQ(set->actors().actors()[p->actor].CodeAt(20050101), "C77777");
  RecordProperty("load_seconds", std::to_string(seconds));
}

TEST(PhraseMatcher, AddFindAndDuplicates) {
  PhraseMatcher m;
  const std::vector<std::string> a{"a"}, ab{"a", "b"}, abc{"a", "b", "c"}, b{"b"};
  EXPECT_TRUE(m.Add(abc, 3));
  EXPECT_TRUE(m.Add(a, 1));
  EXPECT_FALSE(m.Add(a, 9));  // First value kept.
  EXPECT_EQ(m.size(), 2u);
  EXPECT_EQ(m.Find(Words(a)).value, 1u);
  EXPECT_FALSE(m.Find(Words(ab)).found());  // A prefix node without a value.
  EXPECT_FALSE(m.Find(Words(b)).found());
  const std::vector<std::string> text{"x", "a", "b", "d"};
  const auto match = m.LongestMatch(Words(text), 1);
  EXPECT_EQ(match.value, 1u);
  EXPECT_EQ(match.length, 1u);
}

}  // namespace
}  // namespace dyad::dict
