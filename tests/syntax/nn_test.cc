// The neural tagger and parser: finite-difference gradient checks of every layer's
// parameters and of the whole network (in double precision), decoding to trees, saving
// and loading, learning on a small slice of EWT, checkpoint resume and thread-count
// independence.
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "base/binary.h"
#include "base/file.h"
#include "dyad/conllu.h"
#include "eval/parse_score.h"
#include "syntax/annotator.h"
#include "syntax/neural.h"
#include "syntax/nn/adam.h"
#include "syntax/nn/gemm.h"
#include "syntax/nn/net.h"
#include "train/model_train.h"
#include "train/neural_train.h"

namespace dyad {
namespace {

using nn::Net;
using nn::NetConfig;
using nn::NetInput;
using nn::Workspace;

const std::string kEwt = std::string(DYAD_SHARED_DATA) + "/ud-en-ewt/";

// A tiny network and a 4-word sentence (position 0 = ROOT) with a non-projective gold tree.
struct Tiny {
  NetConfig cfg;
  std::vector<int> word = {1, 2, 0, 3, 4};
  std::vector<int> feat_begin = {0, 0, 2, 3, 3, 5};
  std::vector<int> feat = {0, 3, 1, 2, 4};
  std::vector<int> cls = {0, 1, 2, 0, 1};
  std::vector<int> head = {0, 3, 0, 2, 1};
  std::vector<int> label = {0, 2, 1, 3, 0};
  // Character rows (3 + byte): ROOT none, then words of 3, 1, 0 and 2 bytes.
  std::vector<int> char_begin = {0, 0, 3, 4, 4, 6};
  std::vector<int> chars = {100, 101, 102, 50, 3, 258};
  explicit Tiny(int layers, bool char_cnn = false) {
    if (char_cnn) {
      cfg.char_dim = 2;
      cfg.char_filters = 3;
    } else {
      cfg.char_filters = 0;
    }
    cfg.words = 5;
    cfg.feats = 5;
    cfg.classes = 3;
    cfg.labels = 4;
    cfg.word_dim = 3;
    cfg.feat_dim = 2;
    cfg.hidden = 3;
    cfg.layers = layers;
    cfg.arc = 4;
    cfg.label = 3;
    cfg.input_dropout = 0.25f;
    cfg.hidden_dropout = 0.25f;
  }
  NetInput Input() const {
    NetInput in;
    in.m = static_cast<int>(word.size());
    in.word = word.data();
    in.feat_begin = feat_begin.data();
    in.feat = feat.data();
    in.char_begin = char_begin.data();
    in.chars = chars.data();
    in.gold_class = cls.data();
    in.gold_head = head.data();
    in.gold_label = label.data();
    return in;
  }
};

// Loss of `net` on the tiny sentence; with `dropout_seed` != 0 in training mode with the
// same dropout masks on every call.
double TinyLoss(const Net<double>& net, const NetInput& in, Workspace<double>* ws,
                uint64_t dropout_seed) {
  nn::Rng rng(dropout_seed);
  net.Forward(in, ws, dropout_seed != 0 ? &rng : nullptr);
  net.Labels(in.gold_head, ws);
  return net.Loss(in, ws);
}

// Random non-zero values everywhere (the biaffine U starts at zero, which would hide
// errors in its gradient paths).
void Randomize(Net<double>* net, uint64_t seed) {
  nn::Rng rng(seed);
  for (nn::Param<double>* p : net->Params()) {
    for (Eigen::Index i = 0; i < p->w.size(); ++i) p->w.data()[i] = rng.Uniform() - 0.5;
  }
}

// A tiny random network (all parameters non-zero) with the gradients of the tiny
// sentence's loss computed by Backward.
void TinyGradients(const Tiny& t, uint64_t dropout_seed, Net<double>* net, Workspace<double>* ws) {
  net->Init(t.cfg, 7);
  Randomize(net, 11);
  net->ZeroGrad();
  TinyLoss(*net, t.Input(), ws, dropout_seed);
  net->Backward(t.Input(), ws, dropout_seed != 0, 1.0);
}

// Compares Backward's gradient of every entry of every parameter with central
// differences; returns the worst relative error per parameter.
std::vector<double> GradientErrors(int layers, uint64_t dropout_seed, bool char_cnn) {
  Tiny t(layers, char_cnn);
  Net<double> net;
  Workspace<double> ws;
  TinyGradients(t, dropout_seed, &net, &ws);
  const NetInput in = t.Input();
  std::vector<double> worst;
  for (nn::Param<double>* p : net.Params()) {
    double w = 0;
    for (Eigen::Index i = 0; i < p->w.size(); ++i) {
      const double keep = p->w.data()[i];
      const double eps = 1e-6;
      p->w.data()[i] = keep + eps;
      const double up = TinyLoss(net, in, &ws, dropout_seed);
      p->w.data()[i] = keep - eps;
      const double down = TinyLoss(net, in, &ws, dropout_seed);
      p->w.data()[i] = keep;
      const double numeric = (up - down) / (2 * eps);
      const double analytic = p->g.data()[i];
      const double err = std::abs(numeric - analytic) / std::max(1e-3, std::abs(numeric) + std::abs(analytic));
      w = std::max(w, err);
    }
    worst.push_back(w);
  }
  return worst;
}

// Parameter names in Net::Params() order, for messages.
std::vector<std::string> ParamNames(int layers, bool char_cnn) {
  std::vector<std::string> names = {"word_emb", "feat_emb"};
  if (char_cnn) names.insert(names.end(), {"char_emb", "char_w", "char_b"});
  for (int l = 0; l < layers; ++l) {
    for (const char* d : {"fwd", "bwd"}) {
      for (const char* k : {"wx", "wh", "b"}) {
        names.push_back("lstm" + std::to_string(l) + "." + d + "." + k);
      }
    }
  }
  for (const char* n : {"tag_w", "tag_b", "arc_dep_w", "arc_dep_b", "arc_head_w", "arc_head_b",
                        "arc_u", "arc_v", "lab_dep_w", "lab_dep_b", "lab_head_w", "lab_head_b",
                        "lab_u", "lab_wd", "lab_wh", "lab_b"}) {
    names.push_back(n);
  }
  return names;
}

void ExpectGradientsMatch(int layers, uint64_t dropout_seed, bool char_cnn = false) {
  const std::vector<double> worst = GradientErrors(layers, dropout_seed, char_cnn);
  const std::vector<std::string> names = ParamNames(layers, char_cnn);
  ASSERT_EQ(worst.size(), names.size());
  for (size_t k = 0; k < worst.size(); ++k) {
    EXPECT_LT(worst[k], 1e-4) << names[k] << " (layers " << layers << ", dropout seed "
                              << dropout_seed << ")";
  }
}

// Each layer's parameters (embeddings, each LSTM layer and direction, the tagger's linear
// layer, the arc MLPs and biaffine, the label MLPs and bilinear layer), through the
// softmax cross-entropies: one BiLSTM layer, then two, then two with dropout masks.
TEST(NeuralNet, GradientsMatchFiniteDifferencesOneLayer) { ExpectGradientsMatch(1, 0); }
TEST(NeuralNet, GradientsMatchFiniteDifferencesTwoLayers) { ExpectGradientsMatch(2, 0); }
TEST(NeuralNet, GradientsMatchFiniteDifferencesWithDropout) { ExpectGradientsMatch(2, 99); }
// The character CNN (byte embeddings, filters, max-pooling, tanh) as well.
TEST(NeuralNet, GradientsMatchFiniteDifferencesCharCnn) { ExpectGradientsMatch(1, 0, true); }
TEST(NeuralNet, GradientsMatchFiniteDifferencesCharCnnWithDropout) {
  ExpectGradientsMatch(2, 99, true);
}

// A deliberately wrong gradient is caught: the check above can fail.
TEST(NeuralNet, GradientCheckDetectsAnError) {
  Tiny t(1);
  Net<double> net;
  Workspace<double> ws;
  TinyGradients(t, 0, &net, &ws);
  const NetInput in = t.Input();
  net.tag_w.g(0, 0) += 0.01;  // corrupt one entry
  const double keep = net.tag_w.w(0, 0);
  net.tag_w.w(0, 0) = keep + 1e-6;
  const double up = TinyLoss(net, in, &ws, 0);
  net.tag_w.w(0, 0) = keep - 1e-6;
  const double down = TinyLoss(net, in, &ws, 0);
  EXPECT_GT(std::abs((up - down) / 2e-6 - net.tag_w.g(0, 0)), 1e-3);
}

TEST(NeuralNet, AdamReducesTheLoss) {
  Tiny t(1);
  t.cfg.input_dropout = t.cfg.hidden_dropout = 0;
  Net<float> net;
  net.Init(t.cfg, 3);
  nn::Adam adam;
  adam.lr = 0.05f;
  const auto params = net.Params();
  adam.Init(params);
  const NetInput in = t.Input();
  Workspace<float> ws;
  double first = 0, last = 0;
  for (int step = 0; step < 60; ++step) {
    net.ZeroGrad();
    net.Forward(in, &ws, nullptr);
    net.Labels(in.gold_head, &ws);
    const double loss = net.Loss(in, &ws);
    if (step == 0) first = loss;
    last = loss;
    net.Backward(in, &ws, false, 1.0f);
    adam.Update(params);
  }
  EXPECT_LT(last, first * 0.1) << "first " << first << ", last " << last;
}

Result<Document> FirstSentences(const std::string& name, size_t n) {
  auto text = ReadFile(kEwt + name);
  if (!text.ok()) return text.status();
  auto doc = ReadConllu(*text, kEwt + name);
  if (!doc.ok()) return doc.status();
  if (doc->sentences.size() > n) doc->sentences.resize(n);
  return doc;
}

NeuralTrainOptions SmallOptions() {
  NeuralTrainOptions o;
  o.epochs = 3;
  o.batch_words = 200;
  o.net.word_dim = 16;
  o.net.feat_dim = 16;
  o.net.hidden = 16;
  o.net.layers = 1;
  o.net.arc = 16;
  o.net.label = 8;
  o.net.char_dim = 4;  // with a character CNN, so the tests below cover it
  o.net.char_filters = 8;
  o.min_word_count = 1;
  o.min_feat_count = 1;
  return o;
}

void ExpectTree(const Sentence& s) {
  int roots = 0;
  const int n = static_cast<int>(s.words.size());
  for (int i = 0; i < n; ++i) {
    const Word& w = s.words[i];
    ASSERT_GE(w.head, 0);
    ASSERT_LE(w.head, n);
    ASSERT_NE(w.head, i + 1);
    roots += w.head == 0;
    EXPECT_EQ(w.head == 0, w.deprel == "root") << w.form;
    // Acyclic: following heads reaches 0 within n steps.
    int j = i + 1, steps = 0;
    while (j != 0 && steps <= n) {
      j = s.words[j - 1].head;
      ++steps;
    }
    EXPECT_EQ(j, 0) << "cycle through word " << i + 1;
  }
  EXPECT_EQ(roots, 1);
}

// `doc` parsed by `p` sentence by sentence, as CoNLL-U.
std::string ParseAll(const NeuralParser& p, const Document& doc) {
  Document out = doc;
  auto scratch = p.NewScratch();
  for (Sentence& s : out.sentences) p.Parse(&s, scratch.get());
  return WriteConllu(out);
}

class NeuralEwt : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kEwt + "en_ewt-ud-dev.conllu")) {
      GTEST_SKIP() << "UD English-EWT not found at " << kEwt;
    }
    auto doc = FirstSentences("en_ewt-ud-dev.conllu", 120);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    doc_ = std::move(doc).value();
  }
  Document doc_;
};

// An untrained network (random weights: cycles and many roots) still yields trees, and
// a trained one learns its training sentences.
TEST_F(NeuralEwt, ParsesAreTreesAndTrainingLearns) {
  NeuralTrainOptions o = SmallOptions();
  o.epochs = 1;
  o.lr = 0;  // untrained
  auto untrained = TrainNeural(doc_, doc_, o, nullptr);
  ASSERT_TRUE(untrained.ok()) << untrained.status().ToString();
  Document out = doc_;
  ClearAnnotations(&out);
  auto scratch = untrained->NewScratch();
  for (Sentence& s : out.sentences) {
    untrained->Parse(&s, scratch.get());
    ExpectTree(s);
  }
  o = SmallOptions();
  o.epochs = 25;
  o.lr = 1e-2f;
  o.lr_decay = 1;
  o.batch_words = 100;
  o.net.input_dropout = o.net.hidden_dropout = 0.1f;
  std::ostringstream log;
  auto trained = TrainNeural(doc_, doc_, o, &log);
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  out = doc_;
  ClearAnnotations(&out);
  for (Sentence& s : out.sentences) {
    trained->Parse(&s, scratch.get());
    ExpectTree(s);
  }
  auto scores = Evaluate(doc_, out);
  ASSERT_TRUE(scores.ok());
  EXPECT_GT(scores->upos.f1(), 0.90) << log.str();
  EXPECT_GT(scores->uas.f1(), 0.80) << log.str();
  EXPECT_GT(scores->las.f1(), 0.70) << log.str();
}

std::vector<Eigen::MatrixXf> Weights(NeuralParser* p) {
  std::vector<Eigen::MatrixXf> w;
  for (const nn::Param<float>* q : p->net.Params()) w.push_back(q->w);
  return w;
}

// Training stopped after each epoch (as if killed after its checkpoint) and resumed ends
// with exactly the weights of an uninterrupted run.
TEST_F(NeuralEwt, ResumedTrainingGivesIdenticalWeights) {
  const NeuralTrainOptions o = SmallOptions();
  auto whole = TrainNeural(doc_, doc_, o, nullptr);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  const std::string ckpt =
      (std::filesystem::temp_directory_path() / ("dyad-nn-test-" + std::to_string(::getpid()) + ".ckpt")).string();
  std::filesystem::remove(ckpt);
  NeuralTrainOptions r = o;
  r.checkpoint = ckpt;
  r.stop_after_epochs = 1;
  std::ostringstream log;
  std::optional<NeuralParser> resumed;
  for (int run = 0; run < o.epochs; ++run) {
    auto p = TrainNeural(doc_, doc_, r, &log);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    resumed.emplace(std::move(p).value());
  }
  std::filesystem::remove(ckpt);
  EXPECT_NE(log.str().find("resumed from"), std::string::npos) << log.str();
  const auto a = Weights(&*whole), b = Weights(&*resumed);
  ASSERT_EQ(a.size(), b.size());
  for (size_t k = 0; k < a.size(); ++k) EXPECT_TRUE(a[k] == b[k]) << "parameter " << k;
  // A checkpoint of other options is refused.
  r.stop_after_epochs = 1;
  ASSERT_TRUE(TrainNeural(doc_, doc_, r, nullptr).ok());
  NeuralTrainOptions other = r;
  other.net.hidden = 12;
  auto refused = TrainNeural(doc_, doc_, other, nullptr);
  EXPECT_FALSE(refused.ok());
  std::filesystem::remove(ckpt);
}

// A batch of sentences through one network pass scores every word as sentence-by-sentence
// passes do (up to float rounding), and decodes to trees.
TEST_F(NeuralEwt, BatchedForwardMatchesSingleSentences) {
  NeuralTrainOptions o = SmallOptions();
  o.epochs = 2;
  auto p = TrainNeural(doc_, doc_, o, nullptr);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const int count = 20;
  NeuralScratch batch, single;
  p->ClearBatch(&batch);
  for (int k = 0; k < count; ++k) p->EncodeMore(doc_.sentences[k].words, &batch);
  const NetInput in = p->Input(batch);
  ASSERT_EQ(in.batch, count);
  p->net.Forward(in, &batch.ws, nullptr);
  // Labels for heads "each word to the word before it".
  std::vector<int> heads(in.m);
  for (int t = 0; t < in.m; ++t) heads[t] = t - in.offsets[0];
  for (int k = 0; k < count; ++k) {
    for (int t = in.offsets[k]; t < in.offsets[k + 1]; ++t) heads[t] = std::max(0, t - in.offsets[k] - 1);
  }
  p->net.Labels(heads.data(), &batch.ws);
  const auto tag = batch.ws.tag(p->net.cfg.classes, in.m);
  const auto lab = batch.ws.lab(p->net.cfg.labels, in.m);
  double worst = 0;
  for (int k = 0; k < count; ++k) {
    p->Encode(doc_.sentences[k].words, &single);
    p->net.Forward(p->Input(single), &single.ws, nullptr);
    p->net.Labels(heads.data() + in.offsets[k], &single.ws);
    const int m = single.ws.m, o = in.offsets[k];
    ASSERT_EQ(m, in.offsets[k + 1] - o);
    const auto arc1 = Net<float>::ArcScores(&single.ws, 0);
    const auto arcb = Net<float>::ArcScores(&batch.ws, k);
    for (int i = 1; i < m; ++i) {
      for (int j = 0; j < m; ++j) {
        if (i != j) worst = std::max<double>(worst, std::abs(arc1(j, i) - arcb(j, i)));
      }
      worst = std::max<double>(worst, (single.ws.tag(p->net.cfg.classes, m).col(i) - tag.col(o + i)).cwiseAbs().maxCoeff());
      worst = std::max<double>(worst, (single.ws.lab(p->net.cfg.labels, m).col(i) - lab.col(o + i)).cwiseAbs().maxCoeff());
    }
  }
  EXPECT_LT(worst, 1e-4);
  std::vector<Sentence*> sentences;
  Document out = doc_;
  ClearAnnotations(&out);
  for (int k = 0; k < count; ++k) sentences.push_back(&out.sentences[k]);
  p->ParseBatch(sentences.data(), count, &batch);
  for (int k = 0; k < count; ++k) ExpectTree(out.sentences[k]);
}

// Save → Load gives the same parses; a corrupted payload is reported, not crashed on.
TEST_F(NeuralEwt, SaveLoadRoundTrip) {
  auto p = TrainNeural(doc_, doc_, SmallOptions(), nullptr);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ModelFileWriter writer;
  p->Save(&writer);
  auto file = ModelFile::Parse(writer.Serialize(), "test");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  auto loaded = NeuralParser::Load(*file);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(ParseAll(*p, doc_), ParseAll(*loaded, doc_));
  // A section whose sizes disagree: Corruption, with an offset.
  std::string payload(*file->Section("nn"));
  payload[4] = static_cast<char>(payload[4] + 1);  // the word count
  ModelFileWriter bad;
  bad.AddSection("nn", payload);
  auto bad_file = ModelFile::Parse(bad.Serialize(), "bad");
  ASSERT_TRUE(bad_file.ok());
  auto refused = NeuralParser::Load(*bad_file);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kCorruption) << refused.status().ToString();
}

// The weight average (Polyak averaging) is evaluated each epoch: with a decay near 0 it
// is the current weights (bias correction included), so its dev scores are the weights'.
TEST_F(NeuralEwt, AveragedWeightsWithoutMemoryScoreAsTheWeights) {
  NeuralTrainOptions o = SmallOptions();
  o.ema_decay = 1e-30f;  // (1 - decay) is 1 in float: the average is the weights, bit for bit
  std::ostringstream log;
  ASSERT_TRUE(TrainNeural(doc_, doc_, o, &log).ok());
  std::istringstream lines(log.str());
  std::string line;
  int epochs = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("epoch ", 0) != 0) continue;
    ++epochs;
    const size_t dev = line.find(", dev "), avg = line.find(", averaged ");
    ASSERT_NE(avg, std::string::npos) << line;
    const std::string raw_scores = line.substr(dev + 6, avg - dev - 6);
    const std::string avg_scores = line.substr(avg + 11, raw_scores.size());
    EXPECT_EQ(raw_scores, avg_scores) << line;
  }
  EXPECT_EQ(epochs, o.epochs);
}

// A version-1 section (before the character CNN: no char sizes) still loads, and parses
// as the same network saved as version 2.
TEST_F(NeuralEwt, LoadsVersionOneSections) {
  NeuralTrainOptions o = SmallOptions();
  o.net.char_filters = 0;
  auto p = TrainNeural(doc_, doc_, o, nullptr);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ModelFileWriter writer;
  p->Save(&writer);
  auto file = ModelFile::Parse(writer.Serialize(), "test");
  ASSERT_TRUE(file.ok());
  std::string payload(*file->Section("nn"));
  ASSERT_EQ(payload[0], 2);                // version 2
  ASSERT_EQ(payload.substr(44, 8), std::string(8, '\0'));  // char_dim, char_filters = 0
  payload[0] = 1;
  payload.erase(44, 8);
  ModelFileWriter old;
  old.AddSection("nn", payload);
  auto old_file = ModelFile::Parse(old.Serialize(), "v1");
  ASSERT_TRUE(old_file.ok());
  auto loaded = NeuralParser::Load(*old_file);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->net.cfg.char_filters, 0);
  EXPECT_EQ(ParseAll(*p, doc_), ParseAll(*loaded, doc_));
}

// The products (gemm.h) against a plain triple loop, for every transpose combination,
// with column strides, overwrite and accumulate — in each kernel this CPU can run.
TEST(NeuralGemm, KernelsMatchAPlainProduct) {
  const nn::GemmKernel before = nn::ActiveGemmKernel();
  int kernels = 0;
  for (nn::GemmKernel k : {nn::GemmKernel::kDefault, nn::GemmKernel::kAvx2Fma}) {
    if (!nn::SetGemmKernel(k)) continue;
    ++kernels;
    nn::Rng rng(5);
    for (const auto& [rows, inner, cols] : {std::array<int, 3>{37, 29, 41}, {64, 3, 1}, {1, 50, 7}, {5, 1, 5}}) {
      for (int ta = 0; ta < 2; ++ta) {
        for (int tb = 0; tb < 2; ++tb) {
          const int ar = ta ? inner : rows, ac = ta ? rows : inner;
          const int br = tb ? cols : inner, bc = tb ? inner : cols;
          // Stored with 3 spare rows per column (stride = rows + 3).
          std::vector<float> a((ar + 3) * ac), b((br + 3) * bc), c((rows + 3) * cols);
          for (float& x : a) x = static_cast<float>(rng.Uniform() - 0.5);
          for (float& x : b) x = static_cast<float>(rng.Uniform() - 0.5);
          for (float& x : c) x = static_cast<float>(rng.Uniform() - 0.5);
          const std::vector<float> c0 = c;
          for (int acc = 0; acc < 2; ++acc) {
            c = c0;
            nn::Gemm({c.data(), rows, cols, rows + 3}, {a.data(), ar, ac, ar + 3, ta == 1},
                     {b.data(), br, bc, br + 3, tb == 1}, acc == 1);
            double worst = 0;
            for (int j = 0; j < cols; ++j) {
              for (int i = 0; i < rows + 3; ++i) {
                const size_t at = static_cast<size_t>(j) * (rows + 3) + i;
                if (i >= rows) {  // the spare rows are untouched
                  EXPECT_EQ(c[at], c0[at]);
                  continue;
                }
                double want = acc ? c0[at] : 0.0;
                for (int k = 0; k < inner; ++k) {
                  const float x = ta ? a[i * (ar + 3) + k] : a[k * (ar + 3) + i];
                  const float y = tb ? b[k * (br + 3) + j] : b[j * (br + 3) + k];
                  want += static_cast<double>(x) * y;
                }
                worst = std::max(worst, std::abs(want - c[at]));
              }
            }
            EXPECT_LT(worst, 1e-4) << nn::GemmKernelName(k) << " " << rows << "x" << inner << "x"
                                   << cols << " trans " << ta << tb << " acc " << acc;
          }
        }
      }
    }
  }
  EXPECT_GE(kernels, 1);
  ASSERT_TRUE(nn::SetGemmKernel(before));
}

// The LSTM cell (gemm.h) against its formula, with and without a previous cell, in each
// kernel this CPU can run.
TEST(NeuralGemm, LstmCellMatchesItsFormula) {
  const nn::GemmKernel before = nn::ActiveGemmKernel();
  const int h = 13;
  nn::Rng rng(9);
  std::vector<float> pre(4 * h), prev(h);
  for (float& x : pre) x = static_cast<float>(6 * rng.Uniform() - 3);
  for (float& x : prev) x = static_cast<float>(2 * rng.Uniform() - 1);
  auto sigmoid = [](double x) { return 1 / (1 + std::exp(-x)); };
  for (nn::GemmKernel k : {nn::GemmKernel::kDefault, nn::GemmKernel::kAvx2Fma}) {
    if (!nn::SetGemmKernel(k)) continue;
    for (const bool first : {true, false}) {
      std::vector<float> gates = pre, c(h), tc(h), out(h);
      nn::LstmCell(gates.data(), first ? nullptr : prev.data(), c.data(), tc.data(), out.data(), h);
      for (int j = 0; j < h; ++j) {
        const double i = sigmoid(pre[j]), f = sigmoid(pre[h + j]), g = std::tanh(pre[2 * h + j]),
                     o = sigmoid(pre[3 * h + j]);
        const double cell = (first ? 0.0 : f * prev[j]) + i * g;
        EXPECT_NEAR(gates[j], i, 1e-6) << nn::GemmKernelName(k);
        EXPECT_NEAR(gates[h + j], f, 1e-6);
        EXPECT_NEAR(gates[2 * h + j], g, 1e-6);
        EXPECT_NEAR(gates[3 * h + j], o, 1e-6);
        EXPECT_NEAR(c[j], cell, 1e-6);
        EXPECT_NEAR(tc[j], std::tanh(cell), 1e-6);
        EXPECT_NEAR(out[j], o * std::tanh(cell), 1e-6);
      }
    }
  }
  ASSERT_TRUE(nn::SetGemmKernel(before));
}

// The AVX2 + FMA kernel and the default one give the same parses (they differ only in
// the last bits of the scores). Skipped on a CPU without AVX2 and FMA.
TEST_F(NeuralEwt, BothKernelsParseIdentically) {
  const nn::GemmKernel before = nn::ActiveGemmKernel();
  if (!nn::SetGemmKernel(nn::GemmKernel::kAvx2Fma)) GTEST_SKIP() << "no AVX2 + FMA here";
  NeuralTrainOptions o = SmallOptions();
  o.epochs = 4;
  auto p = TrainNeural(doc_, doc_, o, nullptr);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  auto parse_all = [&](nn::GemmKernel k) {
    EXPECT_TRUE(nn::SetGemmKernel(k));
    EXPECT_EQ(nn::ActiveGemmKernel(), k);
    return ParseAll(*p, doc_);
  };
  const std::string avx2 = parse_all(nn::GemmKernel::kAvx2Fma);
  const std::string plain = parse_all(nn::GemmKernel::kDefault);
  EXPECT_EQ(avx2, plain);
  ASSERT_TRUE(nn::SetGemmKernel(before));
}

// `dyad train --arch neural` on a tiny slice: the model file loads in the annotator, which
// then tags, lemmatizes and parses with the network; output is the same for any threads.
TEST_F(NeuralEwt, TrainedModelFileAnnotatesIdenticallyOnAnyThreads) {
  const auto dir = std::filesystem::temp_directory_path() / ("dyad-nn-model-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string train = (dir / "train.conllu").string();
  ASSERT_TRUE(WriteFileAtomic(train, WriteConllu(doc_)).ok());
  ModelTrainOptions o;
  o.train = o.dev = train;
  o.out = (dir / "nn.model").string();
  o.arch = "neural";
  o.tagger_epochs = 2;
  o.tagger_replicas = 1;
  o.nn_epochs = 2;
  o.nn_hidden = 16;
  o.nn_layers = 1;
  o.nn_char_dim = 4;
  o.nn_char_filters = 8;
  ASSERT_TRUE(TrainModel(o).ok());
  EXPECT_FALSE(std::filesystem::exists(o.out + ".checkpoint"));
  auto annotator = syntax::Annotator::Load(o.out);
  ASSERT_TRUE(annotator.ok()) << annotator.status().ToString();
  EXPECT_NE(annotator->metadata().find("architecture: neural"), std::string::npos);
  ASSERT_TRUE(annotator->can_parse());
  Document one = doc_, three = doc_;
  ClearAnnotations(&one);
  ClearAnnotations(&three);
  syntax::AnnotatorStats stats;
  auto scratch = annotator->NewScratch();
  annotator->TagAndParse(&one, scratch.get(), 1, &stats);
  annotator->TagAndParse(&three, nullptr, 3, &stats);
  EXPECT_EQ(WriteConllu(one), WriteConllu(three));
  size_t lemmas = 0;
  for (const Sentence& s : one.sentences) {
    ExpectTree(s);
    for (const Word& w : s.words) lemmas += !w.lemma.empty() && w.lemma != "_";
  }
  EXPECT_GT(lemmas, 0u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dyad
