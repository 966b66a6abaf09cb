// Private to the coder: the types its stages share (actors, clauses, the per-thread
// scratch with its WorkingTree, and the compiled coder with its Repairer). Not part of
// any public API. Thread-safety: Coder::Impl is immutable after Coder::Create(); a
// CoderScratch::Impl belongs to one thread.
#ifndef DYAD_CODER_CODER_INTERNAL_H_
#define DYAD_CODER_CODER_INTERNAL_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "coder/coder.h"
#include "coder/pico.h"
#include "dates/date_resolver.h"
#include "coder/repair/repair.h"
#include "coder/tree.h"
#include "dict/dictionary.h"

namespace dyad::coder {

using dict::PatternConstituent;
using dict::PatternToken;

// "two weeks after rebels kidnapped ...": time attachments do not name the participants.
inline bool IsTemporal(std::string_view prep) {
  return prep == "after" || prep == "before" || prep == "since" || prep == "during" ||
         prep == "until" || prep == "following";
}

// Prepositions that place a thing relative to a landmark ("the crowd near the palace",
// "protesters outside the embassy"): the landmark is not who the thing belongs to.
inline bool IsRelativeLocation(std::string_view prep) {
  for (std::string_view p :
       {"near", "outside", "inside", "around", "behind", "beside", "beyond", "opposite", "across",
        "along", "toward", "towards", "past", "beneath", "underneath"}) {
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
  // What a pronoun may refer back to it as (actors.cc): a person ("he", "she": a leader's
  // record or a title such as "the minister"), several ("they": conjoined actors, a
  // plural noun); neither is a country or an organisation ("it").
  bool person = false;
  bool plural = false;
};

// Pattern match result: which phrases the pattern moved the roles to.
struct PatternHit {
  int target_head = -1;   // `+` marked phrase head, or -1
  int source_head = -1;   // `$` marked phrase head, or -1
  bool compound = false;  // `%`
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
  bool object_in_pattern = false;  // the pattern that fired names words after the verb
  std::string pattern;
  std::string pattern_loc;
  bool consumed = false;     // folded into the governing clause's event
  bool has_clause = false;   // a verb the dictionary knows
  bool own_subject = false;  // the sources come from the clause itself, not a governor
  std::string own_code;      // the code before combination with other clauses
  std::string base;          // the dictionary base form of the verb ("say", "cordon_off")
};

// A verb-verb transformation of the verb dictionary (`~ a (b . ATTACK) SAY = a b 112`)
// with its verbs resolved to the codes the dictionary gives them.
struct CompiledTransformation {
  const dict::Transformation* t = nullptr;
  std::string outer_code;   // code of the outer verb ("say" → 010)
  std::string inner_code;   // code of the inner verb; empty for Q (any verb)
  std::string outer_word;   // "say"
  std::string inner_word;   // "attack"; empty for Q
  bool inner_will = false;  // WILL_ATTACK: the inner verb has the auxiliary "will"
};

inline constexpr size_t kDocumentActors = 32;
inline constexpr size_t kDocumentEvents = 64;

struct CoderScratch::Impl {
  std::vector<std::string> lower;
  std::vector<std::string_view> views;
  WorkingTree tree;              // the sentence's parse as the coder reads it (repaired)
  std::vector<int> actor_start;  // phrase index at match start, -1
  std::vector<int> actor_len;
  std::vector<int> actor_cover;  // start word of the actor match covering i, -1
  std::vector<int> agent_start;  // agent entry index at match start, -1
  std::vector<int> agent_len;
  std::vector<int> agent_cover;
  std::vector<Clause> clauses;
  std::vector<Actor> last_actors;                  // document memory for pronouns
  // Every actor the document has named so far, most recent last, each code once (at
  // most kDocumentActors): what definite descriptions ("the group") refer to.
  std::vector<Actor> doc_actors;
  // The document's events so far with a source, most recent last (at most
  // kDocumentEvents): their root and source, what "the attack" or "the arrests" in a
  // later clause refer to (emit.cc).
  std::vector<std::pair<std::string, Actor>> doc_events;
  std::vector<uint8_t> in_phrase;                  // per word: in the current verb's phrase
  std::unordered_map<uint64_t, bool> synset_memo;  // (synset, word) → match, per sentence
  std::vector<std::string> raw;  // blank-separated words of the sentence (discards)
  std::vector<std::string_view> raw_views;
  // The document's places (places.cc): its dateline's country and the country its names
  // give most often ("" when none leads), for actors named by their sector alone.
  std::string dateline_country;
  std::string dominant_country;
  std::vector<std::pair<int, int>> country_counts;  // (root index, mentions)
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
  // The tree repairs this coder runs (CoderOptions::repairs, disabled_repairs).
  Repairer repairer = Repairer::None();
  // Event dates from the sentences' date expressions (emit.cc).
  dates::DateResolver dates;
  // Per three-letter root (26^3, "AAA" first): a sector, international, non-state or
  // region root, not a country (places.cc; from the agents dictionary and CAMEO's
  // IGO/NGO/... and region codes).
  std::vector<bool> non_country_roots;

  // places.cc: fills non_country_roots (Create).
  void BuildSectorRoots();
  // The country an actor code starts with ("KENCOP" → "KEN"), "" for none ("---COP",
  // "IGOUNO", "MED").
  std::string CountryRoot(std::string_view code) const;
  // The first country the actor dictionary finds in `words` (lowercase), or "".
  std::string FirstCountry(std::span<const std::string_view> words, int32_t date) const;
  // The document-level places of `doc` into s->dateline_country and s->dominant_country.
  void ScanPlaces(const Document& doc, int32_t date, CoderScratch::Impl* s) const;

  // Codes sentence `index` of `doc` and appends its events to *out (coder.cc).
  void CodeSentence(const Document& doc, const Sentence& sentence, size_t index, int32_t date,
                    CoderScratch::Impl* scratch, std::vector<Event>* out, CoderStats* stats) const;
};

}  // namespace dyad::coder

#endif  // DYAD_CODER_CODER_INTERNAL_H_
