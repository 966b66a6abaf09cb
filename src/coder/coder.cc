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
//    other mistakes than the v1 parses of the validation files. The coder tolerates the
//    common ones where the reading is unambiguous: a possessive hung on a verb is moved to
//    the verb's subject; a PP on an attachment of the verb counts as the verb's (PP
//    attachment, except `of`); a second subject, a caseless proper noun, comma- or
//    conjunction-separated names inside one phrase, and hyphen-split names ("Barad - dur")
//    are read as the names they are. Before coding, the Repair* functions put back what
//    grammar rules out: a nominal hung on punctuation, a hyphenated modifier torn from
//    its noun ("surface - to - air missile"), a finite verb without the subject the
//    comma cut off, a verb with an auxiliary read as an adverb, a preposition not
//    governing the name right after it, a gerund compound inside the object ("mushroom
//    hunting trip"), a present-tense "verb" conjoined to a past one ("announced freezes
//    and bans"), a reduced relative read as the main verb ("The civilians imprisoned ...
//    were released"), a day read as the subject ("lawmakers Tuesday endorsed"), a verb
//    tagged as a plural noun in a sentence without a clause ("Secretary of state wants
//    to help"), a reporting verb made the root over the news it attributes ("rebels
//    engaged peacekeepers, officials said"), an "unmarked" nominal with a preposition,
//    a finite verb read as a subject, a coordinated verb read as a noun's modifier, a
//    name read as an unmarked nominal before its verb, a reduced relative read as an
//    adverbial clause ("a missile believed to be fired by rebels"), an object conjoined
//    across its verb ("and promised raids/conj(Thursday)"), the first name of a subject
//    list hung on the verb ("Mordor/obl, the Shire, Arnor and Bree welcomed").
//    Each has a test in tests/coder/coder_test.cc. They were found on the greedy
//    parser's trees and checked on the ensemble parser's (doc/experiments/
//    parser-ensemble.md), which makes other mistakes.
//  * Discards are matched, as PETRARCH does, on the blank-separated words of the text.
// Budgets: sentences over max_sentence_words are skipped; every walk up or down the tree
// is bounded by max_tree_depth, so cyclic or very deep (malformed) trees cannot hang it.
#include "coder/coder.h"
#include "coder/coder_internal.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "coder/cameo_table.h"
#include "coder/pico.h"
#include "dict/dictionary.h"

namespace dyad::coder {

using dict::PatternConstituent;
using dict::PatternToken;

CoderScratch::CoderScratch() : impl_(std::make_unique<Impl>()) {}
CoderScratch::~CoderScratch() = default;

namespace {

constexpr std::array<std::string_view, 12> kPronouns = {
    "he", "she", "it", "they", "him", "her", "them", "we", "i", "you", "its", "their"};

bool IsPronoun(std::string_view w) {
  return std::find(kPronouns.begin(), kPronouns.end(), w) != kPronouns.end();
}

// Words that may start an actor name: "us" the pronoun is not the USA, but a proper
// noun the tagger called DET or ADJ ("Osgiliath soldiers") still names an actor.
bool CanNameActor(const Word& w, Rel rel) {
  const Upos u = w.upos;
  const bool capital = !w.form.empty() && std::isupper(static_cast<unsigned char>(w.form[0]));
  // Tolerance(name-tagged-adp-or-verb):
  // A capitalised name the tagger took for a preposition, or for a verb in a nominal
  // position ("Pyongyang/VERB fired ...").
  if (u == Upos::kADP && capital) return true;
  if (u == Upos::kVERB && capital &&
      (rel == Rel::kSubj || rel == Rel::kObj || rel == Rel::kObl || rel == Rel::kCompound ||
       rel == Rel::kConj || rel == Rel::kAppos || rel == Rel::kSubjPass ||
       rel == Rel::kAdvcl)) {
    return true;
  }
  return u != Upos::kPRON && u != Upos::kADP && u != Upos::kAUX && u != Upos::kCCONJ &&
         u != Upos::kSCONJ && u != Upos::kPART && u != Upos::kPUNCT && u != Upos::kVERB;
}

// Word equality allowing the regular plural of the dictionary word.
bool WordMatches(std::string_view text, std::string_view dict_word) {
  if (text == dict_word) return true;
  if (text.size() == dict_word.size() + 1 && text.back() == 's' && text.starts_with(dict_word)) {
    return true;
  }
  if (text.size() == dict_word.size() + 2 && text.ends_with("es") && text.starts_with(dict_word)) {
    return true;
  }
  if (!dict_word.empty() && dict_word.back() == 'y' && text.size() == dict_word.size() + 2 &&
      text.ends_with("ies") && text.starts_with(dict_word.substr(0, dict_word.size() - 1))) {
    return true;
  }
  return false;
}

}  // namespace

// The per-sentence working view: tree accessors and the matching routines.
struct Coder::Impl::Sent {
  const Coder::Impl& coder;
  const Document& doc;
  const Sentence& s;
  CoderScratch::Impl& sc;
  int32_t date;
  int n;
  // The verb whose patterns are being matched (-1: no restriction). Set by CodeClause.
  mutable int cur_verb = -1;

  const dict::VerbDictionary& verbs() const { return coder.dicts->verbs(); }


  bool Dominates(int a, int w) const { return sc.tree.Dominates(a, w); }
  int ChildWith(int h, Rel r) const { return sc.tree.ChildWith(h, r); }

  // The preposition (case child) of a nominal, lowercase; empty when none.
  std::string_view CaseOf(int h) const {
    for (int c : sc.tree.children[h]) {
      if (sc.tree.rel[c] == Rel::kCase && s.words[c].upos != Upos::kPART) return sc.views[c];
    }
    // Tolerance(case-on-compound):
    // "by a surface-to-air missile": the parser may hang the preposition on the first
    // word of a compound instead of on the head.
    for (int c : sc.tree.children[h]) {
      if (c > h || (sc.tree.rel[c] != Rel::kCompound && sc.tree.rel[c] != Rel::kAmod)) continue;
      for (int cc : sc.tree.children[c]) {
        if (cc < c && sc.tree.rel[cc] == Rel::kCase && s.words[cc].upos != Upos::kPART) {
          return sc.views[cc];
        }
      }
    }
    return {};
  }

  // "to wage war": an infinitival clause, part of its governor's verb phrase.
  bool IsInfinitival(int v) const {
    for (int c : sc.tree.children[v]) {
      if (sc.tree.rel[c] == Rel::kMark && sc.views[c] == "to") return true;
    }
    return false;
  }

  // Is there a punctuation word strictly between words a and b?
  bool HasPunctBetween(int a, int b) const {
    for (int w = std::min(a, b) + 1; w < std::max(a, b); ++w) {
      if (s.words[w].upos == Upos::kPUNCT) return true;
    }
    return false;
  }

  // Collects the "core" of the noun phrase headed by h (bounded depth).
  void Core(int h, int depth, std::vector<int>* out) const {
    out->push_back(h);
    if (depth > 8) return;
    for (int c : sc.tree.children[h]) {
      switch (sc.tree.rel[c]) {
        case Rel::kCompound: case Rel::kAmod: case Rel::kFlat: case Rel::kDet:
        case Rel::kNummod: case Rel::kPoss: case Rel::kFixed: case Rel::kCase:
          Core(c, depth + 1, out);
          break;
        case Rel::kObl: case Rel::kList:
          // Tolerance(caseless-name-in-core):
          // "Bree Prime Minister Romendacil" with the name an nmod (or list) of "Bree": a
          // proper noun attached without a preposition or a comma is part of the name.
          if (s.words[c].upos == Upos::kPROPN && s.words[h].upos == Upos::kPROPN &&
              CaseOf(c).empty() && !HasPunctBetween(h, c)) {
            Core(c, depth + 1, out);
          }
          break;
        case Rel::kConj:
          // A conjoined modifier ("Hungarian and Romanian officials") stays in the core;
          // a conjoined head is a separate phrase (handled by the caller).
          if (sc.tree.rel[h] == Rel::kAmod || sc.tree.rel[h] == Rel::kCompound) Core(c, depth + 1, out);
          break;
        default:
          break;
      }
    }
  }

  // Builds the full code from an actor code and the agent matches in [lo, hi].
  void AddAgents(const std::vector<int>& core, Actor* a) const {
    std::string before, after;
    std::vector<int> seen;
    // Agent matches by their first word (so that text order is kept).
    for (int w : core) {
      const int st = sc.agent_cover[w];
      if (st < 0) continue;
      if (std::find(seen.begin(), seen.end(), st) != seen.end()) continue;
      seen.push_back(st);
    }
    std::sort(seen.begin(), seen.end());
    for (int st : seen) {
      // "military-ruled Myanmar": an adjective on a named actor describes it, it is not
      // the actor's agent.
      const int word = sc.agent_cover[st];
      if (word >= 0 && sc.tree.rel[word] == Rel::kAmod && sc.tree.head[word] >= 0 &&
          sc.actor_cover[sc.tree.head[word]] >= 0 && sc.agent_cover[sc.tree.head[word]] < 0) {
        continue;
      }
      // "a government-held part": split at the hyphen (as UD v2 tokenizes), the agent
      // word is a compound of a participle modifying the phrase; it says who holds the
      // thing, not what the phrase is.
      if (word >= 0 && (sc.tree.rel[word] == Rel::kCompound || sc.tree.rel[word] == Rel::kAmod) &&
          sc.tree.head[word] >= 0 &&
          sc.tree.rel[sc.tree.head[word]] == Rel::kAmod && s.words[sc.tree.head[word]].upos == Upos::kVERB) {
        continue;
      }
      const dict::AgentEntry& e = coder.dicts->agents().entries()[sc.agent_start[st]];
      // An agent the actor code already carries is not added twice ("White House
      // officials": USAGOV + GOV stays USAGOV).
      const std::string& base = a->code;
      if (base.size() >= 3 + e.code.size() && base.find(e.code, 3) != std::string::npos) continue;
      if (after.find(e.code) != std::string::npos || before.find(e.code) != std::string::npos) {
        continue;
      }
      if (e.code_before_actor) before += e.code; else after += e.code;
      a->agent += e.code;
    }
    if (a->code.empty() && (before.empty() && after.empty())) return;
    a->code = before + (a->code.empty() ? std::string("---") : a->code) + after;
  }

  // Actor matches (start words) within a set of core words, text order.
  std::vector<int> ActorsIn(const std::vector<int>& core) const {
    std::vector<int> starts;
    for (int w : core) {
      const int st = sc.actor_cover[w];
      if (st < 0) continue;
      if (std::find(starts.begin(), starts.end(), st) == starts.end()) starts.push_back(st);
    }
    std::sort(starts.begin(), starts.end());
    return starts;
  }

  Actor ActorFromMatch(int start) const {
    const dict::ActorPhrase& p = coder.dicts->actors().phrases()[sc.actor_start[start]];
    // Several records may share a phrase ("President Bush"): the sentence date picks.
    const dict::Actor& act =
        coder.dicts->actors().actors()[coder.dicts->actors().ResolveActor(p, date)];
    Actor a;
    a.code = std::string(act.CodeAt(date));
    a.base = a.code;
    a.actor_loc = act.loc.ToString();
    a.first = start;
    a.last = start + sc.actor_len[start] - 1;
    return a;
  }

  bool HasAgent(const std::vector<int>& core) const {
    for (int w : core) {
      if (sc.agent_start[w] >= 0) return true;
    }
    return false;
  }

  // The agents named in `core` are all institutional sectors (military, government,
  // police, courts, legislature, business, media, education, health).
  bool InstitutionalOnly(const std::vector<int>& core) const {
    Actor probe;
    AddAgents(core, &probe);
    if (probe.agent.empty() || probe.agent.size() % 3 != 0) return false;
    static constexpr std::string_view kInstitutional[] = {"MIL", "GOV", "COP", "JUD", "LEG",
                                                          "BUS", "MED", "EDU", "HLH"};
    for (size_t k = 0; k < probe.agent.size(); k += 3) {
      const std::string_view code = std::string_view(probe.agent).substr(k, 3);
      bool found = false;
      for (std::string_view i : kInstitutional) found = found || code == i;
      if (!found) return false;
    }
    return true;
  }

  // Resolves the noun phrase headed by h into actors (one per conjunct). `deep` allows the
  // search of nmod attachments when the phrase itself names nobody.
  void Resolve(int h, bool deep, int depth, std::vector<Actor>* out) const {
    if (h < 0 || depth > 6) return;
    const size_t before = out->size();
    ResolveOne(h, deep, depth, out);
    Actor first;
    if (out->size() > before) first = (*out)[before];
    // In a list ("Evil Mordor, the awful Arnor, and good Gondor") an apposition is one
    // more member; outside lists it only renames the head and adds nothing.
    bool list = false;
    for (int c : sc.tree.children[h]) {
      list = list || sc.tree.rel[c] == Rel::kConj;
      if (sc.tree.rel[c] == Rel::kAppos) {
        for (int cc : sc.tree.children[c]) list = list || sc.tree.rel[cc] == Rel::kConj;
      }
    }
    for (int c : sc.tree.children[h]) {
      if (sc.tree.rel[c] != Rel::kConj && !(list && sc.tree.rel[c] == Rel::kAppos)) continue;
      std::vector<Actor> conj;
      // A conjunct may name its actor in an attachment ("sheep and goats of Gondor").
      ResolveOne(c, true, depth + 1, &conj);
      // An agent-only conjunct ("lawmakers and officials in Arnor") shares the actors
      // of the first conjunct.
      if (conj.size() == 1 && conj[0].code.starts_with("---") && !first.code.empty() &&
          !first.code.starts_with("---")) {
        std::vector<int> core;
        Core(c, 0, &core);
        std::vector<Actor> shared;
        for (size_t k = before; k < out->size(); ++k) {
          const Actor& f = (*out)[k];
          if (f.base.empty()) continue;
          Actor a;
          a.code = f.base;
          a.base = f.base;
          a.actor_loc = f.actor_loc;
          a.first = std::min(f.first, *std::min_element(core.begin(), core.end()));
          a.last = std::max(f.last, *std::max_element(core.begin(), core.end()));
          AddAgents(core, &a);
          shared.push_back(std::move(a));
        }
        if (!shared.empty()) conj = std::move(shared);
      }
      if (conj.empty()) {
        // A conjunct with only an agent inherits the first conjunct's actor.
        std::vector<int> core;
        Core(c, 0, &core);
        if (HasAgent(core) && !first.code.empty() && sc.actor_cover[first.first] >= 0) {
          Actor a = ActorFromMatch(first.first);
          a.first = *std::min_element(core.begin(), core.end());
          a.last = *std::max_element(core.begin(), core.end());
          AddAgents(core, &a);
          conj.push_back(a);
        }
      }
      for (Actor& a : conj) out->push_back(std::move(a));
      // Nested conjunctions ("A, B and C" attach B and C to A in UD; v1 sometimes chains).
      for (int cc : sc.tree.children[c]) {
        if (sc.tree.rel[cc] == Rel::kConj) Resolve(cc, deep, depth + 1, out);
      }
    }
  }

  void ResolveOne(int h, bool deep, int depth, std::vector<Actor>* out) const {
    // Every recursive path (attachments, appositions, pronouns) increments depth, so the
    // walk ends even on trees that loop back through a pronoun's antecedent.
    if (h < 0 || depth > 12) return;
    std::vector<int> core;
    Core(h, 0, &core);
    const std::vector<int> starts = ActorsIn(core);
    if (!starts.empty()) {
      // Conjoined modifiers give several actors; otherwise the first actor named.
      bool conjoined = false;
      for (size_t i = 1; i < starts.size(); ++i) {
        int w = starts[i];
        if (sc.tree.rel[w] == Rel::kConj) conjoined = true;
        // Tolerance(names-listed-by-comma):
        // "Mordor, the Shire, Arnor and Bree" with "the Shire" a compound of "Arnor": a
        // comma never separates a modifier from its head, so the names are a list.
        const int after_prev = starts[i - 1] + sc.actor_len[starts[i - 1]];
        if (after_prev < w && sc.views[after_prev] == ",") conjoined = true;
        // "Eriadori and Calenardhon leaders" parsed as two modifiers of "leaders" with
        // the conjunction hung on the head: the names are conjoined all the same.
        // Only a conjunction between them ("Ithilen's awful and evil minister
        // Calimehtar" conjoins the adjectives, not the names).
        bool cc = false, other = false;
        for (int k = after_prev; k < w; ++k) {
          const Upos u = s.words[k].upos;
          if (u == Upos::kCCONJ) cc = true;
          else if (u != Upos::kPUNCT && u != Upos::kDET) other = true;
        }
        if (cc && !other) conjoined = true;
      }
      // Not conjoined: the actor that covers the head word, else the first one named
      // ("the Al Qaeda-linked Somali militant group al-Shabab" is al-Shabab).
      // The first actor named, skipping those inside an adjectival modifier ("the Al
      // Qaeda-linked Somali militant group" is Somali).
      size_t pick = starts.size();
      for (size_t i = 0; i < starts.size() && pick == starts.size(); ++i) {
        int w = starts[i];
        bool in_amod = false;
        for (int k = 0; k < 8 && w >= 0 && w != h; ++k, w = sc.tree.head[w]) {
          if (sc.tree.rel[w] == Rel::kAmod && s.words[w].upos != Upos::kPROPN &&
              w != starts[i]) {
            in_amod = true;
          }
        }
        if (!in_amod) pick = i;
      }
      if (pick == starts.size()) pick = 0;
      for (size_t i = conjoined ? 0 : pick; i < (conjoined ? starts.size() : pick + 1); ++i) {
        Actor a = ActorFromMatch(starts[i]);
        if (a.code.empty()) continue;
        AddAgents(core, &a);
        a.first = std::min(a.first, *std::min_element(core.begin(), core.end()));
        a.last = std::max(a.last, *std::max_element(core.begin(), core.end()));
        out->push_back(std::move(a));
      }
      return;
    }
    const bool agent = HasAgent(core);
    // Is the agent word the phrase's head ("Israeli soldiers", "the military")? An
    // institutional modifier of something else ("military aid to Pakistan", "a military
    // cooperation agreement with the United States") says what kind of thing the phrase
    // is, so it does not pass to the actor of the attachment; an identity does ("an
    // Islamic State target southwest of Baghdad" is IRQMUS in the PETRARCH-2 gold).
    bool head_agent = false;
    for (int w : core) {
      if (sc.agent_start[w] >= 0 && w <= h && h < w + sc.agent_len[w]) head_agent = true;
    }
    // Pronoun: resolved by the caller's context (see ResolvePronoun).
    if (IsPronoun(sc.views[h]) && s.words[h].upos == Upos::kPRON) {
      ResolvePronoun(h, depth, out);
      return;
    }
    // The actor may sit in an attachment: "soldiers from Gondor", "ties with Gondor".
    if (agent || deep) {
      std::vector<Actor> inner;
      for (int c : sc.tree.children[h]) {
        if (sc.tree.rel[c] != Rel::kObl || IsTemporal(CaseOf(c))) continue;
        // "the crowd near the presidential palace": a landmark does not name the
        // agent's actor ("soldiers from/of/in Gondor" do).
        if (agent && IsRelativeLocation(CaseOf(c))) continue;
        std::vector<Actor> found;
        Resolve(c, deep && !agent, depth + 1, &found);
        // "negotiations in Istanbul": the place of the thing, not a party to it.
        const std::string_view prep = CaseOf(c);
        const bool place = !agent && (prep == "in" || prep == "at");
        for (Actor& a : found) {
          a.place = a.place || place;
          inner.push_back(std::move(a));
        }
        if (!inner.empty()) break;
      }
      // "the roads leading into Mordor": a participle's attachments belong to the phrase.
      for (int c : sc.tree.children[h]) {
        if (!inner.empty() || !deep || agent) break;
        if (sc.tree.rel[c] != Rel::kAcl) continue;
        for (int cc : sc.tree.children[c]) {
          // "a missile believed to be fired by rebels": through one xcomp as well.
          if (sc.tree.rel[cc] == Rel::kXcomp) {
            for (int x : sc.tree.children[cc]) {
              if (sc.tree.rel[x] == Rel::kObl && CaseOf(x) == "by") Resolve(x, true, depth + 1, &inner);
              if (!inner.empty()) break;
            }
          }
          if (!inner.empty()) break;
          if (sc.tree.rel[cc] != Rel::kObl && sc.tree.rel[cc] != Rel::kObj) continue;
          Resolve(cc, true, depth + 1, &inner);
          if (!inner.empty()) break;
        }
      }
      if (agent) {
        if (inner.empty()) {
          Actor a;
          AddAgents(core, &a);
          a.first = *std::min_element(core.begin(), core.end());
          a.last = *std::max_element(core.begin(), core.end());
          out->push_back(std::move(a));
        } else if (!head_agent && InstitutionalOnly(core)) {
          for (Actor& a : inner) out->push_back(std::move(a));
        } else {
          for (Actor& a : inner) {
            // Agents of the head apply to each actor of its attachment, before the
            // attachment's own ("exiled leaders of Egypt's Muslim Brotherhood" is
            // EGY + OPP + MUS).
            Actor b = a;
            b.code = a.base;
            b.agent.clear();
            AddAgents(core, &b);
            if (!a.agent.empty() && b.code.find(a.agent, 3) == std::string::npos) {
              if (b.code.empty()) b.code = "---";
              b.code += a.agent;
              b.agent += a.agent;
            }
            b.first = std::min(b.first, *std::min_element(core.begin(), core.end()));
            out->push_back(std::move(b));
          }
        }
        return;
      }
      for (Actor& a : inner) out->push_back(std::move(a));
      return;
    }
    // "Hundreds of UN troops": a quantity names its actor in its `of` attachment.
    for (int c : sc.tree.children[h]) {
      if (sc.tree.rel[c] == Rel::kObl && CaseOf(c) == "of") {
        const size_t n0 = out->size();
        ResolveOne(c, false, depth + 1, out);
        if (out->size() > n0) return;
      }
    }
    // Tolerance(caseless-name-as-actor):
    // "Gollum in recent days did allow": a proper noun attached to the phrase without a
    // preposition names the actor.
    for (int c : sc.tree.children[h]) {
      if (sc.tree.rel[c] == Rel::kObl && s.words[c].upos == Upos::kPROPN && CaseOf(c).empty()) {
        const size_t n0 = out->size();
        ResolveOne(c, false, depth + 1, out);
        if (out->size() > n0) return;
      }
    }
    // "Osgiliath, the state's fiercest foe": an apposition may name the actor.
    for (int c : sc.tree.children[h]) {
      if (sc.tree.rel[c] == Rel::kAppos) {
        ResolveOne(c, false, depth + 1, out);
        return;
      }
    }
  }

  // `depth` is the caller's recursion depth: the antecedent search goes deeper still, so
  // an antecedent whose phrase contains the pronoun cannot restart the search forever.
  void ResolvePronoun(int h, int depth, std::vector<Actor>* out) const {
    const int inner_depth = std::max(5, depth + 1);
    // The subject of the nearest governing clause that names an actor ("Frodo said he
    // ..."), else the document memory when it holds exactly one actor.
    int w = sc.tree.head[h];
    int guard = 0;
    while (w >= 0 && guard++ < static_cast<int>(coder.options.max_tree_depth)) {
      for (int c : sc.tree.children[w]) {
        if ((sc.tree.rel[c] == Rel::kSubj) && c != h && !Dominates(c, h) &&
            !(IsPronoun(sc.views[c]) && s.words[c].upos == Upos::kPRON)) {
          std::vector<Actor> found;
          Resolve(c, false, inner_depth, &found);
          if (!found.empty()) {
            for (Actor& a : found) {
              a.first = a.last = h;
              out->push_back(std::move(a));
            }
            return;
          }
        }
      }
      w = sc.tree.head[w];
    }
    // A misattached clause ("... came as Israel announced it would free ..."): the
    // closest subject before the pronoun that names an actor.
    for (int c = h - 1; c >= 0; --c) {
      if (sc.tree.rel[c] != Rel::kSubj || (IsPronoun(sc.views[c]) && s.words[c].upos == Upos::kPRON) ||
          Dominates(c, h)) {
        continue;
      }
      std::vector<Actor> found;
      Resolve(c, false, inner_depth, &found);
      if (found.empty()) continue;
      for (Actor& a : found) {
        a.first = a.last = h;
        out->push_back(std::move(a));
      }
      return;
    }
    if (sc.last_actors.size() == 1) {
      Actor a = sc.last_actors[0];
      a.first = a.last = h;
      out->push_back(std::move(a));
    }
  }

  // ------------------------------------------------------------------ pattern matching

  // Does word w (with its text neighbours) start or end a phrase of synset `id`?
  bool SynsetAt(int32_t id, int w) const {
    if (id < 0) return false;
    // Many patterns of a block name the same synsets: memoise per sentence.
    const uint64_t key = (static_cast<uint64_t>(static_cast<uint32_t>(id)) << 32) |
                         static_cast<uint32_t>(w);
    if (auto it = sc.synset_memo.find(key); it != sc.synset_memo.end()) return it->second;
    const bool r = SynsetAtUncached(id, w);
    sc.synset_memo.emplace(key, r);
    return r;
  }

  bool SynsetAtUncached(int32_t id, int w) const { return SynsetLengthAt(id, w) > 0; }

  // The longest phrase of synset `id` starting or ending at word w; 0 when none.
  int SynsetLengthAt(int32_t id, int w) const {
    std::array<std::string_view, 4> win;
    const int max_len = id < static_cast<int32_t>(coder.synset_max_words.size())
                            ? coder.synset_max_words[id] : 4;
    int best = 0;
    for (int len = 1; len <= max_len; ++len) {
      if (w + len <= n) {
        for (int k = 0; k < len; ++k) win[k] = sc.views[w + k];
        if (verbs().SynsetContains(id, std::span<const std::string_view>(win.data(), len))) best = len;
      }
      if (len > 1 && w - len + 1 >= 0) {
        for (int k = 0; k < len; ++k) win[k] = sc.views[w - len + 1 + k];
        if (verbs().SynsetContains(id, std::span<const std::string_view>(win.data(), len))) best = len;
      }
    }
    return best;
  }

  // PatternWeight()'s bound from the dictionary alone (synset phrases at their longest).
  int MaxPatternWeight(const dict::VerbPattern& p) const {
    int weight = 0;
    for (const auto* constituents : {&p.before, &p.after}) {
      for (const PatternConstituent& c : *constituents) {
        for (const PatternToken& t : c.tokens) {
          if (t.kind == PatternToken::Kind::kWord) ++weight;
          if (t.kind != PatternToken::Kind::kSynset) continue;
          weight += t.synset >= 0 && t.synset < static_cast<int32_t>(coder.synset_max_words.size())
                        ? coder.synset_max_words[t.synset] : 4;
        }
      }
    }
    return weight;
  }

  // How many text words a pattern's content tokens can cover in `region`: one per
  // literal word, the longest phrase found in the text per synset (an upper bound used
  // only to rank patterns that both match).
  int PatternWeight(const dict::VerbPattern& p, const std::vector<int>& region) const {
    int weight = 0;
    for (const auto* constituents : {&p.before, &p.after}) {
      for (const PatternConstituent& c : *constituents) {
        for (const PatternToken& t : c.tokens) {
          if (t.kind == PatternToken::Kind::kWord) ++weight;
          if (t.kind != PatternToken::Kind::kSynset) continue;
          int longest = 0;
          for (int w : region) {
            if (InVerbPhrase(w)) longest = std::max(longest, SynsetLengthAt(t.synset, w));
          }
          weight += longest;
        }
      }
    }
    return weight;
  }

  // Is w part of the verb phrase of `cur_verb`: inside the core of one of its direct
  // dependents, possibly through one infinitival clause ("vowed to wage war")? A word in
  // an attachment of an attachment ("at the start of a regional trip") is not: PETRARCH-2
  // patterns name the heads of the verb's own phrases.
  // Answered from a table built once per verb (BuildPhraseTable): patterns ask it for
  // every word they try.
  bool InVerbPhrase(int w) const {
    if (cur_verb < 0) return true;
    return sc.in_phrase[w] != 0;
  }

  void BuildPhraseTable(int v) const {
    sc.in_phrase.assign(n, 0);
    for (int w = 0; w < n; ++w) sc.in_phrase[w] = InPhraseOf(w, v, 0) ? 1 : 0;
  }

  bool InPhraseOf(int w, int v, int depth) const {
    if (v < 0) return true;
    if (w == v) return false;
    // The child d of v on the path from w, and whether the path stays in cores.
    int x = w;
    bool core_path = true;
    int attachments = 0;
    bool timed = false;  // the path crosses a time attachment ("during its campaign")
    int guard = 0;
    while (x >= 0 && sc.tree.head[x] != v) {
      if (++guard > static_cast<int>(coder.options.max_tree_depth)) return false;
      switch (sc.tree.rel[x]) {
        case Rel::kCompound: case Rel::kAmod: case Rel::kFlat: case Rel::kDet:
        case Rel::kNummod: case Rel::kPoss: case Rel::kFixed: case Rel::kCase:
        case Rel::kPrt: case Rel::kAdvmod: case Rel::kNeg: case Rel::kCc: case Rel::kConj:
          break;
        case Rel::kObl: {
          // Tolerance(pp-attachment):
          // PP attachment is the parser's weakest decision: a prepositional phrase
          // right of an attachment of the verb ("welcomed memos on economic issue from
          // Bree") may as well attach to the verb. `of` phrases attach to their noun
          // ("at the start of a regional trip").
          const std::string_view p = CaseOf(x);
          timed = timed || IsTemporal(p);
          if (attachments++ == 0 && !p.empty() && p != "of" && !IsTemporal(p) &&
              x > sc.tree.head[x]) {
            break;
          }
          core_path = false;
          break;
        }
        default:
          core_path = false;
      }
      x = sc.tree.head[x];
    }
    if (x < 0) return false;
    switch (sc.tree.rel[x]) {
      case Rel::kObj: case Rel::kIobj: case Rel::kSubj: case Rel::kSubjPass:
        // Anywhere in the object (or subject) phrase, except in a time attachment of
        // it: "launched attacks during its campaign" launches no campaign, wherever
        // the parser hangs the `during` phrase.
        return !timed;
      case Rel::kXcomp: case Rel::kAdvcl:
        return depth == 0 && (sc.tree.rel[x] == Rel::kXcomp || IsInfinitival(x)) &&
               InPhraseOf(w, x, depth + 1);
      default:
        // An attachment, a particle, a modifier: its core only ("at the start of a
        // regional trip" does not put "trip" in the verb phrase); time attachments
        // ("during its campaign") not at all.
        if (sc.tree.rel[x] == Rel::kObl && IsTemporal(CaseOf(x))) return false;
        return core_path;
    }
  }

  bool TokenMatches(const PatternToken& t, int w) const {
    if (!InVerbPhrase(w)) return false;
    // PETRARCH-2 patterns do not contain other verbs: a verb of a governed clause is
    // coded on its own and combined, never matched as a pattern word.
    if (s.words[w].upos == Upos::kVERB && sc.tree.rel[w] != Rel::kAmod && sc.tree.rel[w] != Rel::kCompound) {
      return false;
    }
    if (t.kind == PatternToken::Kind::kWord) {
      if (WordMatches(sc.views[w], t.word)) return true;
      const std::string& lemma = s.words[w].lemma;
      return !lemma.empty() && lemma.size() == t.word.size() &&
             std::equal(lemma.begin(), lemma.end(), t.word.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
             });
    }
    if (t.kind == PatternToken::Kind::kSynset) return SynsetAt(t.synset, w);
    return false;
  }

  // PETRARCH-2 reads the words before `*` as heads of the subject's noun phrases, so an
  // adverb or a conjunction there never matches ("RECENTLY *" does not fire on "Gollum
  // recently allowed", "NEITHER *" not on "Neither Galadriel nor Gollum boycotted").
  // PETRARCH-1 (TABARI) patterns are linear and match any word.
  bool CanHeadSubjectPhrase(int w) const {
    if (verbs().format() != dict::VerbFormat::kPetrarch2) return true;
    switch (sc.tree.rel[w]) {
      case Rel::kAdvmod: case Rel::kCc: case Rel::kNeg: case Rel::kAux: case Rel::kAuxPass:
      case Rel::kMark: case Rel::kCase: case Rel::kDet: case Rel::kPunct:
        return false;
      default:
        return true;
    }
  }

  static bool IsContent(const PatternToken& t) {
    return t.kind == PatternToken::Kind::kWord || t.kind == PatternToken::Kind::kSynset;
  }

  // Matches the tokens of a noun phrase (head last) at head word h: the other words must
  // be found, in order, among the words of h's subtree before h.
  bool NounPhraseAt(const std::vector<PatternToken>& toks, size_t begin, size_t end, int h,
                    PatternHit* hit) const {
    // Find the last content token: the head.
    int head_tok = -1;
    for (size_t i = end; i-- > begin;) {
      if (IsContent(toks[i])) {
        head_tok = static_cast<int>(i);
        break;
      }
    }
    if (head_tok < 0) {
      // Only markers: `+`, `$`.
      for (size_t i = begin; i < end; ++i) Mark(toks[i], h, hit);
      return true;
    }
    if (!TokenMatches(toks[head_tok], h)) return false;
    int pos = h - 1;
    for (int i = head_tok - 1; i >= static_cast<int>(begin); --i) {
      if (!IsContent(toks[i])) continue;
      bool found = false;
      while (pos >= 0 && pos >= h - 8) {
        if (Dominates(h, pos) && TokenMatches(toks[i], pos)) {
          found = true;
          --pos;
          break;
        }
        --pos;
      }
      if (!found) return false;
    }
    for (size_t i = begin; i < end; ++i) Mark(toks[i], h, hit);
    return true;
  }

  static void Mark(const PatternToken& t, int h, PatternHit* hit) {
    if (t.kind == PatternToken::Kind::kTarget) hit->target_head = h;
    if (t.kind == PatternToken::Kind::kSource) hit->source_head = h;
    if (t.kind == PatternToken::Kind::kCompound) hit->compound = true;
  }

  // The last word of the core of the noun phrase headed by w (its head and modifiers,
  // not its attachments): where a skipped phrase ends.
  int CoreEnd(int w) const {
    std::vector<int> words;
    Core(w, 0, &words);
    return *std::max_element(words.begin(), words.end());
  }

  // The head of the next noun phrase after `pos` in `region`: a nominal attached as an
  // object or oblique (PETRARCH-2's "next NP" for `+`, `$` and `^`). -1 when none.
  int NextPhrase(const std::vector<int>& region, int pos) const {
    for (int w : region) {
      if (w <= pos || !IsNominal(s.words[w].upos)) continue;
      const Rel r = sc.tree.rel[w];
      if (r == Rel::kObj || r == Rel::kIobj || r == Rel::kObl) return w;
    }
    return -1;
  }

  // Matches one constituent in `region`. Constituents are matched left to right: *pos is
  // the last word matched so far (`start` when nothing has been), a content word is looked
  // for after it first, and `+` / `$` / `^` take the next noun phrase after it — right
  // after the verb (`start`) `+` / `$` mean the default phrase (object / subject).
  bool ConstituentMatches(const PatternConstituent& c, const std::vector<int>& region,
                          int default_np, int start, int* pos, PatternHit* hit) const {
    using K = PatternConstituent::Kind;
    if (c.kind == K::kToken) {
      const PatternToken& t = c.tokens[0];
      if (!IsContent(t)) {
        if (t.kind == PatternToken::Kind::kCompound) {
          hit->compound = true;
          return true;
        }
        int np = *pos == start ? -1 : NextPhrase(region, *pos);
        if (t.kind == PatternToken::Kind::kSkip) {
          if (np < 0) np = NextPhrase(region, *pos);
          if (np >= 0) *pos = CoreEnd(np);
          return true;
        }
        if (np < 0) np = default_np;
        if (np < 0) return false;
        if (t.kind == PatternToken::Kind::kTarget) hit->target_head = np;
        if (t.kind == PatternToken::Kind::kSource) hit->source_head = np;
        *pos = std::max(*pos, CoreEnd(np));
        return true;
      }
      for (int pass = 0; pass < 2; ++pass) {
        for (int w : region) {
          if (pass == 0 && w <= *pos) continue;
          if (start < 0 && !CanHeadSubjectPhrase(w)) continue;
          if (TokenMatches(t, w)) {
            if (pass == 0) *pos = w;
            return true;
          }
        }
      }
      return false;
    }
    if (c.kind == K::kNounPhrase) {
      for (int pass = 0; pass < 2; ++pass) {
        for (int w : region) {
          if (pass == 0 && w <= *pos) continue;
          PatternHit h2 = *hit;
          if (NounPhraseAt(c.tokens, 0, c.tokens.size(), w, &h2)) {
            *hit = h2;
            if (pass == 0) *pos = w;
            return true;
          }
        }
      }
      return false;
    }
    // Prepositional phrase: tokens[0] the preposition, the rest its object.
    if (c.tokens.empty()) return false;
    for (int pass = 0; pass < 2; ++pass) {
      for (int p : region) {
        if (pass == 0 && p <= *pos) continue;
        if (!TokenMatches(c.tokens[0], p)) continue;
        const Rel r = sc.tree.rel[p];
        // The infinitive "to" and the complementiser "that" are not prepositions.
        if (r == Rel::kMark && sc.tree.head[p] >= 0 && s.words[sc.tree.head[p]].upos == Upos::kVERB) continue;
        int obj = -1;
        if (r == Rel::kCase || r == Rel::kMark) {
          obj = sc.tree.head[p];
        } else {
          // A particle or adverb used as the preposition: its object is the next nominal.
          for (int w : region) {
            if (w > p && IsNominal(s.words[w].upos)) {
              obj = w;
              break;
            }
          }
        }
        if (c.tokens.size() == 1) {
          // `(AT) ^ +`: the preposition alone; its object is the next phrase.
          if (pass == 0) *pos = p;
          return true;
        }
        if (obj < 0) continue;
        PatternHit h2 = *hit;
        bool ok = NounPhraseAt(c.tokens, 1, c.tokens.size(), obj, &h2);
        // The object's head may be a modifier of a larger phrase ("(TO PEACE &TREATY)"):
        // try the words of its subtree.
        for (size_t i = 0; !ok && i < region.size(); ++i) {
          const int w = region[i];
          h2 = *hit;
          ok = w != obj && Dominates(obj, w) && NounPhraseAt(c.tokens, 1, c.tokens.size(), w, &h2);
        }
        if (ok) {
          *hit = h2;
          if (pass == 0) *pos = std::max(p, CoreEnd(obj));
          return true;
        }
      }
    }
    return false;
  }

  // Adds to `out` the words of w's subtree, not entering clauses of their own.
  void Subtree(int w, int depth, std::vector<int>* out) const {
    out->push_back(w);
    if (depth > static_cast<int>(coder.options.max_tree_depth)) return;
    for (int c : sc.tree.children[w]) {
      const Rel r = sc.tree.rel[c];
      if (r == Rel::kCcomp || r == Rel::kParataxis || r == Rel::kRelcl || r == Rel::kPunct) {
        continue;
      }
      if (r == Rel::kAdvcl && !IsInfinitival(c)) continue;
      if (r == Rel::kConj && s.words[c].upos == Upos::kVERB) continue;
      Subtree(c, depth + 1, out);
    }
  }

  // --------------------------------------------------------------------- verb clauses

  // The verb-dictionary entry for word v: the longest form whose other words are around v.
  const dict::VerbFormRef* FindVerbAt(int v, int* form_words) const {
    std::span<const dict::VerbFormRef> refs = verbs().FindVerb(sc.views[v]);
    if (refs.empty() && !s.words[v].lemma.empty()) {
      std::string lemma = dict::LowercaseWord(s.words[v].lemma);
      refs = verbs().FindVerb(lemma);
    }
    const dict::VerbFormRef* best = nullptr;
    int best_len = 0;
    for (const dict::VerbFormRef& r : refs) {
      const dict::VerbMember& m = verbs().members()[r.member];
      const dict::VerbForm& f = m.forms[r.form];
      const int k = static_cast<int>(f.verb_word);
      bool ok = true;
      int pos = v;
      for (size_t j = k + 1; j < f.words.size() && ok; ++j) {
        bool found = false;
        for (int q = pos + 1; q < n && q <= pos + 4; ++q) {
          if (sc.views[q] == f.words[j]) {
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
          if (sc.views[q] == f.words[j]) {
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

  bool IsNegated(int v) const {
    for (int c : sc.tree.children[v]) {
      if (sc.tree.rel[c] == Rel::kNeg) return true;
      if ((sc.tree.rel[c] == Rel::kAdvmod || sc.tree.rel[c] == Rel::kAux) && IsNegWord(sc.views[c])) return true;
      if (s.words[c].feats.find("Polarity=Neg") != std::string::npos &&
          (sc.tree.rel[c] == Rel::kAdvmod || sc.tree.rel[c] == Rel::kAux)) {
        return true;
      }
    }
    return false;
  }

  // The clause's subject word (or -1) and whether it is a passive subject.
  int SubjectOf(int v, bool* passive) const {
    *passive = false;
    // "There were 10 soldiers killed in Ukraine": a bare past participle used as a
    // clause of "be" is a reduced passive; its subject is the patient.
    bool reduced = false;
    if (sc.tree.rel[v] == Rel::kCsubj && sc.tree.head[v] >= 0 && s.words[sc.tree.head[v]].lemma == "be" &&
        (IsPastParticiple(v) || s.words[v].xpos == "VBD")) {
      reduced = true;
      for (int c : sc.tree.children[v]) {
        if (sc.tree.rel[c] == Rel::kAux || sc.tree.rel[c] == Rel::kAuxPass) reduced = false;
      }
    }
    // Tolerance(second-subject):
    // Two subjects: the parser split a noun phrase ("An/nsubj Eriadorian/nsubj was
    // shot"); the first that is not a determiner or punctuation heads the subject.
    int found = -1;
    for (int c : sc.tree.children[v]) {
      if (sc.tree.rel[c] != Rel::kSubj && sc.tree.rel[c] != Rel::kSubjPass) continue;
      const Upos u = s.words[c].upos;
      const bool weak = u == Upos::kDET || u == Upos::kPUNCT;
      if (found < 0 || (!weak && (s.words[found].upos == Upos::kDET ||
                                  s.words[found].upos == Upos::kPUNCT))) {
        found = c;
      }
      if (!weak) break;
    }
    if (found >= 0) *passive = sc.tree.rel[found] == Rel::kSubjPass || reduced;
    // Tolerance(copular-root-passive):
    // "The Philippines was heavily and unjustly criticized" parsed with the adverb as a
    // copular root and the participle its conjunct: the copula is the passive auxiliary
    // and the root's subject the passive subject.
    if (found < 0 && sc.tree.rel[v] == Rel::kConj && IsPastParticiple(v) && sc.tree.head[v] >= 0) {
      const int h = sc.tree.head[v];
      const Upos hu = s.words[h].upos;
      const int cop = ChildWith(h, Rel::kCop);
      if ((hu == Upos::kADV || hu == Upos::kADJ) && cop >= 0 && s.words[cop].lemma == "be") {
        for (int c : sc.tree.children[h]) {
          if (sc.tree.rel[c] == Rel::kSubj && c < cop) {
            *passive = true;
            return c;
          }
        }
      }
    }
    return found;
  }

  bool IsPastParticiple(int v) const {
    return s.words[v].xpos == "VBN" ||
           (s.words[v].feats.find("VerbForm=Part") != std::string::npos &&
            s.words[v].feats.find("Tense=Past") != std::string::npos);
  }

  // A clause modifying a noun by a past participle ("men sought by the police").
  bool IsParticipleAcl(int v) const { return sc.tree.rel[v] == Rel::kAcl && IsPastParticiple(v); }

  // The nominal attachment right before a subjectless verb, or -1.
  int PrecedingObl(int v) const {
    int best = -1;
    for (int c : sc.tree.children[v]) {
      if (c < v && sc.tree.rel[c] == Rel::kObl && CaseOf(c) != "by") best = c;
      // Tolerance(name-read-as-clause):
      // "Pyongyang/VERB on Thursday fired ...": a name the tagger took for a verb,
      // parsed as a clause of its own with neither subject nor object.
      if (c < v && sc.tree.rel[c] == Rel::kAdvcl && sc.actor_cover[c] >= 0 &&
          ChildWith(c, Rel::kSubj) < 0 && ChildWith(c, Rel::kObj) < 0 &&
          ChildWith(c, Rel::kMark) < 0) {
        best = c;
      }
    }
    return best;
  }

  // "X was criticized over its dispute with Y": without a `by` agent the actor named in
  // the attachments of passive clause v is the one who acted — a `from` attachment
  // first ("a bomb was fired at it from the Gaza Strip"), never a pronoun.
  // The target among the verb's attachments: "from" first, then other prepositions,
  // and last the place of the act ("in"/"at"), marked as such: when several sources act
  // together there ("Russian and Ukrainian delegations held talks in Istanbul") they are
  // each other's targets, not the place's.
  void AttachedActors(int v, std::vector<Actor>* out) const {
    for (int pass = 0; pass < 3 && out->empty(); ++pass) {
      for (int c : sc.tree.children[v]) {
        if (sc.tree.rel[c] != Rel::kObl) continue;
        const std::string_view prep = CaseOf(c);
        const int kind = prep == "from" ? 0 : (prep == "in" || prep == "at") ? 2 : 1;
        if (kind != pass) continue;
        if (s.words[c].upos == Upos::kPRON || IsTemporal(prep)) continue;
        const size_t before = out->size();
        Resolve(c, true, 0, out);
        if (pass == 2) {
          for (size_t k = before; k < out->size(); ++k) (*out)[k].place = true;
        }
        if (!out->empty()) break;
      }
    }
  }

  // Is v a participle modifying the subject of an existential "there is/are/were"? A
  // past form the tagger called VBD counts: no finite verb can be that acl ("There were
  // 10 soldiers killed"), while elsewhere ("a senior official said") it may well be.
  bool IsExistentialParticiple(int v) const {
    if (sc.tree.rel[v] != Rel::kAcl ||
        !(IsPastParticiple(v) || s.words[v].xpos == "VBD" ||
          s.words[v].feats.find("Tense=Past") != std::string::npos)) {
      return false;
    }
    const int n0 = sc.tree.head[v];
    if (n0 < 0 || sc.tree.rel[n0] != Rel::kSubj) return false;
    const int be = sc.tree.head[n0];
    if (be < 0 || s.words[be].lemma != "be") return false;
    for (int c : sc.tree.children[be]) {
      if (c < n0 && sc.views[c] == "there") return true;
    }
    return false;
  }

  // Is v (a conj) the last conjunct of its head with no conjunction before it? UD v2
  // hangs the cc on the conjunct, v1 on the first conjunct (the head): both count.
  bool IsUnmarkedLastConjunct(int v) const {
    const int h = sc.tree.head[v];
    if (h < 0 || ChildWith(v, Rel::kCc) >= 0) return false;
    for (int c : sc.tree.children[h]) {
      if (c > v && sc.tree.rel[c] == Rel::kConj) return false;
      if (c < v && sc.tree.rel[c] == Rel::kCc) return false;
    }
    // Tolerance(misattached-conjunction):
    // A conjunction misattached elsewhere ("on Thursday/cc:and promised aid"): the word
    // before the clause (its own pre-modifiers and punctuation skipped).
    int k = v - 1;
    while (k > h && (s.words[k].upos == Upos::kPUNCT || sc.tree.head[k] == v)) --k;
    return k <= h || (s.words[k].upos != Upos::kCCONJ && sc.tree.rel[k] != Rel::kCc);
  }

  int AgentOf(int v) const {
    for (int c : sc.tree.children[v]) {
      if (sc.tree.rel[c] == Rel::kObl && CaseOf(c) == "by") return c;
    }
    // Tolerance(agent-on-adverb):
    // "was opposed earlier by Osgiliath" with the `by` phrase attached to the adverb.
    for (int c : sc.tree.children[v]) {
      if (sc.tree.rel[c] != Rel::kAdvmod) continue;
      for (int cc : sc.tree.children[c]) {
        if (sc.tree.rel[cc] == Rel::kObl && CaseOf(cc) == "by") return cc;
      }
    }
    return -1;
  }

  // Source actors of clause v; inherited through xcomp/conj/advcl/acl governors.
  void SourcesOf(int v, int depth, std::vector<Actor>* out, bool* passive_out) const {
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
      if (agent >= 0) Resolve(agent, true, 0, out); else AttachedActors(v, out);
      return;
    }
    if (subj >= 0) {
      Resolve(subj, false, 0, out);
      // Tolerance(last-conjunct-as-subject):
      // "The US, Russia, and Switzerland met": a v2 parser may attach the last conjunct
      // as a second subject of the verb; each nominal subject is one more actor.
      for (int c : sc.tree.children[v]) {
        if (c == subj || sc.tree.rel[c] != Rel::kSubj || !IsNominal(s.words[c].upos)) continue;
        if (s.words[c].upos == Upos::kPRON) continue;
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
      const int h = sc.tree.head[v];
      if (sc.tree.rel[v] == Rel::kConj && h >= 0 && h < subj &&
          (s.words[h].upos == Upos::kPROPN || s.words[h].upos == Upos::kNOUN)) {
        std::vector<Actor> more;
        ResolveOne(h, false, 0, &more);
        for (int c : sc.tree.children[h]) {
          if (c < subj && (sc.tree.rel[c] == Rel::kAppos || sc.tree.rel[c] == Rel::kConj)) {
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
    const int h = sc.tree.head[v];
    const int pre = PrecedingObl(v);
    if (pre >= 0 && (h < 0 || s.words[h].upos != Upos::kVERB)) {
      // A misparsed clause whose subject hangs off the verb as a preceding nominal
      // ("after Calenardhon crowds burned down ...").
      Resolve(pre, false, 0, out);
      return;
    }
    if (h < 0) return;
    const Rel r = sc.tree.rel[v];
    // Tolerance(as-read-as-preposition):
    // "came as the US leader prepared to attend": the conjunction "as" parsed as a
    // preposition leaves the clause's subject as an `as` attachment of the governor,
    // right before the verb.
    // UD v2 parsers often attach such a clause as parataxis.
    if ((r == Rel::kAdvcl || r == Rel::kParataxis) && v > 0) {
      int prev = v - 1;
      while (prev >= 0 && (sc.tree.rel[prev] == Rel::kAux || sc.tree.rel[prev] == Rel::kAdvmod)) --prev;
      if (prev >= 0 && sc.tree.head[prev] == h && sc.tree.rel[prev] == Rel::kObl && CaseOf(prev) == "as") {
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
        (s.words[v].xpos != "VBG" || ChildWith(v, Rel::kAux) >= 0)) {
      for (int c : sc.tree.children[h]) {
        if (sc.tree.rel[c] == Rel::kObj && h < c && c < v) {
          Resolve(c, false, 0, out);
          return;
        }
      }
    }
    // "..., especially by promoting biofuels, US Deputy Secretary Jeffrey Kupfer said":
    // a last conjunct with no conjunction before it is not a coordinated clause (English
    // marks the last conjunct) but a misparsed clause of its own; it shares no subject.
    if (r == Rel::kConj && IsUnmarkedLastConjunct(v)) return;
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
    } else if (r == Rel::kAcl) {
      // "men sought by the police": a past participle modifying its patient; only a
      // `by` agent acts ("men sought in the slaying of missionaries" names no actor).
      const int agent = AgentOf(v);
      if (agent >= 0) Resolve(agent, false, 0, out);
    }
  }

  static bool Weak(const std::vector<Actor>& a) {
    for (const Actor& x : a) {
      if (!x.base.empty()) return false;
    }
    return true;
  }

  void TargetsOf(int v, bool passive, std::vector<Actor>* out) const {
    if (passive) {
      bool p = false;
      const int subj = SubjectOf(v, &p);
      if (subj >= 0) Resolve(subj, true, 0, out);
      if (!out->empty()) return;
    }
    if ((IsParticipleAcl(v) || IsExistentialParticiple(v)) && sc.tree.head[v] >= 0) {
      Resolve(sc.tree.head[v], false, 0, out);
      if (!out->empty()) return;
    }
    // An object naming only an agent ("military exercises") yields to a named actor in
    // the attachments ("in Alaska").
    std::vector<Actor> weak;
    for (int c : sc.tree.children[v]) {
      if (sc.tree.rel[c] == Rel::kObj || sc.tree.rel[c] == Rel::kIobj) {
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
    for (int c : sc.tree.children[v]) {
      // A non-verbal secondary predicate ("marched close to the border with Mordor",
      // UD v2 xcomp; v1 parses often call it an object) carries the attachments.
      const bool predicate = sc.tree.rel[c] == Rel::kXcomp && (s.words[c].upos == Upos::kADJ ||
                                                          s.words[c].upos == Upos::kADV);
      if ((sc.tree.rel[c] == Rel::kObl || predicate) && c != agent && c != pre) {
        // (A place attached to the verb stays a target: "Obama and Putin will meet in
        // Zurich" is coded with CHE in the PETRARCH-2 gold standard.)
        Resolve(c, true, 0, out);
        if (!out->empty() && !Weak(*out)) return;
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
    for (int c : sc.tree.children[v]) {
      if (!((sc.tree.rel[c] == Rel::kAdvcl || sc.tree.rel[c] == Rel::kXcomp) && IsInfinitival(c))) continue;
      if (s.words[c].upos != Upos::kVERB) continue;
      int form_words = 0;
      if (FindVerbAt(c, &form_words) != nullptr) continue;
      for (int cc : sc.tree.children[c]) {
        if (sc.tree.rel[cc] == Rel::kObj || sc.tree.rel[cc] == Rel::kIobj) Resolve(cc, false, 0, out);
        if (!out->empty()) return;
      }
    }
    // "Arnor believes Dagolath can cope": the complement clause's subject.
    for (int c : sc.tree.children[v]) {
      if (sc.tree.rel[c] != Rel::kCcomp) continue;
      bool p = false;
      const int subj = SubjectOf(c, &p);
      if (subj >= 0) Resolve(subj, false, 0, out);
      if (!out->empty()) return;
    }
  }

  void CodeClause(int v, Clause* cl) const {
    cl->verb = v;
    int form_words = 0;
    const dict::VerbFormRef* ref = FindVerbAt(v, &form_words);
    if (ref == nullptr) return;
    cl->has_clause = true;
    const dict::VerbMember& member = verbs().members()[ref->member];
    const dict::VerbBlock& block = verbs().blocks()[ref->block];
    for (const std::string& w : member.forms[0].words) {
      if (!cl->base.empty()) cl->base += '_';
      cl->base += w;
    }

    bool passive = false;
    SourcesOf(v, 0, &cl->sources, &passive);
    {
      bool p = false;
      cl->own_subject = SubjectOf(v, &p) >= 0 || (passive && !cl->sources.empty());
    }
    // Regions: words after the verb outside the subject, and the subject's words.
    std::vector<int> clause_words;
    Subtree(v, 0, &clause_words);
    bool p2 = false;
    const int subj = SubjectOf(v, &p2);
    std::vector<int> subj_words;
    if (subj >= 0) Subtree(subj, 0, &subj_words);
    std::vector<int> after, before;
    for (int w : clause_words) {
      if (w == v) continue;
      if (subj >= 0 && Dominates(subj, w)) continue;
      if (w > v) after.push_back(w); else before.push_back(w);
    }
    std::sort(after.begin(), after.end());
    for (int w : subj_words) before.push_back(w);
    std::sort(before.begin(), before.end());
    int obj = -1;
    for (int c : sc.tree.children[v]) {
      if (sc.tree.rel[c] == Rel::kObj) {
        obj = c;
        break;
      }
    }
    // Patterns describe the active clause: words before `*` belong to the agent, words
    // after it to the patient. In a passive ("Evidence against Russia was presented by
    // the US", "The building was demolished by a protestor") the patient is the passive
    // subject and the agent the `by` attachment, so the regions swap. The dictionaries
    // rely on it: "MISSILE * [194]" is written for "blown up by a missile".
    int pattern_subj = subj;
    if (p2 && subj >= 0) {
      const int agent = AgentOf(v);
      std::vector<int> agent_words;
      if (agent >= 0) Subtree(agent, 0, &agent_words);
      std::vector<int> patient;
      for (int w : after) {
        if (agent < 0 || !Dominates(agent, w)) patient.push_back(w);
      }
      for (int w : subj_words) patient.push_back(w);
      std::sort(patient.begin(), patient.end());
      after = std::move(patient);
      std::sort(agent_words.begin(), agent_words.end());
      before = std::move(agent_words);
      if (obj < 0) obj = subj;
      pattern_subj = agent;
    }

    const dict::VerbPattern* fired = nullptr;
    PatternHit hit;
    BuildPhraseTable(v);
    cur_verb = v;
    auto matches = [&](const dict::VerbPattern& p, PatternHit* h) {
      int pos = v;
      for (const PatternConstituent& c : p.after) {
        if (!ConstituentMatches(c, after, obj, v, &pos, h)) return false;
      }
      pos = -1;
      for (const PatternConstituent& c : p.before) {
        if (!ConstituentMatches(c, before, pattern_subj, -1, &pos, h)) return false;
      }
      return true;
    };
    size_t fired_at = 0;
    for (size_t k = 0; k < block.patterns.size(); ++k) {
      const dict::VerbPattern& p = verbs().patterns()[block.patterns[k]];
      PatternHit h;
      if (!matches(p, &h)) continue;
      fired = &p;
      fired_at = k;
      hit = h;
      break;
    }
    if (fired != nullptr) {
      // Patterns as specific as the one that fired may cover more of the text through a
      // longer synset phrase ("* &HYPERCURR" matching "austrian gold florin" against
      // "* &CURRENCY" matching "florin"): the longest match wins, as PETRARCH's
      // longest-first synset matching intends; ties keep the earlier pattern.
      std::vector<int> region = after;
      region.insert(region.end(), before.begin(), before.end());
      int best_weight = PatternWeight(*fired, region);
      for (size_t k = fired_at + 1; k < block.patterns.size(); ++k) {
        const dict::VerbPattern& p = verbs().patterns()[block.patterns[k]];
        if (p.specificity != fired->specificity) break;
        if (MaxPatternWeight(p) <= best_weight) continue;  // Cheap bound first.
        const int weight = PatternWeight(p, region);
        if (weight <= best_weight) continue;
        PatternHit h;
        if (!matches(p, &h)) continue;
        fired = &p;
        hit = h;
        best_weight = weight;
      }
    }
    if (fired != nullptr) {
      // The same pattern written twice in a block: PETRARCH's trie keeps the last one.
      for (uint32_t pi : block.patterns) {
        const dict::VerbPattern& p = verbs().patterns()[pi];
        if (p.text == fired->text && p.loc.line > fired->loc.line) fired = &p;
      }
    }
    cur_verb = -1;
    dict::EventCode code = fired != nullptr ? fired->code : member.code;
    if (fired != nullptr) {
      cl->pattern = fired->text;
      cl->pattern_loc = fired->loc.ToString();
    } else {
      cl->pattern = block.name + " " + member.code.ToString();
      cl->pattern_loc = member.loc.ToString();
    }
    cl->code = code.code;
    cl->reciprocal = code.reciprocal;
    cl->compound = hit.compound;
    if (hit.source_head >= 0 && hit.source_head != pattern_subj) {
      cl->sources.clear();
      Resolve(hit.source_head, true, 0, &cl->sources);
    }
    if (hit.target_head >= 0) {
      Resolve(hit.target_head, true, 0, &cl->targets);
    }
    if (cl->targets.empty()) TargetsOf(v, passive, &cl->targets);

    cl->own_code = cl->code;
    // "Israel announced it would free prisoners": the conditional/reported future is an
    // intent (PICO intend 0x3000 combined with the act), when CAMEO has that code.
    if (!cl->code.empty() && !IsNegated(v)) {
      for (int c : sc.tree.children[v]) {
        if (sc.tree.rel[c] != Rel::kAux || sc.views[c] != "would") continue;
        if (const std::optional<int64_t> value = coder.pico.Value(cl->code)) {
          const std::string intent = coder.pico.Cameo(Pico::Combine(0x3000, *value));
          if (!intent.empty()) {
            cl->code = intent;
            cl->reciprocal.clear();
          }
        }
      }
    }
    if (IsNegated(v) && !cl->code.empty()) {
      cl->negated = true;
      const std::optional<int64_t> value = coder.pico.Value(cl->code);
      std::string neg = value ? coder.pico.Cameo(Pico::Negate(*value)) : std::string();
      // No negated meaning known: not coded at all (never the positive event).
      cl->code = neg;
      cl->reciprocal.clear();
    }
  }
};

namespace {

bool SameActors(const std::vector<Actor>& a, const std::vector<Actor>& b) {
  if (a.empty() || b.empty()) return false;
  for (const Actor& x : b) {
    bool found = false;
    for (const Actor& y : a) found = found || x.code == y.code;
    if (!found) return false;
  }
  return true;
}

// Inner verb codes match by identity, or within the family of violent acts (18-20):
// "fired" (183) is an ATTACK (190) for "X said Y attacked".
bool InnerCodeMatches(const std::string& inner, const std::string& wanted) {
  if (wanted.empty()) return !inner.empty();
  if (inner == wanted) return true;
  auto violent = [](const std::string& c) {
    return c.size() >= 2 && (c.compare(0, 2, "18") == 0 || c.compare(0, 2, "19") == 0 ||
                             c.compare(0, 2, "20") == 0);
  };
  return violent(inner) && violent(wanted);
}

}  // namespace


void Coder::Impl::ApplyTransformations(const Sent& st, CoderScratch::Impl* sc) const {
  const int n = st.n;
  for (int v = 0; v < n; ++v) {
    Clause& outer = sc->clauses[v];
    if (!outer.has_clause || outer.consumed || outer.sources.empty()) continue;
    for (int c : sc->tree.children[v]) {
      Clause& inner = sc->clauses[c];
      if (!inner.has_clause || inner.consumed || inner.own_code.empty()) continue;
      const Rel r = sc->tree.rel[c];
      const bool xcomp = r == Rel::kXcomp || (r == Rel::kAdvcl && st.IsInfinitival(c));
      if (r != Rel::kCcomp && !xcomp) continue;
      // The inner clause's own actor: its subject; for "wants Putin to attack" the
      // governor's object (object control); none for "wants to attack".
      std::vector<Actor> inner_src;
      if (inner.own_subject) {
        inner_src = inner.sources;
      } else if (xcomp && st.ChildWith(v, Rel::kObj) >= 0) {
        inner_src = outer.targets;
      }
      const bool will = [&] {
        for (int a : sc->tree.children[c]) {
          if (sc->tree.rel[a] == Rel::kAux && (sc->views[a] == "will" || sc->views[a] == "would")) {
            return true;
          }
        }
        return false;
      }();
      for (const CompiledTransformation& ct : transformations) {
        const dict::Transformation& t = *ct.t;
        if (outer.base != ct.outer_word && outer.own_code != ct.outer_code) continue;
        if (!(inner.base == ct.inner_word && !ct.inner_word.empty()) &&
            !InnerCodeMatches(inner.own_code, ct.inner_code)) {
          continue;
        }
        if (ct.inner_will && !will) continue;
        // Inner source variable: same as the outer source, another actor, unspecified
        // ("."), or absent ("_").
        const std::string& is = t.inner_source;
        if (is == "_") {
          if (!inner_src.empty()) continue;
        } else if (is == t.outer_source) {
          if (!SameActors(outer.sources, inner_src)) continue;
        } else if (is != ".") {
          if (inner_src.empty() || SameActors(outer.sources, inner_src)) continue;
        }
        auto bind = [&](const std::string& var) -> const std::vector<Actor>* {
          if (var == t.outer_source) return &outer.sources;
          if (var == is) return &inner_src;
          if (var == t.inner_target) return &inner.targets;
          return nullptr;
        };
        const std::vector<Actor>* src = bind(t.result_source);
        const std::vector<Actor>* tgt = bind(t.result_target);
        if (src == nullptr || tgt == nullptr || src->empty() || tgt->empty()) continue;
        std::string code = t.result_code == "Q" ? inner.code : t.result_code;
        if (code.empty()) continue;
        // A reported future ("Israel announced it would free prisoners") is an intent:
        // PICO intend (0x3000) combined with the act, when CAMEO has that code.
        if (t.result_code == "Q" && will) {
          if (const std::optional<int64_t> iv = pico.Value(code)) {
            const std::string intent = pico.Cameo(Pico::Combine(0x3000, *iv));
            if (!intent.empty()) code = intent;
          }
        }
        std::vector<Actor> new_src = *src, new_tgt = *tgt;
        outer.sources = std::move(new_src);
        outer.targets = std::move(new_tgt);
        outer.code = code;
        outer.reciprocal.clear();
        outer.pattern = "~ " + t.outer_source + " (" + t.inner_source + " " + t.inner_target + " " +
                        t.inner_verb + ") " + t.outer_verb + " = " + t.result_source + " " +
                        t.result_target + " " + t.result_code;
        outer.pattern_loc = t.loc.ToString();
        inner.consumed = true;
        // "claimed that ISIL had attacked Iraq and taken Mosul": the conjoined acts are
        // part of the same reported claim.
        for (int cc : sc->tree.children[c]) {
          if (sc->tree.rel[cc] == Rel::kConj) sc->clauses[cc].consumed = true;
        }
        break;
      }
    }
  }
}

void Coder::Impl::CodeSentence(const Document& doc, const Sentence& s, size_t index,
                               int32_t date, CoderScratch::Impl* sc, std::vector<Event>* out,
                               CoderStats* stats) const {
  const int n = static_cast<int>(s.words.size());
  if (stats != nullptr) ++stats->sentences;
  if (n == 0 || static_cast<uint32_t>(n) > options.max_sentence_words) {
    if (stats != nullptr) ++stats->skipped_sentences;
    return;
  }
  // Lowercase forms and the tree.
  sc->lower.resize(n);
  sc->views.resize(n);
  for (int i = 0; i < n; ++i) {
    std::string& l = sc->lower[i];
    l.assign(s.words[i].form);
    for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    sc->views[i] = l;
  }
  if (!sc->tree.Load(s)) {
    if (stats != nullptr) ++stats->skipped_sentences;
    return;
  }
  sc->tree.max_depth = options.max_tree_depth;
  repairer.Run(s, &sc->tree, stats != nullptr ? &stats->repair_fires : nullptr);
  sc->tree.LinkChildren();

  // Discards. PETRARCH matches discard phrases against the blank-separated words of the
  // sentence text, so punctuation written against a word is part of it: "15 months ago,"
  // does not match MONTHS AGO, while "in 1994 genocide" matches 1994. The words are
  // rebuilt the same way from the tokens and their SpaceAfter flags, and matched whole
  // (the validation records show PETRARCH-2 does not treat discards as stems).
  const dict::DiscardDictionary& discards = dicts->discards();
  if (discards.matcher().size() > 0) {
    sc->raw.clear();
    bool glue = false;
    for (const Token& t : s.tokens) {
      std::string_view text;
      std::string joined;
      if (t.end <= doc.text.size() && t.begin < t.end) {
        text = doc.TokenText(t);
      } else {
        for (uint32_t k = 0; k < t.word_count && t.first_word + k < s.words.size(); ++k) {
          joined += s.words[t.first_word + k].form;
        }
        text = joined;
      }
      if (!glue || sc->raw.empty()) sc->raw.emplace_back();
      for (char c : text) {
        sc->raw.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      glue = !t.space_after;
    }
    sc->raw_views.assign(sc->raw.begin(), sc->raw.end());
    std::span<const std::string_view> words(sc->raw_views.data(), sc->raw_views.size());
    for (size_t i = 0; i < words.size(); ++i) {
      if (!discards.matcher().LongestMatch(words, i).found()) continue;
      if (trace) {
        std::fprintf(stderr, "[trace] %s: discarded at '%s'\n", doc.id.c_str(),
                     std::string(words[i]).c_str());
      }
      if (stats != nullptr) ++stats->discarded_sentences;
      return;
    }
  }

  // Actor and agent matches, longest first, left to right, non-overlapping.
  sc->actor_start.assign(n, -1);
  sc->actor_len.assign(n, 0);
  sc->actor_cover.assign(n, -1);
  sc->agent_start.assign(n, -1);
  sc->agent_len.assign(n, 0);
  sc->agent_cover.assign(n, -1);
  {
    std::span<const std::string_view> words(sc->views.data(), n);
    const dict::PhraseMatcher& am = dicts->actors().matcher();
    // Tolerance(hyphen-split-name):
    // Hyphenated words the tokenizer split ("Barad - dur", as UD v2 tokenizes) are
    // tried joined too, since the dictionaries write them whole ("BARAD-DUR").
    std::string joined;
    std::vector<std::string_view> joined_words;
    for (int i = 0; i < n;) {
      const bool can = am.size() > 0 && CanNameActor(s.words[i], sc->tree.rel[i]);
      dict::PhraseMatcher::Match m = can ? am.LongestMatch(words, i) : dict::PhraseMatcher::Match{};
      uint32_t covered = m.found() ? m.length : 0;
      if (can && i + 2 < n && sc->views[i + 1] == "-" && Glued(s, i) && Glued(s, i + 1)) {
        joined = sc->views[i];
        joined += '-';
        joined += sc->views[i + 2];
        joined_words.assign(1, joined);
        for (int k = i + 3; k < n && k < i + 11; ++k) joined_words.push_back(sc->views[k]);
        const dict::PhraseMatcher::Match j = am.LongestMatch(joined_words, 0);
        if (j.found() && j.length + 2 > covered) {
          m = j;
          covered = j.length + 2;
        }
      }
      if (m.found()) {
        sc->actor_start[i] = static_cast<int>(m.value);
        sc->actor_len[i] = static_cast<int>(covered);
        for (uint32_t k = 0; k < covered; ++k) sc->actor_cover[i + k] = i;
        i += static_cast<int>(covered);
      } else {
        ++i;
      }
    }
    const dict::PhraseMatcher& gm = dicts->agents().matcher();
    for (int i = 0; i < n;) {
      if (sc->actor_cover[i] >= 0 || gm.size() == 0 || s.words[i].upos == Upos::kPUNCT) {
        ++i;
        continue;
      }
      const dict::PhraseMatcher::Match m = gm.LongestMatch(words, i);
      bool ok = m.found();
      for (uint32_t k = 0; ok && k < m.length; ++k) ok = sc->actor_cover[i + k] < 0;
      if (ok) {
        sc->agent_start[i] = static_cast<int>(m.value);
        sc->agent_len[i] = static_cast<int>(m.length);
        for (uint32_t k = 0; k < m.length; ++k) sc->agent_cover[i + k] = i;
        // Every covered word knows the entry too (AddAgents goes through the start word).
        for (uint32_t k = 1; k < m.length; ++k) sc->agent_start[i + k] = static_cast<int>(m.value);
        i += static_cast<int>(m.length);
      } else {
        ++i;
      }
    }
  }

  sc->synset_memo.clear();
  Sent st{*this, doc, s, *sc, date, n};
  sc->clauses.assign(n, Clause());
  for (int v = 0; v < n; ++v) {
    if (sc->tree.verb[v] == 0) continue;
    st.CodeClause(v, &sc->clauses[v]);
  }

  if (trace) {
    std::fprintf(stderr, "[trace] %s:", doc.id.c_str());
    for (int i = 0; i < n; ++i) {
      if (sc->actor_start[i] >= 0) std::fprintf(stderr, " actor@%d+%d", i, sc->actor_len[i]);
      if (sc->agent_cover[i] == i) std::fprintf(stderr, " agent@%d+%d", i, sc->agent_len[i]);
    }
    std::fprintf(stderr, "\n");
    for (int v = 0; v < n; ++v) {
      const Clause& cl = sc->clauses[v];
      if (!cl.has_clause) continue;
      std::string src, tgt;
      for (const Actor& a : cl.sources) src += (a.code.empty() ? "?" : a.code) + " ";
      for (const Actor& a : cl.targets) tgt += (a.code.empty() ? "?" : a.code) + " ";
      std::fprintf(stderr, "[trace]   %s(%d) code=%s:%s neg=%d src=[%s] tgt=[%s] pattern='%s' %s\n",
                   s.words[v].form.c_str(), v, cl.code.c_str(), cl.reciprocal.c_str(),
                   cl.negated, src.c_str(), tgt.c_str(), cl.pattern.c_str(), cl.pattern_loc.c_str());
    }
  }

  // Verb-verb transformations ("A said B attacked" → A accuses B).
  if (!transformations.empty()) ApplyTransformations(st, sc);

  // Combine a verb with its xcomp (and a statement verb with its ccomp).
  for (int v = 0; v < n; ++v) {
    Clause& outer = sc->clauses[v];
    if (!outer.has_clause) continue;
    for (int c : sc->tree.children[v]) {
      Clause& inner = sc->clauses[c];
      if (!inner.has_clause || inner.code.empty() || inner.consumed) continue;
      const Rel r = sc->tree.rel[c];
      if (r == Rel::kXcomp || (r == Rel::kAdvcl && st.IsInfinitival(c))) {
        // "Gollum was seen to break into ...": a governor with no actor of its own
        // leaves the inner event alone.
        if (outer.code.empty() || outer.sources.empty()) continue;
        const std::optional<int64_t> ov = pico.Value(outer.code);
        const std::optional<int64_t> iv = pico.Value(inner.code);
        std::string combined;
        // A statement governed by a higher-level act ("urged Eriador to respond") adds
        // nothing to it: PICO's "two high-level acts keep the inner one" would turn the
        // appeal into a bare statement.
        const bool inner_statement = CameoRootCode(inner.code) == "01" && ov && *ov >= 0x1000;
        // A threat governing a coercive act ("threatened to arrest"): the threat with
        // the coercion's content (0x6000 + repression 0x09C = 137, + administrative
        // sanctions 0x01B = 1321), as the codebook builds its 13x codes; a coercion with
        // no threat code of its own is a threat of repression (137) — never the coercion
        // itself, which did not happen. (An intent to coerce, "pledged to expel", stays
        // the coercion, as the PETRARCH-2 gold standard codes it.)
        const bool threatened_coercion = ov && iv && (*ov & 0xF000) == 0x6000 &&
                                         *ov < 0x10000 && (*iv & 0xF000) == 0x9000;
        if (threatened_coercion && !inner_statement) {
          combined = pico.Cameo(0x6000 + (*iv & 0x0FFF));
          if (combined.empty()) combined = pico.Cameo(0x609C);
        }
        if (combined.empty() && ov && iv && !inner_statement) {
          const int64_t value = Pico::Combine(*ov, *iv);
          combined = pico.Cameo(value);
          // An intent to use force is a threat (CAMEO 13): "wants to attack" is
          // intend 0x3000 + fight 0x00A0, coded as threaten 0x60A0 (138).
          // (The inner act itself must be force: 036 + 051 sums into that range too.)
          if (combined.empty() && (*ov & 0xF000) == 0x3000 && (value & 0xF000) == 0x3000 &&
              *iv >= 0x0090 && *iv < 0x0100) {
            combined = pico.Cameo(value - 0x3000 + 0x6000);
          }
        }
        if (!combined.empty()) {
          outer.code = combined;
          outer.reciprocal.clear();
          // The event explains itself: both patterns, the inner one's line in brackets.
          outer.pattern += " + " + inner.pattern + " (" + inner.pattern_loc + ")";
          // The governor's own target stands ("urged Bree to help", "met with Assad to
          // discuss ..."); without one, the inner clause's ("wants to attack Switzerland").
          if (outer.targets.empty()) outer.targets = inner.targets;
          inner.consumed = true;
        } else if (ov && *ov >= 0 && *ov < 0x1000) {
          // No combined meaning and a plain governor ("agreed to lift the sanctions"):
          // the inner act is the event.
          outer.consumed = true;
          if (inner.sources.empty()) inner.sources = outer.sources;
        } else {
          // No combined meaning: a high-level governor's event stands for the clause
          // ("pressured by Congress to help Iran" is the pressure).
          inner.consumed = true;
          if (outer.targets.empty()) outer.targets = inner.targets;
        }
      } else if (r == Rel::kCcomp) {
        const std::optional<int64_t> ov =
            outer.code.empty() ? std::nullopt : pico.Value(outer.code);
        const std::optional<int64_t> iv = pico.Value(inner.code);
        const int64_t kind = ov ? (*ov & 0xF000) : 0;
        if (ov && iv && *ov >= 0 && *ov < 0x10000 && (kind == 0x2000 || kind == 0x4000) &&
            !outer.sources.empty() && *iv >= 0 && *iv < 0x1000) {
          // "X demanded that Y release Z", "X urged that Y withdraw": an appeal or demand
          // for the inner act, addressed to the inner clause's subject; the inner act has
          // not happened, so it is not an event of its own.
          const std::string combined = pico.Cameo(Pico::Combine(*ov, *iv));
          if (!combined.empty()) {
            outer.code = combined;
            outer.reciprocal.clear();
            outer.pattern += " + " + inner.pattern + " (" + inner.pattern_loc + ")";
            if (!inner.sources.empty()) outer.targets = inner.sources;
            inner.consumed = true;
          }
        } else if (!outer.code.empty() && CameoRootCode(outer.code) == "01") {
          // "X said that Y attacked Z": the reported event stands; a bare statement by X
          // about it adds nothing.
          outer.consumed = true;
        }
      }
    }
  }

  // Emit.
  const size_t first_event = out->size();
  std::vector<Actor> sentence_actors;
  auto emit = [&](const Clause& cl, const std::string& code, const Actor& src, const Actor* tgt) {
    if (code.empty()) return;
    if (src.code.empty() && (tgt == nullptr || tgt->code.empty())) return;
    if (options.require_dyad && (src.code.empty() || tgt == nullptr || tgt->code.empty())) return;
    if (tgt != nullptr && !tgt->code.empty() && tgt->code == src.code) return;
    for (size_t i = first_event; i < out->size(); ++i) {
      const Event& e = (*out)[i];
      if (e.source.code == src.code && e.target.code == (tgt ? tgt->code : std::string()) &&
          e.code == code) {
        return;
      }
    }
    Event e;
    e.doc_id = doc.id;
    e.sentence_id = s.id.empty() ? std::to_string(index) : s.id;
    e.sentence_index = static_cast<uint32_t>(index);
    e.date = doc.date;
    auto fill = [&](const Actor& a, EventActor* ea) {
      ea->code = a.code;
      ea->root = a.code.substr(0, std::min<size_t>(3, a.code.size()));
      ea->agent = a.agent;
      ea->first_word = static_cast<uint32_t>(a.first);
      ea->last_word = static_cast<uint32_t>(a.last);
      ea->actor_loc = a.actor_loc;
      for (int w = a.first; w <= a.last && w < n; ++w) {
        if (!ea->text.empty()) ea->text += ' ';
        ea->text += s.words[w].form;
      }
    };
    fill(src, &e.source);
    if (tgt != nullptr) fill(*tgt, &e.target);
    e.code = code;
    e.root_code = std::string(CameoRootCode(code));
    if (const CameoCode* cc = FindCameoCode(code)) {
      e.known_code = true;
      e.quad_class = static_cast<int>(cc->quad);
      e.goldstein = cc->goldstein;
      e.plover_type = std::string(cc->plover_type);
      e.plover_mode = std::string(cc->plover_mode);
    }
    e.verb_word = static_cast<uint32_t>(cl.verb);
    e.verb_text = s.words[cl.verb].form;
    e.pattern = cl.pattern;
    e.pattern_loc = cl.pattern_loc;
    e.negated = cl.negated;
    out->push_back(std::move(e));
  };
  // An agent named without a country ("the opposition", "protesters") is placed in the
  // country of the place its clause happens in ("rallied in Tbilisi" → GEOOPP), as a human
  // coder would.
  auto country_root = [](const std::string& code) -> std::string {
    if (code.size() < 3) return std::string();
    for (int k = 0; k < 3; ++k) {
      if (code[k] < 'A' || code[k] > 'Z') return std::string();
    }
    const std::string root = code.substr(0, 3);
    if (root == "IGO" || root == "NGO" || root == "IMG" || root == "MNC" || root == "NGM") {
      return std::string();
    }
    return root;
  };
  // The place an "in"/"at" attachment of the verb names, else one of its subject's or
  // object's ("kidnapped pupils in Kaduna state", attached to "pupils").
  auto clause_place = [&](const Clause& cl) -> std::string {
    auto place_of = [&](int h) -> std::string {
      for (int c : sc->tree.children[h]) {
        if (sc->tree.rel[c] != Rel::kObl) continue;
        const std::string_view prep = st.CaseOf(c);
        if (prep != "in" && prep != "at") continue;
        std::vector<Actor> found;
        st.Resolve(c, false, 0, &found);
        for (const Actor& a : found) {
          if (a.agent.empty() && !a.base.empty()) return country_root(a.base);
        }
      }
      return std::string();
    };
    std::string root = place_of(cl.verb);
    for (int c : sc->tree.children[cl.verb]) {
      if (!root.empty()) break;
      if (sc->tree.rel[c] == Rel::kObj || sc->tree.rel[c] == Rel::kSubj) root = place_of(c);
    }
    return root;
  };
  // A target named only as "the government" or "the opposition", with no place, is the
  // source's own: "French workers protested the government's reform" → FRAGOV.
  // (Applied to targets only: borrowing a country for a source, or for other roles,
  // costs records of the PETRARCH-2 gold standard, which codes them without one.)
  auto place = [&](const Clause& cl, const Actor& a, const Actor* source) -> Actor {
    if (!a.code.starts_with("---") || a.agent.size() < 3) return a;
    std::string root = clause_place(cl);
    if (root.empty() && source != nullptr) {
      const std::string_view role = std::string_view(a.agent).substr(0, 3);
      if (role == "GOV" || role == "OPP") {
        root = country_root(source->base.empty() ? source->code : source->base);
      }
    }
    if (root.empty()) return a;
    Actor placed = a;
    placed.base = root;
    placed.code = root + a.code.substr(3);
    return placed;
  };
  for (int v = 0; v < n; ++v) {
    Clause& cl = sc->clauses[v];
    if (!cl.has_clause || cl.consumed || (cl.code.empty() && cl.reciprocal.empty())) continue;
    for (Actor& a : cl.sources) a = place(cl, a, nullptr);
    if (!cl.targets.empty()) {
      const Actor source = cl.sources.empty() ? Actor() : cl.sources[0];
      for (Actor& a : cl.targets) a = place(cl, a, cl.sources.empty() ? nullptr : &source);
    }
    std::vector<Actor> targets = cl.targets;
    // A compound subject without a target (or with only the place of the act): the
    // members act on each other ("Gondor and Osgiliath renewed ties in Minas Tirith").
    // (Only for meetings and cooperation: "US and British activists staged a protest in
    // Beijing" is against the place.)
    const std::string_view root_code = CameoRootCode(cl.code);
    bool only_places = !targets.empty() && (root_code == "03" || root_code == "04" ||
                                            root_code == "05" || root_code == "06");
    for (const Actor& t : targets) only_places = only_places && t.place;
    if ((targets.empty() || only_places) && cl.sources.size() > 1) {
      for (size_t i = 0; i < cl.sources.size(); ++i) {
        for (size_t j = 0; j < cl.sources.size(); ++j) {
          if (i != j) emit(cl, cl.code, cl.sources[i], &cl.sources[j]);
        }
      }
      continue;
    }
    for (const Actor& src : cl.sources) {
      if (targets.empty()) {
        emit(cl, cl.code, src, nullptr);
        continue;
      }
      for (const Actor& tgt : targets) {
        emit(cl, cl.code, src, &tgt);
        if (!cl.reciprocal.empty()) emit(cl, cl.reciprocal, tgt, &src);
      }
    }
    if (cl.sources.empty() && !options.require_dyad) {
      Actor none;
      for (const Actor& tgt : targets) emit(cl, cl.code, none, &tgt);
    }
    for (const Actor& a : cl.sources) {
      if (!a.code.empty()) sentence_actors.push_back(a);
    }
  }
  // Document memory for pronouns: the distinct source actors of this sentence.
  if (!sentence_actors.empty()) {
    sc->last_actors.clear();
    for (const Actor& a : sentence_actors) {
      bool dup = false;
      for (const Actor& b : sc->last_actors) dup = dup || b.code == a.code;
      if (!dup) sc->last_actors.push_back(a);
    }
  }
  if (stats != nullptr) stats->events += out->size() - first_event;
}

void CoderStats::Add(const CoderStats& other) {
  sentences += other.sentences;
  discarded_sentences += other.discarded_sentences;
  skipped_sentences += other.skipped_sentences;
  events += other.events;
  if (repair_fires.size() < other.repair_fires.size()) repair_fires.resize(other.repair_fires.size());
  for (size_t k = 0; k < other.repair_fires.size(); ++k) repair_fires[k] += other.repair_fires[k];
}

std::vector<std::string_view> RepairNames() {
  std::vector<std::string_view> names;
  for (const RepairRule& rule : kRepairs) names.push_back(rule.name);
  return names;
}

int32_t ParseEventDate(std::string_view date) {
  if (date.size() != 8 && date.size() != 6) return 0;
  int32_t v = 0;
  for (char c : date) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  if (date.size() == 6) {
    const int32_t yy = v / 10000;
    v += (yy < 30 ? 20000000 : 19000000);
  }
  return v;
}

Result<Coder> Coder::Create(const dict::DictionarySet* dicts, const CoderOptions& options) {
  if (dicts == nullptr || dicts->verbs().blocks().empty()) {
    return Status::InvalidArgument("coder: the dictionary set has no verb dictionary");
  }
  auto impl = std::make_unique<Impl>();
  impl->dicts = dicts;
  impl->options = options;
  impl->pico = Pico(dicts->ontology());
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
                         CoderStats* stats) const {
  CoderScratch::Impl* sc = scratch->impl_.get();
  sc->last_actors.clear();
  const int32_t date = ParseEventDate(doc.date);
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    impl_->CodeSentence(doc, doc.sentences[i], i, date, sc, out, stats);
  }
}

}  // namespace dyad::coder
