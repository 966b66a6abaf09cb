// The labeled dependency parser: greedy arc-eager parsing (src/syntax/transition.h) with
// two hashed linear models, trained online.
//
// Design. A move classifier scores the four arc-eager moves from the Zhang & Nivre (2011)
// rich non-local features (src/syntax/parser_features.h); when a move adds an arc, a
// separate label classifier picks the UD relation from arc features plus the move
// features of that configuration. Splitting the decision keeps the move table at 4
// weights per feature row (instead of 2 + 2L) and scores labels only once per word.
// The root is not attached by moves but chosen at the end (src/syntax/transition.h). Weights live in dense tables indexed by the top bits of the feature hash
// (the hashing trick), so there is no feature dictionary to store or to look up;
// collisions cost a little accuracy and buy a fixed, small memory footprint.
//
// Training: averaged perceptron (Collins 2002; averaging as in Daumé's thesis, w - u/c)
// with the dynamic oracle and error exploration of Goldberg & Nivre (2012): after the
// first epoch the parser follows its own wrong predictions with probability
// kExploreProbability, learning to act well after mistakes (what a greedy parser faces
// at test time). Non-projective training trees are lifted to projective ones. Each epoch
// the averaged weights are quantized to int16 (the stored model) and scored on dev; the
// best epoch by dev LAS is kept, so the returned parser is exactly what Save writes.
// Several runs with different seeds ("replicas") can be mixed by averaging their weights
// (parameter mixing, McDonald et al. 2010); the mixture is kept if it wins on dev.
// Beam search (Zhang & Clark 2008; Zhang & Nivre 2011), optional: with
// ParserTrainOptions::beam > 1 the move model is trained globally (max-violation updates,
// Huang et al. 2012) and decoded with a beam. A full beam of k costs about k times the
// greedy parse, so decoding uses selective branching (cf. Choi & McCallum 2013): only
// candidates within a margin of the step's best enter the beam, and confident steps cost
// what a greedy step costs. The width and margin are tuned on dev after training under a
// cost budget (TuneBeam) and stored in the model, and sentences longer than
// max_beam_words decode greedily (beam states are copied, O(k n^2) per sentence).
// Figures: doc/experiments/parser-beam.md.
//
// Right-to-left parsing (ParserTrainOptions::right_to_left) runs the same moves over the
// reversed sentence: ComputeParserWords stores the words last-first and Position maps
// positions back. An ensemble (Parser::Ensemble) parses with every member and combines
// their trees by weighted arc votes (src/syntax/tree_vote.h; Sagae & Lavie 2006); members
// vote cheapest first and stop early once the remaining weight cannot change the outcome.
// Figures: doc/experiments/parser-ensemble.md.
//
// Greedy parsing is linear: at most 2n moves, each with a fixed number of features;
// ParserScratch holds every buffer, so steady-state parsing allocates nothing (deprel
// strings fit in the small-string buffer; an ensemble allocates only when the votes form
// a cycle). A final fix-up gives the tree exactly one root.
//
// Model section "parser" (doc/formats/model.md): u32 format version, u32 feature version,
// u32 move hash bits, u32 label hash bits, u32 label count + label strings, u32 root label,
// u32 best epoch, f32 dev UAS, f32 dev LAS, [version >= 2: u32 train beam, u32 beam,
// i64 margin (as u64), u32 max beam words], [version >= 3: u32 flags, bit 0 =
// right-to-left], i16 vector move weights, i16 vector label weights (rows padded to a
// multiple of 8 labels), u64 vector lexicon keys, u32 vector lexicon values (vectors: u64
// count + raw little-endian elements). Ensemble members 2.. are sections "parser.2", ...
// of the same layout; "parser.ensemble" holds u32 version, u32 member count, f32 weights.
// Thread-safety: see parser.h.
#include "syntax/parser.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "syntax/parser_features.h"
#include "syntax/transition.h"
#include "syntax/tree_vote.h"

namespace dyad {

namespace {
// Parser section versions: 1 = greedy only; 2 = adds the decoding settings (train beam,
// beam, margin, max beam words); 3 = adds u32 flags (bit 0: right-to-left). Versions 1
// and 2 still load (as left-to-right parsers; version 1 as a greedy one).
constexpr uint32_t kParserFormatVersion = 3;
// Section "parser.ensemble": u32 version, u32 member count, f32 weight per member.
constexpr uint32_t kEnsembleFormatVersion = 1;
constexpr uint32_t kMinParserFormatVersion = 1;
// A beam step copies states of O(n) words: above this length a sentence decodes greedily
// (a 150-word sentence at beam 3 costs about what 450 greedy words cost).
constexpr int kDefaultMaxBeamWords = 150;
constexpr double kExploreProbability = 0.9;
constexpr int kMinHashBits = 8;
constexpr int kMaxHashBits = 26;
constexpr size_t kMaxLabels = 1000;
// The label classifier also sees the move features of the configuration that makes the
// arc (children, label sets, valency, s1...): +1 LAS on EWT dev over arc features alone
// (the first 32 templates alone gave nothing).
constexpr int kLabelMoveFeatures = kMaxMoveFeatures;

inline size_t Row(uint64_t hash, int bits) { return static_cast<size_t>(hash >> (64 - bits)); }

// UD compares relations by their universal part ("nmod" of "nmod:poss").
std::string_view UniversalPart(std::string_view rel) { return rel.substr(0, rel.find(':')); }
}  // namespace

class ParserModel {
 public:
  int move_bits = 20;
  int label_bits = 15;
  std::vector<std::string> labels;
  int root_label = 0;
  int label_stride = 8;  // labels.size() rounded up to a multiple of 8
  uint32_t best_epoch = 0;
  float dev_uas = 0, dev_las = 0;
  std::vector<int16_t> move_w;   // (1 << move_bits) rows of kNumMoves
  std::vector<int16_t> label_w;  // (1 << label_bits) rows of label_stride
  ParserLexicon lexicon;
  // Decoding (stored in format version 2; version-1 models decode greedily).
  int train_beam = 1;  // beam width the move model was trained with (informational)
  int beam = 1;        // beam width at parse time (1 = greedy)
  // Selective branching (cf. Choi & McCallum 2013): only candidates within this margin of
  // the step's best score (in quantized weight units) enter the beam, so confident steps
  // cost what a greedy step costs. <0 = no margin (plain beam).
  int64_t beam_margin = -1;
  // Sentences longer than this decode greedily: beam items copy their state, so a beam
  // step costs O(n) and a sentence O(k n^2) in the worst case (the budget of STYLE.md).
  int max_beam_words = kDefaultMaxBeamWords;
  bool right_to_left = false;  // parses the reversed sentence (format version >= 3)
};

namespace {
// Beam search (Zhang & Clark 2008; Zhang & Nivre 2011) over the arc-eager
// moves. Each item keeps a full ArcEagerState (copy-assign reuses capacity, so steady
// state does not allocate; the copy is O(n), making a sentence O(k n^2) in the worst case
// but the constant is tiny next to feature extraction). Labels are not part of the beam
// score: an arc's label is the label classifier's argmax at the moment the arc is made.
// Items that reach the terminal state are carried over with their score.
constexpr int kFeatStride = kMaxMoveFeatures + kMaxLabelFeatures;
constexpr int kMaxBeam = 64;

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
}  // namespace

struct ParserScratch::Buffers {
  BeamWork<int64_t> beam;
  ArcEagerState state;
  std::vector<ParserWord> words;
  uint64_t features[kMaxMoveFeatures + kMaxLabelFeatures];
  std::vector<int32_t> label_scores;
  TreeVoter voter;                               // ensembles only
  std::vector<int> heads, labels;                // the voted tree
  std::vector<int> member_heads, member_labels;  // one later member's tree
};

ParserScratch::ParserScratch(std::unique_ptr<Buffers> buffers)
    : buffers_(std::move(buffers)) {}
ParserScratch::~ParserScratch() = default;

namespace {

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

// The label of head -> dep, scored from the arc features plus the first `move_count`
// entries of s->features (the move features of the current configuration, when the arc
// comes from a move).
int PredictLabel(const ParserModel& m, ParserScratch::Buffers* s, int head, int dep,
                 int move_count) {
  if (head == 0) return m.root_label;
  const int k = ExtractLabelFeatures(s->state, s->words.data(), head, dep,
                                     s->features + move_count);
  ScoreLabels(m.label_w.data(), m.label_bits, m.label_stride, s->features, move_count + k,
              s->label_scores.data());
  return BestLabel(s->label_scores.data(), static_cast<int>(m.labels.size()), m.root_label);
}

// Attaches the words left headless when the buffer emptied: the first becomes the root
// if the root has no dependent yet, the others depend on the root's dependent.
void FixUpTree(const ParserModel& m, ParserScratch::Buffers* s) {
  ArcEagerState& st = s->state;
  int root_child = st.RootHasChild() ? st.Right1(0) : -1;
  for (int d = 1; d <= st.n(); ++d) {
    if (st.Head(d) >= 0) continue;
    if (root_child < 0) {
      st.AddArc(0, d, m.root_label);
      root_child = d;
    } else {
      st.AddArc(root_child, d, PredictLabel(m, s, root_child, d, 0));
    }
  }
}

// Label training hook for beam decoding: the label classifier learns on the arcs of the
// beam's best item whose head is correct (the parser's own trajectory, as exploration
// does for the greedy parser).
struct BeamLabelTrainer {
  struct AveragedTable* table;
  const std::vector<int>* heads;
  const std::vector<int>* labels;
  double c;
  int64_t arcs = 0, errors = 0;
};
void LabelTrainerUpdate(BeamLabelTrainer* lt, const uint64_t* f, int k, int bits, int stride,
                        int h, int d, int label);

// Runs beam search of width k; on return w->items[0] is the best final state.
template <typename T, typename S>
void BeamDecode(const BeamTables<T>& tb, const ParserWord* words, int n, int k,
                BeamWork<S>* w, BeamLabelTrainer* lt, S margin = S(-1)) {
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
          if (lt && j == 0) LabelTrainerUpdate(lt, f, lk, tb.label_bits, tb.stride, h, d, label);
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
    if (lt) {
      w->step_best.push_back(w->score[0]);
      w->step_best_node.push_back(w->node[0]);
    }
  }
}

// Parses `sentence` with one model into s->state, whose word positions are the model's
// (reversed for a right-to-left model: see Position).
void DecodeWithModel(const ParserModel& m, const Sentence& sentence, ParserScratch::Buffers* s) {
  const int n = static_cast<int>(sentence.words.size());
  ComputeParserWords(sentence, &m.lexicon, m.right_to_left, &s->words);
  s->label_scores.resize(static_cast<size_t>(m.label_stride));
  if (m.beam > 1 && n <= m.max_beam_words) {
    const BeamTables<int16_t> tb{m.move_w.data(), m.move_bits, m.label_w.data(), m.label_bits,
                                 m.label_stride, static_cast<int>(m.labels.size()),
                                 m.root_label};
    BeamDecode<int16_t, int64_t>(tb, s->words.data(), n, m.beam, &s->beam, nullptr,
                                 m.beam_margin);
    s->state = s->beam.items[0];
    FixUpTree(m, s);
    return;
  }
  ArcEagerState& st = s->state;
  st.Init(n);
  int32_t scores[kNumMoves];
  while (!st.Terminal()) {
    const int k = ExtractMoveFeatures(st, s->words.data(), s->features);
    ScoreMoves(m.move_w.data(), m.move_bits, s->features, k, scores);
    const Move move = BestLegal(st, scores);
    int label = -1;
    if (move == Move::kLeftArc) {
      label = PredictLabel(m, s, st.Buffer(0), st.Stack(0), std::min(k, kLabelMoveFeatures));
    } else if (move == Move::kRightArc) {
      label = PredictLabel(m, s, st.Stack(0), st.Buffer(0), std::min(k, kLabelMoveFeatures));
    }
    st.Apply(move, label);
  }
  FixUpTree(m, s);
}

// Word d of the sentence (1-based; 0 = root) is word Position(m, n, d) for model m, and
// back: the map is its own inverse.
inline int Position(const ParserModel& m, int n, int d) {
  return m.right_to_left && d > 0 ? n + 1 - d : d;
}

// An ensemble member's tree of `sentence`: (*heads)[d], (*labels)[d] for d in 1..n in
// sentence order, labels mapped into the ensemble's ids by `label_map`.
void MemberTree(const ParserModel& m, const std::vector<int>& label_map,
                const Sentence& sentence, ParserScratch::Buffers* s, std::vector<int>* heads,
                std::vector<int>* labels) {
  const int n = static_cast<int>(sentence.words.size());
  DecodeWithModel(m, sentence, s);
  heads->resize(static_cast<size_t>(n) + 1);
  labels->resize(static_cast<size_t>(n) + 1);
  for (int d = 1; d <= n; ++d) {
    const int p = Position(m, n, d);
    (*heads)[d] = Position(m, n, s->state.Head(p));
    (*labels)[d] = label_map[s->state.Label(p)];
  }
}

void ParseWithModel(const ParserModel& m, Sentence* sentence, ParserScratch::Buffers* s) {
  const int n = static_cast<int>(sentence->words.size());
  if (n == 0) return;
  DecodeWithModel(m, *sentence, s);
  for (int d = 1; d <= n; ++d) {
    const int p = Position(m, n, d);
    Word& w = sentence->words[d - 1];
    w.head = Position(m, n, s->state.Head(p));
    w.deprel = m.labels[s->state.Label(p)];
  }
}

// ---------------------------------------------------------------------------------------
// Training.

struct TrainSentence {
  std::vector<ParserWord> words;  // 0..n
  std::vector<int> heads;         // projectivized, 0..n (heads[0] = -1)
  std::vector<int> labels;        // label ids, 0..n
  const Sentence* source = nullptr;
};

// Averaged perceptron weights: w is the current vector, u accumulates c * delta, and the
// average after c updates is w - u / c (Daumé 2006, sec. 2.B).
struct AveragedTable {
  std::vector<float> w;
  std::vector<double> u;
  explicit AveragedTable(size_t n) : w(n, 0.0f), u(n, 0.0) {}
  void Update(const uint64_t* f, int k, int bits, int stride, int cls, float delta,
              double c) {
    for (int i = 0; i < k; ++i) {
      const size_t idx = Row(f[i], bits) * static_cast<size_t>(stride) + cls;
      w[idx] += delta;
      u[idx] += c * delta;
    }
  }
  std::vector<float> Average(double c) const {
    std::vector<float> avg(w.size());
    for (size_t i = 0; i < w.size(); ++i) avg[i] = static_cast<float>(w[i] - u[i] / c);
    return avg;
  }
};

void LabelTrainerUpdate(BeamLabelTrainer* lt, const uint64_t* f, int k, int bits, int stride,
                        int h, int d, int label) {
  if ((*lt->heads)[d] != h) return;
  ++lt->arcs;
  const int gold_label = (*lt->labels)[d];
  if (label == gold_label) return;
  ++lt->errors;
  lt->table->Update(f, k, bits, stride, gold_label, 1.0f, lt->c);
  lt->table->Update(f, k, bits, stride, label, -1.0f, lt->c);
}

// Weights quantized to int16 with one scale per table (argmax only compares scores
// within a table, so the scale need not be stored).
std::vector<int16_t> Quantize(const std::vector<float>& w) {
  float max_abs = 0;
  for (float x : w) max_abs = std::max(max_abs, std::fabs(x));
  std::vector<int16_t> q(w.size(), 0);
  if (max_abs == 0) return q;
  const float scale = 32767.0f / max_abs;
  for (size_t i = 0; i < w.size(); ++i) q[i] = static_cast<int16_t>(std::lrint(w[i] * scale));
  return q;
}

struct DevScore {
  double uas = 0, las = 0;
  // Items expanded per decoding step of beam-decoded sentences (1 = greedy cost).
  double cost = 1;
};

DevScore ScoreDev(const ParserModel& m, const Document& dev) {
  ParserScratch::Buffers scratch;
  scratch.beam.expansions = scratch.beam.steps = 0;
  int64_t total = 0, uas = 0, las = 0;
  for (const Sentence& gold : dev.sentences) {
    Sentence s = gold;
    ParseWithModel(m, &s, &scratch);
    for (size_t i = 0; i < s.words.size(); ++i) {
      ++total;
      if (s.words[i].head == gold.words[i].head) {
        ++uas;
        if (UniversalPart(s.words[i].deprel) == UniversalPart(gold.words[i].deprel)) ++las;
      }
    }
  }
  DevScore r;
  if (total > 0) {
    r.uas = 100.0 * uas / total;
    r.las = 100.0 * las / total;
  }
  if (scratch.beam.steps > 0) {
    r.cost = static_cast<double>(scratch.beam.expansions) / scratch.beam.steps;
  }
  return r;
}

// Chooses the decoding operating point of a beam-trained model on dev: every (width,
// margin) of a small grid is scored, and the most accurate point (by LAS, then UAS, then
// lower cost) whose cost -- items expanded per step, 1 for greedy -- is within
// options.beam_cost_budget is kept. Margins are in quantized weight units (int16 rows
// summed), so they are tuned per model, never carried over from another training run.
// Dev only: the test set plays no part.
void TuneBeam(const ParserTrainOptions& options, const Document& dev, ParserModel* m,
              std::ostream* log) {
  static constexpr int kWidths[] = {2, 3, 4, 6, 8, 12, 16};
  static constexpr int64_t kMargins[] = {5000,  10000, 15000, 20000, 30000,
                                         40000, 60000, 80000, -1};
  struct Point {
    int beam;
    int64_t margin;
    DevScore score;
  };
  std::vector<Point> points;
  ParserModel probe = *m;
  for (int k : kWidths) {
    if (k > options.beam * 2 || k > kMaxBeam) continue;
    for (int64_t margin : kMargins) {
      probe.beam = k;
      probe.beam_margin = margin;
      const DevScore s = ScoreDev(probe, dev);
      points.push_back({k, margin, s});
      if (log) {
        char line[160];
        std::snprintf(line, sizeof(line),
                      "parser: beam %d margin %lld: dev UAS %.2f LAS %.2f, cost %.2f\n", k,
                      static_cast<long long>(margin), s.uas, s.las, s.cost);
        *log << line << std::flush;
      }
    }
  }
  // Greedy decoding of the beam-trained weights is always within budget.
  probe.beam = 1;
  probe.beam_margin = -1;
  points.push_back({1, -1, ScoreDev(probe, dev)});
  if (log) {
    char line[120];
    std::snprintf(line, sizeof(line), "parser: greedy decoding: dev UAS %.2f LAS %.2f\n",
                  points.back().score.uas, points.back().score.las);
    *log << line << std::flush;
  }
  const Point* best = nullptr;
  for (const Point& p : points) {
    if (p.score.cost > options.beam_cost_budget) continue;
    if (!best || p.score.las > best->score.las ||
        (p.score.las == best->score.las &&
         (p.score.uas > best->score.uas ||
          (p.score.uas == best->score.uas && p.score.cost < best->score.cost)))) {
      best = &p;
    }
  }
  m->beam = best->beam;
  m->beam_margin = best->margin;
  m->dev_uas = static_cast<float>(best->score.uas);
  m->dev_las = static_cast<float>(best->score.las);
  if (log) {
    char line[200];
    std::snprintf(line, sizeof(line),
                  "parser: decoding with beam %d margin %lld (cost budget %.2f): dev UAS "
                  "%.2f LAS %.2f, cost %.2f\n",
                  best->beam, static_cast<long long>(best->margin), options.beam_cost_budget,
                  best->score.uas, best->score.las, best->score.cost);
    *log << line << std::flush;
  }
}

}  // namespace

Parser::Parser(std::unique_ptr<ParserModel> model) : model_(std::move(model)) {}
Parser::Parser(Parser&&) noexcept = default;
Parser& Parser::operator=(Parser&&) noexcept = default;
Parser::~Parser() = default;

std::unique_ptr<ParserScratch> Parser::NewScratch() const {
  auto b = std::make_unique<ParserScratch::Buffers>();
  b->label_scores.resize(static_cast<size_t>(model_->label_stride));
  return std::make_unique<ParserScratch>(std::move(b));
}

void Parser::SetBeam(int beam) { model_->beam = std::clamp(beam, 1, kMaxBeam); }
void Parser::SetBeamMargin(int64_t margin) { model_->beam_margin = std::max<int64_t>(-1, margin); }
void Parser::SetMaxBeamWords(int words) { model_->max_beam_words = std::max(0, words); }
int Parser::beam() const { return model_->beam; }
int64_t Parser::beam_margin() const { return model_->beam_margin; }
int Parser::max_beam_words() const { return model_->max_beam_words; }
int Parser::train_beam() const { return model_->train_beam; }

void Parser::Parse(Sentence* sentence, ParserScratch* scratch) const {
  ParserScratch::Buffers* s = scratch->buffers();
  const int n = static_cast<int>(sentence->words.size());
  if (others_.empty() || n == 0 || n > kMaxEnsembleWords) {
    ParseWithModel(*model_, sentence, s);
    return;
  }
  // Members vote in eval_order_ (cheap ones first). While every member so far agrees on
  // the whole tree, and their weight exceeds the weight still to come, no later vote can
  // change any word's best arc or label, so the vote is decided without the others: an
  // exact shortcut.
  s->voter.Reset(n);
  bool unanimous = true;
  float cast = 0, remaining = 0;
  for (float w : weights_) remaining += w;
  for (size_t i = 0; i < eval_order_.size(); ++i) {
    const int k = eval_order_[i];
    // The first member's tree goes straight into the result buffers.
    std::vector<int>& heads = i == 0 ? s->heads : s->member_heads;
    std::vector<int>& labels = i == 0 ? s->labels : s->member_labels;
    MemberTree(k == 0 ? *model_ : *others_[k - 1], label_maps_[k], *sentence, s, &heads,
               &labels);
    for (int d = 1; d <= n; ++d) {
      s->voter.Vote(d, heads[d], labels[d], weights_[k]);
      if (heads[d] != s->heads[d] || labels[d] != s->labels[d]) unanimous = false;
    }
    cast += weights_[k];
    remaining -= weights_[k];
    if (unanimous && cast > remaining) break;
  }
  if (!unanimous || cast <= remaining) {
    s->voter.Decide(label_maps_[0][model_->root_label], &s->heads, &s->labels);
  }
  for (int d = 1; d <= n; ++d) {
    Word& w = sentence->words[d - 1];
    w.head = s->heads[d];
    w.deprel = labels_[s->labels[d]];
  }
}

int Parser::num_members() const { return 1 + static_cast<int>(others_.size()); }
float Parser::member_weight(int i) const { return weights_.empty() ? 1.0f : weights_[i]; }
bool Parser::member_right_to_left(int i) const {
  return i == 0 ? model_->right_to_left : others_[i - 1]->right_to_left;
}

Result<Parser> Parser::Ensemble(std::vector<Parser> members, std::vector<float> weights) {
  if (members.empty() || members.size() > 8) {
    return Status::InvalidArgument("parser ensemble: 1 to 8 members");
  }
  if (weights.size() != members.size()) {
    return Status::InvalidArgument("parser ensemble: one weight per member");
  }
  for (size_t k = 0; k < members.size(); ++k) {
    if (!(weights[k] > 0 && std::isfinite(weights[k]))) {
      return Status::InvalidArgument("parser ensemble: weights must be positive");
    }
    if (!members[k].others_.empty()) {
      return Status::InvalidArgument("parser ensemble: a member is itself an ensemble");
    }
  }
  Parser result(std::move(members[0].model_));
  for (size_t k = 1; k < members.size(); ++k) result.others_.push_back(std::move(members[k].model_));
  if (result.others_.empty()) return result;
  result.weights_ = std::move(weights);
  // Voting order: member 0, then greedy members, then beam members (each group in order).
  result.eval_order_.push_back(0);
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t k = 0; k < result.others_.size(); ++k) {
      if ((result.others_[k]->beam > 1) == (pass == 1)) {
        result.eval_order_.push_back(static_cast<int>(k) + 1);
      }
    }
  }
  std::unordered_map<std::string, int> ids;
  for (size_t k = 0; k <= result.others_.size(); ++k) {
    const ParserModel& m = k == 0 ? *result.model_ : *result.others_[k - 1];
    std::vector<int> map;
    for (const std::string& label : m.labels) {
      auto [it, added] = ids.emplace(label, static_cast<int>(result.labels_.size()));
      if (added) result.labels_.push_back(label);
      map.push_back(it->second);
    }
    result.label_maps_.push_back(std::move(map));
  }
  return result;
}

Result<Parser> Parser::TuneEnsemble(std::vector<Parser> members, const Document& dev,
                                    std::ostream* log) {
  const size_t count = members.size();
  auto ensemble = Ensemble(std::move(members), std::vector<float>(count, 1.0f));
  if (!ensemble.ok() || count == 1) return ensemble;
  Parser& e = *ensemble;
  // Every member's tree of every dev sentence, in sentence order and ensemble label ids.
  struct Tree {
    std::vector<int> heads, labels;  // 1..n
  };
  std::vector<std::vector<Tree>> trees(count);
  ParserScratch::Buffers scratch;
  std::vector<const Sentence*> gold;
  for (const Sentence& g : dev.sentences) {
    const int n = static_cast<int>(g.words.size());
    bool has_tree = n > 0;
    for (const Word& w : g.words) has_tree = has_tree && w.head >= 0;
    if (has_tree) gold.push_back(&g);
  }
  for (size_t k = 0; k < count; ++k) {
    const ParserModel& m = k == 0 ? *e.model_ : *e.others_[k - 1];
    for (const Sentence* g : gold) {
      Tree t;
      MemberTree(m, e.label_maps_[k], *g, &scratch, &t.heads, &t.labels);
      trees[k].push_back(std::move(t));
    }
  }
  const int root_label = e.label_maps_[0][e.model_->root_label];
  auto score = [&](const std::vector<float>& weights, int only = -1) {
    int64_t total = 0, uas = 0, las = 0;
    for (size_t i = 0; i < gold.size(); ++i) {
      const int n = static_cast<int>(gold[i]->words.size());
      const std::vector<int>* heads = &trees[0][i].heads;
      const std::vector<int>* labels = &trees[0][i].labels;
      if (only >= 0) {
        heads = &trees[only][i].heads;
        labels = &trees[only][i].labels;
      } else if (n <= kMaxEnsembleWords) {
        scratch.voter.Reset(n);
        for (const int k : e.eval_order_) {  // Parse's voting order (ties go to earlier votes)
          for (int d = 1; d <= n; ++d) {
            scratch.voter.Vote(d, trees[k][i].heads[d], trees[k][i].labels[d], weights[k]);
          }
        }
        scratch.voter.Decide(root_label, &scratch.heads, &scratch.labels);
        heads = &scratch.heads;
        labels = &scratch.labels;
      }
      for (int d = 1; d <= n; ++d) {
        const Word& w = gold[i]->words[d - 1];
        ++total;
        if ((*heads)[d] != w.head) continue;
        ++uas;
        if (UniversalPart(e.labels_[(*labels)[d]]) == UniversalPart(w.deprel)) ++las;
      }
    }
    return std::pair<double, double>(total ? 100.0 * uas / total : 0,
                                     total ? 100.0 * las / total : 0);
  };
  std::vector<float> weights(count, 1.0f);
  if (log) {
    for (size_t k = 0; k < count; ++k) {
      const auto [u, l] = score(weights, static_cast<int>(k));
      *log << "parser ensemble: member " << k + 1
           << (e.member_right_to_left(static_cast<int>(k)) ? " (right-to-left)" : "")
           << " alone: dev UAS " << u << " LAS " << l << "\n";
    }
  }
  // Coordinate ascent on dev LAS, member 0 fixed at weight 1 (ties keep the current).
  constexpr float kGrid[] = {0.2f, 0.4f, 0.6f, 0.8f, 1.0f, 1.2f, 1.5f};
  double best = score(weights).second;
  for (int round = 0; round < 2; ++round) {
    for (size_t k = 1; k < count; ++k) {
      for (float g : kGrid) {
        std::vector<float> trial = weights;
        trial[k] = g;
        const double las = score(trial).second;
        if (las > best) {
          best = las;
          weights = trial;
        }
      }
    }
  }
  const auto [uas, las] = score(weights);
  if (log) {
    *log << "parser ensemble: weights";
    for (float w : weights) *log << " " << w;
    *log << ": dev UAS " << uas << " LAS " << las << "\n";
  }
  e.weights_ = weights;
  return ensemble;
}

Result<Parser> Parser::Train(const Document& train, const Document& dev,
                             const ParserTrainOptions& options, std::ostream* log) {
  if (options.move_hash_bits < kMinHashBits || options.move_hash_bits > kMaxHashBits ||
      options.label_hash_bits < kMinHashBits || options.label_hash_bits > kMaxHashBits) {
    return Status::InvalidArgument("parser: hash bits must be in 8..26");
  }
  if (options.epochs < 1) return Status::InvalidArgument("parser: epochs must be >= 1");
  if (options.replicas < 1 || options.replicas > 16) {
    return Status::InvalidArgument("parser: replicas must be in 1..16");
  }
  if (options.beam < 1 || options.beam > kMaxBeam) {
    return Status::InvalidArgument("parser: beam must be in 1..64");
  }
  if (options.max_beam_words < 0) {
    return Status::InvalidArgument("parser: max_beam_words must be >= 0");
  }
  const auto start = std::chrono::steady_clock::now();
  auto model = std::make_unique<ParserModel>();
  model->beam = options.beam;
  model->train_beam = options.beam;
  model->max_beam_words = options.max_beam_words;
  model->move_bits = options.move_hash_bits;
  model->label_bits = options.label_hash_bits;
  model->right_to_left = options.right_to_left;

  // Label vocabulary: "root" first, then the training relations in order of appearance.
  std::unordered_map<std::string, int> label_ids;
  auto label_id = [&](const std::string& rel) {
    auto [it, added] = label_ids.emplace(rel, static_cast<int>(model->labels.size()));
    if (added) model->labels.push_back(rel);
    return it->second;
  };
  model->root_label = label_id("root");

  // Training sentences: skip those whose heads are not a single-root tree (as may happen
  // in converted or predicted data), lift non-projective arcs.
  std::vector<TrainSentence> data;
  data.reserve(train.sentences.size());
  int skipped = 0, lifted = 0;
  for (const Sentence& s : train.sentences) {
    const int n = static_cast<int>(s.words.size());
    if (n == 0) continue;
    TrainSentence t;
    t.heads.assign(static_cast<size_t>(n) + 1, -1);
    auto pos = [&](int d) { return options.right_to_left && d > 0 ? n + 1 - d : d; };
    for (int i = 0; i < n; ++i) t.heads[pos(i + 1)] = s.words[i].head < 0 ? -1 : pos(s.words[i].head);
    if (!IsSingleRootTree(t.heads)) {
      ++skipped;
      continue;
    }
    t.labels.assign(static_cast<size_t>(n) + 1, -1);
    for (int i = 0; i < n; ++i) {
      const std::string& rel = s.words[i].deprel;
      t.labels[pos(i + 1)] = t.heads[pos(i + 1)] == 0
                                 ? model->root_label
                                 : label_id(rel.empty() ? std::string("dep") : rel);
    }
    if (Projectivize(&t.heads) > 0) ++lifted;
    for (const Word& w : s.words) model->lexicon.Add(w);
    t.source = &s;
    data.push_back(std::move(t));
  }
  model->lexicon.Finish();
  for (TrainSentence& t : data) {
    ComputeParserWords(*t.source, &model->lexicon, options.right_to_left, &t.words);
  }
  if (data.empty()) {
    return Status::InvalidArgument("parser: no usable training sentence (need gold trees)");
  }
  if (model->labels.size() > kMaxLabels) {
    return Status::InvalidArgument("parser: more than 1000 distinct relations in training data");
  }
  const int num_labels = static_cast<int>(model->labels.size());
  model->label_stride = (num_labels + 7) / 8 * 8;
  if (log) {
    *log << "parser: " << data.size() << " training sentences (" << skipped
         << " skipped: not a tree; " << lifted << " projectivized), " << num_labels
         << " relations, move table 2^" << model->move_bits << " x " << kNumMoves
         << ", label table 2^" << model->label_bits << " x " << model->label_stride << "\n";
  }

  // Without dev trees there is nothing to select on: keep the last epoch and the mixture.
  bool have_dev = false;
  for (const Sentence& sentence : dev.sentences) {
    for (const Word& w : sentence.words) have_dev = have_dev || w.head >= 0;
  }
  if (!have_dev && log) *log << "parser: no dev trees; keeping the last epoch\n";

  // One training run ("replica") with its own shuffling/exploration seed; returns the
  // averaged float weights of its best dev epoch and sets *best to the quantized model.
  struct ReplicaWeights {
    std::vector<float> move, label;
  };
  auto train_replica = [&](int replica, std::unique_ptr<ParserModel>* best) {
  ReplicaWeights best_weights;
  AveragedTable move_t((size_t{1} << model->move_bits) * kNumMoves);
  AveragedTable label_t((size_t{1} << model->label_bits) * model->label_stride);
  std::vector<float> label_scores(static_cast<size_t>(model->label_stride));
  std::mt19937_64 rng(options.seed + static_cast<uint64_t>(replica) * 0x9E3779B97F4A7C15ULL);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::vector<size_t> order(data.size());
  std::iota(order.begin(), order.end(), size_t{0});
  ArcEagerState st;
  GoldTree gold;
  uint64_t feats[kMaxMoveFeatures + kMaxLabelFeatures];
  double c = 1;

  // One epoch of global training for beam search. Gold sequence = the static
  // oracle's (with gold labels); update = max-violation (Huang, Fayong & Guo 2012): the
  // step t* where the beam's best prefix beats the gold prefix by the most; the gold
  // prefix's features are promoted and the predicted prefix's demoted (the shared prefix
  // cancels and is skipped).
  BeamWork<double> bw;
  std::vector<std::pair<int, int>> gold_seq, pred_seq;
  std::vector<double> gold_score;
  auto BeamEpoch = [&](int /*epoch*/, int64_t* moves, int64_t* move_errors, int64_t* arcs,
                       int64_t* label_errors) {
    const BeamTables<float> tb{move_t.w.data(), model->move_bits, label_t.w.data(),
                               model->label_bits, model->label_stride, num_labels,
                               model->root_label};
    for (size_t idx : order) {
      const TrainSentence& t = data[idx];
      const int n = static_cast<int>(t.heads.size()) - 1;
      BeamLabelTrainer lt{&label_t, &t.heads, &t.labels, c};
      BeamDecode<float, double>(tb, t.words.data(), n, options.beam, &bw, &lt);
      *arcs += lt.arcs;
      *label_errors += lt.errors;
      // The gold sequence and its prefix scores.
      gold.Build(t.heads);
      st.Init(n);
      gold_seq.clear();
      gold_score.clear();
      double gs = 0;
      while (!st.Terminal()) {
        const int k = ExtractMoveFeatures(st, t.words.data(), feats);
        float sc[kNumMoves];
        ScoreMoves(move_t.w.data(), model->move_bits, feats, k, sc);
        const Move mv = StaticOracle(st, gold);
        int label = -1;
        if (mv == Move::kLeftArc || mv == Move::kRightArc) {
          const int h = mv == Move::kLeftArc ? st.Buffer(0) : st.Stack(0);
          const int d = mv == Move::kLeftArc ? st.Stack(0) : st.Buffer(0);
          label = h == 0 ? model->root_label : t.labels[d];
        }
        gs += sc[static_cast<int>(mv)];
        gold_seq.push_back({static_cast<int>(mv), label});
        gold_score.push_back(gs);
        st.Apply(mv, label);
      }
      ++*moves;
      const int bsteps = static_cast<int>(bw.step_best.size());
      const int gsteps = static_cast<int>(gold_score.size());
      const int steps = std::max(bsteps, gsteps);
      int tstar = -1;
      double vmax = 0;
      for (int i = 0; i < steps; ++i) {
        const double b = bw.step_best[std::min(i, bsteps - 1)];
        const double g = gold_score[std::min(i, gsteps - 1)];
        if (b - g >= vmax) {  // ties: the later step (all-zero weights tie everywhere)
          vmax = b - g;
          tstar = i;
        }
      }
      if (tstar >= 0) {
        pred_seq.clear();
        for (int nd = bw.step_best_node[std::min(tstar, bsteps - 1)]; nd >= 0;
             nd = bw.nodes[nd].parent) {
          pred_seq.push_back({bw.nodes[nd].move, bw.nodes[nd].label});
        }
        std::reverse(pred_seq.begin(), pred_seq.end());
        const int glen = std::min(tstar + 1, gsteps);
        const int plen = static_cast<int>(pred_seq.size());
        int common = 0;
        while (common < glen && common < plen && gold_seq[common] == pred_seq[common]) ++common;
        if (common < glen || common < plen) {
          ++*move_errors;
          for (int side = 0; side < 2; ++side) {
            const auto& seq = side == 0 ? gold_seq : pred_seq;
            const int len = side == 0 ? glen : plen;
            const float delta = side == 0 ? 1.0f : -1.0f;
            st.Init(n);
            for (int i = 0; i < len; ++i) {
              if (i >= common) {
                const int k = ExtractMoveFeatures(st, t.words.data(), feats);
                move_t.Update(feats, k, model->move_bits, kNumMoves, seq[i].first, delta, c);
              }
              st.Apply(static_cast<Move>(seq[i].first), seq[i].second);
            }
          }
        }
      }
      c += 1;
    }
  };

  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    const bool explore = epoch > 1;
    int64_t moves = 0, move_errors = 0, arcs = 0, label_errors = 0;
    if (options.beam > 1) {
      BeamEpoch(epoch, &moves, &move_errors, &arcs, &label_errors);
    } else
    for (size_t idx : order) {
      const TrainSentence& t = data[idx];
      const int n = static_cast<int>(t.heads.size()) - 1;
      gold.Build(t.heads);
      st.Init(n);
      while (!st.Terminal()) {
        const int k = ExtractMoveFeatures(st, t.words.data(), feats);
        float scores[kNumMoves];
        ScoreMoves(move_t.w.data(), model->move_bits, feats, k, scores);
        int costs[kNumMoves];
        ArcEagerCosts(st, gold, costs);
        const Move pred = BestLegal(st, scores);
        const int min_cost = *std::min_element(costs, costs + kNumMoves);
        // The best-scoring move among those of least cost (the oracle's choice).
        int oracle = -1;
        for (int m = 0; m < kNumMoves; ++m) {
          if (costs[m] != min_cost) continue;
          if (oracle < 0 || scores[m] > scores[oracle]) oracle = m;
        }
        const int p = static_cast<int>(pred);
        ++moves;
        if (costs[p] > min_cost) {
          ++move_errors;
          move_t.Update(feats, k, model->move_bits, kNumMoves, oracle, 1.0f, c);
          move_t.Update(feats, k, model->move_bits, kNumMoves, p, -1.0f, c);
        }
        Move next = static_cast<Move>(oracle);
        if (costs[p] == min_cost || (explore && coin(rng) < kExploreProbability)) next = pred;
        int label = -1;
        if (next == Move::kLeftArc || next == Move::kRightArc) {
          const int h = next == Move::kLeftArc ? st.Buffer(0) : st.Stack(0);
          const int d = next == Move::kLeftArc ? st.Stack(0) : st.Buffer(0);
          if (h == 0) {
            label = model->root_label;
          } else {
            const int mk = std::min(k, kLabelMoveFeatures);
            uint64_t* lf = feats;
            const int lk = mk + ExtractLabelFeatures(st, t.words.data(), h, d, feats + mk);
            ScoreLabels(label_t.w.data(), model->label_bits, model->label_stride, lf, lk,
                        label_scores.data());
            label = BestLabel(label_scores.data(), num_labels, model->root_label);
            if (t.heads[d] == h) {
              ++arcs;
              const int gold_label = t.labels[d];
              if (label != gold_label) {
                ++label_errors;
                label_t.Update(lf, lk, model->label_bits, model->label_stride, gold_label,
                               1.0f, c);
                label_t.Update(lf, lk, model->label_bits, model->label_stride, label, -1.0f,
                               c);
                // Before exploring, condition later features on the gold label.
                if (!explore) label = gold_label;
              }
            }
          }
        }
        st.Apply(next, label);
        c += 1;
      }
    }
    auto candidate = std::make_unique<ParserModel>(*model);
    std::vector<float> move_avg = move_t.Average(c), label_avg = label_t.Average(c);
    candidate->move_w = Quantize(move_avg);
    candidate->label_w = Quantize(label_avg);
    const DevScore score = ScoreDev(*candidate, dev);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (log) {
      char line[256];
      std::snprintf(line, sizeof(line),
                    "parser: replica %d epoch %d: move errors %.2f%%, label errors %.2f%%, "
                    "dev UAS %.2f LAS %.2f (%.0f s)\n",
                    replica + 1, epoch, moves ? 100.0 * move_errors / moves : 0.0,
                    arcs ? 100.0 * label_errors / arcs : 0.0, score.uas, score.las, secs);
      *log << line << std::flush;
    }
    if (!*best || score.las > (*best)->dev_las || !have_dev) {
      candidate->best_epoch = static_cast<uint32_t>(epoch);
      candidate->dev_uas = static_cast<float>(score.uas);
      candidate->dev_las = static_cast<float>(score.las);
      *best = std::move(candidate);
      best_weights.move = std::move(move_avg);
      best_weights.label = std::move(label_avg);
    }
  }
  return best_weights;
  };

  // Parameter mixing (McDonald, Hall & Mann 2010): the mean of the replicas' averaged
  // weights, kept only if it beats the best single replica on dev.
  std::unique_ptr<ParserModel> best;
  std::vector<float> mix_move, mix_label;
  for (int r = 0; r < options.replicas; ++r) {
    std::unique_ptr<ParserModel> replica_best;
    ReplicaWeights w = train_replica(r, &replica_best);
    if (log) {
      *log << "parser: replica " << r + 1 << " kept epoch " << replica_best->best_epoch
           << " (dev UAS " << replica_best->dev_uas << " LAS " << replica_best->dev_las
           << ")\n";
    }
    if (r == 0) {
      mix_move = std::move(w.move);
      mix_label = std::move(w.label);
    } else {
      for (size_t i = 0; i < mix_move.size(); ++i) mix_move[i] += w.move[i];
      for (size_t i = 0; i < mix_label.size(); ++i) mix_label[i] += w.label[i];
    }
    if (!best || replica_best->dev_las > best->dev_las) best = std::move(replica_best);
  }
  if (options.replicas > 1) {
    auto mixed = std::make_unique<ParserModel>(*model);
    mixed->move_w = Quantize(mix_move);
    mixed->label_w = Quantize(mix_label);
    const DevScore score = ScoreDev(*mixed, dev);
    if (log) {
      *log << "parser: mixed " << options.replicas << " replicas: dev UAS " << score.uas
           << " LAS " << score.las << "\n";
    }
    if (score.las > best->dev_las || !have_dev) {
      mixed->best_epoch = 0;  // 0 = a mixture
      mixed->dev_uas = static_cast<float>(score.uas);
      mixed->dev_las = static_cast<float>(score.las);
      best = std::move(mixed);
    }
  }
  if (log) {
    *log << "parser: kept " << (best->best_epoch ? "epoch " + std::to_string(best->best_epoch)
                                                 : std::string("the mixture"))
         << " (dev UAS " << best->dev_uas << " LAS " << best->dev_las << ")\n";
  }
  if (options.beam > 1 && have_dev) TuneBeam(options, dev, best.get(), log);
  return Parser(std::move(best));
}

namespace {
void SaveModel(const ParserModel& m, std::string name, ModelFileWriter* writer) {
  BinaryWriter w;
  w.PutU32(kParserFormatVersion);
  w.PutU32(kParserFeatureVersion);
  w.PutU32(static_cast<uint32_t>(m.move_bits));
  w.PutU32(static_cast<uint32_t>(m.label_bits));
  w.PutU32(static_cast<uint32_t>(m.labels.size()));
  for (const std::string& l : m.labels) w.PutString(l);
  w.PutU32(static_cast<uint32_t>(m.root_label));
  w.PutU32(m.best_epoch);
  w.PutF32(m.dev_uas);
  w.PutF32(m.dev_las);
  w.PutU32(static_cast<uint32_t>(m.train_beam));
  w.PutU32(static_cast<uint32_t>(m.beam));
  w.PutU64(static_cast<uint64_t>(m.beam_margin));
  w.PutU32(static_cast<uint32_t>(m.max_beam_words));
  w.PutU32(m.right_to_left ? 1u : 0u);  // flags (version 3)
  w.PutVector(m.move_w);
  w.PutVector(m.label_w);
  w.PutVector(m.lexicon.keys());
  w.PutVector(m.lexicon.values());
  writer->AddSection(std::move(name), w.Release());
}
}  // namespace

void Parser::Save(ModelFileWriter* writer) const {
  SaveModel(*model_, "parser", writer);
  if (others_.empty()) return;
  for (size_t k = 0; k < others_.size(); ++k) {
    SaveModel(*others_[k], "parser." + std::to_string(k + 2), writer);
  }
  BinaryWriter w;
  w.PutU32(kEnsembleFormatVersion);
  w.PutU32(static_cast<uint32_t>(weights_.size()));
  for (float x : weights_) w.PutF32(x);
  writer->AddSection("parser.ensemble", w.Release());
}

namespace {
Result<std::unique_ptr<ParserModel>> LoadModel(const ModelFile& file, std::string_view name) {
  Result<BinaryReader> reader = file.SectionReader(name);
  if (!reader.ok()) return reader.status();
  BinaryReader& r = *reader;
  auto m = std::make_unique<ParserModel>();
  uint32_t version = 0, feature_version = 0, move_bits = 0, label_bits = 0, num_labels = 0;
  DYAD_RETURN_IF_ERROR(r.GetU32(&version));
  if (version < kMinParserFormatVersion || version > kParserFormatVersion) {
    return r.Error("unsupported parser format version " + std::to_string(version));
  }
  DYAD_RETURN_IF_ERROR(r.GetU32(&feature_version));
  if (feature_version != kParserFeatureVersion) {
    return r.Error("unsupported parser feature version " + std::to_string(feature_version));
  }
  DYAD_RETURN_IF_ERROR(r.GetU32(&move_bits));
  DYAD_RETURN_IF_ERROR(r.GetU32(&label_bits));
  if (move_bits < kMinHashBits || move_bits > kMaxHashBits || label_bits < kMinHashBits ||
      label_bits > kMaxHashBits) {
    return r.Error("hash bits out of range 8..26");
  }
  DYAD_RETURN_IF_ERROR(r.GetU32(&num_labels));
  if (num_labels == 0 || num_labels > kMaxLabels) {
    return r.Error("bad label count " + std::to_string(num_labels));
  }
  m->labels.resize(num_labels);
  for (std::string& l : m->labels) DYAD_RETURN_IF_ERROR(r.GetString(&l));
  uint32_t root_label = 0;
  DYAD_RETURN_IF_ERROR(r.GetU32(&root_label));
  if (root_label >= num_labels) return r.Error("root label id out of range");
  DYAD_RETURN_IF_ERROR(r.GetU32(&m->best_epoch));
  DYAD_RETURN_IF_ERROR(r.GetF32(&m->dev_uas));
  DYAD_RETURN_IF_ERROR(r.GetF32(&m->dev_las));
  if (version >= 2) {
    uint32_t train_beam = 0, beam = 0, max_beam_words = 0;
    uint64_t margin = 0;
    DYAD_RETURN_IF_ERROR(r.GetU32(&train_beam));
    DYAD_RETURN_IF_ERROR(r.GetU32(&beam));
    DYAD_RETURN_IF_ERROR(r.GetU64(&margin));
    DYAD_RETURN_IF_ERROR(r.GetU32(&max_beam_words));
    const auto signed_margin = static_cast<int64_t>(margin);
    if (train_beam < 1 || train_beam > kMaxBeam || beam < 1 || beam > kMaxBeam) {
      return r.Error("beam width out of range 1..64");
    }
    if (signed_margin < -1 || max_beam_words > (1u << 30)) {
      return r.Error("bad beam margin or max beam words");
    }
    m->train_beam = static_cast<int>(train_beam);
    m->beam = static_cast<int>(beam);
    m->beam_margin = signed_margin;
    m->max_beam_words = static_cast<int>(max_beam_words);
    if (version >= 3) {
      uint32_t flags = 0;
      DYAD_RETURN_IF_ERROR(r.GetU32(&flags));
      if (flags > 1) return r.Error("unknown parser flags " + std::to_string(flags));
      m->right_to_left = (flags & 1) != 0;
    }
  } else {
    m->beam = m->train_beam = 1;  // version 1: a greedy model
  }
  m->move_bits = static_cast<int>(move_bits);
  m->label_bits = static_cast<int>(label_bits);
  m->root_label = static_cast<int>(root_label);
  m->label_stride = static_cast<int>((num_labels + 7) / 8 * 8);
  const uint64_t move_size = (uint64_t{1} << move_bits) * kNumMoves;
  const uint64_t label_size = (uint64_t{1} << label_bits) * m->label_stride;
  DYAD_RETURN_IF_ERROR(r.GetVector(&m->move_w, move_size));
  if (m->move_w.size() != move_size) return r.Error("move weight table has the wrong size");
  DYAD_RETURN_IF_ERROR(r.GetVector(&m->label_w, label_size));
  if (m->label_w.size() != label_size) return r.Error("label weight table has the wrong size");
  std::vector<uint64_t> keys;
  std::vector<uint32_t> values;
  DYAD_RETURN_IF_ERROR(r.GetVector(&keys));
  DYAD_RETURN_IF_ERROR(r.GetVector(&values));
  if (keys.size() != values.size() || (keys.size() & (keys.size() - 1)) != 0) {
    return r.Error("lexicon table sizes are inconsistent");
  }
  m->lexicon.Assign(std::move(keys), std::move(values));
  DYAD_RETURN_IF_ERROR(r.ExpectEnd());
  return m;
}
}  // namespace

Result<Parser> Parser::Load(const ModelFile& file) {
  auto primary = LoadModel(file, "parser");
  if (!primary.ok()) return primary.status();
  Parser parser(std::move(primary).value());
  if (!file.HasSection("parser.ensemble")) return parser;
  Result<BinaryReader> reader = file.SectionReader("parser.ensemble");
  if (!reader.ok()) return reader.status();
  BinaryReader& r = *reader;
  uint32_t version = 0, count = 0;
  DYAD_RETURN_IF_ERROR(r.GetU32(&version));
  if (version != kEnsembleFormatVersion) {
    return r.Error("unsupported parser ensemble version " + std::to_string(version));
  }
  DYAD_RETURN_IF_ERROR(r.GetU32(&count));
  if (count < 2 || count > 8) return r.Error("bad ensemble member count " + std::to_string(count));
  std::vector<float> weights(count);
  for (float& x : weights) {
    DYAD_RETURN_IF_ERROR(r.GetF32(&x));
    if (!(x > 0 && std::isfinite(x))) return r.Error("ensemble weights must be positive");
  }
  DYAD_RETURN_IF_ERROR(r.ExpectEnd());
  std::vector<Parser> members;
  members.push_back(std::move(parser));
  for (uint32_t k = 2; k <= count; ++k) {
    auto m = LoadModel(file, "parser." + std::to_string(k));
    if (!m.ok()) return m.status();
    members.push_back(Parser(std::move(m).value()));
  }
  return Ensemble(std::move(members), std::move(weights));
}

}  // namespace dyad
