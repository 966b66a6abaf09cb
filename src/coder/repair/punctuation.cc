// Tree repairs, punctuation family: words the parser hung on, or tore apart at,
// punctuation — a nominal attached to the final period, the pieces of a hyphenated
// modifier parsed as phrases of their own. See repair.h for the table they are rows of.
// Thread-safety: pure functions of their arguments.
#include "coder/repair/repair.h"

namespace dyad::coder::repair {

// "promised raids/punct(.) to the villages", "cordoned off for construction the
// roads/punct(.)": punctuation has no dependents and a noun is never punctuation. Such a
// nominal is the object of the nearest verb before it, when that verb has none and every
// word between them belongs to the verb's or the nominal's phrase.
void PunctuationAttachedNominals(const Sentence& s, WorkingTree* tree) {
  const std::vector<int>& head = tree->head;
  const int n = tree->size();
  for (int i = 0; i < n; ++i) {
    const int h = head[i];
    if (!IsNounUpos(s.words[i].upos)) continue;
    if (tree->rel[i] != Rel::kPunct && (h < 0 || s.words[h].upos != Upos::kPUNCT)) continue;
    // A nominal followed by a finite verb of its own that has no subject is that verb's
    // subject ("said such a step/punct(.) enjoyed/acl(step) support"), not an object.
    bool subject = false;
    for (int k = i + 1; k < n && !subject; ++k) subject = head[k] == i && IsFiniteVerb(s.words[k]);
    if (subject) continue;
    int v = i - 1;
    while (v >= 0 && s.words[v].upos != Upos::kVERB) --v;
    if (v < 0) continue;
    bool ok = !tree->HasChildWith(v, Rel::kObj);
    for (int k = v + 1; k < i && ok; ++k) ok = tree->Dominates(v, k) || tree->Dominates(i, k);
    if (!ok || tree->Dominates(i, v)) continue;
    tree->Relink(i, v, Rel::kObj);
  }
}

namespace {

bool IsHyphen(const Word& w) { return w.form == "-" || w.xpos == "HYPH"; }

// The piece of the hyphenated chain [first, last] that carries the chain's relation to
// the rest of the sentence (not to `noun`), or -1.
int ChainAnchor(const Sentence& s, const WorkingTree& tree, int first, int last, int noun) {
  for (int k = first; k <= last; ++k) {
    const int h = tree.head[k];
    if ((h < first || h > last) && h != noun && !IsHyphen(s.words[k])) return k;
  }
  return -1;
}

}  // namespace

// "by a BAK surface/obl:agent(blown) - to - air missile/parataxis(blown)": UD v2 splits
// hyphenated words, and the parser may attach the pieces as phrases of their own. A
// hyphenated word written right before a noun is that noun's prenominal modifier
// ("Moscow-based bank", "military-ruled Myanmar"): the noun takes the relation the
// hyphenated word had, with its determiners and preposition, and the pieces become the
// noun's compounds (amod for verbs and adjectives, punct for the hyphens).
void HyphenatedModifiers(const Sentence& s, WorkingTree* tree) {
  std::vector<int>& head = tree->head;
  const int n = tree->size();
  auto hyphen = [&](int w) { return IsHyphen(s.words[w]); };
  for (int a = 0; a < n;) {
    // The chain [a, b]: words written together, a hyphen between each two.
    int b = a;
    while (b + 2 < n && Glued(s, b) && Glued(s, b + 1) && hyphen(b + 1) && !hyphen(b + 2)) b += 2;
    if (b == a || hyphen(a)) {
      a = b + 1;
      continue;
    }
    const int noun = b + 1;
    const int first = a;
    a = b + 1;
    if (noun >= n || Glued(s, b) || !IsNounUpos(s.words[noun].upos)) continue;
    // A noun that itself modifies a later word ("Al Qaeda-linked Somali/compound(group)
    // militant group") is not the head the hyphenated word modifies.
    if (head[noun] > noun) continue;
    const int c = ChainAnchor(s, *tree, first, b, noun);
    if (c < 0 || head[c] < 0 || tree->Dominates(noun, head[c])) continue;
    tree->Relink(noun, head[c], tree->rel[c]);
    for (int k = 0; k < first; ++k) {
      if (head[k] >= first && head[k] <= b) head[k] = noun;
    }
    for (int k = first; k <= b; ++k) {
      if (head[k] >= first && head[k] <= b) continue;
      const Upos u = s.words[k].upos;
      tree->Relink(k, noun,
                   hyphen(k)                               ? Rel::kPunct
                   : (u == Upos::kVERB || u == Upos::kADJ) ? Rel::kAmod
                                                           : Rel::kCompound);
    }
  }
}

}  // namespace dyad::coder::repair
