// The per-sentence context the coding stages share (what was Coder::Impl::Sent): the
// compiled coder, the document and sentence being coded, and the thread's scratch with
// its WorkingTree. A SentenceView lives for one CodeSentence call; its methods are the
// stages the conductor (coder.cc) calls in order — MatchActors (actors.cc), CodeClauses
// (clause.cc: roles from roles.cc, patterns from patterns.cc), ApplyTransformations and
// CombineClauses (combine.cc), EmitEvents (emit.cc) — and the questions they ask.
// Private to the coder. Thread-safety: the methods are const but write the view's
// scratch (per thread) and the caller's output; one view per thread.
#ifndef DYAD_CODER_SENTENCE_VIEW_H_
#define DYAD_CODER_SENTENCE_VIEW_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coder/coder_internal.h"
#include "coder/tree.h"

namespace dyad::coder {

struct SentenceView {
  const Coder::Impl& coder;
  const Document& doc;
  const Sentence& sentence;
  CoderScratch::Impl& scratch;
  WorkingTree& tree;  // scratch.tree
  int32_t date;       // YYYYMMDD of the document (actor codes are resolved by it)
  int n;              // words in the sentence
  // The verb whose patterns are being matched (-1: no restriction). Set by FirePattern.
  mutable int current_verb = -1;

  // ------------------------------------------------------ stages, in the order they run
  // coder.cc: lowercase forms and the parse into the working tree; false when the
  // sentence is not parsed.
  bool BuildTree() const;
  // coder.cc: does a discard phrase of the dictionaries occur in the sentence?
  bool IsDiscarded() const;
  // actors.cc: actor and agent matches, longest first, left to right, non-overlapping.
  void MatchActors() const;
  // Is the actor match of `phrase` at [start, start + len) a country's name used inside
  // a longer proper name the dictionary does not know ("Mohammed Sadr" is no Western
  // Sahara, "Jordan Peterson" no Jordan): a capitalised proper noun joined to it by
  // `flat`, itself no actor, agent or title?
  bool InsideLongerName(int start, int len, uint32_t phrase) const;
  // clause.cc: codes every verb's clause into scratch.clauses.
  void CodeClauses() const;
  // clause.cc: is v an experiencer participle ("concerned", "alarmed", "dismayed"), and is
  // it a predicate adjective of its subject ("Japan is deeply concerned by the launch")?
  bool IsExperiencerParticiple(int v) const;
  bool IsStatePredicate(int v) const;
  // clause.cc: is v a passive participle of an act the tagger read as a predicate
  // adjective ("He was summoned/JJ")? Coded as a passive clause.
  bool IsAdjectivalPassive(int v) const;
  // event_nouns.cc: codes the clauses of event nouns ("the expulsion of", "talks
  // between", "held talks with") into scratch.clauses, after the verbs' clauses.
  void CodeEventNouns() const;
  void CodeEventNoun(int w, Clause* clause) const;
  int LightVerbOf(int w) const;
  bool IsTalksNoun(int w) const;
  bool ModifierMayBeItsActor(int w) const;
  // coder.cc: describes the clauses on stderr (DYAD_CODER_TRACE).
  void Trace() const;
  // combine.cc: verb-verb transformations ("A said B attacked" → A accuses B).
  void ApplyTransformations() const;
  // combine.cc: a verb with its xcomp, a statement or demand with its ccomp.
  void CombineClauses() const;
  // combine.cc: a governing verb with its infinitival complement ("agreed to provide
  // aid"), and with a reported or demanded clause ("X demanded that Y release Z").
  void CombineWithComplement(Clause* outer, Clause* inner) const;
  // combine.cc: "told / asked / ordered X to leave (the country)" is X's expulsion, coded
  // by the dictionary's expulsion block over the governor's phrase (codebook reading).
  void CombineToldToLeave(int v, Clause* outer) const;
  void CombineWithReported(Clause* outer, Clause* inner) const;
  // Does verb v carry an obligation ("must", "should", "ought to")?
  bool IsObligation(int v) const;
  // emit.cc: appends the sentence's events to *out (sentence `index` of the document)
  // and keeps its source actors as the document's memory for pronouns.
  void EmitEvents(size_t index, std::vector<Event>* out) const;

  const dict::VerbDictionary& verbs() const { return coder.dicts->verbs(); }

  bool Dominates(int a, int w) const { return tree.Dominates(a, w); }

  int ChildWith(int h, Rel r) const { return tree.ChildWith(h, r); }

  // ---------------------------------------------------------------------- roles.cc
  // The preposition (case child) of a nominal, lowercase; empty when none.
  std::string_view CaseOf(int h) const;

  // "to wage war": an infinitival clause, part of its governor's verb phrase.
  bool IsInfinitival(int v) const;

  // Is there a punctuation word strictly between words a and b?
  bool HasPunctBetween(int a, int b) const;

  // The verb-dictionary entry for word v: the longest form whose other words are around v
  // (`one_word`: one-word forms only).
  const dict::VerbFormRef* FindVerbAt(int v, int* form_words, bool one_word = false) const;
  // Is word q a preposition marking a time ("on Tuesday", "on March 3")?
  bool IsTimePreposition(int q) const;

  bool IsNegated(int v) const;

  // The clause's subject word (or -1) and whether it is a passive subject.
  int SubjectOf(int v, bool* passive) const;

  bool IsPastParticiple(int v) const;

  // A clause modifying a noun by a past participle ("men sought by the police").
  bool IsParticipleAcl(int v) const { return tree.rel[v] == Rel::kAcl && IsPastParticiple(v); }

  // The nominal attachment right before a subjectless verb, or -1.
  int PrecedingObl(int v) const;

  // "X was criticized over its dispute with Y": without a `by` agent the actor named in
  // the attachments of passive clause v is the one who acted — a `from` attachment
  // first ("a bomb was fired at it from the Gaza Strip"), never a pronoun.
  // The target among the verb's attachments: "from" first, then other prepositions,
  // and last the place of the act ("in"/"at"), marked as such: when several sources act
  // together there ("Russian and Ukrainian delegations held talks in Istanbul") they are
  // each other's targets, not the place's.
  void AttachedActors(int v, std::vector<Actor>* out) const;

  // Is v a participle modifying the subject of an existential "there is/are/were"? A
  // past form the tagger called VBD counts: no finite verb can be that acl ("There were
  // 10 soldiers killed"), while elsewhere ("a senior official said") it may well be.
  bool IsExistentialParticiple(int v) const;

  // Is v (a conj) the last conjunct of its head with no conjunction before it? UD v2
  // hangs the cc on the conjunct, v1 on the first conjunct (the head): both count.
  bool IsUnmarkedLastConjunct(int v) const;

  int AgentOf(int v) const;

  // Source actors of clause v; inherited through xcomp/conj/advcl/acl governors.
  void SourcesOf(int v, int depth, std::vector<Actor>* out, bool* passive_out) const;

  static bool Weak(const std::vector<Actor>& a);

  // Is h a noun an infinitive completes with its possessor's act: "decision", "move",
  // "order", or a noun the verb dictionary knows ("plan", "threat", "refusal")?
  bool IsDecisionNoun(int h) const;

  // combine.cc: does `a` name every actor of `b` (by code), both non-empty?
  static bool SameActors(const std::vector<Actor>& a, const std::vector<Actor>& b);

  void TargetsOf(int v, bool passive, std::vector<Actor>* out) const;

  // ---------------------------------------------------------------------- actors.cc
  // Collects the "core" of the noun phrase headed by h (bounded depth).
  void Core(int h, int depth, std::vector<int>* out) const;

  // Builds the full code from an actor code and the agent matches in [lo, hi].
  void AddAgents(const std::vector<int>& core, Actor* a) const;

  // Actor matches (start words) within a set of core words, text order.
  std::vector<int> ActorsIn(const std::vector<int>& core) const;

  Actor ActorFromMatch(int start) const;

  bool HasAgent(const std::vector<int>& core) const;

  // The agents named in `core` are all institutional sectors (military, government,
  // police, courts, legislature, business, media, education, health).
  bool InstitutionalOnly(const std::vector<int>& core) const;

  // Resolves the noun phrase headed by h into actors (one per conjunct). `deep` allows the
  // search of nmod attachments when the phrase itself names nobody.
  void Resolve(int h, bool deep, int depth, std::vector<Actor>* out) const;

  void ResolveOne(int h, bool deep, int depth, std::vector<Actor>* out) const;
  // Does the phrase headed by h count people of no named kind ("700 people", "hundreds of
  // people", a bare number as a passive subject or object: "three were killed")? Bare
  // "people" is not counted: "people familiar with the matter" is no actor.
  bool CountedPeople(int h) const;

  // A definite description naming an actor by its kind ("the group", "the militant
  // group", "the bloc", "the Baltic state", "both countries", "the ministry"): the
  // nearest actor of that kind named before it in the sentence, else in the document.
  // False (nothing added) when h is no such description or nothing fits.
  bool ResolveDescription(int h, const std::vector<int>& core, std::vector<Actor>* out) const;
  // After the sentence is coded: its actor matches join the document's memory.
  void RememberActors() const;

  // `depth` is the caller's recursion depth: the antecedent search goes deeper still, so
  // an antecedent whose phrase contains the pronoun cannot restart the search forever.
  // The antecedent must fit the pronoun: "he"/"she" a person, "it" a country or an
  // organisation, "they" several actors or a group; "we" in a quote is the speaker's side.
  void ResolvePronoun(int h, int depth, std::vector<Actor>* out) const;
  // Marks the actors that Resolve(h) added at out[before..] as a person or plural.
  void MarkReferents(int h, size_t before, std::vector<Actor>* out) const;
  // "its forces", "his government": the possessive pronoun's antecedent with the head's
  // agents. False (nothing added) when h has no possessive pronoun or it is unresolved.
  bool ResolvePossessor(int h, const std::vector<int>& core, int depth,
                        std::vector<Actor>* out) const;
  // ResolveOne's cases: a phrase that names actors; one whose actor sits in an
  // attachment ("soldiers from Gondor", "the roads leading into Mordor").
  void ResolveNamed(int h, const std::vector<int>& core, const std::vector<int>& starts,
                    std::vector<Actor>* out) const;
  void ResolveThroughAttachments(int h, const std::vector<int>& core, bool agent, bool head_agent,
                                 bool deep, int depth, std::vector<Actor>* out) const;

  // -------------------------------------------------------------------- patterns.cc
  // Does word w (with its text neighbours) start or end a phrase of synset `id`?
  bool SynsetAt(int32_t id, int w) const;

  bool SynsetAtUncached(int32_t id, int w) const { return SynsetLengthAt(id, w) > 0; }

  // The longest phrase of synset `id` starting or ending at word w; 0 when none.
  int SynsetLengthAt(int32_t id, int w) const;

  // PatternWeight()'s bound from the dictionary alone (synset phrases at their longest).
  int MaxPatternWeight(const dict::VerbPattern& p) const;

  // How many text words a pattern's content tokens can cover in `region`: one per
  // literal word, the longest phrase found in the text per synset (an upper bound used
  // only to rank patterns that both match).
  int PatternWeight(const dict::VerbPattern& p, const std::vector<int>& region) const;

  // Is w part of the verb phrase of `current_verb`: inside the core of one of its direct
  // dependents, possibly through one infinitival clause ("vowed to wage war")? A word in
  // an attachment of an attachment ("at the start of a regional trip") is not: PETRARCH-2
  // patterns name the heads of the verb's own phrases.
  // Answered from a table built once per verb (BuildPhraseTable): patterns ask it for
  // every word they try.
  bool InVerbPhrase(int w) const;

  void BuildPhraseTable(int v) const;
  // Is v a verb whose dictionary entry gives a code of its own (not a null-coded verb
  // such as "wage", whose governor's patterns read its object)?
  bool CodedVerb(int v) const;

  // patterns.cc: is w the `of` complement of a noun of quantity ("a set of sanctions")?
  bool IsQuantityHead(int w) const;
  bool InPhraseOf(int w, int v, int depth) const;

  bool TokenMatches(const PatternToken& t, int w) const;

  // PETRARCH-2 reads the words before `*` as heads of the subject's noun phrases, so an
  // adverb or a conjunction there never matches ("RECENTLY *" does not fire on "Gollum
  // recently allowed", "NEITHER *" not on "Neither Galadriel nor Gollum boycotted").
  // PETRARCH-1 (TABARI) patterns are linear and match any word.
  bool CanHeadSubjectPhrase(int w) const;

  static bool IsContent(const PatternToken& t) {
    return t.kind == PatternToken::Kind::kWord || t.kind == PatternToken::Kind::kSynset;
  }

  // Matches the tokens of a noun phrase (head last) at head word h: the other words must
  // be found, in order, among the words of h's subtree before h.
  bool NounPhraseAt(const std::vector<PatternToken>& toks, size_t begin, size_t end, int h,
                    PatternHit* hit) const;

  static void Mark(const PatternToken& t, int h, PatternHit* hit);

  // The last word of the core of the noun phrase headed by w (its head and modifiers,
  // not its attachments): where a skipped phrase ends.
  int CoreEnd(int w) const;

  // The head of the next noun phrase after `pos` in `region`: a nominal attached as an
  // object or oblique (PETRARCH-2's "next NP" for `+`, `$` and `^`). -1 when none.
  int NextPhrase(const std::vector<int>& region, int pos) const;

  // Matches one constituent in `region`. Constituents are matched left to right: *pos is
  // the last word matched so far (`start` when nothing has been), a content word is looked
  // for after it first, and `+` / `$` / `^` take the next noun phrase after it — right
  // after the verb (`start`) `+` / `$` mean the default phrase (object / subject).
  bool ConstituentMatches(const PatternConstituent& c, const std::vector<int>& region,
                          int default_np, int start, int* pos, PatternHit* hit) const;

  // Adds to `out` the words of w's subtree, not entering clauses of their own.
  void Subtree(int w, int depth, std::vector<int>* out) const;

  // ---------------------------------------------------------------------- clause.cc
  // Codes the clause of verb v (dictionary entry, roles, pattern, meaning) into *clause.
  void CodeClause(int v, Clause* clause) const;
  // The words a verb's patterns are matched in: `after` the verb (outside the subject)
  // and `before` it (the subject's), with the default object and subject phrases; in a
  // passive the agent takes the subject side and the patient the object side.
  struct PatternRegions {
    std::vector<int> after, before;
    int object = -1;
    int subject = -1;
  };
  PatternRegions RegionsOf(int v) const;
  bool PatternMatches(const dict::VerbPattern& pattern, int v, const PatternRegions& regions,
                      PatternHit* hit) const;
  // The pattern of `block` that fires for verb v (most specific first; the longest
  // synset match among equally specific ones), or null; *hit says where it moved roles.
  const dict::VerbPattern* FirePattern(int v, const dict::VerbBlock& block,
                                       const PatternRegions& regions, PatternHit* hit) const;
  // "50 people were arrested" (no `by` agent, no actor in the attachments but the place):
  // the agent of an arrest or of repression is the police, of the place's country when
  // the clause names one (CONVENTIONS §7). Codebook reading only.
  // A diplomat "was summoned" (no agent): the host government, placed as the police are.
  void ImplyAgent(int v, Clause* clause) const;
  // The implied agent itself: `agent_code` (COP, GOV) of the country of the clause's place
  // when its only sources are places, else of no country yet (placed when emitted); none
  // when the passive has a `by` agent or an actor among its attachments.
  void ImplySource(int v, std::string_view agent_code, std::string_view why,
                   Clause* clause) const;
  // The act announced rather than done, by the codebook: a cooperative act's intent
  // (03x), a hostile act's threat (13x); "" when CAMEO has neither (the act stays).
  std::string IntentOf(const std::string& code) const;
  // "would" makes an act an intent (with CoderOptions::codebook also "will", "may" and
  // "ready / willing / prepared to", and a hostile act a threat); negation takes the
  // negated meaning (or none).
  void ApplyModality(int v, Clause* clause) const;

  // ------------------------------------------------------------------------ emit.cc
  // The country an "in"/"at" attachment of h names, or "".
  std::string PlaceOf(int h) const;
  // The place of the clause's act: the verb's "in"/"at" attachment, else its subject's
  // or object's ("kidnapped pupils in Kaduna state", attached to "pupils").
  std::string ClausePlace(const Clause& clause) const;
  // The country of the first "in"/"at" attachment of the sentence that names a bare
  // place ("in Nairobi"), or "".
  std::string SentencePlace() const;
  // An actor named by its sector alone ("---COP" police, "---OPP" protesters) takes a
  // country (ICEWS practice): its clause's place; for a target named only as "the
  // government" or "the opposition", the source's own ("French workers protested the
  // government's reform" → FRAGOV); else the sentence's place, the story's dateline
  // country, the document's leading country (places.cc). Other actors are returned as
  // they are.
  Actor PlaceActor(const Clause& clause, const Actor& a, const Actor* source) const;
  // Does verb v act on "each other" / "one another" (its object or attachment)?
  bool ActsOnEachOther(int v) const;
  void FillActor(const Actor& a, EventActor* out) const;
  // "condemned the attack", "rejected the arrests": when the object `obj` is a definite
  // noun naming an event of the verb dictionary and the document has reported an event
  // of its family (18-20 together, else the same root) with a source other than `src`,
  // *out is the most recent such source — the target a coder gives the condemnation.
  bool EventReferent(int obj, const Actor& src, Actor* out) const;
  // Is verb v "call" used to name something ("called the move a coup", "what it called
  // aggression") rather than to telephone?
  bool IsNamingUse(int v) const;
  // Is the subject of verb v an active clause's pronoun ("he", "they", "who")?
  bool PronounSubject(int v) const;
  // Appends one event unless it is empty, not a dyad (require_dyad), reflexive or a
  // repeat of one emitted since `first_event`.
  void EmitEvent(const Clause& clause, const std::string& code, const Actor& src, const Actor* tgt,
                 size_t first_event, size_t index, std::vector<Event>* out) const;

  // ------------------------------------------------------------- event_features.cc
  // The features of the event (clause, code, src, tgt) for the learned event filter
  // (event_filter.h) into *out.
  void EventFeatures(const Clause& clause, const std::string& code, const Actor& src,
                     const Actor* tgt, std::vector<std::string>* out) const;
  // The relations from word w up to the verb ("obl:in", "nmod>obj"), "self", "above"
  // (w governs the verb), "far" (not within four steps) or "none" (w < 0).
  std::string RelPath(int w, int verb) const;
};

}  // namespace dyad::coder

#endif  // DYAD_CODER_SENTENCE_VIEW_H_
