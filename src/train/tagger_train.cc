// Training of the tagger (src/syntax/tagger.h; part of dyad_train): averaged perceptron
// (Collins 2002) with greedy decoding on the model's own previous predictions (so that
// training sees the history it will see at run time), a seeded shuffle per epoch, and lazy
// averaging (each weight remembers when it last changed, so an update costs O(1) rather
// than O(weights)). After every epoch the averaged
// weights are quantized into a run-time model and scored on dev; the best epoch is kept.
//
// Replica mixing: `options.replicas` perceptrons are trained side by side, each on its own
// shuffle of the sentences, and the run-time weights are the mean of their averaged weights.
// Scores are linear in the weights, so the mean scores every class exactly as the mean of
// the replicas' scores would: an ensemble of the replicas (with greedy decoding following the
// ensemble's own predictions) at the cost of tagging with one model. Training time grows
// with the replica count, tagging time does not, the model by the features only some
// replicas kept (most of them pruned, see kMinWeight). On EWT dev (seed 1, unpruned) 1 → 3
// replicas gives UPOS 95.20 → 95.35 and XPOS 94.60 → 94.72; 5 replicas gives no more on dev
// (95.35) for 5/3 of the training time.
//
// Ambiguity classes for the training sentences are jackknifed: a sentence in fold k sees
// the tag sets of fold k's complement, so that the perceptron learns how far to trust them
// on words as rare as they are at run time (without it, every training singleton's tag set
// holds exactly its gold tag and the model over-trusts the dictionary).
//
// Thread-safety: TrainTagger keeps all its state on its own stack; calls may run at once.
#include "train/tagger_train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/hash.h"
#include "syntax/tagger.h"
#include "syntax/tagger_model.h"
#include "train/lemmatizer_builder.h"

namespace dyad {

using tagger_internal::FlatMap;
using tagger_internal::kNumFeatures;

namespace {

constexpr int kFolds = 10;
// Averaged weights smaller than this (in perceptron updates, each ±1) are dropped from the
// model: features that some replica updated once, late, and that no other replica
// confirmed. Mixing three replicas keeps the union of their features (209k → 286k keys,
// 0.67M → 1.04M weights on EWT), which costs tagging time in cache misses; dropping the
// weights under half an update leaves 183k keys / 0.50M weights (3.4 MB, smaller and
// faster than one unpruned replica) for dev UPOS 95.35 → 95.33 and XPOS 94.72 → 94.68,
// within seed noise. (On one replica the same threshold drops only 0.67M → 0.59M weights:
// the small weights are mostly the ones mixing adds.)
constexpr double kMinWeight = 0.5;
// A tag enters a word's ambiguity class if it has at least this share of the word's
// training occurrences (drops annotation noise such as a single "the/NNP"). On EWT dev,
// 0 costs 0.5 UPOS and 0.15 costs 0.06.
constexpr double kMinTagShare = 0.05;

uint64_t NextRandom(uint64_t* state) {
  *state += hash::kGoldenRatio;
  return hash::Mix(*state);
}

struct Param {
  uint8_t cls;
  float w;
  double total;  // sum of w over the updates seen so far (lazy: up to `ts`)
  uint32_t ts;
};

class TrainWeights {
 public:
  void Score(const uint64_t* f, int n, float* scores) const {
    for (int k = 0; k < n; ++k) {
      auto it = index_.find(f[k]);
      if (it == index_.end()) continue;
      for (const Param& p : rows_[it->second]) scores[p.cls] += p.w;
    }
  }
  void Update(const uint64_t* f, int n, int cls, float delta, uint32_t now) {
    for (int k = 0; k < n; ++k) {
      auto [it, inserted] = index_.try_emplace(f[k], static_cast<uint32_t>(rows_.size()));
      if (inserted) {
        rows_.emplace_back();
        keys_.push_back(f[k]);
      }
      std::vector<Param>& row = rows_[it->second];
      Param* p = nullptr;
      for (Param& q : row) {
        if (q.cls == cls) p = &q;
      }
      if (p == nullptr) {
        row.push_back({static_cast<uint8_t>(cls), 0.0f, 0.0, now});
        p = &row.back();
      }
      p->total += static_cast<double>(now - p->ts) * p->w;
      p->ts = now;
      p->w += delta;
    }
  }
  // The mean over `replicas` of their averaged weights at time `now` (every replica has seen
  // `now` words), quantized to int16 steps; weights under kMinWeight are dropped. Rows are
  // in order of first appearance (replica 0's rows first), so the result is deterministic.
  // REQUIRES: `replicas` is not empty.
  static tagger_internal::Weights Mean(const std::vector<TrainWeights>& replicas, uint32_t now) {
    std::unordered_map<uint64_t, uint32_t> index;
    std::vector<uint64_t> keys;
    std::vector<std::vector<std::pair<uint8_t, double>>> rows;
    const double denom = static_cast<double>(std::max(now, 1u)) * replicas.size();
    for (const TrainWeights& rep : replicas) {
      for (size_t r = 0; r < rep.rows_.size(); ++r) {
        const auto [it, inserted] =
            index.try_emplace(rep.keys_[r], static_cast<uint32_t>(rows.size()));
        if (inserted) {
          rows.emplace_back();
          keys.push_back(rep.keys_[r]);
        }
        std::vector<std::pair<uint8_t, double>>& row = rows[it->second];
        for (const Param& p : rep.rows_[r]) {
          const double avg = (p.total + static_cast<double>(now - p.ts) * p.w) / denom;
          auto same = std::find_if(row.begin(), row.end(),
                                   [&](const auto& cw) { return cw.first == p.cls; });
          if (same == row.end()) {
            row.emplace_back(p.cls, avg);
          } else {
            same->second += avg;
          }
        }
      }
    }
    double max_abs = 0;
    for (const auto& row : rows) {
      for (const auto& [c, v] : row) max_abs = std::max(max_abs, std::fabs(v));
    }
    tagger_internal::Weights out;
    out.scale = max_abs > 0 ? static_cast<float>(max_abs / 32767.0) : 1.0f;
    out.row_begin.push_back(0);
    std::unordered_set<uint32_t> folded;
    for (size_t r = 0; r < rows.size(); ++r) {
      const size_t before = out.cls.size();
      for (const auto& [c, v] : rows[r]) {
        const long q = std::lround(v / out.scale);
        if (q == 0 || std::fabs(v) < kMinWeight) continue;
        out.cls.push_back(c);
        out.w.push_back(static_cast<float>(q) * out.scale);
      }
      // A row whose folded key repeats an earlier row's (a 32-bit collision) is dropped.
      if (out.cls.size() == before || !folded.insert(tagger_internal::Fold(keys[r])).second) {
        out.cls.resize(before);
        out.w.resize(before);
        continue;
      }
      out.keys.push_back(tagger_internal::Fold(keys[r]));
      out.row_begin.push_back(static_cast<uint32_t>(out.cls.size()));
    }
    out.BuildMap();
    return out;
  }
  size_t num_features() const { return rows_.size(); }

 private:
  std::unordered_map<uint64_t, uint32_t> index_;
  std::vector<std::vector<Param>> rows_;
  std::vector<uint64_t> keys_;
};

using ClassCounts = std::map<int, int>;

// Ambiguity classes from per-word class counts.
tagger_internal::TagDict MakeTagDict(const std::map<uint64_t, ClassCounts>& counts) {
  tagger_internal::TagDict d;
  std::unordered_set<uint32_t> folded;
  for (const auto& [key, cc] : counts) {
    int total = 0;
    for (const auto& [c, n] : cc) total += n;
    if (total == 0) continue;
    uint64_t amb = 0x7a6b;
    for (const auto& [c, n] : cc) {
      if (n >= kMinTagShare * total) amb = hash::MixCombine(amb, c + 1);
    }
    if (!folded.insert(tagger_internal::Fold(key)).second) continue;  // 32-bit collision
    d.keys.push_back(tagger_internal::Fold(key));
    d.amb.push_back(tagger_internal::Fold(amb));
  }
  d.BuildMap();
  return d;
}

struct Accuracy {
  int64_t words = 0, upos = 0, xpos = 0, both = 0;
  double Pct(int64_t n) const { return words ? 100.0 * n / words : 0; }
};

using ClassKey = std::pair<int, std::string>;  // (UPOS, XPOS)

// Classes: (UPOS, XPOS) pairs by decreasing frequency (ties by name: deterministic), at
// most kMaxClasses (the rarest pairs are not learned). Appends them to m->classes and
// returns each pair's class id; *num_words counts the training words.
std::map<ClassKey, int> MakeClasses(const Document& train, TaggerModel* m, int64_t* num_words) {
  std::map<ClassKey, int> pair_counts;
  for (const Sentence& s : train.sentences) {
    for (const Word& w : s.words) {
      ++pair_counts[{static_cast<int>(w.upos), w.xpos}];
      ++*num_words;
    }
  }
  std::vector<std::pair<int, ClassKey>> by_freq;
  for (const auto& [k, n] : pair_counts) by_freq.push_back({-n, k});
  std::sort(by_freq.begin(), by_freq.end());
  if (by_freq.size() > static_cast<size_t>(tagger_internal::kMaxClasses)) {
    by_freq.resize(tagger_internal::kMaxClasses);
  }
  std::map<ClassKey, int> class_of;
  for (const auto& [n, k] : by_freq) {
    tagger_internal::TagClass c;
    c.upos = static_cast<Upos>(k.first);
    c.xpos = k.second;
    c.lemma_tag = tagger_internal::LemmaTagKey(c.upos, c.xpos);
    class_of[k] = static_cast<int>(m->classes.size());
    m->classes.push_back(std::move(c));
  }
  return class_of;
}

// What the perceptron trains on besides the words: the gold class of every training word
// (-1: a pair beyond kMaxClasses) and the jackknifed ambiguity classes of each fold.
struct TrainingLabels {
  std::vector<std::vector<int>> gold;
  std::vector<tagger_internal::TagDict> fold_dicts;
};

// Gold classes, the ambiguity classes (m->tagdict, keyed by the lowercased form and by
// the form as written), their jackknifed per-fold versions, and the lemmatizer.
TrainingLabels MakeLabels(const Document& train, const std::map<ClassKey, int>& class_of,
                          TaggerModel* m) {
  TrainingLabels labels;
  labels.gold.resize(train.sentences.size());
  std::map<uint64_t, ClassCounts> counts;
  std::vector<std::map<uint64_t, ClassCounts>> fold_counts(kFolds);
  tagger_internal::LemmatizerBuilder lemmas;
  std::string lower;
  for (size_t si = 0; si < train.sentences.size(); ++si) {
    for (const Word& w : train.sentences[si].words) {
      auto it = class_of.find({static_cast<int>(w.upos), w.xpos});
      const int c = it == class_of.end() ? -1 : it->second;
      labels.gold[si].push_back(c);
      lemmas.Add(w);
      lower.assign(w.form);
      for (char& ch : lower) ch = tagger_internal::LowerAscii(ch);
      if (c < 0) continue;
      // Keyed by the lowercased form, and by the form as written (a different hash seed).
      for (const uint64_t key : {hash::Bytes(lower), hash::Bytes(w.form, 1)}) {
        ++counts[key][c];
        ++fold_counts[si % kFolds][key][c];
      }
    }
  }
  m->tagdict = MakeTagDict(counts);
  m->lemmatizer = lemmas.Build();
  labels.fold_dicts.resize(kFolds);
  for (int k = 0; k < kFolds; ++k) {
    std::map<uint64_t, ClassCounts> rest = counts;
    for (const auto& [key, cc] : fold_counts[k]) {
      for (const auto& [c, n] : cc) rest[key][c] -= n;
    }
    labels.fold_dicts[k] = MakeTagDict(rest);
  }
  return labels;
}

// Tag accuracy of `model` on the gold words of `dev` (model selection).
Accuracy Evaluate(const TaggerModel& model, const Document& dev, TaggerScratchImpl* s) {
  Accuracy acc;
  for (const Sentence& sent : dev.sentences) {
    if (sent.words.empty()) continue;
    model.Decode(sent.words, s);
    for (size_t i = 0; i < sent.words.size(); ++i) {
      const auto& c = model.classes[s->pred[i]];
      const Word& w = sent.words[i];
      ++acc.words;
      acc.upos += c.upos == w.upos;
      acc.xpos += c.xpos == w.xpos;
      acc.both += c.upos == w.upos && c.xpos == w.xpos;
    }
  }
  return acc;
}

// The replicas: one weight table, sentence order and shuffling state each; replica r's
// shuffle is seeded with seed + r * kReplicaSeedStep (replica 0 reproduces a one-replica
// run).
struct Replicas {
  static constexpr uint64_t kReplicaSeedStep = 1000003;
  Replicas(int count, size_t sentences, uint64_t seed)
      : weights(count), orders(count), rngs(count) {
    for (int r = 0; r < count; ++r) {
      orders[r].resize(sentences);
      for (size_t i = 0; i < orders[r].size(); ++i) orders[r][i] = i;
      rngs[r] = seed + kReplicaSeedStep * static_cast<uint64_t>(r);
    }
  }
  std::vector<TrainWeights> weights;
  std::vector<std::vector<size_t>> orders;
  std::vector<uint64_t> rngs;
};

// Training words seen (with a learnable gold class) and tagged correctly in an epoch.
struct EpochCounts {
  int64_t seen = 0, correct = 0;
};

// One epoch of replica r: a fresh shuffle, then greedy decoding of every sentence on the
// replica's own predictions with a perceptron update at each mistake. *now is the
// averaging clock (words seen by this replica so far).
void TrainReplicaEpoch(const Document& train, const TrainingLabels& labels,
                       const TaggerModel& m, int r, Replicas* replicas,
                       TaggerScratchImpl* scratch, std::vector<float>* scores, uint32_t* now,
                       EpochCounts* counts) {
  TrainWeights& tw = replicas->weights[r];
  std::vector<size_t>& order = replicas->orders[r];
  for (size_t i = order.size(); i > 1; --i) {
    std::swap(order[i - 1], order[NextRandom(&replicas->rngs[r]) % i]);
  }
  const int num_classes = static_cast<int>(scores->size());
  for (const size_t si : order) {
    const std::vector<Word>& words = train.sentences[si].words;
    if (words.empty()) continue;
    m.Prepare(words, labels.fold_dicts[si % kFolds], scratch);
    int prev1 = 0, prev2 = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      const uint64_t* f = TaggerModel::Dynamic(scratch, i, prev1, prev2);
      std::fill(scores->begin(), scores->end(), 0.0f);
      tw.Score(f, kNumFeatures, scores->data());
      int guess = 0;
      for (int c = 1; c < num_classes; ++c) {
        if ((*scores)[c] > (*scores)[guess]) guess = c;
      }
      const int truth = labels.gold[si][i];
      ++*now;
      if (truth >= 0) {
        ++counts->seen;
        if (guess == truth) {
          ++counts->correct;
        } else {
          tw.Update(f, kNumFeatures, truth, 1.0f, *now);
          tw.Update(f, kNumFeatures, guess, -1.0f, *now);
        }
      }
      prev2 = prev1;
      prev1 = guess + 1;
    }
  }
}

}  // namespace

Result<Tagger> TrainTagger(const Document& train, const Document& dev,
                           const TaggerTrainOptions& options, std::ostream* log) {
  const auto start = std::chrono::steady_clock::now();
  auto m = std::make_unique<TaggerModel>();
  int64_t num_words = 0;
  const std::map<ClassKey, int> class_of = MakeClasses(train, m.get(), &num_words);
  if (num_words == 0) return Status::InvalidArgument("tagger training data has no words");
  const int num_classes = static_cast<int>(m->classes.size());
  const TrainingLabels labels = MakeLabels(train, class_of, m.get());

  const int num_replicas = std::max(1, options.replicas);
  Replicas replicas(num_replicas, train.sentences.size(), options.seed);
  TaggerScratchImpl scratch;
  uint32_t now = 0;  // words seen by each replica so far
  tagger_internal::Weights best_weights;
  Accuracy best;
  int best_epoch = 0;
  const int epochs = std::max(1, options.epochs);
  std::vector<float> scores(num_classes);
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    EpochCounts counts;
    const uint32_t epoch_start = now;
    for (int r = 0; r < num_replicas; ++r) {
      now = epoch_start;
      TrainReplicaEpoch(train, labels, *m, r, &replicas, &scratch, &scores, &now, &counts);
    }
    m->weights = TrainWeights::Mean(replicas.weights, now);
    const Accuracy acc = Evaluate(*m, dev, &scratch);
    // Without dev words every epoch counts as better: the last one is kept.
    const bool better =
        epoch == 1 || acc.words == 0 || acc.upos + acc.xpos > best.upos + best.xpos;
    if (better) {
      best = acc;
      best_epoch = epoch;
      best_weights = m->weights;
    }
    if (log != nullptr) {
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      char line[256];
      std::snprintf(line, sizeof(line),
                    "tagger epoch %d/%d: train %.2f%%, dev UPOS %.2f%% XPOS %.2f%% both %.2f%% "
                    "(%zu features, %zu weights)%s, %.1f s\n",
                    epoch, epochs, counts.seen ? 100.0 * counts.correct / counts.seen : 0.0,
                    acc.Pct(acc.upos), acc.Pct(acc.xpos), acc.Pct(acc.both),
                    m->weights.keys.size(), m->weights.entries.size(), better ? " *" : "", secs);
      *log << line << std::flush;
    }
  }
  m->weights = std::move(best_weights);
  m->weights.BuildMap();
  char desc[256];
  std::snprintf(desc, sizeof(desc),
                "averaged perceptron, %d replicas, %zu training sentences / %lld words, epoch %d "
                "of %d, seed %llu, dev UPOS %.2f%% XPOS %.2f%% (%lld words)",
                num_replicas, train.sentences.size(), static_cast<long long>(num_words),
                best_epoch, epochs, static_cast<unsigned long long>(options.seed),
                best.Pct(best.upos), best.Pct(best.xpos), static_cast<long long>(best.words));
  m->description = desc;
  return TaggerInternals::FromModel(std::move(m));
}

}  // namespace dyad
