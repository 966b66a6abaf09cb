// The coder with dyad's own ontology (data/dict/dyad.ontology.txt) end to end: governing
// verbs combine with the act they govern and negated verbs take the rejection, as the CAMEO
// codebook intends, on hand-built UD trees and a tiny verb and actor dictionary.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "coder/coder.h"
#include "dict/dictionary.h"
#include "syntax/conllu.h"

namespace dyad::coder {
namespace {

constexpr char kVerbs[] = R"(--- AGREE [030] ---
AGREE

--- PROVIDE [070] ---
PROVIDE

--- MEET [040] ---
MEET {MEETS MET MEETING}

--- DISCUSS [040] ---
DISCUSS

--- REFUSE [120] ---
REFUSE

--- URGE [020] ---
URGE

--- THREATEN [130] ---
THREATEN

--- ATTACK [190] ---
ATTACK

--- RELEASE [084] ---
RELEASE
- * PRISONERS [0841]

--- LIFT [085] ---
LIFT

--- ARREST [173] ---
ARREST

--- EXPEL [174] ---
EXPEL

--- COOPERATE [050] ---
COOPERATE

--- DEMAND [100] ---
DEMAND

--- PROTEST [141] ---
PROTEST

--- SAY [010] ---
SAY {SAYS SAID}
TELL {TELLS TOLD}

--- CONDEMN [111] ---
CONDEMN

--- DENY [016] ---
DENY

--- PLAN [030] ---
PLAN {PLANS PLANNED}
TRY {TRIES TRIED}
)";

constexpr char kActors[] = "ARNOR_ [ARN]\nGONDOR_ [GON]\nREUTERS_ [MED]\n";
constexpr char kAgents[] = "POLICE [~COP]\nPROTESTER [~OPP]\n";

using Triples = std::set<std::tuple<std::string, std::string, std::string>>;

class CoderWithDyadOntology : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("dyad_coder_ontology_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "t.verbs.txt") << kVerbs;
    std::ofstream(dir_ / "t.actors.txt") << kActors;
    std::ofstream(dir_ / "t.agents.txt") << kAgents;
    dict::DictionaryPaths paths;
    paths.verbs = {(dir_ / "t.verbs.txt").string()};
    paths.actors = {(dir_ / "t.actors.txt").string()};
    paths.agents = {(dir_ / "t.agents.txt").string()};
    paths.ontology = {std::string(DYAD_DEFAULT_DICT) + "/dyad.ontology.txt"};
    std::vector<dict::Diagnostic> diags;
    auto set = dict::DictionarySet::Load(paths, dict::LoadOptions(), &diags);
    ASSERT_TRUE(set.ok()) << set.status().ToString();
    for (const auto& d : diags) ADD_FAILURE() << d.ToString();
    dicts_ = std::make_unique<dict::DictionarySet>(std::move(*set));
    UseOptions({});
  }
  void UseOptions(const CoderOptions& options) {
    auto coder = Coder::Create(dicts_.get(), options);
    ASSERT_TRUE(coder.ok()) << coder.status().ToString();
    coder_ = std::make_unique<Coder>(std::move(*coder));
  }
  // The reading `dyad code` gives real news: one-sided events, the codebook's conventions.
  void UseCodebook() {
    CoderOptions options;
    options.require_dyad = false;
    options.codebook = true;
    UseOptions(options);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // "form upos head deprel" per word; "upos:xpos" gives the XPOS too.
  Triples Code(const std::vector<std::string>& lines) {
    std::string conllu;
    int id = 1;
    for (const std::string& l : lines) {
      char form[64], upos[16], rel[32];
      int head = 0;
      EXPECT_EQ(std::sscanf(l.c_str(), "%63s %15s %d %31s", form, upos, &head, rel), 4) << l;
      std::string u = upos, x = "_";
      if (const size_t colon = u.find(':'); colon != std::string::npos) {
        x = u.substr(colon + 1);
        u.resize(colon);
      }
      conllu += std::to_string(id++) + "\t" + form + "\t" + form + "\t" + u + "\t" + x +
                "\t_\t" + std::to_string(head) + "\t" + rel + "\t_\t_\n";
    }
    auto doc = ReadConllu(conllu + "\n", "test");
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    if (!doc.ok()) return {};
    doc->id = "doc";
    doc->date = "20200101";
    CoderScratch scratch;
    std::vector<Event> events;
    coder_->CodeDocument(*doc, &scratch, &events, nullptr);
    Triples out;
    for (const Event& e : events) {
      out.emplace(ActorCodeOrNull(e.source), ActorCodeOrNull(e.target), e.code);
    }
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<dict::DictionarySet> dicts_;
  std::unique_ptr<Coder> coder_;
};

TEST_F(CoderWithDyadOntology, AgreedToProvideAidIsIntentToProvideAid) {
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "agreed VERB 0 root", "to PART 4 mark",
                  "provide VERB 2 xcomp", "aid NOUN 4 obj", "to ADP 7 case",
                  "Gondor PROPN 4 obl"}),
            (Triples{{"ARN", "GON", "033"}}));
}

TEST_F(CoderWithDyadOntology, RefusedToMeetRejectsTheTalks) {
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "refused VERB 0 root", "to PART 4 mark",
                  "meet VERB 2 xcomp", "Gondor PROPN 4 obj"}),
            (Triples{{"ARN", "GON", "125"}}));
}

TEST_F(CoderWithDyadOntology, UrgedToMeetIsAnAppealForTalks) {
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "urged VERB 0 root", "Gondor PROPN 2 obj",
                  "to PART 5 mark", "meet VERB 2 xcomp"}),
            (Triples{{"ARN", "GON", "026"}}));
}

TEST_F(CoderWithDyadOntology, ThreatenedToAttackIsAThreatOfMilitaryForce) {
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "threatened VERB 0 root", "to PART 4 mark",
                  "attack VERB 2 xcomp", "Gondor PROPN 4 obj"}),
            (Triples{{"ARN", "GON", "138"}}));
}

TEST_F(CoderWithDyadOntology, ThreatenedCoercionIsAThreatNotTheCoercion) {
  // Threaten + arrest has no 13x code of its own: a threat of repression (137), not 173.
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "threatened VERB 0 root", "to PART 4 mark",
                  "arrest VERB 2 xcomp", "Gondor PROPN 4 obj"}),
            (Triples{{"ARN", "GON", "137"}}));
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "threatened VERB 0 root", "to PART 4 mark",
                  "expel VERB 2 xcomp", "Gondor PROPN 4 obj"}),
            (Triples{{"ARN", "GON", "137"}}));
}

TEST_F(CoderWithDyadOntology, DemandThatOthersActIsADemandAddressedToThem) {
  // "Arnor demanded that Gondor release the prisoners": 1053, to Gondor; no release event.
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "demanded VERB 0 root", "that SCONJ 5 mark",
                  "Gondor PROPN 5 nsubj", "release VERB 2 ccomp", "the DET 7 det",
                  "prisoners NOUN 5 obj"}),
            (Triples{{"ARN", "GON", "1053"}}));
}

TEST_F(CoderWithDyadOntology, AgreedToCooperateIsNotAReduction) {
  // cooperate 0x0080 + cooperate 0x0080 would sum to 0x0100 (reduce, 16x).
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "cooperated VERB 0 root", "to PART 4 mark",
                  "cooperate VERB 2 xcomp", "Gondor PROPN 4 obj"}),
            (Triples{{"ARN", "GON", "050"}}));
}

TEST_F(CoderWithDyadOntology, ContentActsDoNotAddUp) {
  // cooperate (0x0070) governing provide aid (0x0040) is the aid (070), not 0x00B0 (200).
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "cooperated VERB 0 root", "to PART 4 mark",
                  "provide VERB 2 xcomp", "Gondor PROPN 4 obj"}),
            (Triples{{"ARN", "GON", "070"}}));
}

TEST_F(CoderWithDyadOntology, MetToDiscussIsTheMeetingWithItsTarget) {
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "met VERB 0 root", "Gondor PROPN 2 obj",
                  "to PART 5 mark", "discuss VERB 2 advcl", "trade NOUN 5 obj"}),
            (Triples{{"ARN", "GON", "040"}}));
}

TEST_F(CoderWithDyadOntology, NegatedActsAreRefusalsOrNothing) {
  // "did not lift sanctions" → refuse to ease economic sanctions.
  EXPECT_EQ(Code({"Arnor PROPN 4 nsubj", "did AUX 4 aux", "not PART 4 advmod",
                  "lift VERB 0 root", "sanctions NOUN 4 obj", "on ADP 7 case",
                  "Gondor PROPN 4 obl"}),
            (Triples{{"ARN", "GON", "1244"}}));
  // "did not meet" → reject proposal to meet.
  EXPECT_EQ(Code({"Arnor PROPN 4 nsubj", "did AUX 4 aux", "not PART 4 advmod",
                  "meet VERB 0 root", "Gondor PROPN 4 obj"}),
            (Triples{{"ARN", "GON", "125"}}));
  // "did not attack" → no event at all (never the positive one).
  EXPECT_EQ(Code({"Arnor PROPN 4 nsubj", "did AUX 4 aux", "not PART 4 advmod",
                  "attack VERB 0 root", "Gondor PROPN 4 obj"}),
            Triples{});
}

TEST_F(CoderWithDyadOntology, WouldReleaseIsIntentToRelease) {
  // "Arnor would release prisoners from Gondor": the reported future is an intent.
  EXPECT_EQ(Code({"Arnor PROPN 3 nsubj", "would AUX 3 aux", "release VERB 0 root",
                  "prisoners NOUN 3 obj", "to ADP 6 case", "Gondor PROPN 3 obl"}),
            (Triples{{"ARN", "GON", "0353"}}));
}

// One-sided events and the codebook's reading (CoderOptions::codebook, as `dyad code`).

TEST_F(CoderWithDyadOntology, CodebookCodesActsWithNoTargetOneSided) {
  UseCodebook();
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "protested VERB 0 root"}),
            (Triples{{"ARN", "---", "141"}}));
  // PETRARCH's require_dyad (the default options): no event.
  UseOptions({});
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "protested VERB 0 root"}), Triples{});
}

TEST_F(CoderWithDyadOntology, ContentFreeStatementsWithoutAddresseeAreNotEvents) {
  UseCodebook();
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "said VERB 0 root"}), Triples{});
  // A denial is news on its own (016).
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "denied VERB 0 root", "involvement NOUN 2 obj"}),
            (Triples{{"ARN", "---", "016"}}));
  // PETRARCH's require_dyad=false keeps the bare statement.
  CoderOptions petrarch;
  petrarch.require_dyad = false;
  UseOptions(petrarch);
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "said VERB 0 root"}), (Triples{{"ARN", "---", "010"}}));
}

TEST_F(CoderWithDyadOntology, StatementsAreNotMadeToTheOutletThePlaceOrTheReportedClause) {
  UseCodebook();
  // "Arnor told Reuters in Gondor": neither the outlet nor the place is an addressee.
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "told VERB 0 root", "Reuters PROPN 2 obj",
                  "in ADP 5 case", "Gondor PROPN 2 obl"}),
            Triples{});
  // "Arnor said that Gondor left": Gondor is what is reported on, not who is told.
  const std::vector<std::string> reported = {"Arnor PROPN 2 nsubj", "said VERB 0 root",
                                             "that SCONJ 5 mark", "Gondor PROPN 5 nsubj",
                                             "left VERB 2 ccomp"};
  EXPECT_EQ(Code(reported), Triples{});
  UseOptions({});  // PETRARCH's suites code it as a statement to Gondor
  EXPECT_EQ(Code(reported), (Triples{{"ARN", "GON", "010"}}));
}

TEST_F(CoderWithDyadOntology, CoSubjectsAreEachOthersTargetsOnlyInJointActs) {
  const std::vector<std::string> condemned = {"Arnor PROPN 4 nsubj", "and CCONJ 3 cc",
                                              "Gondor PROPN 1 conj", "condemned VERB 0 root",
                                              "the DET 6 det", "attack NOUN 4 obj"};
  UseCodebook();
  // Two condemnations of an attacker the sentence does not name: no event of either
  // against the other, and none one-sided (the object is an unresolved target).
  EXPECT_EQ(Code(condemned), Triples{});
  EXPECT_EQ(Code({"Arnor PROPN 4 nsubj", "and CCONJ 3 cc", "Gondor PROPN 1 conj",
                  "protested VERB 0 root"}),
            (Triples{{"ARN", "---", "141"}, {"GON", "---", "141"}}));
  // "A and B met" is one symmetric event by the codebook: its reverse would be a second.
  const std::vector<std::string> met = {"Arnor PROPN 4 nsubj", "and CCONJ 3 cc",
                                        "Gondor PROPN 1 conj", "met VERB 0 root"};
  EXPECT_EQ(Code(met), (Triples{{"ARN", "GON", "040"}}));
  // PETRARCH's conventions read it the same way: co-subjects pair only in mutual acts
  // (the validation suites' counts do not depend on it) — there both ways.
  UseOptions({});
  EXPECT_EQ(Code(condemned), Triples{});
  EXPECT_EQ(Code(met), (Triples{{"ARN", "GON", "040"}, {"GON", "ARN", "040"}}));
}

TEST_F(CoderWithDyadOntology, AgentlessArrestIsByThePoliceOfThePlace) {
  UseCodebook();
  // "Protesters were arrested in Gondor"
  EXPECT_EQ(Code({"Protesters NOUN 3 nsubj:pass", "were AUX 3 aux:pass", "arrested VERB 0 root",
                  "in ADP 5 case", "Gondor PROPN 3 obl"}),
            (Triples{{"GONCOP", "GONOPP", "173"}}));
  // No place: the police of no named country (placed later by the story's country).
  EXPECT_EQ(Code({"Protesters NOUN 3 nsubj:pass", "were AUX 3 aux:pass",
                  "arrested VERB 0 root"}),
            (Triples{{"---COP", "---OPP", "173"}}));
  // A `by` agent is the agent.
  EXPECT_EQ(Code({"Protesters NOUN 3 nsubj:pass", "were AUX 3 aux:pass", "arrested VERB 0 root",
                  "by ADP 5 case", "Arnor PROPN 3 obl"}),
            (Triples{{"ARN", "ARNOPP", "173"}}));
}

TEST_F(CoderWithDyadOntology, UnresolvedSubjectlessClausesGiveNoOneSidedEvent) {
  UseCodebook();
  // "Arnor attacked Gondor, arresting protesters": the participle shares the subject.
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "attacked VERB 0 root", "Gondor PROPN 2 obj",
                  ", PUNCT 5 punct", "arresting VERB:VBG 2 advcl", "protesters NOUN 5 obj"}),
            (Triples{{"ARN", "GON", "190"}, {"ARN", "ARNOPP", "173"}}));
  // "to attack Gondor" (an xcomp of an unknown verb) has no subject: no event.
  EXPECT_EQ(Code({"They PRON 2 nsubj", "hoped VERB 0 root", "to PART 4 mark",
                  "attack VERB 2 xcomp", "Gondor PROPN 4 obj"}),
            Triples{});
}

TEST_F(CoderWithDyadOntology, OneSidedOnlyWhereTheSideIsMissingNotUnresolved) {
  UseCodebook();
  // "Gunmen attacked Gondor": a subject that names no actor, a stated unknown agent.
  EXPECT_EQ(Code({"Gunmen NOUN 2 nsubj", "attacked VERB 0 root", "Gondor PROPN 2 obj"}),
            (Triples{{"---", "GON", "190"}}));
  // "He attacked Gondor" with no antecedent: the agent is there, unresolved.
  EXPECT_EQ(Code({"He PRON 2 nsubj", "attacked VERB 0 root", "Gondor PROPN 2 obj"}),
            Triples{});
  // "Arnor attacked the village": the target is there, naming no actor.
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "attacked VERB 0 root", "the DET 4 det",
                  "village NOUN 2 obj"}),
            Triples{});
  // "Arnor released prisoners": the pattern reads the object as what was done.
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "released VERB 0 root", "prisoners NOUN 2 obj"}),
            (Triples{{"ARN", "---", "0841"}}));
}

TEST_F(CoderWithDyadOntology, RelativePronounIsTheNounItModifies) {
  UseCodebook();
  // "Arnor condemned protesters who attacked Gondor"
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "condemned VERB 0 root", "protesters NOUN 2 obj",
                  "who PRON 5 nsubj", "attacked VERB 3 acl:relcl", "Gondor PROPN 5 obj"}),
            (Triples{{"ARN", "ARNOPP", "111"}, {"---OPP", "GON", "190"}}));
}

// Modality and composition by the codebook (CoderOptions::codebook).

TEST_F(CoderWithDyadOntology, FutureHostileActIsAThreatAndCooperativeOneAnIntent) {
  const std::vector<std::string> will_attack = {"Arnor PROPN 3 nsubj", "will AUX 3 aux",
                                                "attack VERB 0 root", "Gondor PROPN 3 obj"};
  UseCodebook();
  EXPECT_EQ(Code(will_attack), (Triples{{"ARN", "GON", "138"}}));
  EXPECT_EQ(Code({"Arnor PROPN 3 nsubj", "may AUX 3 aux", "meet VERB 0 root",
                  "Gondor PROPN 3 obj"}),
            (Triples{{"ARN", "GON", "036"}}));
  EXPECT_EQ(Code({"Arnor PROPN 3 nsubj", "would AUX 3 aux", "arrest VERB 0 root",
                  "Gondor PROPN 3 obj"}),
            (Triples{{"ARN", "GON", "137"}}));
  // Negated, the refusal stands: "will not meet" rejects the talks.
  EXPECT_EQ(Code({"Arnor PROPN 4 nsubj", "will AUX 4 aux", "not PART 4 advmod",
                  "meet VERB 0 root", "Gondor PROPN 4 obj"}),
            (Triples{{"ARN", "GON", "125"}}));
  UseOptions({});  // PETRARCH's suites read "will attack" as the attack
  EXPECT_EQ(Code(will_attack), (Triples{{"ARN", "GON", "190"}}));
}

TEST_F(CoderWithDyadOntology, ReadyToActIsTheIntent) {
  UseCodebook();
  // "Arnor is ready to provide aid to Gondor"
  EXPECT_EQ(Code({"Arnor PROPN 3 nsubj", "is AUX 3 cop", "ready ADJ 0 root", "to PART 5 mark",
                  "provide VERB 3 xcomp", "aid NOUN 5 obj", "to ADP 8 case",
                  "Gondor PROPN 5 obl"}),
            (Triples{{"ARN", "GON", "033"}}));
}

TEST_F(CoderWithDyadOntology, SaidThatOthersMustActIsADemandOfThem) {
  UseCodebook();
  // "Arnor said Gondor must release the prisoners": no release happened.
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "said VERB 0 root", "Gondor PROPN 5 nsubj",
                  "must AUX 5 aux", "release VERB 2 ccomp", "the DET 7 det",
                  "prisoners NOUN 5 obj"}),
            (Triples{{"ARN", "GON", "1053"}}));
}

TEST_F(CoderWithDyadOntology, AConditionDoesNotAssertItsEvent) {
  UseCodebook();
  // "If Arnor attacks Gondor, Gondor will attack Arnor": only the conditional threat.
  EXPECT_EQ(Code({"If SCONJ 3 mark", "Arnor PROPN 3 nsubj", "attacks VERB 8 advcl",
                  "Gondor PROPN 3 obj", ", PUNCT 8 punct", "Gondor PROPN 8 nsubj",
                  "will AUX 8 aux", "attack VERB 0 root", "Arnor PROPN 8 obj"}),
            (Triples{{"GON", "ARN", "138"}}));
}

TEST_F(CoderWithDyadOntology, FailedToActIsTheNegatedAct) {
  UseCodebook();
  // "Arnor failed to release the prisoners": a refusal to release (1243), no release.
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "failed VERB 0 root", "to PART 4 mark",
                  "release VERB 2 xcomp", "the DET 6 det", "prisoners NOUN 4 obj"}),
            (Triples{{"ARN", "---", "1243"}}));
}

TEST_F(CoderWithDyadOntology, AnnouncedHostileActIsAThreatButAnAttemptIsNot) {
  UseCodebook();
  // "Arnor plans to arrest Gondor": the threat of repression, no arrest.
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "plans VERB 0 root", "to PART 4 mark",
                  "arrest VERB 2 xcomp", "Gondor PROPN 4 obj"}),
            (Triples{{"ARN", "GON", "137"}}));
  // "Arnor plans to provide aid to Gondor": the intent (033).
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "plans VERB 0 root", "to PART 4 mark",
                  "provide VERB 2 xcomp", "aid NOUN 4 obj", "to ADP 7 case",
                  "Gondor PROPN 4 obl"}),
            (Triples{{"ARN", "GON", "033"}}));
  // "Arnor tried to arrest Gondor": an attempt is no announcement (PICO keeps the act).
  EXPECT_EQ(Code({"Arnor PROPN 2 nsubj", "tried VERB 0 root", "to PART 4 mark",
                  "arrest VERB 2 xcomp", "Gondor PROPN 4 obj"}),
            (Triples{{"ARN", "GON", "173"}}));
}

}  // namespace
}  // namespace dyad::coder
