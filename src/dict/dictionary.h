// The PETRARCH dictionaries in memory: verbs (blocks, members, synsets, patterns,
// transformations), actors (phrases with date-restricted codes), agents, discards,
// issues and the PETRARCH internal coding ontology, plus the compiled matchers the coder
// uses to look them up. The formats are PETRARCH's (its docs/dictionaries.rst, in
// ../shared/data/petrarch/docs); each reader file opens with the grammar it accepts and
// where it departs from PETRARCH.
//
// Life cycle (RE2::Set style): DictionarySet::Load() reads and parses every file, reports
// malformed lines as Diagnostics (file:line, line skipped), expands synsets, plurals,
// verb forms and `!SUBST!` markers, and compiles the matchers. After Load() the set is
// immutable: every method is const and safe to call from many threads at once.
//
// Conventions used throughout:
//  - Words are lowercase (ASCII letters folded; other UTF-8 bytes kept as they are).
//    Dictionary phrases written `A_B C` become the word sequence {"a", "b", "c"}.
//    Callers lowercase their tokens the same way (see LowercaseWord()).
//  - Dates are int32 YYYYMMDD; 6-digit YYMMDD dictionary dates are widened with
//    PETRARCH's pivot: YY <= 30 → 20YY, else 19YY.
//  - Indices (uint32_t) point into the vectors of the owning dictionary.
//  - Every entry keeps the SourceLoc (file:line) of the line it came from, so a coded
//    event can say which dictionary line fired. SourceLoc::file views storage owned by
//    the DictionarySet: a SourceLoc must not outlive the set it came from.
#ifndef DYAD_DICT_DICTIONARY_H_
#define DYAD_DICT_DICTIONARY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace dyad::dict {

// ---------------------------------------------------------------------------------------
// Basics
// ---------------------------------------------------------------------------------------

// Where an entry was read: a file name (as given to the loader) and a 1-based line.
struct SourceLoc {
  std::string_view file;  // Owned by the DictionarySet (or by the caller of a Parse*()).
  int line = 0;
  // "CAMEO.2.0.txt:704".
  std::string ToString() const;
};

// A problem found while loading. Errors are malformed lines (the line is skipped, or the
// entry it belongs to is); warnings are suspicious but usable input (a duplicate phrase,
// an actor without a code, Latin-1 bytes converted to UTF-8).
struct Diagnostic {
  enum class Severity : uint8_t { kWarning, kError };
  Severity severity = Severity::kError;
  std::string file;
  int line = 0;  // 0 when the problem concerns the whole file.
  std::string message;
  // "file:line: error: message" (or "warning").
  std::string ToString() const;
};

// ASCII-lowercases `word` (other bytes unchanged): the key form of every dictionary word.
std::string LowercaseWord(std::string_view word);

// Hash for string-keyed maps that are probed with string_views (no allocation per
// lookup).
struct TransparentStringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// No date restriction: DatedCode ranges default to [kMinDate, kMaxDate].
inline constexpr int32_t kMinDate = 0;
inline constexpr int32_t kMaxDate = 99991231;

// ---------------------------------------------------------------------------------------
// Event codes
// ---------------------------------------------------------------------------------------

// A verb/pattern code as written in `[...]`: `[042]`, `[042:043]`, `[:173]`, `[---]`.
// TABARI convention for paired codes: `code` is the event source→target, `reciprocal` the
// event target→source (042 "make a visit" : 043 "host a visit"). `---` (or nothing) is the
// null code: the isolated verb / matched pattern produces no event (a "discard").
struct EventCode {
  std::string code;        // "042", "0356", "1722"; "" for the null code "---".
  std::string reciprocal;  // "043" in [042:043]; "" when absent or "---".
  bool IsNull() const { return code.empty() && reciprocal.empty(); }
  // "[042:043]", "[---]".
  std::string ToString() const;
};

// ---------------------------------------------------------------------------------------
// Phrase matcher (actors, agents, discards, issues)
// ---------------------------------------------------------------------------------------

// A word trie compiled from phrases: Add() while building, then const lookups only.
// Words are interned to ids; edges live in one open-addressing table keyed by
// (node, word id), so a lookup costs two hash probes per word, and building is linear in
// the total number of words (amortised table doubling).
class PhraseMatcher {
 public:
  static constexpr uint32_t kNoValue = UINT32_MAX;

  struct Match {
    uint32_t value = kNoValue;  // What Add() stored for the phrase (an entry index).
    uint32_t length = 0;        // Number of words matched; 0 when nothing matched.
    bool found() const { return length > 0; }
  };

  // Adds `words` (lowercase, non-empty) with `value`. Returns false (and keeps the
  // first value) when the same phrase was added before.
  bool Add(std::span<const std::string> words, uint32_t value);

  // The longest phrase equal to words[start, start + n) for some n >= 1; not found when
  // none. REQUIRES: start <= words.size(). Words must be lowercase.
  Match LongestMatch(std::span<const std::string_view> words, size_t start) const;
  // Every phrase starting at `start`, shortest first, appended to `out`.
  void AllMatches(std::span<const std::string_view> words, size_t start,
                  std::vector<Match>* out) const;
  // Exact lookup of a whole phrase.
  Match Find(std::span<const std::string_view> words) const;

  size_t size() const { return phrases_; }

 private:
  uint32_t Child(uint32_t node, std::string_view word) const;

  // Linear-probing table of trie edges; child 0 (the root) marks an empty slot, since
  // the root is never anyone's child. Load factor <= 1/2; size a power of two.
  struct Edge {
    uint64_t key = 0;  // node << 32 | word id.
    uint32_t child = 0;
  };
  uint32_t FindEdge(uint64_t key) const;
  void InsertEdge(uint64_t key, uint32_t child);

  std::unordered_map<std::string, uint32_t, TransparentStringHash, std::equal_to<>> word_ids_;
  std::vector<Edge> edges_;
  size_t edge_count_ = 0;
  std::vector<uint32_t> values_{kNoValue};        // Per node; node 0 is the root.
  size_t phrases_ = 0;
};

// ---------------------------------------------------------------------------------------
// Verb dictionary (CAMEO.2.0.txt, PETR.Validate.verbs.2.0.txt, PETR.Validate.verbs.txt)
// ---------------------------------------------------------------------------------------

// Which pattern semantics a verb file uses. Both share one syntax; they differ in meaning:
//  - kPetrarch2: words before `*` are heads of noun phrases (the subject side), words
//    after it heads of objects; `{A B}` is a noun phrase (head last); `(P X)` a
//    prepositional phrase. Matching is on the parse tree (PETRARCH-2, UniversalPetrarch).
//  - kPetrarch1: TABARI-style linear patterns: words must occur in this order around the
//    verb, `_` joins words that must be adjacent, blanks allow gaps. No groups.
enum class VerbFormat : uint8_t { kPetrarch1, kPetrarch2 };

// One word-level element of a verb pattern.
struct PatternToken {
  enum class Kind : uint8_t {
    kWord,      // a literal word, `word` lowercase.
    kSynset,    // `&NAME`: any phrase of synset `synset` (index into VerbDictionary).
    kVerb,      // `*`: the verb itself.
    kSource,    // `$`: the source actor goes here.
    kTarget,    // `+`: the target actor goes here.
    kCompound,  // `%`: a compound actor (source and target are both this).
    kSkip,      // `^`: skip one noun phrase (a gap placeholder).
  };
  Kind kind = Kind::kWord;
  std::string word;      // kWord: the word; kSynset: the synset name without `&`.
  int32_t synset = -1;   // kSynset: index into VerbDictionary::synsets().
  // `_` after this token: the next token must follow immediately (PETRARCH-1 semantics;
  // inside `{A_B}` it has the same meaning). False for the last token of a group.
  bool joined_to_next = false;
};

// A constituent of a pattern: one token, a noun phrase `{...}` or a prepositional
// phrase `(...)`.
struct PatternConstituent {
  enum class Kind : uint8_t {
    kToken,       // tokens.size() == 1.
    kNounPhrase,  // `{A B C}`: tokens in text order; the head is the LAST token.
    kPrepPhrase,  // `(P ...)`: tokens[0] is the preposition (kWord or kSynset), the rest
                  // its object in text order (head last; a nested `{...}` is flattened,
                  // `object_braced` is then true); `(FOR)` has no object.
  };
  Kind kind = Kind::kToken;
  std::vector<PatternToken> tokens;
  bool object_braced = false;  // kPrepPhrase whose object was written `{...}`.
};

// One `- ... * ... [code]` line of a verb block.
struct VerbPattern {
  uint32_t block = 0;                       // Owning VerbBlock.
  std::vector<PatternConstituent> before;   // Left of `*`, text order.
  std::vector<PatternConstituent> after;    // Right of `*`, text order.
  bool verb_joined_left = false;            // PETRARCH-1 `IN_*`.
  bool verb_joined_right = false;           // PETRARCH-1 `*_OUT`.
  EventCode code;
  // Number of kWord + kSynset tokens (a synset counts as one): how specific it is.
  // Patterns of a block are ordered by specificity, descending, then by file order.
  int specificity = 0;
  std::string text;                         // The pattern as written, without comment.
  std::string comment;                      // Text after `#` (often the source verb).
  SourceLoc loc;
};

// An inflected form of a verb member: the full word sequence and which word is the verb.
struct VerbForm {
  std::vector<std::string> words;  // {"asked", "for"}; a single word for simple verbs.
  uint32_t verb_word = 0;          // Index of the inflected verb in `words`.
  bool generated = false;          // Built by the regular-form rules, not written.
};

// One verb line of a block: `HURRY {HURRIES HURRYING HURRIED}`, `+ASK_FOR {...} [020]`,
// `WIRE_+TAP`. `forms[0]` is the base form as written.
struct VerbMember {
  uint32_t block = 0;
  std::vector<VerbForm> forms;  // Base first, then irregular (`{...}`) or regular forms.
  EventCode code;               // The member's own `[code]`, else the block's code.
  bool has_own_code = false;
  SourceLoc loc;
};

// `--- NAME [code] ---` and everything up to the next block.
struct VerbBlock {
  std::string name;               // "ACCELERATE" (as written, `_` kept).
  EventCode code;                 // Default code of the block's verbs; null for `[---]`.
  std::vector<uint32_t> members;  // Indices into VerbDictionary::members().
  // Indices into VerbDictionary::patterns(), most specific first (see VerbPattern).
  std::vector<uint32_t> patterns;
  SourceLoc loc;
};

// `&NAME` followed by `+phrase` lines. A member may itself be `+&OTHER`.
struct Synset {
  std::string name;                              // Without `&` and trailing `_`.
  bool plurals = true;                           // False when the label ends in `_`.
  std::vector<std::vector<std::string>> phrases; // Members as written (lowercase words;
                                                 // a nested synset is {"&NAME"}).
  std::vector<uint8_t> no_plural;                // Per phrase: written with a final `_`.
  // Its own members (not the nested synsets) with regular plurals added (none for a
  // phrase ending in `_` or when !plurals), in member order, each plural right after its
  // phrase. A nested synset's phrases are not copied here: they are reached through
  // `includes` (copying made a chain of n nested synsets hold n^2/2 phrases and load in
  // cubic time). Empty for a synset on a cycle or including one (the cycle is reported
  // as an error).
  std::vector<std::vector<std::string>> own;
  // The synsets it names as members (`+&OTHER`), each once; empty on a cycle.
  std::vector<int32_t> includes;
  // False for a synset on a cycle or including one: its expansion is empty.
  bool valid = true;
  // Words in the longest phrase of the expansion (0 when empty).
  uint32_t max_words = 0;
  SourceLoc loc;
};

// `~ a (a b ATTACK) SAY = a b 015`: a verb-verb transformation (PETRARCH-2). Variables
// are single letters; "." is an unspecified actor, "_" an absent one, "Q" any verb.
struct Transformation {
  std::string outer_source;   // "a"
  std::string inner_source;   // "a"
  std::string inner_target;   // "b"
  std::string inner_verb;     // "ATTACK" / "WILL_ATTACK" / "Q" (as written)
  std::string outer_verb;     // "SAY"
  std::string result_source;  // "a"
  std::string result_target;  // "b"
  std::string result_code;    // "015" or "Q" (the inner code)
  SourceLoc loc;
};

// Where a verb word form leads: member `member` of block `block`, via its form `form`.
struct VerbFormRef {
  uint32_t block = 0;
  uint32_t member = 0;
  uint32_t form = 0;  // Index into VerbMember::forms.
};

class VerbDictionary {
 public:
  VerbFormat format() const { return format_; }
  const std::vector<VerbBlock>& blocks() const { return blocks_; }
  const std::vector<VerbMember>& members() const { return members_; }
  const std::vector<VerbPattern>& patterns() const { return patterns_; }
  const std::vector<Synset>& synsets() const { return synsets_; }
  const std::vector<Transformation>& transformations() const { return transformations_; }

  // Every (block, member, form) whose verb word is `word` (lowercase; inflected or base
  // form, e.g. "hurried", "asked"), in file order. For multiword forms ("asked for") the
  // caller checks the other words of VerbMember::forms[form] around the verb. A verb
  // written in two blocks (25 in CAMEO.2.0, reported as warnings) yields both; PETRARCH-2
  // used the later block. Empty when unknown.
  std::span<const VerbFormRef> FindVerb(std::string_view word) const;
  // True when member `member` was hidden by a higher layer's member of the same base
  // form (see DictionaryPaths); FindVerb() never returns a hidden member.
  bool hidden(uint32_t member) const {
    return member < hidden_.size() && hidden_[member] != 0;
  }

  // Index of the synset named `name` (without `&`, any case, trailing `_` ignored),
  // or -1.
  int32_t FindSynset(std::string_view name) const;

  // Synset `synset`'s expansion: every phrase of it and of the synsets it includes,
  // deduplicated, longest first (ties in definition order). Built on demand (for tools and
  // tests; the coder matches through SynsetContains/SynsetMatch). Empty when out of range.
  std::vector<std::vector<std::string>> ExpandedPhrases(int32_t synset) const;

  // True when `words` (lowercase) is one of synset `synset`'s expanded phrases. One hash
  // probe per word and per synset it includes directly or not, each visited once (each
  // synset's own phrases are compiled into their own PhraseMatcher).
  bool SynsetContains(int32_t synset, std::span<const std::string_view> words) const;
  // The longest expanded phrase of `synset` at words[start...]; not found when none or
  // when `synset` is out of range.
  PhraseMatcher::Match SynsetMatch(int32_t synset, std::span<const std::string_view> words,
                                   size_t start) const;

 private:
  friend class VerbReader;
  friend class Loader;
  VerbFormat format_ = VerbFormat::kPetrarch2;
  std::vector<VerbBlock> blocks_;
  std::vector<VerbMember> members_;
  std::vector<VerbPattern> patterns_;
  std::vector<Synset> synsets_;
  std::vector<Transformation> transformations_;
  std::unordered_map<std::string, std::vector<VerbFormRef>, TransparentStringHash,
                     std::equal_to<>>
      verb_index_;
  std::unordered_map<std::string, int32_t> synset_index_;
  std::vector<PhraseMatcher> synset_matchers_;  // Parallel to synsets_.
  // Calls visit(s) for `synset` and every synset it includes, directly or not, each once,
  // until visit returns true (then returns true). Iterative; no allocation once the
  // calling thread's buffers have grown.
  template <typename Visit>
  bool VisitClosure(int32_t synset, Visit visit) const;
  std::vector<uint8_t> hidden_;                 // Parallel to members_ (may be shorter).
};

// ---------------------------------------------------------------------------------------
// Actors (Phoenix.*.actors.txt, PETR.Validate.actors.txt)
// ---------------------------------------------------------------------------------------

// One code of an actor, valid on dates [first, last] (both inclusive, as PETRARCH's
// "or equal to"). `[CODE]` → whole range; `[CODE >D]` → [D, kMaxDate];
// `[CODE <D]` → [kMinDate, D]; `[CODE D1-D2]` → [D1, D2].
struct DatedCode {
  std::string code;  // "AFGGOV"; "" for `[---]`.
  int32_t first = kMinDate;
  int32_t last = kMaxDate;
  bool restricted() const { return first != kMinDate || last != kMaxDate; }
};

// One actor record: a primary phrase, its `+` synonyms, and its codes.
struct Actor {
  std::string name;              // The primary phrase as written: "HAMID_KARZAI_".
  std::vector<DatedCode> codes;  // In file order; the primary-line code first.
  SourceLoc loc;                 // The primary phrase's line.

  // The code valid on `date` (YYYYMMDD): the first date-restricted code whose range
  // contains it, else the last unrestricted code, else "". When date == 0 (unknown),
  // the last unrestricted code, else the first code, else "".
  std::string_view CodeAt(int32_t date) const;
};

// One phrase that names an actor (the primary phrase or a synonym). When several
// records use the same phrase ("PRESIDENT_BUSH" under both Bushes), the LAST one read is
// `actor` (PETRARCH-2 lets a later entry overwrite an earlier one) and the earlier ones
// are kept in `shadowed` so ActorDictionary::ResolveActor() can pick by date.
struct ActorPhrase {
  std::vector<std::string> words;  // Lowercase: {"hamid", "karzai"}.
  uint32_t actor = 0;              // Index into ActorDictionary::actors().
  std::vector<uint32_t> shadowed;  // Earlier actors with the same phrase, file order.
  SourceLoc loc;                   // The line of the last definition.
};

class ActorDictionary {
 public:
  const std::vector<Actor>& actors() const { return actors_; }
  const std::vector<ActorPhrase>& phrases() const { return phrases_; }
  // Match values are indices into phrases(); phrases()[v].actor is the actor.
  const PhraseMatcher& matcher() const { return matcher_; }

  // Convenience: the longest actor phrase at words[start...]; nullptr when none.
  // `*length` (optional) receives the number of words matched.
  const ActorPhrase* LongestMatch(std::span<const std::string_view> words, size_t start,
                                  size_t* length = nullptr) const;

  // The actor `phrase` names on `date` (YYYYMMDD, 0 = unknown). For a phrase defined
  // once this is phrase.actor. For a phrase several records share, the candidate with
  // the narrowest date-restricted code containing `date` wins (so "President Bush" is
  // George H. W. Bush in 1990 and George W. Bush in 2008); when no restricted code
  // covers the date, the last definition with an unrestricted code wins (PETRARCH-2's
  // "last record wins"), else phrase.actor. date == 0 gives phrase.actor.
  uint32_t ResolveActor(const ActorPhrase& phrase, int32_t date) const;
  // actors()[ResolveActor(phrase, date)].CodeAt(date).
  std::string_view CodeAt(const ActorPhrase& phrase, int32_t date) const;

 private:
  friend class ActorReader;
  friend class Loader;
  std::vector<Actor> actors_;
  std::vector<ActorPhrase> phrases_;
  PhraseMatcher matcher_;
};

// ---------------------------------------------------------------------------------------
// Agents (Phoenix.agents.txt, PETR.Validate.agents.txt)
// ---------------------------------------------------------------------------------------

// `FOREIGN_!MINIST! [~GOV]` expands to one AgentEntry per substitution; `TROOP [~MIL]`
// also yields the generated plural "troops" (none for `{}`; `{X}` gives the plural X).
// A phrase written again later replaces the earlier entry (PETRARCH-2 overwrites); a
// generated plural never replaces an entry written as such.
struct AgentEntry {
  std::vector<std::string> words;  // Lowercase.
  std::string code;                // "GOV" (the `~` removed).
  // `NGO~`: the code goes BEFORE the actor's code ("NGO" + "USA"...); `~GOV` (the usual
  // case) goes after it ("USA" + "GOV").
  bool code_before_actor = false;
  bool plural = false;    // A plural form (generated or from `{...}`).
  // A blank (not `_`) separated two words: PETRARCH lets other words occur there.
  bool has_gaps = false;
  SourceLoc loc;
};

class AgentDictionary {
 public:
  const std::vector<AgentEntry>& entries() const { return entries_; }
  // Match values are indices into entries().
  const PhraseMatcher& matcher() const { return matcher_; }
  const AgentEntry* LongestMatch(std::span<const std::string_view> words, size_t start,
                                 size_t* length = nullptr) const;

 private:
  friend class AgentReader;
  std::vector<AgentEntry> entries_;
  PhraseMatcher matcher_;
};

// ---------------------------------------------------------------------------------------
// Discards (Phoenix.discards.txt, PETR.Validate.discards.txt)
// ---------------------------------------------------------------------------------------

struct DiscardEntry {
  std::vector<std::string> words;  // Lowercase.
  bool whole_story = false;        // `+PHRASE`: discard the whole story, not the sentence.
  // Written with a trailing `_`: the last word must match exactly; otherwise it is a
  // stem (PETRARCH matches it as a prefix of the text word).
  bool exact_end = false;
  SourceLoc loc;
};

class DiscardDictionary {
 public:
  const std::vector<DiscardEntry>& entries() const { return entries_; }
  // Exact word matching; values are indices into entries().
  const PhraseMatcher& matcher() const { return matcher_; }

 private:
  friend class DiscardReader;
  std::vector<DiscardEntry> entries_;
  PhraseMatcher matcher_;
};

// ---------------------------------------------------------------------------------------
// Issues (Phoenix.IssueCoding.txt)
// ---------------------------------------------------------------------------------------

// `n:massacre [ID_ATROCITY]` expands (n: singular + plural, v: verb forms, `a+b`: "a b"
// and "a-b") into one IssueEntry per phrase. `~phrase` lines are ignore phrases.
struct IssueEntry {
  std::vector<std::string> words;  // Lowercase.
  std::string code;                // "ID_ATROCITY"; "" for ignore phrases.
  std::string category;            // From the enclosing <ISSUE CATEGORY="...">.
  int ignore = 0;                  // 0 normal; 1 `~` ; 2 `~~` (both cancel issues).
  SourceLoc loc;
};

class IssueDictionary {
 public:
  const std::vector<IssueEntry>& entries() const { return entries_; }
  const PhraseMatcher& matcher() const { return matcher_; }

 private:
  friend class IssueReader;
  std::vector<IssueEntry> entries_;
  PhraseMatcher matcher_;
};

// ---------------------------------------------------------------------------------------
// PETRARCH internal coding ontology (PETR.Internal.Coding.Ontology.txt)
// ---------------------------------------------------------------------------------------

// `0211:0x2075`, `011:0x1000-0xFFFF`, `122:-0xFFFF+0x2040+0x300`: a CAMEO code and the
// signed sum of hex terms giving its PICO value.
struct OntologyEntry {
  std::string cameo;            // "0211"; "---" for the null code.
  std::vector<int32_t> terms;   // {0x1000, -0xFFFF}.
  std::string comment;          // "Make Public Statement".
  SourceLoc loc;
};

// ---------------------------------------------------------------------------------------
// The set
// ---------------------------------------------------------------------------------------

// What kind of dictionary a file is, guessed from its name (see GuessKind()).
enum class DictionaryKind : uint8_t {
  kUnknown, kVerbs, kActors, kAgents, kDiscards, kIssues, kOntology
};

// Which files to read. Empty members are skipped (a set may hold only actors).
//
// Layering: `overlays` are further sets read ON TOP of this one, lowest first (`dyad code
// --dict +DIR`). Where a higher layer and a lower one define the same thing, the higher
// one wins (see doc/formats/dictionaries.md, "Layering"):
//  - actors: a phrase a higher layer defines names only the higher layer's record(s);
//    the lower layers' records for that phrase are dropped (dates no longer pick them);
//  - agents: a phrase written again replaces the earlier entry (as within one file);
//  - verbs: a verb (a member, identified by its base form as written, e.g. ATTACK or
//    ASK_FOR) defined in a higher layer hides every lower-layer member with the same base
//    form, and with it that member's block code and patterns; the lower block's other
//    verbs stay. Synsets of the same name are merged; transformations add up;
//  - discards and issues add up (a layer cannot remove a lower layer's entry);
//  - ontology: the topmost layer that has an ontology file supplies the whole ontology.
// An overlay's own `overlays` are read right after it (the tree is flattened depth-first).
struct DictionaryPaths {
  std::vector<std::string> verbs;     // Usually one file.
  std::vector<std::string> actors;
  std::vector<std::string> agents;
  std::vector<std::string> discards;
  std::vector<std::string> issues;
  std::vector<std::string> ontology;
  std::vector<DictionaryPaths> overlays;  // Sets layered on top, lowest first.

  // True when no file is named (in this set or any overlay).
  bool empty() const;
  // Number of files named (in this set and every overlay).
  size_t size() const;
  // Appends `top` as the new topmost layer.
  void AddOverlay(DictionaryPaths top);
  // The list that holds files of `kind`; null for DictionaryKind::kUnknown.
  std::vector<std::string>* ListOf(DictionaryKind kind);

  // The Phoenix set PETRARCH's PETR_config.ini names, in `dir`: CAMEO.2.0.txt,
  // Phoenix.{Countries,International,MilNonState}.actors.txt, Phoenix.agents.txt,
  // Phoenix.discards.txt, Phoenix.IssueCoding.txt, PETR.Internal.Coding.Ontology.txt.
  static DictionaryPaths Phoenix(const std::string& dir);

  // Every dictionary file of directory `dir`: each `*.txt` regular file (not hidden) is
  // read as the kind GuessKind() gives its name, in byte order of the names within each
  // kind (so the result never depends on the file system's listing order). Other files
  // (README.md, backups) are ignored; a `*.txt` file whose kind cannot be guessed is
  // skipped with a warning appended to `*warnings` (may be null), e.g.
  // Phoenix.prepositions.txt. A directory holding PETRARCH's own distribution
  // (CAMEO.2.0.txt and Phoenix.Countries.actors.txt) is read as Phoenix(dir), since it also
  // holds validation dictionaries that must not be mixed in — unless `every_file` (for
  // checking every file of a directory, `dyad dict check`).
  // Errors: NotFound when `dir` does not exist, InvalidArgument when it is not a directory
  // or holds no dictionary file, IOError when it cannot be listed.
  static Result<DictionaryPaths> FromDirectory(const std::string& dir,
                                               std::vector<Diagnostic>* warnings,
                                               bool every_file = false);
};

// "CAMEO.2.0.txt"/"*verbs*" → kVerbs, "*actors*" → kActors, "*agents*" → kAgents,
// "*discards*" → kDiscards, "*issue*" → kIssues, "*ontology*" → kOntology (any case).
DictionaryKind GuessKind(std::string_view path);
std::string_view KindName(DictionaryKind kind);

struct LoadOptions {
  // Default false: a malformed line is reported and skipped. True: Load() fails with
  // InvalidArgument "file:line: message" at the first error (warnings do not stop it).
  bool strict = false;
  // Default: decided per file — kPetrarch2 when any pattern uses `(...)` or `{...}`,
  // else kPetrarch1. Set to force one.
  enum class VerbFormatChoice : uint8_t { kAuto, kPetrarch1, kPetrarch2 };
  VerbFormatChoice verb_format = VerbFormatChoice::kAuto;
};

// Statistics of one loaded file (for `dyad dict stats`).
struct FileStats {
  std::string file;
  DictionaryKind kind = DictionaryKind::kUnknown;
  int layer = 0;  // 0 for the base set, 1 for its first overlay, ...
  size_t lines = 0;
  size_t entries = 0;  // Records of the file's kind (actors, agents, patterns...).
  size_t errors = 0;
  size_t warnings = 0;
  bool latin1 = false;  // Bytes were converted from Latin-1 to UTF-8.
};

// For every event code the verb dictionary can produce (a member's code or a pattern's,
// its reciprocal included; "" never), the number of members and patterns giving it.
// Members hidden by a higher layer (see DictionaryPaths) are not counted.
std::map<std::string, size_t> CountEventCodes(const VerbDictionary& verbs);

class DictionarySet {
 public:
  // Reads every file of `paths` (its overlays after it, see DictionaryPaths), parses,
  // expands and compiles them. Each problem is appended to `*diagnostics` (may be null)
  // and the offending line skipped.
  // Errors: NotFound/IOError for an unreadable file (naming it); with options.strict,
  // InvalidArgument "file:line: message" for the first malformed line.
  static Result<DictionarySet> Load(const DictionaryPaths& paths, const LoadOptions& options,
                                    std::vector<Diagnostic>* diagnostics);

  // Parses dictionary text already in memory (tests, fuzzers); `file` names it in
  // SourceLocs and diagnostics. Same errors as Load() minus I/O.
  static Result<DictionarySet> FromText(DictionaryKind kind, std::string_view file,
                                        std::string_view text, const LoadOptions& options,
                                        std::vector<Diagnostic>* diagnostics);

  DictionarySet();
  DictionarySet(DictionarySet&&) noexcept;
  DictionarySet& operator=(DictionarySet&&) noexcept;
  ~DictionarySet();

  // Each is empty when no file of that kind was loaded. When several verb files are
  // given they are read into one VerbDictionary (blocks appended in order).
  const VerbDictionary& verbs() const { return *verbs_; }
  const ActorDictionary& actors() const { return *actors_; }
  const AgentDictionary& agents() const { return *agents_; }
  const DiscardDictionary& discards() const { return *discards_; }
  const IssueDictionary& issues() const { return *issues_; }
  const std::vector<OntologyEntry>& ontology() const { return ontology_; }
  const std::vector<FileStats>& file_stats() const { return file_stats_; }

 private:
  friend class Loader;
  // unique_ptr keeps the objects (and the SourceLoc file names) at fixed addresses when
  // the set is moved.
  std::vector<std::unique_ptr<std::string>> file_names_;
  std::unique_ptr<VerbDictionary> verbs_;
  std::unique_ptr<ActorDictionary> actors_;
  std::unique_ptr<AgentDictionary> agents_;
  std::unique_ptr<DiscardDictionary> discards_;
  std::unique_ptr<IssueDictionary> issues_;
  std::vector<OntologyEntry> ontology_;
  std::vector<FileStats> file_stats_;
};

}  // namespace dyad::dict

#endif  // DYAD_DICT_DICTIONARY_H_
