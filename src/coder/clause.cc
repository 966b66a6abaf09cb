// Coding one verb's clause: the verb's dictionary entry, its roles (roles.cc), the
// regions of the sentence its patterns are matched in, the pattern that fires
// (patterns.cc) and the meaning it gives — modality ("would") and negation through PICO.
// Thread-safety: reads the compiled coder, writes only the caller's scratch.
#include <algorithm>

#include "coder/cameo_table.h"
#include "coder/sentence_view.h"

namespace dyad::coder {

// English experiencer (psych) participles: "X is concerned by Y" says how X judges Y, so X
// is the source of the comment and Y its target — the reverse of a passive's roles. By
// lowercase form.
bool SentenceView::IsExperiencerParticiple(int v) const {
  const std::string_view w = scratch.views[v];
  for (std::string_view p : {"concerned", "worried", "alarmed", "troubled", "disturbed",
                             "dismayed", "appalled", "outraged", "shocked", "angered",
                             "disappointed", "frustrated"}) {
    if (EqualsLower(w, p)) return true;
  }
  return false;
}

bool SentenceView::IsStatePredicate(int v) const {
  if (sentence.words[v].upos != Upos::kADJ || !IsExperiencerParticiple(v)) return false;
  const int cop = ChildWith(v, Rel::kCop);
  return cop >= 0 && sentence.words[cop].lemma == "be" && ChildWith(v, Rel::kSubj) >= 0;
}

bool SentenceView::IsAdjectivalPassive(int v) const {
  // Tolerance(participle-read-as-adjective):
  // "He was summoned/JJ.": a short passive whose participle the tagger read as a predicate
  // adjective. Only participles of a government's acts on a person (a summons; the
  // codebook's 16 and 17: expelled, arrested, detained), never states ("is opposed to",
  // "is committed to"); casualties ("was wounded") are the result of an act coded from
  // its own clause, not a one-sided event of their own.
  if (sentence.words[v].upos != Upos::kADJ || IsExperiencerParticiple(v)) return false;
  const std::string_view w = scratch.views[v];
  if (w.size() < 4 || !w.ends_with("ed")) return false;
  const int cop = ChildWith(v, Rel::kCop);
  if (cop < 0 || sentence.words[cop].lemma != "be" || ChildWith(v, Rel::kSubj) < 0) return false;
  int form_words = 0;
  const dict::VerbFormRef* ref = FindVerbAt(v, &form_words, /*one_word=*/true);
  if (ref == nullptr) return false;
  if (verbs().members()[ref->member].forms[0].words[0] == "summon") return true;
  const std::string_view root = CameoRootCode(verbs().blocks()[ref->block].code.code);
  return root == "16" || root == "17";
}

void SentenceView::CodeClauses() const {
  scratch.synset_memo.clear();
  scratch.clauses.assign(n, Clause());
  for (int v = 0; v < n; ++v) {
    // A verb, or an experiencer participle used as a predicate adjective ("The US is
    // alarmed by the arrests"): its subject is the source, as in an active clause; or a
    // passive participle read as an adjective ("He was summoned").
    if (tree.verb[v] == 0 && !IsStatePredicate(v) && !IsAdjectivalPassive(v)) continue;
    CodeClause(v, &scratch.clauses[v]);
  }
}

SentenceView::PatternRegions SentenceView::RegionsOf(int v) const {
  PatternRegions regions;
  // Words after the verb outside the subject, and the subject's words.
  std::vector<int> clause_words;
  Subtree(v, 0, &clause_words);
  bool passive = false;
  const int subj = SubjectOf(v, &passive);
  std::vector<int> subj_words;
  if (subj >= 0) Subtree(subj, 0, &subj_words);
  for (int w : clause_words) {
    if (w == v) continue;
    if (subj >= 0 && Dominates(subj, w)) continue;
    if (w > v)
      regions.after.push_back(w);
    else
      regions.before.push_back(w);
  }
  std::sort(regions.after.begin(), regions.after.end());
  for (int w : subj_words) regions.before.push_back(w);
  std::sort(regions.before.begin(), regions.before.end());
  regions.object = ChildWith(v, Rel::kObj);
  regions.subject = subj;
  // Patterns describe the active clause: words before `*` belong to the agent, words
  // after it to the patient. In a passive ("Evidence against Russia was presented by
  // the US", "The building was demolished by a protestor") the patient is the passive
  // subject and the agent the `by` attachment, so the regions swap. The dictionaries
  // rely on it: "MISSILE * [194]" is written for "blown up by a missile".
  if (passive && subj >= 0) {
    const int agent = AgentOf(v);
    std::vector<int> agent_words;
    if (agent >= 0) Subtree(agent, 0, &agent_words);
    std::vector<int> patient;
    for (int w : regions.after) {
      if (agent < 0 || !Dominates(agent, w)) patient.push_back(w);
    }
    for (int w : subj_words) patient.push_back(w);
    std::sort(patient.begin(), patient.end());
    regions.after = std::move(patient);
    std::sort(agent_words.begin(), agent_words.end());
    regions.before = std::move(agent_words);
    if (regions.object < 0) regions.object = subj;
    regions.subject = agent;
  }
  return regions;
}

bool SentenceView::PatternMatches(const dict::VerbPattern& pattern, int v,
                                  const PatternRegions& regions, PatternHit* hit) const {
  int pos = v;
  for (const PatternConstituent& c : pattern.after) {
    if (!ConstituentMatches(c, regions.after, regions.object, v, &pos, hit)) return false;
  }
  pos = -1;
  for (const PatternConstituent& c : pattern.before) {
    if (!ConstituentMatches(c, regions.before, regions.subject, -1, &pos, hit)) return false;
  }
  return true;
}

const dict::VerbPattern* SentenceView::FirePattern(int v, const dict::VerbBlock& block,
                                                   const PatternRegions& regions,
                                                   PatternHit* hit) const {
  const dict::VerbPattern* fired = nullptr;
  BuildPhraseTable(v);
  current_verb = v;
  size_t fired_at = 0;
  for (size_t k = 0; k < block.patterns.size(); ++k) {
    const dict::VerbPattern& p = verbs().patterns()[block.patterns[k]];
    PatternHit h;
    if (!PatternMatches(p, v, regions, &h)) continue;
    fired = &p;
    fired_at = k;
    *hit = h;
    break;
  }
  if (fired != nullptr) {
    // Patterns as specific as the one that fired may cover more of the text through a
    // longer synset phrase ("* &HYPERCURR" matching "austrian gold florin" against
    // "* &CURRENCY" matching "florin"): the longest match wins, as PETRARCH's
    // longest-first synset matching intends; ties keep the earlier pattern.
    std::vector<int> region = regions.after;
    region.insert(region.end(), regions.before.begin(), regions.before.end());
    int best_weight = PatternWeight(*fired, region);
    for (size_t k = fired_at + 1; k < block.patterns.size(); ++k) {
      const dict::VerbPattern& p = verbs().patterns()[block.patterns[k]];
      if (p.specificity != fired->specificity) break;
      if (MaxPatternWeight(p) <= best_weight) continue;  // Cheap bound first.
      const int weight = PatternWeight(p, region);
      if (weight <= best_weight) continue;
      PatternHit h;
      if (!PatternMatches(p, v, regions, &h)) continue;
      fired = &p;
      *hit = h;
      best_weight = weight;
    }
    // The same pattern written twice in a block: PETRARCH's trie keeps the last one.
    for (uint32_t pi : block.patterns) {
      const dict::VerbPattern& p = verbs().patterns()[pi];
      if (p.text == fired->text && p.loc.line > fired->loc.line) fired = &p;
    }
  }
  current_verb = -1;
  return fired;
}

void SentenceView::CodeClause(int v, Clause* clause) const {
  clause->verb = v;
  int form_words = 0;
  const dict::VerbFormRef* ref = FindVerbAt(v, &form_words);
  if (ref == nullptr) return;
  clause->has_clause = true;
  const dict::VerbMember& member = verbs().members()[ref->member];
  const dict::VerbBlock& block = verbs().blocks()[ref->block];
  for (const std::string& w : member.forms[0].words) {
    if (!clause->base.empty()) clause->base += '_';
    clause->base += w;
  }

  bool passive = false;
  SourcesOf(v, 0, &clause->sources, &passive);
  bool subject_passive = false;
  clause->own_subject =
      SubjectOf(v, &subject_passive) >= 0 || (passive && !clause->sources.empty());

  const PatternRegions regions = RegionsOf(v);
  PatternHit hit;
  const dict::VerbPattern* fired = FirePattern(v, block, regions, &hit);
  const dict::EventCode code = fired != nullptr ? fired->code : member.code;
  if (fired != nullptr) {
    clause->object_in_pattern = !fired->after.empty();
    clause->pattern = fired->text;
    clause->pattern_loc = fired->loc.ToString();
  } else {
    clause->pattern = block.name + " " + member.code.ToString();
    clause->pattern_loc = member.loc.ToString();
  }
  clause->code = code.code;
  clause->reciprocal = code.reciprocal;
  clause->compound = hit.compound;
  if (hit.source_head >= 0 && hit.source_head != regions.subject) {
    clause->sources.clear();
    Resolve(hit.source_head, true, 0, &clause->sources);
  }
  if (hit.target_head >= 0) Resolve(hit.target_head, true, 0, &clause->targets);
  if (clause->targets.empty()) TargetsOf(v, passive, &clause->targets);
  // A passive's pattern target that is its source ("was summoned to the ministry": the
  // ministry summoned): the patient is the passive subject.
  if (passive && hit.target_head >= 0 && !clause->sources.empty() &&
      SameActors(clause->sources, clause->targets)) {
    clause->targets.clear();
    TargetsOf(v, passive, &clause->targets);
  }
  if (passive && coder.options.codebook) ImplyAgent(v, clause);
  clause->own_code = clause->code;
  ApplyModality(v, clause);
}

void SentenceView::ImplyAgent(int v, Clause* clause) const {
  // CAMEO 173 (arrest, detain, charge) and 175 (repression: tear gas, water cannon): the
  // police. A diplomat summoned: the host government.
  const std::string_view code = clause->code;
  const bool police = code.starts_with("173") || code.starts_with("175");
  const bool summoned = clause->base == "summon" && !clause->targets.empty();
  if (!(police || summoned)) return;
  ImplySource(v, police ? "COP" : "GOV",
              police ? "the police (agentless passive arrest or repression)"
                     : "the host government (agentless summons)",
              clause);
  // "The Kenyan High Commissioner to Uganda was summoned": the country the envoy is
  // accredited to is the host.
  bool passive = false;
  const int subj = SubjectOf(v, &passive);
  if (!summoned || subj < 0 || clause->sources.size() != 1 || !clause->sources[0].base.empty())
    return;
  for (int c : tree.children[subj]) {
    if (tree.rel[c] != Rel::kObl || CaseOf(c) != "to" || scratch.actor_cover[c] < 0) continue;
    const std::string host = coder.CountryRoot(ActorFromMatch(scratch.actor_cover[c]).code);
    if (host.empty()) continue;
    clause->sources[0].base = host;
    clause->sources[0].code = host + clause->sources[0].agent;
    break;
  }
}

void SentenceView::ImplySource(int v, std::string_view agent_code, std::string_view why,
                               Clause* clause) const {
  if (AgentOf(v) >= 0) return;
  Actor agent;
  for (const Actor& a : clause->sources) {
    if (!a.place) return;  // an actor named in the attachments ("from Gondor") acted
    if (agent.base.empty()) agent.base = a.base.substr(0, std::min<size_t>(3, a.base.size()));
  }
  if (agent.base.size() != 3) agent.base.clear();
  agent.agent = std::string(agent_code);
  agent.code = (agent.base.empty() ? std::string("---") : agent.base) + agent.agent;
  agent.first = agent.last = v;
  clause->sources.assign(1, agent);
  clause->pattern += " + implied agent: ";
  clause->pattern += why;
}

namespace {

// Modal auxiliaries of the future and of possibility: the act is announced, not done.
bool IsFutureModal(std::string_view w) {
  return w == "will" || w == "would" || w == "'ll" || w == "shall" || w == "may" ||
         w == "might";
}

// Words that govern an infinitive ("ready to provide", "set to impose") as an intention
// of their subject's: adjectives, and participles used as adjectives.
bool IsIntentionPredicate(std::string_view w) {
  for (std::string_view p : {"ready", "willing", "prepared", "poised", "determined", "eager",
                             "keen", "set"}) {
    if (w == p) return true;
  }
  return false;
}

}  // namespace

std::string SentenceView::IntentOf(const std::string& code) const {
  const std::optional<int64_t> v = coder.pico.Value(code);
  if (!v || *v < 0 || *v >= 0x10000) return std::string();
  const int64_t kind = *v & 0xF000;
  const int64_t content = *v & 0x0FFF;
  std::string out;
  if (kind == 0 && (content & 0x00F0) >= 0x0090 && (content & 0x0F00) == 0) {
    // Force (assault, fight, mass violence): a threat of it, 138 when CAMEO has no code
    // for the particular kind.
    out = coder.pico.Cameo(0x6000 + content);
    if (out.empty()) out = coder.pico.Cameo(0x60A0);
  } else if (kind == 0 && (content & 0x0F00) == 0x0100) {
    // Reducing ties, aid, talks; sanctions (16x): the threat to (131x, 134-136).
    out = coder.pico.Cameo(0x6000 + content);
    if (out.empty()) out = coder.pico.Cameo(0x6100);
  } else if (kind == 0) {
    // Cooperation, aid, meeting, yielding: the intent to (03x).
    out = coder.pico.Cameo(Pico::Combine(0x3000, *v));
  } else if (kind == 0x9000) {
    // Coercion (17x): a threat of the administrative sanction, else of repression.
    out = coder.pico.Cameo(0x6000 + content);
    if (out.empty()) out = coder.pico.Cameo(0x609C);
  } else if (kind == 0x5000) {
    out = coder.pico.Cameo(0x600C);  // dissent, protest: threaten with them (133)
  }
  return out;
}

void SentenceView::ApplyModality(int v, Clause* clause) const {
  // "failed to withdraw" (codebook reading): the act did not happen, as "did not".
  const int gov = tree.head[v];
  const bool negated =
      IsNegated(v) || (coder.options.codebook && gov >= 0 && tree.rel[v] == Rel::kXcomp &&
                       IsInfinitival(v) && scratch.views[gov].starts_with("fail"));
  // The codebook's reading: "will / would / may attack" and "ready to provide aid"
  // announce an act that has not happened — a cooperative act becomes the intent to do
  // it (03x), a hostile one the threat of it (13x); acts with neither keep their code.
  if (coder.options.codebook && !clause->code.empty() && !negated) {
    bool announced = false;
    for (int c : tree.children[v]) {
      announced = announced || (tree.rel[c] == Rel::kAux && IsFutureModal(scratch.views[c]));
    }
    const int h = tree.head[v];
    if (h >= 0 && tree.rel[v] == Rel::kXcomp && IsInfinitival(v) &&
        IsIntentionPredicate(scratch.views[h])) {
      announced = true;
    }
    if (announced) {
      if (const std::string intent = IntentOf(clause->code); !intent.empty()) {
        clause->code = intent;
        clause->reciprocal.clear();
        clause->pattern += " + announced, not done (modal or intention)";
      }
    }
  }
  // "Israel announced it would free prisoners": the conditional/reported future is an
  // intent (PICO intend 0x3000 combined with the act), when CAMEO has that code.
  if (!coder.options.codebook && !clause->code.empty() && !negated) {
    for (int c : tree.children[v]) {
      if (tree.rel[c] != Rel::kAux || scratch.views[c] != "would") continue;
      if (const std::optional<int64_t> value = coder.pico.Value(clause->code)) {
        const std::string intent = coder.pico.Cameo(Pico::Combine(0x3000, *value));
        if (!intent.empty()) {
          clause->code = intent;
          clause->reciprocal.clear();
        }
      }
    }
  }
  if (negated && !clause->code.empty()) {
    clause->negated = true;
    const std::optional<int64_t> value = coder.pico.Value(clause->code);
    // No negated meaning known: not coded at all (never the positive event).
    clause->code = value ? coder.pico.Cameo(Pico::Negate(*value)) : std::string();
    clause->reciprocal.clear();
  }
}

}  // namespace dyad::coder
