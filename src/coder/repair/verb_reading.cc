// Tree repairs, verb-reading family: the parser (or tagger) read which word is the
// clause's verb, or how two verbs relate, in a way English grammar rules out — a main
// verb read as a participle or a plural noun, a reduced relative read as the main verb, a
// reporting clause made the root over the news, a finite verb read as a subject. See
// repair.h for the table they are rows of. Thread-safety: pure functions of their
// arguments.
#include <algorithm>

#include "coder/repair/repair.h"

namespace dyad::coder::repair {

namespace {

bool IsPastForm(const Word& w) {
  return w.upos == Upos::kVERB && (w.xpos == "VBN" || w.xpos == "VBD");
}

// Is every word of [from, to) inside the subtree of `top`?
bool AllUnder(const WorkingTree& tree, int top, int from, int to) {
  for (int k = from; k < to; ++k) {
    if (!tree.Dominates(top, k)) return false;
  }
  return true;
}

// "President obama expressed/amod sorrow/root for ...": the participle right before the
// root noun, with the noun phrase that opens the sentence hung on it as a compound (a
// noun does not modify a participle that way; "the expressed sorrow" has no such
// phrase), is the main verb. So is "A Russian court/compound(leader) convicted/amod
// opposition leader/root": the participle inside the root's phrase, after a noun phrase
// hung on the root as a compound and before the root's own modifiers (which may hang on
// each other: "Police lobbed/amod tear/compound(gas) gas shells/root", or the participle
// hangs on one of them: "Saudi Arabia/compound(President) hosted/amod(President) Chinese
// President/nmod:desc(Xi) Xi/root"). True when it repaired the tree.
bool ParticipleBeforeTheRoot(const Sentence& s, WorkingTree* tree, int root) {
  // Inside the root's phrase: a word hung on a later word of it, up to the root.
  auto in_phrase = [&](int k) { return tree->head[k] > k && tree->head[k] <= root; };
  int v = root - 1;
  while (v > 0 && in_phrase(v) && !IsPastForm(s.words[v]) &&
         (tree->rel[v] == Rel::kCompound || tree->rel[v] == Rel::kAmod)) {
    --v;  // the root's own modifiers ("opposition leader", "tear gas shells", "President Xi")
  }
  if (v <= 0 || !in_phrase(v) || tree->rel[v] != Rel::kAmod || !IsPastForm(s.words[v])) {
    return false;
  }
  int subj = -1;
  for (int k = 0; k < v; ++k) {
    if (tree->head[k] == v && tree->rel[k] == Rel::kCompound && IsNounUpos(s.words[k].upos))
      subj = k;
  }
  // The subject phrase may hang on the root's phrase itself, right before the participle.
  if (subj < 0 && in_phrase(v - 1) && tree->rel[v - 1] == Rel::kCompound &&
      IsNounUpos(s.words[v - 1].upos)) {
    subj = v - 1;
  }
  if (subj < 0 || !AllUnder(*tree, subj, 0, v)) return false;
  tree->Relink(v, -1, Rel::kRoot);
  tree->Relink(subj, v, Rel::kSubj);
  tree->Relink(root, v, Rel::kObj);
  return true;
}

// Does verb v have a "by" phrase after it (a passive's agent: "detained by the guards")?
bool HasByAgent(const Sentence& s, const WorkingTree& tree, int v) {
  for (int c = v + 1; c < tree.size(); ++c) {
    if (tree.head[c] != v || tree.rel[c] != Rel::kObl) continue;
    const int p = tree.ChildWith(c, Rel::kCase);
    if (p >= 0 && EqualsLower(s.words[p].form, "by")) return true;
  }
  return false;
}

// The object a participle v after the root noun phrase already has, or -1.
int ObjectOfParticiple(const Sentence& s, const WorkingTree& tree, int root, int v) {
  const int h = tree.head[v];
  if (tree.rel[v] == Rel::kAmod && h > v && IsNounUpos(s.words[h].upos) && tree.head[h] == root &&
      (tree.rel[h] == Rel::kObj ||
       (tree.rel[h] == Rel::kObl && h == v + 1 && !tree.HasChildWith(h, Rel::kCase)))) {
    // "warplanes(root) bombed/amod hundreds/obj(warplanes)": the parser already saw an
    // object (or a nominal with no preposition right after the participle, "villagers
    // pelted/amod stones/nmod"); an apposition ("The government announced/amod asset
    // freezes/appos") is not one.
    return h;
  }
  if (tree.rel[v] != Rel::kAcl || h != root) return -1;
  for (int c = v + 1; c < tree.size(); ++c) {
    if (tree.head[c] != v || !IsNounUpos(s.words[c].upos)) continue;
    if (tree.rel[c] != Rel::kObj && tree.rel[c] != Rel::kObl) continue;
    if (!tree.HasChildWith(c, Rel::kCase)) return c;
  }
  return -1;
}

}  // namespace

// A sentence whose root is a noun and which has no subject anywhere (but in relative and
// parenthetical clauses), where the tagger
// read the main verb as a participle — "Israeli warplanes bombed/amod hundreds of
// targets", "Ukraine's security service assassinated/acl Russian general X" (news
// headlines and lead sentences, rare in the treebank the parser learned from). The verb
// becomes the root, the noun phrase before it its subject and the noun phrase right after
// it its object. Only when a bare noun phrase follows the verb: a real reduced passive
// ("Man arrested in Paris") has none and is left alone.
void ParticipleMainVerb(const Sentence& s, WorkingTree* tree) {
  for (int i = 0; i < tree->size(); ++i) {
    if (!IsSubjectRel(tree->rel[i])) continue;
    // The subject of a relative or parenthetical clause ("protesters who marched", ", a
    // witness said") is no rival main clause.
    const int h = tree->head[i];
    if (h >= 0 && (tree->rel[h] == Rel::kRelcl || tree->rel[h] == Rel::kParataxis)) continue;
    return;
  }
  const int root = tree->SoleRoot();  // several roots: not a tree to repair
  if (root < 0 || !IsNounUpos(s.words[root].upos)) return;
  if (ParticipleBeforeTheRoot(s, tree, root)) return;
  for (int v = root + 1; v < tree->size(); ++v) {
    if (!IsPastForm(s.words[v])) continue;
    // The verb must follow the root's noun phrase directly.
    if (!AllUnder(*tree, root, root + 1, v)) return;
    const int object = ObjectOfParticiple(s, *tree, root, v);
    if (object < 0) return;
    // The object may sit under the root (as "hundreds" does) or under the verb; either
    // way everything of the root after the verb moves to the verb.
    for (int k = v + 1; k < tree->size(); ++k) {
      if (tree->head[k] == root) tree->head[k] = v;
    }
    tree->Relink(v, -1, Rel::kRoot);
    tree->Relink(root, v, Rel::kSubj);
    tree->Relink(object, v, Rel::kObj);
    return;
  }
}

// "Turkish police/nsubj(sprayed) sprayed/amod pellets/root at journalists": a word before
// a noun that modifies it (amod) has no subject of its own; one that has is the clause's
// verb, read as a participle because the sentence's root was taken to be a noun (the
// neural parser's reading of headline-like sentences). The verb becomes the root, the
// noun its object, and the noun's prepositional phrases after it and its punctuation the
// verb's. Only when no other subject (but in relative and parenthetical clauses) names a
// rival main clause.
void ModifierWithASubject(const Sentence& s, WorkingTree* tree) {
  const int root = tree->SoleRoot();
  if (root < 0 || !IsNounUpos(s.words[root].upos)) return;
  int v = -1;
  for (int i = 0; i < tree->size(); ++i) {
    if (!IsSubjectRel(tree->rel[i])) continue;
    const int h = tree->head[i];
    if (h >= 0 && (tree->rel[h] == Rel::kRelcl || tree->rel[h] == Rel::kParataxis)) continue;
    if (h < 0 || h > root || tree->head[h] != root || tree->rel[h] != Rel::kAmod ||
        !IsPastForm(s.words[h]) || i > h || v >= 0) {
      return;
    }
    v = h;
  }
  if (v < 0) return;
  tree->MoveDependents(root, v, -1, [&](int k) {
    return k > root && (tree->rel[k] == Rel::kObl || tree->rel[k] == Rel::kPunct);
  });
  tree->Relink(v, -1, Rel::kRoot);
  tree->Relink(root, v, Rel::kObj);
}

// "Kenyan supporters/root of the opposition clashed/acl(opposition) with the police": a
// sentence whose only verb, a past form, was read as a reduced relative on the noun
// phrase that opens it. With no other verb there is no main clause for the phrase to sit
// in, so the verb is the main verb and the phrase its subject. Not a headline's passive
// ("Man arrested in Minas": a bare noun before the verb; "arrested by police": an agent)
// and only where the verb takes a prepositional phrase and no object (a verb with an
// object is participle-main-verb's case).
void RelativeVerbAfterTheSubject(const Sentence& s, WorkingTree* tree) {
  const int root = tree->SoleRoot();
  if (root < 0 || !IsNounUpos(s.words[root].upos)) return;
  int v = -1;
  for (int k = 0; k < tree->size(); ++k) {
    if (IsSubjectRel(tree->rel[k])) return;
    if (s.words[k].upos != Upos::kVERB && s.words[k].upos != Upos::kAUX) continue;
    if (v >= 0) return;  // another verb: maybe the main one
    v = k;
  }
  if (v <= root || !IsPastForm(s.words[v]) || tree->rel[v] != Rel::kAcl) return;
  if (!AllUnder(*tree, root, root + 1, v + 1)) return;
  // "Man arrested in Minas": a bare noun (no modifier before it, no phrase after it).
  bool modified = tree->HasChildWith(root, Rel::kObl);
  for (int k = 0; k < root; ++k) modified = modified || tree->head[k] == root;
  if (!modified) return;
  if (tree->HasChildWith(v, Rel::kObj) || HasByAgent(s, *tree, v)) return;
  bool has_phrase = false;
  for (int c = v + 1; c < tree->size(); ++c) {
    has_phrase = has_phrase || (tree->head[c] == v && tree->rel[c] == Rel::kObl &&
                                tree->HasChildWith(c, Rel::kCase));
  }
  if (!has_phrase) return;
  tree->MoveDependents(root, v, -1, [v](int k) { return k > v; });
  tree->Relink(v, -1, Rel::kRoot);
  tree->Relink(root, v, Rel::kSubj);
}

// "Bangladeshi students/nsubj:pass rioted/root against the government": a passive
// subject goes with a passive auxiliary ("were arrested"); a main verb with a passive
// subject, no auxiliary at all and no agent ("by police") is active, read as a passive
// participle (VBN for VBD). Its subject is the actor.
void PassiveSubjectWithoutAuxiliary(const Sentence& s, WorkingTree* tree) {
  for (int i = 0; i < tree->size(); ++i) {
    if (tree->rel[i] != Rel::kSubjPass) continue;
    const int v = tree->head[i];
    if (v < 0 || v < i || tree->head[v] >= 0 || !IsPastForm(s.words[v])) continue;
    if (tree->HasChildWith(v, Rel::kAuxPass) || tree->HasChildWith(v, Rel::kAux) ||
        tree->HasChildWith(v, Rel::kCop)) {
      continue;
    }
    if (!HasByAgent(s, *tree, v)) tree->rel[i] = Rel::kSubj;
  }
}

// "He had/root Thursday met/xcomp(had) President Ruto": a form of "have" followed by a
// past participle it governs as a complement, with no object of its own, is the perfect's
// auxiliary; the participle is the clause's verb and takes over the subject and the rest.
void PerfectAuxiliaryAsVerb(const Sentence& s, WorkingTree* tree) {
  for (int a = 0; a < tree->size(); ++a) {
    if (s.words[a].upos != Upos::kVERB || s.words[a].lemma != "have") continue;
    if (tree->HasChildWith(a, Rel::kObj)) continue;
    int v = -1;
    for (int c = a + 1; c < tree->size() && c <= a + 3; ++c) {
      if (tree->head[c] == a && tree->rel[c] == Rel::kXcomp && s.words[c].xpos == "VBN" &&
          s.words[c].upos == Upos::kVERB) {
        v = c;
        break;
      }
    }
    if (v < 0 || tree->ChildWith(v, Rel::kMark) >= 0) continue;  // "had to"-like: not a perfect
    tree->MoveDependents(a, v, v, [](int) { return true; });
    tree->TakePlace(v, a);
    tree->Relink(a, v, Rel::kAux);
    tree->verb[a] = 0;
  }
}

// "Kenyan police/compound(fired) fired tear gas": a noun is never a compound part of a
// verb (UD's compound joins nominals); right before a verb that has no subject and
// takes an object, it is the verb's subject, with its own modifiers.
void NounCompoundOnAVerb(const Sentence& s, WorkingTree* tree) {
  for (int v = 1; v < tree->size(); ++v) {
    const int n = v - 1;
    if (s.words[v].upos != Upos::kVERB || tree->head[n] != v || tree->rel[n] != Rel::kCompound)
      continue;
    if (s.words[n].upos != Upos::kNOUN && s.words[n].upos != Upos::kPROPN) continue;
    if (tree->HasSubject(v) || !tree->HasChildWith(v, Rel::kObj)) continue;
    tree->Relink(n, v, Rel::kSubj);
  }
}

// "Gondor suspended talks, and Arnor/conj(suspended), its ally, condemned/conj the raid":
// a nominal conjoined to a verb, right before a second conjoined verb that has no
// subject, is that verb's subject (a clause is coordinated, not a noun with a verb). The
// words between the nominal and the verb are its own (an apposition) or punctuation;
// the nominal's `cc` goes to the verb it now opens.
void SubjectConjoinedToTheVerb(const Sentence& s, WorkingTree* tree) {
  for (int v = 2; v < tree->size(); ++v) {
    if (s.words[v].upos != Upos::kVERB || tree->rel[v] != Rel::kConj) continue;
    const int h = tree->head[v];
    if (h < 0 || h >= v || s.words[h].upos != Upos::kVERB || tree->HasSubject(v)) continue;
    int n = -1;
    for (int k = v - 1; k > h; --k) {
      if (tree->head[k] == h && tree->rel[k] == Rel::kConj) {
        n = k;
        break;
      }
    }
    if (n < 0) continue;
    const Upos u = s.words[n].upos;
    if (u != Upos::kPROPN && u != Upos::kNOUN && u != Upos::kPRON) continue;
    bool clear = true;
    for (int k = n + 1; k < v && clear; ++k) {
      clear = tree->Dominates(n, k) || (s.words[k].upos == Upos::kPUNCT && tree->head[k] == v);
    }
    if (!clear) continue;
    for (int k = 0; k < n; ++k) {
      if (tree->head[k] == n && tree->rel[k] == Rel::kCc) tree->Relink(k, v, Rel::kCc);
    }
    tree->Relink(n, v, Rel::kSubj);
  }
}

// "Gondor demanded that/obl Arnor/nsubj release/NOUN,obl the envoy": after "that", a
// noun with a subject of its own and no copula is the bare verb of a mandative clause
// (the tagger knows "release" best as a noun). It becomes a verb heading a clausal
// complement of the verb above it, "that" its marker.
void SubjunctiveVerbReadAsNoun(const Sentence& s, WorkingTree* tree) {
  for (int w = 2; w < tree->size(); ++w) {
    if (s.words[w].upos != Upos::kNOUN || tree->verb[w]) continue;
    const int h = tree->head[w];
    if (h < 0 || h >= w || !tree->verb[h]) continue;
    const int subj = tree->ChildWith(w, Rel::kSubj);
    if (subj < 0 || subj >= w || tree->HasChildWith(w, Rel::kCop)) continue;
    // "that" right before the subject's phrase.
    int first = subj;
    while (first > 0 && tree->Dominates(subj, first - 1)) --first;
    const int that = first - 1;
    if (that <= h || s.words[that].form != "that") continue;
    if (tree->head[that] != h && tree->head[that] != w) continue;
    tree->Relink(w, h, Rel::kCcomp);
    tree->Relink(that, w, Rel::kMark);
    tree->verb[w] = 1;
  }
}

// "Arnor will abandon/advmod(improved) improved economic relations": a verb with an
// auxiliary heads a clause, it modifies no verb. It takes the participle's place and
// dependents, and the participle modifies its former object, the noun phrase right
// after it.
void AuxiliaryVerbAsAdverb(const Sentence& s, WorkingTree* tree) {
  for (int v = 0; v + 2 < tree->size(); ++v) {
    const int h = v + 1;
    if (s.words[v].upos != Upos::kVERB || tree->rel[v] != Rel::kAdvmod || tree->head[v] != h)
      continue;
    if (!IsPastForm(s.words[h]) || !tree->HasChildWith(v, Rel::kAux)) continue;
    int obj = -1;
    for (int k = h + 1; k < tree->size() && obj < 0; ++k) {
      if (tree->head[k] == h && tree->rel[k] == Rel::kObj) obj = k;
    }
    // The object's phrase starts right after the participle.
    if (obj < 0 || !AllUnder(*tree, obj, h + 1, obj)) continue;
    tree->MoveDependents(h, v, v, [](int) { return true; });
    tree->Relink(v, tree->head[h], tree->rel[h]);
    tree->Relink(h, obj, Rel::kAmod);
  }
}

// "will abandon improved/xcomp relations/obj(improved)", the same phrase parsed the other
// way round: a bare participle (no "to", subject or auxiliary) between a verb with an
// auxiliary and the noun phrase after it modifies that noun phrase, the verb's object.
void ParticipleModifierAsComplement(const Sentence& s, WorkingTree* tree) {
  for (int v = 0; v + 2 < tree->size(); ++v) {
    const int h = v + 1;
    if (s.words[v].upos != Upos::kVERB || !IsPastForm(s.words[h]) || tree->head[h] != v ||
        (tree->rel[h] != Rel::kXcomp && tree->rel[h] != Rel::kCcomp)) {
      continue;
    }
    if (!tree->HasChildWith(v, Rel::kAux) || tree->HasChildWith(v, Rel::kObj)) continue;
    bool own = false;
    int obj = -1;
    for (int k = 0; k < tree->size(); ++k) {
      if (tree->head[k] != h) continue;
      const Rel r = tree->rel[k];
      own = own || IsSubjectRel(r) || r == Rel::kMark || r == Rel::kAux || r == Rel::kAuxPass;
      if (obj < 0 && k > h && r == Rel::kObj) obj = k;
    }
    if (own || obj < 0 || !AllUnder(*tree, obj, h + 1, obj)) continue;
    tree->MoveDependents(h, v, obj, [](int) { return true; });
    tree->Relink(obj, v, Rel::kObj);
    tree->Relink(h, obj, Rel::kAmod);
  }
}

// "The government announced asset freezes and bans on travel" with "bans" tagged as a
// verb conjoined to "announced": verbs that share a subject share their tense, so a
// present-tense conjunct of a past-tense verb (VBD, or VBN: the tagger confuses the two),
// right after the verb's object and a conjunction and with no object of its own, is a
// noun conjoined to that object.
void PresentTenseNounConjunct(const Sentence& s, WorkingTree* tree) {
  for (int v = 2; v < tree->size(); ++v) {
    const int g = tree->head[v];
    if (s.words[v].upos != Upos::kVERB || s.words[v].xpos != "VBZ" || tree->rel[v] != Rel::kConj ||
        g < 0 || g > v || (s.words[g].xpos != "VBD" && s.words[g].xpos != "VBN")) {
      continue;
    }
    const int cc = v - 1;
    const int obj = cc - 1;
    if (tree->head[cc] != v || tree->rel[cc] != Rel::kCc) continue;
    // A subject, auxiliary or object of its own makes it a verb.
    if (tree->HasSubject(v) || tree->HasChildWith(v, Rel::kAux) ||
        tree->HasChildWith(v, Rel::kObj)) {
      continue;
    }
    if (tree->head[obj] != g || tree->rel[obj] != Rel::kObj || !IsNounUpos(s.words[obj].upos))
      continue;
    tree->head[v] = obj;
    tree->verb[v] = 0;
  }
}

// "The civilians imprisoned for acting against Moscow were released by Putin" parsed with
// "imprisoned" the main verb and "released" a clause under it. A finite auxiliary needs a
// subject; when its verb has none while the root before it is a past participle (or a
// past form, which the tagger confuses with it) with a subject, the root is a reduced
// relative clause on that subject and the auxiliary's verb the main verb.
void ReducedRelative(const Sentence& s, WorkingTree* tree) {
  const int root = tree->SoleRoot();
  if (root < 0 || !IsPastForm(s.words[root])) return;
  int subj = -1;
  for (int k = 0; k < root; ++k) {
    if (tree->head[k] != root) continue;
    if (tree->rel[k] == Rel::kSubj) subj = k;
    // "have postponed ... after a halfling was reported": a root with an auxiliary of
    // its own is finite, no reduced relative.
    if (tree->rel[k] == Rel::kAux || tree->rel[k] == Rel::kAuxPass) return;
  }
  if (subj < 0) return;
  for (int v = root + 1; v < tree->size(); ++v) {
    if (s.words[v].upos != Upos::kVERB || !tree->Dominates(root, v) || tree->HasSubject(v))
      continue;
    int aux = -1;
    for (int k = 0; k < v; ++k) {
      if (tree->head[k] != v || (tree->rel[k] != Rel::kAux && tree->rel[k] != Rel::kAuxPass))
        continue;
      const std::string_view f = s.words[k].form;
      if (f == "was" || f == "were" || f == "is" || f == "are" || f == "has" || f == "have" ||
          f == "had") {
        aux = k;
      }
    }
    if (aux < 0) continue;
    // The auxiliary opens the clause after the root's phrase: nothing between the
    // subject and the auxiliary belongs to any other clause.
    if (!AllUnder(*tree, root, subj + 1, aux)) return;
    const bool passive = tree->rel[aux] == Rel::kAuxPass;
    tree->Relink(v, -1, Rel::kRoot);
    tree->Relink(subj, v, passive ? Rel::kSubjPass : Rel::kSubj);
    tree->Relink(root, subj, Rel::kAcl);
    return;
  }
}

// "The US Secretary of state wants to help Israel" tagged with "wants" a plural noun,
// leaving a sentence with no clause at all. When a sentence has neither a subject nor a
// finite verb, a plural noun attached to the root noun and followed by its own "to"
// infinitive is the present-tense verb (as headlines write "US plans to help"): it
// becomes the root, the root noun phrase its subject, the infinitive its complement.
void PluralNounMainVerb(const Sentence& s, WorkingTree* tree) {
  std::vector<int>& head = tree->head;
  const int n = tree->size();
  for (int i = 0; i < n; ++i) {
    const std::string& x = s.words[i].xpos;
    if (IsSubjectRel(tree->rel[i]) || x == "VBD" || x == "VBZ" || x == "VBP" || x == "MD") return;
  }
  const int root = tree->SoleRoot();
  if (root < 0 || !IsNounUpos(s.words[root].upos)) return;
  for (int v = root + 2; v + 2 < n; ++v) {
    const Word& w = s.words[v];
    if (w.upos != Upos::kNOUN || w.xpos != "NNS" || head[v] != root || tree->rel[v] != Rel::kObl)
      continue;
    const int comp = v + 2;  // "wants to help": the infinitive right after its "to"
    if (head[comp] != v || s.words[comp].upos != Upos::kVERB || head[v + 1] != comp ||
        tree->rel[v + 1] != Rel::kMark || !EqualsLower(s.words[v + 1].form, "to")) {
      continue;
    }
    // The noun's own modifiers before it ("of state wants") are an attachment of the
    // root: the noun right before it heads them.
    const int prev = v - 1;
    bool own = false;
    for (int k = root + 1; k < v; ++k) own = own || head[k] == v;
    if (own) {
      if (head[prev] != v || !IsNounUpos(s.words[prev].upos)) continue;
      for (int k = root + 1; k < prev; ++k) {
        if (head[k] == v) head[k] = prev;
      }
      tree->Relink(prev, root, Rel::kObl);
    }
    tree->Relink(v, -1, Rel::kRoot);
    tree->Relink(root, v, Rel::kSubj);
    tree->rel[comp] = Rel::kXcomp;
    tree->verb[v] = 1;
    return;
  }
}

namespace {

// Does clause c open with a subordinator: a marker ("after", "because", "that") or a
// wh-word ("When they saw it, people left", "Whatever you do, ...")?
bool IsSubordinated(const Sentence& s, const WorkingTree& tree, int c) {
  if (tree.HasChildWith(c, Rel::kMark)) return true;
  for (int k = 0; k < c; ++k) {
    const std::string& x = s.words[k].xpos;
    if (tree.head[k] == c && (x == "WRB" || x == "WDT" || x == "WP")) return true;
  }
  return false;
}

}  // namespace

// "Syrian rebels engaged peacekeepers on Saturday, military officials said" parsed with
// "said" as the root and the news as its complement (ccomp or advcl). A reporting clause
// written after the news, past a comma, attributes it: EWT makes the news the root and
// the reporting verb its parataxis, and codes the news, not a statement about it. Only a
// clause with a subject of its own and no subordinator ("after ...", "because ...",
// "that ...", "when ...") is the news. (EWT v2.14's gold trees make the reporting verb
// the root of a quotation, "..., the message claimed": the rule rewrites those.)
void PostposedReportingClause(const Sentence& s, WorkingTree* tree) {
  for (int v = 2; v < tree->size(); ++v) {
    if (s.words[v].upos != Upos::kVERB) continue;
    int subj = -1;
    for (int k = 0; k < v; ++k) {
      if (tree->head[k] == v && tree->rel[k] == Rel::kSubj) subj = k;
    }
    for (int c = 0; c < subj; ++c) {
      if (tree->head[c] != v || (tree->rel[c] != Rel::kCcomp && tree->rel[c] != Rel::kAdvcl))
        continue;
      bool comma = false;  // between the news's verb and the reporter
      for (int k = c + 1; k < subj && !comma; ++k) comma = s.words[k].form == ",";
      if (!comma || !tree->HasSubject(c) || IsSubordinated(s, *tree, c)) continue;
      tree->TakePlace(c, v);
      tree->Relink(v, c, Rel::kParataxis);
      break;
    }
  }
}

// "Arnor believes Dagolath and Osgiliath can cope" parsed with "believes" as a second
// subject of "cope". A finite verb with a subject of its own is no subject: it is the
// main verb, and the clause it was hung on its complement.
void FiniteVerbAsSubject(const Sentence& s, WorkingTree* tree) {
  for (int w = 1; w < tree->size(); ++w) {
    const int v = tree->head[w];
    if (!IsFiniteVerb(s.words[w]) || tree->rel[w] != Rel::kSubj || v <= w) continue;
    bool own = false, other = false;
    for (int k = 0; k < tree->size(); ++k) {
      own = own || (k < w && tree->head[k] == w && tree->rel[k] == Rel::kSubj);
      other = other || (k > w && k < v && tree->head[k] == v && IsSubjectRel(tree->rel[k]));
    }
    if (!own || !other) continue;
    tree->TakePlace(w, v);
    tree->Relink(v, w, Rel::kCcomp);
  }
}

// "condemned an attack ... on Thursday and promised/amod aid/conj(Thursday)": a past form
// right after a conjunction, read as the modifier of the noun after it, which is
// conjoined to a noun. "and promised aid" coordinates a verb phrase: the verb is a
// conjunct of the verb above, the noun its object.
void CoordinatedVerbAsModifier(const Sentence& s, WorkingTree* tree) {
  const int n = tree->size();
  for (int v = 1; v + 1 < n; ++v) {
    const int noun = v + 1;
    const int cc = v - 1;
    if (!IsPastForm(s.words[v]) || tree->rel[v] != Rel::kAmod || tree->head[v] != noun ||
        tree->rel[noun] != Rel::kConj || tree->head[cc] != noun || tree->rel[cc] != Rel::kCc) {
      continue;
    }
    // The nearest verb above the noun.
    int g = tree->head[noun];
    for (int guard = 0; g >= 0 && guard < n && s.words[g].upos != Upos::kVERB; ++guard)
      g = tree->head[g];
    if (g < 0 || g > v || s.words[g].upos != Upos::kVERB) continue;
    tree->Relink(v, g, Rel::kConj);
    tree->Relink(noun, v, Rel::kObj);
    tree->head[cc] = v;
  }
}

namespace {

bool IsSubordinator(std::string_view form) {
  for (std::string_view c :
       {"as", "while", "when", "because", "after", "before", "since", "until", "once"}) {
    if (EqualsLower(form, c)) return true;
  }
  return false;
}

}  // namespace

// "by a missile believed to be fired by rebels" (an ensemble parse) with "believed" an
// adverbial clause of the main verb. A past participle written right after a noun, with
// no subject, auxiliary, subordinator or comma of its own, is a reduced relative clause
// on that noun.
void ParticipleAfterANoun(const Sentence& s, WorkingTree* tree) {
  for (int v = 1; v < tree->size(); ++v) {
    const int noun = v - 1;
    if (s.words[v].upos != Upos::kVERB || s.words[v].xpos != "VBN" || tree->rel[v] != Rel::kAdvcl ||
        !IsNounUpos(s.words[noun].upos) || tree->Dominates(v, noun)) {
      continue;
    }
    bool own = false;
    for (int k = 0; k < tree->size() && !own; ++k) {
      // "came as the US leader prepared to attend": a subordinator parsed as the noun's
      // preposition makes the noun the participle's subject, not its head.
      if (tree->head[k] == noun && tree->rel[k] == Rel::kCase)
        own = IsSubordinator(s.words[k].form);
      if (tree->head[k] != v) continue;
      const Rel r = tree->rel[k];
      own = IsSubjectRel(r) || r == Rel::kAux || r == Rel::kAuxPass || r == Rel::kMark ||
            (k < v && r == Rel::kPunct);
    }
    if (!own) tree->Relink(v, noun, Rel::kAcl);
  }
}

}  // namespace dyad::coder::repair
