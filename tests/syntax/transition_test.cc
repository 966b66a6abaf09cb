// Tests of the arc-eager transition system, its static and dynamic oracles, and
// projectivization (src/syntax/transition.h).
#include "syntax/transition.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace dyad {
namespace {

// A random projective tree over n words rooted at 0 with one root dependent: each span
// [lo, hi] picks a head inside it, whose left and right parts recursively become its
// dependents' subtrees.
void RandomProjective(int lo, int hi, int head, std::mt19937* rng, std::vector<int>* heads) {
  if (lo > hi) return;
  std::uniform_int_distribution<int> pick(lo, hi);
  const int h = pick(*rng);
  (*heads)[h] = head;
  // Split the left part [lo, h-1] and the right part [h+1, hi] into contiguous subtrees.
  for (int side = 0; side < 2; ++side) {
    int a = side == 0 ? lo : h + 1;
    const int b = side == 0 ? h - 1 : hi;
    while (a <= b) {
      std::uniform_int_distribution<int> len(1, b - a + 1);
      const int e = a + len(*rng) - 1;
      RandomProjective(a, e, h, rng, heads);
      a = e + 1;
    }
  }
}

std::vector<int> RandomProjectiveTree(int n, std::mt19937* rng) {
  std::vector<int> heads(static_cast<size_t>(n) + 1, -1);
  RandomProjective(1, n, 0, rng, &heads);
  return heads;
}

// Runs the static oracle to the end and returns the heads it built.
std::vector<int> RunStaticOracle(const std::vector<int>& heads, bool check_costs) {
  const int n = static_cast<int>(heads.size()) - 1;
  GoldTree gold;
  gold.Build(heads);
  ArcEagerState st;
  st.Init(n);
  int steps = 0;
  while (!st.Terminal()) {
    const Move m = StaticOracle(st, gold);
    if (check_costs) {
      int costs[kNumMoves];
      ArcEagerCosts(st, gold, costs);
      EXPECT_EQ(costs[static_cast<int>(m)], 0) << "move " << static_cast<int>(m);
    }
    EXPECT_TRUE(st.IsLegal(m));
    st.Apply(m, 0);
    ++steps;
    EXPECT_LE(steps, 2 * n);
  }
  // The root is the word left headless.
  std::vector<int> out(heads.size(), -1);
  int headless = 0;
  for (int d = 1; d <= n; ++d) {
    out[d] = st.Head(d) >= 0 ? st.Head(d) : 0;
    headless += st.Head(d) < 0;
  }
  EXPECT_EQ(headless, 1);
  return out;
}

TEST(ArcEager, StaticOracleRebuildsHandWrittenTree) {
  // "The cat sat on the mat ." : det, nsubj, root, case, det, obl, punct.
  const std::vector<int> heads = {-1, 2, 3, 0, 6, 6, 3, 3};
  EXPECT_TRUE(IsProjective(heads));
  EXPECT_EQ(RunStaticOracle(heads, true), heads);
}

TEST(ArcEager, StaticOracleRebuildsRandomProjectiveTrees) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 500; ++trial) {
    const int n = 1 + trial % 40;
    const std::vector<int> heads = RandomProjectiveTree(n, &rng);
    ASSERT_TRUE(IsSingleRootTree(heads));
    ASSERT_TRUE(IsProjective(heads));
    EXPECT_EQ(RunStaticOracle(heads, true), heads) << "trial " << trial;
  }
}

TEST(ArcEager, DynamicOracleAlwaysOffersAZeroCostMoveAndCountsLosses) {
  // From any reachable configuration, a zero-cost move exists for a projective gold tree
  // (Goldberg & Nivre 2012, arc-decomposition), and following only zero-cost moves after
  // random mistakes loses no further arcs: the final number of correct heads equals the
  // gold arcs still reachable when we stopped making mistakes.
  std::mt19937 rng(11);
  for (int trial = 0; trial < 300; ++trial) {
    const int n = 2 + trial % 30;
    const std::vector<int> heads = RandomProjectiveTree(n, &rng);
    GoldTree gold;
    gold.Build(heads);
    ArcEagerState st;
    st.Init(n);
    int lost = 0;
    std::uniform_int_distribution<int> move_dist(0, kNumMoves - 1);
    std::uniform_real_distribution<double> coin(0, 1);
    while (!st.Terminal()) {
      int costs[kNumMoves];
      ArcEagerCosts(st, gold, costs);
      int min_cost = kIllegalCost;
      for (int c : costs) min_cost = std::min(min_cost, c);
      ASSERT_EQ(min_cost, 0) << "trial " << trial;
      Move m;
      if (coin(rng) < 0.3) {  // a random legal move (perhaps a mistake)
        do {
          m = static_cast<Move>(move_dist(rng));
        } while (!st.IsLegal(m));
      } else {
        m = StaticOracle(st, gold);
      }
      lost += costs[static_cast<int>(m)];
      st.Apply(m, 0);
    }
    int correct = 0;
    for (int d = 1; d <= n; ++d) {
      correct += st.Head(d) == heads[d] || (heads[d] == 0 && st.Head(d) < 0);
    }
    EXPECT_EQ(correct, n - lost) << "trial " << trial;
  }
}

TEST(ArcEager, MovesNeverAttachToTheRoot) {
  ArcEagerState st;
  st.Init(3);
  EXPECT_EQ(st.Stack(0), 0);
  EXPECT_FALSE(st.IsLegal(Move::kRightArc));
  EXPECT_FALSE(st.IsLegal(Move::kLeftArc));
  EXPECT_FALSE(st.IsLegal(Move::kReduce));
  EXPECT_TRUE(st.IsLegal(Move::kShift));
  st.Apply(Move::kShift, -1);
  EXPECT_TRUE(st.IsLegal(Move::kRightArc));
  EXPECT_TRUE(st.IsLegal(Move::kLeftArc));
  EXPECT_FALSE(st.IsLegal(Move::kReduce));  // 1 has no head yet
}

TEST(ArcEager, DynamicOracleChargesForAttachingTheGoldRoot) {
  // Gold: 1 <- 2 (root) -> 3. With 2 on the stack and 3 in the buffer, LEFT-ARC would
  // give the root word a head.
  const std::vector<int> heads = {-1, 2, 0, 2};
  GoldTree gold;
  gold.Build(heads);
  ArcEagerState st;
  st.Init(3);
  st.Apply(Move::kShift, -1);
  st.Apply(Move::kLeftArc, 0);   // 2 -> 1
  st.Apply(Move::kShift, -1);    // stack 0 2, buffer 3
  int costs[kNumMoves];
  ArcEagerCosts(st, gold, costs);
  EXPECT_EQ(costs[static_cast<int>(Move::kLeftArc)], 2);  // and 3 loses its head
  EXPECT_EQ(costs[static_cast<int>(Move::kRightArc)], 0);
  EXPECT_EQ(costs[static_cast<int>(Move::kShift)], 1);  // 3 loses its head 2
  EXPECT_EQ(costs[static_cast<int>(Move::kReduce)], kIllegalCost);
}

TEST(ArcEager, TracksChildrenAndLabelSets) {
  ArcEagerState st;
  st.Init(4);
  st.Apply(Move::kShift, -1);     // stack 0 1
  st.Apply(Move::kShift, -1);     // stack 0 1 2
  st.Apply(Move::kLeftArc, 5);    // 3 -> 2
  st.Apply(Move::kLeftArc, 6);    // 3 -> 1
  EXPECT_EQ(st.Left1(3), 1);
  EXPECT_EQ(st.Left2(3), 2);
  EXPECT_EQ(st.NumLeft(3), 2);
  EXPECT_EQ(st.LeftLabels(3), (uint64_t{1} << 5) | (uint64_t{1} << 6));
  st.Apply(Move::kShift, -1);     // stack 0 3
  st.Apply(Move::kRightArc, 7);   // 3 -> 4
  EXPECT_TRUE(st.Terminal());
  EXPECT_EQ(st.Right1(3), 4);
  EXPECT_EQ(st.Head(4), 3);
  EXPECT_EQ(st.Label(4), 7);
}

TEST(Projectivize, LiftsCrossingArcs) {
  // 1 <- 3 (root), 2 <- 4, 4 <- 1: arc 1 -> 4 crosses 3 -> ... ; 2 is attached across.
  std::vector<int> heads = {-1, 3, 4, 0, 1};
  ASSERT_TRUE(IsSingleRootTree(heads));
  EXPECT_FALSE(IsProjective(heads));
  EXPECT_GT(Projectivize(&heads), 0);
  EXPECT_TRUE(IsProjective(heads));
  EXPECT_TRUE(IsSingleRootTree(heads));
}

TEST(Projectivize, LeavesProjectiveTreesAlone) {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 100; ++trial) {
    std::vector<int> heads = RandomProjectiveTree(1 + trial % 25, &rng);
    const std::vector<int> before = heads;
    EXPECT_EQ(Projectivize(&heads), 0);
    EXPECT_EQ(heads, before);
  }
}

TEST(IsSingleRootTree, RejectsCyclesRangesAndRootCounts) {
  EXPECT_TRUE(IsSingleRootTree(std::vector<int>{-1, 0, 1}));
  EXPECT_FALSE(IsSingleRootTree(std::vector<int>{-1, 0, 0}));     // two roots
  EXPECT_FALSE(IsSingleRootTree(std::vector<int>{-1, 2, 1, 0}));  // cycle 1 <-> 2
  EXPECT_FALSE(IsSingleRootTree(std::vector<int>{-1, 0, 5}));     // head out of range
  EXPECT_FALSE(IsSingleRootTree(std::vector<int>{-1, 0, -1}));    // unparsed
  EXPECT_FALSE(IsSingleRootTree(std::vector<int>{-1, 1}));        // self loop
}

}  // namespace
}  // namespace dyad
