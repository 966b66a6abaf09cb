// Private to the coder: the types its stages share (relations, actors, clauses, the
// per-thread scratch and the compiled coder). Not part of any public API.
#ifndef DYAD_CODER_CODER_INTERNAL_H_
#define DYAD_CODER_CODER_INTERNAL_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "coder/coder.h"
#include "coder/pico.h"
#include "dict/dictionary.h"

namespace dyad::coder {

using dict::PatternConstituent;
using dict::PatternToken;

enum class Rel : uint8_t {
  kOther, kRoot, kSubj, kSubjPass, kCsubj, kObj, kIobj, kObl, kTmod, kCase, kConj, kCc,
  kXcomp, kCcomp, kAdvcl, kAcl, kRelcl, kAppos, kCompound, kPrt, kAmod, kFlat, kPoss,
  kDet, kNeg, kAux, kAuxPass, kCop, kMark, kPunct, kParataxis, kAdvmod, kNummod, kFixed,
  kList,
};

inline Rel RelOf(std::string_view d) {
  const size_t colon = d.find(':');
  const std::string_view base = d.substr(0, colon);
  const std::string_view sub = colon == std::string_view::npos ? std::string_view() : d.substr(colon + 1);
  if (base == "nsubj") return sub == "pass" ? Rel::kSubjPass : Rel::kSubj;
  if (base == "nsubjpass") return Rel::kSubjPass;
  if (base == "csubj" || base == "csubjpass") return Rel::kCsubj;
  if (base == "dobj" || base == "obj") return Rel::kObj;
  if (base == "iobj") return Rel::kIobj;
  if (base == "nmod" || base == "obl") {
    if (sub == "poss") return Rel::kPoss;
    // v1 nmod:tmod/npmod and EWT v2.14's unmarked nominals ("last June", "yesterday")
    // name a time or a measure, never a participant.
    if (sub == "tmod" || sub == "npmod" || sub == "unmarked") return Rel::kTmod;
    // EWT v2.14's descriptive nominal, the title of a name ("Minister Romendacil"):
    // part of the name's core, as a compound is.
    if (sub == "desc") return Rel::kCompound;
    return Rel::kObl;
  }
  if (base == "case") return Rel::kCase;
  if (base == "conj") return Rel::kConj;
  if (base == "cc") return Rel::kCc;
  if (base == "xcomp") return Rel::kXcomp;
  if (base == "ccomp") return Rel::kCcomp;
  if (base == "advcl") return Rel::kAdvcl;
  if (base == "acl") return sub == "relcl" ? Rel::kRelcl : Rel::kAcl;
  if (base == "appos") return Rel::kAppos;
  if (base == "compound") return sub == "prt" ? Rel::kPrt : Rel::kCompound;
  if (base == "amod") return Rel::kAmod;
  if (base == "name" || base == "flat" || base == "goeswith") return Rel::kFlat;
  if (base == "list") return Rel::kList;
  if (base == "det") return Rel::kDet;
  if (base == "neg") return Rel::kNeg;
  if (base == "aux") return sub == "pass" ? Rel::kAuxPass : Rel::kAux;
  if (base == "auxpass") return Rel::kAuxPass;
  if (base == "cop") return Rel::kCop;
  if (base == "mark") return Rel::kMark;
  if (base == "punct") return Rel::kPunct;
  if (base == "parataxis") return Rel::kParataxis;
  if (base == "advmod") return Rel::kAdvmod;
  if (base == "nummod") return Rel::kNummod;
  if (base == "fixed" || base == "mwe") return Rel::kFixed;
  if (base == "root") return Rel::kRoot;
  return Rel::kOther;
}

// "two weeks after rebels kidnapped ...": time attachments do not name the participants.
inline bool IsTemporal(std::string_view prep) {
  return prep == "after" || prep == "before" || prep == "since" || prep == "during" ||
         prep == "until" || prep == "following";
}

// Prepositions that place a thing relative to a landmark ("the crowd near the palace",
// "protesters outside the embassy"): the landmark is not who the thing belongs to.
inline bool IsRelativeLocation(std::string_view prep) {
  for (std::string_view p : {"near", "outside", "inside", "around", "behind", "beside",
                             "beyond", "opposite", "across", "along", "toward", "towards",
                             "past", "beneath", "underneath"}) {
    if (prep == p) return true;
  }
  return false;
}

inline bool IsNegWord(std::string_view w) {
  return w == "not" || w == "n't" || w == "never" || w == "no";
}

// One resolved actor of a noun phrase.
struct Actor {
  std::string code;   // full code, "" for none
  std::string base;   // the actor dictionary's code before agents were added
  std::string agent;  // agent codes added
  std::string actor_loc;
  int first = 0, last = 0;  // word span
  bool place = false;       // found as the place of the act ("in Istanbul"), not a party
};

// Pattern match result: which phrases the pattern moved the roles to.
struct PatternHit {
  int target_head = -1;  // `+` marked phrase head, or -1
  int source_head = -1;  // `$` marked phrase head, or -1
  bool compound = false; // `%`
};

// The coded meaning of one verb clause before events are emitted.
struct Clause {
  int verb = -1;
  std::string code;        // CAMEO code (may be empty)
  std::string reciprocal;  // code of the reverse event, may be empty
  std::vector<Actor> sources;
  std::vector<Actor> targets;
  bool compound = false;
  bool negated = false;
  std::string pattern;
  std::string pattern_loc;
  bool consumed = false;   // folded into the governing clause's event
  bool has_clause = false; // a verb the dictionary knows
  bool own_subject = false; // the sources come from the clause itself, not a governor
  std::string own_code;     // the code before combination with other clauses
  std::string base;         // the dictionary base form of the verb ("say", "cordon_off")
};

// A verb-verb transformation of the verb dictionary (`~ a (b . ATTACK) SAY = a b 112`)
// with its verbs resolved to the codes the dictionary gives them.
struct CompiledTransformation {
  const dict::Transformation* t = nullptr;
  std::string outer_code;  // code of the outer verb ("say" → 010)
  std::string inner_code;  // code of the inner verb; empty for Q (any verb)
  std::string outer_word;  // "say"
  std::string inner_word;  // "attack"; empty for Q
  bool inner_will = false; // WILL_ATTACK: the inner verb has the auxiliary "will"
};

struct CoderScratch::Impl {
  std::vector<std::string> lower;
  std::vector<std::string_view> views;
  std::vector<int> head;
  std::vector<Rel> rel;
  std::vector<std::vector<int>> children;
  std::vector<int> actor_start;   // phrase index at match start, -1
  std::vector<int> actor_len;
  std::vector<int> actor_cover;   // start word of the actor match covering i, -1
  std::vector<int> agent_start;   // agent entry index at match start, -1
  std::vector<int> agent_len;
  std::vector<int> agent_cover;
  std::vector<Clause> clauses;
  std::vector<Actor> last_actors;  // document memory for pronouns
  std::vector<uint8_t> in_phrase;  // per word: in the current verb's phrase
  std::vector<uint8_t> verb;       // per word: coded as a verb (UPOS VERB, unless repaired)
  std::unordered_map<uint64_t, bool> synset_memo;  // (synset, word) → match, per sentence
  std::vector<std::string> raw;    // blank-separated words of the sentence (discards)
  std::vector<std::string_view> raw_views;
};


struct Coder::Impl {
  const dict::DictionarySet* dicts = nullptr;
  CoderOptions options;
  Pico pico;
  // DYAD_CODER_TRACE set in the environment: every clause is described on stderr
  // (dictionary development aid; read once in Create()).
  bool trace = false;
  std::vector<CompiledTransformation> transformations;
  // Per synset of the verb dictionary: words in its longest phrase (at most 4).
  std::vector<uint8_t> synset_max_words;

  struct Sent;  // per-sentence view, defined below
  void ApplyTransformations(const Sent& st, CoderScratch::Impl* sc) const;
  // Tree repairs (repair/repairs.cc): put back what grammar rules out before coding.
  static void RepairTree(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairParticipleMainVerb(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairPunctuationAttachedNominals(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairHyphenatedModifiers(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairSubjectAcrossComma(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairPrepositionBeforeName(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairAuxiliaryVerbAsAdverb(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairGerundInsideTheObject(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairPresentTenseNounConjunct(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairReducedRelative(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairDayBeforeTheVerb(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairPluralNounMainVerb(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairPostposedReportingClause(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairFiniteVerbAsSubject(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairCoordinatedVerbAsModifier(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairUnmarkedNameBeforeTheVerb(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairParticipleAfterANoun(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairObjectConjoinedAcrossItsVerb(const Sentence& s, int n, CoderScratch::Impl* sc);
  static void RepairListHeadBeforeTheSubject(const Sentence& s, int n, CoderScratch::Impl* sc);
  void CodeSentence(const Document& doc, const Sentence& s, size_t index, int32_t date,
                    CoderScratch::Impl* sc, std::vector<Event>* out, CoderStats* stats) const;
};

}  // namespace dyad::coder

#endif  // DYAD_CODER_CODER_INTERNAL_H_
