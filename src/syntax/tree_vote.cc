// Parser combination by weighted arc votes; see tree_vote.h.
#include "syntax/tree_vote.h"

#include <cstddef>
#include <limits>

namespace dyad {
namespace {

// Chu-Liu/Edmonds (Chu & Liu 1965; Edmonds 1967) on nodes 0..num-1, root 0: every node
// takes its best incoming arc; a cycle among those is contracted into one node whose
// incoming arcs are re-weighted by what they displace, the contracted graph is solved
// recursively, and the cycle is expanded again. Fills (*chosen)[v] with the index in
// `arcs` of v's arc (-1 for the root); false if some node has no incoming arc at some level
// (then no spanning tree exists). Each level removes at least one node, so the depth is
// at most num.
bool ChuLiuEdmonds(int num, const std::vector<WeightedArc>& arcs, std::vector<int>* chosen,
                   CleScratch* ws) {
  std::vector<int>& best = ws->best;
  best.assign(static_cast<size_t>(num), -1);
  for (size_t i = 0; i < arcs.size(); ++i) {
    const WeightedArc& a = arcs[i];
    if (a.dep <= 0 || a.dep >= num || a.head < 0 || a.head >= num || a.head == a.dep) continue;
    if (best[a.dep] < 0 || a.weight > arcs[best[a.dep]].weight) best[a.dep] = static_cast<int>(i);
  }
  for (int v = 1; v < num; ++v) {
    if (best[v] < 0) return false;
  }
  // Components: 0 = the root, then one per cycle of best arcs, then one per other node.
  std::vector<int>& comp = ws->comp;
  std::vector<int>& mark = ws->mark;
  std::vector<char>& in_cycle = ws->in_cycle;
  comp.assign(static_cast<size_t>(num), -1);
  mark.assign(static_cast<size_t>(num), -1);
  in_cycle.assign(static_cast<size_t>(num), 0);
  comp[0] = 0;
  int count = 1;
  for (int v = 1; v < num; ++v) {
    int u = v;
    while (u != 0 && mark[u] < 0 && comp[u] < 0) {
      mark[u] = v;
      u = arcs[best[u]].head;
    }
    if (u != 0 && comp[u] < 0 && mark[u] == v) {  // the walk from v closed a new cycle at u
      for (int x = arcs[best[u]].head; x != u; x = arcs[best[x]].head) {
        comp[x] = count;
        in_cycle[x] = 1;
      }
      comp[u] = count++;
      in_cycle[u] = 1;
    }
  }
  if (count == 1) {  // no cycle: the best arcs form the tree
    chosen->assign(best.begin(), best.end());
    (*chosen)[0] = -1;
    return true;
  }
  for (int v = 1; v < num; ++v) {
    if (comp[v] < 0) comp[v] = count++;
  }
  std::vector<WeightedArc> sub;
  std::vector<int> origin;
  for (size_t i = 0; i < arcs.size(); ++i) {
    const WeightedArc& a = arcs[i];
    if (a.dep <= 0 || a.dep >= num || a.head < 0 || a.head >= num) continue;
    const int ch = comp[a.head], cd = comp[a.dep];
    if (ch == cd || cd == 0) continue;
    const double displaced = in_cycle[a.dep] ? arcs[best[a.dep]].weight : 0.0;
    sub.push_back({ch, cd, a.weight - displaced});
    origin.push_back(static_cast<int>(i));
  }
  // The contracted levels allocate: votes rarely form a cycle.
  std::vector<int> sub_chosen;
  CleScratch sub_ws;
  if (!ChuLiuEdmonds(count, sub, &sub_chosen, &sub_ws)) return false;
  chosen->assign(static_cast<size_t>(num), -1);
  for (int c = 1; c < count; ++c) {
    const int i = origin[sub_chosen[c]];
    (*chosen)[arcs[i].dep] = i;
  }
  for (int v = 1; v < num; ++v) {
    if ((*chosen)[v] < 0) (*chosen)[v] = best[v];  // cycle nodes the entering arc spared
  }
  return true;
}

// MaxSpanningTree with caller-owned buffers.
bool MaxSpanningTreeWith(int n, const std::vector<WeightedArc>& arcs, std::vector<int>* heads,
                         CleScratch* ws) {
  heads->assign(static_cast<size_t>(n) + 1, -1);
  if (n <= 0) return n == 0;
  if (!ChuLiuEdmonds(n + 1, arcs, &ws->chosen, ws)) return false;
  for (int d = 1; d <= n; ++d) (*heads)[d] = arcs[ws->chosen[d]].head;
  return true;
}

}  // namespace

bool MaxSpanningTree(int n, const std::vector<WeightedArc>& arcs, std::vector<int>* heads) {
  CleScratch ws;
  return MaxSpanningTreeWith(n, arcs, heads, &ws);
}

void TreeVoter::Reset(int n) {
  n_ = n;
  if (votes_.size() < static_cast<size_t>(n) + 1) votes_.resize(static_cast<size_t>(n) + 1);
  for (int d = 0; d <= n; ++d) votes_[d].clear();
}

void TreeVoter::Vote(int dep, int head, int label, float weight) {
  votes_[dep].push_back({head, label, weight});
}

void TreeVoter::Decide(int root_label, std::vector<int>* heads, std::vector<int>* labels) {
  const int n = n_;
  heads->assign(static_cast<size_t>(n) + 1, -1);
  labels->assign(static_cast<size_t>(n) + 1, -1);
  roots_.clear();
  for (int d = 1; d <= n; ++d) {
    for (const Ballot& b : votes_[d]) {
      if (b.head != 0) continue;
      bool seen = false;
      for (int r : roots_) seen = seen || r == d;
      if (!seen) roots_.push_back(d);
    }
  }
  // For each candidate root, the best tree whose only root arc is 0 -> root.
  double best_total = -std::numeric_limits<double>::infinity();
  bool found = false;
  for (int root : roots_) {
    arcs_.clear();
    for (int d = 1; d <= n; ++d) {
      const size_t first = arcs_.size();
      for (const Ballot& b : votes_[d]) {
        if ((b.head == 0) != (d == root)) continue;
        bool merged = false;
        for (size_t i = first; i < arcs_.size() && !merged; ++i) {
          if (arcs_[i].head == b.head) {
            arcs_[i].weight += b.weight;
            merged = true;
          }
        }
        if (!merged) arcs_.push_back({b.head, d, b.weight});
      }
    }
    if (!MaxSpanningTreeWith(n, arcs_, &try_heads_, &cle_)) continue;
    double total = 0;
    for (const WeightedArc& a : arcs_) {
      if (try_heads_[a.dep] == a.head) total += a.weight;
    }
    if (!found || total > best_total) {
      best_total = total;
      best_heads_ = try_heads_;
      found = true;
    }
  }
  if (!found) {  // not whole trees (REQUIRES broken): keep each word's first vote
    best_heads_.assign(static_cast<size_t>(n) + 1, -1);
    for (int d = 1; d <= n; ++d) {
      if (!votes_[d].empty()) best_heads_[d] = votes_[d][0].head;
    }
  }
  for (int d = 1; d <= n; ++d) {
    const int h = best_heads_[d];
    (*heads)[d] = h;
    if (h == 0) {
      (*labels)[d] = root_label;
      continue;
    }
    // The label with the most weight among the ballots for this arc (ties: earliest).
    float best_weight = -1;
    for (const Ballot& b : votes_[d]) {
      if (b.head != h) continue;
      float w = 0;
      for (const Ballot& c : votes_[d]) {
        if (c.head == h && c.label == b.label) w += c.weight;
      }
      if (w > best_weight) {
        best_weight = w;
        (*labels)[d] = b.label;
      }
    }
  }
}

}  // namespace dyad
