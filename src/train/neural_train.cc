// Training the neural tagger and parser (neural_train.h).
#include "train/neural_train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "base/binary.h"
#include "base/file.h"
#include "base/hash.h"
#include "eval/parse_score.h"
#include "syntax/nn/adam.h"

namespace dyad {
namespace {

constexpr uint32_t kCheckpointVersion = 2;

// One training sentence, encoded once.
struct Example {
  std::vector<int> word, feat_begin, feat, char_begin, chars, gold_class, gold_head, gold_label;
  std::vector<int> word_count;  // training count of each position's form (0 for ROOT)
};

// The vocabulary, class and label inventories from the training data, in a deterministic
// order (sorted keys; classes and labels in order of first appearance).
Status BuildInventories(const Document& train, const NeuralTrainOptions& options,
                        NeuralParser* p, std::unordered_map<uint64_t, int>* word_counts) {
  std::unordered_map<uint64_t, int> feat_counts;
  std::string lower;
  uint64_t keys[kNeuralMaxFeatures];
  std::map<std::pair<int, std::string>, int> class_ids;
  std::unordered_map<std::string, int> label_ids;
  for (const Sentence& s : train.sentences) {
    for (const Word& w : s.words) {
      uint64_t word_key = 0;
      const int n = NeuralWordFeatures(w.form, &lower, &word_key, keys);
      ++(*word_counts)[word_key];
      for (int k = 0; k < n; ++k) ++feat_counts[keys[k]];
      const auto ck = std::make_pair(static_cast<int>(w.upos), w.xpos);
      if (class_ids.emplace(ck, static_cast<int>(p->classes.size())).second) {
        p->classes.push_back({w.upos, w.xpos});
      }
      if (label_ids.emplace(w.deprel, static_cast<int>(p->labels.size())).second) {
        p->labels.push_back(w.deprel);
      }
    }
  }
  for (const auto& [key, count] : *word_counts) {
    if (count >= options.min_word_count) p->word_keys.push_back(key);
  }
  for (const auto& [key, count] : feat_counts) {
    if (count >= options.min_feat_count) p->feat_keys.push_back(key);
  }
  std::sort(p->word_keys.begin(), p->word_keys.end());
  std::sort(p->feat_keys.begin(), p->feat_keys.end());
  const auto root = label_ids.find("root");
  if (root == label_ids.end()) return Status::InvalidArgument("training data has no 'root' relation");
  p->root_label = root->second;
  if (p->classes.size() > 4096 || p->labels.size() > 1024) {
    return Status::InvalidArgument("implausibly many tag pairs or relations in the training data");
  }
  p->BuildMaps();
  return Status::Ok();
}

std::vector<Example> EncodeTraining(const Document& train, const NeuralParser& p,
                                    const std::unordered_map<uint64_t, int>& word_counts) {
  std::map<std::pair<int, std::string>, int> class_ids;
  for (size_t i = 0; i < p.classes.size(); ++i) {
    class_ids[{static_cast<int>(p.classes[i].upos), p.classes[i].xpos}] = static_cast<int>(i);
  }
  std::unordered_map<std::string, int> label_ids;
  for (size_t i = 0; i < p.labels.size(); ++i) label_ids[p.labels[i]] = static_cast<int>(i);
  NeuralScratch scratch;
  std::vector<Example> out;
  for (const Sentence& s : train.sentences) {
    if (s.words.empty()) continue;
    p.Encode(s.words, &scratch);
    Example e;
    e.word = scratch.word;
    e.feat_begin = scratch.feat_begin;
    e.feat = scratch.feat;
    e.char_begin = scratch.char_begin;
    e.chars = scratch.chars;
    e.gold_class.push_back(0);
    e.gold_head.push_back(0);
    e.gold_label.push_back(0);
    e.word_count.push_back(0);
    bool ok = true;
    for (const Word& w : s.words) {
      e.gold_class.push_back(class_ids.at({static_cast<int>(w.upos), w.xpos}));
      e.gold_label.push_back(label_ids.at(w.deprel));
      const int head = w.head;
      ok = ok && head >= 0 && head <= static_cast<int>(s.words.size());
      e.gold_head.push_back(head);
      uint64_t key = 0;
      uint64_t keys[kNeuralMaxFeatures];
      NeuralWordFeatures(w.form, &scratch.lower, &key, keys);
      const auto it = word_counts.find(key);
      e.word_count.push_back(it == word_counts.end() ? 0 : it->second);
    }
    if (ok) out.push_back(std::move(e));
  }
  return out;
}

// Dev scores of the network as it is: gold words, predicted tags and trees.
Result<EvalResult> DevScores(const NeuralParser& p, const Document& dev) {
  Document system = dev;
  auto scratch = p.NewScratch();
  for (Sentence& s : system.sentences) p.Parse(&s, scratch.get());
  return Evaluate(dev, system);
}

// Identifies the data and options a checkpoint belongs to. Not the epoch count: epoch e
// trains the same way whatever the total (the learning rate depends on e alone), so a run
// stopped after e epochs is finished, with the best of them, by resuming it with
// `epochs` = e.
uint64_t Fingerprint(const NeuralParser& p, const NeuralTrainOptions& o, size_t examples) {
  uint64_t h = hash::Mix(o.seed ^ 0x6e6e);
  auto add = [&h](uint64_t v) { h = hash::MixCombine(h, v); };
  const nn::NetConfig& c = p.net.cfg;
  for (int v : {c.words, c.feats, c.classes, c.labels, c.word_dim, c.feat_dim, c.hidden, c.layers,
                c.arc, c.label, c.char_dim, c.char_filters, o.batch_words, o.min_word_count, o.min_feat_count}) {
    add(static_cast<uint64_t>(v));
  }
  for (float v : {o.lr, o.lr_decay, o.word_dropout, o.ema_decay, c.input_dropout, c.hidden_dropout}) {
    uint32_t bits = 0;
    std::memcpy(&bits, &v, 4);
    add(bits);
  }
  add(examples);
  for (uint64_t k : p.word_keys) add(k);
  for (uint64_t k : p.feat_keys) add(k);
  return h;
}

struct State {
  int epochs_done = 0;
  int best_epoch = 0;
  double best_las = -1;
  bool best_averaged = false;
  std::vector<Eigen::MatrixXf> best, average;
};

void PutMatrix(BinaryWriter* w, const Eigen::MatrixXf& m) {
  w->PutU32(static_cast<uint32_t>(m.rows()));
  w->PutU32(static_cast<uint32_t>(m.cols()));
  w->PutVector(std::vector<float>(m.data(), m.data() + m.size()));
}

Status GetMatrix(BinaryReader* r, Eigen::MatrixXf* m) {
  uint32_t rows = 0, cols = 0;
  DYAD_RETURN_IF_ERROR(r->GetU32(&rows));
  DYAD_RETURN_IF_ERROR(r->GetU32(&cols));
  if (rows != m->rows() || cols != m->cols()) return r->Error("checkpoint matrix shape differs");
  std::vector<float> v;
  DYAD_RETURN_IF_ERROR(r->GetVector(&v));
  if (v.size() != static_cast<size_t>(rows) * cols) return r->Error("checkpoint matrix size");
  *m = Eigen::Map<const Eigen::MatrixXf>(v.data(), rows, cols);
  return Status::Ok();
}

Status SaveCheckpoint(const std::string& path, uint64_t fingerprint, NeuralParser* p,
                      const nn::Adam& adam, const State& st) {
  BinaryWriter w;
  w.PutU32(kCheckpointVersion);
  w.PutU64(fingerprint);
  w.PutU32(static_cast<uint32_t>(st.epochs_done));
  w.PutU32(static_cast<uint32_t>(st.best_epoch));
  uint64_t bits = 0;
  std::memcpy(&bits, &st.best_las, 8);
  w.PutU64(bits);
  w.PutU8(st.best_averaged ? 1 : 0);
  w.PutU64(static_cast<uint64_t>(adam.step));
  const auto params = p->net.Params();
  for (size_t k = 0; k < params.size(); ++k) {
    PutMatrix(&w, params[k]->w);
    PutMatrix(&w, adam.m[k]);
    PutMatrix(&w, adam.v[k]);
    PutMatrix(&w, st.best[k]);
    PutMatrix(&w, st.average[k]);
  }
  ModelFileWriter file;
  file.AddSection("nn.checkpoint", w.Release());
  return WriteFileAtomic(path, file.Serialize());
}

Status LoadCheckpoint(const std::string& path, uint64_t fingerprint, NeuralParser* p,
                      nn::Adam* adam, State* st) {
  auto file = ModelFile::Load(path);
  if (!file.ok()) return file.status();
  auto rr = file->SectionReader("nn.checkpoint");
  if (!rr.ok()) return rr.status();
  BinaryReader& r = *rr;
  uint32_t version = 0, done = 0, best_epoch = 0;
  uint64_t fp = 0, bits = 0, step = 0;
  DYAD_RETURN_IF_ERROR(r.GetU32(&version));
  if (version != kCheckpointVersion) return r.Error("checkpoint version " + std::to_string(version));
  DYAD_RETURN_IF_ERROR(r.GetU64(&fp));
  if (fp != fingerprint) {
    return Status::Corruption(path + ": checkpoint of other training data or options "
                              "(delete it to start afresh)");
  }
  DYAD_RETURN_IF_ERROR(r.GetU32(&done));
  DYAD_RETURN_IF_ERROR(r.GetU32(&best_epoch));
  DYAD_RETURN_IF_ERROR(r.GetU64(&bits));
  uint8_t averaged = 0;
  DYAD_RETURN_IF_ERROR(r.GetU8(&averaged));
  st->best_averaged = averaged != 0;
  DYAD_RETURN_IF_ERROR(r.GetU64(&step));
  st->epochs_done = static_cast<int>(done);
  st->best_epoch = static_cast<int>(best_epoch);
  std::memcpy(&st->best_las, &bits, 8);
  adam->step = static_cast<int64_t>(step);
  const auto params = p->net.Params();
  for (size_t k = 0; k < params.size(); ++k) {
    DYAD_RETURN_IF_ERROR(GetMatrix(&r, &params[k]->w));
    DYAD_RETURN_IF_ERROR(GetMatrix(&r, &adam->m[k]));
    DYAD_RETURN_IF_ERROR(GetMatrix(&r, &adam->v[k]));
    DYAD_RETURN_IF_ERROR(GetMatrix(&r, &st->best[k]));
    DYAD_RETURN_IF_ERROR(GetMatrix(&r, &st->average[k]));
  }
  return r.ExpectEnd();
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

Result<NeuralParser> TrainNeural(const Document& train, const Document& dev,
                                 const NeuralTrainOptions& options, std::ostream* log) {
  NeuralParser p;
  std::unordered_map<uint64_t, int> word_counts;
  DYAD_RETURN_IF_ERROR(BuildInventories(train, options, &p, &word_counts));
  std::vector<Example> examples = EncodeTraining(train, p, word_counts);
  if (examples.empty()) return Status::InvalidArgument("no training sentences with trees");
  nn::NetConfig config = options.net;
  config.words = static_cast<int>(p.word_keys.size()) + 2;
  if (p.feat_keys.empty()) p.feat_keys.push_back(0);  // the table needs a row (a tiny corpus)
  config.feats = static_cast<int>(p.feat_keys.size());
  config.classes = static_cast<int>(p.classes.size());
  config.labels = static_cast<int>(p.labels.size());
  p.net.Init(config, options.seed);
  p.BuildMaps();
  const auto params = p.net.Params();
  nn::Adam adam;
  adam.Init(params);
  State st;
  for (const nn::Param<float>* q : params) {
    st.best.push_back(q->w);
    st.average.push_back(Eigen::MatrixXf::Zero(q->w.rows(), q->w.cols()));
  }
  const uint64_t fingerprint = Fingerprint(p, options, examples.size());
  if (!options.checkpoint.empty() && std::filesystem::exists(options.checkpoint)) {
    DYAD_RETURN_IF_ERROR(LoadCheckpoint(options.checkpoint, fingerprint, &p, &adam, &st));
    if (log) *log << "resumed from " << options.checkpoint << " after epoch " << st.epochs_done << "\n";
  }
  if (log) {
    *log << "neural: " << examples.size() << " sentences, vocabulary " << p.word_keys.size()
         << " forms, " << p.feat_keys.size() << " affix/shape features, " << p.classes.size()
         << " tag pairs, " << p.labels.size() << " relations; encoder " << config.layers
         << "x BiLSTM " << config.hidden << ", arc " << config.arc << ", label " << config.label
         << "\n";
  }
  nn::Workspace<float> ws;
  std::vector<int> words;
  std::vector<size_t> order(examples.size());
  int run_epochs = 0;
  for (int epoch = st.epochs_done; epoch < options.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    nn::Rng rng(hash::MixCombine(options.seed, static_cast<uint64_t>(epoch) + 1));
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.Next() % i]);
    adam.lr = options.lr * static_cast<float>(std::pow(options.lr_decay, epoch));
    p.net.ZeroGrad();
    double loss = 0;
    int64_t batch = 0, total = 0;
    auto step = [&] {
      const float scale = 1.0f / static_cast<float>(batch);
      for (nn::Param<float>* q : params) q->g *= scale;
      adam.Update(params);
      if (options.ema_decay > 0) {
        const float a = options.ema_decay;
        for (size_t q = 0; q < params.size(); ++q) {
          st.average[q] = a * st.average[q] + (1 - a) * params[q]->w;
        }
      }
      p.net.ZeroGrad();
      batch = 0;
    };
    for (size_t k : order) {
      const Example& e = examples[k];
      words = e.word;
      for (size_t i = 1; i < words.size(); ++i) {
        const double c = e.word_count[i];
        if (words[i] != 0 && rng.Uniform() < options.word_dropout / (options.word_dropout + c)) {
          words[i] = 0;
        }
      }
      nn::NetInput in;
      in.m = static_cast<int>(words.size());
      in.word = words.data();
      in.feat_begin = e.feat_begin.data();
      in.feat = e.feat.data();
      in.char_begin = e.char_begin.data();
      in.chars = e.chars.data();
      in.gold_class = e.gold_class.data();
      in.gold_head = e.gold_head.data();
      in.gold_label = e.gold_label.data();
      p.net.Forward(in, &ws, &rng);
      p.net.Labels(in.gold_head, &ws);
      loss += p.net.Loss(in, &ws);
      p.net.Backward(in, &ws, true, 1.0f);
      batch += in.m - 1;
      total += in.m - 1;
      if (batch >= options.batch_words) step();
    }
    if (batch > 0) step();
    auto scores = DevScores(p, dev);
    if (!scores.ok()) return scores.status();
    const double las = 100 * scores->las.f1();
    if (las > st.best_las) {
      st.best_las = las;
      st.best_epoch = epoch + 1;
      st.best_averaged = false;
      for (size_t q = 0; q < params.size(); ++q) st.best[q] = params[q]->w;
    }
    std::ostringstream averaged;
    if (options.ema_decay > 0) {
      // The average starts at zero: divided by 1 - decay^steps, it is a weighted mean of
      // the weights after each step (Adam's bias correction), without the initial ones.
      const float correction = static_cast<float>(
          1 / (1 - std::pow(static_cast<double>(options.ema_decay), static_cast<double>(adam.step))));
      std::vector<Eigen::MatrixXf> current;
      for (size_t q = 0; q < params.size(); ++q) {
        current.push_back(params[q]->w);
        params[q]->w = st.average[q] * correction;
      }
      auto avg = DevScores(p, dev);
      std::vector<Eigen::MatrixXf> averaged_weights;
      for (size_t q = 0; q < params.size(); ++q) {
        averaged_weights.push_back(std::move(params[q]->w));
        params[q]->w = std::move(current[q]);
      }
      if (!avg.ok()) return avg.status();
      const double avg_las = 100 * avg->las.f1();
      if (avg_las > st.best_las) {
        st.best_las = avg_las;
        st.best_epoch = epoch + 1;
        st.best_averaged = true;
        st.best = std::move(averaged_weights);
      }
      averaged << ", averaged UPOS " << 100 * avg->upos.f1() << " UAS " << 100 * avg->uas.f1()
               << " LAS " << avg_las;
    }
    st.epochs_done = epoch + 1;
    if (log) {
      *log << "epoch " << epoch + 1 << ": loss " << loss / static_cast<double>(total)
           << ", dev UPOS " << 100 * scores->upos.f1() << " UAS " << 100 * scores->uas.f1()
           << " LAS " << las << averaged.str() << ", " << Seconds(start) << " s" << std::endl;
    }
    if (!options.checkpoint.empty()) {
      DYAD_RETURN_IF_ERROR(SaveCheckpoint(options.checkpoint, fingerprint, &p, adam, st));
    }
    if (options.stop_after_epochs > 0 && ++run_epochs >= options.stop_after_epochs) break;
  }
  for (size_t q = 0; q < params.size(); ++q) {
    params[q]->w = st.best[q];
    params[q]->g.resize(0, 0);
  }
  if (log) {
    *log << "neural: best dev LAS " << st.best_las << " at epoch " << st.best_epoch
         << (st.best_averaged ? " (averaged weights)" : "") << "\n";
  }
  return p;
}

}  // namespace dyad
