// The features of an event candidate that the learned event filter (event_filter.h)
// weighs: what was coded (root, code, verb, the pattern kind, a composition), where the
// verb stands in the tree (its relation, its governor, auxiliaries, negation, marks,
// quotes), and how each side was found (its relation path to the verb with the
// preposition, pronoun or description, sector, no country, a place, the outlet), plus a
// few conjunctions of the root with those. Feature names are documented in
// doc/formats/event-filter.md; they never name a dictionary entry's text other than the
// verb's base form.
// Thread-safety: reads the view; writes only `out`.
#include <string>

#include "coder/cameo_table.h"
#include "coder/sentence_view.h"

namespace dyad::coder {

namespace {

std::string_view Bucket(int n, std::initializer_list<int> bounds) {
  static constexpr std::string_view kNames[] = {"0", "1", "2", "3", "4", "5", "6", "7"};
  size_t i = 0;
  for (int b : bounds) {
    if (n <= b) return kNames[i];
    ++i;
  }
  return kNames[i];
}

}  // namespace

// The word of [first, last] whose head lies outside the span (the phrase's head), or -1.
static int SpanHead(const WorkingTree& tree, int first, int last, int n) {
  if (first < 0 || last >= n || first > last) return -1;
  for (int w = first; w <= last; ++w) {
    const int h = tree.head[w];
    if (h < first || h > last) return w;
  }
  return first;
}

std::string SentenceView::RelPath(int w, int verb) const {
  if (w < 0) return "none";
  std::string path;
  int x = w;
  for (int step = 0; step < 4 && x >= 0; ++step) {
    if (x == verb) return path.empty() ? "self" : path;
    if (!path.empty()) path += '>';
    path += RelName(tree.rel[x]);
    if (tree.rel[x] == Rel::kObl || tree.rel[x] == Rel::kOther) {
      const std::string_view c = CaseOf(x);
      if (!c.empty()) {
        path += ':';
        path += c;
      }
    }
    x = tree.head[x];
  }
  // Not below the verb: the verb may be inside the actor's phrase ("the group that
  // attacked", an event noun's modifier).
  if (Dominates(w, verb)) return "above";
  return "far";
}

void SentenceView::EventFeatures(const Clause& clause, const std::string& code, const Actor& src,
                                 const Actor* tgt, std::vector<std::string>* out) const {
  out->clear();
  const int v = clause.verb;
  const std::string root(CameoRootCode(code));
  const std::string verb = clause.base.empty() ? scratch.lower[v] : clause.base;
  auto add = [&](std::string f) { out->push_back(std::move(f)); };
  add("root=" + root);
  add("code=" + code.substr(0, std::min<size_t>(3, code.size())));
  add("verb=" + verb);
  add("verb*root=" + verb + "|" + root);
  add(std::string("kind=") + (clause.object_in_pattern ? "pattern" : "verb"));
  if (!clause.own_code.empty() && clause.own_code != code) {
    add("composed_from=" + std::string(CameoRootCode(clause.own_code)));
  }
  add("upos=" + std::string(UposName(sentence.words[v].upos)));
  if (!sentence.words[v].xpos.empty()) add("xpos=" + sentence.words[v].xpos);
  const std::string vrel(RelName(tree.rel[v]));
  add("vrel=" + vrel);
  add("vrel*root=" + vrel + "|" + root);
  if (const int g = tree.head[v]; g >= 0) {
    add("gov=" + scratch.lower[g]);
    add("gov_rel=" + vrel + "|" + std::string(UposName(sentence.words[g].upos)));
  }
  for (int c : tree.children[v]) {
    const Rel r = tree.rel[c];
    if (r == Rel::kAux || r == Rel::kAuxPass) add("aux=" + scratch.lower[c]);
    if (r == Rel::kMark) add("mark=" + scratch.lower[c]);
    if (r == Rel::kCcomp) add("reports_clause");
  }
  if (clause.negated) add("negated");
  // Inside a quotation: an odd number of quote marks before the verb.
  int quotes = 0;
  for (int w = 0; w < v; ++w) {
    const std::string_view f = scratch.views[w];
    if (f == "\"" || f == "“" || f == "”" || f == "``" || f == "''") ++quotes;
  }
  if (quotes % 2 == 1) add("in_quote");
  add("sent_len=" + std::string(Bucket(n, {10, 20, 30, 45})));

  const bool has_tgt = tgt != nullptr && !tgt->code.empty();
  const bool has_src = !src.code.empty();
  add(std::string("sides=") + (has_src ? "S" : "-") + (has_tgt ? "T" : "-"));
  add(std::string("sides*root=") + (has_src ? "S" : "-") + (has_tgt ? "T" : "-") + "|" + root);
  auto side = [&](const char* name, const Actor& a) {
    const std::string p(name);
    const int h = SpanHead(tree, a.first, a.last, n);
    const std::string path = RelPath(h, v);
    add(p + "_path=" + path);
    add(p + "_path*root=" + path + "|" + root);
    if (h >= 0) {
      add(p + "_upos=" + std::string(UposName(sentence.words[h].upos)));
      if (sentence.words[h].upos == Upos::kPRON) add(p + "_pronoun");
      if (h < v) add(p + "_before_verb");
      add(p + "_dist=" + std::string(Bucket(h > v ? h - v : v - h, {1, 3, 6, 10})));
    } else {
      add(p + "_outside_sentence");
    }
    add(p + "_sector=" + (a.agent.size() >= 3 ? a.agent.substr(0, 3) : std::string("none")));
    if (a.code.starts_with("---")) add(p + "_no_country");
    if (a.place) add(p + "_place");
    if (a.person) add(p + "_person");
    if (a.plural) add(p + "_plural");
    if (a.code.size() >= 3 && coder.CountryRoot(a.code).empty()) {
      add(p + "_nonstate=" + a.code.substr(0, 3));
    }
  };
  if (has_src) side("src", src);
  if (has_tgt) side("tgt", *tgt);
  if (has_src && has_tgt) {
    const std::string a = coder.CountryRoot(src.code), b = coder.CountryRoot(tgt->code);
    if (!a.empty() && a == b) add("same_country");
    bool in_reported = false;
    for (int c : tree.children[v]) {
      if (tree.rel[c] == Rel::kCcomp && tgt->first >= 0 && tgt->first < n &&
          Dominates(c, tgt->first)) {
        in_reported = true;
      }
    }
    if (in_reported) add("tgt_in_reported_clause");
  }
  if (clause.sources.size() > 1) add("several_sources");
  if (clause.targets.size() > 1) add("several_targets");
}

}  // namespace dyad::coder
