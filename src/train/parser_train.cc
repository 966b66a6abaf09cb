// Training of the arc-eager parser (src/syntax/parser.cc describes the model).
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
//
// Beam training (ParserTrainOptions::beam > 1): the move model is trained globally with
// max-violation updates (Huang et al. 2012) over the same beam search the parser decodes
// with (src/syntax/parser_beam.h), and the decoding width and selective-branching margin
// are then tuned on dev under a cost budget (TuneBeam). An ensemble's vote weights are
// tuned on dev by coordinate ascent (TuneParserEnsemble). Figures:
// doc/experiments/parser-beam.md, doc/experiments/parser-ensemble.md.
//
// Thread-safety: every call owns its state; calls may run concurrently.
#include "train/parser_train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>
#include <ostream>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "syntax/parser_beam.h"
#include "syntax/parser_features.h"
#include "syntax/parser_internal.h"
#include "syntax/transition.h"

namespace dyad {

using parser_internal::BeamDecode;
using parser_internal::BeamTables;
using parser_internal::BeamWork;
using parser_internal::BestLabel;
using parser_internal::BestLegal;
using parser_internal::kLabelMoveFeatures;
using parser_internal::kMaxBeam;
using parser_internal::kMaxHashBits;
using parser_internal::kMaxLabels;
using parser_internal::kMinHashBits;
using parser_internal::MemberTree;
using parser_internal::ParseWithModel;
using parser_internal::Row;
using parser_internal::ScoreLabels;
using parser_internal::ScoreMoves;
using parser_internal::UniversalPart;

namespace {

// After the first epoch, the greedy trainer follows its own wrong move this often.
constexpr double kExploreProbability = 0.9;

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

// Label training hook for beam decoding (BeamDecode's trainer): the label classifier
// learns on the arcs of the beam's best item whose head is correct (the parser's own
// trajectory, as exploration does for the greedy parser).
struct BeamLabelTrainer {
  AveragedTable* table;
  const std::vector<int>* heads;
  const std::vector<int>* labels;
  double c;
  int64_t arcs = 0, errors = 0;
  void OnBestArc(const uint64_t* f, int k, int bits, int stride, int h, int d, int label) {
    if ((*heads)[d] != h) return;
    ++arcs;
    const int gold_label = (*labels)[d];
    if (label == gold_label) return;
    ++errors;
    table->Update(f, k, bits, stride, gold_label, 1.0f, c);
    table->Update(f, k, bits, stride, label, -1.0f, c);
  }
};

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

Status CheckOptions(const ParserTrainOptions& options) {
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
  return Status::Ok();
}

// The training sentences of `train` in the model's word order, with label ids; fills the
// model's label vocabulary ("root" first, then the relations in order of appearance) and
// its lexicon. Sentences whose heads are not a single-root tree (as may happen in
// converted or predicted data) are skipped; non-projective arcs are lifted.
struct TrainingSet {
  std::vector<TrainSentence> sentences;
  int skipped = 0, lifted = 0;
};

TrainingSet BuildTrainingSet(const Document& train, bool right_to_left, ParserModel* model) {
  std::unordered_map<std::string, int> label_ids;
  auto label_id = [&](const std::string& rel) {
    auto [it, added] = label_ids.emplace(rel, static_cast<int>(model->labels.size()));
    if (added) model->labels.push_back(rel);
    return it->second;
  };
  model->root_label = label_id("root");
  TrainingSet set;
  set.sentences.reserve(train.sentences.size());
  for (const Sentence& s : train.sentences) {
    const int n = static_cast<int>(s.words.size());
    if (n == 0) continue;
    TrainSentence t;
    t.heads.assign(static_cast<size_t>(n) + 1, -1);
    auto pos = [&](int d) { return right_to_left && d > 0 ? n + 1 - d : d; };
    for (int i = 0; i < n; ++i) t.heads[pos(i + 1)] = s.words[i].head < 0 ? -1 : pos(s.words[i].head);
    if (!IsSingleRootTree(t.heads)) {
      ++set.skipped;
      continue;
    }
    t.labels.assign(static_cast<size_t>(n) + 1, -1);
    for (int i = 0; i < n; ++i) {
      const std::string& rel = s.words[i].deprel;
      t.labels[pos(i + 1)] = t.heads[pos(i + 1)] == 0
                                 ? model->root_label
                                 : label_id(rel.empty() ? std::string("dep") : rel);
    }
    if (Projectivize(&t.heads) > 0) ++set.lifted;
    for (const Word& w : s.words) model->lexicon.Add(w);
    t.source = &s;
    set.sentences.push_back(std::move(t));
  }
  model->lexicon.Finish();
  for (TrainSentence& t : set.sentences) {
    ComputeParserWords(*t.source, &model->lexicon, right_to_left, &t.words);
  }
  return set;
}

// True if some word of `dev` has a head (without dev trees there is nothing to select on).
bool HasTrees(const Document& dev) {
  bool have_dev = false;
  for (const Sentence& sentence : dev.sentences) {
    for (const Word& w : sentence.words) have_dev = have_dev || w.head >= 0;
  }
  return have_dev;
}

// What one epoch did: moves (greedy) or sentences (beam) seen and mispredicted, and the
// labels of correct-head arcs seen and mispredicted.
struct EpochCounts {
  int64_t moves = 0, move_errors = 0, arcs = 0, label_errors = 0;
};

// The averaged float weights of a replica's best epoch.
struct ReplicaWeights {
  std::vector<float> move, label;
};

// One training run ("replica") with its own shuffling/exploration seed: the averaged
// perceptron over the move and label tables, trained greedily with the dynamic oracle
// (options.beam == 1) or globally with beam search.
class ReplicaTrainer {
 public:
  ReplicaTrainer(const ParserModel& model, const std::vector<TrainSentence>& data,
                 const ParserTrainOptions& options, int replica)
      : model_(model),
        data_(data),
        options_(options),
        num_labels_(static_cast<int>(model.labels.size())),
        move_t_((size_t{1} << model.move_bits) * kNumMoves),
        label_t_((size_t{1} << model.label_bits) * model.label_stride),
        label_scores_(static_cast<size_t>(model.label_stride)),
        rng_(options.seed + static_cast<uint64_t>(replica) * 0x9E3779B97F4A7C15ULL),
        coin_(0.0, 1.0),
        order_(data.size()) {
    std::iota(order_.begin(), order_.end(), size_t{0});
  }

  // One pass over the shuffled training data.
  EpochCounts Epoch(int epoch) {
    std::shuffle(order_.begin(), order_.end(), rng_);
    EpochCounts counts;
    if (options_.beam > 1) {
      const BeamTables<float> tb{move_t_.w.data(), model_.move_bits, label_t_.w.data(),
                                 model_.label_bits, model_.label_stride, num_labels_,
                                 model_.root_label};
      for (size_t idx : order_) BeamSentence(tb, data_[idx], &counts);
    } else {
      const bool explore = epoch > 1;
      for (size_t idx : order_) GreedySentence(data_[idx], explore, &counts);
    }
    return counts;
  }
  ReplicaWeights Averaged() const { return {move_t_.Average(c_), label_t_.Average(c_)}; }

 private:
  void GreedySentence(const TrainSentence& t, bool explore, EpochCounts* counts);
  int GreedyLabel(const TrainSentence& t, Move next, int k, bool explore, EpochCounts* counts);
  void BeamSentence(const BeamTables<float>& tb, const TrainSentence& t, EpochCounts* counts);
  void GoldSequence(const TrainSentence& t);
  int MaxViolationStep() const;
  void MaxViolationUpdate(const TrainSentence& t, int tstar, EpochCounts* counts);

  const ParserModel& model_;  // labels, table sizes, lexicon; no weights
  const std::vector<TrainSentence>& data_;
  const ParserTrainOptions& options_;
  const int num_labels_;
  AveragedTable move_t_, label_t_;
  std::vector<float> label_scores_;
  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> coin_;
  std::vector<size_t> order_;
  ArcEagerState st_;
  GoldTree gold_;
  uint64_t feats_[kMaxMoveFeatures + kMaxLabelFeatures];
  double c_ = 1;  // the averaging clock: updates so far + 1
  // Beam training: the search's buffers, the gold and predicted move sequences (move,
  // label) and the gold prefix scores.
  BeamWork<double> bw_;
  std::vector<std::pair<int, int>> gold_seq_, pred_seq_;
  std::vector<double> gold_score_;
};

// Greedy training on one sentence with the dynamic oracle (Goldberg & Nivre 2012): on a
// mistake the oracle's best move is promoted and the prediction demoted; after the first
// epoch the parser follows its wrong prediction with probability kExploreProbability.
void ReplicaTrainer::GreedySentence(const TrainSentence& t, bool explore, EpochCounts* counts) {
  const int n = static_cast<int>(t.heads.size()) - 1;
  gold_.Build(t.heads);
  st_.Init(n);
  while (!st_.Terminal()) {
    const int k = ExtractMoveFeatures(st_, t.words.data(), feats_);
    float scores[kNumMoves];
    ScoreMoves(move_t_.w.data(), model_.move_bits, feats_, k, scores);
    int costs[kNumMoves];
    ArcEagerCosts(st_, gold_, costs);
    const Move pred = BestLegal(st_, scores);
    const int min_cost = *std::min_element(costs, costs + kNumMoves);
    // The best-scoring move among those of least cost (the oracle's choice).
    int oracle = -1;
    for (int m = 0; m < kNumMoves; ++m) {
      if (costs[m] != min_cost) continue;
      if (oracle < 0 || scores[m] > scores[oracle]) oracle = m;
    }
    const int p = static_cast<int>(pred);
    ++counts->moves;
    if (costs[p] > min_cost) {
      ++counts->move_errors;
      move_t_.Update(feats_, k, model_.move_bits, kNumMoves, oracle, 1.0f, c_);
      move_t_.Update(feats_, k, model_.move_bits, kNumMoves, p, -1.0f, c_);
    }
    Move next = static_cast<Move>(oracle);
    if (costs[p] == min_cost || (explore && coin_(rng_) < kExploreProbability)) next = pred;
    const int label = GreedyLabel(t, next, k, explore, counts);
    st_.Apply(next, label);
    c_ += 1;
  }
}

// The label of the arc that move `next` makes (-1 for a move without an arc), trained on
// arcs whose head is correct. `k`: the move features in feats_ of this configuration.
int ReplicaTrainer::GreedyLabel(const TrainSentence& t, Move next, int k, bool explore,
                                EpochCounts* counts) {
  if (next != Move::kLeftArc && next != Move::kRightArc) return -1;
  const int h = next == Move::kLeftArc ? st_.Buffer(0) : st_.Stack(0);
  const int d = next == Move::kLeftArc ? st_.Stack(0) : st_.Buffer(0);
  if (h == 0) return model_.root_label;
  const int mk = std::min(k, kLabelMoveFeatures);
  const int lk = mk + ExtractLabelFeatures(st_, t.words.data(), h, d, feats_ + mk);
  ScoreLabels(label_t_.w.data(), model_.label_bits, model_.label_stride, feats_, lk,
              label_scores_.data());
  const int label = BestLabel(label_scores_.data(), num_labels_, model_.root_label);
  if (t.heads[d] != h) return label;
  ++counts->arcs;
  const int gold_label = t.labels[d];
  if (label == gold_label) return label;
  ++counts->label_errors;
  label_t_.Update(feats_, lk, model_.label_bits, model_.label_stride, gold_label, 1.0f, c_);
  label_t_.Update(feats_, lk, model_.label_bits, model_.label_stride, label, -1.0f, c_);
  // Before exploring, condition later features on the gold label.
  return explore ? label : gold_label;
}

// Global training on one sentence for beam search. Gold sequence = the static oracle's
// (with gold labels); update = max-violation (Huang, Fayong & Guo 2012): the step t*
// where the beam's best prefix beats the gold prefix by the most; the gold prefix's
// features are promoted and the predicted prefix's demoted (the shared prefix cancels and
// is skipped).
void ReplicaTrainer::BeamSentence(const BeamTables<float>& tb, const TrainSentence& t,
                                  EpochCounts* counts) {
  const int n = static_cast<int>(t.heads.size()) - 1;
  BeamLabelTrainer lt{&label_t_, &t.heads, &t.labels, c_};
  BeamDecode<float, double, BeamLabelTrainer>(tb, t.words.data(), n, options_.beam, &bw_, &lt);
  counts->arcs += lt.arcs;
  counts->label_errors += lt.errors;
  GoldSequence(t);
  ++counts->moves;
  const int tstar = MaxViolationStep();
  if (tstar >= 0) MaxViolationUpdate(t, tstar, counts);
  c_ += 1;
}

// The static oracle's moves for `t` (gold_seq_) and the gold prefix scores (gold_score_).
void ReplicaTrainer::GoldSequence(const TrainSentence& t) {
  const int n = static_cast<int>(t.heads.size()) - 1;
  gold_.Build(t.heads);
  st_.Init(n);
  gold_seq_.clear();
  gold_score_.clear();
  double gs = 0;
  while (!st_.Terminal()) {
    const int k = ExtractMoveFeatures(st_, t.words.data(), feats_);
    float sc[kNumMoves];
    ScoreMoves(move_t_.w.data(), model_.move_bits, feats_, k, sc);
    const Move mv = StaticOracle(st_, gold_);
    int label = -1;
    if (mv == Move::kLeftArc || mv == Move::kRightArc) {
      const int h = mv == Move::kLeftArc ? st_.Buffer(0) : st_.Stack(0);
      const int d = mv == Move::kLeftArc ? st_.Stack(0) : st_.Buffer(0);
      label = h == 0 ? model_.root_label : t.labels[d];
    }
    gs += sc[static_cast<int>(mv)];
    gold_seq_.push_back({static_cast<int>(mv), label});
    gold_score_.push_back(gs);
    st_.Apply(mv, label);
  }
}

// The step where the beam's best prefix beats the gold prefix by the most (-1: never).
int ReplicaTrainer::MaxViolationStep() const {
  const int bsteps = static_cast<int>(bw_.step_best.size());
  const int gsteps = static_cast<int>(gold_score_.size());
  const int steps = std::max(bsteps, gsteps);
  int tstar = -1;
  double vmax = 0;
  for (int i = 0; i < steps; ++i) {
    const double b = bw_.step_best[std::min(i, bsteps - 1)];
    const double g = gold_score_[std::min(i, gsteps - 1)];
    if (b - g >= vmax) {  // ties: the later step (all-zero weights tie everywhere)
      vmax = b - g;
      tstar = i;
    }
  }
  return tstar;
}

// Promotes the gold prefix up to step `tstar` and demotes the beam's best prefix there,
// past their common prefix.
void ReplicaTrainer::MaxViolationUpdate(const TrainSentence& t, int tstar,
                                        EpochCounts* counts) {
  const int n = static_cast<int>(t.heads.size()) - 1;
  const int bsteps = static_cast<int>(bw_.step_best.size());
  const int gsteps = static_cast<int>(gold_score_.size());
  pred_seq_.clear();
  for (int nd = bw_.step_best_node[std::min(tstar, bsteps - 1)]; nd >= 0;
       nd = bw_.nodes[nd].parent) {
    pred_seq_.push_back({bw_.nodes[nd].move, bw_.nodes[nd].label});
  }
  std::reverse(pred_seq_.begin(), pred_seq_.end());
  const int glen = std::min(tstar + 1, gsteps);
  const int plen = static_cast<int>(pred_seq_.size());
  int common = 0;
  while (common < glen && common < plen && gold_seq_[common] == pred_seq_[common]) ++common;
  if (common >= glen && common >= plen) return;
  ++counts->move_errors;
  for (int side = 0; side < 2; ++side) {
    const auto& seq = side == 0 ? gold_seq_ : pred_seq_;
    const int len = side == 0 ? glen : plen;
    const float delta = side == 0 ? 1.0f : -1.0f;
    st_.Init(n);
    for (int i = 0; i < len; ++i) {
      if (i >= common) {
        const int k = ExtractMoveFeatures(st_, t.words.data(), feats_);
        move_t_.Update(feats_, k, model_.move_bits, kNumMoves, seq[i].first, delta, c_);
      }
      st_.Apply(static_cast<Move>(seq[i].first), seq[i].second);
    }
  }
}

// Runs one replica for options.epochs epochs. Each epoch's averaged weights are quantized
// into a candidate model and scored on dev; *best is set to the best candidate by dev LAS
// (the last epoch without dev trees). Returns the best epoch's float weights.
ReplicaWeights TrainReplica(const ParserModel& model, const std::vector<TrainSentence>& data,
                            const Document& dev, const ParserTrainOptions& options,
                            bool have_dev, int replica,
                            std::chrono::steady_clock::time_point start, std::ostream* log,
                            std::unique_ptr<ParserModel>* best) {
  ReplicaWeights best_weights;
  ReplicaTrainer trainer(model, data, options, replica);
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    const EpochCounts n = trainer.Epoch(epoch);
    auto candidate = std::make_unique<ParserModel>(model);
    ReplicaWeights avg = trainer.Averaged();
    candidate->move_w = Quantize(avg.move);
    candidate->label_w = Quantize(avg.label);
    const DevScore score = ScoreDev(*candidate, dev);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (log) {
      char line[256];
      std::snprintf(line, sizeof(line),
                    "parser: replica %d epoch %d: move errors %.2f%%, label errors %.2f%%, "
                    "dev UAS %.2f LAS %.2f (%.0f s)\n",
                    replica + 1, epoch, n.moves ? 100.0 * n.move_errors / n.moves : 0.0,
                    n.arcs ? 100.0 * n.label_errors / n.arcs : 0.0, score.uas, score.las,
                    secs);
      *log << line << std::flush;
    }
    if (!*best || score.las > (*best)->dev_las || !have_dev) {
      candidate->best_epoch = static_cast<uint32_t>(epoch);
      candidate->dev_uas = static_cast<float>(score.uas);
      candidate->dev_las = static_cast<float>(score.las);
      *best = std::move(candidate);
      best_weights = std::move(avg);
    }
  }
  return best_weights;
}

}  // namespace

Result<Parser> TrainParser(const Document& train, const Document& dev,
                           const ParserTrainOptions& options, std::ostream* log) {
  DYAD_RETURN_IF_ERROR(CheckOptions(options));
  const auto start = std::chrono::steady_clock::now();
  auto model = std::make_unique<ParserModel>();
  model->beam = options.beam;
  model->train_beam = options.beam;
  model->max_beam_words = options.max_beam_words;
  model->move_bits = options.move_hash_bits;
  model->label_bits = options.label_hash_bits;
  model->right_to_left = options.right_to_left;
  const TrainingSet set = BuildTrainingSet(train, options.right_to_left, model.get());
  if (set.sentences.empty()) {
    return Status::InvalidArgument("parser: no usable training sentence (need gold trees)");
  }
  if (model->labels.size() > kMaxLabels) {
    return Status::InvalidArgument("parser: more than 1000 distinct relations in training data");
  }
  const int num_labels = static_cast<int>(model->labels.size());
  model->label_stride = (num_labels + 7) / 8 * 8;
  if (log) {
    *log << "parser: " << set.sentences.size() << " training sentences (" << set.skipped
         << " skipped: not a tree; " << set.lifted << " projectivized), " << num_labels
         << " relations, move table 2^" << model->move_bits << " x " << kNumMoves
         << ", label table 2^" << model->label_bits << " x " << model->label_stride << "\n";
  }
  const bool have_dev = HasTrees(dev);
  if (!have_dev && log) *log << "parser: no dev trees; keeping the last epoch\n";

  // Parameter mixing (McDonald, Hall & Mann 2010): the mean of the replicas' averaged
  // weights, kept only if it beats the best single replica on dev.
  std::unique_ptr<ParserModel> best;
  std::vector<float> mix_move, mix_label;
  for (int r = 0; r < options.replicas; ++r) {
    std::unique_ptr<ParserModel> replica_best;
    ReplicaWeights w = TrainReplica(*model, set.sentences, dev, options, have_dev, r, start,
                                    log, &replica_best);
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
  return ParserInternals::FromModel(std::move(best));
}

Result<Parser> TuneParserEnsemble(std::vector<Parser> members, const Document& dev,
                                  std::ostream* log) {
  const size_t count = members.size();
  auto ensemble = Parser::Ensemble(std::move(members), std::vector<float>(count, 1.0f));
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
    const ParserModel& m = ParserInternals::Member(e, static_cast<int>(k));
    for (const Sentence* g : gold) {
      Tree t;
      MemberTree(m, ParserInternals::LabelMap(e, static_cast<int>(k)), *g, &scratch, &t.heads, &t.labels);
      trees[k].push_back(std::move(t));
    }
  }
  const int root_label = ParserInternals::LabelMap(e, 0)[ParserInternals::Member(e, 0).root_label];
  auto score = [&](const std::vector<float>& weights, int only = -1) {
    int64_t total = 0, uas = 0, las = 0;
    for (size_t i = 0; i < gold.size(); ++i) {
      const int n = static_cast<int>(gold[i]->words.size());
      const std::vector<int>* heads = &trees[0][i].heads;
      const std::vector<int>* labels = &trees[0][i].labels;
      if (only >= 0) {
        heads = &trees[only][i].heads;
        labels = &trees[only][i].labels;
      } else if (n <= Parser::kMaxEnsembleWords) {
        scratch.voter.Reset(n);
        for (const int k : ParserInternals::EvalOrder(e)) {  // Parse's voting order (ties go to earlier votes)
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
        if (UniversalPart(ParserInternals::Labels(e)[(*labels)[d]]) == UniversalPart(w.deprel)) ++las;
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
  ParserInternals::SetWeights(&e, weights);
  return ensemble;
}

}  // namespace dyad
