// Beam search over the arc-eager moves and the scoring it shares with greedy decoding
// (private to src/syntax and src/train). The parser decodes with int16 weights and int64
// scores; the trainer (src/train/parser_train.cc) runs the same search over its float
// weights, with a hook that trains the label classifier on the beam's own arcs.
//
// Beam search (Zhang & Clark 2008; Zhang & Nivre 2011) over the arc-eager
// moves. Each item keeps a full ArcEagerState (copy-assign reuses capacity, so steady
// state does not allocate; the copy is O(n), making a sentence O(k n^2) in the worst case
// but the constant is tiny next to feature extraction). Labels are not part of the beam
// score: an arc's label is the label classifier's argmax at the moment the arc is made.
// Items that reach the terminal state are carried over with their score.
// Thread-safety: pure functions over caller-owned BeamWork buffers.
#ifndef DYAD_SYNTAX_PARSER_BEAM_H_
#define DYAD_SYNTAX_PARSER_BEAM_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "syntax/parser_features.h"
#include "syntax/transition.h"

namespace dyad::parser_internal {

// The row of a hashed feature in a weight table of 2^bits rows (the hashing trick).
inline size_t Row(uint64_t hash, int bits) { return static_cast<size_t>(hash >> (64 - bits)); }

// The label classifier also sees the move features of the configuration that makes the
// arc (children, label sets, valency, s1...): +1 LAS on EWT dev over arc features alone
// (the first 32 templates alone gave nothing).
inline constexpr int kLabelMoveFeatures = kMaxMoveFeatures;
inline constexpr int kFeatStride = kMaxMoveFeatures + kMaxLabelFeatures;
inline constexpr int kMaxBeam = 64;

struct BeamNode {
  int parent;
  int8_t move;
  int16_t label;
};

template <typename S>
struct BeamCand {
  S score;
  int item;
  int move;  // -1 = carried-over terminal item
};

template <typename S>
struct BeamWork {
  std::vector<ArcEagerState> items, next;
  std::vector<S> score, next_score;
  std::vector<int> node, next_node;
  std::vector<uint64_t> feats;
  std::vector<int> nfeats;
  std::vector<BeamCand<S>> cands;
  std::vector<BeamNode> nodes;
  // Label scores of one arc fit int32 with int16 weights (as in greedy parsing).
  std::vector<std::conditional_t<std::is_integral_v<S>, int32_t, S>> label_scores;
  std::vector<int> labels_tmp;
  std::vector<S> step_best;  // best score after each step (training)
  std::vector<int> step_best_node;
  int size = 0;
  int max_n = 0, max_k = 0;
  // Cost accounting (the caller resets): items expanded (feature extraction + move
  // scoring, the dominant cost) and decoding steps (a greedy parser expands one item a step).
  int64_t expansions = 0, steps = 0;
};

template <typename T>
struct BeamTables {
  const T* move_w;
  int move_bits;
  const T* label_w;
  int label_bits;
  int stride;
  int num_labels;
  int root_label;
};

// Scores of the legal moves from a weight table of `bits` rows × kNumMoves.
template <typename T, typename S>
void ScoreMoves(const T* w, int bits, const uint64_t* f, int k, S scores[kNumMoves]) {
  for (int m = 0; m < kNumMoves; ++m) scores[m] = 0;
  for (int i = 0; i < k; ++i) __builtin_prefetch(w + Row(f[i], bits) * kNumMoves);
  for (int i = 0; i < k; ++i) {
    const T* row = w + Row(f[i], bits) * kNumMoves;
    for (int m = 0; m < kNumMoves; ++m) scores[m] += row[m];
  }
}

template <typename T, typename S>
void ScoreLabels(const T* w, int bits, int stride, const uint64_t* f, int k, S* scores) {
  std::fill(scores, scores + stride, S{0});
  // The rows are scattered over a table larger than the caches: issue all the loads
  // first so that the misses overlap.
  for (int i = 0; i < k; ++i) {
    const char* row = reinterpret_cast<const char*>(w + Row(f[i], bits) * stride);
    __builtin_prefetch(row);
    __builtin_prefetch(row + 64);
  }
  for (int i = 0; i < k; ++i) {
    const T* row = w + Row(f[i], bits) * stride;
    for (int j = 0; j < stride; ++j) scores[j] += row[j];
  }
}

// Best legal move by score (ties: lower move id).
template <typename S>
Move BestLegal(const ArcEagerState& st, const S scores[kNumMoves]) {
  int best = -1;
  for (int m = 0; m < kNumMoves; ++m) {
    if (!st.IsLegal(static_cast<Move>(m))) continue;
    if (best < 0 || scores[m] > scores[best]) best = m;
  }
  return static_cast<Move>(best);
}

// Best label other than root among the first `num_labels`.
template <typename S>
int BestLabel(const S* scores, int num_labels, int root_label) {
  int best = -1;
  for (int j = 0; j < num_labels; ++j) {
    if (j == root_label) continue;
    if (best < 0 || scores[j] > scores[best]) best = j;
  }
  return best < 0 ? root_label : best;
}

// The trainer hook of a parse-time BeamDecode: never called (the trainer is null).
struct NoBeamTrainer {
  void OnBestArc(const uint64_t*, int, int, int, int, int, int) {}
};

// Runs beam search of width k; on return w->items[0] is the best final state. With a
// `trainer` (training; null at parse time) it calls trainer->OnBestArc(f, k, label_bits,
// stride, head, dep, label) for every arc labeled on the beam's best item, and records the
// best score and node after each step (w->step_best, w->step_best_node) for the update.
template <typename T, typename S, typename Trainer = NoBeamTrainer>
void BeamDecode(const BeamTables<T>& tb, const ParserWord* words, int n, int k,
                BeamWork<S>* w, Trainer* trainer, S margin = S(-1)) {
  k = std::min(k, kMaxBeam);
  w->items.resize(static_cast<size_t>(k));
  w->next.resize(static_cast<size_t>(k));
  w->score.resize(static_cast<size_t>(k));
  w->next_score.resize(static_cast<size_t>(k));
  w->node.resize(static_cast<size_t>(k));
  w->next_node.resize(static_cast<size_t>(k));
  w->feats.resize(static_cast<size_t>(k) * kFeatStride);
  w->nfeats.resize(static_cast<size_t>(k));
  w->labels_tmp.resize(static_cast<size_t>(k));
  w->label_scores.resize(static_cast<size_t>(tb.stride));
  // States move between slots: size every slot's buffers for the longest sentence seen,
  // so that steady-state parsing does not allocate.
  if (n > w->max_n || static_cast<int>(w->items.size()) > w->max_k) {
    for (ArcEagerState& st : w->items) st.Init(n);
    for (ArcEagerState& st : w->next) st.Init(n);
    w->max_n = std::max(n, w->max_n);
    w->max_k = k;
    w->cands.reserve(static_cast<size_t>(k) * kNumMoves);
  }
  w->nodes.clear();
  w->step_best.clear();
  w->step_best_node.clear();
  w->items[0].Init(n);
  w->score[0] = 0;
  w->node[0] = -1;
  w->size = 1;
  for (;;) {
    w->cands.clear();
    bool any = false;
    for (int i = 0; i < w->size; ++i) {
      const ArcEagerState& st = w->items[i];
      if (st.Terminal()) {
        w->cands.push_back({w->score[i], i, -1});
        continue;
      }
      any = true;
      ++w->expansions;
      uint64_t* f = &w->feats[static_cast<size_t>(i) * kFeatStride];
      const int kf = ExtractMoveFeatures(st, words, f);
      w->nfeats[i] = kf;
      // int16 weights: the step's scores fit int32 (as in greedy parsing); only the
      // prefix sums need int64.
      using StepScore = std::conditional_t<std::is_integral_v<T>, int32_t, S>;
      StepScore sc[kNumMoves];
      ScoreMoves(tb.move_w, tb.move_bits, f, kf, sc);
      for (int m = 0; m < kNumMoves; ++m) {
        if (st.IsLegal(static_cast<Move>(m))) w->cands.push_back({w->score[i] + sc[m], i, m});
      }
    }
    if (!any) break;
    ++w->steps;
    int keep = std::min<int>(k, static_cast<int>(w->cands.size()));
    std::partial_sort(w->cands.begin(), w->cands.begin() + keep, w->cands.end(),
                      [](const BeamCand<S>& a, const BeamCand<S>& b) {
                        if (a.score != b.score) return a.score > b.score;
                        if (a.item != b.item) return a.item < b.item;
                        return a.move < b.move;
                      });
    if (margin >= 0) {
      int kept = 1;
      while (kept < keep && w->cands[kept].score >= w->cands[0].score - margin) ++kept;
      keep = kept;
    }
    // Labels first (they read the source states), then the successor states: a source
    // used by one successor is moved (swapped) rather than copied, so a beam that holds a
    // single item costs no state copy.
    int uses[kMaxBeam] = {0};
    for (int j = 0; j < keep; ++j) ++uses[w->cands[j].item];
    for (int j = 0; j < keep; ++j) {
      const BeamCand<S>& c = w->cands[j];
      const ArcEagerState& src = w->items[c.item];
      w->next_score[j] = c.score;
      w->next_node[j] = w->node[c.item];
      w->labels_tmp[j] = -1;
      if (c.move < 0) continue;
      const Move mv = static_cast<Move>(c.move);
      int label = -1;
      if (mv == Move::kLeftArc || mv == Move::kRightArc) {
        const int h = mv == Move::kLeftArc ? src.Buffer(0) : src.Stack(0);
        const int d = mv == Move::kLeftArc ? src.Stack(0) : src.Buffer(0);
        if (h == 0) {
          label = tb.root_label;
        } else {
          uint64_t* f = &w->feats[static_cast<size_t>(c.item) * kFeatStride];
          const int mk = std::min(w->nfeats[c.item], kLabelMoveFeatures);
          const int lk = mk + ExtractLabelFeatures(src, words, h, d, f + mk);
          ScoreLabels(tb.label_w, tb.label_bits, tb.stride, f, lk, w->label_scores.data());
          label = BestLabel(w->label_scores.data(), tb.num_labels, tb.root_label);
          if (trainer && j == 0) trainer->OnBestArc(f, lk, tb.label_bits, tb.stride, h, d, label);
        }
      }
      w->labels_tmp[j] = label;
      w->nodes.push_back({w->node[c.item], static_cast<int8_t>(c.move),
                          static_cast<int16_t>(label)});
      w->next_node[j] = static_cast<int>(w->nodes.size()) - 1;
    }
    for (int j = 0; j < keep; ++j) {
      const BeamCand<S>& c = w->cands[j];
      if (--uses[c.item] == 0) {
        std::swap(w->next[j], w->items[c.item]);
      } else {
        w->next[j] = w->items[c.item];
      }
      if (c.move >= 0) w->next[j].Apply(static_cast<Move>(c.move), w->labels_tmp[j]);
    }
    std::swap(w->items, w->next);
    std::swap(w->score, w->next_score);
    std::swap(w->node, w->next_node);
    w->size = keep;
    if (trainer) {
      w->step_best.push_back(w->score[0]);
      w->step_best_node.push_back(w->node[0]);
    }
  }
}

}  // namespace dyad::parser_internal

#endif  // DYAD_SYNTAX_PARSER_BEAM_H_
