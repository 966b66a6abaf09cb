// Combining clauses: the verb dictionary's transformations ("A said B attacked" → A
// accuses B, 112) and the PICO combination of a verb with its complement clause ("agreed
// to provide aid" → 033, "threatened to arrest" → 137, "demanded that Y release Z").
// After this stage a clause is either an event of its own or consumed by another.
// Thread-safety: reads the compiled coder, writes only the caller's scratch.
#include <optional>
#include <span>

#include "coder/cameo_table.h"
#include "coder/sentence_view.h"

namespace dyad::coder {

namespace {

// Inner verb codes match by identity, or within the family of violent acts (18-20):
// "fired" (183) is an ATTACK (190) for "X said Y attacked".
// Verbs that announce their complement as their subject's own future act (the
// codebook's intentions, 03x, and threats, 13x).
bool IsAnnouncingVerb(std::string_view base) {
  for (std::string_view b : {"plan", "intend", "vow", "pledge", "promise", "prepare", "decide",
                             "offer", "resolve", "expect"}) {
    if (base == b) return true;
  }
  return false;
}

bool InnerCodeMatches(const std::string& inner, const std::string& wanted) {
  if (wanted.empty()) return !inner.empty();
  if (inner == wanted) return true;
  auto violent = [](const std::string& c) {
    return c.size() >= 2 &&
           (c.compare(0, 2, "18") == 0 || c.compare(0, 2, "19") == 0 || c.compare(0, 2, "20") == 0);
  };
  return violent(inner) && violent(wanted);
}

}  // namespace

bool SentenceView::SameActors(const std::vector<Actor>& a, const std::vector<Actor>& b) {
  if (a.empty() || b.empty()) return false;
  for (const Actor& x : b) {
    bool found = false;
    for (const Actor& y : a) found = found || x.code == y.code;
    if (!found) return false;
  }
  return true;
}

bool SentenceView::IsObligation(int v) const {
  for (int c : tree.children[v]) {
    if (tree.rel[c] != Rel::kAux) continue;
    const std::string_view w = scratch.views[c];
    if (w == "must" || w == "should" || w == "ought") return true;
  }
  return false;
}

void SentenceView::ApplyTransformations() const {
  for (int v = 0; v < n; ++v) {
    Clause& outer = scratch.clauses[v];
    if (!outer.has_clause || outer.consumed || outer.sources.empty()) continue;
    for (int c : tree.children[v]) {
      Clause& inner = scratch.clauses[c];
      if (!inner.has_clause || inner.consumed || inner.own_code.empty()) continue;
      const Rel r = tree.rel[c];
      const bool xcomp = r == Rel::kXcomp || (r == Rel::kAdvcl && IsInfinitival(c));
      if (r != Rel::kCcomp && !xcomp) continue;
      // The inner clause's own actor: its subject; for "wants Putin to attack" the
      // governor's object (object control); none for "wants to attack".
      std::vector<Actor> inner_src;
      if (inner.own_subject) {
        inner_src = inner.sources;
      } else if (xcomp && ChildWith(v, Rel::kObj) >= 0) {
        inner_src = outer.targets;
      }
      const bool will = [&] {
        for (int a : tree.children[c]) {
          if (tree.rel[a] == Rel::kAux &&
              (scratch.views[a] == "will" || scratch.views[a] == "would")) {
            return true;
          }
        }
        return false;
      }();
      for (const CompiledTransformation& ct : coder.transformations) {
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
          if (const std::optional<int64_t> iv = coder.pico.Value(code)) {
            const std::string intent = coder.pico.Cameo(Pico::Combine(0x3000, *iv));
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
        for (int cc : tree.children[c]) {
          if (tree.rel[cc] == Rel::kConj) scratch.clauses[cc].consumed = true;
        }
        break;
      }
    }
  }
}

// Combine a verb with its xcomp (and a statement verb with its ccomp).
void SentenceView::CombineClauses() const {
  // The codebook's reading: a condition ("if Gondor attacks", "unless talks resume") does
  // not assert its event; the clause it conditions stands (a conditional threat).
  if (coder.options.codebook) {
    for (int v = 0; v < n; ++v) {
      if (tree.rel[v] != Rel::kAdvcl || !scratch.clauses[v].has_clause) continue;
      for (int c : tree.children[v]) {
        if (tree.rel[c] != Rel::kMark) continue;
        const std::string_view m = scratch.views[c];
        if (m == "if" || m == "unless" || m == "whether") scratch.clauses[v].consumed = true;
      }
    }
  }
  for (int v = 0; v < n; ++v) {
    Clause& outer = scratch.clauses[v];
    if (!outer.has_clause) continue;
    if (coder.options.codebook) CombineToldToLeave(v, &outer);
    for (int c : tree.children[v]) {
      Clause& inner = scratch.clauses[c];
      if (!inner.has_clause || inner.code.empty() || inner.consumed) continue;
      const Rel r = tree.rel[c];
      // An event noun's infinitive ("Russia's plan to annex", "its refusal to withdraw")
      // completes it as a verb's does.
      const bool noun_complement = r == Rel::kAcl && tree.verb[v] == 0 && IsInfinitival(c);
      if (r == Rel::kXcomp || (r == Rel::kAdvcl && IsInfinitival(c)) || noun_complement) {
        CombineWithComplement(&outer, &inner);
      } else if (r == Rel::kCcomp) {
        CombineWithReported(&outer, &inner);
      }
    }
  }
}

void SentenceView::CombineToldToLeave(int v, Clause* outer) const {
  bool passive = false;
  SubjectOf(v, &passive);
  if (outer->consumed || outer->targets.empty() || (!passive && outer->sources.empty())) return;
  const std::string& lemma = sentence.words[v].lemma;
  if (lemma != "tell" && lemma != "ask" && lemma != "order" && lemma != "instruct" &&
      lemma != "direct" && lemma != "give") {
    return;
  }
  // "leave": an infinitive of the verb ("ordered X to leave"), or of its object ("told
  // the envoy to leave", parsed as the noun's clause). It leaves a place ("the country")
  // or nothing named; "to leave Y alone" or "to leave for talks" is no expulsion.
  int leave = -1;
  for (int c : tree.children[v]) {
    if ((tree.rel[c] == Rel::kXcomp || tree.rel[c] == Rel::kAdvcl) && IsInfinitival(c) &&
        sentence.words[c].lemma == "leave") {
      leave = c;
    }
    if (tree.rel[c] != Rel::kObj && tree.rel[c] != Rel::kIobj) continue;
    for (int cc : tree.children[c]) {
      if (tree.rel[cc] == Rel::kAcl && IsInfinitival(cc) && sentence.words[cc].lemma == "leave")
        leave = cc;
    }
  }
  if (leave < 0 || IsNegated(leave)) return;
  std::vector<Actor> left;  // the country left ("to leave India")
  for (int c : tree.children[leave]) {
    if (tree.rel[c] == Rel::kXcomp || tree.rel[c] == Rel::kCompound) return;
    if (tree.rel[c] == Rel::kObl && CaseOf(c) == "for") return;
    if (tree.rel[c] != Rel::kObj) continue;
    const std::string_view o = scratch.views[c];
    if (scratch.actor_cover[c] < 0) {
      if (o != "country" && o != "territory" && o != "nation") return;
      continue;  // "the country": the host's, not the last country named
    }
    Resolve(c, false, 0, &left);
  }
  // "The envoy was asked to leave (India)": the country left expels; unnamed, the host
  // government (as for a summons).
  if (passive && AgentOf(v) < 0) {
    if (!left.empty()) {
      outer->sources = std::move(left);
    } else {
      ImplySource(v, "GOV", "the host government (agentless told to leave)", outer);
    }
  }
  if (outer->sources.empty()) return;
  // Told to leave is expelled: the expulsion verb's block codes it over the governor's
  // phrase (an envoy's expulsion as the dictionary codes a diplomat's).
  std::span<const dict::VerbFormRef> refs = verbs().FindVerb("expel");
  if (refs.empty()) return;
  const dict::VerbBlock& block = verbs().blocks()[refs[0].block];
  PatternHit hit;
  const dict::VerbPattern* fired = FirePattern(v, block, RegionsOf(v), &hit);
  const dict::EventCode code = fired != nullptr ? fired->code : verbs().members()[refs[0].member].code;
  if (code.code.empty()) return;
  outer->code = code.code;
  outer->reciprocal.clear();
  outer->pattern += " + told to leave: " + (fired != nullptr ? fired->text : block.name);
  if (scratch.clauses[leave].has_clause) scratch.clauses[leave].consumed = true;
}

void SentenceView::CombineWithComplement(Clause* outer_clause, Clause* inner_clause) const {
  Clause& outer = *outer_clause;
  Clause& inner = *inner_clause;
  // "Gollum was seen to break into ...": a governor with no actor of its own
  // leaves the inner event alone.
  if (outer.code.empty() || outer.sources.empty()) return;
  const std::optional<int64_t> ov = coder.pico.Value(outer.code);
  const std::optional<int64_t> iv = coder.pico.Value(inner.code);
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
  const bool threatened_coercion =
      ov && iv && (*ov & 0xF000) == 0x6000 && *ov < 0x10000 && (*iv & 0xF000) == 0x9000;
  if (threatened_coercion && !inner_statement) {
    combined = coder.pico.Cameo(0x6000 + (*iv & 0x0FFF));
    if (combined.empty()) combined = coder.pico.Cameo(0x609C);
  }
  // The codebook: an intent to do a hostile act is the threat of it ("plans to impose
  // sanctions" 1312, "vowed to arrest" 137), a cooperative one the intent (03x).
  // (Announcements only: an attempt, "trying to arrest", is neither.)
  if (coder.options.codebook && ov && (*ov & 0xF000) == 0x3000 && *ov < 0x10000 &&
      !inner_statement && IsAnnouncingVerb(outer.base)) {
    combined = IntentOf(inner.code);
  }
  // "agreed to meet / to provide aid": an agreement to a cooperative act is the intent to
  // do it (the codebook's 03x: "agree to meet" 036); an agreement to yield ("agreed to
  // step down", 08) is the yielding, and one to a measure ("agreed to impose sanctions")
  // the measure, below.
  if (coder.options.codebook && combined.empty() && !inner_statement && outer.base == "agree") {
    const std::string_view root = CameoRootCode(inner.code);
    if (root == "04" || root == "05" || root == "06" || root == "07") {
      combined = IntentOf(inner.code);
    }
  }
  if (combined.empty() && ov && iv && !inner_statement) {
    const int64_t value = Pico::Combine(*ov, *iv);
    combined = coder.pico.Cameo(value);
    // An intent to use force is a threat (CAMEO 13): "wants to attack" is
    // intend 0x3000 + fight 0x00A0, coded as threaten 0x60A0 (138).
    // (The inner act itself must be force: 036 + 051 sums into that range too.)
    if (combined.empty() && (*ov & 0xF000) == 0x3000 && (value & 0xF000) == 0x3000 &&
        *iv >= 0x0090 && *iv < 0x0100) {
      combined = coder.pico.Cameo(value - 0x3000 + 0x6000);
    }
  }
  // An appeal or a demand stays one whatever it asks for (the codebook's 02 and 10
  // families): "called on X to investigate" is no investigation; PICO's "two high-level
  // acts keep the inner one" would make it one.
  if (coder.options.codebook && !combined.empty() && ov && *ov < 0x10000 &&
      ((*ov & 0xF000) == 0x2000 || (*ov & 0xF000) == 0x4000) &&
      CameoRootCode(combined) != CameoRootCode(outer.code)) {
    combined = outer.code;
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
}

void SentenceView::CombineWithReported(Clause* outer_clause, Clause* inner_clause) const {
  Clause& outer = *outer_clause;
  Clause& inner = *inner_clause;
  const std::optional<int64_t> ov =
      outer.code.empty() ? std::nullopt : coder.pico.Value(outer.code);
  const std::optional<int64_t> iv = coder.pico.Value(inner.code);
  const int64_t kind = ov.value_or(0) & 0xF000;
  // The codebook's reading of "X said (that) Y must / should Z": X demands Z of Y (10x);
  // Z has not happened.
  if (coder.options.codebook && ov && (*ov & 0xF000) == 0x1000 && !outer.sources.empty() &&
      IsObligation(inner.verb)) {
    std::string demand;
    if (iv && *iv >= 0 && *iv < 0x1000) demand = coder.pico.Cameo(Pico::Combine(0x4000, *iv));
    if (demand.empty()) demand = coder.pico.Cameo(0x4000);
    if (!demand.empty()) {
      outer.code = demand;
      outer.reciprocal.clear();
      outer.pattern += " + " + inner.pattern + " (" + inner.pattern_loc + ") + must: a demand";
      outer.targets = inner.sources;
      inner.consumed = true;
      return;
    }
  }
  if (ov && iv && *ov >= 0 && *ov < 0x10000 && (kind == 0x2000 || kind == 0x4000) &&
      !outer.sources.empty() && *iv >= 0 && *iv < 0x1000) {
    // "X demanded that Y release Z", "X urged that Y withdraw": an appeal or demand
    // for the inner act, addressed to the inner clause's subject; the inner act has
    // not happened, so it is not an event of its own.
    const std::string combined = coder.pico.Cameo(Pico::Combine(*ov, *iv));
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

}  // namespace dyad::coder
