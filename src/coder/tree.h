// The coder's working tree: one sentence's dependency parse as the coder reads it — a
// head and a folded relation (Rel) per word and a flag saying which words are coded as
// verbs — plus the small tree edits and questions the tree repairs and the coding
// stages share (Relink, ChildWith, the one bounded ancestor test Dominates, IsFiniteVerb,
// Glued, ToConllu). Relations are folded once, from UD v1 and v2 labels, into a small
// enum, so that nothing after Load() looks at label strings.
// Lifecycle: Load() reads the parse; the repairs edit head/rel/verb; LinkChildren()
// turns self loops into roots and builds the child lists the coding stages walk.
// Thread-safety: a WorkingTree belongs to one thread's scratch; the free functions are
// pure.
#ifndef DYAD_CODER_TREE_H_
#define DYAD_CODER_TREE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"

namespace dyad::coder {

enum class Rel : uint8_t {
  kOther,
  kRoot,
  kSubj,
  kSubjPass,
  kCsubj,
  kObj,
  kIobj,
  kObl,
  kTmod,
  kCase,
  kConj,
  kCc,
  kXcomp,
  kCcomp,
  kAdvcl,
  kAcl,
  kRelcl,
  kAppos,
  kCompound,
  kPrt,
  kAmod,
  kFlat,
  kPoss,
  kDet,
  kNeg,
  kAux,
  kAuxPass,
  kCop,
  kMark,
  kPunct,
  kParataxis,
  kAdvmod,
  kNummod,
  kFixed,
  kList,
};

// Folds a UD v1 or v2 relation label ("nsubj:pass", "dobj", "obl:unmarked") into a Rel.
Rel RelOf(std::string_view deprel);

// The UD v2 label a Rel is written as (ToConllu, test cases): RelOf(RelName(r)) == r.
std::string_view RelName(Rel r);

inline bool IsSubjectRel(Rel r) {
  return r == Rel::kSubj || r == Rel::kSubjPass || r == Rel::kCsubj;
}

// The relations that keep a word in its head's noun-phrase core: compound, amod, flat,
// det, nummod, possessive, fixed and case ("the Al Qaeda-linked Somali militant group").
inline bool IsCoreRel(Rel r) {
  return r == Rel::kCompound || r == Rel::kAmod || r == Rel::kFlat || r == Rel::kDet ||
         r == Rel::kNummod || r == Rel::kPoss || r == Rel::kFixed || r == Rel::kCase;
}

// A word that can head a noun phrase by its UPOS (adjectives and numbers included:
// "the poor", "the two").
inline bool IsNominal(Upos u) {
  return u == Upos::kNOUN || u == Upos::kPROPN || u == Upos::kPRON || u == Upos::kNUM ||
         u == Upos::kADJ || u == Upos::kX || u == Upos::kSYM;
}

// A noun or a proper noun (the nominals the repairs re-hang).
inline bool IsNounUpos(Upos u) { return u == Upos::kNOUN || u == Upos::kPROPN; }

// A verb in a finite form by its Penn tag: past (VBD), present (VBZ, VBP).
bool IsFiniteVerb(const Word& w);

// Is word w written together with the next word, as the only word of its token? UD v2
// splits hyphenated words ("Barad - dur", "surface - to - air"); the pieces are glued.
bool Glued(const Sentence& s, int w);

// Does `form` equal `lower` ignoring ASCII case? (`lower` is lowercase.)
bool EqualsLower(std::string_view form, std::string_view lower);
// Any case: a day name; a day or month name; either, or a month's abbreviation ("Sept.",
// "Oct"). Used by the tree repairs and the coder's time prepositions.
bool IsDayName(std::string_view form);
bool IsDayOrMonthName(std::string_view form);
bool IsCalendarName(std::string_view form);
// A day or month name, or a noun that names a time or a period ("evening", "week", "end",
// "time"), any case: the head of a time phrase ("by evening", "the next week").
bool IsTimeNoun(std::string_view form);

struct WorkingTree {
  // Per word: its head (-1: a root), folded relation, and whether it is coded as a verb
  // (UPOS VERB, unless a repair says otherwise).
  std::vector<int> head;
  std::vector<Rel> rel;
  std::vector<uint8_t> verb;
  // Per word: its dependents in text order. Valid after LinkChildren() only.
  std::vector<std::vector<int>> children;
  bool linked = false;  // LinkChildren() has run since Load()
  // The last Save(): Repairer::Run's change test (kept here to reuse the memory).
  std::vector<int> saved_head;
  std::vector<Rel> saved_rel;
  std::vector<uint8_t> saved_verb;
  // Walks up the tree take at most this many steps (CoderOptions::max_tree_depth).
  uint32_t max_depth = 256;

  int size() const { return static_cast<int>(head.size()); }

  // Reads the parse of `s`; false when a word has no valid head (an unparsed sentence).
  // Children are cleared until LinkChildren().
  bool Load(const Sentence& s);
  // After the repairs: a word that heads itself becomes a root; builds `children`.
  void LinkChildren();

  // Remembers head, rel and verb; ChangedSinceSave() compares them with the saved copy.
  void Save() {
    saved_head = head;
    saved_rel = rel;
    saved_verb = verb;
  }
  bool ChangedSinceSave() const {
    return head != saved_head || rel != saved_rel || verb != saved_verb;
  }

  // Is `a` an ancestor of (or equal to) `w`? The one ancestor test of the coder: it takes
  // at most min(size(), max_depth) steps up, so a cyclic (malformed) tree answers false
  // instead of looping, and a deep one is read to the depth budget only.
  bool Dominates(int a, int w) const;

  // Hangs w on `new_head` (-1: root) with relation r.
  void Relink(int w, int new_head, Rel r) {
    head[w] = new_head;
    rel[w] = r;
  }
  // w takes v's place in the tree: v's head, and v's relation (root when v is one).
  void TakePlace(int w, int v) { Relink(w, head[v], head[v] < 0 ? Rel::kRoot : rel[v]); }
  // Moves every dependent of `from` (but `except`) that satisfies keep(k) to `to`.
  template <typename Keep>
  void MoveDependents(int from, int to, int except, Keep keep) {
    for (int k = 0; k < size(); ++k) {
      if (k != except && head[k] == from && keep(k)) head[k] = to;
    }
  }
  // The first dependent of h (text order) with relation r, or -1. Exact during the
  // repairs (it reads `head`) as well as after them (it reads `children`).
  int ChildWith(int h, Rel r) const;
  bool HasChildWith(int h, Rel r) const { return ChildWith(h, r) >= 0; }
  // Does h have a subject (nsubj, nsubj:pass, csubj)?
  bool HasSubject(int h) const;
  // The only root of the tree, or -1 when it has none or several.
  int SoleRoot() const;

  // Debug form: one CoNLL-U line per word with the working head and relation (as
  // RelName) and MISC "Verb=Yes" for a word coded as a verb.
  std::string ToConllu(const Sentence& s) const;
};

}  // namespace dyad::coder

#endif  // DYAD_CODER_TREE_H_
