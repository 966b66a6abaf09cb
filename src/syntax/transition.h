// The arc-eager transition system (Nivre 2003, "An efficient algorithm for projective
// dependency parsing"; Nivre 2008, CL 34(4)) with a single-root constraint, its dynamic
// oracle (Goldberg & Nivre 2012, "A Dynamic Oracle for Arc-Eager Dependency Parsing",
// COLING; 2013, TACL), and pseudo-projective lifting of training trees (Nivre & Nilsson
// 2005, without label encoding).
//
// Positions: 0 is the artificial root, 1..n are the words. The configuration is a stack
// (root at the bottom, never popped), a buffer (the contiguous range b0..n) and a partial
// tree. Every transition is O(1) and a sentence takes at most 2n transitions, so parsing
// is linear. Moves never attach a word to the root (RIGHT-ARC from the root is illegal):
// the sentence root is the word left headless when the buffer empties. This defers the
// root decision to the end instead of committing at the first RIGHT-ARC from the root
// (cf. Ballesteros & Nivre 2013, "Going to the roots of dependency parsing"), which on
// EWT dev raised root accuracy and UAS. If several words are left headless, the caller's
// fix-up makes the leftmost the root and attaches the others to it, so every parse is a
// tree with exactly one root.
// Thread-safety: ArcEagerState is a plain value reused across sentences (its buffers
// keep their capacity, so steady-state parsing does not allocate); use one per thread.
#ifndef DYAD_SYNTAX_TRANSITION_H_
#define DYAD_SYNTAX_TRANSITION_H_

#include <cstdint>
#include <span>
#include <vector>

namespace dyad {

enum class Move : uint8_t { kShift = 0, kReduce = 1, kLeftArc = 2, kRightArc = 3 };
inline constexpr int kNumMoves = 4;

class ArcEagerState {
 public:
  // Starts a sentence of n words (root on the stack, all words in the buffer).
  void Init(int n);

  int n() const { return n_; }
  bool Terminal() const { return b0_ > n_; }
  bool IsLegal(Move m) const;
  // REQUIRES: IsLegal(m). `label` is stored for LEFT-ARC / RIGHT-ARC.
  void Apply(Move m, int label);

  // i-th stack element from the top (0 = top), -1 if absent.
  int Stack(int i) const {
    const int k = static_cast<int>(stack_.size()) - 1 - i;
    return k >= 0 ? stack_[k] : -1;
  }
  int StackSize() const { return static_cast<int>(stack_.size()); }
  // i-th buffer element (0 = front), -1 if absent.
  int Buffer(int i) const { return b0_ + i <= n_ ? b0_ + i : -1; }
  bool InStack(int i) const { return in_stack_[i] != 0; }

  // Tree so far. Head -1 = none yet; label -1 = none.
  int Head(int i) const { return i >= 0 ? head_[i] : -1; }
  int Label(int i) const { return i >= 0 ? label_[i] : -1; }
  int Left1(int i) const { return i >= 0 ? left1_[i] : -1; }   // leftmost dependent
  int Left2(int i) const { return i >= 0 ? left2_[i] : -1; }   // second leftmost
  int Right1(int i) const { return i >= 0 ? right1_[i] : -1; } // rightmost dependent
  int Right2(int i) const { return i >= 0 ? right2_[i] : -1; } // second rightmost
  int NumLeft(int i) const { return i >= 0 ? num_left_[i] : 0; }
  int NumRight(int i) const { return i >= 0 ? num_right_[i] : 0; }
  // Bit set of the labels (id mod 64) of the left / right dependents.
  uint64_t LeftLabels(int i) const { return i >= 0 ? left_labels_[i] : 0; }
  uint64_t RightLabels(int i) const { return i >= 0 ? right_labels_[i] : 0; }
  bool RootHasChild() const { return num_right_[0] > 0; }

  // Adds the arc head -> dep outside the transition system (used by the fix-up).
  void AddArc(int head, int dep, int label);

 private:
  int n_ = 0;
  int b0_ = 1;
  std::vector<int> stack_;
  std::vector<uint8_t> in_stack_;
  std::vector<int> head_, label_, left1_, left2_, right1_, right2_, num_left_, num_right_;
  std::vector<uint64_t> left_labels_, right_labels_;
};

// The gold tree in the form the dynamic oracle needs: heads plus CSR dependent lists.
struct GoldTree {
  std::vector<int> head;        // head[d] for d in 1..n; head[0] = -1
  std::vector<int> child_begin; // dependents of h: child[child_begin[h]..child_begin[h+1])
  std::vector<int> child;
  // REQUIRES: heads[i] in 0..n for i in 1..n (heads[0] ignored).
  void Build(std::span<const int> heads);
};

inline constexpr int kIllegalCost = 1 << 20;

// Goldberg & Nivre (2012) arc-eager costs: for each move, the number of gold arcs that
// are reachable from `state` but would no longer be reachable after the move
// (kIllegalCost for illegal moves). A gold root arc counts as reachable while its word
// has no head (it becomes the root by staying headless). Exact for projective gold
// trees. O(degree) per move.
void ArcEagerCosts(const ArcEagerState& state, const GoldTree& gold, int costs[kNumMoves]);

// The static oracle: the canonical move sequence that builds a projective gold tree
// (prefers LEFT-ARC, RIGHT-ARC, REDUCE, SHIFT in this order among zero-cost moves).
// Returns the chosen move; REQUIRES: !state.Terminal().
Move StaticOracle(const ArcEagerState& state, const GoldTree& gold);

// True iff heads[1..n] (heads[0] ignored) form a projective tree: no arc spans a word
// its head does not dominate. REQUIRES: a tree (no cycles).
bool IsProjective(std::span<const int> heads);
// Lifts non-projective arcs to the head's head until the tree is projective (Nivre &
// Nilsson 2005, lifting the shortest non-projective arc first). Returns the number of
// lifts. REQUIRES: `heads` is a tree rooted at 0.
int Projectivize(std::vector<int>* heads);
// True iff heads[1..n] are in 0..n, exactly one is 0 and there is no cycle.
bool IsSingleRootTree(std::span<const int> heads);

}  // namespace dyad

#endif  // DYAD_SYNTAX_TRANSITION_H_
