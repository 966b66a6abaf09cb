// Verb dictionary reader: every construct of the PETRARCH-1 and PETRARCH-2 formats from
// small inline dictionaries, diagnostics with file:line, strict mode, synset cycles.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dict/dictionary.h"

namespace dyad::dict {
namespace {

// Canonical text of a pattern's structure: constituents as K:word / S:synset / * $ + % ^,
// noun phrases {..}, prepositional phrases (..), `_` for joined tokens.
std::string DescribeTokens(const std::vector<PatternToken>& tokens) {
  std::string s;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const PatternToken& t = tokens[i];
    if (i > 0) s += ' ';
    switch (t.kind) {
      case PatternToken::Kind::kWord: s += t.word; break;
      case PatternToken::Kind::kSynset: s += "&" + t.word; break;
      case PatternToken::Kind::kVerb: s += "*"; break;
      case PatternToken::Kind::kSource: s += "$"; break;
      case PatternToken::Kind::kTarget: s += "+"; break;
      case PatternToken::Kind::kCompound: s += "%"; break;
      case PatternToken::Kind::kSkip: s += "^"; break;
    }
    if (t.joined_to_next) s += "_";
  }
  return s;
}

std::string DescribeSide(const std::vector<PatternConstituent>& side) {
  std::string s;
  for (const PatternConstituent& c : side) {
    if (!s.empty()) s += ' ';
    switch (c.kind) {
      case PatternConstituent::Kind::kToken: s += DescribeTokens(c.tokens); break;
      case PatternConstituent::Kind::kNounPhrase:
        s += '{';
        s += DescribeTokens(c.tokens);
        s += '}';
        break;
      case PatternConstituent::Kind::kPrepPhrase:
        s += '(';
        s += DescribeTokens(c.tokens);
        s += c.object_braced ? ")b" : ")";
        break;
    }
  }
  return s;
}

std::string Describe(const VerbPattern& p) {
  std::vector<std::string> parts;
  if (!p.before.empty()) parts.push_back(DescribeSide(p.before));
  parts.push_back(std::string(p.verb_joined_left ? "_*" : "*") + (p.verb_joined_right ? "_" : ""));
  if (!p.after.empty()) parts.push_back(DescribeSide(p.after));
  parts.push_back(p.code.ToString());
  parts.push_back(std::string(1, 's').append(std::to_string(p.specificity)));
  std::string s;
  for (const auto& part : parts) s += (s.empty() ? "" : " ") + part;
  return s;
}

constexpr char kSynsets[] =
    "&FOOD\n"
    "+FOOD\n"
    "+GRAIN_\n"
    "&PREP_\n"
    "+AGAINST\n";

Result<DictionarySet> ReadVerbs(std::string_view text, std::vector<Diagnostic>* diags,
                                bool strict = false) {
  LoadOptions options;
  options.strict = strict;
  return DictionarySet::FromText(DictionaryKind::kVerbs, "v.txt", text, options, diags);
}

TEST(VerbReader, ParsesEachPatternConstruct) {
  struct Case {
    const char* line;
    const char* expected;
  } cases[] = {
      {"- * AID  [070]", "* aid [070] s1"},
      {"- * (TO)   [042:043]   # RUSH", "* (to) [042:043] s1"},
      {"- * {ARMS SHIPMENT}  [072]", "* {arms shipment} [072] s2"},
      {"- * &FOOD  [073]", "* &FOOD [073] s1"},
      {"- * POLICE (TO BORDER)  [153]", "* police (to border) [153] s3"},
      {"- &FOOD *  [154]", "&FOOD * [154] s1"},
      {"- * (TO LIST) (OF {BANNED PARTIES})  [1722]", "* (to list) (of banned parties)b [1722] s5"},
      {"- * (TO {BANNED PARTIES}) $  [1722]", "* (to banned parties)b $ [1722] s3"},
      {"- * OFF (FROM ^)  [042]", "* off (from ^) [042] s2"},
      {"- % *  [050]", "% * [050] s0"},
      {"- + * {DEMAND &FOOD CONVENTIONS}  [111]", "+ * {demand &FOOD conventions} [111] s3"},
      {"- * (BEFORE COURT)  [:173]", "* (before court) [:173] s2"},
      {"- * DIPLOMATIC  [---]", "* diplomatic [---] s1"},
      {"- * {AIR_STRIKE}  [013]", "* {air_ strike} [013] s2"},
      {"- * (&PREP ENEMY)  [190]", "* (&PREP enemy) [190] s2"},
      {"- * DIPLXMATIC  [###]  # a code, not a comment", "* diplxmatic [###] s1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    std::string text = std::string(kSynsets) + "--- TEST [010] ---\nTEST\n" + c.line + "\n";
    std::vector<Diagnostic> diags;
    auto set = ReadVerbs(text, &diags);
    ASSERT_TRUE(set.ok()) << set.status().ToString();
    for (const auto& d : diags) ADD_FAILURE() << d.ToString();
    ASSERT_EQ(set->verbs().patterns().size(), 1u);
    EXPECT_EQ(Describe(set->verbs().patterns()[0]), c.expected);
    EXPECT_EQ(set->verbs().patterns()[0].loc.line, 8);
    EXPECT_EQ(set->verbs().patterns()[0].loc.file, "v.txt");
  }
}

TEST(VerbReader, ParsesPetrarch1LinearPatterns) {
  struct Case {
    const char* line;
    const char* expected;
  } cases[] = {
      {"- IN_*  [075]", "in _* [075] s1"},
      {"- *_OUT [074]", "*_ out [074] s1"},
      {"- SO IN_AND_*_OUT_AGAIN NOW [074]", "so in_ and _*_ out_ again now [074] s6"},
      {"- SUGGESTED_+ * DEMAND_&FOOD_CONVENTIONS  [111]",
       "suggested_ + * demand_ &FOOD_ conventions [111] s4"},
      {"- IN_ *  [075A]", "in _* [075A] s1"},
      {"- * FXLL DIPLOMATIC  [+++]", "* fxll diplomatic [+++] s2"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    std::string text = std::string("<!-- header -->\n") + kSynsets + "--- T [010] ---\nT\n" +
                       c.line + "\n";
    std::vector<Diagnostic> diags;
    auto set = ReadVerbs(text, &diags);
    ASSERT_TRUE(set.ok());
    for (const auto& d : diags) ADD_FAILURE() << d.ToString();
    ASSERT_EQ(set->verbs().patterns().size(), 1u);
    EXPECT_EQ(Describe(set->verbs().patterns()[0]), c.expected);
    EXPECT_EQ(set->verbs().format(), VerbFormat::kPetrarch1);
  }
}

TEST(VerbReader, DetectsFormatFromGroups) {
  std::vector<Diagnostic> diags;
  auto v2 = ReadVerbs("--- T [010] ---\nT\n- * (TO X) [011]\n- * Y [012]\n", &diags);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->verbs().format(), VerbFormat::kPetrarch2);
  auto v1 = ReadVerbs("--- T [010] ---\nT\n- * X Y [011]\n", &diags);
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->verbs().format(), VerbFormat::kPetrarch1);
  LoadOptions forced;
  forced.verb_format = LoadOptions::VerbFormatChoice::kPetrarch2;
  auto f = DictionarySet::FromText(DictionaryKind::kVerbs, "v", "--- T ---\nT\n- * X [011]\n",
                                   forced, &diags);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->verbs().format(), VerbFormat::kPetrarch2);
}

TEST(VerbReader, ReadsBlocksMembersAndForms) {
  const char* text =
      "---  ACCELERATE   [---]  ---\n"
      "HURRY {HURRIES HURRYING HURRIED }\n"
      "RACE\n"
      "ASK     [020]\n"
      "+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]\n"
      "WIRE_+TAP\n"
      "+ANGERED_BY {}\n"
      "SCRAP {SCRAPPING SCRAPS SCRAPPED };shan   8/30/93\n"
      "--- DISGRACE   [110]---  ---\n"
      "SHAME\n";
  std::vector<Diagnostic> diags;
  auto set = ReadVerbs(text, &diags);
  ASSERT_TRUE(set.ok());
  for (const auto& d : diags) ADD_FAILURE() << d.ToString();
  const VerbDictionary& v = set->verbs();
  ASSERT_EQ(v.blocks().size(), 2u);
  EXPECT_EQ(v.blocks()[0].name, "ACCELERATE");
  EXPECT_TRUE(v.blocks()[0].code.IsNull());
  EXPECT_EQ(v.blocks()[1].name, "DISGRACE");
  EXPECT_EQ(v.blocks()[1].code.code, "110");
  ASSERT_EQ(v.blocks()[0].members.size(), 7u);

  auto forms = [&](size_t member) {
    std::vector<std::string> out;
    for (const VerbForm& f : v.members()[member].forms) {
      std::string s;
      for (size_t i = 0; i < f.words.size(); ++i) {
        if (i > 0) s += ' ';
        if (i == f.verb_word) s += '+';
        s += f.words[i];
      }
      out.push_back(s);
    }
    return out;
  };
  EXPECT_EQ(forms(0), (std::vector<std::string>{"+hurry", "+hurries", "+hurrying", "+hurried"}));
  EXPECT_EQ(forms(1), (std::vector<std::string>{"+race", "+races", "+raced", "+racing"}));
  EXPECT_EQ(forms(3), (std::vector<std::string>{"+ask for", "+asked for", "+asking for",
                                                "+asks for"}));
  EXPECT_EQ(forms(4), (std::vector<std::string>{"wire +tap", "wire +taps", "wire +taped",
                                                "wire +taping"}));
  EXPECT_EQ(forms(5), (std::vector<std::string>{"+angered by"}));
  EXPECT_EQ(forms(6).size(), 4u);  // The `;` comment is not a form.

  EXPECT_TRUE(v.members()[2].has_own_code);
  EXPECT_EQ(v.members()[2].code.code, "020");
  EXPECT_FALSE(v.members()[1].has_own_code);
  EXPECT_TRUE(v.members()[1].code.IsNull());
  EXPECT_EQ(v.members()[7].code.code, "110");  // Inherits its block's code.

  // The verb index maps inflected forms to (block, member, form).
  auto refs = v.FindVerb("asked");
  ASSERT_EQ(refs.size(), 2u);  // ASK and ASK_FOR.
  EXPECT_EQ(refs[0].member, 2u);
  EXPECT_EQ(refs[1].member, 3u);
  EXPECT_EQ(v.members()[refs[1].member].forms[refs[1].form].words,
            (std::vector<std::string>{"asked", "for"}));
  EXPECT_EQ(v.FindVerb("hurried").size(), 1u);
  EXPECT_TRUE(v.FindVerb("walked").empty());
  EXPECT_EQ(v.FindVerb("tapping").size(), 0u);  // No consonant doubling: not listed.
}

TEST(VerbReader, OrdersBlockPatternsMostSpecificFirst) {
  const char* text =
      "--- ASK [020] ---\n"
      "ASK\n"
      "- * HELP [020]\n"
      "- * (FOR {FINANCIAL HELP}) [0231]\n"
      "- * {FINANCIAL HELP} [0231]\n"
      "- $ * [021]\n"
      "- * HELP (AGAINST REVOLT) [0234]\n";
  std::vector<Diagnostic> diags;
  auto set = ReadVerbs(text, &diags);
  ASSERT_TRUE(set.ok());
  const VerbDictionary& v = set->verbs();
  std::vector<std::string> order;
  for (uint32_t p : v.blocks()[0].patterns) order.push_back(v.patterns()[p].text);
  EXPECT_EQ(order, (std::vector<std::string>{"* (FOR {FINANCIAL HELP})",
                                             "* HELP (AGAINST REVOLT)", "* {FINANCIAL HELP}",
                                             "* HELP", "$ *"}));
}

// Bug: "&WEAPON * [183]" (file order first) shadowed "MISSILE * [194]" in CAMEO.2.0's
// EXPLOSIVE_DESTRUCTION block; at equal specificity a literal word is the narrower match.
TEST(VerbReader, OrdersLiteralWordsBeforeSynsetsAtEqualSpecificity) {
  const char* text =
      "&WEAPON\n+MISSILE\n+ROCKET\n"
      "--- BLOW [190] ---\n"
      "BLOW\n"
      "- &WEAPON * [183]\n"
      "- * {&WEAPON ATTACK} [190]\n"
      "- MISSILE * [194]\n"
      "- ROCKET * [194]\n";
  std::vector<Diagnostic> diags;
  auto set = ReadVerbs(text, &diags);
  ASSERT_TRUE(set.ok());
  const VerbDictionary& v = set->verbs();
  std::vector<std::string> order;
  for (uint32_t p : v.blocks()[0].patterns) order.push_back(v.patterns()[p].text);
  EXPECT_EQ(order, (std::vector<std::string>{"* {&WEAPON ATTACK}", "MISSILE *", "ROCKET *",
                                             "&WEAPON *"}));
}

TEST(VerbReader, ExpandsSynsetsWithPluralsAndNesting) {
  const char* text =
      "&CURRENCY\n"
      "+DOLLAR\n"
      "+CASH_\n"
      "+POUND_STERLING\n"
      "&AUX_\n"
      "+WAS\n"
      "+IS_TO\n"
      "&MONEYISH\n"
      "+&CURRENCY\n"
      "+TREATY\n"
      "--- PAY [---] ---\n"
      "PAY {PAYS PAID PAYING}\n"
      "- * &MONEYISH [071]\n";
  std::vector<Diagnostic> diags;
  auto set = ReadVerbs(text, &diags);
  ASSERT_TRUE(set.ok());
  for (const auto& d : diags) ADD_FAILURE() << d.ToString();
  const VerbDictionary& v = set->verbs();
  const int32_t currency = v.FindSynset("&currency");
  ASSERT_GE(currency, 0);
  EXPECT_EQ(v.FindSynset("AUX_"), v.FindSynset("aux"));
  using Phrases = std::vector<std::vector<std::string>>;
  EXPECT_EQ(v.ExpandedPhrases(currency),
            (Phrases{{"pound", "sterling"}, {"pound", "sterlings"}, {"dollar"}, {"dollars"},
                     {"cash"}}));
  EXPECT_EQ(v.ExpandedPhrases(v.FindSynset("AUX")), (Phrases{{"is", "to"}, {"was"}}));
  const int32_t moneyish = v.FindSynset("MONEYISH");
  std::vector<std::string_view> dollars{"dollars"};
  std::vector<std::string_view> treaties{"treaties"};
  std::vector<std::string_view> cashes{"cashes"};
  EXPECT_TRUE(v.SynsetContains(moneyish, dollars));
  EXPECT_TRUE(v.SynsetContains(moneyish, treaties));
  EXPECT_FALSE(v.SynsetContains(moneyish, cashes));
  EXPECT_FALSE(v.SynsetContains(-1, dollars));
  const std::vector<std::string_view> sentence{"paid", "in", "pound", "sterling", "today"};
  EXPECT_FALSE(v.SynsetMatch(currency, sentence, 1).found());
  EXPECT_EQ(v.SynsetMatch(currency, sentence, 2).length, 2u);
  EXPECT_EQ(v.SynsetMatch(moneyish, sentence, 2).length, 2u);  // Through the nesting.
  ASSERT_EQ(v.patterns().size(), 1u);
  EXPECT_EQ(v.patterns()[0].after[0].tokens[0].synset, moneyish);
}

TEST(VerbReader, ReportsSynsetCyclesWithoutLooping) {
  const char* text =
      "&A\n+&B\n+APPLE\n"
      "&B\n+&C\n"
      "&C\n+&A\n+CHERRY\n"
      "&D\n+&D\n"
      "&E\n+&A\n+EGG\n"
      "&F\n+FIG\n+&NOSUCH\n";
  std::vector<Diagnostic> diags;
  auto set = ReadVerbs(text, &diags);
  ASSERT_TRUE(set.ok());
  std::vector<std::string> errors;
  for (const auto& d : diags) errors.push_back(d.ToString());
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "v.txt:6: error: synset cycle: &C includes &A, which includes &C "
                        "directly or indirectly",
                        "v.txt:9: error: synset cycle: &D includes &D, which includes &D "
                        "directly or indirectly",
                        "v.txt:14: error: synset &F uses undefined synset &NOSUCH"}));
  const VerbDictionary& v = set->verbs();
  for (const char* name : {"A", "B", "C", "D", "E"}) {
    EXPECT_TRUE(v.ExpandedPhrases(v.FindSynset(name)).empty()) << name;
  }
  EXPECT_EQ(v.ExpandedPhrases(v.FindSynset("F")),
            (std::vector<std::vector<std::string>>{{"fig"}, {"figs"}}));
}

TEST(VerbReader, LongSynsetChainDoesNotRecurse) {
  // 50,000 nested synsets: an iterative walk, so no stack overflow.
  std::string text;
  const int n = 50000;
  for (int i = 0; i < n; ++i) {
    text += "&S" + std::to_string(i) + "\n";
    text += i + 1 < n ? "+&S" + std::to_string(i + 1) + "\n" : "+LAST_\n";
  }
  std::vector<Diagnostic> diags;
  auto set = ReadVerbs(text, &diags);
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(set->verbs().ExpandedPhrases(0), (std::vector<std::vector<std::string>>{{"last"}}));
  const std::vector<std::string_view> last{"last"};
  EXPECT_TRUE(set->verbs().SynsetContains(0, last));
}

TEST(VerbReader, NestedSynsetChainIsSharedNotCopied) {
  // Regression: expanding synsets copied every nested synset's phrases into each synset
  // that included it and deduplicated with a linear search, so a chain of 4,000 one-word
  // synsets (92 KB) took 260 s and 3.1 GB at every start-up.
  std::string text;
  const int n = 4000;
  for (int i = 0; i < n; ++i) {
    text += "&S" + std::to_string(i) + "_\n+W" + std::to_string(i) + "\n";
    if (i > 0) text += "+&S" + std::to_string(i - 1) + "\n";
  }
  text += "--- PAY [---] ---\nPAY {PAYS PAID PAYING}\n- * &S3999 [071]\n";
  std::vector<Diagnostic> diags;
  auto set = ReadVerbs(text, &diags);
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(diags.empty());
  const VerbDictionary& v = set->verbs();
  size_t stored = 0;
  for (const Synset& s : v.synsets()) stored += s.own.size() + s.includes.size();
  EXPECT_EQ(stored, 2u * n - 1);  // linear: one word and one reference per synset
  const int32_t top = v.FindSynset("S3999");
  const std::vector<std::string_view> deepest{"w0"}, middle{"w2000"}, none{"w4000"};
  EXPECT_TRUE(v.SynsetContains(top, deepest));
  EXPECT_TRUE(v.SynsetContains(top, middle));
  EXPECT_FALSE(v.SynsetContains(top, none));
  EXPECT_FALSE(v.SynsetContains(v.FindSynset("S5"), middle));  // only what S5 includes
  EXPECT_EQ(v.ExpandedPhrases(v.FindSynset("S2")).size(), 3u);
}

TEST(VerbReader, LargeSynsetKeepsEachPhraseOnce) {
  // Regression: one synset of 20,000 words took 6.4 s (quadratic deduplication).
  std::string text = "&BIG\n";
  const int n = 100000;
  for (int i = 0; i < n; ++i) text += "+W" + std::to_string(i % (n / 2)) + "\n";  // each twice
  std::vector<Diagnostic> diags;
  auto set = ReadVerbs(text, &diags);
  ASSERT_TRUE(set.ok());
  const VerbDictionary& v = set->verbs();
  const int32_t big = v.FindSynset("BIG");
  EXPECT_EQ(v.ExpandedPhrases(big).size(), 2u * (n / 2));  // words and their plurals, once
  const std::vector<std::string_view> plural{"w49999s"};
  EXPECT_TRUE(v.SynsetContains(big, plural));
}

TEST(VerbReader, ReadsTransformations) {
  std::vector<Diagnostic> diags;
  auto set = ReadVerbs(
      "~ a (a b WILL_ATTACK) SAY = a b 138\n~ a (b . ATTACK ) WANT = a b 021\n~ a b c\n", &diags);
  ASSERT_TRUE(set.ok());
  const auto& t = set->verbs().transformations();
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].inner_verb, "WILL_ATTACK");
  EXPECT_EQ(t[0].outer_verb, "SAY");
  EXPECT_EQ(t[0].result_code, "138");
  EXPECT_EQ(t[1].inner_target, ".");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].line, 3);
}

TEST(VerbReader, ReportsMalformedLinesWithFileAndLine) {
  struct Case {
    const char* line;
    const char* message;
  } cases[] = {
      {"- *SCEPTICAL [012]", "pattern without `*`"},
      {"- * VENTURE (WITH VISIT) VISIT) [030]", "unbalanced `)`"},
      {"- * (TO {X) [030]", "unbalanced `)`"},
      {"- * ((TO X)) [030]", "`(` inside a phrase group"},
      {"- * {} [030]", "empty `{}` group"},
      {"- * X [080", "pattern without a `[code]`"},
      {"- * X [080] Y", "text after the pattern code"},
      {"- * * X [080]", "more than one `*`"},
      {"- * &NOSUCH [080]", "undefined synset &NOSUCH"},
      {"- * (TO X [080]", "unclosed phrase group"},
      {"+A_+B", "more than one `+`"},
      {"WALK {WALKS", "unclosed `{`"},
      {"WALK [01 2]", "malformed verb code"},
      {"WALK {WALKS} xyz", "unexpected text after verb"},
      {"--- DELAY [120]  [031:031]  ---", "malformed code in verb block header"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    std::string text = "--- T [010] ---\nT\n- * GOOD [011]\n" + std::string(c.line) +
                       "\n- * ALSO_GOOD [012]\n";
    std::vector<Diagnostic> diags;
    auto set = ReadVerbs(text, &diags);
    ASSERT_TRUE(set.ok());
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].severity, Diagnostic::Severity::kError);
    EXPECT_EQ(diags[0].file, "v.txt");
    EXPECT_EQ(diags[0].line, 4);
    EXPECT_NE(diags[0].message.find(c.message), std::string::npos) << diags[0].message;
    // The lines around it are still read.
    EXPECT_GE(set->verbs().patterns().size(), 2u);

    diags.clear();
    auto strict = ReadVerbs(text, &diags, /*strict=*/true);
    ASSERT_FALSE(strict.ok());
    EXPECT_EQ(strict.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(strict.status().message().rfind("v.txt:4: ", 0), 0u) << strict.status().message();
  }
}

TEST(VerbReader, ReportsLinesOutsideBlocks) {
  std::vector<Diagnostic> diags;
  auto set = ReadVerbs("# comment\n- * X [010]\nWALK\n&S\nNOPLUS\n", &diags);
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(diags.size(), 3u);
  EXPECT_EQ(diags[0].line, 2);
  EXPECT_EQ(diags[1].line, 3);
  EXPECT_EQ(diags[2].line, 5);
}

}  // namespace
}  // namespace dyad::dict
