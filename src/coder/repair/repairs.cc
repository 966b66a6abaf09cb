// Tree repairs: before the coder reads a tree, put back constructions that English grammar
// rules out and that dyad's parser is known to produce (see the design notes in coder.cc).
// Thread-safety: the functions are static and touch only the caller's scratch.
#include <string>

#include "coder/coder_internal.h"

namespace dyad::coder {

namespace {

bool IsNominal(Upos u) {
  return u == Upos::kNOUN || u == Upos::kPROPN || u == Upos::kPRON || u == Upos::kNUM ||
         u == Upos::kADJ || u == Upos::kX || u == Upos::kSYM;
}

}  // namespace
namespace {

bool IsNominalUpos(Upos u) { return u == Upos::kNOUN || u == Upos::kPROPN; }

// Does `a` dominate (or equal) `w` in the working tree? Bounded by the sentence length,
// so a cyclic (malformed) tree answers false instead of looping.
bool Reaches(const std::vector<int>& head, int a, int w, int n) {
  for (int guard = 0; w >= 0 && guard <= n; ++guard) {
    if (w == a) return true;
    w = head[w];
  }
  return false;
}

bool IsSubjectRel(Rel r) { return r == Rel::kSubj || r == Rel::kSubjPass || r == Rel::kCsubj; }

}  // namespace

// Repair: punctuation has no dependents and a noun is never punctuation, yet dyad's
// parser sometimes hangs a nominal on the final period ("promised raids/punct(.) to the
// villages", "cordoned off for construction the roads/punct(.)"). Such a nominal is the
// object of the nearest verb before it, when that verb has none and every word between
// them belongs to the verb's or the nominal's phrase.
void Coder::Impl::RepairPunctuationAttachedNominals(const Sentence& s, int n,
                                                    CoderScratch::Impl* sc) {
  for (int i = 0; i < n; ++i) {
    const int h = sc->head[i];
    if (!IsNominalUpos(s.words[i].upos)) continue;
    if (sc->rel[i] != Rel::kPunct && (h < 0 || s.words[h].upos != Upos::kPUNCT)) continue;
    // A nominal followed by a finite verb of its own that has no subject is that verb's
    // subject ("said such a step/punct(.) enjoyed/acl(step) support"), not an object.
    bool subject = false;
    for (int k = i + 1; k < n && !subject; ++k) {
      const std::string& x = s.words[k].xpos;
      subject = sc->head[k] == i && s.words[k].upos == Upos::kVERB &&
                (x == "VBD" || x == "VBZ" || x == "VBP");
    }
    if (subject) continue;
    int v = i - 1;
    while (v >= 0 && s.words[v].upos != Upos::kVERB) --v;
    if (v < 0) continue;
    bool ok = true;
    for (int k = 0; k < n && ok; ++k) {
      if (sc->head[k] == v && sc->rel[k] == Rel::kObj) ok = false;
    }
    for (int k = v + 1; k < i && ok; ++k) {
      ok = Reaches(sc->head, v, k, n) || Reaches(sc->head, i, k, n);
    }
    if (!ok || Reaches(sc->head, i, v, n)) continue;
    sc->head[i] = v;
    sc->rel[i] = Rel::kObj;
  }
}

// Repair: UD v2 tokenization splits hyphenated words ("surface - to - air", written
// without blanks), and the parser may then attach the pieces as phrases of their own:
// "by a BAK surface/obl:agent(blown) - to - air missile/parataxis(blown)". A hyphenated
// word written right before a noun is that noun's prenominal modifier, as English writes
// them ("Moscow-based bank", "military-ruled Myanmar"): the noun takes the relation the
// hyphenated word had, with its determiners and preposition, and the pieces become the
// noun's compounds.
void Coder::Impl::RepairHyphenatedModifiers(const Sentence& s, int n, CoderScratch::Impl* sc) {
  auto glued = [&](int w) {
    const uint32_t t = s.words[w].token;
    return t < s.tokens.size() && !s.tokens[t].space_after && s.tokens[t].word_count == 1;
  };
  auto hyphen = [&](int w) { return s.words[w].form == "-" || s.words[w].xpos == "HYPH"; };
  for (int a = 0; a < n;) {
    // The chain [a, b]: words written together, a hyphen between each two.
    int b = a;
    while (b + 2 < n && glued(b) && glued(b + 1) && hyphen(b + 1) && !hyphen(b + 2)) b += 2;
    if (b == a || hyphen(a)) {
      a = b + 1;
      continue;
    }
    const int noun = b + 1;
    const int first = a;
    a = b + 1;
    if (noun >= n || glued(b) || !IsNominalUpos(s.words[noun].upos)) continue;
    // A noun that itself modifies a later word ("Al Qaeda-linked Somali/compound(group)
    // militant group") is not the head the hyphenated word modifies.
    if (sc->head[noun] > noun) continue;
    // The piece that carries the chain's relation to the rest of the sentence.
    int c = -1;
    for (int k = first; k <= b; ++k) {
      const int h = sc->head[k];
      if ((h < first || h > b) && h != noun && !hyphen(k)) {
        c = k;
        break;
      }
    }
    if (c < 0 || sc->head[c] < 0 || Reaches(sc->head, noun, sc->head[c], n)) continue;
    sc->head[noun] = sc->head[c];
    sc->rel[noun] = sc->rel[c];
    for (int k = 0; k < first; ++k) {
      const int h = sc->head[k];
      if (h >= first && h <= b) sc->head[k] = noun;
    }
    for (int k = first; k <= b; ++k) {
      const int h = sc->head[k];
      if (h < first || h > b) {
        sc->head[k] = noun;
        const Upos u = s.words[k].upos;
        sc->rel[k] = hyphen(k)                                   ? Rel::kPunct
                     : (u == Upos::kVERB || u == Upos::kADJ) ? Rel::kAmod
                                                                 : Rel::kCompound;
      }
    }
  }
}

// Repair: "called on Gondor late Sunday" parsed with the preposition on "Sunday" and the
// name an unmarked nominal inside that phrase: a preposition governs the nominal right
// after it, so the name takes it, and the attachment the phrase had.
void Coder::Impl::RepairPrepositionBeforeName(const Sentence& s, int n, CoderScratch::Impl* sc) {
  for (int c = 0; c + 1 < n; ++c) {
    const int h = sc->head[c];
    const int x = c + 1;
    if (sc->rel[c] != Rel::kCase || h <= x || sc->head[h] < 0) continue;
    if (s.words[x].upos != Upos::kPROPN || sc->rel[x] != Rel::kTmod) continue;
    if (sc->head[x] < 0 || !Reaches(sc->head, h, sc->head[x], n)) continue;
    sc->head[c] = x;
    sc->head[x] = sc->head[h];
    sc->rel[x] = Rel::kObl;
    if (sc->rel[h] == Rel::kObl) sc->rel[h] = Rel::kTmod;
  }
}

// Repair: "Arnor will abandon improved economic relations" parsed with "abandon" an
// adverb of "improved": a verb with an auxiliary heads a clause, it modifies no verb.
// It takes the participle's place and dependents, and the participle modifies its
// former object, the noun phrase right after it.
void Coder::Impl::RepairAuxiliaryVerbAsAdverb(const Sentence& s, int n, CoderScratch::Impl* sc) {
  for (int v = 0; v + 2 < n; ++v) {
    const int h = v + 1;
    if (s.words[v].upos != Upos::kVERB || sc->rel[v] != Rel::kAdvmod || sc->head[v] != h) continue;
    if (s.words[h].upos != Upos::kVERB || (s.words[h].xpos != "VBN" && s.words[h].xpos != "VBD")) {
      continue;
    }
    bool aux = false;
    int obj = -1;
    for (int k = 0; k < n; ++k) {
      aux = aux || (sc->head[k] == v && sc->rel[k] == Rel::kAux);
      if (obj < 0 && k > h && sc->head[k] == h && sc->rel[k] == Rel::kObj) obj = k;
    }
    if (!aux || obj < 0) continue;
    bool adjacent = true;  // the object's phrase starts right after the participle
    for (int k = h + 1; k < obj && adjacent; ++k) adjacent = Reaches(sc->head, obj, k, n);
    if (!adjacent) continue;
    for (int k = 0; k < n; ++k) {
      if (k != v && sc->head[k] == h) sc->head[k] = v;
    }
    sc->head[v] = sc->head[h];
    sc->rel[v] = sc->rel[h];
    sc->head[h] = obj;
    sc->rel[h] = Rel::kAmod;
  }
  // The same phrase parsed the other way round, "abandon improved/xcomp relations/obj":
  // a bare participle (no "to", subject or auxiliary) between a verb with an auxiliary
  // and the noun phrase after it modifies that noun phrase, the verb's object.
  for (int v = 0; v + 2 < n; ++v) {
    const int h = v + 1;
    if (s.words[v].upos != Upos::kVERB || s.words[h].upos != Upos::kVERB || sc->head[h] != v ||
        (sc->rel[h] != Rel::kXcomp && sc->rel[h] != Rel::kCcomp) ||
        (s.words[h].xpos != "VBN" && s.words[h].xpos != "VBD")) {
      continue;
    }
    bool aux = false, own = false, has_obj = false;
    int obj = -1;
    for (int k = 0; k < n; ++k) {
      aux = aux || (sc->head[k] == v && sc->rel[k] == Rel::kAux);
      has_obj = has_obj || (sc->head[k] == v && sc->rel[k] == Rel::kObj);
      if (sc->head[k] != h) continue;
      const Rel r = sc->rel[k];
      own = own || IsSubjectRel(r) || r == Rel::kMark || r == Rel::kAux || r == Rel::kAuxPass;
      if (obj < 0 && k > h && r == Rel::kObj) obj = k;
    }
    if (!aux || own || has_obj || obj < 0) continue;
    bool adjacent = true;
    for (int k = h + 1; k < obj && adjacent; ++k) adjacent = Reaches(sc->head, obj, k, n);
    if (!adjacent) continue;
    for (int k = 0; k < n; ++k) {
      if (k != obj && sc->head[k] == h) sc->head[k] = v;
    }
    sc->head[obj] = v;
    sc->rel[obj] = Rel::kObj;
    sc->head[h] = obj;
    sc->rel[h] = Rel::kAmod;
  }
}

// Repair: "condemned an attack ... on Thursday and promised raids/conj(Thursday) to the
// villages": the noun right after a conjoined verb that has no object, itself conjoined
// (with no conjunction of its own) to a word before the verb, is the verb's object; the
// conjunction before the verb coordinates the verbs.
void Coder::Impl::RepairObjectConjoinedAcrossItsVerb(const Sentence& s, int n,
                                                     CoderScratch::Impl* sc) {
  for (int v = 1; v + 1 < n; ++v) {
    const int noun = v + 1;
    if (s.words[v].upos != Upos::kVERB || sc->rel[v] != Rel::kConj ||
        !IsNominalUpos(s.words[noun].upos) || sc->rel[noun] != Rel::kConj ||
        sc->head[noun] < 0 || sc->head[noun] > v) {
      continue;
    }
    bool blocked = false;  // an object of the verb, or a conjunction of the noun's own
    for (int k = 0; k < n && !blocked; ++k) {
      blocked = (sc->head[k] == v && sc->rel[k] == Rel::kObj) ||
                (sc->head[k] == noun && sc->rel[k] == Rel::kCc);
    }
    if (blocked || Reaches(sc->head, noun, v, n)) continue;
    sc->head[noun] = v;
    sc->rel[noun] = Rel::kObj;
  }
}

// Repair: "rescheduled his annual mushroom hunting trip in the White Downs" parsed with
// "hunting" an adverbial clause of the verb: a gerund right after the object noun, whose
// own object is a bare singular noun, is the middle of a noun compound ("weapons testing
// program"), part of the object's phrase. An adverbial gerund takes a full noun phrase
// ("attacked the village killing 10 people", "signed the deal ending the war").
void Coder::Impl::RepairGerundInsideTheObject(const Sentence& s, int n, CoderScratch::Impl* sc) {
  for (int v = 1; v + 1 < n; ++v) {
    const int g = sc->head[v];
    const int before = v - 1;
    const int after = v + 1;
    if (s.words[v].upos != Upos::kVERB || s.words[v].xpos != "VBG" || sc->rel[v] != Rel::kAdvcl) {
      continue;
    }
    if (g < 0 || sc->head[before] != g || sc->rel[before] != Rel::kObj ||
        s.words[before].upos != Upos::kNOUN) {
      continue;
    }
    if (sc->head[after] != v || sc->rel[after] != Rel::kObj || s.words[after].xpos != "NN") continue;
    bool plain = true;  // no subject, marker or auxiliary of its own; nothing before its object
    for (int k = 0; k < n && plain; ++k) {
      if (sc->head[k] == v) {
        const Rel r = sc->rel[k];
        plain = !IsSubjectRel(r) && r != Rel::kMark && r != Rel::kAux && k > v;
      }
      if (sc->head[k] == after) plain = k > after;
    }
    if (!plain) continue;
    sc->head[v] = before;
    sc->rel[v] = Rel::kAcl;
  }
}

// Repair: "The government announced asset freezes and bans on travel" with "bans" tagged
// as a verb conjoined to "announced": verbs that share a subject share their tense, so a
// present-tense conjunct of a past-tense verb (VBD, or VBN: the tagger confuses the
// two), right after the verb's object and a conjunction and with no object of its own,
// is a noun conjoined to that object.
void Coder::Impl::RepairPresentTenseNounConjunct(const Sentence& s, int n,
                                                 CoderScratch::Impl* sc) {
  for (int v = 2; v < n; ++v) {
    const int g = sc->head[v];
    if (s.words[v].upos != Upos::kVERB || s.words[v].xpos != "VBZ" || sc->rel[v] != Rel::kConj ||
        g < 0 || g > v || (s.words[g].xpos != "VBD" && s.words[g].xpos != "VBN")) {
      continue;
    }
    const int cc = v - 1;
    const int obj = cc - 1;
    if (sc->head[cc] != v || sc->rel[cc] != Rel::kCc) continue;
    bool own = false;  // a subject, auxiliary or object of its own makes it a verb
    for (int k = 0; k < n && !own; ++k) {
      if (sc->head[k] != v) continue;
      const Rel r = sc->rel[k];
      own = IsSubjectRel(r) || r == Rel::kAux || r == Rel::kObj;
    }
    if (own || sc->head[obj] != g || sc->rel[obj] != Rel::kObj || !IsNominalUpos(s.words[obj].upos)) {
      continue;
    }
    sc->head[v] = obj;
    sc->verb[v] = 0;
  }
}

// Repair: "The civilians imprisoned for acting against Moscow were released by Putin"
// parsed with "imprisoned" the main verb and "released" a clause under it. A finite
// auxiliary needs a subject; when its verb has none while the root before it is a past
// participle (or a past form, which the tagger confuses with it) with a subject, the root
// is a reduced relative clause on that subject and the auxiliary's verb the main verb.
void Coder::Impl::RepairReducedRelative(const Sentence& s, int n, CoderScratch::Impl* sc) {
  int root = -1;
  for (int i = 0; i < n; ++i) {
    if (sc->head[i] < 0) {
      if (root >= 0) return;
      root = i;
    }
  }
  if (root < 0 || s.words[root].upos != Upos::kVERB ||
      (s.words[root].xpos != "VBN" && s.words[root].xpos != "VBD")) {
    return;
  }
  int subj = -1;
  for (int k = 0; k < root; ++k) {
    if (sc->head[k] != root) continue;
    if (sc->rel[k] == Rel::kSubj) subj = k;
    // "have postponed ... after a halfling was reported": a root with an auxiliary of
    // its own is finite, no reduced relative.
    if (sc->rel[k] == Rel::kAux || sc->rel[k] == Rel::kAuxPass) return;
  }
  if (subj < 0) return;
  for (int v = root + 1; v < n; ++v) {
    if (s.words[v].upos != Upos::kVERB || !Reaches(sc->head, root, v, n)) continue;
    int aux = -1;
    bool has_subject = false;
    for (int k = 0; k < n; ++k) {
      if (sc->head[k] != v) continue;
      has_subject = has_subject || IsSubjectRel(sc->rel[k]);
      if (k < v && (sc->rel[k] == Rel::kAux || sc->rel[k] == Rel::kAuxPass)) {
        const std::string_view f = s.words[k].form;
        if (f == "was" || f == "were" || f == "is" || f == "are" || f == "has" || f == "have" ||
            f == "had") {
          aux = k;
        }
      }
    }
    if (aux < 0 || has_subject) continue;
    // The auxiliary opens the clause after the root's phrase: nothing between the
    // subject and the auxiliary belongs to any other clause.
    bool inside = true;
    for (int k = subj + 1; k < aux && inside; ++k) inside = Reaches(sc->head, root, k, n);
    if (!inside) return;
    const bool passive = sc->rel[aux] == Rel::kAuxPass;
    sc->head[v] = -1;
    sc->rel[v] = Rel::kRoot;
    sc->head[subj] = v;
    sc->rel[subj] = passive ? Rel::kSubjPass : Rel::kSubj;
    sc->head[root] = subj;
    sc->rel[root] = Rel::kAcl;
    return;
  }
}

// Repair: "Ukrainian lawmakers Tuesday endorsed an agreement" parsed with the day as the
// subject of "endorsed" (and "lawmakers" as a verb governing it). News writes the day
// between the subject and the verb; a day name is never the subject of an action verb
// there. The day becomes a time attachment, and the noun phrase right before it — even
// one the tagger took for a verb — the subject.
void Coder::Impl::RepairDayBeforeTheVerb(const Sentence& s, int n, CoderScratch::Impl* sc) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (int d = 1; d + 1 < n; ++d) {
    const int v = d + 1;
    if (sc->head[d] != v || sc->rel[d] != Rel::kSubj || s.words[v].upos != Upos::kVERB) continue;
    std::string day(s.words[d].form);
    for (char& c : day) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::find(kDays.begin(), kDays.end(), day) == kDays.end()) continue;
    const int x = d - 1;
    const Upos u = s.words[x].upos;
    const bool nounlike = IsNominalUpos(u) || (u == Upos::kVERB && s.words[x].form.back() == 's');
    if (!nounlike || !Reaches(sc->head, x, v, n)) {
      // The day is no subject. The name before it is, when the parser hung it on the day
      // ("Arnor/compound(Tuesday) Tuesday attacked").
      sc->rel[d] = Rel::kTmod;
      if (nounlike && sc->head[x] == d) {
        sc->head[x] = v;
        sc->rel[x] = Rel::kSubj;
      }
      continue;
    }
    // x governs the verb ("lawmakers/root Tuesday endorsed/ccomp"): the verb takes x's
    // place, x's dependents before it stay its modifiers.
    sc->rel[d] = Rel::kTmod;
    const int xh = sc->head[x];
    const Rel xr = sc->rel[x];
    for (int k = 0; k < n; ++k) {
      if (k != v && sc->head[k] == x && k > x) sc->head[k] = v;
      if (sc->head[k] == x && k < x && IsSubjectRel(sc->rel[k])) sc->rel[k] = Rel::kAmod;
    }
    sc->head[v] = xh;
    sc->rel[v] = xh < 0 ? Rel::kRoot : xr;
    sc->head[x] = v;
    sc->rel[x] = Rel::kSubj;
    sc->verb[x] = 0;
  }
}

// Repair: "The US Secretary of state wants to help Israel" tagged with "wants" a plural
// noun, leaving a sentence with no clause at all. When a sentence has neither a subject
// nor a finite verb, a plural noun attached to the root noun and followed by its own
// "to" infinitive is the present-tense verb (as headlines write "US plans to help"):
// it becomes the root, the root noun phrase its subject, the infinitive its complement.
void Coder::Impl::RepairPluralNounMainVerb(const Sentence& s, int n, CoderScratch::Impl* sc) {
  int root = -1;
  for (int i = 0; i < n; ++i) {
    const std::string& x = s.words[i].xpos;
    if (IsSubjectRel(sc->rel[i]) || x == "VBD" || x == "VBZ" || x == "VBP" || x == "MD") return;
    if (sc->head[i] < 0) {
      if (root >= 0) return;
      root = i;
    }
  }
  if (root < 0 || !IsNominalUpos(s.words[root].upos)) return;
  for (int v = root + 2; v + 2 < n; ++v) {
    const Word& w = s.words[v];
    if (w.upos != Upos::kNOUN || w.xpos != "NNS" || sc->head[v] != root || sc->rel[v] != Rel::kObl) {
      continue;
    }
    const int comp = v + 2;  // "wants to help": the infinitive right after its "to"
    if (sc->head[comp] != v || s.words[comp].upos != Upos::kVERB || sc->head[v + 1] != comp ||
        sc->rel[v + 1] != Rel::kMark || sc->views[v + 1] != "to") {
      continue;
    }
    // The noun's own modifiers before it ("of state wants") are an attachment of the
    // root: the noun right before it heads them.
    const int prev = v - 1;
    bool own = false;
    for (int k = root + 1; k < v; ++k) own = own || sc->head[k] == v;
    if (own) {
      if (sc->head[prev] != v || !IsNominalUpos(s.words[prev].upos)) continue;
      for (int k = root + 1; k < prev; ++k) {
        if (sc->head[k] == v) sc->head[k] = prev;
      }
      sc->head[prev] = root;
      sc->rel[prev] = Rel::kObl;
    }
    sc->head[v] = -1;
    sc->rel[v] = Rel::kRoot;
    sc->head[root] = v;
    sc->rel[root] = Rel::kSubj;
    sc->rel[comp] = Rel::kXcomp;
    sc->verb[v] = 1;
    return;
  }
}

// Repair: "Syrian rebels engaged peacekeepers on Saturday, military officials said"
// parsed with "said" as the root and the news as its complement (ccomp or advcl). A
// reporting clause written after the news, past a comma, attributes it: EWT makes the
// news the root and the reporting verb its parataxis, and codes the news, not a
// statement about it. Only a clause with a subject of its own and no subordinator
// ("after ...", "because ...", "that ...") is the news.
void Coder::Impl::RepairPostposedReportingClause(const Sentence& s, int n,
                                                 CoderScratch::Impl* sc) {
  for (int v = 2; v < n; ++v) {
    if (s.words[v].upos != Upos::kVERB) continue;
    int subj = -1;
    for (int k = 0; k < v; ++k) {
      if (sc->head[k] == v && sc->rel[k] == Rel::kSubj) subj = k;
    }
    if (subj < 0) continue;
    for (int c = 0; c < subj; ++c) {
      if (sc->head[c] != v || (sc->rel[c] != Rel::kCcomp && sc->rel[c] != Rel::kAdvcl)) continue;
      bool comma = false;  // between the news's verb and the reporter
      for (int k = c + 1; k < subj && !comma; ++k) comma = s.words[k].form == ",";
      if (!comma) continue;
      bool has_subject = false, marked = false;
      for (int k = 0; k < n; ++k) {
        if (sc->head[k] != c) continue;
        has_subject = has_subject || IsSubjectRel(sc->rel[k]);
        marked = marked || sc->rel[k] == Rel::kMark;
      }
      if (!has_subject || marked) continue;
      sc->head[c] = sc->head[v];
      sc->rel[c] = sc->head[v] < 0 ? Rel::kRoot : sc->rel[v];
      sc->head[v] = c;
      sc->rel[v] = Rel::kParataxis;
      break;
    }
  }
}

// Repair: "Arnor believes Dagolath and Osgiliath can cope" parsed with "believes" as a
// second subject of "cope". A finite verb with a subject of its own is no subject: it is
// the main verb, and the clause it was hung on its complement.
void Coder::Impl::RepairFiniteVerbAsSubject(const Sentence& s, int n, CoderScratch::Impl* sc) {
  for (int w = 1; w < n; ++w) {
    const std::string& x = s.words[w].xpos;
    const int v = sc->head[w];
    if (s.words[w].upos != Upos::kVERB || (x != "VBZ" && x != "VBD" && x != "VBP") ||
        sc->rel[w] != Rel::kSubj || v <= w) {
      continue;
    }
    bool own = false, other = false;
    for (int k = 0; k < n; ++k) {
      own = own || (k < w && sc->head[k] == w && sc->rel[k] == Rel::kSubj);
      other = other || (k > w && k < v && sc->head[k] == v && IsSubjectRel(sc->rel[k]));
    }
    if (!own || !other) continue;
    sc->head[w] = sc->head[v];
    sc->rel[w] = sc->head[v] < 0 ? Rel::kRoot : sc->rel[v];
    sc->head[v] = w;
    sc->rel[v] = Rel::kCcomp;
  }
}

// Repair: "condemned an attack ... on Thursday and promised/amod aid/conj(Thursday)": a
// past form right after a conjunction, read as the modifier of the noun after it, which
// is conjoined to a noun. "and promised aid" coordinates a verb phrase: the verb is a
// conjunct of the verb above, the noun its object.
void Coder::Impl::RepairCoordinatedVerbAsModifier(const Sentence& s, int n,
                                                  CoderScratch::Impl* sc) {
  for (int v = 1; v + 1 < n; ++v) {
    const int noun = v + 1;
    const int cc = v - 1;
    const std::string& x = s.words[v].xpos;
    if (s.words[v].upos != Upos::kVERB || (x != "VBD" && x != "VBN") || sc->rel[v] != Rel::kAmod ||
        sc->head[v] != noun || sc->rel[noun] != Rel::kConj || sc->head[cc] != noun ||
        sc->rel[cc] != Rel::kCc) {
      continue;
    }
    int g = sc->head[noun];
    for (int guard = 0; g >= 0 && guard < n && s.words[g].upos != Upos::kVERB; ++guard) g = sc->head[g];
    if (g < 0 || g > v || s.words[g].upos != Upos::kVERB) continue;
    sc->head[v] = g;
    sc->rel[v] = Rel::kConj;
    sc->head[noun] = v;
    sc->rel[noun] = Rel::kObj;
    sc->head[cc] = v;
  }
}

// Repair: "President obama/obl:unmarked expressed sorrow" (an ensemble parse): a finite
// verb without a subject (or auxiliary), right after an unmarked nominal that names somebody (a proper
// noun that is no day or month), takes that nominal as its subject; "Yesterday/Tuesday
// Arnor attacked" keeps its time.
void Coder::Impl::RepairUnmarkedNameBeforeTheVerb(const Sentence& s, int n,
                                                  CoderScratch::Impl* sc) {
  static constexpr std::array<std::string_view, 19> kTimes = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
      "january", "february", "march", "april", "may", "june", "july", "august",
      "september", "october", "november", "december"};
  for (int v = 1; v < n; ++v) {
    const std::string& x = s.words[v].xpos;
    // VBN too: the tagger reads a past tense with no auxiliary as a participle.
    if (s.words[v].upos != Upos::kVERB || (x != "VBD" && x != "VBZ" && x != "VBP" && x != "VBN")) {
      continue;
    }
    const int t = v - 1;
    if (sc->head[t] != v || sc->rel[t] != Rel::kTmod || !IsNominalUpos(s.words[t].upos)) continue;
    bool has_subject = false, name = false, time = false;
    for (int k = 0; k < n; ++k) {
      has_subject = has_subject || (sc->head[k] == v && (IsSubjectRel(sc->rel[k]) ||
                                                         sc->rel[k] == Rel::kAux ||
                                                         sc->rel[k] == Rel::kAuxPass));
      if (k > t || !Reaches(sc->head, t, k, n)) continue;
      std::string w(sc->views[k]);
      if (std::find(kTimes.begin(), kTimes.end(), w) != kTimes.end()) time = true;
      else if (s.words[k].upos == Upos::kPROPN) name = true;
    }
    if (has_subject || !name || time) continue;
    sc->rel[t] = Rel::kSubj;
  }
}

// Repair: "by a missile believed to be fired by rebels" (an ensemble parse) with
// "believed" an adverbial clause of the main verb. A past participle written right after
// a noun, with no subject, auxiliary, subordinator or comma of its own, is a reduced
// relative clause on that noun.
void Coder::Impl::RepairParticipleAfterANoun(const Sentence& s, int n, CoderScratch::Impl* sc) {
  for (int v = 1; v < n; ++v) {
    const int noun = v - 1;
    if (s.words[v].upos != Upos::kVERB || s.words[v].xpos != "VBN" || sc->rel[v] != Rel::kAdvcl ||
        !IsNominalUpos(s.words[noun].upos) || Reaches(sc->head, v, noun, n)) {
      continue;
    }
    bool own = false;
    for (int k = 0; k < n && !own; ++k) {
      // "came as the US leader prepared to attend": a subordinator parsed as the noun's
      // preposition makes the noun the participle's subject, not its head.
      if (sc->head[k] == noun && sc->rel[k] == Rel::kCase) {
        const std::string_view c = sc->views[k];
        own = c == "as" || c == "while" || c == "when" || c == "because" || c == "after" ||
              c == "before" || c == "since" || c == "until" || c == "once";
      }
      if (sc->head[k] != v) continue;
      const Rel r = sc->rel[k];
      own = IsSubjectRel(r) || r == Rel::kAux || r == Rel::kAuxPass || r == Rel::kMark ||
            (k < v && r == Rel::kPunct);
    }
    if (own) continue;
    sc->head[v] = noun;
    sc->rel[v] = Rel::kAcl;
  }
}

// Repair: "Mordor/obl, the Shire/nsubj, Arnor and Bree welcomed ..." (an ensemble parse):
// a name with no preposition, hung on the verb right before its subject and separated
// from it by a comma only, while the subject heads a list of conjuncts, is the list's
// first member.
void Coder::Impl::RepairListHeadBeforeTheSubject(const Sentence& s, int n,
                                                 CoderScratch::Impl* sc) {
  for (int x = 0; x + 2 < n; ++x) {
    const int v = sc->head[x];
    if (v <= x || sc->rel[x] != Rel::kObl || s.words[x].upos != Upos::kPROPN) continue;
    int subj = -1;
    bool listed = false, has_case = false;
    for (int k = 0; k < n; ++k) {
      if (sc->head[k] == x && sc->rel[k] == Rel::kCase) has_case = true;
      if (k > x && k < v && sc->head[k] == v && sc->rel[k] == Rel::kSubj && subj < 0) subj = k;
    }
    if (has_case || subj < 0) continue;
    for (int k = subj + 1; k < v; ++k) listed = listed || (sc->head[k] == subj && sc->rel[k] == Rel::kConj);
    if (!listed) continue;
    // Between the name's phrase and the subject's phrase: one comma.
    int last = x, first = subj;
    for (int k = 0; k < n; ++k) {
      if (s.words[k].upos == Upos::kPUNCT) continue;
      if (k > last && k < subj && Reaches(sc->head, x, k, n)) last = k;
      if (k < first && k > x && Reaches(sc->head, subj, k, n)) first = k;
    }
    if (first != last + 2 || s.words[last + 1].form != ",") continue;
    sc->head[x] = subj;
    sc->rel[x] = Rel::kConj;
  }
}

// Repair: "Before leaving for Beijing on Thursday, President Bush scheduled a speech"
// parsed with "Bush" a conjunct of "Thursday" across the comma, leaving the finite main
// verb without a subject. A finite verb has a subject; the noun phrase right before it,
// hung as a conjunct or apposition (with no conjunction) on a word before a comma, is it.
void Coder::Impl::RepairSubjectAcrossComma(const Sentence& s, int n, CoderScratch::Impl* sc) {
  for (int v = 1; v < n; ++v) {
    const Word& w = s.words[v];
    if (w.upos != Upos::kVERB || (w.xpos != "VBD" && w.xpos != "VBZ" && w.xpos != "VBP")) continue;
    bool has_subject = false;
    for (int k = 0; k < n && !has_subject; ++k) {
      has_subject = sc->head[k] == v && IsSubjectRel(sc->rel[k]);
    }
    if (has_subject) continue;
    int x = v - 1;
    while (x >= 0 && sc->head[x] == v && (sc->rel[x] == Rel::kAdvmod || sc->rel[x] == Rel::kAux)) {
      --x;
    }
    if (x < 0 || !IsNominalUpos(s.words[x].upos)) continue;
    if (sc->rel[x] != Rel::kConj && sc->rel[x] != Rel::kAppos) continue;
    const int h = sc->head[x];
    if (h < 0 || h > x || Reaches(sc->head, x, v, n)) continue;
    // The phrase of x starts after a comma that follows its head; no conjunction in it.
    int start = x;
    bool cc = false;
    for (int k = h + 1; k < x; ++k) {
      if (s.words[k].upos != Upos::kPUNCT && Reaches(sc->head, x, k, n)) {
        start = std::min(start, k);
        cc = cc || sc->rel[k] == Rel::kCc;
      }
    }
    if (cc || start - 1 <= h || s.words[start - 1].form != ",") continue;
    sc->head[x] = v;
    sc->rel[x] = Rel::kSubj;
  }
}

// Repair: a sentence whose root is a noun and which has no subject anywhere, where the
// tagger read the main verb as a participle — "Israeli warplanes bombed/amod hundreds of
// targets", "Ukraine's security service assassinated/acl Russian general X" (news
// headlines and lead sentences, rare in the treebank the parser learned from). The verb
// becomes the root, the noun phrase before it its subject and the noun phrase right after
// it its object. Only when a bare noun phrase follows the verb: a real reduced passive
// ("Man arrested in Paris") has none and is left alone.
void Coder::Impl::RepairParticipleMainVerb(const Sentence& s, int n, CoderScratch::Impl* sc) {
  int root = -1;
  for (int i = 0; i < n; ++i) {
    if (sc->rel[i] == Rel::kSubj || sc->rel[i] == Rel::kSubjPass || sc->rel[i] == Rel::kCsubj) {
      return;
    }
    if (sc->head[i] < 0) {
      if (root >= 0) return;  // several roots: not a tree to repair
      root = i;
    }
  }
  if (root < 0 || !IsNominalUpos(s.words[root].upos)) return;
  // "President obama expressed/amod sorrow/root for ...": the participle right before the
  // root, with the noun phrase that opens the sentence hung on it as a compound (a noun
  // does not modify a participle that way; "the expressed sorrow" has no such phrase).
  if (const int v = root - 1; v > 0 && sc->head[v] == root && sc->rel[v] == Rel::kAmod &&
                              s.words[v].upos == Upos::kVERB &&
                              (s.words[v].xpos == "VBN" || s.words[v].xpos == "VBD")) {
    int subj = -1;
    for (int k = 0; k < v; ++k) {
      if (sc->head[k] == v && sc->rel[k] == Rel::kCompound && IsNominalUpos(s.words[k].upos)) {
        subj = k;
      }
    }
    bool opens = subj >= 0;
    for (int k = 0; k < v && opens; ++k) opens = Reaches(sc->head, subj, k, n);
    if (opens) {
      sc->head[v] = -1;
      sc->rel[v] = Rel::kRoot;
      sc->head[subj] = v;
      sc->rel[subj] = Rel::kSubj;
      sc->head[root] = v;
      sc->rel[root] = Rel::kObj;
      return;
    }
  }
  for (int v = root + 1; v < n; ++v) {
    const Word& w = s.words[v];
    if (w.upos != Upos::kVERB || (w.xpos != "VBN" && w.xpos != "VBD")) continue;
    // The verb must follow the root's noun phrase directly: every word between the root
    // and the verb belongs to the root's phrase.
    bool adjacent = true;
    for (int k = root + 1; k < v && adjacent; ++k) {
      int x = k;
      for (int guard = 0; guard < n && x >= 0 && x != root; ++guard) x = sc->head[x];
      adjacent = x == root;
    }
    if (!adjacent) return;
    int object = -1;
    if (sc->rel[v] == Rel::kAmod && sc->head[v] > v && IsNominalUpos(s.words[sc->head[v]].upos) &&
        sc->head[sc->head[v]] == root && sc->rel[sc->head[v]] == Rel::kObj) {
      // "warplanes(root) bombed/amod hundreds/obj(warplanes)": the parser already saw an
      // object; an apposition ("The government announced/amod asset freezes/appos") is
      // not one.
      object = sc->head[v];
    } else if (sc->rel[v] == Rel::kAcl && sc->head[v] == root) {
      for (int c = v + 1; c < n && object < 0; ++c) {
        if (sc->head[c] != v || !IsNominalUpos(s.words[c].upos)) continue;
        if (sc->rel[c] != Rel::kObj && sc->rel[c] != Rel::kObl) continue;
        bool has_case = false;
        for (int k = 0; k < n; ++k) has_case = has_case || (sc->head[k] == c && sc->rel[k] == Rel::kCase);
        if (!has_case) object = c;
      }
    }
    if (object < 0) return;
    // The object may sit under the root (as "hundreds" does) or under the verb; either
    // way everything of the root after the verb moves to the verb.
    for (int k = v + 1; k < n; ++k) {
      if (sc->head[k] == root) sc->head[k] = v;
    }
    sc->head[v] = -1;
    sc->rel[v] = Rel::kRoot;
    sc->head[root] = v;
    sc->rel[root] = Rel::kSubj;
    sc->head[object] = v;
    sc->rel[object] = Rel::kObj;
    return;
  }
}

// The repairs in the order they run: a later one sees the earlier ones' output.
void Coder::Impl::RepairTree(const Sentence& s, int n, CoderScratch::Impl* sc) {
  // Repair: an "unmarked" nominal (obl:unmarked, nmod:tmod) has no preposition; one that
  // has ("in/obl:unmarked Michel Delving") is an ordinary attachment.
  for (int i = 0; i < n; ++i) {
    const int h = sc->head[i];
    if (sc->rel[i] == Rel::kCase && h >= 0 && h < n && sc->rel[h] == Rel::kTmod &&
        s.words[i].upos == Upos::kADP) {
      sc->rel[h] = Rel::kObl;
    }
  }
  // Repair: a possessive cannot depend on a verb ("Ithilen's/nmod:poss(warned) awful
  // minister Calimehtar warned"); it belongs to the verb's next nominal dependent before
  // the verb.
  for (int i = 0; i < n; ++i) {
    const int h = sc->head[i];
    if (sc->rel[i] != Rel::kPoss || h < 0 || h >= n || s.words[h].upos != Upos::kVERB) continue;
    for (int j = i + 1; j < h; ++j) {
      const Rel r = sc->rel[j];
      if (sc->head[j] == h && IsNominal(s.words[j].upos) &&
          (r == Rel::kSubj || r == Rel::kSubjPass || r == Rel::kObj || r == Rel::kObl)) {
        sc->head[i] = j;
        break;
      }
    }
  }
  sc->verb.resize(n);
  for (int i = 0; i < n; ++i) sc->verb[i] = s.words[i].upos == Upos::kVERB ? 1 : 0;
  RepairParticipleMainVerb(s, n, sc);
  RepairPunctuationAttachedNominals(s, n, sc);
  RepairHyphenatedModifiers(s, n, sc);
  RepairSubjectAcrossComma(s, n, sc);
  RepairPrepositionBeforeName(s, n, sc);
  RepairAuxiliaryVerbAsAdverb(s, n, sc);
  RepairGerundInsideTheObject(s, n, sc);
  RepairPresentTenseNounConjunct(s, n, sc);
  RepairReducedRelative(s, n, sc);
  RepairDayBeforeTheVerb(s, n, sc);
  RepairPluralNounMainVerb(s, n, sc);
  RepairPostposedReportingClause(s, n, sc);
  RepairFiniteVerbAsSubject(s, n, sc);
  RepairCoordinatedVerbAsModifier(s, n, sc);
  RepairUnmarkedNameBeforeTheVerb(s, n, sc);
  RepairParticipleAfterANoun(s, n, sc);
  RepairObjectConjoinedAcrossItsVerb(s, n, sc);
  RepairListHeadBeforeTheSubject(s, n, sc);
}

}  // namespace dyad::coder
