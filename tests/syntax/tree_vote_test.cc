// Tests of parser combination (src/syntax/tree_vote.h): Chu-Liu/Edmonds against brute
// force on random graphs, and the voter's majority, single-root and label rules.
#include "syntax/tree_vote.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace dyad {
namespace {

// True if heads[1..n] (heads in 0..n) reach node 0 from every node without a cycle.
bool IsArborescence(const std::vector<int>& heads, int n) {
  for (int d = 1; d <= n; ++d) {
    int v = d;
    for (int steps = 0; v != 0; ++steps) {
      if (steps > n || heads[v] < 0) return false;
      v = heads[v];
    }
  }
  return true;
}

// Weight of the tree, or -1 if it uses an arc not in the graph (weights are >= 0 here).
double TreeWeight(const std::vector<int>& heads, int n, const std::vector<WeightedArc>& arcs) {
  double total = 0;
  for (int d = 1; d <= n; ++d) {
    double best = -1;
    for (const WeightedArc& a : arcs) {
      if (a.dep == d && a.head == heads[d] && a.weight > best) best = a.weight;
    }
    if (best < 0) return -1;
    total += best;
  }
  return total;
}

// The best arborescence weight by enumerating every head assignment; -1 if none exists.
double BruteForce(int n, const std::vector<WeightedArc>& arcs) {
  std::vector<int> heads(static_cast<size_t>(n) + 1, 0);
  double best = -1;
  for (;;) {
    if (IsArborescence(heads, n)) {
      const double w = TreeWeight(heads, n, arcs);
      if (w > best) best = w;
    }
    int d = 1;
    while (d <= n && ++heads[d] > n) heads[d++] = 0;
    if (d > n) break;
  }
  return best;
}

TEST(MaxSpanningTree, MatchesBruteForceOnRandomGraphs) {
  std::mt19937 rng(7);
  int with_tree = 0, without = 0;
  for (int trial = 0; trial < 600; ++trial) {
    const int n = 1 + trial % 5;
    const double density = trial % 3 == 0 ? 0.35 : 0.7;
    std::vector<WeightedArc> arcs;
    for (int h = 0; h <= n; ++h) {
      for (int d = 1; d <= n; ++d) {
        if (h == d || std::uniform_real_distribution<double>(0, 1)(rng) > density) continue;
        arcs.push_back({h, d, static_cast<double>(rng() % 10)});
      }
    }
    std::vector<int> heads;
    const bool ok = MaxSpanningTree(n, arcs, &heads);
    const double expected = BruteForce(n, arcs);
    ASSERT_EQ(ok, expected >= 0) << "trial " << trial;
    if (!ok) {
      ++without;
      continue;
    }
    ++with_tree;
    ASSERT_TRUE(IsArborescence(heads, n)) << "trial " << trial;
    EXPECT_DOUBLE_EQ(TreeWeight(heads, n, arcs), expected) << "trial " << trial;
  }
  EXPECT_GT(with_tree, 100);  // both outcomes were exercised
  EXPECT_GT(without, 20);
}

TEST(MaxSpanningTree, BreaksACycleOfBestArcs) {
  // 1 and 2 prefer each other (weight 10); the root reaches 1 cheaper than 2.
  const std::vector<WeightedArc> arcs = {
      {0, 1, 5}, {0, 2, 1}, {2, 1, 10}, {1, 2, 10}, {1, 3, 2}, {2, 3, 3}};
  std::vector<int> heads;
  ASSERT_TRUE(MaxSpanningTree(3, arcs, &heads));
  EXPECT_EQ(heads, (std::vector<int>{-1, 0, 1, 2}));
}

TEST(TreeVoter, MajorityArcsAndLabelsWin) {
  // Three parsers over 3 words; the first two agree on 2 <- 3 (label 7), the third does not.
  TreeVoter voter;
  voter.Reset(3);
  const int trees[3][4] = {{-1, 2, 0, 2}, {-1, 2, 0, 2}, {-1, 2, 0, 1}};
  const int labels[3][4] = {{-1, 5, 0, 7}, {-1, 6, 0, 7}, {-1, 6, 0, 8}};
  for (int p = 0; p < 3; ++p) {
    for (int d = 1; d <= 3; ++d) voter.Vote(d, trees[p][d], labels[p][d], 1.0f);
  }
  std::vector<int> heads, out_labels;
  voter.Decide(0, &heads, &out_labels);
  EXPECT_EQ(heads, (std::vector<int>{-1, 2, 0, 2}));
  EXPECT_EQ(out_labels[1], 6);  // two votes for 6, one for 5
  EXPECT_EQ(out_labels[2], 0);  // the root label
  EXPECT_EQ(out_labels[3], 7);
}

TEST(TreeVoter, WeightsDecideAndOneRootIsKept) {
  // Parser A (weight 2) roots word 1, parser B (weight 1) roots word 2; B also roots 3.
  TreeVoter voter;
  voter.Reset(3);
  voter.Vote(1, 0, 0, 2.0f);
  voter.Vote(2, 1, 4, 2.0f);
  voter.Vote(3, 1, 4, 2.0f);
  voter.Vote(1, 2, 3, 1.0f);
  voter.Vote(2, 0, 0, 1.0f);
  voter.Vote(3, 2, 3, 1.0f);
  std::vector<int> heads, labels;
  voter.Decide(0, &heads, &labels);
  EXPECT_EQ(heads, (std::vector<int>{-1, 0, 1, 1}));
  // Equal weights: the earlier vote wins ties, and still exactly one word is the root.
  voter.Reset(2);
  voter.Vote(1, 0, 0, 1.0f);
  voter.Vote(2, 0, 0, 1.0f);  // a (broken) vote with two roots
  voter.Vote(1, 2, 3, 1.0f);
  voter.Vote(2, 1, 3, 1.0f);
  voter.Decide(0, &heads, &labels);
  int roots = 0;
  for (int d = 1; d <= 2; ++d) roots += heads[d] == 0;
  EXPECT_EQ(roots, 1);
  EXPECT_EQ(heads[1], 0);
}

}  // namespace
}  // namespace dyad
