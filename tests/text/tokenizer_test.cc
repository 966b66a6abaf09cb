// Tests of the text stage: EWT tokenization conventions, sentence and paragraph splitting,
// the span invariants (tokens tile each sentence), budgets on huge input, bad bytes after
// repair, model round trips and corruption, and accuracy on EWT dev. Convention and
// accuracy tests train on UD English-EWT and skip when it is absent; the rest use a tiny
// model trained from a CoNLL-U snippet in this file.
#include "text/tokenizer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "base/binary.h"
#include "base/file.h"
#include "base/utf8.h"
#include "eval/parse_score.h"
#include "syntax/conllu.h"
#include "text/raw_text.h"
#include "train/tokenizer_train.h"

namespace dyad {
namespace {

const std::string kEwt = std::string(DYAD_SHARED_DATA) + "/ud-en-ewt/";

// A few EWT-style sentences: enough to train a tokenizer that runs, not one that is good.
constexpr char kTinyConllu[] =
    "# newdoc id = d1\n"
    "# newpar id = p1\n"
    "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n"
    "2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n"
    "3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
    "4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
    "\n"
    "1\tMr.\tMr.\tPROPN\tNNP\t_\t2\tcompound\t_\t_\n"
    "2\tSmith\tSmith\tPROPN\tNNP\t_\t3\tnsubj\t_\t_\n"
    "3\tcame\tcome\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n"
    "4\t,\t,\tPUNCT\t,\t_\t3\tpunct\t_\t_\n"
    "5\tsaw\tsee\tVERB\tVBD\t_\t3\tconj\t_\t_\n"
    "6\tit\tit\tPRON\tPRP\t_\t5\tobj\t_\tSpaceAfter=No\n"
    "7\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
    "\n"
    "# newpar id = p2\n"
    "1\tHello\thello\tINTJ\tUH\t_\t0\troot\t_\tSpaceAfter=No\n"
    "2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_\n"
    "\n"
    "# newpar id = p3\n"
    "1\twe\twe\tX\tX\t_\t0\troot\t_\t_\n"
    "2\twant\twant\tX\tX\t_\t1\tdep\t_\t_\n"
    "3\tto\tto\tX\tX\t_\t1\tdep\t_\t_\n"
    "4\tsee\tsee\tX\tX\t_\t1\tdep\t_\t_\n"
    "5\twhat\twhat\tX\tX\t_\t1\tdep\t_\t_\n"
    "6\tit\tit\tX\tX\t_\t1\tdep\t_\t_\n"
    "7\tis\tis\tX\tX\t_\t1\tdep\t_\t_\n"
    "8\tlike\tlike\tX\tX\t_\t1\tdep\t_\t_\n"
    "9\tto\tto\tX\tX\t_\t1\tdep\t_\t_\n"
    "10\tlive\tlive\tX\tX\t_\t1\tdep\t_\t_\n"
    "11\there\there\tX\tX\t_\t1\tdep\t_\t_\n"
    "12\tand\tand\tX\tX\t_\t1\tdep\t_\t_\n"
    "13\tnow\tnow\tX\tX\t_\t1\tdep\t_\t_\n"
    "14\tand\tand\tX\tX\t_\t1\tdep\t_\t_\n"
    "15\tthen\tthen\tX\tX\t_\t1\tdep\t_\t_\n"
    "16\twith\twith\tX\tX\t_\t1\tdep\t_\t_\n"
    "17\tthem\tthem\tX\tX\t_\t1\tdep\t_\t_\n"
    "\n";

Document ReadOrDie(std::string_view data, const std::string& what) {
  auto doc = ReadConllu(data, what);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? std::move(*doc) : Document();
}

// Trains and round-trips through a model file so that `options` apply.
Tokenizer TrainOrDie(const Document& train, const Document& dev, TokenizerOptions options = {}) {
  auto t = TrainTokenizer(train, dev, nullptr);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  ModelFileWriter w;
  t->Save(&w);
  auto file = ModelFile::Parse(w.Serialize(), "test.model");
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  auto loaded = Tokenizer::Load(*file, options);
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return std::move(*loaded);
}

const Tokenizer& Tiny() {
  static const Tokenizer* t = [] {
    const Document d = ReadOrDie(kTinyConllu, "tiny");
    return new Tokenizer(TrainOrDie(d, d));
  }();
  return *t;
}

bool HaveEwt() {
  return ReadFile(kEwt + "en_ewt-ud-train.conllu").ok() &&
         ReadFile(kEwt + "en_ewt-ud-dev.conllu").ok();
}

const Tokenizer* Ewt() {
  static const Tokenizer* t = []() -> const Tokenizer* {
    if (!HaveEwt()) return nullptr;
    const Document train = ReadOrDie(*ReadFile(kEwt + "en_ewt-ud-train.conllu"), "train");
    const Document dev = ReadOrDie(*ReadFile(kEwt + "en_ewt-ud-dev.conllu"), "dev");
    return new Tokenizer(TrainOrDie(train, dev));
  }();
  return t;
}

#define REQUIRE_EWT() \
  if (Ewt() == nullptr) GTEST_SKIP() << "UD English-EWT not found under " << kEwt

bool IsSpaceByte(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Checks the contract of Tokenize on `doc`; returns a description of the first violation.
std::string CheckInvariants(const Document& doc, uint32_t cap) {
  uint32_t previous_end = 0;
  size_t covered = 0;
  for (size_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    const std::string where = "sentence " + std::to_string(si) + ": ";
    if (s.tokens.empty()) return where + "no tokens";
    if (s.tokens.size() > cap) return where + "more tokens than the cap";
    if (s.begin != s.tokens.front().begin || s.end != s.tokens.back().end) {
      return where + "span differs from its tokens";
    }
    if (s.begin < previous_end) return where + "overlaps the previous sentence";
    uint32_t word = 0;
    for (size_t ti = 0; ti < s.tokens.size(); ++ti) {
      const Token& t = s.tokens[ti];
      if (t.begin >= t.end || t.end > doc.text.size()) return where + "bad token span";
      if (t.begin < previous_end) return where + "tokens out of order";
      for (uint32_t b = previous_end; b < t.begin; ++b) {
        // Only whitespace (ASCII or Unicode) lies between tokens.
        if (!IsSpaceByte(doc.text[b]) && static_cast<unsigned char>(doc.text[b]) < 0x80) {
          return where + "non-space byte " + std::to_string(b) + " outside tokens";
        }
      }
      const std::string_view text = doc.TokenText(t);
      for (char c : text) {
        if (IsSpaceByte(c)) return where + "space inside a token";
      }
      if (!IsValidUtf8(text)) return where + "token is not valid UTF-8";
      if (t.first_word != word || t.word_count == 0) return where + "bad word indices";
      std::string joined;
      for (uint32_t k = 0; k < t.word_count; ++k) {
        const Word& w = s.words.at(t.first_word + k);
        if (w.token != ti || w.form.empty()) return where + "bad word";
        joined += w.form;
      }
      if (joined != text) return where + "words do not spell their token";
      const bool next_is_space = t.end < doc.text.size() && IsSpaceByte(doc.text[t.end]);
      if (t.end < doc.text.size() && static_cast<unsigned char>(doc.text[t.end]) < 0x80 &&
          t.space_after != next_is_space) {
        return where + "space_after wrong at byte " + std::to_string(t.end);
      }
      word += t.word_count;
      covered += text.size();
      previous_end = t.end;
    }
    if (word != s.words.size()) return where + "words not all in tokens";
  }
  size_t non_space = 0;
  for (char c : doc.text) non_space += !IsSpaceByte(c);
  if (covered < non_space) {
    // Unicode spaces are not covered; everything else must be.
    size_t unicode_spaces = 0;
    for (size_t i = 0; i < doc.text.size();) {
      size_t next = i;
      const char32_t c = DecodeUtf8(doc.text, &next);
      if (c >= 0x80 && (c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
                        c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000)) {
        unicode_spaces += next - i;
      }
      i = next;
    }
    if (covered + unicode_spaces != non_space) return "text not covered by tokens";
  }
  return "";
}

Document TokenizeText(const Tokenizer& t, std::string text, TokenizeStats* stats = nullptr) {
  Document doc;
  doc.text = std::move(text);
  RepairUtf8(&doc.text);
  TokenizeStats local;
  t.Tokenize(&doc, stats ? stats : &local);
  return doc;
}

std::string Tokens(const Document& doc) {
  std::string out;
  for (const Sentence& s : doc.sentences) {
    for (const Token& t : s.tokens) {
      if (!out.empty()) out += ' ';
      out += doc.TokenText(t);
    }
  }
  return out;
}

std::string Words(const Document& doc) {
  std::string out;
  for (const Sentence& s : doc.sentences) {
    for (const Word& w : s.words) {
      if (!out.empty()) out += ' ';
      out += w.form;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------

TEST(Tokenizer, EmptyAndBlankInputGiveNoSentences) {
  for (const char* text : {"", " ", "\n\n\n", " \t\r\n ", "\xC2\xA0"}) {
    TokenizeStats stats;
    const Document doc = TokenizeText(Tiny(), text, &stats);
    EXPECT_TRUE(doc.sentences.empty()) << "input: '" << text << "'";
    EXPECT_EQ(stats.sentences, 0u);
    EXPECT_EQ(stats.tokens, 0u);
  }
}

TEST(Tokenizer, BlankLineEndsParagraphAndSentence) {
  const std::string text = "first paragraph here\n\n  \nsecond one\nstill second";
  const Document doc = TokenizeText(Tiny(), text);
  ASSERT_GE(doc.sentences.size(), 2u);
  EXPECT_EQ(CheckInvariants(doc, 400), "");
  EXPECT_TRUE(doc.sentences[0].new_paragraph);
  std::vector<std::string> paragraph_starts;
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    const Sentence& s = doc.sentences[i];
    if (s.new_paragraph) {
      paragraph_starts.emplace_back(doc.TokenText(s.tokens.front()));
      if (i > 0) {
        EXPECT_EQ(doc.TokenText(doc.sentences[i - 1].tokens.back()), "here");
      }
    }
  }
  EXPECT_EQ(paragraph_starts, (std::vector<std::string>{"first", "second"}));
}

TEST(Tokenizer, SetsSpaceAfterFromTheText) {
  const Document doc = TokenizeText(*(Ewt() ? Ewt() : &Tiny()), "He said:\"no\" (really).");
  ASSERT_FALSE(doc.sentences.empty());
  EXPECT_EQ(CheckInvariants(doc, 400), "");
  // "said" is followed by ":" without a space; the token before "(" has a space.
  const Sentence& s = doc.sentences[0];
  ASSERT_GE(s.tokens.size(), 2u);
  EXPECT_TRUE(s.tokens[0].space_after);  // "He"
}

TEST(Tokenizer, CapsLongSentencesAndCountsThem) {
  TokenizerOptions options;
  options.max_sentence_tokens = 400;
  const Document tiny = ReadOrDie(kTinyConllu, "tiny");
  const Tokenizer t = TrainOrDie(tiny, tiny, options);
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "word ";
  TokenizeStats stats;
  const Document doc = TokenizeText(t, text, &stats);
  EXPECT_EQ(stats.tokens, 5000u);
  EXPECT_GE(stats.sentences, 13u);
  EXPECT_GE(stats.capped_sentences, 12u);
  EXPECT_EQ(CheckInvariants(doc, 400), "");
}

TEST(Tokenizer, HugeInputRunsInBoundedTime) {
  struct Case {
    const char* name;
    std::string text;
  };
  std::vector<Case> cases;
  cases.push_back({"10 MB line of words", ""});
  while (cases.back().text.size() < 10'000'000) cases.back().text += "lorem ipsum dolor ";
  cases.push_back({"10 MB chunk without spaces", std::string(10'000'000, 'a')});
  cases.push_back({"2 MB of periods between letters", ""});
  while (cases.back().text.size() < 2'000'000) cases.back().text += "a.";
  cases.push_back({"2 MB of exclamation marks", std::string(2'000'000, '!')});
  cases.push_back({"2 MB of digits and hyphens", ""});
  while (cases.back().text.size() < 2'000'000) cases.back().text += "713-853-";
  cases.push_back({"2 MB of at-signs and dots", ""});
  while (cases.back().text.size() < 2'000'000) cases.back().text += "a@b.";
  for (const Case& c : cases) {
    const auto t0 = std::chrono::steady_clock::now();
    TokenizeStats stats;
    const Document doc = TokenizeText(Tiny(), c.text, &stats);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(s, 20.0) << c.name;  // linear: well under a second on an idle machine
    EXPECT_EQ(CheckInvariants(doc, 400), "") << c.name;
  }
}

TEST(Tokenizer, SurvivesNulAndInvalidBytesAfterRepair) {
  const std::vector<std::string> inputs = {std::string("abc\0def", 7),
                                           "caf\xC3",
                                           "\xFF\xFE\xFD",
                                           "x\xE2\x80",
                                           "\xED\xA0\x80 ok",
                                           std::string("\0\0\0", 3),
                                           "don\xE2\x80\x99t \xF0\x9F\x98\x80!",
                                           "\xC0\xAF\xC1\xBF..."};
  for (const std::string& in : inputs) {
    const Document doc = TokenizeText(Tiny(), in);
    EXPECT_EQ(CheckInvariants(doc, 400), "") << "input bytes: " << in.size();
  }
}

TEST(Tokenizer, LoaderRejectsCorruptSections) {
  ModelFileWriter w;
  Tiny().Save(&w);
  auto file = ModelFile::Parse(w.Serialize(), "m");
  ASSERT_TRUE(file.ok());
  auto section = file->Section("text");
  ASSERT_TRUE(section.ok());
  const std::string payload(*section);
  // Every truncation is Corruption naming a byte offset; never a crash.
  for (size_t n = 0; n < payload.size(); n += 1 + payload.size() / 200) {
    ModelFileWriter bad;
    bad.AddSection("text", payload.substr(0, n));
    auto f = ModelFile::Parse(bad.Serialize(), "bad");
    ASSERT_TRUE(f.ok());
    auto t = Tokenizer::Load(*f);
    ASSERT_FALSE(t.ok()) << "truncated to " << n;
    EXPECT_EQ(t.status().code(), Status::Code::kCorruption) << t.status().ToString();
    EXPECT_NE(t.status().message().find("byte"), std::string::npos) << t.status().ToString();
  }
  ModelFileWriter trailing;
  trailing.AddSection("text", payload + "x");
  auto f = ModelFile::Parse(trailing.Serialize(), "trailing");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(Tokenizer::Load(*f).status().code(), Status::Code::kCorruption);
  ModelFileWriter none;
  none.AddSection("tagger", "x");
  auto g = ModelFile::Parse(none.Serialize(), "none");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(Tokenizer::Load(*g).status().code(), Status::Code::kNotFound);
}

TEST(Tokenizer, TrainingIsDeterministic) {
  const Document tiny = ReadOrDie(kTinyConllu, "tiny");
  auto a = TrainTokenizer(tiny, tiny, nullptr);
  auto b = TrainTokenizer(tiny, tiny, nullptr);
  ASSERT_TRUE(a.ok() && b.ok());
  ModelFileWriter wa, wb;
  a->Save(&wa);
  b->Save(&wb);
  EXPECT_EQ(wa.Serialize(), wb.Serialize());
}

TEST(RawTextFromGold, JoinsSentencesAndSeparatesParagraphs) {
  const Document gold = ReadOrDie(kTinyConllu, "tiny");
  GoldSpans spans;
  const std::string text = RawTextFromGold(gold, &spans);
  EXPECT_EQ(text,
            "don't go. Mr. Smith came, saw it.\n\nHello!\n\n"
            "we want to see what it is like to live here and now and then with them\n");
  ASSERT_EQ(spans.sentences.size(), 4u);
  EXPECT_EQ(
      text.substr(spans.sentences[1].begin, spans.sentences[1].end - spans.sentences[1].begin),
      "Mr. Smith came, saw it.");
  EXPECT_EQ(spans.paragraph_starts, (std::vector<uint32_t>{0, 2, 3}));
  EXPECT_EQ(spans.tokens.size(), 12u + 17u);
}

// ---------------------------------------------------------------------------------------
// EWT conventions (model trained on EWT train).

struct ConventionCase {
  const char* behaviour;
  const char* text;
  const char* tokens;  // expected tokens, space-separated
  const char* words;   // expected words (after multiword splitting), or nullptr = tokens
};

TEST(Tokenizer, FollowsEwtConventions) {
  REQUIRE_EWT();
  const ConventionCase cases[] = {
      {"splits n't contractions into words", "I can't go and don't care.",
       "I can't go and don't care .", "I ca n't go and do n't care ."},
      {"splits won't as wo n't", "They won't stop.", "They won't stop .", "They wo n't stop ."},
      {"splits cannot and gonna", "You cannot win, we're gonna win.",
       "You cannot win , we're gonna win .", "You can not win , we 're gon na win ."},
      {"splits possessive 's", "Bush's plan and the parents' choice.",
       "Bush's plan and the parents' choice .", "Bush 's plan and the parents ' choice ."},
      {"keeps abbreviations whole", "Mr. Smith met Dr. Jones in the U.S. on Sept. 5.",
       "Mr. Smith met Dr. Jones in the U.S. on Sept. 5 .", nullptr},
      {"keeps initials whole", "J. R. R. Tolkien wrote it.", "J. R. R. Tolkien wrote it .",
       nullptr},
      {"splits currency and percent", "It cost $5.50, or 3.5% of 1,000.50 dollars.",
       "It cost $ 5.50 , or 3.5 % of 1,000.50 dollars .", nullptr},
      {"keeps e-mail addresses whole", "Write to john.smith@example.com today.",
       "Write to john.smith@example.com today .", nullptr},
      {"keeps URLs whole", "See http://www.example.com/a/page.html.",
       "See http://www.example.com/a/page.html .", nullptr},
      {"keeps ellipses together", "Wait... what?", "Wait ... what ?", nullptr},
      {"splits hyphenated compounds", "A long-term plan.", "A long - term plan .", nullptr},
      {"keeps phone numbers and dates whole", "Call 713-853-3989 on 11/28/2000.",
       "Call 713-853-3989 on 11/28/2000 .", nullptr},
      {"splits a time from its am/pm", "Meet at 7:30PM please", "Meet at 7:30 PM please", nullptr},
      {"splits a dateline", "MOSCOW (Reuters) - Russia said no.",
       "MOSCOW ( Reuters ) - Russia said no .", nullptr},
      {"splits quotes", "\"Hello,\" she said.", "\" Hello , \" she said .", nullptr},
      {"keeps emoticons whole", "Thanks :)", "Thanks :)", nullptr},
  };
  for (const ConventionCase& c : cases) {
    const Document doc = TokenizeText(*Ewt(), c.text);
    EXPECT_EQ(Tokens(doc), c.tokens) << c.behaviour;
    EXPECT_EQ(Words(doc), c.words ? c.words : c.tokens) << c.behaviour;
    EXPECT_EQ(CheckInvariants(doc, 400), "") << c.behaviour;
  }
}

TEST(Tokenizer, SplitsSentencesButNotAtAbbreviations) {
  REQUIRE_EWT();
  const struct {
    const char* text;
    std::vector<std::string> sentences;
  } cases[] = {
      {"This is one. This is two.", {"This is one.", "This is two."}},
      {"Mr. Smith arrived. He sat down.", {"Mr. Smith arrived.", "He sat down."}},
      {"Is it true? Yes!", {"Is it true?", "Yes!"}},
  };
  for (const auto& c : cases) {
    const Document doc = TokenizeText(*Ewt(), c.text);
    std::vector<std::string> got;
    for (const Sentence& s : doc.sentences) got.emplace_back(doc.SentenceText(s));
    EXPECT_EQ(got, c.sentences) << c.text;
  }
}

// Bug: "GAZA CITY, Palestinian Territories: Four children ..." was one sentence, so the
// coder read the dateline as the subject of the news.
TEST(Tokenizer, SplitsOffANewsDatelineAsEwtDoes) {
  REQUIRE_EWT();
  const struct {
    const char* text;
    std::vector<std::string> sentences;
  } cases[] = {
      {"GAZA CITY, Palestinian Territories: Four children were killed on Friday.",
       {"GAZA CITY, Palestinian Territories:", "Four children were killed on Friday."}},
      {"WASHINGTON (Reuters) - The president spoke on Friday.",
       {"WASHINGTON (Reuters) -", "The president spoke on Friday."}},
      {"NEW DELHI - India and Pakistan met.", {"NEW DELHI -", "India and Pakistan met."}},
      // A label, a lower-case continuation, a short acronym: no dateline.
      {"STEP ONE: You do not need to type it again.",
       {"STEP ONE: You do not need to type it again."}},
      {"HAMSTERS - will a hamster be ok in the bathroom?",
       {"HAMSTERS - will a hamster be ok in the bathroom?"}},
      {"PS - There is a happy hour tonight.", {"PS - There is a happy hour tonight."}},
  };
  for (const auto& c : cases) {
    const Document doc = TokenizeText(*Ewt(), c.text);
    std::vector<std::string> got;
    for (const Sentence& s : doc.sentences) got.emplace_back(doc.SentenceText(s));
    EXPECT_EQ(got, c.sentences) << c.text;
    EXPECT_EQ(CheckInvariants(doc, 400), "") << c.text;
  }
}

TEST(Tokenizer, SpansTileEwtDevText) {
  REQUIRE_EWT();
  const Document dev = ReadOrDie(*ReadFile(kEwt + "en_ewt-ud-dev.conllu"), "dev");
  const Document doc = TokenizeText(*Ewt(), RawTextFromGold(dev));
  EXPECT_GT(doc.sentences.size(), 1500u);
  EXPECT_EQ(CheckInvariants(doc, 400), "");
}

// Accuracy on EWT dev raw text (CoNLL 2018 scoring). Measured: tokens 99.49, words 99.24,
// sentences 88.83 F1; the floors leave about 0.5 / 0.4 / 1.8 points of slack.
TEST(Tokenizer, AccuracyOnEwtDev) {
  REQUIRE_EWT();
  const Document dev = ReadOrDie(*ReadFile(kEwt + "en_ewt-ud-dev.conllu"), "dev");
  const Document sys = TokenizeText(*Ewt(), RawTextFromGold(dev));
  // Score through CoNLL-U, as the CLI does.
  const Document reread = ReadOrDie(WriteConllu(sys), "system");
  auto score = Evaluate(dev, reread);
  ASSERT_TRUE(score.ok()) << score.status().ToString();
  EXPECT_GE(score->words.f1(), 0.988);
  EXPECT_GE(score->tokens.f1(), 0.990);
  EXPECT_GE(score->sentences.f1(), 0.87);
}

}  // namespace
}  // namespace dyad
