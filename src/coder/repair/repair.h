// Tree repairs: put back constructions that English grammar rules out and that dyad's
// parser is known to produce, before the coder reads the tree. Each rule is one row of
// kRepairs (repair.cc): a stable name, a one-line example, the parser it was found on and
// a function that reads the Sentence and edits the coder's WorkingTree (never the
// Document). Rules run in table order, and a later rule sees the earlier ones' output;
// an order constraint is written beside the row that needs it. Every rule has a case
// file, tree in and tree out, under tests/coder/repair/cases/, and doc/repairs.md lists
// them all (generated from this table by tests/coder/repair/repair_doc_test.cc).
// Thread-safety: the table is immutable; a Repairer is immutable after Create() and
// Run() may be called from many threads at once, each with its own tree and stats.
#ifndef DYAD_CODER_REPAIR_REPAIR_H_
#define DYAD_CODER_REPAIR_REPAIR_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "coder/tree.h"
#include "dyad/document.h"

namespace dyad::coder {

struct RepairRule {
  std::string_view name;      // stable id: "day-before-the-verb" (stats, options, test files)
  std::string_view example;   // "lawmakers Tuesday/nsubj endorsed" → Tuesday/obl:tmod
  std::string_view found_on;  // the parser whose trees showed the mistake
  std::string_view order;     // why the rule must run above/below another ("" if free)
  // Edits the tree where the rule applies; leaves it alone elsewhere.
  void (*apply)(const Sentence& s, WorkingTree* tree);
};

// Every rule, in the order the rules run.
extern const std::span<const RepairRule> kRepairs;

// The index of the rule named `name` in kRepairs, or -1.
int FindRepair(std::string_view name);

class Repairer {
 public:
  // A repairer running every rule of kRepairs except those named in `disabled`.
  // Errors: InvalidArgument naming the first name that is no rule of kRepairs.
  static Result<Repairer> Create(std::span<const std::string> disabled);
  // A repairer running no rule at all.
  static Repairer None();

  // Runs the enabled rules in table order over `tree` (loaded from `s`, before
  // LinkChildren()). When `fires` is not null it is resized to kRepairs.size() and
  // (*fires)[k] is incremented when rule k changed the tree.
  // REQUIRES: tree->size() == s.words.size().
  void Run(const Sentence& s, WorkingTree* tree, std::vector<uint64_t>* fires) const;

 private:
  explicit Repairer(std::vector<uint8_t> enabled) : enabled_(std::move(enabled)) {}
  std::vector<uint8_t> enabled_;  // per rule of kRepairs
};

// The rule functions, by family (punctuation.cc, attachment.cc, verb_reading.cc).
namespace repair {
void PunctuationAttachedNominals(const Sentence& s, WorkingTree* tree);
void HyphenatedModifiers(const Sentence& s, WorkingTree* tree);

void UnmarkedNominalWithPreposition(const Sentence& s, WorkingTree* tree);
void PossessiveOnAVerb(const Sentence& s, WorkingTree* tree);
void SubjectAcrossComma(const Sentence& s, WorkingTree* tree);
void PrepositionBeforeName(const Sentence& s, WorkingTree* tree);
void GerundInsideTheObject(const Sentence& s, WorkingTree* tree);
void DayBeforeTheVerb(const Sentence& s, WorkingTree* tree);
void UnmarkedNameBeforeTheVerb(const Sentence& s, WorkingTree* tree);
void ObjectConjoinedAcrossItsVerb(const Sentence& s, WorkingTree* tree);
void ListHeadBeforeTheSubject(const Sentence& s, WorkingTree* tree);
void UnmarkedNominalAfterTheVerb(const Sentence& s, WorkingTree* tree);
void ReciprocalInsideANoun(const Sentence& s, WorkingTree* tree);

void ParticipleMainVerb(const Sentence& s, WorkingTree* tree);
void ModifierWithASubject(const Sentence& s, WorkingTree* tree);
void RelativeVerbAfterTheSubject(const Sentence& s, WorkingTree* tree);
void PassiveSubjectWithoutAuxiliary(const Sentence& s, WorkingTree* tree);
void PerfectAuxiliaryAsVerb(const Sentence& s, WorkingTree* tree);
void NounCompoundOnAVerb(const Sentence& s, WorkingTree* tree);
void SubjunctiveVerbReadAsNoun(const Sentence& s, WorkingTree* tree);
void SubjectConjoinedToTheVerb(const Sentence& s, WorkingTree* tree);
void AuxiliaryVerbAsAdverb(const Sentence& s, WorkingTree* tree);
void ParticipleModifierAsComplement(const Sentence& s, WorkingTree* tree);
void PresentTenseNounConjunct(const Sentence& s, WorkingTree* tree);
void ReducedRelative(const Sentence& s, WorkingTree* tree);
void PluralNounMainVerb(const Sentence& s, WorkingTree* tree);
void PostposedReportingClause(const Sentence& s, WorkingTree* tree);
void FiniteVerbAsSubject(const Sentence& s, WorkingTree* tree);
void CoordinatedVerbAsModifier(const Sentence& s, WorkingTree* tree);
void ParticipleAfterANoun(const Sentence& s, WorkingTree* tree);
}  // namespace repair

}  // namespace dyad::coder

#endif  // DYAD_CODER_REPAIR_REPAIR_H_
