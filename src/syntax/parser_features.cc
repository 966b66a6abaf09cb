#include "syntax/parser_features.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <string_view>

#include "base/hash.h"

namespace dyad {
namespace {

using hash::Mix;

// Template ids are the emission order, so every template is always emitted (absent
// positions contribute value 0).
class Emitter {
 public:
  Emitter(uint64_t* out, int capacity) : out_(out), capacity_(capacity) {}
  void operator()(uint64_t a) { Put(Mix(Seed() ^ a)); }
  void operator()(uint64_t a, uint64_t b) { Put(Mix(Mix(Seed() ^ a) ^ b)); }
  void operator()(uint64_t a, uint64_t b, uint64_t c) {
    Put(Mix(Mix(Mix(Seed() ^ a) ^ b) ^ c));
  }
  int count() const { return n_; }

 private:
  uint64_t Seed() const { return (static_cast<uint64_t>(n_) + 1) * hash::kGoldenRatio; }
  void Put(uint64_t h) {
    assert(n_ < capacity_);
    out_[n_++] = h;
  }
  uint64_t* out_;
  [[maybe_unused]] int capacity_;  // checked by assert only
  int n_ = 0;
};

inline uint64_t Dist(int a, int b) {
  if (a < 0 || b < 0) return 0;
  const int d = std::abs(a - b);
  if (d <= 4) return static_cast<uint64_t>(d) + 1;
  if (d <= 6) return 6;
  if (d <= 9) return 7;
  if (d <= 14) return 8;
  return 9;
}

inline uint64_t Val(int v) { return static_cast<uint64_t>(std::min(v, 8)) + 1; }

}  // namespace

uint64_t ParserFormHash(std::string_view form) { return hash::ParserBytes(form, true, 0); }

void ParserLexicon::Add(const Word& word) {
  const uint64_t h = ParserFormHash(word.form);
  pending_.push_back({h, uint32_t{1} << static_cast<int>(word.upos), 1});
}

void ParserLexicon::Finish() {
  std::sort(pending_.begin(), pending_.end(),
            [](const Counts& a, const Counts& b) { return a.hash < b.hash; });
  std::vector<Counts> merged;
  for (const Counts& c : pending_) {
    if (!merged.empty() && merged.back().hash == c.hash) {
      merged.back().mask |= c.mask;
      merged.back().count += c.count;
    } else {
      merged.push_back(c);
    }
  }
  pending_.clear();
  pending_.shrink_to_fit();
  size_t cap = 1;
  while (cap < 2 * merged.size() + 1) cap *= 2;
  keys_.assign(cap, 0);
  values_.assign(cap, 0);
  for (const Counts& c : merged) {
    // Frequency bucket in bits 24..26: 1, 2-4, 5-19, 20+.
    const uint32_t freq = c.count >= 20 ? 4 : c.count >= 5 ? 3 : c.count >= 2 ? 2 : 1;
    size_t i = static_cast<size_t>(c.hash) & (cap - 1);
    while (keys_[i] != 0) i = (i + 1) & (cap - 1);
    keys_[i] = c.hash;
    values_[i] = c.mask | (freq << 24);
  }
}

uint32_t ParserLexicon::Lookup(uint64_t form_hash) const {
  const size_t cap = keys_.size();
  if (cap == 0) return 0;
  size_t i = static_cast<size_t>(form_hash) & (cap - 1);
  // Bounded probing: a loaded table might have no empty slot.
  for (size_t probes = 0; probes < cap; ++probes) {
    if (keys_[i] == form_hash) return values_[i];
    if (keys_[i] == 0) return 0;
    i = (i + 1) & (cap - 1);
  }
  return 0;
}

void ComputeParserWords(const Sentence& sentence, const ParserLexicon* lexicon,
                        bool right_to_left, std::vector<ParserWord>* words) {
  const size_t n = sentence.words.size();
  words->resize(n + 1);
  ParserWord& root = (*words)[0];
  root.w = root.p = root.s = 1;
  root.a = 0xffffffffu;
  root.u = 0;
  for (size_t i = 0; i < n; ++i) {
    const Word& src = sentence.words[i];
    ParserWord& dst = (*words)[right_to_left ? n - i : i + 1];
    dst.w = ParserFormHash(src.form);
    dst.a = lexicon ? lexicon->Lookup(dst.w) : 0;
    dst.u = static_cast<uint8_t>(src.upos);
    dst.p = hash::ParserBytes(src.xpos, false, 0x51ed270b27ULL + dst.u);
    std::string_view form = src.form;
    dst.s = hash::ParserBytes(form.substr(form.size() > 3 ? form.size() - 3 : 0), true, 0x5ff1);
  }
}

int ExtractMoveFeatures(const ArcEagerState& st, const ParserWord* words, uint64_t* out) {
  const int s0 = st.Stack(0), s1 = st.Stack(1);
  const int n0 = st.Buffer(0), n1 = st.Buffer(1), n2 = st.Buffer(2);
  const int s0h = st.Head(s0), s0h2 = st.Head(s0h);
  const int s0l = st.Left1(s0), s0l2 = st.Left2(s0);
  const int s0r = st.Right1(s0), s0r2 = st.Right2(s0);
  const int n0l = st.Left1(n0), n0l2 = st.Left2(n0);
  const int s1r = st.Right1(s1);
  auto W = [&](int i) -> uint64_t { return i >= 0 ? words[i].w : 0; };
  auto P = [&](int i) -> uint64_t { return i >= 0 ? words[i].p : 0; };
  auto S = [&](int i) -> uint64_t { return i >= 0 ? words[i].s : 0; };
  auto L = [&](int i) -> uint64_t { return static_cast<uint64_t>(st.Label(i) + 1); };

  const uint64_t s0w = W(s0), s0p = P(s0), n0w = W(n0), n0p = P(n0);
  const uint64_t n1w = W(n1), n1p = P(n1), n2w = W(n2), n2p = P(n2);
  const uint64_t d = Dist(s0, n0);
  Emitter f(out, kMaxMoveFeatures);
  // Single words.
  f(s0w, s0p); f(s0w); f(s0p);
  f(n0w, n0p); f(n0w); f(n0p);
  f(n1w, n1p); f(n1w); f(n1p);
  f(n2w, n2p); f(n2w); f(n2p);
  // Word pairs.
  f(s0w * 31 + s0p, n0w * 31 + n0p);
  f(s0w * 31 + s0p, n0w); f(s0w, n0w * 31 + n0p);
  f(s0w * 31 + s0p, n0p); f(s0p, n0w * 31 + n0p);
  f(s0w, n0w); f(s0p, n0p); f(n0p, n1p);
  // Three words.
  f(n0p, n1p, n2p); f(s0p, n0p, n1p);
  f(P(s0h), s0p, n0p); f(s0p, P(s0l), n0p); f(s0p, P(s0r), n0p); f(s0p, n0p, P(n0l));
  // Distance.
  f(s0w, d); f(s0p, d); f(n0w, d); f(n0p, d); f(s0w, n0w, d); f(s0p, n0p, d);
  // Valency.
  const uint64_t vr = Val(st.NumRight(s0)), vl = Val(st.NumLeft(s0)), nvl = Val(st.NumLeft(n0));
  f(s0w, vr); f(s0p, vr); f(s0w, vl); f(s0p, vl); f(n0w, nvl); f(n0p, nvl);
  // Unigrams of heads and children.
  f(W(s0h)); f(P(s0h)); f(L(s0));
  f(W(s0l)); f(P(s0l)); f(L(s0l));
  f(W(s0r)); f(P(s0r)); f(L(s0r));
  f(W(n0l)); f(P(n0l)); f(L(n0l));
  // Third order.
  f(W(s0h2)); f(P(s0h2)); f(L(s0h));
  f(W(s0l2)); f(P(s0l2)); f(L(s0l2));
  f(W(s0r2)); f(P(s0r2)); f(L(s0r2));
  f(W(n0l2)); f(P(n0l2)); f(L(n0l2));
  f(s0p, P(s0l), P(s0l2)); f(s0p, P(s0r), P(s0r2)); f(s0p, P(s0h), P(s0h2));
  f(n0p, P(n0l), P(n0l2));
  // Label sets.
  const uint64_t sr = st.RightLabels(s0), sl = st.LeftLabels(s0), nl = st.LeftLabels(n0);
  f(s0w, sr); f(s0p, sr); f(s0w, sl); f(s0p, sl); f(n0w, nl); f(n0p, nl);
  // Additions beyond Zhang & Nivre: the second stack word, whether s0 already has a head
  // (what separates REDUCE from LEFT-ARC), suffixes for rare words, and the word after
  // the buffer window.
  const uint64_t has_head = s0 > 0 && st.Head(s0) >= 0 ? 2 : 1;
  f(W(s1)); f(P(s1)); f(W(s1), P(s1)); f(P(s1), s0p); f(P(s1), s0p, n0p);
  f(has_head, s0p, n0p); f(has_head, s0w, n0p); f(has_head, s0p, n0w);
  f(has_head, L(s0), n0p);
  f(S(s0), n0p); f(s0p, S(n0)); f(S(n0)); f(S(s0));
  f(P(s1r), s0p, n0p); f(P(st.Buffer(3)), n0p, n1p);
  f(n0w, n1w); f(s0w, n0w, n1p);
  // Coarse UPOS conjunctions: they back off from XPOS, which matters with predicted tags.
  auto U = [&](int i) -> uint64_t { return i > 0 ? words[i].u + 1u : (i == 0 ? 100u : 0u); };
  f(U(s0), U(n0)); f(U(n0), U(n1)); f(U(s0), U(n0), U(n1)); f(U(s1), U(s0), U(n0));
  f(U(s0h), U(s0), U(n0)); f(U(s0), U(s0l), U(n0)); f(U(s0), U(s0r), U(n0));
  f(U(s0), U(n0), U(n0l)); f(U(s0), U(n0), d);
  // Ambiguity classes.
  auto A = [&](int i) -> uint64_t { return i >= 0 ? words[i].a : 2; };
  f(A(s0)); f(A(n0)); f(A(n1)); f(A(s0), A(n0)); f(A(n0), A(n1)); f(A(s0), n0p);
  f(s0p, A(n0)); f(A(s0), A(n0), A(n1)); f(A(s1), A(s0), A(n0));
  return f.count();
}

int ExtractLabelFeatures(const ArcEagerState& st, const ParserWord* words, int h, int d,
                         uint64_t* out) {
  auto W = [&](int i) -> uint64_t { return i >= 0 ? words[i].w : 0; };
  auto P = [&](int i) -> uint64_t { return i >= 0 ? words[i].p : 0; };
  auto L = [&](int i) -> uint64_t { return static_cast<uint64_t>(st.Label(i) + 1); };
  const int n = st.n();
  const uint64_t hw = W(h), hp = P(h), dw = W(d), dp = P(d);
  const uint64_t dir = d < h ? 1 : 2;
  const uint64_t dist = Dist(h, d) * 4 + dir;
  const int dl = st.Left1(d), dr = st.Right1(d);
  const int hh = st.Head(h);
  const int dprev = d > 1 ? d - 1 : -1, dnext = d < n ? d + 1 : -1;
  Emitter f(out, kMaxLabelFeatures);
  f(0);
  f(dw); f(dp); f(dw, dp); f(hw); f(hp); f(hw, hp);
  f(hp, dp); f(hw, dp); f(hp, dw); f(hw, dw); f(hp, dp, dist); f(dp, dist); f(dw, dist);
  f(dp, st.LeftLabels(d)); f(dp, st.RightLabels(d));
  f(dp, dir, st.LeftLabels(h) * 0x9E3779B97F4A7C15ULL ^ st.RightLabels(h));
  f(hp, dp, dir * 64 + L(h));
  f(hp, P(hh), dp); f(dp, P(dl), L(dl)); f(dp, P(dr), L(dr));
  f(dp, P(dprev), P(dnext)); f(hp, dp, P(dnext)); f(hp, dp, P(dprev));
  f(dp, words[d].s); f(words[d].s, dir); f(dw, hp, dir);
  f(dp, static_cast<uint64_t>(d == n), dir);
  f(dw, L(dl));
  const uint64_t da = words[d].a, ha = words[h].a;
  f(da); f(da, hp); f(da, ha, dir); f(dp, ha); f(da, dist);
  return f.count();
}

}  // namespace dyad
