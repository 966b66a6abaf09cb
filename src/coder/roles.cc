// Roles: who does what in a verb's clause — the verb's dictionary entry (FindVerbAt), its
// subject (the `by` agent of a passive), the sources inherited through xcomp, conj, advcl
// and acl governors, the targets among its object and attachments, and the small tree
// questions these ask (CaseOf, IsInfinitival, IsNegated). Parser mistakes read through
// here, rather than repaired in the tree, are tagged `// Tolerance(name):` and listed in
// doc/repairs.md.
// Thread-safety: reads the compiled coder, writes only the caller's output vectors.
#include <algorithm>
#include <span>

#include "base/utf8.h"
#include "coder/sentence_view.h"

namespace dyad::coder {

std::string_view SentenceView::CaseOf(int h) const {
  for (int c : tree.children[h]) {
    if (tree.rel[c] == Rel::kCase && sentence.words[c].upos != Upos::kPART) return scratch.views[c];
  }
  // Tolerance(case-on-compound):
  // "by a surface-to-air missile": the parser may hang the preposition on the first
  // word of a compound instead of on the head.
  for (int c : tree.children[h]) {
    if (c > h || (tree.rel[c] != Rel::kCompound && tree.rel[c] != Rel::kAmod)) continue;
    for (int cc : tree.children[c]) {
      if (cc < c && tree.rel[cc] == Rel::kCase && sentence.words[cc].upos != Upos::kPART) {
        return scratch.views[cc];
      }
    }
  }
  return {};
}

bool SentenceView::IsInfinitival(int v) const {
  for (int c : tree.children[v]) {
    if (tree.rel[c] == Rel::kMark && scratch.views[c] == "to") return true;
  }
  return false;
}

bool SentenceView::HasPunctBetween(int a, int b) const {
  for (int w = std::min(a, b) + 1; w < std::max(a, b); ++w) {
    if (sentence.words[w].upos == Upos::kPUNCT) return true;
  }
  return false;
}

bool SentenceView::IsTimePreposition(int q) const {
  if (sentence.words[q].upos != Upos::kADP) return false;
  const int h = tree.head[q];
  if (h < 0 || h == q) return false;
  // "on Tuesday", "on March 3", "on the morning of".
  const std::string_view w = scratch.views[h];
  return IsCalendarName(w) || sentence.words[h].upos == Upos::kNUM || w == "morning" ||
         w == "afternoon" || w == "evening" || w == "night" || w == "weekend" || w == "day" ||
         w == "date";
}

const dict::VerbFormRef* SentenceView::FindVerbAt(int v, int* form_words, bool one_word) const {
  std::span<const dict::VerbFormRef> refs = verbs().FindVerb(scratch.views[v]);
  // The lemma is looked up only when it differs from the form (singular nouns, base
  // verbs): no string is built for the common case (event nouns try every noun).
  if (refs.empty() && !sentence.words[v].lemma.empty() &&
      !EqualsLowerAscii(sentence.words[v].lemma, scratch.views[v])) {
    std::string lemma = dict::LowercaseWord(sentence.words[v].lemma);
    refs = verbs().FindVerb(lemma);
  }
  const dict::VerbFormRef* best = nullptr;
  int best_len = 0;
  for (const dict::VerbFormRef& r : refs) {
    const dict::VerbMember& m = verbs().members()[r.member];
    const dict::VerbForm& f = m.forms[r.form];
    if (one_word && f.words.size() > 1) continue;
    const int k = static_cast<int>(f.verb_word);
    bool ok = true;
    int pos = v;
    for (size_t j = k + 1; j < f.words.size() && ok; ++j) {
      bool found = false;
      for (int q = pos + 1; q < n && q <= pos + 4; ++q) {
        // "called Macron on Tuesday" is no "call on": a particle heading a time is not.
        if (scratch.views[q] == f.words[j] && !IsTimePreposition(q)) {
          found = true;
          pos = q;
          break;
        }
      }
      ok = found;
    }
    pos = v;
    for (int j = k - 1; j >= 0 && ok; --j) {
      bool found = false;
      for (int q = pos - 1; q >= 0 && q >= pos - 3; --q) {
        if (scratch.views[q] == f.words[j]) {
          found = true;
          pos = q;
          break;
        }
      }
      ok = found;
    }
    if (!ok) continue;
    const int len = static_cast<int>(f.words.size());
    if (best == nullptr || len > best_len) {
      best = &r;
      best_len = len;
    }
  }
  *form_words = best_len;
  return best;
}

bool SentenceView::IsNegated(int v) const {
  for (int c : tree.children[v]) {
    if (tree.rel[c] == Rel::kNeg) return true;
    if ((tree.rel[c] == Rel::kAdvmod || tree.rel[c] == Rel::kAux) && IsNegWord(scratch.views[c]))
      return true;
    if (sentence.words[c].feats.find("Polarity=Neg") != std::string::npos &&
        (tree.rel[c] == Rel::kAdvmod || tree.rel[c] == Rel::kAux)) {
      return true;
    }
  }
  return false;
}

int SentenceView::SubjectOf(int v, bool* passive) const {
  *passive = false;
  // "There were 10 soldiers killed in Ukraine": a bare past participle used as a
  // clause of "be" is a reduced passive; its subject is the patient.
  bool reduced = false;
  if (tree.rel[v] == Rel::kCsubj && tree.head[v] >= 0 &&
      sentence.words[tree.head[v]].lemma == "be" &&
      (IsPastParticiple(v) || sentence.words[v].xpos == "VBD")) {
    reduced = true;
    for (int c : tree.children[v]) {
      if (tree.rel[c] == Rel::kAux || tree.rel[c] == Rel::kAuxPass) reduced = false;
    }
  }
  // Tolerance(second-subject):
  // Two subjects: the parser split a noun phrase ("An/nsubj Eriadorian/nsubj was
  // shot"); the first that is not a determiner or punctuation heads the subject.
  int found = -1;
  for (int c : tree.children[v]) {
    if (tree.rel[c] != Rel::kSubj && tree.rel[c] != Rel::kSubjPass) continue;
    const Upos u = sentence.words[c].upos;
    const bool weak = u == Upos::kDET || u == Upos::kPUNCT;
    if (found < 0 || (!weak && (sentence.words[found].upos == Upos::kDET ||
                                sentence.words[found].upos == Upos::kPUNCT))) {
      found = c;
    }
    if (!weak) break;
  }
  if (found >= 0) *passive = tree.rel[found] == Rel::kSubjPass || reduced;
  // An experiencer participle read as a passive ("The US is alarmed/VBN by the arrests"):
  // its subject judges what the `by` phrase names, the source of the comment as in the
  // adjectival reading (clause.cc, IsStatePredicate), not a passive's patient.
  if (*passive && IsExperiencerParticiple(v)) *passive = false;
  if (found >= 0 && IsAdjectivalPassive(v)) *passive = true;  // "He was summoned/JJ."
  // Tolerance(copular-root-passive):
  // "The Philippines was heavily and unjustly criticized" parsed with the adverb as a
  // copular root and the participle its conjunct: the copula is the passive auxiliary
  // and the root's subject the passive subject.
  if (found < 0 && tree.rel[v] == Rel::kConj && IsPastParticiple(v) && tree.head[v] >= 0) {
    const int h = tree.head[v];
    const Upos hu = sentence.words[h].upos;
    const int cop = ChildWith(h, Rel::kCop);
    if ((hu == Upos::kADV || hu == Upos::kADJ) && cop >= 0 && sentence.words[cop].lemma == "be") {
      for (int c : tree.children[h]) {
        if (tree.rel[c] == Rel::kSubj && c < cop) {
          *passive = true;
          return c;
        }
      }
    }
  }
  return found;
}

bool SentenceView::IsPastParticiple(int v) const {
  return sentence.words[v].xpos == "VBN" ||
         (sentence.words[v].feats.find("VerbForm=Part") != std::string::npos &&
          sentence.words[v].feats.find("Tense=Past") != std::string::npos);
}

int SentenceView::PrecedingObl(int v) const {
  int best = -1;
  for (int c : tree.children[v]) {
    if (c < v && tree.rel[c] == Rel::kObl && CaseOf(c) != "by") best = c;
    // Tolerance(name-read-as-clause):
    // "Pyongyang/VERB on Thursday fired ...": a name the tagger took for a verb,
    // parsed as a clause of its own with neither subject nor object.
    if (c < v && tree.rel[c] == Rel::kAdvcl && scratch.actor_cover[c] >= 0 &&
        ChildWith(c, Rel::kSubj) < 0 && ChildWith(c, Rel::kObj) < 0 &&
        ChildWith(c, Rel::kMark) < 0) {
      best = c;
    }
  }
  return best;
}

void SentenceView::AttachedActors(int v, std::vector<Actor>* out) const {
  for (int pass = 0; pass < 3 && out->empty(); ++pass) {
    for (int c : tree.children[v]) {
      if (tree.rel[c] != Rel::kObl) continue;
      const std::string_view prep = CaseOf(c);
      const int kind = prep == "from" ? 0 : (prep == "in" || prep == "at") ? 2 : 1;
      if (kind != pass) continue;
      if (sentence.words[c].upos == Upos::kPRON || IsTemporal(prep)) continue;
      const size_t before = out->size();
      Resolve(c, true, 0, out);
      if (pass == 2) {
        for (size_t k = before; k < out->size(); ++k) (*out)[k].place = true;
      }
      if (!out->empty()) break;
    }
  }
}

bool SentenceView::IsExistentialParticiple(int v) const {
  if (tree.rel[v] != Rel::kAcl ||
      !(IsPastParticiple(v) || sentence.words[v].xpos == "VBD" ||
        sentence.words[v].feats.find("Tense=Past") != std::string::npos)) {
    return false;
  }
  const int n0 = tree.head[v];
  if (n0 < 0 || tree.rel[n0] != Rel::kSubj) return false;
  const int be = tree.head[n0];
  if (be < 0 || sentence.words[be].lemma != "be") return false;
  for (int c : tree.children[be]) {
    if (c < n0 && scratch.views[c] == "there") return true;
  }
  return false;
}

bool SentenceView::IsUnmarkedLastConjunct(int v) const {
  const int h = tree.head[v];
  if (h < 0 || ChildWith(v, Rel::kCc) >= 0) return false;
  for (int c : tree.children[h]) {
    if (c > v && tree.rel[c] == Rel::kConj) return false;
    if (c < v && tree.rel[c] == Rel::kCc) return false;
  }
  // Tolerance(misattached-conjunction):
  // A conjunction misattached elsewhere ("on Thursday/cc:and promised aid"): the word
  // before the clause (its own pre-modifiers and punctuation skipped).
  int k = v - 1;
  while (k > h && (sentence.words[k].upos == Upos::kPUNCT || tree.head[k] == v)) --k;
  return k <= h || (sentence.words[k].upos != Upos::kCCONJ && tree.rel[k] != Rel::kCc);
}

int SentenceView::AgentOf(int v) const {
  // "were arrested by evening": a time is no agent.
  auto agent = [&](int c) {
    return tree.rel[c] == Rel::kObl && CaseOf(c) == "by" && !IsTimeNoun(sentence.words[c].form);
  };
  for (int c : tree.children[v]) {
    if (agent(c)) return c;
  }
  // Tolerance(agent-on-adverb):
  // "was opposed earlier by Osgiliath" with the `by` phrase attached to the adverb.
  for (int c : tree.children[v]) {
    if (tree.rel[c] != Rel::kAdvmod) continue;
    for (int cc : tree.children[c]) {
      if (agent(cc)) return cc;
    }
  }
  return -1;
}

void SentenceView::SourcesOf(int v, int depth, std::vector<Actor>* out, bool* passive_out) const {
  bool passive = false;
  const int subj = SubjectOf(v, &passive);
  if (passive_out != nullptr) *passive_out = passive;
  if (passive) {
    const int agent = AgentOf(v);
    if (agent >= 0) {
      Resolve(agent, true, 0, out);
    } else {
      AttachedActors(v, out);
    }
    return;
  }
  // "There were 10 soldiers killed in Ukraine": a UD v2 parse makes the participle an
  // acl of the existential subject (v1 parses a csubj of "be", handled above); it is
  // the same reduced passive.
  if (IsExistentialParticiple(v)) {
    const int agent = AgentOf(v);
    if (agent >= 0)
      Resolve(agent, true, 0, out);
    else
      AttachedActors(v, out);
    return;
  }
  if (subj >= 0) {
    // "protesters who marched to parliament": a relative pronoun stands for the noun
    // its clause modifies. (PETRARCH leaves it unresolved, and its gold standard codes
    // no event from it: codebook reading only.)
    const std::string_view sw = scratch.views[subj];
    if (coder.options.codebook && tree.rel[v] == Rel::kRelcl && tree.head[v] >= 0 &&
        (sw == "who" || sw == "which" || sw == "that")) {
      Resolve(tree.head[v], false, 0, out);
      return;
    }
    Resolve(subj, false, 0, out);
    // Tolerance(last-conjunct-as-subject):
    // "The US, Russia, and Switzerland met": a v2 parser may attach the last conjunct
    // as a second subject of the verb; each nominal subject is one more actor.
    for (int c : tree.children[v]) {
      if (c == subj || tree.rel[c] != Rel::kSubj || !IsNominal(sentence.words[c].upos)) continue;
      if (sentence.words[c].upos == Upos::kPRON) continue;
      std::vector<Actor> more;
      Resolve(c, false, 0, &more);
      for (Actor& a : more) {
        bool dup = false;
        for (const Actor& b : *out) dup = dup || b.code == a.code;
        if (!dup) out->push_back(std::move(a));
      }
    }
    // Tolerance(list-head-as-root):
    // "Evil Mordor, the awful Arnor, and good Gondor welcomed ..." parsed with the
    // first name as the root, its apposition the second, and the verb (with the last
    // name as its subject) a conjunct of the root: the names before are subjects too.
    const int h = tree.head[v];
    if (tree.rel[v] == Rel::kConj && h >= 0 && h < subj &&
        (sentence.words[h].upos == Upos::kPROPN || sentence.words[h].upos == Upos::kNOUN)) {
      std::vector<Actor> more;
      ResolveOne(h, false, 0, &more);
      for (int c : tree.children[h]) {
        if (c < subj && (tree.rel[c] == Rel::kAppos || tree.rel[c] == Rel::kConj)) {
          ResolveOne(c, false, 0, &more);
        }
      }
      for (Actor& a : more) {
        bool dup = false;
        for (const Actor& b : *out) dup = dup || b.code == a.code;
        if (!dup) out->push_back(std::move(a));
      }
    }
    return;
  }
  if (depth > 8) return;
  const int h = tree.head[v];
  const int pre = PrecedingObl(v);
  if (pre >= 0 && (h < 0 || sentence.words[h].upos != Upos::kVERB)) {
    // A misparsed clause whose subject hangs off the verb as a preceding nominal
    // ("after Calenardhon crowds burned down ...").
    Resolve(pre, false, 0, out);
    return;
  }
  if (h < 0) return;
  const Rel r = tree.rel[v];
  // Tolerance(as-read-as-preposition):
  // "came as the US leader prepared to attend": the conjunction "as" parsed as a
  // preposition leaves the clause's subject as an `as` attachment of the governor,
  // right before the verb.
  // UD v2 parsers often attach such a clause as parataxis.
  if ((r == Rel::kAdvcl || r == Rel::kParataxis) && v > 0) {
    int prev = v - 1;
    while (prev >= 0 && (tree.rel[prev] == Rel::kAux || tree.rel[prev] == Rel::kAdvmod)) --prev;
    if (prev >= 0 && tree.head[prev] == h && tree.rel[prev] == Rel::kObl && CaseOf(prev) == "as") {
      Resolve(prev, false, 0, out);
      if (!out->empty()) return;
    }
  }
  // Tolerance(object-as-complement-subject):
  // "Ethiopia indicated it deplored Libya" parsed with "it" the object of "indicated"
  // and "deplored" a subjectless ccomp: a finite complement clause has a subject of its
  // own, and the governor's object right before it is that subject. A gerund is finite
  // only with an auxiliary ("indicated it would acting now"); bare, it is a participle
  // clause ("said, citing Gondor") with no subject of its own.
  if (r == Rel::kCcomp && !IsInfinitival(v) &&
      (sentence.words[v].xpos != "VBG" || ChildWith(v, Rel::kAux) >= 0)) {
    for (int c : tree.children[h]) {
      if (tree.rel[c] == Rel::kObj && h < c && c < v) {
        Resolve(c, false, 0, out);
        return;
      }
    }
  }
  // "..., especially by promoting biofuels, US Deputy Secretary Jeffrey Kupfer said":
  // a last conjunct with no conjunction before it is not a coordinated clause (English
  // marks the last conjunct) but a misparsed clause of its own; it shares no subject.
  if (r == Rel::kConj && IsUnmarkedLastConjunct(v)) return;
  // "Russia launched missiles, killing one person": a participle clause of manner or
  // result, with no subject and no conjunction of its own, shares its governor's
  // subject; so does a purpose clause ("fired tear gas to disperse them").
  const bool shares_subject =
      r == Rel::kAdvcl && ChildWith(v, Rel::kMark) < 0 &&
      sentence.words[v].xpos == "VBG";
  if (coder.options.codebook && (shares_subject || (r == Rel::kAdvcl && IsInfinitival(v)))) {
    SourcesOf(h, depth + 1, out, nullptr);
    return;
  }
  if (r == Rel::kXcomp || r == Rel::kConj) {
    // Object control: "urged Bree to help" — the helper is the object, but PETRARCH
    // codes the combined event from the governor's subject, so keep the subject.
    // Raising from a passive: "Obama is scheduled to attend" — the passive subject.
    bool hp = false;
    const int hs = SubjectOf(h, &hp);
    if (hp && hs >= 0 && r == Rel::kXcomp) {
      Resolve(hs, false, 0, out);
      return;
    }
    SourcesOf(h, depth + 1, out, nullptr);
  } else if (r == Rel::kAcl && !IsParticipleAcl(v) && !IsInfinitival(v)) {
    Resolve(h, false, 0, out);
  } else if (r == Rel::kAcl && IsDecisionNoun(h)) {
    // "Ghana's decision to expel", "Russia's plan to annex": the infinitive's actor is
    // the possessor of the noun it completes.
    const int poss = ChildWith(h, Rel::kPoss);
    if (poss >= 0) Resolve(poss, false, 0, out);
  } else if (r == Rel::kAcl) {
    // "men sought by the police": a past participle modifying its patient; only a
    // `by` agent acts ("men sought in the slaying of missionaries" names no actor).
    const int agent = AgentOf(v);
    if (agent >= 0) Resolve(agent, false, 0, out);
  }
}

bool SentenceView::IsDecisionNoun(int h) const {
  if (!IsNominal(sentence.words[h].upos) || sentence.words[h].upos == Upos::kPRON) return false;
  const std::string_view w = scratch.views[h];
  if (w == "decision" || w == "move" || w == "order") return true;
  int form_words = 0;
  return FindVerbAt(h, &form_words, /*one_word=*/true) != nullptr;  // "plan", "threat", "refusal"
}

bool SentenceView::Weak(const std::vector<Actor>& a) {
  for (const Actor& x : a) {
    if (!x.base.empty()) return false;
  }
  return true;
}

void SentenceView::TargetsOf(int v, bool passive, std::vector<Actor>* out) const {
  if (passive) {
    bool p = false;
    const int subj = SubjectOf(v, &p);
    if (subj >= 0) Resolve(subj, true, 0, out);
    if (!out->empty()) return;
  }
  if ((IsParticipleAcl(v) || IsExistentialParticiple(v)) && tree.head[v] >= 0) {
    Resolve(tree.head[v], false, 0, out);
    if (!out->empty()) return;
  }
  // An object naming only an agent ("military exercises") yields to a named actor in
  // the attachments ("in Alaska").
  std::vector<Actor> weak;
  for (int c : tree.children[v]) {
    if (tree.rel[c] == Rel::kObj || tree.rel[c] == Rel::kIobj) {
      Resolve(c, true, 0, out);
      if (!out->empty() && !Weak(*out)) return;
      if (weak.empty()) weak = std::move(*out);
      out->clear();
    }
  }
  const size_t keep = out->size();
  (void)keep;
  const int agent = passive ? AgentOf(v) : -1;
  bool p0 = false;
  const int pre = SubjectOf(v, &p0) < 0 && !passive ? PrecedingObl(v) : -1;
  for (int c : tree.children[v]) {
    // A non-verbal secondary predicate ("marched close to the border with Mordor",
    // UD v2 xcomp; v1 parses often call it an object) carries the attachments.
    const bool predicate = tree.rel[c] == Rel::kXcomp && (sentence.words[c].upos == Upos::kADJ ||
                                                          sentence.words[c].upos == Upos::kADV);
    if ((tree.rel[c] == Rel::kObl || predicate) && c != agent && c != pre) {
      // (A place attached to the verb stays a target: "Obama and Putin will meet in
      // Zurich" is coded with CHE in the PETRARCH-2 gold standard. By the codebook it is
      // the place of the act, marked so: co-subjects of a mutual act then act on each
      // other, and a statement is not made to it.)
      Resolve(c, true, 0, out);
      if (coder.options.codebook && tree.rel[c] == Rel::kObl) {
        const std::string_view prep = CaseOf(c);
        if (prep == "in" || prep == "at") {
          for (Actor& a : *out) a.place = a.place || a.agent.empty();
        }
      }
      // By the codebook the place of the act is no party to it: "police slapped a
      // protester in Nairobi" targets the protester (whose country the event's place
      // then gives), not Kenya.
      if (coder.options.codebook && !weak.empty() && !out->empty() &&
          std::all_of(out->begin(), out->end(), [](const Actor& a) { return a.place; })) {
        *out = std::move(weak);
        return;
      }
      if (!out->empty() && !Weak(*out)) return;
      // By the codebook "against" names the target of the act, ahead of an object named by
      // its agent alone ("launched a general/MIL strike against the government").
      if (coder.options.codebook && !out->empty() && CaseOf(c) == "against") return;
      if (weak.empty()) weak = std::move(*out);
      out->clear();
    }
  }
  if (!weak.empty()) {
    *out = std::move(weak);
    return;
  }
  // "signed an accord to supply Gondor": the object of a purpose clause the
  // dictionary does not code on its own.
  for (int c : tree.children[v]) {
    if (!((tree.rel[c] == Rel::kAdvcl || tree.rel[c] == Rel::kXcomp) && IsInfinitival(c))) continue;
    if (sentence.words[c].upos != Upos::kVERB) continue;
    int form_words = 0;
    if (FindVerbAt(c, &form_words) != nullptr) continue;
    for (int cc : tree.children[c]) {
      if (tree.rel[cc] == Rel::kObj || tree.rel[cc] == Rel::kIobj) Resolve(cc, false, 0, out);
      if (!out->empty()) return;
    }
  }
  // "Arnor believes Dagolath can cope": the complement clause's subject.
  for (int c : tree.children[v]) {
    if (tree.rel[c] != Rel::kCcomp) continue;
    bool p = false;
    const int subj = SubjectOf(c, &p);
    if (subj >= 0) Resolve(subj, false, 0, out);
    if (!out->empty()) return;
  }
}

}  // namespace dyad::coder
