// Event nouns: news names many events with a noun — "Canada's expulsion of a diplomat",
// "the attack on the hotel by gunmen", "talks between A and B", "sanctions against X",
// "Armenian shelling" — or with a light verb and a noun ("held talks with", "staged a
// protest", "announced the arrest of"). A noun is an event noun when the verb dictionary
// knows its form (a verb's own noun form, "attack", "visit", "talks", or a form written
// into the dictionary for it, "expulsion"); its code comes from the same block and its
// patterns, matched over the noun's phrase as over a verb's clause.
//
// Roles of a noun head, as English marks them:
//  - the source: a possessive ("Canada's expulsion"), a `by` attachment ("by gunmen"), an
//    actor among the noun's own modifiers ("Armenian shelling", "a US strike"), else the
//    subject of the light verb the noun is the object of ("X held talks", "X launched an
//    attack on Y");
//  - the targets: what the pattern marks, else the `of`, `on`, `against`, `to`, `with`,
//    `at`, `into`, `toward(s)` attachments ("expulsion of", "attack on", "sanctions
//    against", "visit to", "talks with");
//  - `between A and B` / `among`: the parties of a symmetric event (A → B).
// A noun whose governing verb is itself coded with an event of its own ("imposed
// sanctions", "condemned the attack") is left to that verb: the verb's pattern already
// says what happened (or the noun is what the verb is about, not a second event). A noun
// with a possessive pronoun is left alone: whose act it is is unclear ("threatened Turkey
// over its purchase of missiles": "its" is Turkey, while the pronoun memory holds the
// sentence's subject). A noun names no event when it has no actor on either side, when
// it is negated ("no talks"), or when its code is a content-free statement (CAMEO root 01;
// but "talks" and the other nouns of the &TALKS synset are consultation, 040, though the
// verb "talk" states). A noun with a target and no source is coded one-sided when it is
// what its sentence reports (its subject or root: "An explosion at the ministry rocked
// the capital"), not inside another clause's object or attachments. A content-free light
// verb ("announced the arrest of") gives no event of its own beside the noun's.
// Thread-safety: reads the compiled coder, writes only the caller's scratch.
#include <string_view>

#include "coder/cameo_table.h"
#include "coder/sentence_view.h"

namespace dyad::coder {

namespace {

bool IsTargetPreposition(std::string_view prep) {
  for (std::string_view p : {"of", "on", "against", "to", "with", "at", "into", "toward",
                             "towards", "upon", "over"}) {
    if (prep == p) return true;
  }
  return false;
}

bool IsPartiesPreposition(std::string_view prep) { return prep == "between" || prep == "among"; }

// Verbs that lend their subject to the event their object names, adding little meaning of
// their own ("held talks", "staged a protest", "launched an attack", "paid a visit"). By
// lemma.
bool IsLightVerb(std::string_view lemma) {
  for (std::string_view v : {"hold", "stage", "launch", "conduct", "carry", "make", "pay",
                             "mount", "wage", "begin", "start", "resume", "continue",
                             "announce", "order", "declare", "lodge", "file", "issue",
                             "step", "intensify", "escalate", "undertake", "organize",
                             "organise", "perform", "commit", "unleash"}) {
    if (lemma == v) return true;
  }
  return false;
}

// Modifiers that make a noun's event an allegation, an attempt or a prospect.
bool IsUnrealizedModifier(std::string_view w) {
  for (std::string_view m : {"alleged", "attempted", "possible", "potential", "planned",
                             "proposed", "suspected", "failed", "threatened", "expected",
                             "imminent", "looming", "future", "prospective"}) {
    if (w == m) return true;
  }
  return false;
}

}  // namespace

void SentenceView::CodeEventNouns() const {
  for (int w = 0; w < n; ++w) {
    if (tree.verb[w] != 0 || scratch.clauses[w].has_clause) continue;
    if (sentence.words[w].upos != Upos::kNOUN) continue;
    CodeEventNoun(w, &scratch.clauses[w]);
  }
}

// The verb a noun is the object of when that verb is "light" for it (IsLightVerb) and not
// coded with an event of its own, or coded only as a content-free statement ("announced
// the arrest"). -1 when the noun is no such object; -2 when its verb codes an event of its
// own or is negated (the noun then names no event of its own either).
// "talks", "consultations", "dialogue": the verb "talk" is a statement (01), its plural
// noun a consultation (CAMEO 040), as the dictionary's &TALKS synset lists them.
bool SentenceView::IsTalksNoun(int w) const {
  const int32_t talks = verbs().FindSynset("TALKS");
  return talks >= 0 && SynsetLengthAt(talks, w) > 0;
}

int SentenceView::LightVerbOf(int w) const {
  if (tree.rel[w] != Rel::kObj) return -1;
  const int v = tree.head[w];
  if (v < 0 || tree.verb[v] == 0) return -1;
  const Clause& governing = scratch.clauses[v];
  if (governing.has_clause && !governing.code.empty() && !governing.code.starts_with("01")) {
    return -2;
  }
  if (IsNegated(v)) return -2;  // "did not hold talks": no event
  return IsLightVerb(dict::LowercaseWord(sentence.words[v].lemma)) ? v : -1;
}

// Whether an actor among w's modifiers may be the one who acts: an adjective ("Armenian
// shelling"), or a name in a determined phrase ("a US strike"). A bare name before a
// verb-like noun is more often the subject of a mistagged verb ("Sarkozy heads to").
bool SentenceView::ModifierMayBeItsActor(int w) const {
  for (int c : tree.children[w]) {
    if (c > w) continue;
    if (tree.rel[c] == Rel::kDet || tree.rel[c] == Rel::kAmod) return true;
  }
  return false;
}

void SentenceView::CodeEventNoun(int w, Clause* clause) const {
  int form_words = 0;
  // A noun is a one-word form: "talks with" is the noun and its attachment, not the
  // phrasal verb "talk with".
  const dict::VerbFormRef* ref = FindVerbAt(w, &form_words, /*one_word=*/true);
  if (ref == nullptr) return;
  const int light = LightVerbOf(w);
  if (light == -2 || IsNegated(w)) return;
  // "killed in Armenian shelling", "wounded in an air strike": the violent act a coded
  // violent verb names as its cause is that verb's event (its pattern reads the noun).
  if (tree.rel[w] == Rel::kObl && CaseOf(w) == "in" && tree.head[w] >= 0) {
    const Clause& governing = scratch.clauses[tree.head[w]];
    const std::string_view root = CameoRootCode(governing.code);
    if (governing.has_clause && (root == "18" || root == "19" || root == "20")) return;
  }
  for (int c : tree.children[w]) {
    if (tree.rel[c] == Rel::kDet && scratch.views[c] == "no") return;  // "no talks"
    // "the alleged killing", "an attempted overthrow", "possible sanctions": not an act
    // the sentence reports as done.
    if (tree.rel[c] == Rel::kAmod && IsUnrealizedModifier(scratch.views[c])) return;
  }
  const dict::VerbMember& member = verbs().members()[ref->member];
  const dict::VerbBlock& block = verbs().blocks()[ref->block];

  // Roles from the noun's own dependents.
  std::vector<Actor> sources, targets;
  for (int c : tree.children[w]) {
    if (tree.rel[c] == Rel::kPoss) {
      if (sentence.words[c].upos == Upos::kPRON) return;  // "its purchase": whose is unclear
      Resolve(c, false, 0, &sources);
    } else if (tree.rel[c] == Rel::kObl) {
      const std::string_view prep = CaseOf(c);
      if (prep == "by") {
        Resolve(c, true, 0, &sources);
      } else if (prep == "of" && sources.empty()) {
        // Tolerance(agent-on-noun-complement):
        // "the bombing of the embassy by gunmen": the parser may hang the `by` agent
        // on the noun's `of` complement rather than on the event noun.
        for (int cc : tree.children[c]) {
          if (tree.rel[cc] == Rel::kObl && CaseOf(cc) == "by") Resolve(cc, true, 0, &sources);
        }
      } else if (IsPartiesPreposition(prep)) {
        std::vector<Actor> parties;
        Resolve(c, true, 0, &parties);
        if (parties.size() >= 2 && sources.empty()) {
          sources.push_back(parties[0]);
          targets.insert(targets.end(), parties.begin() + 1, parties.end());
        }
      }
    }
  }
  if (sources.empty() && ModifierMayBeItsActor(w)) {
    // An actor among the noun's own modifiers: "Armenian shelling", "a US strike".
    std::vector<int> core;
    Core(w, 0, &core);
    for (int start : ActorsIn(core)) {
      // A country or an international body ("Armenian", "US", "NATO"), not a person:
      // a person's name before a verb-like noun is more often a mistagged subject.
      const Actor a = ActorFromMatch(start);
      if (start != w && (a.base.size() == 3 || a.base.starts_with("IGO"))) sources.push_back(a);
      break;
    }
  }
  if (sources.empty() && light >= 0) {
    bool passive = false;
    SourcesOf(light, 0, &sources, &passive);
  }

  const PatternRegions regions = RegionsOf(w);
  PatternHit hit;
  const dict::VerbPattern* fired = FirePattern(w, block, regions, &hit);
  dict::EventCode code = fired != nullptr ? fired->code : member.code;
  const bool talks = code.code.starts_with("01") && IsTalksNoun(w);
  if (talks) code = dict::EventCode{"040", ""};
  if (code.code.empty() || code.code.starts_with("01")) return;
  if (hit.target_head >= 0) Resolve(hit.target_head, true, 0, &targets);
  if (targets.empty()) {
    for (int c : tree.children[w]) {
      if (tree.rel[c] != Rel::kObl || !IsTargetPreposition(CaseOf(c))) continue;
      Resolve(c, true, 0, &targets);
      if (!targets.empty()) break;
    }
  }
  if (targets.empty() && light >= 0) {
    // "held talks with Y": the light verb's attachments name the other party.
    for (int c : tree.children[light]) {
      if (tree.rel[c] != Rel::kObl || !IsTargetPreposition(CaseOf(c))) continue;
      Resolve(c, true, 0, &targets);
      if (!targets.empty()) break;
    }
  }
  if (sources.empty() && targets.empty()) return;
  // A meeting or talks with one party named ("the bloc's summit", "talks in the capital")
  // says with whom nothing was discussed: consultation (04) needs its other side.
  if (targets.empty() && sources.size() < 2 && code.code.starts_with("04")) return;

  // "announced the arrest of Y": the statement is the arrest's; no second, content-free
  // event of the light verb with the arrested as its addressee.
  if (light >= 0) scratch.clauses[light].consumed = true;
  // "The bombing of the embassy by X killed ten": the verb's actor is the one who
  // bombed (none named: none), not the bombed embassy the noun phrase also names.
  if (tree.rel[w] == Rel::kSubj && tree.head[w] >= 0) {
    Clause& governing = scratch.clauses[tree.head[w]];
    if (governing.has_clause && !governing.code.empty()) governing.sources = sources;
  }
  clause->verb = w;
  clause->has_clause = true;
  // A noun that is what its sentence reports ("An explosion at the ministry rocked the
  // capital", "Two car bomb blasts hit ...") states its participants: a missing source is
  // a fact of the text, coded one-sided. A noun inside another clause's attachments or
  // object ("following the arrest of X", "involvement in the killing of Y") is background.
  clause->own_subject = !sources.empty() || tree.head[w] < 0 || tree.rel[w] == Rel::kSubj ||
                        tree.rel[w] == Rel::kSubjPass;
  clause->sources = std::move(sources);
  clause->targets = std::move(targets);
  clause->code = code.code;
  clause->reciprocal = code.reciprocal;
  clause->own_code = clause->code;
  clause->compound = hit.compound;
  for (const std::string& word : member.forms[0].words) {
    if (!clause->base.empty()) clause->base += '_';
    clause->base += word;
  }
  if (talks) {
    clause->pattern = "NOUN &TALKS [040]";
    clause->pattern_loc = member.loc.ToString();
  } else if (fired != nullptr) {
    clause->pattern = "NOUN " + fired->text;
    clause->pattern_loc = fired->loc.ToString();
  } else {
    clause->pattern = "NOUN " + block.name + " " + member.code.ToString();
    clause->pattern_loc = member.loc.ToString();
  }
}

}  // namespace dyad::coder
