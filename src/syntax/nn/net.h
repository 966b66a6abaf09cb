// The neural tagger and parser's network: forward and backward passes written by hand over
// Eigen (private to src/syntax, its trainer and tests).
//
// Design (Dozat & Manning 2017, "Deep biaffine attention for neural dependency parsing",
// ICLR; the tagger shares the encoder as in their 2017 CoNLL shared-task system):
//  - Input of word t: [E_word(lowercased form, or UNK); Σ E_feat(prefixes 1-3, suffixes
//    1-5 of the lowercased form, word shape)] — a learned embedding of frequent forms plus
//    a bag of hashed affix/shape embeddings (cheap character information);
//    when `char_filters` > 0, also a character CNN over the word's bytes (Ma & Hovy 2016,
//    "End-to-end sequence labeling via bi-directional LSTM-CNNs-CRF", ACL; tanh after
//    max-pooling as in Kim et al. 2016, "Character-aware neural language models"): byte
//    embeddings, windows of 3 over the word padded with begin/end markers, one filter
//    bank, max over the word's windows, tanh. Position 0 is an artificial ROOT word with
//    its own embedding and no features (its characters are the empty word's).
//  - Encoder: `layers` bidirectional LSTMs of `hidden` units per direction. The input
//    projections of all words are one matrix-matrix product per layer and direction; only
//    the recurrent product is per word.
//  - Tagger: a linear layer over the top encoder output → one (UPOS, XPOS) pair class.
//  - Arcs: ReLU MLPs give each word a dependent and a head vector (`arc` units);
//    score(head j → dep i) = h_j·U·d_i + v·h_j (biaffine); softmax over heads j per dep.
//  - Labels: ReLU MLPs (`label` units); score_l(i, j) = h_j·U_l·d_i + W_l·[d_i; h_j] + b_l
//    for a dep i and its head j (the gold head in training, the decoded one at run time).
//  - Loss: the sum of the three cross-entropies. Inverted dropout on the input vectors and
//    on every encoder layer's output in training.
//
// Everything is a template on the scalar type: float for training and inference, double
// for the finite-difference gradient checks (tests/syntax/nn_test.cc). Buffers live in a
// Workspace that only grows, so a forward pass over a sentence no longer than any before
// allocates nothing (Eigen's matrix products may still take temporary blocks per product,
// i.e. per sentence, never per word).
// Thread-safety: a Net is immutable during Forward (its gradients change in Backward);
// each thread needs its own Workspace.
#ifndef DYAD_SYNTAX_NN_NET_H_
#define DYAD_SYNTAX_NN_NET_H_

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <type_traits>
#include <vector>

#include "syntax/nn/gemm.h"

namespace dyad::nn {

struct NetConfig {
  int words = 2;     // word embedding rows (0 = unknown, 1 = ROOT, 2.. vocabulary)
  int feats = 1;     // feature embedding rows
  int classes = 1;   // tagger classes
  int labels = 1;    // dependency relations
  int word_dim = 100;
  int feat_dim = 64;
  int hidden = 192;  // per direction
  int layers = 2;
  int arc = 256;
  int label = 64;
  int char_dim = 32;     // byte embedding size of the character CNN (0 without one)
  int char_filters = 0;  // its filters (0 = no character CNN)
  float input_dropout = 0.33f;
  float hidden_dropout = 0.33f;
  bool operator==(const NetConfig&) const = default;
};

// The character CNN's byte embedding rows: 0 = begin, 1 = end, 2 = padding, 3 + byte.
inline constexpr int kCharBegin = 0, kCharEnd = 1, kCharPad = 2, kCharRows = 3 + 256;
inline constexpr int kCharWidth = 3;  // window (filter width) in characters

// Deterministic random numbers (splitmix64): training shuffles, dropout, initialization.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

// One sentence as the network sees it: m = words + 1 positions (0 = ROOT); or a batch
// of sentences one after another (each with its ROOT position first).
struct NetInput {
  int m = 0;
  int batch = 1;
  const int* offsets = nullptr;     // batch + 1 sentence starts (offsets[batch] = m); null = one
  const int* word = nullptr;        // m embedding rows
  const int* feat_begin = nullptr;  // m + 1 offsets into feat
  const int* feat = nullptr;
  // The character CNN's input (when the network has one): m + 1 offsets into chars, and
  // each word's character rows (3 + byte; ROOT has none).
  const int* char_begin = nullptr;
  const int* chars = nullptr;
  // Training targets for positions 1..m-1 (index 0 unused); null at run time.
  const int* gold_class = nullptr;
  const int* gold_head = nullptr;
  const int* gold_label = nullptr;
};

template <typename T>
struct Param {
  using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  M w, g;
  void Resize(int rows, int cols) {
    w.setZero(rows, cols);
    g.setZero(rows, cols);
  }
};

// Allocates on 64-byte boundaries: more than any SIMD width in use (Eigen's own
// allocator aligns to the build's width only, 16 bytes without -mavx, while the AVX2
// kernels of gemm.h peel elements up to a 32-byte boundary).
template <typename T>
struct Align64 {
  using value_type = T;
  Align64() = default;
  template <typename U>
  Align64(const Align64<U>&) {}  // NOLINT: allocator conversion
  T* allocate(size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(64))); }
  void deallocate(T* p, size_t) { ::operator delete(p, std::align_val_t(64)); }
  template <typename U>
  bool operator==(const Align64<U>&) const { return true; }
};

// A grow-only buffer viewed as a matrix, 64-byte aligned: Eigen's vectorized loops start
// at an aligned address (scalar code before it), so the float results would otherwise
// depend on where malloc put the buffer — a different result per process or per thread.
template <typename T>
class Buf {
 public:
  using Map = Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>>;
  Map operator()(Eigen::Index rows, Eigen::Index cols) {
    const size_t n = static_cast<size_t>(rows * cols);
    if (data_.size() < n) data_.resize(n);
    return Map(data_.data(), rows, cols);
  }

 private:
  std::vector<T, Align64<T>> data_;
};

// Per-thread buffers of one forward/backward pass.
template <typename T>
struct Workspace {
  int m = 0;
  Buf<T> x, x_mask, d_x;
  // Character CNN: windows (3·char_dim × windows), filter outputs, per-word tanh(max),
  // the window of each word's max per filter; their gradients.
  Buf<T> ch_win, ch_conv, ch_out, d_ch_conv, d_ch_win;
  std::vector<int> win_begin, ch_arg;
  struct Layer {
    Buf<T> gates[2], cell[2], tcell[2];  // per direction: activated i,f,g,o; c; tanh(c)
    Buf<T> out, mask, dropped;           // 2H × m: raw output, dropout mask, masked output
    Buf<T> d_gates[2], h_prev;
  };
  std::vector<Layer> layers;
  Buf<T> head_bias, tag, arc_dep, arc_head, arc_p, arc, lab_dep, lab_head, lab_q, lab_hg, lab;
  Buf<T> d_top, d_in, d_tag, d_arc, d_arc_dep, d_arc_head, d_arc_p, d_lab, d_lab_q,
      d_lab_hg, d_lab_dep, d_lab_head;
  Eigen::Matrix<T, Eigen::Dynamic, 1> dh, dc;
  std::vector<int> heads;  // the heads the label scores were computed for (1..m-1)
  std::vector<int> offsets, order, arc_offsets;  // sentence starts; longest first; arc blocks
  Buf<T> h_batch, r_batch;  // the recurrent step over several sentences
};

template <typename T>
class Net {
 public:
  using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
  using V = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  using Map = typename Buf<T>::Map;
  static constexpr T kMasked = T(-1e30);

  struct Lstm {
    Param<T> wx, wh, b;  // 4H × in, 4H × H, 4H × 1 (gates i, f, g, o)
  };

  NetConfig cfg;
  Param<T> word_emb, feat_emb;  // columns are entries
  Param<T> char_emb, char_w, char_b;  // kCharRows columns; filters × 3·char_dim; filters
  std::vector<Lstm> lstm;       // layer l, direction d at 2l + d
  Param<T> tag_w, tag_b;
  Param<T> arc_dep_w, arc_dep_b, arc_head_w, arc_head_b, arc_u, arc_v;
  Param<T> lab_dep_w, lab_dep_b, lab_head_w, lab_head_b, lab_u, lab_wd, lab_wh, lab_b;

  int input_dim() const { return cfg.word_dim + cfg.feat_dim + cfg.char_filters; }
  int top_dim() const { return 2 * cfg.hidden; }

  // All parameters in a fixed order (saving, loading, the optimizer, gradient checks).
  std::vector<Param<T>*> Params() {
    std::vector<Param<T>*> p = {&word_emb, &feat_emb};
    if (cfg.char_filters > 0) {
      p.push_back(&char_emb);
      p.push_back(&char_w);
      p.push_back(&char_b);
    }
    for (Lstm& l : lstm) {
      p.push_back(&l.wx);
      p.push_back(&l.wh);
      p.push_back(&l.b);
    }
    for (Param<T>* q : {&tag_w, &tag_b, &arc_dep_w, &arc_dep_b, &arc_head_w, &arc_head_b,
                        &arc_u, &arc_v, &lab_dep_w, &lab_dep_b, &lab_head_w, &lab_head_b,
                        &lab_u, &lab_wd, &lab_wh, &lab_b}) {
      p.push_back(q);
    }
    return p;
  }

  // Shapes every parameter for `config` and fills it with seeded random values (uniform
  // Glorot for matrices, small uniform embeddings, zero biases except the LSTM forget
  // gate's 1, zero biaffine U as in Dozat & Manning).
  void Init(const NetConfig& config, uint64_t seed) {
    cfg = config;
    if (cfg.char_filters == 0) cfg.char_dim = 0;
    const int h = cfg.hidden;
    word_emb.Resize(cfg.word_dim, cfg.words);
    feat_emb.Resize(cfg.feat_dim, cfg.feats);
    if (cfg.char_filters > 0) {
      char_emb.Resize(cfg.char_dim, kCharRows);
      char_w.Resize(cfg.char_filters, kCharWidth * cfg.char_dim);
      char_b.Resize(cfg.char_filters, 1);
    }
    lstm.assign(2 * cfg.layers, Lstm{});
    for (int l = 0; l < cfg.layers; ++l) {
      for (int d = 0; d < 2; ++d) {
        Lstm& s = lstm[2 * l + d];
        s.wx.Resize(4 * h, l == 0 ? input_dim() : 2 * h);
        s.wh.Resize(4 * h, h);
        s.b.Resize(4 * h, 1);
      }
    }
    tag_w.Resize(cfg.classes, top_dim());
    tag_b.Resize(cfg.classes, 1);
    arc_dep_w.Resize(cfg.arc, top_dim());
    arc_dep_b.Resize(cfg.arc, 1);
    arc_head_w.Resize(cfg.arc, top_dim());
    arc_head_b.Resize(cfg.arc, 1);
    arc_u.Resize(cfg.arc, cfg.arc);
    arc_v.Resize(cfg.arc, 1);
    lab_dep_w.Resize(cfg.label, top_dim());
    lab_dep_b.Resize(cfg.label, 1);
    lab_head_w.Resize(cfg.label, top_dim());
    lab_head_b.Resize(cfg.label, 1);
    lab_u.Resize(cfg.labels * cfg.label, cfg.label);
    lab_wd.Resize(cfg.labels, cfg.label);
    lab_wh.Resize(cfg.labels, cfg.label);
    lab_b.Resize(cfg.labels, 1);
    Rng rng(seed);
    auto uniform = [&](M* w, double a) {
      for (Eigen::Index j = 0; j < w->cols(); ++j) {
        for (Eigen::Index i = 0; i < w->rows(); ++i) {
          (*w)(i, j) = static_cast<T>((2 * rng.Uniform() - 1) * a);
        }
      }
    };
    auto glorot = [&](Param<T>* p) {
      uniform(&p->w, std::sqrt(6.0 / static_cast<double>(p->w.rows() + p->w.cols())));
    };
    uniform(&word_emb.w, std::sqrt(3.0 / cfg.word_dim));
    uniform(&feat_emb.w, std::sqrt(3.0 / cfg.feat_dim) / 3);
    if (cfg.char_filters > 0) {
      uniform(&char_emb.w, std::sqrt(3.0 / cfg.char_dim));
      glorot(&char_w);
    }
    for (Lstm& s : lstm) {
      glorot(&s.wx);
      glorot(&s.wh);
      s.b.w.block(h, 0, h, 1).setOnes();
    }
    for (Param<T>* p : {&tag_w, &arc_dep_w, &arc_head_w, &lab_dep_w, &lab_head_w, &lab_wd,
                        &lab_wh}) {
      glorot(p);
    }
  }

  void ZeroGrad() {
    for (Param<T>* p : Params()) p->g.setZero();
  }

  // Encodes the sentences of `in` and computes tag logits (ws.tag: classes × m, columns
  // of ROOT positions unused) and each sentence's arc scores (ArcScores: m_k × m_k,
  // arc(j, i) = score of head j for dep i; the diagonal is kMasked). `rng` non-null =
  // training (dropout; REQUIRES one sentence). A batch runs every matrix product over
  // all its words at once, and the recurrent step over all sentences still running.
  void Forward(const NetInput& in, Workspace<T>* ws, Rng* rng) const {
    const int m = in.m;
    ws->m = m;
    ws->offsets.clear();
    if (in.offsets == nullptr) {
      ws->offsets = {0, m};
    } else {
      ws->offsets.assign(in.offsets, in.offsets + in.batch + 1);
    }
    const int batch = static_cast<int>(ws->offsets.size()) - 1;
    // Sentences longest first (ties in input order), so the sentences still running at a
    // recurrent step are a prefix. Insertion sort: batches are small, and it allocates
    // nothing (std::stable_sort takes a temporary buffer).
    ws->order.resize(static_cast<size_t>(batch));
    for (int k = 0; k < batch; ++k) {
      int j = k;
      for (; j > 0 && Len(*ws, ws->order[j - 1]) < Len(*ws, k); --j) ws->order[j] = ws->order[j - 1];
      ws->order[j] = k;
    }
    const int h = cfg.hidden;
    Map x = ws->x(input_dim(), m);
    for (int t = 0; t < m; ++t) {
      x.col(t).head(cfg.word_dim) = word_emb.w.col(in.word[t]);
      auto f = x.col(t).segment(cfg.word_dim, cfg.feat_dim);
      f.setZero();
      for (int k = in.feat_begin[t]; k < in.feat_begin[t + 1]; ++k) f += feat_emb.w.col(in.feat[k]);
    }
    if (cfg.char_filters > 0) CharForward(in, ws, &x);
    if (rng != nullptr) Dropout(&x, ws->x_mask(input_dim(), m), cfg.input_dropout, rng);
    if (ws->layers.size() < lstm.size() / 2) ws->layers.resize(lstm.size() / 2);
    const T* z_data = x.data();
    int z_rows = input_dim();
    const int longest = batch > 0 ? Len(*ws, ws->order[0]) : 0;
    for (int l = 0; l < cfg.layers; ++l) {
      auto& L = ws->layers[l];
      Eigen::Map<const M> z(z_data, z_rows, m);
      Map out = L.out(2 * h, m);
      for (int d = 0; d < 2; ++d) {
        const Lstm& s = lstm[2 * l + d];
        Map g = L.gates[d](4 * h, m);
        Map c = L.cell[d](h, m);
        Map tc = L.tcell[d](h, m);
        Mul(g, s.wx.w, z, false);
        g.colwise() += s.b.w.col(0);
        int active = batch;
        for (int step = 0; step < longest; ++step) {
          while (active > 0 && Len(*ws, ws->order[active - 1]) <= step) --active;
          // The recurrent products of all running sentences: one product for many.
          if (step > 0 && active > GemvMax()) {
            Map hp = ws->h_batch(h, active);
            for (int j = 0; j < active; ++j) {
              hp.col(j) = out.col(Prev(*ws, ws->order[j], step, d)).segment(d * h, h);
            }
            Map r = ws->r_batch(4 * h, active);
            Mul(r, s.wh.w, hp, false);
            for (int j = 0; j < active; ++j) g.col(Pos(*ws, ws->order[j], step, d)) += r.col(j);
          }
          for (int j = 0; j < active; ++j) {
            const int t = Pos(*ws, ws->order[j], step, d);
            const int prev = Prev(*ws, ws->order[j], step, d);
            auto a = g.col(t);
            if (step > 0 && active <= GemvMax()) Mul(a, s.wh.w, out.col(prev).segment(d * h, h), true);
            if constexpr (std::is_same_v<T, float>) {  // gemm.h's dispatched kernel
              LstmCell(a.data(), step > 0 ? c.col(prev).data() : nullptr, c.col(t).data(),
                       tc.col(t).data(), out.col(t).data() + d * h, h);
              continue;
            }
            a.head(h) = Sigmoid(a.head(h));
            a.segment(h, h) = Sigmoid(a.segment(h, h));
            a.segment(2 * h, h) = a.segment(2 * h, h).array().tanh().matrix();
            a.tail(h) = Sigmoid(a.tail(h));
            if (step > 0) {
              c.col(t) = a.segment(h, h).cwiseProduct(c.col(prev)) +
                         a.head(h).cwiseProduct(a.segment(2 * h, h));
            } else {
              c.col(t) = a.head(h).cwiseProduct(a.segment(2 * h, h));
            }
            tc.col(t) = c.col(t).array().tanh().matrix();
            out.col(t).segment(d * h, h) = a.tail(h).cwiseProduct(tc.col(t));
          }
        }
      }
      if (rng != nullptr) {
        Map dropped = L.dropped(2 * h, m);
        dropped = out;
        Dropout(&dropped, L.mask(2 * h, m), cfg.hidden_dropout, rng);
        z_data = dropped.data();
      } else {
        z_data = out.data();
      }
      z_rows = 2 * h;
    }
    Eigen::Map<const M> top(z_data, top_dim(), m);
    Map tag = ws->tag(cfg.classes, m);
    Mul(tag, tag_w.w, top, false);
    tag.colwise() += tag_b.w.col(0);
    Map ad = ws->arc_dep(cfg.arc, m), ah = ws->arc_head(cfg.arc, m);
    Mlp(arc_dep_w, arc_dep_b, top, &ad);
    Mlp(arc_head_w, arc_head_b, top, &ah);
    Map p = ws->arc_p(cfg.arc, m);
    Mul(p, arc_u.w, ad, false);
    Map head_bias = ws->head_bias(m, 1);
    Mul(head_bias, ah.transpose(), arc_v.w, false);
    ws->arc_offsets.assign(1, 0);
    for (int k = 0; k < batch; ++k) {
      ws->arc_offsets.push_back(ws->arc_offsets.back() + Len(*ws, k) * Len(*ws, k));
    }
    ws->arc(ws->arc_offsets.back(), 1);  // grows the buffer before the views below
    for (int k = 0; k < batch; ++k) {
      const int o = ws->offsets[k], n = Len(*ws, k);
      Map sk = ArcScores(ws, k);
      Mul(sk, ah.middleCols(o, n).transpose(), p.middleCols(o, n), false);
      sk.colwise() += head_bias.col(0).segment(o, n);
      sk.diagonal().setConstant(kMasked);
    }
    Map ld = ws->lab_dep(cfg.label, m), lh = ws->lab_head(cfg.label, m);
    Mlp(lab_dep_w, lab_dep_b, top, &ld);
    Mlp(lab_head_w, lab_head_b, top, &lh);
  }

  // Sentence k's arc scores. REQUIRES: Forward on this workspace.
  static Map ArcScores(Workspace<T>* ws, int k) {
    const int n = Len(*ws, k);
    return Map(ws->arc(ws->arc_offsets.back(), 1).data() + ws->arc_offsets[k], n, n);
  }

  // Label scores (ws.lab: labels × m, ROOT columns unused) for every word attached to
  // heads[t] (numbered within its sentence, as heads[] of position t of the batch).
  // REQUIRES: Forward on this workspace.
  void Labels(const int* heads, Workspace<T>* ws) const {
    const int m = ws->m, dl = cfg.label, nl = cfg.labels;
    ws->heads.assign(heads, heads + m);
    Map ld = ws->lab_dep(dl, m), lh = ws->lab_head(dl, m);
    Map hg = ws->lab_hg(dl, m);
    for (size_t k = 0; k + 1 < ws->offsets.size(); ++k) {
      const int o = ws->offsets[k];
      ws->heads[o] = 0;
      for (int i = o; i < ws->offsets[k + 1]; ++i) hg.col(i) = lh.col(o + ws->heads[i]);
    }
    Map q = ws->lab_q(nl * dl, m);
    Mul(q, lab_u.w, ld, false);
    Map lab = ws->lab(nl, m);
    Mul(lab, lab_wd.w, ld, false);
    Mul(lab, lab_wh.w, hg, true);
    lab.colwise() += lab_b.w.col(0);
    for (int i = 0; i < m; ++i) {
      Eigen::Map<const M> qi(q.col(i).data(), dl, nl);
      Mul(lab.col(i), qi.transpose(), hg.col(i), true);
    }
  }

  // The summed cross-entropy of tags, heads and labels against in's targets, and the
  // loss gradients of the scores (kept in ws for Backward). REQUIRES: Forward, then
  // Labels with the gold heads.
  double Loss(const NetInput& in, Workspace<T>* ws) const {
    const int m = ws->m;
    double loss = 0;
    Map tag = ws->tag(cfg.classes, m), dtag = ws->d_tag(cfg.classes, m);
    Map arc = ws->arc(m, m), darc = ws->d_arc(m, m);
    Map lab = ws->lab(cfg.labels, m), dlab = ws->d_lab(cfg.labels, m);
    dtag.col(0).setZero();
    darc.col(0).setZero();
    dlab.col(0).setZero();
    for (int i = 1; i < m; ++i) {
      loss += SoftmaxXent(tag.col(i), in.gold_class[i], dtag.col(i));
      loss += SoftmaxXent(arc.col(i), in.gold_head[i], darc.col(i));
      loss += SoftmaxXent(lab.col(i), in.gold_label[i], dlab.col(i));
    }
    return loss;
  }

  // Adds the gradients of Loss times `scale` to every parameter's g.
  void Backward(const NetInput& in, Workspace<T>* ws, bool train, T scale) {
    const int m = ws->m, h = cfg.hidden, dl = cfg.label, nl = cfg.labels;
    const int td = top_dim();
    auto& last = ws->layers[cfg.layers - 1];  // REQUIRES: cfg.layers >= 1
    const T* top_data = train ? last.dropped(td, m).data() : last.out(td, m).data();
    Eigen::Map<const M> top(top_data, td, m);
    Map dtop = ws->d_top(td, m);
    // Tagger.
    Map dtag = ws->d_tag(cfg.classes, m);
    dtag *= scale;
    Mul(tag_w.g, dtag, top.transpose(), true);
    tag_b.g.col(0) += dtag.rowwise().sum();
    Mul(dtop, tag_w.w.transpose(), dtag, false);
    // Labels.
    Map dlab = ws->d_lab(nl, m);
    dlab *= scale;
    Map ld = ws->lab_dep(dl, m), lh = ws->lab_head(dl, m), hg = ws->lab_hg(dl, m);
    Map q = ws->lab_q(nl * dl, m);
    Map dq = ws->d_lab_q(nl * dl, m), dhg = ws->d_lab_hg(dl, m);
    dq.col(0).setZero();
    dhg.col(0).setZero();
    for (int i = 1; i < m; ++i) {
      Eigen::Map<M> dqi(dq.col(i).data(), dl, nl);
      Mul(dqi, hg.col(i), dlab.col(i).transpose(), false);
      Eigen::Map<const M> qi(q.col(i).data(), dl, nl);
      Mul(dhg.col(i), qi, dlab.col(i), false);
    }
    Mul(dhg, lab_wh.w.transpose(), dlab, true);
    Mul(lab_wh.g, dlab, hg.transpose(), true);
    Mul(lab_wd.g, dlab, ld.transpose(), true);
    lab_b.g.col(0) += dlab.rowwise().sum();
    Mul(lab_u.g, dq, ld.transpose(), true);
    Map dld = ws->d_lab_dep(dl, m), dlh = ws->d_lab_head(dl, m);
    Mul(dld, lab_wd.w.transpose(), dlab, false);
    Mul(dld, lab_u.w.transpose(), dq, true);
    dlh.setZero();
    for (int i = 1; i < m; ++i) dlh.col(ws->heads[i]) += dhg.col(i);
    MlpBack(&lab_dep_w, &lab_dep_b, top, ld, &dld, &dtop);
    MlpBack(&lab_head_w, &lab_head_b, top, lh, &dlh, &dtop);
    // Arcs.
    Map darc = ws->d_arc(m, m);
    darc *= scale;
    darc.diagonal().setZero();
    Map ad = ws->arc_dep(cfg.arc, m), ah = ws->arc_head(cfg.arc, m), p = ws->arc_p(cfg.arc, m);
    Map dp = ws->d_arc_p(cfg.arc, m);
    Mul(dp, ah, darc, false);
    const V r = darc.rowwise().sum();
    Map dah = ws->d_arc_head(cfg.arc, m), dad = ws->d_arc_dep(cfg.arc, m);
    Mul(dah, p, darc.transpose(), false);
    Mul(dah, arc_v.w.col(0), r.transpose(), true);
    Mul(arc_v.g.col(0), ah, r, true);
    Mul(arc_u.g, dp, ad.transpose(), true);
    Mul(dad, arc_u.w.transpose(), dp, false);
    MlpBack(&arc_dep_w, &arc_dep_b, top, ad, &dad, &dtop);
    MlpBack(&arc_head_w, &arc_head_b, top, ah, &dah, &dtop);
    // Encoder, top layer down.
    for (int l = cfg.layers - 1; l >= 0; --l) {
      auto& L = ws->layers[l];
      const int in_rows = l == 0 ? input_dim() : td;
      const T* z_data = l == 0 ? ws->x(input_dim(), m).data()
                        : train ? ws->layers[l - 1].dropped(td, m).data()
                                : ws->layers[l - 1].out(td, m).data();
      Eigen::Map<const M> z(z_data, in_rows, m);
      Map dy = ws->d_top(td, m);  // the gradient of this layer's (dropped) output
      if (train) dy.array() *= L.mask(td, m).array();
      Map out = L.out(td, m);
      Map dz = ws->d_in(in_rows, m);
      dz.setZero();
      for (int d = 0; d < 2; ++d) {
        Lstm& s = lstm[2 * l + d];
        Map g = L.gates[d](4 * h, m), c = L.cell[d](h, m), tc = L.tcell[d](h, m);
        Map dg = L.d_gates[d](4 * h, m);
        Map hp = L.h_prev(h, m);
        ws->dh.setZero(h);
        ws->dc.setZero(h);
        for (int step = m - 1; step >= 0; --step) {
          const int t = d == 0 ? step : m - 1 - step;
          const int prev = d == 0 ? t - 1 : t + 1;
          auto a = g.col(t);
          auto gi = a.head(h).array(), gf = a.segment(h, h).array(),
               gg = a.segment(2 * h, h).array(), go = a.tail(h).array();
          ws->dh += dy.col(t).segment(d * h, h);
          auto tct = tc.col(t).array();
          auto da = dg.col(t);
          da.tail(h) = (ws->dh.array() * tct * go * (T(1) - go)).matrix();
          ws->dc.array() += ws->dh.array() * go * (T(1) - tct * tct);
          da.head(h) = (ws->dc.array() * gg * gi * (T(1) - gi)).matrix();
          da.segment(2 * h, h) = (ws->dc.array() * gi * (T(1) - gg * gg)).matrix();
          if (step > 0) {
            da.segment(h, h) = (ws->dc.array() * c.col(prev).array() * gf * (T(1) - gf)).matrix();
            hp.col(t) = out.col(prev).segment(d * h, h);
          } else {
            da.segment(h, h).setZero();
            hp.col(t).setZero();
          }
          ws->dc.array() *= gf;
          Mul(ws->dh, s.wh.w.transpose(), da, false);
        }
        Mul(s.wh.g, dg, hp.transpose(), true);
        Mul(s.wx.g, dg, z.transpose(), true);
        s.b.g.col(0) += dg.rowwise().sum();
        Mul(dz, s.wx.w.transpose(), dg, true);
      }
      // The next layer down reads its output gradient from d_top.
      Map next = ws->d_top(in_rows, m);
      next = dz;
    }
    Map dx = ws->d_top(input_dim(), m);
    if (train) dx.array() *= ws->x_mask(input_dim(), m).array();
    for (int t = 0; t < m; ++t) {
      word_emb.g.col(in.word[t]) += dx.col(t).head(cfg.word_dim);
      for (int k = in.feat_begin[t]; k < in.feat_begin[t + 1]; ++k) {
        feat_emb.g.col(in.feat[k]) += dx.col(t).segment(cfg.word_dim, cfg.feat_dim);
      }
    }
    if (cfg.char_filters > 0) CharBackward(in, ws, dx);
  }

  // c = a·b (accumulate: c += a·b): float products go through gemm.h's run-time dispatch,
  // others (the double-precision gradient checks) are Eigen's products here.
  template <typename C, typename A, typename B>
  static void Mul(C&& c, const A& a, const B& b, bool accumulate) {
    if constexpr (std::is_same_v<T, float>) {
      Gemm(MatOut{c.data(), static_cast<int>(c.rows()), static_cast<int>(c.cols()), Stride(c)},
           View(a), View(b), accumulate);
    } else if (accumulate) {
      c.noalias() += a * b;
    } else {
      c.noalias() = a * b;
    }
  }

  template <typename Vec>
  static auto Sigmoid(const Vec& v) {
    return (T(1) / (T(1) + (-v.array()).exp())).matrix();
  }

 private:
  // Views of dense column-major operands (contiguous columns) for Gemm.
  template <typename X>
  static int Stride(const X& x) {
    static_assert(X::InnerStrideAtCompileTime == 1 && !X::IsRowMajor, "columns must be contiguous");
    return x.cols() == 1 ? static_cast<int>(x.rows()) : static_cast<int>(x.outerStride());
  }
  template <typename X>
  static MatView View(const Eigen::DenseBase<X>& x) {
    const X& d = x.derived();
    return {d.data(), static_cast<int>(d.rows()), static_cast<int>(d.cols()), Stride(d), false};
  }
  template <typename X>
  static MatView View(const Eigen::Transpose<X>& x) {
    MatView v = View(x.nestedExpression());
    v.trans = !v.trans;
    return v;
  }

  // Up to this many sentences still running, the recurrent step multiplies the weights by
  // each one's vector (matrix-vector products, which read the weights as they are) rather
  // than by all of them at once (a matrix product, which first copies the weights into
  // its packed layout at every step — a quarter of the time of a 4-sentence batch).
  // Measured on realnews-dev's ~4-sentence documents: 8 takes ~10 % less CPU than 1, and
  // 3 % less on EWT's 32-sentence batches; always matrix-vector (32) is 10 % slower there.
  static constexpr int GemvMax() { return 8; }
  static int Len(const Workspace<T>& ws, int k) { return ws.offsets[k + 1] - ws.offsets[k]; }
  // The position of sentence k's word at recurrent step `step` of direction d, and the
  // one before it in that direction.
  static int Pos(const Workspace<T>& ws, int k, int step, int d) {
    return d == 0 ? ws.offsets[k] + step : ws.offsets[k + 1] - 1 - step;
  }
  static int Prev(const Workspace<T>& ws, int k, int step, int d) {
    return d == 0 ? Pos(ws, k, step, d) - 1 : Pos(ws, k, step, d) + 1;
  }

  // The byte row at position q of word t's window sequence: the begin marker, its
  // characters, the end marker, then padding.
  static int CharAt(const NetInput& in, int t, int q) {
    const int n = in.char_begin[t + 1] - in.char_begin[t];
    if (q < 0) return kCharBegin;
    if (q < n) return in.chars[in.char_begin[t] + q];
    return q == n ? kCharEnd : kCharPad;
  }

  // Fills the character CNN's rows of x (its last char_filters rows): window p of a word
  // is centred on its character p (one window for the empty word).
  void CharForward(const NetInput& in, Workspace<T>* ws, Map* x) const {
    const int m = in.m, cd = cfg.char_dim, nf = cfg.char_filters;
    ws->win_begin.resize(static_cast<size_t>(m) + 1);
    int windows = 0;
    for (int t = 0; t < m; ++t) {
      ws->win_begin[t] = windows;
      windows += std::max(1, in.char_begin[t + 1] - in.char_begin[t]);
    }
    ws->win_begin[m] = windows;
    Map win = ws->ch_win(kCharWidth * cd, windows);
    for (int t = 0; t < m; ++t) {
      for (int p = 0; p < ws->win_begin[t + 1] - ws->win_begin[t]; ++p) {
        for (int k = 0; k < kCharWidth; ++k) {
          win.col(ws->win_begin[t] + p).segment(k * cd, cd) = char_emb.w.col(CharAt(in, t, p + k - 1));
        }
      }
    }
    Map conv = ws->ch_conv(nf, windows);
    Mul(conv, char_w.w, win, false);
    conv.colwise() += char_b.w.col(0);
    Map out = ws->ch_out(nf, m);
    ws->ch_arg.resize(static_cast<size_t>(nf) * m);
    for (int t = 0; t < m; ++t) {
      for (int f = 0; f < nf; ++f) {
        int best = ws->win_begin[t];
        for (int p = best + 1; p < ws->win_begin[t + 1]; ++p) {
          if (conv(f, p) > conv(f, best)) best = p;
        }
        ws->ch_arg[static_cast<size_t>(t) * nf + f] = best;
        out(f, t) = std::tanh(conv(f, best));
      }
    }
    x->bottomRows(nf) = out;
  }

  // Adds the character CNN's gradients given dx (the input vectors' gradient).
  void CharBackward(const NetInput& in, Workspace<T>* ws, const Map& dx) {
    const int m = in.m, cd = cfg.char_dim, nf = cfg.char_filters;
    const int windows = ws->win_begin[m];
    Map out = ws->ch_out(nf, m);
    Map dconv = ws->d_ch_conv(nf, windows);
    dconv.setZero();
    const int row = cfg.word_dim + cfg.feat_dim;
    for (int t = 0; t < m; ++t) {
      for (int f = 0; f < nf; ++f) {
        const T y = out(f, t);
        dconv(f, ws->ch_arg[static_cast<size_t>(t) * nf + f]) += dx(row + f, t) * (T(1) - y * y);
      }
    }
    Map win = ws->ch_win(kCharWidth * cd, windows);
    Mul(char_w.g, dconv, win.transpose(), true);
    char_b.g.col(0) += dconv.rowwise().sum();
    Map dwin = ws->d_ch_win(kCharWidth * cd, windows);
    Mul(dwin, char_w.w.transpose(), dconv, false);
    for (int t = 0; t < m; ++t) {
      for (int p = 0; p < ws->win_begin[t + 1] - ws->win_begin[t]; ++p) {
        for (int k = 0; k < kCharWidth; ++k) {
          char_emb.g.col(CharAt(in, t, p + k - 1)) += dwin.col(ws->win_begin[t] + p).segment(k * cd, cd);
        }
      }
    }
  }

  static void Dropout(Map* x, Map mask, float rate, Rng* rng) {
    const T keep = T(1) / (T(1) - static_cast<T>(rate));
    for (Eigen::Index j = 0; j < x->cols(); ++j) {
      for (Eigen::Index i = 0; i < x->rows(); ++i) {
        mask(i, j) = rng->Uniform() < rate ? T(0) : keep;
      }
    }
    x->array() *= mask.array();
  }

  template <typename In>
  static void Mlp(const Param<T>& w, const Param<T>& b, const In& in, Map* out) {
    Mul(*out, w.w, in, false);
    out->colwise() += b.w.col(0);
    *out = out->cwiseMax(T(0));
  }
  // d_out is the gradient of the ReLU output; it becomes the pre-activation gradient.
  template <typename In>
  static void MlpBack(Param<T>* w, Param<T>* b, const In& in, const Map& out, Map* d_out,
                      Map* d_in) {
    d_out->array() *= (out.array() > T(0)).template cast<T>();
    Mul(w->g, *d_out, in.transpose(), true);
    b->g.col(0) += d_out->rowwise().sum();
    Mul(*d_in, w->w.transpose(), *d_out, true);
  }

  // -log softmax(scores)[gold]; grad = softmax - onehot(gold).
  template <typename Col, typename Out>
  static double SoftmaxXent(const Col& scores, int gold, Out grad) {
    const T mx = scores.maxCoeff();
    grad = (scores.array() - mx).exp().matrix();
    const T z = grad.sum();
    grad /= z;
    const double loss = -(static_cast<double>(scores(gold) - mx) - std::log(static_cast<double>(z)));
    grad(gold) -= T(1);
    return loss;
  }
};

}  // namespace dyad::nn

#endif  // DYAD_SYNTAX_NN_NET_H_
