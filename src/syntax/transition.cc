#include "syntax/transition.h"

#include <algorithm>

namespace dyad {

void ArcEagerState::Init(int n) {
  n_ = n;
  b0_ = 1;
  const size_t size = static_cast<size_t>(n) + 1;
  stack_.clear();
  stack_.reserve(size);
  stack_.push_back(0);
  in_stack_.assign(size, 0);
  in_stack_[0] = 1;
  head_.assign(size, -1);
  label_.assign(size, -1);
  left1_.assign(size, -1);
  left2_.assign(size, -1);
  right1_.assign(size, -1);
  right2_.assign(size, -1);
  num_left_.assign(size, 0);
  num_right_.assign(size, 0);
  left_labels_.assign(size, 0);
  right_labels_.assign(size, 0);
}

bool ArcEagerState::IsLegal(Move m) const {
  if (Terminal()) return false;
  const int s0 = stack_.back();
  switch (m) {
    case Move::kShift:
      return true;
    case Move::kReduce:
      return s0 != 0 && head_[s0] >= 0;
    case Move::kLeftArc:
      return s0 != 0 && head_[s0] < 0;
    case Move::kRightArc:
      return s0 != 0;
  }
  return false;
}

void ArcEagerState::AddArc(int head, int dep, int label) {
  head_[dep] = head;
  label_[dep] = label;
  const uint64_t bit = label >= 0 ? uint64_t{1} << (label & 63) : 0;
  if (dep < head) {
    ++num_left_[head];
    left_labels_[head] |= bit;
    if (left1_[head] < 0 || dep < left1_[head]) {
      left2_[head] = left1_[head];
      left1_[head] = dep;
    } else if (left2_[head] < 0 || dep < left2_[head]) {
      left2_[head] = dep;
    }
  } else {
    ++num_right_[head];
    right_labels_[head] |= bit;
    if (right1_[head] < 0 || dep > right1_[head]) {
      right2_[head] = right1_[head];
      right1_[head] = dep;
    } else if (right2_[head] < 0 || dep > right2_[head]) {
      right2_[head] = dep;
    }
  }
}

void ArcEagerState::Apply(Move m, int label) {
  const int s0 = stack_.back();
  const int b0 = b0_;
  switch (m) {
    case Move::kShift:
      stack_.push_back(b0);
      in_stack_[b0] = 1;
      ++b0_;
      break;
    case Move::kReduce:
      stack_.pop_back();
      in_stack_[s0] = 0;
      break;
    case Move::kLeftArc:
      AddArc(b0, s0, label);
      stack_.pop_back();
      in_stack_[s0] = 0;
      break;
    case Move::kRightArc:
      AddArc(s0, b0, label);
      stack_.push_back(b0);
      in_stack_[b0] = 1;
      ++b0_;
      break;
  }
}

void GoldTree::Build(std::span<const int> heads) {
  const int n = static_cast<int>(heads.size()) - 1;
  head.assign(heads.begin(), heads.end());
  head[0] = -1;
  child_begin.assign(static_cast<size_t>(n) + 2, 0);
  for (int d = 1; d <= n; ++d) ++child_begin[head[d] + 1];
  for (int h = 0; h <= n; ++h) child_begin[h + 1] += child_begin[h];
  child.assign(static_cast<size_t>(n), 0);
  std::vector<int> fill(child_begin.begin(), child_begin.end() - 1);
  for (int d = 1; d <= n; ++d) child[fill[head[d]]++] = d;  // ascending d per head
}

void ArcEagerCosts(const ArcEagerState& s, const GoldTree& gold, int costs[kNumMoves]) {
  for (int m = 0; m < kNumMoves; ++m) costs[m] = kIllegalCost;
  if (s.Terminal()) return;
  const int s0 = s.Stack(0);
  const int b0 = s.Buffer(0);
  const int n = s.n();
  // A gold head on the stack is still reachable by a word in the buffer, except the root:
  // root arcs are never built by moves (see transition.h), a gold root word is right as
  // long as it gets no head.
  auto head_reachable_in_stack = [&](int h) { return h != 0 && s.InStack(h); };
  const int hb = gold.head[b0];
  // Gold dependents of b0 that sit headless on the stack (only LEFT-ARC from b0 can
  // still give them their head).
  int b0_stack_deps = 0;
  for (int k = gold.child_begin[b0]; k < gold.child_begin[b0 + 1]; ++k) {
    const int d = gold.child[k];
    if (d < b0 && s.InStack(d) && s.Head(d) < 0) ++b0_stack_deps;
  }
  // Gold dependents of s0 still in the buffer.
  int s0_buffer_deps = 0;
  for (int k = gold.child_begin[s0]; k < gold.child_begin[s0 + 1]; ++k) {
    if (gold.child[k] >= b0) ++s0_buffer_deps;
  }

  if (s.IsLegal(Move::kShift)) {
    // b0 can no longer take a head or headless dependents from the stack.
    costs[0] = b0_stack_deps + (hb < b0 && head_reachable_in_stack(hb) ? 1 : 0);
  }
  if (s.IsLegal(Move::kReduce)) {
    // s0 can no longer take dependents from the buffer.
    costs[1] = s0_buffer_deps;
  }
  if (s.IsLegal(Move::kLeftArc)) {
    // s0 loses a gold head in the buffer (other than b0) and its buffer dependents.
    const int hs = gold.head[s0];
    costs[2] = s0_buffer_deps + ((hs > b0 && hs <= n) || hs == 0 ? 1 : 0);
  }
  if (s.IsLegal(Move::kRightArc)) {
    // b0 gets s0 as head: it loses any other reachable gold head and its headless
    // dependents on the stack.
    int c = b0_stack_deps;
    if (hb != s0) {
      if (hb > b0 || hb == 0) ++c;
      else if (head_reachable_in_stack(hb)) ++c;
    }
    costs[3] = c;
  }
}

Move StaticOracle(const ArcEagerState& state, const GoldTree& gold) {
  int costs[kNumMoves];
  ArcEagerCosts(state, gold, costs);
  static constexpr Move kPreference[] = {Move::kLeftArc, Move::kRightArc, Move::kReduce,
                                         Move::kShift};
  Move best = Move::kShift;
  int best_cost = kIllegalCost + 1;
  for (Move m : kPreference) {
    if (costs[static_cast<int>(m)] < best_cost) {
      best_cost = costs[static_cast<int>(m)];
      best = m;
    }
  }
  return best;
}

namespace {

// True iff `a` is dominated by `h` (or equal). Bounded by n steps.
bool Dominates(std::span<const int> heads, int h, int a) {
  const int n = static_cast<int>(heads.size()) - 1;
  for (int steps = 0; steps <= n + 1 && a > 0; ++steps) {
    if (a == h) return true;
    a = heads[a];
  }
  return a == h;
}

bool ArcIsProjective(std::span<const int> heads, int d) {
  const int h = heads[d];
  const int lo = std::min(h, d), hi = std::max(h, d);
  for (int k = lo + 1; k < hi; ++k) {
    if (!Dominates(heads, h, k)) return false;
  }
  return true;
}

}  // namespace

bool IsProjective(std::span<const int> heads) {
  const int n = static_cast<int>(heads.size()) - 1;
  for (int d = 1; d <= n; ++d) {
    if (!ArcIsProjective(heads, d)) return false;
  }
  return true;
}

int Projectivize(std::vector<int>* heads) {
  const int n = static_cast<int>(heads->size()) - 1;
  int lifts = 0;
  // Each lift moves a dependent strictly up its (finite) ancestor chain, so this ends
  // after at most n*n lifts; the bound guards against malformed input.
  for (int guard = 0; guard < n * n + 1; ++guard) {
    int best = -1, best_len = 0;
    for (int d = 1; d <= n; ++d) {
      const int h = (*heads)[d];
      if (h <= 0 || ArcIsProjective(*heads, d)) continue;
      const int len = std::abs(h - d);
      if (best < 0 || len < best_len) {
        best = d;
        best_len = len;
      }
    }
    if (best < 0) break;
    (*heads)[best] = (*heads)[(*heads)[best]];
    ++lifts;
  }
  return lifts;
}

bool IsSingleRootTree(std::span<const int> heads) {
  const int n = static_cast<int>(heads.size()) - 1;
  int roots = 0;
  for (int d = 1; d <= n; ++d) {
    if (heads[d] < 0 || heads[d] > n || heads[d] == d) return false;
    if (heads[d] == 0) ++roots;
  }
  if (roots != 1) return false;
  // Every word must reach the root within n steps.
  for (int d = 1; d <= n; ++d) {
    int a = d, steps = 0;
    while (a != 0 && steps <= n) {
      a = heads[a];
      ++steps;
    }
    if (a != 0) return false;
  }
  return true;
}

}  // namespace dyad
