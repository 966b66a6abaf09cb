// Combining the trees of several parsers by weighted arc votes (parser ensembles).
//
// Sagae & Lavie (2006), "Parser combination by reparsing": each parser votes for its arcs
// with its weight; the combined tree is the maximum spanning tree of the voted arcs (here
// with the Chu-Liu/Edmonds algorithm, so it may be non-projective), restricted to trees
// with exactly one word attached to the root, as UD requires. Each chosen arc takes the
// label with the most weight among the parsers that proposed that arc.
//
// Cost: the graph holds at most (parsers × words) arcs. Choosing every word's best head
// is linear and, with a TreeVoter's buffers, allocates nothing in steady state; only when
// that choice has a cycle does Chu-Liu/Edmonds contract it, at O(words × arcs) per
// contraction level (allocating) — callers bound the sentence length.
// Thread-safety: a TreeVoter is a per-thread scratch value.
#ifndef DYAD_SYNTAX_TREE_VOTE_H_
#define DYAD_SYNTAX_TREE_VOTE_H_

#include <cstddef>
#include <vector>

namespace dyad {

// A weighted arc head -> dep over nodes 0..n (0 = the artificial root).
struct WeightedArc {
  int head = 0;
  int dep = 0;
  double weight = 0;
};

// The maximum-weight spanning arborescence rooted at node 0 over nodes 0..n, using only
// `arcs`; fills (*heads)[d] for d in 1..n ((*heads)[0] = -1) and returns true, or returns
// false when some node cannot be reached from the root. Ties go to the arc listed first.
// Arcs into node 0, self-loops and out-of-range nodes are ignored.
[[nodiscard]] bool MaxSpanningTree(int n, const std::vector<WeightedArc>& arcs,
                                   std::vector<int>* heads);

// Buffers of the Chu-Liu/Edmonds search (private to tree_vote.cc).
struct CleScratch {
  std::vector<int> best, comp, mark, chosen;
  std::vector<char> in_cycle;
};

class TreeVoter {
 public:
  // Starts a sentence of n words (votes of the previous sentence are dropped).
  void Reset(int n);
  // One parser's vote for head -> dep with `label` (an id in the caller's label set).
  // REQUIRES: 1 <= dep <= n, 0 <= head <= n, head != dep, weight > 0.
  void Vote(int dep, int head, int label, float weight);
  // The combined tree: heads[d], labels[d] for d in 1..n (index 0 unused). The single
  // root is chosen among the words some parser attached to the root, by total tree
  // weight; its label is `root_label`. REQUIRES: every parser voted a whole tree with one
  // root (then a tree always exists). Ties: the earlier vote wins.
  void Decide(int root_label, std::vector<int>* heads, std::vector<int>* labels);

 private:
  struct Ballot {
    int head;
    int label;
    float weight;
  };
  int n_ = 0;
  std::vector<std::vector<Ballot>> votes_;  // per dep, in voting order
  std::vector<WeightedArc> arcs_;
  std::vector<int> roots_, best_heads_, try_heads_;
  CleScratch cle_;
};

}  // namespace dyad

#endif  // DYAD_SYNTAX_TREE_VOTE_H_
