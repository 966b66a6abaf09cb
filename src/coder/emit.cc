// Emitting a sentence's events, complete (dated, with their sentence): each clause that
// stands as an event of its own gives one event per (source, target) pair, with the
// actors named by their sector alone placed in a country (their clause's place, the
// sentence's, the story's dateline, the document's leading country; places.cc),
// identical events of the sentence once, and the sentence's source actors kept as the
// document's memory for pronouns.
// Thread-safety: reads the compiled coder, writes only the caller's scratch and output.
#include <string>

#include "base/date.h"
#include "coder/cameo_table.h"
#include "coder/event_filter.h"
#include "coder/sentence_view.h"

namespace dyad::coder {

namespace {

// One-sided events the codebook asks for (CONVENTIONS §3, the CAMEO codebook on 01):
// a content-free statement ("said", "announced": 010-014, 019) with no addressee is not
// news — only denials, admissions, symbolic acts and condolences (015-018) are.
bool OneSidedWorthy(std::string_view code) {
  if (CameoRootCode(code) != "01") return true;
  return code.size() >= 3 && code[2] >= '5' && code[2] <= '8';
}

// An outlet or the press ("told Reuters", "told reporters", "state TV said"): an actor
// whose code has the media sector among its three-letter parts.
bool IsMedia(std::string_view code) {
  for (size_t k = 0; k + 3 <= code.size(); k += 3) {
    if (code.substr(k, 3) == "MED") return true;
  }
  return false;
}

// Does an actor of `a` have the code of one of `b`?
bool SharesActor(const std::vector<Actor>& a, const std::vector<Actor>& b) {
  for (const Actor& x : a) {
    for (const Actor& y : b) {
      if (x.code == y.code) return true;
    }
  }
  return false;
}

}  // namespace

std::string SentenceView::PlaceOf(int h) const {
  for (int c : tree.children[h]) {
    if (tree.rel[c] != Rel::kObl) continue;
    const std::string_view prep = CaseOf(c);
    if (prep != "in" && prep != "at") continue;
    std::vector<Actor> found;
    Resolve(c, false, 0, &found);
    for (const Actor& a : found) {
      if (a.agent.empty() && !a.base.empty()) return coder.CountryRoot(a.base);
    }
  }
  return std::string();
}

std::string SentenceView::SentencePlace() const {
  for (int w = 0; w < n; ++w) {
    if (tree.rel[w] != Rel::kObl || scratch.actor_cover[w] < 0) continue;
    const std::string_view prep = CaseOf(w);
    if (prep != "in" && prep != "at") continue;
    const Actor a = ActorFromMatch(scratch.actor_cover[w]);
    // "in Nairobi", "at the Kenyan border": a bare place, not "in the Kenyan police".
    std::vector<int> core;
    Core(w, 0, &core);
    if (HasAgent(core)) continue;
    std::string root = coder.CountryRoot(a.code);
    if (!root.empty()) return root;
  }
  return std::string();
}

std::string SentenceView::ClausePlace(const Clause& clause) const {
  std::string root = PlaceOf(clause.verb);
  for (int c : tree.children[clause.verb]) {
    if (!root.empty()) break;
    if (tree.rel[c] == Rel::kObj || tree.rel[c] == Rel::kSubj) root = PlaceOf(c);
  }
  return root;
}

Actor SentenceView::PlaceActor(const Clause& clause, const Actor& a, const Actor* source) const {
  if (!a.code.starts_with("---") || a.agent.size() < 3) return a;
  std::string root = ClausePlace(clause);
  if (root.empty() && source != nullptr) {
    const std::string_view role = std::string_view(a.agent).substr(0, 3);
    if (role == "GOV" || role == "OPP") {
      root = coder.CountryRoot(source->base.empty() ? source->code : source->base);
    }
  }
  // Else the sentence's place, the story's dateline, the document's leading country
  // (a foreign force is named by its country: "soldiers" alone are the story's own).
  if (root.empty() && coder.options.document_places) {
    root = SentencePlace();
    if (root.empty()) root = scratch.dateline_country;
    if (root.empty()) root = scratch.dominant_country;
  }
  if (root.empty()) return a;
  Actor placed = a;
  placed.base = root;
  placed.code = root + a.code.substr(3);
  return placed;
}

bool SentenceView::ActsOnEachOther(int v) const {
  for (int c : tree.children[v]) {
    if (tree.rel[c] != Rel::kObj && tree.rel[c] != Rel::kObl) continue;
    // "each other", "one another": headed by either word (UD: "each" with "other" fixed).
    const int first = scratch.views[c] == "each" || scratch.views[c] == "one" ? c : c - 1;
    if (first < 0 || first + 1 >= n) continue;
    if ((scratch.views[first] == "each" && scratch.views[first + 1] == "other") ||
        (scratch.views[first] == "one" && scratch.views[first + 1] == "another")) {
      return true;
    }
  }
  return false;
}

void SentenceView::FillActor(const Actor& a, EventActor* out) const {
  out->code = a.code;
  out->root = a.code.substr(0, std::min<size_t>(3, a.code.size()));
  out->agent = a.agent;
  out->first_word = static_cast<uint32_t>(a.first);
  out->last_word = static_cast<uint32_t>(a.last);
  out->actor_loc = a.actor_loc;
  for (int w = a.first; w <= a.last && w < n; ++w) {
    if (!out->text.empty()) out->text += ' ';
    out->text += sentence.words[w].form;
  }
}

void SentenceView::EmitEvent(const Clause& clause, const std::string& code, const Actor& src,
                             const Actor* tgt, size_t first_event, size_t index,
                             std::vector<Event>* out) const {
  if (code.empty()) return;
  if (src.code.empty() && (tgt == nullptr || tgt->code.empty())) return;
  const bool one_sided = src.code.empty() || tgt == nullptr || tgt->code.empty();
  if (one_sided &&
      (coder.options.require_dyad || (coder.options.codebook && !OneSidedWorthy(code)))) {
    return;
  }
  if (tgt != nullptr && !tgt->code.empty() && tgt->code == src.code) return;
  // "what it called aggression", "called the move a coup": naming, not a phone call.
  if (code.starts_with("041") && IsNamingUse(clause.verb)) return;
  for (size_t i = first_event; i < out->size(); ++i) {
    const Event& e = (*out)[i];
    if (e.source.code == src.code && e.target.code == (tgt ? tgt->code : std::string()) &&
        e.code == code) {
      return;
    }
  }
  Event e;
  e.doc_id = doc.id;
  e.sentence_id = sentence.id.empty() ? std::to_string(index) : sentence.id;
  e.sentence_index = static_cast<uint32_t>(index);
  // The event's date: its clause's date expression, else the document's.
  e.date = doc.date;
  if (auto d = coder.dates.EventDate(sentence, static_cast<uint32_t>(clause.verb), date);
      d.has_value() && d->date > 0) {
    e.date = date::Format(d->date);
    e.date_text = std::move(d->text);
  }
  e.sentence = std::string(doc.SentenceText(sentence));
  FillActor(src, &e.source);
  if (tgt != nullptr) FillActor(*tgt, &e.target);
  e.code = code;
  e.root_code = std::string(CameoRootCode(code));
  if (const CameoCode* cc = FindCameoCode(code)) {
    e.known_code = true;
    e.quad_class = static_cast<int>(cc->quad);
    e.goldstein = cc->goldstein;
    e.plover_type = std::string(cc->plover_type);
    e.plover_mode = std::string(cc->plover_mode);
  }
  e.verb_word = static_cast<uint32_t>(clause.verb);
  e.verb_text = sentence.words[clause.verb].form;
  e.pattern = clause.pattern;
  e.pattern_loc = clause.pattern_loc;
  e.negated = clause.negated;
  // The learned filter (event_filter.h) keeps or drops the event, which then carries the
  // probability and the features that weighed most.
  const EventFilter* filter = coder.options.event_filter;
  if (filter != nullptr || coder.options.event_features) {
    EventFeatures(clause, code, src, tgt, &e.features);
    if (!e.date_text.empty()) e.features.emplace_back("dated");
    e.features.push_back("sent_pos=" + std::string(index == 0 ? "0" : index <= 2 ? "1" : "2"));
    if (filter != nullptr) {
      e.confidence = filter->Score(e.features, &e.evidence);
      if (e.confidence < filter->threshold()) return;
    }
    if (!coder.options.event_features) e.features.clear();
  }
  if (!src.code.empty()) {
    if (scratch.doc_events.size() >= kDocumentEvents)
      scratch.doc_events.erase(scratch.doc_events.begin());
    scratch.doc_events.emplace_back(std::string(CameoRootCode(code)), src);
  }
  out->push_back(std::move(e));
}

namespace {

// The family of roots an event noun refers back across: the uses of force (18-20) are
// one family ("the attack" after "shelled"), every other root its own.
std::string_view RootFamily(std::string_view root) {
  return root == "18" || root == "19" || root == "20" ? std::string_view("18") : root;
}

}  // namespace

bool SentenceView::EventReferent(int obj, const Actor& src, Actor* out) const {
  if (obj < 0 || sentence.words[obj].upos != Upos::kNOUN) return false;
  bool definite = false;
  for (int c : tree.children[obj]) {
    if (tree.rel[c] != Rel::kDet) continue;
    const std::string_view d = scratch.views[c];
    definite = d == "the" || d == "this" || d == "that" || d == "these" || d == "those";
  }
  if (!definite) return false;
  int form_words = 0;
  const dict::VerbFormRef* ref = FindVerbAt(obj, &form_words);
  if (ref == nullptr || form_words > 1) return false;
  const dict::EventCode& code = verbs().members()[ref->member].code;
  if (code.code.size() < 2) return false;
  const std::string_view family = RootFamily(CameoRootCode(code.code));
  if (family == "01" || family == "02") return false;
  for (auto it = scratch.doc_events.rbegin(); it != scratch.doc_events.rend(); ++it) {
    if (RootFamily(it->first) != family) continue;
    if (it->second.code == src.code) continue;
    *out = it->second;
    out->place = false;
    return true;
  }
  return false;
}

bool SentenceView::IsNamingUse(int v) const {
  if (sentence.words[v].lemma != "call" && scratch.lower[v] != "called") return false;
  int objects = 0;
  for (int c : tree.children[v]) {
    const Upos u = sentence.words[c].upos;
    if (tree.rel[c] == Rel::kXcomp && (u == Upos::kNOUN || u == Upos::kPROPN || u == Upos::kADJ))
      return true;  // "called it a beacon of hope"
    if (tree.rel[c] == Rel::kObj) ++objects;
  }
  if (objects >= 2) return true;  // "called the move a coup"
  // "what she called the excessive use of force", "a move the party called a coup": a
  // relative clause naming its head.
  return tree.rel[v] == Rel::kRelcl;
}

bool SentenceView::PronounSubject(int v) const {
  bool passive = false;
  const int subj = SubjectOf(v, &passive);
  return !passive && subj >= 0 && sentence.words[subj].upos == Upos::kPRON;
}

void SentenceView::EmitEvents(size_t index, std::vector<Event>* out) const {
  const size_t first_event = out->size();
  std::vector<Actor> sentence_actors;
  for (int v = 0; v < n; ++v) {
    Clause& clause = scratch.clauses[v];
    if (!clause.has_clause || clause.consumed || (clause.code.empty() && clause.reciprocal.empty()))
      continue;
    for (Actor& a : clause.sources) a = PlaceActor(clause, a, nullptr);
    if (!clause.targets.empty()) {
      const Actor source = clause.sources.empty() ? Actor() : clause.sources[0];
      for (Actor& a : clause.targets)
        a = PlaceActor(clause, a, clause.sources.empty() ? nullptr : &source);
    }
    std::vector<Actor> targets = clause.targets;
    // "China demanded that Canada release X", "urged that Y withdraw": a demand or an
    // appeal is made of the subject of the clause it demands, when nothing else is named.
    if (targets.empty() && (CameoRootCode(clause.code) == "10" || CameoRootCode(clause.code) == "02")) {
      for (int c : tree.children[clause.verb]) {
        if (tree.rel[c] != Rel::kCcomp) continue;
        bool passive = false;
        const int subj = SubjectOf(c, &passive);
        if (subj >= 0 && !passive && sentence.words[subj].upos != Upos::kPRON) {
          Resolve(subj, false, 0, &targets);
        }
        break;
      }
    }
    // A statement is not made to the outlet that carries it nor to the place it is made
    // in ("told Reuters", "told reporters in Nairobi"): such a statement has no addressee.
    // Nor is it made to the subject of the clause it reports ("Kenya said Uganda had
    // closed the border" is no statement to Uganda).
    if (coder.options.codebook && CameoRootCode(clause.code) == "01") {
      std::erase_if(targets, [&](const Actor& t) {
        if (t.place || IsMedia(t.code)) return true;
        for (int c : tree.children[clause.verb]) {
          if (tree.rel[c] == Rel::kCcomp && t.first >= 0 && t.first < n && Dominates(c, t.first))
            return true;
        }
        return false;
      });
    }
    // A compound subject without a target (or with only the place of the act): the
    // members act on each other ("Gondor and Osgiliath renewed ties in Minas Tirith") —
    // only when the act is mutual by nature: meetings and cooperation, or a verb the
    // dictionary gives a reverse event ("clashed") or a compound pattern (`%`), or said to
    // be ("blamed each other").
    // "The UN and the UK condemned the coup" is not the UN condemning the UK, and "US
    // and British activists staged a protest in Beijing" is against the place.
    const std::string_view root_code = CameoRootCode(clause.code);
    const bool mutual = !clause.reciprocal.empty() || clause.compound || root_code == "03" ||
                        root_code == "04" || root_code == "05" || root_code == "06" ||
                        ActsOnEachOther(clause.verb);
    bool only_places = !targets.empty() && mutual;
    for (const Actor& t : targets) only_places = only_places && t.place;
    if ((targets.empty() || only_places) && mutual && clause.sources.size() > 1) {
      // By the codebook "A and B met" is one symmetric event (its reverse would be a
      // second, false one); an act said to go both ways ("blamed each other", a verb with
      // a reverse code: "clashed") is coded both ways.
      const bool both_ways = !coder.options.codebook || !clause.reciprocal.empty() ||
                             ActsOnEachOther(clause.verb);
      for (size_t i = 0; i < clause.sources.size(); ++i) {
        for (size_t j = 0; j < clause.sources.size(); ++j) {
          if (i != j && (both_ways || i < j))
            EmitEvent(clause, clause.code, clause.sources[i], &clause.sources[j], first_event,
                      index, out);
        }
      }
      continue;
    }
    // Several actors acting on several others ("Japan, Australia and the US are concerned
    // by the pact between China and the Solomon Islands"): each source's event is one,
    // against the first target; the others name the same act's other parties, and a cross
    // product would count one judgement many times over. (Not when the sources are among
    // the targets: a mutual act's parties.)
    if (coder.options.codebook && clause.sources.size() > 1 && targets.size() > 1 &&
        !SharesActor(clause.sources, targets)) {
      targets.resize(1);
    }
    for (const Actor& src : clause.sources) {
      if (targets.empty()) {
        // An object that names no actor is an unresolved target ("condemned the coup",
        // "arrested 700 people"), not a missing one — unless the pattern read it as
        // what was done ("fired tear gas") or the act is a statement ("denied any
        // involvement"): no one-sided event for it.
        // An object naming an event the story reported ("condemned the attack"): its
        // doer is the target.
        Actor referent;
        if (coder.options.codebook && root_code != "01" &&
            EventReferent(ChildWith(clause.verb, Rel::kObj), src, &referent)) {
          EmitEvent(clause, clause.code, src, &referent, first_event, index, out);
          continue;
        }
        if (coder.options.codebook && !clause.object_in_pattern && root_code != "01" &&
            ChildWith(clause.verb, Rel::kObj) >= 0) {
          continue;
        }
        EmitEvent(clause, clause.code, src, nullptr, first_event, index, out);
        continue;
      }
      for (const Actor& tgt : targets) {
        EmitEvent(clause, clause.code, src, &tgt, first_event, index, out);
        if (!clause.reciprocal.empty())
          EmitEvent(clause, clause.reciprocal, tgt, &src, first_event, index, out);
      }
    }
    // A missing source is a fact of the text only when the clause has its own subject
    // or is an agentless passive ("50 people were arrested", "a car bomb hit the
    // ministry"); a subjectless clause whose actor was not found ("..., killing ten")
    // has one, unresolved, and so has a pronoun ("he warned"): no event rather than a
    // wrong one-sided one.
    if (clause.sources.empty() && !coder.options.require_dyad &&
        (!coder.options.codebook || (clause.own_subject && !PronounSubject(clause.verb)))) {
      Actor none;
      for (const Actor& tgt : targets)
        EmitEvent(clause, clause.code, none, &tgt, first_event, index, out);
    }
    for (const Actor& a : clause.sources) {
      if (!a.code.empty()) sentence_actors.push_back(a);
    }
  }
  // Document memory for pronouns: the distinct source actors of this sentence.
  if (!sentence_actors.empty()) {
    scratch.last_actors.clear();
    for (const Actor& a : sentence_actors) {
      bool dup = false;
      for (const Actor& b : scratch.last_actors) dup = dup || b.code == a.code;
      if (!dup) scratch.last_actors.push_back(a);
    }
  }
}

}  // namespace dyad::coder
