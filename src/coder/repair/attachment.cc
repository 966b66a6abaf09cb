// Tree repairs, attachment family: nominals hung on the wrong word — a possessive on a
// verb, a name cut from its preposition or its list, a subject cut off by a comma or
// read as a time, an object conjoined across its verb. See repair.h for the table they
// are rows of. Thread-safety: pure functions of their arguments.
#include <algorithm>
#include <array>

#include "coder/repair/repair.h"

namespace dyad::coder::repair {

// "in/case Michel/obl:unmarked Delving": an unmarked nominal (obl:unmarked, nmod:tmod)
// has no preposition; one that has is an ordinary attachment.
void UnmarkedNominalWithPreposition(const Sentence& s, WorkingTree* tree) {
  for (int i = 0; i < tree->size(); ++i) {
    const int h = tree->head[i];
    if (tree->rel[i] == Rel::kCase && h >= 0 && h < tree->size() && tree->rel[h] == Rel::kTmod &&
        s.words[i].upos == Upos::kADP) {
      tree->rel[h] = Rel::kObl;
    }
  }
}

// "dissolved the opposition party/obl:unmarked": an unmarked nominal is a time or a
// measure ("last June", "five miles"); a determined noun phrase right after a verb that
// has no object, headed by a noun that names no time or measure, is the verb's object.
void UnmarkedNominalAfterTheVerb(const Sentence& s, WorkingTree* tree) {
  static constexpr std::array<std::string_view, 8> kMeasure = {
      "percent", "mile", "miles", "way", "point", "points", "minute", "minutes"};
  for (int c = 1; c < tree->size(); ++c) {
    const int v = tree->head[c];
    if (v < 0 || v >= c || tree->rel[c] != Rel::kTmod || s.words[v].upos != Upos::kVERB) continue;
    if (s.words[c].upos != Upos::kNOUN || tree->HasChildWith(v, Rel::kObj)) continue;
    if (IsTimeNoun(s.words[c].form) ||
        std::any_of(kMeasure.begin(), kMeasure.end(),
                    [&](std::string_view m) { return EqualsLower(s.words[c].form, m); })) {
      continue;
    }
    // The phrase opens right after the verb with a determiner or a possessive ("the", "its").
    const int first = v + 1;
    if (tree->head[first] != c ||
        (tree->rel[first] != Rel::kDet && tree->rel[first] != Rel::kPoss)) {
      continue;
    }
    bool timed = false;  // "the same Tuesday": a time word anywhere in it
    for (int k = first; k < c; ++k) timed = timed || IsTimeNoun(s.words[k].form);
    if (!timed) tree->rel[c] = Rel::kObj;
  }
}

// "blamed each/det(Monday) other/amod(Monday) Monday": "each other" is the reciprocal
// pronoun phrase, the object of the verb before it ("other" heads it, UD's reading), never
// a modifier of the time or noun after it.
void ReciprocalInsideANoun(const Sentence& s, WorkingTree* tree) {
  for (int e = 1; e + 2 < tree->size(); ++e) {
    const int o = e + 1, x = tree->head[o];
    if (!EqualsLower(s.words[e].form, "each") || !EqualsLower(s.words[o].form, "other")) continue;
    if (x <= o || tree->head[e] != x) continue;
    const int v = tree->head[x];
    if (v < 0 || v >= e || s.words[v].upos != Upos::kVERB || tree->HasChildWith(v, Rel::kObj)) {
      continue;
    }
    tree->Relink(o, v, Rel::kObj);
    tree->Relink(e, o, Rel::kDet);
  }
}

// "Ithilen's/nmod:poss(warned) awful minister Calimehtar warned": a possessive cannot
// depend on a verb; it belongs to the verb's next nominal dependent before the verb.
// The same holds for a possessive read as one more subject or object of the verb
// ("Ithilen's/nsubj cabinet/nsubj warned"): a phrase marked by 's is a determiner,
// never an argument beside its own head.
void PossessiveOnAVerb(const Sentence& s, WorkingTree* tree) {
  for (int i = 0; i < tree->size(); ++i) {
    const int h = tree->head[i];
    if (h < 0 || h >= tree->size() || s.words[h].upos != Upos::kVERB) continue;
    const Rel rel = tree->rel[i];
    if (rel == Rel::kPoss) {
      for (int j = i + 1; j < h; ++j) {
        const Rel r = tree->rel[j];
        if (tree->head[j] == h && IsNominal(s.words[j].upos) &&
            (r == Rel::kSubj || r == Rel::kSubjPass || r == Rel::kObj || r == Rel::kObl)) {
          tree->head[i] = j;
          break;
        }
      }
      continue;
    }
    if (rel != Rel::kSubj && rel != Rel::kSubjPass && rel != Rel::kObj) continue;
    // The 's right after the phrase's head, then its owner: the next word of the same
    // role on the same verb, with nothing of the verb's own in between.
    const int marker = i + 1;
    if (marker >= tree->size() || tree->head[marker] != i || tree->rel[marker] != Rel::kCase ||
        s.words[marker].xpos != "POS") {
      continue;
    }
    for (int j = marker + 1; j < tree->size() && j != h; ++j) {
      if (tree->head[j] == h) {
        if (tree->rel[j] == rel && IsNominal(s.words[j].upos)) {
          tree->head[i] = j;
          tree->rel[i] = Rel::kPoss;
        }
        break;
      }
    }
  }
}

// "Before leaving for Beijing on Thursday, President Bush scheduled a speech" parsed with
// "Bush" a conjunct of "Thursday" across the comma, leaving the finite main verb without
// a subject. A finite verb has a subject; the noun phrase right before it, hung as a
// conjunct or apposition (with no conjunction) on a word before a comma, is it.
void SubjectAcrossComma(const Sentence& s, WorkingTree* tree) {
  const std::vector<int>& head = tree->head;
  const std::vector<Rel>& rel = tree->rel;
  for (int v = 1; v < tree->size(); ++v) {
    if (!IsFiniteVerb(s.words[v]) || tree->HasSubject(v)) continue;
    int x = v - 1;
    while (x >= 0 && head[x] == v && (rel[x] == Rel::kAdvmod || rel[x] == Rel::kAux)) --x;
    if (x < 0 || !IsNounUpos(s.words[x].upos)) continue;
    if (rel[x] != Rel::kConj && rel[x] != Rel::kAppos) continue;
    const int h = head[x];
    if (h < 0 || h > x || tree->Dominates(x, v)) continue;
    // The phrase of x starts after a comma that follows its head; no conjunction in it.
    int start = x;
    bool cc = false;
    for (int k = h + 1; k < x; ++k) {
      if (s.words[k].upos != Upos::kPUNCT && tree->Dominates(x, k)) {
        start = std::min(start, k);
        cc = cc || rel[k] == Rel::kCc;
      }
    }
    if (cc || start - 1 <= h || s.words[start - 1].form != ",") continue;
    tree->Relink(x, v, Rel::kSubj);
  }
}

// "called on Gondor late Sunday" parsed with the preposition on "Sunday" and the name an
// unmarked nominal inside that phrase: a preposition governs the nominal right after it,
// so the name takes it, and the attachment the phrase had.
void PrepositionBeforeName(const Sentence& s, WorkingTree* tree) {
  std::vector<int>& head = tree->head;
  std::vector<Rel>& rel = tree->rel;
  for (int c = 0; c + 1 < tree->size(); ++c) {
    const int h = head[c];
    const int x = c + 1;
    if (rel[c] != Rel::kCase || h <= x || head[h] < 0) continue;
    if (s.words[x].upos != Upos::kPROPN || rel[x] != Rel::kTmod) continue;
    // "on September/obl:tmod(2) 2": a date, as UD writes it, the day its head.
    if (IsCalendarName(s.words[x].form)) continue;
    if (head[x] < 0 || !tree->Dominates(h, head[x])) continue;
    head[c] = x;
    tree->Relink(x, head[h], Rel::kObl);
    if (rel[h] == Rel::kObl) rel[h] = Rel::kTmod;
  }
}

// "rescheduled his annual mushroom hunting trip in the White Downs" parsed with "hunting"
// an adverbial clause of the verb: a gerund right after the object noun, whose own object
// is a bare singular noun, is the middle of a noun compound ("weapons testing program"),
// part of the object's phrase. An adverbial gerund takes a full noun phrase ("attacked
// the village killing 10 people", "signed the deal ending the war").
void GerundInsideTheObject(const Sentence& s, WorkingTree* tree) {
  const std::vector<int>& head = tree->head;
  const std::vector<Rel>& rel = tree->rel;
  for (int v = 1; v + 1 < tree->size(); ++v) {
    const int g = head[v];
    const int before = v - 1;
    const int after = v + 1;
    if (s.words[v].upos != Upos::kVERB || s.words[v].xpos != "VBG" || rel[v] != Rel::kAdvcl)
      continue;
    if (g < 0 || head[before] != g || rel[before] != Rel::kObj ||
        s.words[before].upos != Upos::kNOUN) {
      continue;
    }
    if (head[after] != v || rel[after] != Rel::kObj || s.words[after].xpos != "NN") continue;
    bool plain = true;  // no subject, marker or auxiliary of its own; nothing before its object
    for (int k = 0; k < tree->size() && plain; ++k) {
      if (head[k] == v)
        plain = !IsSubjectRel(rel[k]) && rel[k] != Rel::kMark && rel[k] != Rel::kAux && k > v;
      if (head[k] == after) plain = k > after;
    }
    if (plain) tree->Relink(v, before, Rel::kAcl);
  }
}

// "Ukrainian lawmakers Tuesday endorsed an agreement" parsed with the day as the subject
// of "endorsed" (and "lawmakers" as a verb governing it). News writes the day between the
// subject and the verb; a day name is never the subject of an action verb there. The day
// becomes a time attachment, and the noun phrase right before it — even one the tagger
// took for a verb — the subject.
void DayBeforeTheVerb(const Sentence& s, WorkingTree* tree) {
  std::vector<int>& head = tree->head;
  std::vector<Rel>& rel = tree->rel;
  for (int d = 1; d + 1 < tree->size(); ++d) {
    const int v = d + 1;
    if (head[d] != v || rel[d] != Rel::kSubj || s.words[v].upos != Upos::kVERB) continue;
    if (!IsDayName(s.words[d].form)) continue;
    const int x = d - 1;
    const Upos u = s.words[x].upos;
    const bool nounlike = IsNounUpos(u) || (u == Upos::kVERB && s.words[x].form.back() == 's');
    rel[d] = Rel::kTmod;
    if (!nounlike || !tree->Dominates(x, v)) {
      // The name before the day is the subject when the parser hung it on the day
      // ("Arnor/compound(Tuesday) Tuesday attacked").
      if (nounlike && head[x] == d) tree->Relink(x, v, Rel::kSubj);
      continue;
    }
    // x governs the verb ("lawmakers/root Tuesday endorsed/ccomp"): the verb takes x's
    // place, x's dependents before it stay its modifiers.
    for (int k = 0; k < tree->size(); ++k) {
      if (k != v && head[k] == x && k > x) head[k] = v;
      if (head[k] == x && k < x && IsSubjectRel(rel[k])) rel[k] = Rel::kAmod;
    }
    tree->TakePlace(v, x);
    tree->Relink(x, v, Rel::kSubj);
    tree->verb[x] = 0;
  }
}

// "President obama/obl:unmarked expressed sorrow" (an ensemble parse): a finite verb
// without a subject (or auxiliary), right after an unmarked nominal that names somebody
// (a proper noun that is no day or month), takes that nominal as its subject;
// "Yesterday/Tuesday Arnor attacked" keeps its time.
void UnmarkedNameBeforeTheVerb(const Sentence& s, WorkingTree* tree) {
  for (int v = 1; v < tree->size(); ++v) {
    // VBN too: the tagger reads a past tense with no auxiliary as a participle.
    if (!IsFiniteVerb(s.words[v]) &&
        !(s.words[v].upos == Upos::kVERB && s.words[v].xpos == "VBN")) {
      continue;
    }
    const int t = v - 1;
    if (tree->head[t] != v || tree->rel[t] != Rel::kTmod || !IsNounUpos(s.words[t].upos)) continue;
    bool has_subject = false, name = false, time = false;
    for (int k = 0; k < tree->size(); ++k) {
      const Rel r = tree->rel[k];
      has_subject = has_subject || (tree->head[k] == v &&
                                    (IsSubjectRel(r) || r == Rel::kAux || r == Rel::kAuxPass));
      if (k > t || !tree->Dominates(t, k)) continue;
      if (IsDayOrMonthName(s.words[k].form))
        time = true;
      else if (s.words[k].upos == Upos::kPROPN)
        name = true;
    }
    if (!has_subject && name && !time) tree->rel[t] = Rel::kSubj;
  }
}

// "condemned an attack ... on Thursday and promised raids/conj(Thursday) to the
// villages": the noun right after a conjoined verb that has no object, itself conjoined
// (with no conjunction of its own) to a word before the verb, is the verb's object; the
// conjunction before the verb coordinates the verbs.
void ObjectConjoinedAcrossItsVerb(const Sentence& s, WorkingTree* tree) {
  for (int v = 1; v + 1 < tree->size(); ++v) {
    const int noun = v + 1;
    if (s.words[v].upos != Upos::kVERB || tree->rel[v] != Rel::kConj ||
        !IsNounUpos(s.words[noun].upos) || tree->rel[noun] != Rel::kConj || tree->head[noun] < 0 ||
        tree->head[noun] > v) {
      continue;
    }
    // An object of the verb, or a conjunction of the noun's own, blocks it.
    if (tree->HasChildWith(v, Rel::kObj) || tree->HasChildWith(noun, Rel::kCc)) continue;
    if (tree->Dominates(noun, v)) continue;
    tree->Relink(noun, v, Rel::kObj);
  }
}

// "Mordor/obl, the Shire/nsubj, Arnor and Bree welcomed ..." (an ensemble parse): a name
// with no preposition, hung on the verb right before its subject and separated from it by
// a comma only, while the subject heads a list of conjuncts, is the list's first member.
void ListHeadBeforeTheSubject(const Sentence& s, WorkingTree* tree) {
  const std::vector<int>& head = tree->head;
  const std::vector<Rel>& rel = tree->rel;
  const int n = tree->size();
  for (int x = 0; x + 2 < n; ++x) {
    const int v = head[x];
    if (v <= x || rel[x] != Rel::kObl || s.words[x].upos != Upos::kPROPN) continue;
    if (tree->HasChildWith(x, Rel::kCase)) continue;
    int subj = -1;
    for (int k = x + 1; k < v && subj < 0; ++k) {
      if (head[k] == v && rel[k] == Rel::kSubj) subj = k;
    }
    if (subj < 0) continue;
    bool listed = false;
    for (int k = subj + 1; k < v; ++k) listed = listed || (head[k] == subj && rel[k] == Rel::kConj);
    if (!listed) continue;
    // Between the name's phrase and the subject's phrase: one comma.
    int last = x, first = subj;
    for (int k = 0; k < n; ++k) {
      if (s.words[k].upos == Upos::kPUNCT) continue;
      if (k > last && k < subj && tree->Dominates(x, k)) last = k;
      if (k < first && k > x && tree->Dominates(subj, k)) first = k;
    }
    if (first != last + 2 || s.words[last + 1].form != ",") continue;
    tree->Relink(x, subj, Rel::kConj);
  }
}

}  // namespace dyad::coder::repair
