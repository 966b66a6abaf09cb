// The table of tree repairs and the Repairer that runs it (see repair.h).
// Thread-safety: kRepairs is immutable; Repairer::Run touches only its arguments.
#include "coder/repair/repair.h"

#include <array>

namespace dyad::coder {

namespace {

constexpr char kGreedy[] = "greedy parser, 2026-11";
constexpr char kEnsemble[] = "ensemble parser, 2026-11";
constexpr char kNeural[] = "neural parser, 2026-12";

// The one ordered list. A rule sees the trees the rules above it left; where a rule must
// stay above or below another, its `order` field says so (empty: no known constraint).
constexpr std::array<RepairRule, 30> kRepairTable = {{
    {"unmarked-nominal-with-preposition", "in/case Michel/obl:unmarked Delving → Michel/obl",
     kGreedy, "First: the rules below read obl:tmod as a nominal without a preposition.",
     repair::UnmarkedNominalWithPreposition},
    {"unmarked-nominal-after-the-verb",
     "dissolved the opposition party/obl:unmarked → party/obj(dissolved)", kNeural,
     "Below unmarked-nominal-with-preposition (which makes a nominal with a preposition obl).",
     repair::UnmarkedNominalAfterTheVerb},
    {"reciprocal-inside-a-noun",
     "blamed each/det(Monday) other/amod(Monday) Monday → other/obj(blamed), each/det(other)",
     kNeural, "", repair::ReciprocalInsideANoun},
    {"possessive-on-a-verb",
     "Ithilen's/nmod:poss(warned) minister warned → Ithilen's/nmod:poss(minister)", kGreedy, "",
     repair::PossessiveOnAVerb},
    {"participle-main-verb",
     "warplanes/root bombed/amod hundreds → bombed/root, warplanes/nsubj, hundreds/obj", kGreedy,
     "Above the rules that give a verb a subject: it fires only on a tree with none.",
     repair::ParticipleMainVerb},
    {"modifier-with-a-subject",
     "police/nsubj(sprayed) sprayed/amod pellets/root at journalists → sprayed/root, "
     "pellets/obj, journalists/obl(sprayed)",
     kNeural, "", repair::ModifierWithASubject},
    {"relative-verb-after-the-subject",
     "Kenyan supporters/root of the opposition clashed/acl(opposition) with the police → "
     "clashed/root, supporters/nsubj",
     kNeural, "", repair::RelativeVerbAfterTheSubject},
    {"passive-subject-without-auxiliary",
     "students/nsubj:pass rioted/root against the government → students/nsubj", kNeural, "",
     repair::PassiveSubjectWithoutAuxiliary},
    {"perfect-auxiliary-as-verb",
     "He had/root Thursday met/xcomp President Ruto → met/root, had/aux", kNeural, "",
     repair::PerfectAuxiliaryAsVerb},
    {"subject-conjoined-to-the-verb",
     "suspended talks, and Arnor/conj(suspended), its ally, condemned/conj the raid → "
     "Arnor/nsubj(condemned)",
     kGreedy, "", repair::SubjectConjoinedToTheVerb},
    {"subjunctive-verb-read-as-noun",
     "demanded that/obl Arnor/nsubj release/NOUN,obl X → release/ccomp (a verb), that/mark",
     kGreedy, "", repair::SubjunctiveVerbReadAsNoun},
    {"noun-compound-on-a-verb",
     "Kenyan police/compound(fired) fired/root tear gas → police/nsubj(fired)", kGreedy,
     "Below participle-main-verb (which needs a tree with no subject at all).",
     repair::NounCompoundOnAVerb},
    {"punctuation-attached-nominal",
     "promised raids/punct(.) to the villages → raids/obj(promised)", kGreedy, "",
     repair::PunctuationAttachedNominals},
    {"hyphenated-modifier",
     "a surface/obl - to - air missile/parataxis → surface/compound(missile), missile/obl", kGreedy,
     "", repair::HyphenatedModifiers},
    {"subject-across-comma",
     "on Thursday, President Bush/conj(Thursday) scheduled → Bush/nsubj(scheduled)", kGreedy, "",
     repair::SubjectAcrossComma},
    {"preposition-before-name",
     "called on/case(Sunday) Gondor/obl:tmod late Sunday → on/case(Gondor), Gondor/obl", kGreedy,
     "", repair::PrepositionBeforeName},
    {"auxiliary-verb-as-adverb",
     "will abandon/advmod(improved) improved relations → abandon heads, improved/amod(relations)",
     kGreedy, "", repair::AuxiliaryVerbAsAdverb},
    {"participle-modifier-as-complement",
     "will abandon improved/xcomp relations/obj(improved) → relations/obj(abandon), improved/amod",
     kGreedy,
     "Right after auxiliary-verb-as-adverb: the same phrase parsed the other way round (one rule "
     "until 2026-12).",
     repair::ParticipleModifierAsComplement},
    {"gerund-inside-the-object", "his mushroom hunting/advcl trip → hunting/acl(mushroom)", kGreedy,
     "", repair::GerundInsideTheObject},
    {"present-tense-noun-conjunct",
     "announced freezes and bans/conj(announced) → bans/conj(freezes), no verb", kGreedy, "",
     repair::PresentTenseNounConjunct},
    {"reduced-relative",
     "civilians imprisoned/root ... were released → released/root, imprisoned/acl(civilians)",
     kGreedy, "", repair::ReducedRelative},
    {"day-before-the-verb", "lawmakers Tuesday/nsubj endorsed → Tuesday/obl:tmod, lawmakers/nsubj",
     kGreedy, "Above unmarked-name-before-the-verb, which must see the day as the time it is.",
     repair::DayBeforeTheVerb},
    {"plural-noun-main-verb",
     "Secretary of state wants/obl(Secretary) to help → wants/root, Secretary/nsubj", kGreedy, "",
     repair::PluralNounMainVerb},
    {"postposed-reporting-clause",
     "rebels engaged/ccomp(said) peacekeepers, officials said/root → engaged/root, said/parataxis",
     kGreedy, "", repair::PostposedReportingClause},
    {"finite-verb-as-subject",
     "Arnor believes/nsubj(cope) Dagolath can cope → believes/root, cope/ccomp", kGreedy, "",
     repair::FiniteVerbAsSubject},
    {"coordinated-verb-as-modifier",
     "and promised/amod aid/conj(Thursday) → promised/conj(condemned), aid/obj(promised)", kGreedy,
     "", repair::CoordinatedVerbAsModifier},
    {"unmarked-name-before-the-verb",
     "President obama/obl:unmarked expressed → obama/nsubj(expressed)", kEnsemble,
     "Below unmarked-nominal-with-preposition and day-before-the-verb.",
     repair::UnmarkedNameBeforeTheVerb},
    {"participle-after-a-noun",
     "a missile believed/advcl(downed) to be fired → believed/acl(missile)", kEnsemble, "",
     repair::ParticipleAfterANoun},
    {"object-conjoined-across-its-verb",
     "and promised raids/conj(Thursday) to the villages → raids/obj(promised)", kGreedy, "",
     repair::ObjectConjoinedAcrossItsVerb},
    {"list-head-before-the-subject",
     "Mordor/obl, the Shire/nsubj, Arnor and Bree welcomed → Mordor/conj(Shire)", kEnsemble, "",
     repair::ListHeadBeforeTheSubject},
}};

}  // namespace

const std::span<const RepairRule> kRepairs(kRepairTable);

int FindRepair(std::string_view name) {
  for (size_t k = 0; k < kRepairs.size(); ++k) {
    if (kRepairs[k].name == name) return static_cast<int>(k);
  }
  return -1;
}

Result<Repairer> Repairer::Create(std::span<const std::string> disabled) {
  std::vector<uint8_t> enabled(kRepairs.size(), 1);
  for (const std::string& name : disabled) {
    const int k = FindRepair(name);
    if (k < 0) {
      return Status::InvalidArgument("unknown tree repair '" + name +
                                     "' (doc/repairs.md lists the rules)");
    }
    enabled[k] = 0;
  }
  return Repairer(std::move(enabled));
}

Repairer Repairer::None() { return Repairer(std::vector<uint8_t>(kRepairs.size(), 0)); }

void Repairer::Run(const Sentence& s, WorkingTree* tree, std::vector<uint64_t>* fires) const {
  if (fires != nullptr) fires->resize(kRepairs.size());
  for (size_t k = 0; k < kRepairs.size(); ++k) {
    if (enabled_[k] == 0) continue;
    if (fires == nullptr) {
      kRepairs[k].apply(s, tree);
      continue;
    }
    tree->Save();
    kRepairs[k].apply(s, tree);
    if (tree->ChangedSinceSave()) ++(*fires)[k];
  }
}

}  // namespace dyad::coder
