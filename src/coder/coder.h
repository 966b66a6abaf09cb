// The event coder: CAMEO events from UD dependency trees and PETRARCH dictionaries.
//
// Compile once, code many (RE2 style): Coder::Create() takes a loaded DictionarySet and
// builds the lookup tables the coder needs (PICO values of CAMEO codes for combining and
// negating verb meanings); after that CodeSentence()/CodeDocument() are const and may be
// called from many threads at once, each with its own CoderScratch.
//
// What it does, per sentence (see coder.cc for the design notes):
//  1. sentences containing a discard phrase are not coded;
//  2. every verb the verb dictionary knows is an event candidate (root, conjoined and
//     complement clauses alike); its source is the subject (the `by` agent of a passive),
//     inherited from the governing clause for xcomp/conj verbs without one; its target is
//     the object, else the prepositional attachments;
//  3. the verb's patterns are tried most specific first against the verb's dependents
//     (in a passive the `by` agent takes the subject side and the passive subject the
//     object side); the first that matches gives the code — unless an equally specific
//     pattern matches a longer synset phrase — else the verb's own code; null codes and
//     verbs the dictionary does not know give no event;
//  4. noun phrases become actors by the longest actor-dictionary match, combined with
//     agent matches ("Russian diplomats" → RUS + GOV); conjoined phrases give one actor
//     each and one event per (source, target) pair; codes are resolved by date;
//  5. a negated verb takes the negated meaning (PICO arithmetic), never the positive one;
//     a verb governing an xcomp/ccomp clause combines its meaning with the inner one;
//  6. identical (source, target, code) events of a sentence are emitted once.
#ifndef DYAD_CODER_CODER_H_
#define DYAD_CODER_CODER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "coder/event.h"
#include "dyad/document.h"

namespace dyad::dict {
class DictionarySet;
}

namespace dyad::coder {

class EventFilter;
struct SentenceView;  // private to the coder (sentence_view.h)

struct CoderOptions {
  // Events need both a source and a target (PETRARCH's require_dyad). Default true:
  // false produces many half-empty events.
  bool require_dyad = true;
  // Read events as the CAMEO codebook and real-news coders do (the realnews-dev
  // CONVENTIONS), not as PETRARCH's validation suites do: a statement has no target from
  // its outlet ("told Reuters"), its place or the clause it reports; a compound subject
  // is its own target only in joint acts (meet, cooperate, fight), not in "A and B
  // condemned ..."; one-sided events (require_dyad false) only where the codebook counts
  // them as news (no content-free statement, 010-014 and 019, without an addressee).
  // Default false: PETRARCH's conventions, which its suites (dyad validate) expect.
  bool codebook = false;
  // Budget: sentences with more words are skipped (counted in CoderStats). Default 2000.
  uint32_t max_sentence_words = 2000;
  // Budget: trees deeper than this are only walked to this depth. Default 256.
  uint32_t max_tree_depth = 256;
  // Actors named by their sector alone ("police", "protesters") take the country of the
  // sentence's place, else the story's dateline, else the country the document names
  // most (ICEWS practice), when their clause names no place. Default true: false keeps
  // PETRARCH's coding, where they stay "---COP" (dyad validate).
  bool document_places = true;
  // Run the tree repairs (doc/repairs.md) before coding. Default true: false codes the
  // parser's trees as they are (for measuring what the repairs gain).
  bool repairs = true;
  // Tree repairs to leave out, by name (RepairNames(), doc/repairs.md). Default none.
  // An unknown name makes Coder::Create fail with InvalidArgument.
  std::vector<std::string> disabled_repairs;
  // The learned event filter (event_filter.h), owned by the caller and outliving the
  // coder; null: none. Events it scores under its threshold are not emitted.
  const EventFilter* event_filter = nullptr;
  // Fill Event::features (training the filter). Default false.
  bool event_features = false;
};

struct CoderStats {
  uint64_t sentences = 0;
  uint64_t discarded_sentences = 0;  // a discard phrase matched
  uint64_t skipped_sentences = 0;    // over max_sentence_words or not parsed
  uint64_t events = 0;
  // Per tree repair, indexed like RepairNames(): sentences whose tree the rule changed.
  // Empty until a sentence has been repaired.
  std::vector<uint64_t> repair_fires;
};

// The names of the tree repairs, in the order they run (and index repair_fires).
std::vector<std::string_view> RepairNames();

// Per-thread buffers (fastText's State): reused across sentences to avoid allocation.
class CoderScratch {
 public:
  CoderScratch();
  ~CoderScratch();
  CoderScratch(const CoderScratch&) = delete;
  CoderScratch& operator=(const CoderScratch&) = delete;

 private:
  friend class Coder;
  friend struct SentenceView;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Coder {
 public:
  // `dicts` must outlive the coder. Errors: InvalidArgument when `dicts` has no verbs,
  // or when options.disabled_repairs names no repair (the message names it).
  static Result<Coder> Create(const dict::DictionarySet* dicts, const CoderOptions& options);

  Coder(Coder&&) noexcept;
  Coder& operator=(Coder&&) noexcept;
  ~Coder();

  // Codes every parsed sentence of `doc` (doc.date gives the date, YYYYMMDD or YYMMDD)
  // and appends the events to *out, complete: each dated by its sentence's date
  // expression (dates/), else doc.date, and carrying its sentence's text. Pronouns and
  // definite descriptions are resolved against actors named earlier in the same
  // document. Sentence numbers (Event::sentence_index, and sentence_id where a sentence
  // has no id) count from `first_sentence`: a document coded in parts numbers its
  // sentences on. Adds to *stats (may be null).
  void CodeDocument(const Document& doc, CoderScratch* scratch, std::vector<Event>* out,
                    CoderStats* stats, uint32_t first_sentence = 0) const;

  const CoderOptions& options() const;

 private:
  friend struct SentenceView;
  struct Impl;
  explicit Coder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dyad::coder

#endif  // DYAD_CODER_CODER_H_
