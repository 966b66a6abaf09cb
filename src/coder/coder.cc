// The event coder (see coder.h).
//
// Design. PETRARCH-2 coded from Penn constituency trees; UniversalPetrarch moved the same
// dictionaries onto UD dependency trees. dyad follows the dependency approach but keeps
// the whole computation inside one sentence's word arrays, with no strings built on the
// hot path except the lowercase forms:
//
//  * Relations. UD v1 and v2 labels are folded into one small enum (dobj/obj → kObj,
//    nsubjpass/nsubj:pass → kSubjPass, nmod/obl → kObl, neg → kNeg, name/flat → kFlat...),
//    so the rest of the coder never looks at label strings.
//  * Actors. The actor and agent matchers run once per sentence over the lowercase words
//    (longest match, left to right, non-overlapping). A noun phrase is resolved from its
//    "core" — the head plus compound/amod/flat/det/nummod/possessive dependents — taking
//    the actor matches inside it and combining them with its agent matches. A phrase with
//    an agent but no actor looks for the actor in its nmod attachments ("soldiers from
//    Gondor"); one with neither searches nmod attachments a few levels down ("ties with
//    Gondor"). Conjoined heads give one actor each; a conjunct with only an agent inherits
//    the first conjunct's actor ("Danish media and government").
//  * Verbs. A word is an event verb when the verb dictionary knows its form (multiword
//    verbs are checked against the neighbouring words). Its clause gives the roles: the
//    subject, the `by` agent of a passive, the object and the prepositional attachments.
//    Verbs without a subject inherit it from the clause they are an xcomp/conj/advcl of.
//  * Patterns. A block's patterns are tried in the dictionary's order (most specific
//    first). Words after `*` must be found among the verb's non-subject dependents (to
//    its right), words before it in the subject; `{A B}` is a noun with its modifiers;
//    `(P X)` a preposition with its object; `+` / `$` move the target / source to the
//    phrase they mark. The first pattern that matches gives the code; else the verb's own
//    code. Null codes give nothing: there is no fallback code.
//  * Meaning. Codes are turned into PICO values for negation and for combining a verb
//    with its xcomp ("agreed to provide aid" → 033, "would free" → intend to release);
//    see pico.h. Before that, the verb dictionary's transformations rewrite a verb and
//    its complement clause ("A said B attacked" → A accuses B, 112), comparing verbs by
//    base form or by code so that synonyms match.
//  * dyad's own parser (UD v2, EWT 2.14 labels: nmod:desc, obl:unmarked, list, ...) makes
//    other mistakes than the v1 parses of the validation files. Before coding, the tree
//    repairs (repair/repair.h, one row of kRepairs each, listed in doc/repairs.md) put
//    back what grammar rules out; smaller mistakes are read through where the reading
//    is unambiguous, each tagged `// Tolerance(name):` where it lives (also listed in
//    doc/repairs.md).
//  * Discards are matched, as PETRARCH does, on the blank-separated words of the text.
// Budgets: sentences over max_sentence_words are skipped; every walk up or down the tree
// is bounded by max_tree_depth, so cyclic or very deep (malformed) trees cannot hang it.
//
// This file is the conductor: CodeSentence runs the stages in order, each in its own
// file (see sentence_view.h). Thread-safety: a Coder is immutable after Create(); every
// call works in the caller's CoderScratch.
#include "coder/coder.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "base/date.h"
#include "coder/coder_internal.h"
#include "coder/sentence_view.h"
#include "dict/dictionary.h"

namespace dyad::coder {

CoderScratch::CoderScratch() : impl_(std::make_unique<Impl>()) {}
CoderScratch::~CoderScratch() = default;

void Coder::Impl::CodeSentence(const Document& doc, const Sentence& sentence, size_t index,
                               int32_t date, CoderScratch::Impl* scratch, std::vector<Event>* out,
                               CoderStats* stats) const {
  const int n = static_cast<int>(sentence.words.size());
  if (stats != nullptr) ++stats->sentences;
  if (n == 0 || static_cast<uint32_t>(n) > options.max_sentence_words) {
    if (stats != nullptr) ++stats->skipped_sentences;
    return;
  }
  const SentenceView view{*this, doc, sentence, *scratch, scratch->tree, date, n};
  // 1. The tree: the parse, its relations folded (tree.h).
  if (!view.BuildTree()) {
    if (stats != nullptr) ++stats->skipped_sentences;
    return;
  }
  // 2. Repair it (repair/): put back what grammar rules out.
  repairer.Run(sentence, &scratch->tree, stats != nullptr ? &stats->repair_fires : nullptr);
  scratch->tree.LinkChildren();
  // 3. Discards: sentences naming a discard phrase are not coded.
  if (view.IsDiscarded()) {
    if (stats != nullptr) ++stats->discarded_sentences;
    return;
  }
  // 4. Actors: the dictionary matches (actors.cc).
  view.MatchActors();
  // 5. Clauses: each verb's roles, pattern and meaning (clause.cc, roles.cc, patterns.cc),
  //    then the events named by nouns (event_nouns.cc).
  view.CodeClauses();
  view.CodeEventNouns();
  if (trace) view.Trace();
  // 6. Combine clauses: transformations, then verbs with their complements (combine.cc).
  if (!transformations.empty()) view.ApplyTransformations();
  view.CombineClauses();
  // 7. Emit the events (emit.cc).
  const size_t first_event = out->size();
  view.EmitEvents(index, out);
  // 8. Remember the sentence's actors for the document's definite descriptions (actors.cc).
  view.RememberActors();
  if (stats != nullptr) stats->events += out->size() - first_event;
}

bool SentenceView::BuildTree() const {
  scratch.lower.resize(n);
  scratch.views.resize(n);
  for (int i = 0; i < n; ++i) {
    std::string& lower = scratch.lower[i];
    lower.assign(sentence.words[i].form);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    scratch.views[i] = lower;
  }
  tree.max_depth = coder.options.max_tree_depth;
  return tree.Load(sentence);
}

// Discards. PETRARCH matches discard phrases against the blank-separated words of the
// sentence text, so punctuation written against a word is part of it: "15 months ago,"
// does not match MONTHS AGO, while "in 1994 genocide" matches 1994. The words are
// rebuilt the same way from the tokens and their SpaceAfter flags, and matched whole
// (the validation records show PETRARCH-2 does not treat discards as stems).
bool SentenceView::IsDiscarded() const {
  const dict::DiscardDictionary& discards = coder.dicts->discards();
  if (discards.matcher().size() > 0) {
    scratch.raw.clear();
    bool glue = false;
    for (const Token& t : sentence.tokens) {
      std::string_view text;
      std::string joined;
      if (t.end <= doc.text.size() && t.begin < t.end) {
        text = doc.TokenText(t);
      } else {
        for (uint32_t k = 0; k < t.word_count && t.first_word + k < sentence.words.size(); ++k) {
          joined += sentence.words[t.first_word + k].form;
        }
        text = joined;
      }
      if (!glue || scratch.raw.empty()) scratch.raw.emplace_back();
      for (char c : text) {
        scratch.raw.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      glue = !t.space_after;
    }
    scratch.raw_views.assign(scratch.raw.begin(), scratch.raw.end());
    std::span<const std::string_view> words(scratch.raw_views.data(), scratch.raw_views.size());
    for (size_t i = 0; i < words.size(); ++i) {
      if (!discards.matcher().LongestMatch(words, i).found()) continue;
      if (coder.trace) {
        std::fprintf(stderr, "[trace] %s: discarded at '%s'\n", doc.id.c_str(),
                     std::string(words[i]).c_str());
      }
      return true;
    }
  }
  return false;
}

void SentenceView::Trace() const {
  std::fprintf(stderr, "[trace] %s:", doc.id.c_str());
  for (int i = 0; i < n; ++i) {
    if (scratch.actor_start[i] >= 0) std::fprintf(stderr, " actor@%d+%d", i, scratch.actor_len[i]);
    if (scratch.agent_cover[i] == i) std::fprintf(stderr, " agent@%d+%d", i, scratch.agent_len[i]);
  }
  std::fprintf(stderr, "\n");
  for (int v = 0; v < n; ++v) {
    const Clause& clause = scratch.clauses[v];
    if (!clause.has_clause) continue;
    std::string src, tgt;
    for (const Actor& a : clause.sources) src += (a.code.empty() ? "?" : a.code) + " ";
    for (const Actor& a : clause.targets) tgt += (a.code.empty() ? "?" : a.code) + " ";
    std::fprintf(stderr, "[trace]   %s(%d) code=%s:%s neg=%d src=[%s] tgt=[%s] pattern='%s' %s\n",
                 sentence.words[v].form.c_str(), v, clause.code.c_str(), clause.reciprocal.c_str(),
                 clause.negated, src.c_str(), tgt.c_str(), clause.pattern.c_str(),
                 clause.pattern_loc.c_str());
  }
}

std::vector<std::string_view> RepairNames() {
  std::vector<std::string_view> names;
  for (const RepairRule& rule : kRepairs) names.push_back(rule.name);
  return names;
}

Result<Coder> Coder::Create(const dict::DictionarySet* dicts, const CoderOptions& options) {
  if (dicts == nullptr || dicts->verbs().blocks().empty()) {
    return Status::InvalidArgument("coder: the dictionary set has no verb dictionary");
  }
  auto impl = std::make_unique<Impl>();
  impl->dicts = dicts;
  impl->options = options;
  impl->pico = Pico(dicts->ontology());
  impl->BuildSectorRoots();
  impl->trace = std::getenv("DYAD_CODER_TRACE") != nullptr;
  Result<Repairer> repairer = Repairer::Create(options.disabled_repairs);
  if (!repairer.ok()) return repairer.status();
  if (options.repairs) impl->repairer = std::move(*repairer);
  for (const dict::Synset& syn : dicts->verbs().synsets()) {
    size_t m = 1;
    m = std::max<size_t>(m, syn.max_words);
    impl->synset_max_words.push_back(static_cast<uint8_t>(std::min<size_t>(m, 4)));
  }
  // Transformation verbs are written as words ("SAY", "WILL_ATTACK"); the coder compares
  // codes, so that synonyms match as PETRARCH-2 intends.
  const dict::VerbDictionary& vd = dicts->verbs();
  auto code_of = [&vd](std::string word) -> std::string {
    std::string lower = dict::LowercaseWord(word);
    std::span<const dict::VerbFormRef> refs = vd.FindVerb(lower);
    if (refs.empty()) return std::string();
    return vd.members()[refs[0].member].code.code;
  };
  for (const dict::Transformation& t : vd.transformations()) {
    CompiledTransformation ct;
    ct.t = &t;
    ct.outer_code = code_of(t.outer_verb);
    ct.outer_word = dict::LowercaseWord(t.outer_verb);
    std::string inner = t.inner_verb;
    if (inner.rfind("WILL_", 0) == 0) {
      ct.inner_will = true;
      inner = inner.substr(5);
    }
    if (inner != "Q") {
      ct.inner_word = dict::LowercaseWord(inner);
      ct.inner_code = code_of(inner);
      if (ct.inner_code.empty()) continue;
    }
    if (ct.outer_code.empty()) continue;
    impl->transformations.push_back(std::move(ct));
  }
  return Coder(std::move(impl));
}

Coder::Coder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Coder::Coder(Coder&&) noexcept = default;
Coder& Coder::operator=(Coder&&) noexcept = default;
Coder::~Coder() = default;

const CoderOptions& Coder::options() const { return impl_->options; }

void Coder::CodeDocument(const Document& doc, CoderScratch* scratch, std::vector<Event>* out,
                         CoderStats* stats, uint32_t first_sentence) const {
  CoderScratch::Impl* scratch_impl = scratch->impl_.get();
  scratch_impl->last_actors.clear();
  scratch_impl->doc_actors.clear();
  scratch_impl->doc_events.clear();
  const int32_t date = date::ParseYmd(doc.date);
  impl_->ScanPlaces(doc, date, scratch_impl);
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    impl_->CodeSentence(doc, doc.sentences[i], first_sentence + i, date, scratch_impl, out,
                        stats);
  }
}

}  // namespace dyad::coder
