// Actors: the actor and agent dictionary matches of a sentence, and the resolution of a
// noun phrase into the actors it names — its "core" (head plus compound, amod, flat, det,
// nummod and possessive dependents) taking the actor matches inside it, combined with its
// agent matches ("Russian diplomats" → RUS + GOV); conjuncts give one actor each; a
// phrase with an agent but no actor looks in its attachments ("soldiers from Gondor");
// pronouns are resolved against the governing clauses, the sentence and the document's
// memory to an antecedent that fits them (a person for "he", a country for "it", ...).
// Thread-safety: reads the compiled coder, writes only the caller's scratch.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "coder/sentence_view.h"

namespace dyad::coder {

namespace {

constexpr std::array<std::string_view, 18> kPronouns = {
    "he",  "she", "it",  "they", "him", "her", "them", "we", "i",
    "you", "its", "their", "his", "our", "us", "me", "my", "theirs"};

bool IsPronoun(std::string_view w) {
  return std::find(kPronouns.begin(), kPronouns.end(), w) != kPronouns.end();
}

// What a personal pronoun refers to.
enum class Pro { kPerson, kThing, kPlural, kSpeaker, kAddressee };

Pro PronounKind(std::string_view w) {
  if (w == "he" || w == "she" || w == "him" || w == "her" || w == "his") return Pro::kPerson;
  if (w == "it" || w == "its") return Pro::kThing;
  if (w == "they" || w == "them" || w == "their" || w == "theirs") return Pro::kPlural;
  if (w == "you") return Pro::kAddressee;
  return Pro::kSpeaker;  // we, us, our, i, me, my
}

// Singular nouns that name one person by office or role ("the minister said he ...").
bool IsPersonTitle(std::string_view w) {
  static constexpr std::string_view kTitles[] = {
      "president", "minister",  "premier",    "chancellor", "king",        "queen",
      "prince",    "emir",      "sheikh",     "leader",     "spokesman",   "spokeswoman",
      "spokesperson", "official", "ambassador", "envoy",    "diplomat",    "commander",
      "general",   "chief",     "secretary",  "governor",   "mayor",       "senator",
      "lawmaker",  "legislator", "judge",     "prosecutor", "director",    "chairman",
      "chairwoman", "negotiator", "officer",  "soldier",    "policeman",   "activist",
      "cleric",    "imam",      "pope",       "adviser",    "advisor",     "monarch",
      "dictator",  "ruler",     "candidate",  "deputy",     "representative", "counsellor",
      "militant",  "gunman",    "suspect",    "sultan",     "ayatollah",   "head"};
  return std::find(std::begin(kTitles), std::end(kTitles), w) != std::end(kTitles);
}

// Verbs that report speech: "X said (that) ...", "“...,” the minister said".
bool IsReportingVerb(std::string_view lemma) {
  static constexpr std::string_view kVerbs[] = {"say",  "tell",  "add",    "state",  "announce",
                                                "declare", "insist", "warn", "stress", "write"};
  return std::find(std::begin(kVerbs), std::end(kVerbs), lemma) != std::end(kVerbs);
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
       rel == Rel::kConj || rel == Rel::kAppos || rel == Rel::kSubjPass || rel == Rel::kAdvcl)) {
    return true;
  }
  return u != Upos::kPRON && u != Upos::kADP && u != Upos::kAUX && u != Upos::kCCONJ &&
         u != Upos::kSCONJ && u != Upos::kPART && u != Upos::kPUNCT && u != Upos::kVERB;
}

// Definite descriptions that name an actor of the document by its kind.
enum class Kind { kNone, kGroup, kIgoOrGroup, kIgo, kCountry, kCountries, kMinistry };

Kind DescriptionKind(std::string_view head) {
  for (std::string_view w : {"group", "movement", "militia", "outfit", "faction"}) {
    if (head == w) return Kind::kGroup;
  }
  if (head == "organisation" || head == "organization") return Kind::kIgoOrGroup;
  if (head == "bloc" || head == "alliance") return Kind::kIgo;
  for (std::string_view w : {"country", "nation", "kingdom", "state"}) {
    if (head == w) return Kind::kCountry;
  }
  if (head == "countries" || head == "nations" || head == "sides") return Kind::kCountries;
  if (head == "ministry") return Kind::kMinistry;
  return Kind::kNone;
}

// Does the code carry a non-state sector ("SOMREB" al-Shabaab, "LBNREB", "---OPP")?
bool NonState(std::string_view code) {
  for (size_t k = 3; k + 3 <= code.size(); k += 3) {
    const std::string_view s = code.substr(k, 3);
    if (s == "REB" || s == "OPP" || s == "RAD" || s == "CRM" || s == "UAF" || s == "INS" ||
        s == "SEP" || s == "PTY") {
      return true;
    }
  }
  return code.starts_with("NGO") || code.starts_with("NGM");
}

// Does the record name a person? A leaders' dictionary, or a multi-word name whose code
// changes with the date (an office held from one day to another) and is no armed group.
bool PersonRecord(const dict::Actor& act) {
  if (act.loc.file.find("leader") != std::string_view::npos) return true;
  bool dated = false;
  for (const dict::DatedCode& c : act.codes) {
    if (NonState(c.code)) return false;
    dated = dated || c.restricted();
  }
  const size_t sep = act.name.find('_');
  return dated && sep != std::string::npos && sep + 1 < act.name.size() &&
         act.name.substr(sep + 1) != "_";
}

// Can an actor be what the pronoun refers to?
bool Fits(Pro kind, const Actor& a) {
  switch (kind) {
    case Pro::kPerson:
      return a.person && !a.plural;
    case Pro::kThing:
      return !a.person && !a.plural;
    case Pro::kPlural:
      return a.plural || (!a.person && NonState(a.code));
    case Pro::kSpeaker:
      return true;
    case Pro::kAddressee:
      return false;
  }
  return false;
}

}  // namespace

bool SentenceView::ResolveDescription(int h, const std::vector<int>& core,
                                      std::vector<Actor>* out) const {
  const Kind kind = DescriptionKind(scratch.views[h]);
  if (kind == Kind::kNone || !IsNominal(sentence.words[h].upos)) return false;
  // Definite: "the", "this", "that"; a plural by "both" or "two" ("both countries").
  bool definite = false, adjective = false;
  for (int c : tree.children[h]) {
    const std::string_view w = scratch.views[c];
    if (tree.rel[c] == Rel::kDet && (w == "the" || w == "this" || w == "that")) definite = true;
    if (kind == Kind::kCountries && (w == "both" || w == "two")) definite = true;
    if (tree.rel[c] == Rel::kAmod) adjective = true;
    // "the group of seven", "the state of emergency": the attachment says what it is.
    if (tree.rel[c] == Rel::kObl && CaseOf(c) == "of") return false;
  }
  // "the state" alone is the government's apparatus; "the Baltic state" is a country.
  if (!definite || (scratch.views[h] == "state" && !adjective)) return false;
  auto fits = [&](const std::string& code) {
    switch (kind) {
      case Kind::kGroup:
        return NonState(code);
      case Kind::kIgoOrGroup:
        return NonState(code) || code.starts_with("IGO");
      case Kind::kIgo:
        return code.starts_with("IGO");
      case Kind::kCountry:
      case Kind::kCountries:
        return code.size() == 3 && !coder.CountryRoot(code).empty();
      case Kind::kMinistry:
        return code.size() >= 6 && code.compare(3, 3, "GOV") == 0 &&
               !coder.CountryRoot(code).empty();
      case Kind::kNone:
        break;
    }
    return false;
  };
  const size_t wanted = kind == Kind::kCountries ? 2 : 1;
  std::vector<Actor> found;
  auto take = [&](Actor a) {
    if (!fits(a.code)) return;
    for (const Actor& f : found) {
      if (f.code == a.code) return;
    }
    a.first = *std::min_element(core.begin(), core.end());
    a.last = *std::max_element(core.begin(), core.end());
    found.push_back(std::move(a));
  };
  // The sentence's own actors before h, nearest first; then the document's.
  for (int w = h - 1; w >= 0 && found.size() < wanted; --w) {
    if (scratch.actor_start[w] >= 0 && scratch.actor_cover[w] == w) take(ActorFromMatch(w));
  }
  for (size_t k = scratch.doc_actors.size(); k-- > 0 && found.size() < wanted;) {
    take(scratch.doc_actors[k]);
  }
  if (found.size() < wanted) return false;
  for (Actor& a : found) out->push_back(std::move(a));
  return true;
}

void SentenceView::RememberActors() const {
  for (int w = 0; w < n; ++w) {
    if (scratch.actor_start[w] < 0 || scratch.actor_cover[w] != w) continue;
    Actor a = ActorFromMatch(w);
    if (a.code.empty()) continue;
    std::erase_if(scratch.doc_actors, [&a](const Actor& b) { return b.code == a.code; });
    scratch.doc_actors.push_back(std::move(a));
  }
  if (scratch.doc_actors.size() > kDocumentActors) {
    scratch.doc_actors.erase(scratch.doc_actors.begin(),
                             scratch.doc_actors.end() - kDocumentActors);
  }
}

bool SentenceView::InsideLongerName(int start, int len, uint32_t phrase) const {
  const dict::ActorDictionary& actors = coder.dicts->actors();
  const std::string_view code = actors.CodeAt(actors.phrases()[phrase], date);
  if (code.size() != 3 || coder.CountryRoot(code).empty()) return false;
  const int end = start + len;  // one past the match
  // (Not a sentence's first word: any word is capitalised there, "Evil Mordor".)
  for (int w : {start - 1, end}) {
    if (w <= 0 || w >= n) continue;
    const Word& word = sentence.words[w];
    if (word.upos != Upos::kPROPN || word.form.empty() ||
        !std::isupper(static_cast<unsigned char>(word.form[0]))) {
      continue;
    }
    // The neighbour and the match are one name (UD flat: "Mohammed/flat Sadr"); a title
    // is a compound ("President/compound Kenya") and a sector an agent, not a name.
    const int inner = w < start ? start : end - 1;
    const bool flat = (tree.head[w] == inner && tree.rel[w] == Rel::kFlat) ||
                      (tree.head[inner] == w && tree.rel[inner] == Rel::kFlat);
    if (!flat) continue;
    if (w < start && scratch.actor_cover[w] >= 0) continue;
    std::span<const std::string_view> words(scratch.views.data(), n);
    if (w >= end && actors.matcher().LongestMatch(words, w).found()) continue;
    if (coder.dicts->agents().matcher().LongestMatch(words, w).found()) continue;
    return true;
  }
  return false;
}

void SentenceView::MatchActors() const {
  scratch.actor_start.assign(n, -1);
  scratch.actor_len.assign(n, 0);
  scratch.actor_cover.assign(n, -1);
  scratch.agent_start.assign(n, -1);
  scratch.agent_len.assign(n, 0);
  scratch.agent_cover.assign(n, -1);
  std::span<const std::string_view> words(scratch.views.data(), n);
  const dict::PhraseMatcher& am = coder.dicts->actors().matcher();
  // Tolerance(hyphen-split-name):
  // Hyphenated words the tokenizer split ("Barad - dur", as UD v2 tokenizes) are
  // tried joined too, since the dictionaries write them whole ("BARAD-DUR").
  std::string joined;
  std::vector<std::string_view> joined_words;
  for (int i = 0; i < n;) {
    const bool can = am.size() > 0 && CanNameActor(sentence.words[i], tree.rel[i]);
    dict::PhraseMatcher::Match m = can ? am.LongestMatch(words, i) : dict::PhraseMatcher::Match{};
    uint32_t covered = m.found() ? m.length : 0;
    if (can && i + 2 < n && scratch.views[i + 1] == "-" && Glued(sentence, i) &&
        Glued(sentence, i + 1)) {
      joined = scratch.views[i];
      joined += '-';
      joined += scratch.views[i + 2];
      joined_words.assign(1, joined);
      for (int k = i + 3; k < n && k < i + 11; ++k) joined_words.push_back(scratch.views[k]);
      const dict::PhraseMatcher::Match j = am.LongestMatch(joined_words, 0);
      if (j.found() && j.length + 2 > covered) {
        m = j;
        covered = j.length + 2;
      }
    }
    if (m.found() && InsideLongerName(i, static_cast<int>(covered), m.value)) {
      ++i;
      continue;
    }
    if (m.found()) {
      scratch.actor_start[i] = static_cast<int>(m.value);
      scratch.actor_len[i] = static_cast<int>(covered);
      for (uint32_t k = 0; k < covered; ++k) scratch.actor_cover[i + k] = i;
      i += static_cast<int>(covered);
    } else {
      ++i;
    }
  }
  const dict::PhraseMatcher& gm = coder.dicts->agents().matcher();
  for (int i = 0; i < n;) {
    if (scratch.actor_cover[i] >= 0 || gm.size() == 0 || sentence.words[i].upos == Upos::kPUNCT) {
      ++i;
      continue;
    }
    const dict::PhraseMatcher::Match m = gm.LongestMatch(words, i);
    bool ok = m.found();
    for (uint32_t k = 0; ok && k < m.length; ++k) ok = scratch.actor_cover[i + k] < 0;
    if (ok) {
      scratch.agent_start[i] = static_cast<int>(m.value);
      scratch.agent_len[i] = static_cast<int>(m.length);
      for (uint32_t k = 0; k < m.length; ++k) scratch.agent_cover[i + k] = i;
      // Every covered word knows the entry too (AddAgents goes through the start word).
      for (uint32_t k = 1; k < m.length; ++k)
        scratch.agent_start[i + k] = static_cast<int>(m.value);
      i += static_cast<int>(m.length);
    } else {
      ++i;
    }
  }
}

void SentenceView::Core(int h, int depth, std::vector<int>* out) const {
  out->push_back(h);
  if (depth > 8) return;
  for (int c : tree.children[h]) {
    const Rel r = tree.rel[c];
    if (IsCoreRel(r)) {
      Core(c, depth + 1, out);
    } else if (r == Rel::kObl || r == Rel::kList) {
      // Tolerance(caseless-name-in-core):
      // "Bree Prime Minister Romendacil" with the name an nmod (or list) of "Bree": a
      // proper noun attached without a preposition or a comma is part of the name.
      if (sentence.words[c].upos == Upos::kPROPN && sentence.words[h].upos == Upos::kPROPN &&
          CaseOf(c).empty() && !HasPunctBetween(h, c)) {
        Core(c, depth + 1, out);
      }
    } else if (r == Rel::kConj) {
      // A conjoined modifier ("Hungarian and Romanian officials") stays in the core;
      // a conjoined head is a separate phrase (handled by the caller).
      if (tree.rel[h] == Rel::kAmod || tree.rel[h] == Rel::kCompound) Core(c, depth + 1, out);
    }
  }
}

void SentenceView::AddAgents(const std::vector<int>& core, Actor* a) const {
  std::string before, after;
  std::vector<int> seen;
  // Agent matches by their first word (so that text order is kept).
  for (int w : core) {
    const int match_start = scratch.agent_cover[w];
    if (match_start < 0) continue;
    if (std::find(seen.begin(), seen.end(), match_start) != seen.end()) continue;
    seen.push_back(match_start);
  }
  std::sort(seen.begin(), seen.end());
  for (int match_start : seen) {
    // "military-ruled Myanmar": an adjective on a named actor describes it, it is not
    // the actor's agent.
    const int word = scratch.agent_cover[match_start];
    if (word >= 0 && tree.rel[word] == Rel::kAmod && tree.head[word] >= 0 &&
        scratch.actor_cover[tree.head[word]] >= 0 && scratch.agent_cover[tree.head[word]] < 0) {
      continue;
    }
    // "a government-held part": split at the hyphen (as UD v2 tokenizes), the agent
    // word is a compound of a participle modifying the phrase; it says who holds the
    // thing, not what the phrase is.
    if (word >= 0 && (tree.rel[word] == Rel::kCompound || tree.rel[word] == Rel::kAmod) &&
        tree.head[word] >= 0 && tree.rel[tree.head[word]] == Rel::kAmod &&
        sentence.words[tree.head[word]].upos == Upos::kVERB) {
      continue;
    }
    const dict::AgentEntry& e = coder.dicts->agents().entries()[scratch.agent_start[match_start]];
    // An agent the actor code already carries is not added twice ("White House
    // officials": USAGOV + GOV stays USAGOV).
    const std::string& base = a->code;
    if (base.size() >= 3 + e.code.size() && base.find(e.code, 3) != std::string::npos) continue;
    if (after.find(e.code) != std::string::npos || before.find(e.code) != std::string::npos) {
      continue;
    }
    if (e.code_before_actor)
      before += e.code;
    else
      after += e.code;
    a->agent += e.code;
  }
  if (a->code.empty() && (before.empty() && after.empty())) return;
  a->code = before + (a->code.empty() ? std::string("---") : a->code) + after;
}

std::vector<int> SentenceView::ActorsIn(const std::vector<int>& core) const {
  std::vector<int> starts;
  for (int w : core) {
    const int match_start = scratch.actor_cover[w];
    if (match_start < 0) continue;
    if (std::find(starts.begin(), starts.end(), match_start) == starts.end())
      starts.push_back(match_start);
  }
  std::sort(starts.begin(), starts.end());
  return starts;
}

Actor SentenceView::ActorFromMatch(int start) const {
  const dict::ActorPhrase& p = coder.dicts->actors().phrases()[scratch.actor_start[start]];
  // Several records may share a phrase ("President Bush"): the sentence date picks.
  const dict::Actor& act =
      coder.dicts->actors().actors()[coder.dicts->actors().ResolveActor(p, date)];
  Actor a;
  a.code = std::string(act.CodeAt(date));
  a.base = a.code;
  a.actor_loc = act.loc.ToString();
  a.person = PersonRecord(act);
  a.first = start;
  a.last = start + scratch.actor_len[start] - 1;
  return a;
}

bool SentenceView::HasAgent(const std::vector<int>& core) const {
  for (int w : core) {
    if (scratch.agent_start[w] >= 0) return true;
  }
  return false;
}

bool SentenceView::InstitutionalOnly(const std::vector<int>& core) const {
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

void SentenceView::Resolve(int h, bool deep, int depth, std::vector<Actor>* out) const {
  if (h < 0 || depth > 6) return;
  const size_t before = out->size();
  ResolveOne(h, deep, depth, out);
  Actor first;
  if (out->size() > before) first = (*out)[before];
  // In a list ("Evil Mordor, the awful Arnor, and good Gondor") an apposition is one
  // more member; outside lists it only renames the head and adds nothing.
  bool list = false;
  for (int c : tree.children[h]) {
    list = list || tree.rel[c] == Rel::kConj;
    if (tree.rel[c] == Rel::kAppos) {
      for (int cc : tree.children[c]) list = list || tree.rel[cc] == Rel::kConj;
    }
  }
  for (int c : tree.children[h]) {
    if (tree.rel[c] != Rel::kConj && !(list && tree.rel[c] == Rel::kAppos)) continue;
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
      if (HasAgent(core) && !first.code.empty() && scratch.actor_cover[first.first] >= 0) {
        Actor a = ActorFromMatch(first.first);
        a.first = *std::min_element(core.begin(), core.end());
        a.last = *std::max_element(core.begin(), core.end());
        AddAgents(core, &a);
        conj.push_back(a);
      }
    }
    for (Actor& a : conj) out->push_back(std::move(a));
    // Nested conjunctions ("A, B and C" attach B and C to A in UD; v1 sometimes chains).
    for (int cc : tree.children[c]) {
      if (tree.rel[cc] == Rel::kConj) Resolve(cc, deep, depth + 1, out);
    }
  }
  MarkReferents(h, before, out);
}

void SentenceView::MarkReferents(int h, size_t before, std::vector<Actor>* out) const {
  // A pronoun keeps what its antecedent was.
  if (out->size() <= before || sentence.words[h].upos == Upos::kPRON) return;
  const std::string& xpos = sentence.words[h].xpos;
  // A plural noun ("soldiers"), not a name in plural form ("the United States", "the
  // Philippines": one actor of the dictionary).
  const bool plural = out->size() - before > 1 ||
                      ((xpos == "NNS" || xpos == "NNPS") && scratch.actor_cover[h] < 0);
  // "the minister", "President Aliyev" (a title in the name's compounds).
  bool title = IsPersonTitle(scratch.views[h]);
  for (int c : tree.children[h]) {
    // A title before the name, as a compound or a descriptive modifier (nmod:desc).
    if (sentence.words[h].upos == Upos::kPROPN && c < h && IsPersonTitle(scratch.views[c])) {
      title = true;
    }
  }
  for (size_t k = before; k < out->size(); ++k) {
    Actor& a = (*out)[k];
    a.plural = plural;
    // A person's record names the person only as the phrase's head ("Putin's
    // government" is no person).
    a.person = !plural && (title || (a.person && scratch.actor_cover[h] >= 0));
  }
}

bool SentenceView::CountedPeople(int h) const {
  const std::string_view head = scratch.views[h];
  const auto counted = [&](int w) {
    for (int c : tree.children[w]) {
      if (tree.rel[c] == Rel::kNummod) return true;
      if (tree.rel[c] == Rel::kAmod || tree.rel[c] == Rel::kDet) {
        const std::string_view q = scratch.views[c];
        if (q == "several" || q == "dozens" || q == "hundreds" || q == "thousands") return true;
      }
    }
    return false;
  };
  // "700 people", "several persons".
  if (head == "people" || head == "persons" || head == "individuals") return counted(h);
  // "hundreds of people": a quantity noun with people in its `of` attachment.
  if (head == "hundreds" || head == "thousands" || head == "dozens" || head == "scores" ||
      head == "tens") {
    for (int c : tree.children[h]) {
      const std::string_view w = scratch.views[c];
      if (tree.rel[c] == Rel::kObl && CaseOf(c) == "of" &&
          (w == "people" || w == "persons" || w == "individuals")) {
        return true;
      }
    }
    return false;
  }
  // A bare number as the patient: "three were killed", "the attack killed 21".
  if (sentence.words[h].upos != Upos::kNUM ||
      (tree.rel[h] != Rel::kSubjPass && tree.rel[h] != Rel::kObj)) {
    return false;
  }
  for (int c : tree.children[h]) {
    if (tree.rel[c] == Rel::kObl || tree.rel[c] == Rel::kCompound) return false;  // "two of its"
  }
  return true;
}

void SentenceView::ResolveOne(int h, bool deep, int depth, std::vector<Actor>* out) const {
  // Every recursive path (attachments, appositions, pronouns) increments depth, so the
  // walk ends even on trees that loop back through a pronoun's antecedent.
  if (h < 0 || depth > 12) return;
  std::vector<int> core;
  Core(h, 0, &core);
  const std::vector<int> starts = ActorsIn(core);
  if (!starts.empty()) {
    ResolveNamed(h, core, starts, out);
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
    if (scratch.agent_start[w] >= 0 && w <= h && h < w + scratch.agent_len[w]) head_agent = true;
  }
  // Pronoun: resolved by the caller's context (see ResolvePronoun).
  if (IsPronoun(scratch.views[h]) && sentence.words[h].upos == Upos::kPRON) {
    ResolvePronoun(h, depth, out);
    return;
  }
  // "the group", "the militant group", "both countries": an actor named before.
  if (ResolveDescription(h, core, out)) return;
  // "its forces", "his government": the pronoun's antecedent with the agents (not "its
  // military cooperation agreement", which is no agent).
  if (head_agent && ResolvePossessor(h, core, depth, out)) return;
  // "700 people", "hundreds of people", "three" (were killed): counted people are
  // civilians (CVL, placed in the story's country when emitted).
  if (!agent && CountedPeople(h)) {
    Actor a;
    a.agent = "CVL";
    a.code = "---CVL";
    a.first = *std::min_element(core.begin(), core.end());
    a.last = *std::max_element(core.begin(), core.end());
    a.plural = true;
    out->push_back(std::move(a));
    return;
  }
  // The actor may sit in an attachment: "soldiers from Gondor", "ties with Gondor".
  if (agent || deep) {
    ResolveThroughAttachments(h, core, agent, head_agent, deep, depth, out);
    return;
  }
  // "Hundreds of UN troops": a quantity names its actor in its `of` attachment.
  for (int c : tree.children[h]) {
    if (tree.rel[c] == Rel::kObl && CaseOf(c) == "of") {
      const size_t n0 = out->size();
      ResolveOne(c, false, depth + 1, out);
      if (out->size() > n0) return;
    }
  }
  // Tolerance(caseless-name-as-actor):
  // "Gollum in recent days did allow": a proper noun attached to the phrase without a
  // preposition names the actor.
  for (int c : tree.children[h]) {
    if (tree.rel[c] == Rel::kObl && sentence.words[c].upos == Upos::kPROPN && CaseOf(c).empty()) {
      const size_t n0 = out->size();
      ResolveOne(c, false, depth + 1, out);
      if (out->size() > n0) return;
    }
  }
  // "Osgiliath, the state's fiercest foe": an apposition may name the actor.
  for (int c : tree.children[h]) {
    if (tree.rel[c] == Rel::kAppos) {
      ResolveOne(c, false, depth + 1, out);
      return;
    }
  }
}

void SentenceView::ResolveNamed(int h, const std::vector<int>& core, const std::vector<int>& starts,
                                std::vector<Actor>* out) const {
  // Conjoined modifiers give several actors; otherwise the first actor named.
  bool conjoined = false;
  for (size_t i = 1; i < starts.size(); ++i) {
    int w = starts[i];
    if (tree.rel[w] == Rel::kConj) conjoined = true;
    // Tolerance(names-listed-by-comma):
    // "Mordor, the Shire, Arnor and Bree" with "the Shire" a compound of "Arnor": a
    // comma never separates a modifier from its head, so the names are a list.
    const int after_prev = starts[i - 1] + scratch.actor_len[starts[i - 1]];
    if (after_prev < w && scratch.views[after_prev] == ",") conjoined = true;
    // "Eriadori and Calenardhon leaders" parsed as two modifiers of "leaders" with
    // the conjunction hung on the head: the names are conjoined all the same.
    // Only a conjunction between them ("Ithilen's awful and evil minister
    // Calimehtar" conjoins the adjectives, not the names).
    bool cc = false, other = false;
    for (int k = after_prev; k < w; ++k) {
      const Upos u = sentence.words[k].upos;
      if (u == Upos::kCCONJ)
        cc = true;
      else if (u != Upos::kPUNCT && u != Upos::kDET)
        other = true;
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
    for (int k = 0; k < 8 && w >= 0 && w != h; ++k, w = tree.head[w]) {
      if (tree.rel[w] == Rel::kAmod && sentence.words[w].upos != Upos::kPROPN && w != starts[i]) {
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
}

void SentenceView::ResolveThroughAttachments(int h, const std::vector<int>& core, bool agent,
                                             bool head_agent, bool deep, int depth,
                                             std::vector<Actor>* out) const {
  std::vector<Actor> inner;
  for (int c : tree.children[h]) {
    if (tree.rel[c] != Rel::kObl || IsTemporal(CaseOf(c))) continue;
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
  for (int c : tree.children[h]) {
    if (!inner.empty() || !deep || agent) break;
    if (tree.rel[c] != Rel::kAcl) continue;
    for (int cc : tree.children[c]) {
      // "a missile believed to be fired by rebels": through one xcomp as well.
      if (tree.rel[cc] == Rel::kXcomp) {
        for (int x : tree.children[cc]) {
          if (tree.rel[x] == Rel::kObl && CaseOf(x) == "by") Resolve(x, true, depth + 1, &inner);
          if (!inner.empty()) break;
        }
      }
      if (!inner.empty()) break;
      if (tree.rel[cc] != Rel::kObl && tree.rel[cc] != Rel::kObj) continue;
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

bool SentenceView::ResolvePossessor(int h, const std::vector<int>& core, int depth,
                                    std::vector<Actor>* out) const {
  for (int c : tree.children[h]) {
    if (tree.rel[c] != Rel::kPoss || sentence.words[c].upos != Upos::kPRON ||
        !IsPronoun(scratch.views[c])) {
      continue;
    }
    std::vector<Actor> found;
    ResolvePronoun(c, depth + 1, &found);
    if (found.empty()) return false;
    for (const Actor& f : found) {
      // The antecedent's actor with the head's agents ("its troops" → RUS + MIL).
      // A person's soldiers or government are the person's country's ("his troops").
      Actor a;
      a.code = f.base.empty() ? f.code : f.base;
      if (f.person && !coder.CountryRoot(a.code).empty()) a.code = coder.CountryRoot(a.code);
      a.base = a.code;
      a.actor_loc = f.actor_loc;
      AddAgents(core, &a);
      a.first = *std::min_element(core.begin(), core.end());
      a.last = *std::max_element(core.begin(), core.end());
      out->push_back(std::move(a));
    }
    return true;
  }
  return false;
}

void SentenceView::ResolvePronoun(int h, int depth, std::vector<Actor>* out) const {
  const int inner_depth = std::max(5, depth + 1);
  const Pro kind = PronounKind(scratch.views[h]);
  // "you" is the addressee, whom the sentence seldom names.
  if (kind == Pro::kAddressee) return;
  auto is_pronoun = [&](int c) {
    return IsPronoun(scratch.views[c]) && sentence.words[c].upos == Upos::kPRON;
  };
  // The actors of phrase c when they fit the pronoun (all of them, or none). A speaker
  // may speak of its side as "they" ("Gondor claimed that they had ..."): `speaker`
  // lets a plural pronoun take a country or an organisation.
  auto take = [&](int c, bool speaker = false) {
    std::vector<Actor> found;
    Resolve(c, false, inner_depth, &found);
    if (found.empty()) return false;
    for (const Actor& a : found) {
      if (!Fits(kind, a) && !(speaker && kind == Pro::kPlural && !a.person)) return false;
    }
    for (Actor& a : found) {
      a.first = a.last = h;
      // "we" in a quote is the speaker's side, not the speaker in person.
      if (kind == Pro::kSpeaker && scratch.views[h] != "i" && scratch.views[h] != "me" &&
          scratch.views[h] != "my") {
        a.person = false;
        a.plural = true;
      }
      out->push_back(std::move(a));
    }
    return true;
  };
  // The subject of the nearest governing clause that names a fitting actor ("Gondor
  // said it ...", "“we will ...,” said the minister"), then the same for a reporting
  // clause after a first person ("“We ...”, the minister told reporters" parsed apart).
  int w = tree.head[h];
  int guard = 0;
  while (w >= 0 && guard++ < static_cast<int>(coder.options.max_tree_depth)) {
    for (int c : tree.children[w]) {
      if (tree.rel[c] != Rel::kSubj || c == h || Dominates(c, h) || is_pronoun(c)) continue;
      // "Ruto, who said he would ...": a relative pronoun stands for the noun its
      // clause modifies.
      const std::string_view v = scratch.views[c];
      int antecedent = c;
      if ((v == "who" || v == "which" || v == "that") && tree.rel[w] == Rel::kRelcl &&
          tree.head[w] >= 0 && IsNominal(sentence.words[tree.head[w]].upos)) {
        antecedent = tree.head[w];
      } else if ((v == "who" || v == "which") && c > 0 &&
                 (sentence.words[c - 1].upos == Upos::kPROPN ||
                  sentence.words[c - 1].upos == Upos::kNOUN)) {
        // Tolerance(relative-clause-misattached):
        // "met President X who said he ..." parsed with "said" a complement (or a
        // relative clause) of "met": the relative pronoun still stands for the name
        // just before it.
        antecedent = c - 1;
      }
      if (take(antecedent, true)) return;
    }
    w = tree.head[w];
  }
  if (kind == Pro::kSpeaker) {
    for (int c = h + 1; c < n; ++c) {
      const int v = tree.head[c];
      if (tree.rel[c] == Rel::kSubj && v >= 0 && IsReportingVerb(sentence.words[v].lemma) &&
          !is_pronoun(c) && take(c)) {
        return;
      }
    }
  }
  // A misattached clause ("... came as Gondor announced it would free ..."): the
  // closest subject before the pronoun that names a fitting actor.
  for (int c = h - 1; c >= 0; --c) {
    if (tree.rel[c] != Rel::kSubj || is_pronoun(c) || Dominates(c, h)) continue;
    if (take(c)) return;
  }
  // Else, for "it" and "they", the nearest fitting name before it in the sentence ("X
  // accused Gondor and warned that it would ...", "their peer Arnor after it said"); a
  // phrase only about an actor ("the minister's residence ... set it on fire") is none,
  // nor is a person mentioned in passing ("the allegations against the diplomat, she
  // said": "she" is the person the story follows).
  for (int c = h - 1; c >= 0 && (kind == Pro::kThing || kind == Pro::kPlural); --c) {
    const Rel r = tree.rel[c];
    const Upos u = sentence.words[c].upos;
    if ((u != Upos::kPROPN && u != Upos::kNOUN) || Dominates(c, h) ||
        (scratch.actor_cover[c] < 0 && scratch.agent_cover[c] < 0) ||
        !(r == Rel::kObj || r == Rel::kObl || r == Rel::kConj || r == Rel::kAppos ||
          r == Rel::kIobj)) {
      continue;
    }
    if (take(c)) return;
  }
  // The document's memory: the one fitting actor among the last sentence's sources,
  // else (a person, or "it") the most recent fitting actor the document named.
  const Actor* pick = nullptr;
  int fitting = 0;
  for (const Actor& a : scratch.last_actors) {
    if (Fits(kind, a) && (kind != Pro::kSpeaker || scratch.last_actors.size() == 1)) {
      pick = &a;
      ++fitting;
    }
  }
  if (fitting != 1 && (kind == Pro::kPerson || kind == Pro::kThing)) {
    pick = nullptr;
    for (size_t k = scratch.doc_actors.size(); k-- > 0 && pick == nullptr;) {
      if (Fits(kind, scratch.doc_actors[k])) pick = &scratch.doc_actors[k];
    }
  } else if (fitting != 1) {
    pick = nullptr;
  }
  if (pick != nullptr) {
    Actor a = *pick;
    a.first = a.last = h;
    out->push_back(std::move(a));
  }
}

}  // namespace dyad::coder
