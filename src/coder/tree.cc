// The coder's working tree (see tree.h). Thread-safety: a WorkingTree is used by one
// thread; the free functions are pure.
#include "coder/tree.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace dyad::coder {

Rel RelOf(std::string_view d) {
  const size_t colon = d.find(':');
  const std::string_view base = d.substr(0, colon);
  const std::string_view sub =
      colon == std::string_view::npos ? std::string_view() : d.substr(colon + 1);
  if (base == "nsubj") return sub == "pass" ? Rel::kSubjPass : Rel::kSubj;
  if (base == "nsubjpass") return Rel::kSubjPass;
  if (base == "csubj" || base == "csubjpass") return Rel::kCsubj;
  if (base == "dobj" || base == "obj") return Rel::kObj;
  if (base == "iobj") return Rel::kIobj;
  if (base == "nmod" || base == "obl") {
    if (sub == "poss") return Rel::kPoss;
    // v1 nmod:tmod/npmod and EWT v2.14's unmarked nominals ("last June", "yesterday")
    // name a time or a measure, never a participant.
    if (sub == "tmod" || sub == "npmod" || sub == "unmarked") return Rel::kTmod;
    // EWT v2.14's descriptive nominal, the title of a name ("Minister Romendacil"):
    // part of the name's core, as a compound is.
    if (sub == "desc") return Rel::kCompound;
    return Rel::kObl;
  }
  if (base == "case") return Rel::kCase;
  if (base == "conj") return Rel::kConj;
  if (base == "cc") return Rel::kCc;
  if (base == "xcomp") return Rel::kXcomp;
  if (base == "ccomp") return Rel::kCcomp;
  if (base == "advcl") return Rel::kAdvcl;
  if (base == "acl") return sub == "relcl" ? Rel::kRelcl : Rel::kAcl;
  if (base == "appos") return Rel::kAppos;
  if (base == "compound") return sub == "prt" ? Rel::kPrt : Rel::kCompound;
  if (base == "amod") return Rel::kAmod;
  if (base == "name" || base == "flat" || base == "goeswith") return Rel::kFlat;
  if (base == "list") return Rel::kList;
  if (base == "det") return Rel::kDet;
  if (base == "neg") return Rel::kNeg;
  if (base == "aux") return sub == "pass" ? Rel::kAuxPass : Rel::kAux;
  if (base == "auxpass") return Rel::kAuxPass;
  if (base == "cop") return Rel::kCop;
  if (base == "mark") return Rel::kMark;
  if (base == "punct") return Rel::kPunct;
  if (base == "parataxis") return Rel::kParataxis;
  if (base == "advmod") return Rel::kAdvmod;
  if (base == "nummod") return Rel::kNummod;
  if (base == "fixed" || base == "mwe") return Rel::kFixed;
  if (base == "root") return Rel::kRoot;
  return Rel::kOther;
}

std::string_view RelName(Rel r) {
  switch (r) {
    case Rel::kOther:
      return "dep";
    case Rel::kRoot:
      return "root";
    case Rel::kSubj:
      return "nsubj";
    case Rel::kSubjPass:
      return "nsubj:pass";
    case Rel::kCsubj:
      return "csubj";
    case Rel::kObj:
      return "obj";
    case Rel::kIobj:
      return "iobj";
    case Rel::kObl:
      return "obl";
    case Rel::kTmod:
      return "obl:tmod";
    case Rel::kCase:
      return "case";
    case Rel::kConj:
      return "conj";
    case Rel::kCc:
      return "cc";
    case Rel::kXcomp:
      return "xcomp";
    case Rel::kCcomp:
      return "ccomp";
    case Rel::kAdvcl:
      return "advcl";
    case Rel::kAcl:
      return "acl";
    case Rel::kRelcl:
      return "acl:relcl";
    case Rel::kAppos:
      return "appos";
    case Rel::kCompound:
      return "compound";
    case Rel::kPrt:
      return "compound:prt";
    case Rel::kAmod:
      return "amod";
    case Rel::kFlat:
      return "flat";
    case Rel::kPoss:
      return "nmod:poss";
    case Rel::kDet:
      return "det";
    case Rel::kNeg:
      return "neg";
    case Rel::kAux:
      return "aux";
    case Rel::kAuxPass:
      return "aux:pass";
    case Rel::kCop:
      return "cop";
    case Rel::kMark:
      return "mark";
    case Rel::kPunct:
      return "punct";
    case Rel::kParataxis:
      return "parataxis";
    case Rel::kAdvmod:
      return "advmod";
    case Rel::kNummod:
      return "nummod";
    case Rel::kFixed:
      return "fixed";
    case Rel::kList:
      return "list";
  }
  return "dep";
}

bool IsFiniteVerb(const Word& w) {
  return w.upos == Upos::kVERB && (w.xpos == "VBD" || w.xpos == "VBZ" || w.xpos == "VBP");
}

bool Glued(const Sentence& s, int w) {
  const uint32_t t = s.words[w].token;
  return t < s.tokens.size() && !s.tokens[t].space_after && s.tokens[t].word_count == 1;
}

bool EqualsLower(std::string_view form, std::string_view lower) {
  return form.size() == lower.size() &&
         std::equal(form.begin(), form.end(), lower.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

namespace {

constexpr std::array<std::string_view, 19> kTimeNames = {
    "monday",  "tuesday",   "wednesday", "thursday", "friday",  "saturday", "sunday",
    "january", "february",  "march",     "april",    "may",     "june",     "july",
    "august",  "september", "october",   "november", "december"};

}  // namespace

bool IsDayName(std::string_view form) {
  return std::any_of(kTimeNames.begin(), kTimeNames.begin() + 7,
                     [&](std::string_view day) { return EqualsLower(form, day); });
}

bool IsDayOrMonthName(std::string_view form) {
  return std::any_of(kTimeNames.begin(), kTimeNames.end(),
                     [&](std::string_view name) { return EqualsLower(form, name); });
}

bool IsTimeNoun(std::string_view form) {
  static constexpr std::array<std::string_view, 27> kTimeNouns = {
      "time",    "times",   "day",     "days",     "night",   "nights",  "morning",
      "afternoon", "evening", "noon",  "midnight", "dawn",    "dusk",    "week",
      "weeks",   "weekend", "month",   "months",   "year",    "years",   "decade",
      "decades", "century", "hour",    "hours",    "end",     "season"};
  return IsDayOrMonthName(form) ||
         std::any_of(kTimeNouns.begin(), kTimeNouns.end(),
                     [&](std::string_view name) { return EqualsLower(form, name); });
}

bool IsCalendarName(std::string_view form) {
  if (IsDayOrMonthName(form)) return true;
  if (form.ends_with('.')) form.remove_suffix(1);
  for (std::string_view m :
       {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}) {
    if (EqualsLower(form, m)) return true;
  }
  return false;
}

bool WorkingTree::Load(const Sentence& s) {
  const int n = static_cast<int>(s.words.size());
  head.assign(n, -1);
  rel.assign(n, Rel::kOther);
  verb.assign(n, 0);
  linked = false;
  if (static_cast<int>(children.size()) < n) children.resize(n);
  for (int i = 0; i < n; ++i) children[i].clear();
  bool parsed = true;
  for (int i = 0; i < n; ++i) {
    const Word& w = s.words[i];
    verb[i] = w.upos == Upos::kVERB ? 1 : 0;
    if (w.head < 0 || w.head > n) {
      parsed = false;
      continue;
    }
    head[i] = w.head - 1;
    rel[i] = RelOf(w.deprel);
  }
  return parsed;
}

void WorkingTree::LinkChildren() {
  for (int i = 0; i < size(); ++i) {
    if (head[i] >= 0 && head[i] != i)
      children[head[i]].push_back(i);
    else if (head[i] == i)
      head[i] = -1;  // self loop: treat as a root
  }
  linked = true;
}

bool WorkingTree::Dominates(int a, int w) const {
  const uint32_t bound = std::min<uint32_t>(static_cast<uint32_t>(size()), max_depth);
  for (uint32_t d = 0; w >= 0 && d <= bound; ++d) {
    if (w == a) return true;
    w = head[w];
  }
  return false;
}

int WorkingTree::ChildWith(int h, Rel r) const {
  if (linked) {
    for (int c : children[h]) {
      if (rel[c] == r) return c;
    }
    return -1;
  }
  for (int k = 0; k < size(); ++k) {
    if (head[k] == h && rel[k] == r) return k;
  }
  return -1;
}

bool WorkingTree::HasSubject(int h) const {
  for (int k = 0; k < size(); ++k) {
    if (head[k] == h && IsSubjectRel(rel[k])) return true;
  }
  return false;
}

int WorkingTree::SoleRoot() const {
  int root = -1;
  for (int i = 0; i < size(); ++i) {
    if (head[i] >= 0) continue;
    if (root >= 0) return -1;
    root = i;
  }
  return root;
}

std::string WorkingTree::ToConllu(const Sentence& s) const {
  std::string out;
  for (int i = 0; i < size() && i < static_cast<int>(s.words.size()); ++i) {
    const Word& w = s.words[i];
    auto field = [](const std::string& f) { return f.empty() ? std::string("_") : f; };
    out += std::to_string(i + 1) + '\t' + field(w.form) + '\t' + field(w.lemma) + '\t' +
           std::string(UposName(w.upos)) + '\t' + field(w.xpos) + '\t' + field(w.feats) + '\t' +
           std::to_string(head[i] + 1) + '\t' + std::string(RelName(rel[i])) + "\t_\t" +
           (verb[i] != 0 ? "Verb=Yes" : "_") + '\n';
  }
  return out;
}

}  // namespace dyad::coder
