// Adam (Kingma & Ba 2015) over a Net's parameters, with global gradient-norm clipping.
// Dense updates (every parameter every step): simple and deterministic; the embedding
// tables are small enough (a few million floats) that this costs a few percent of a step.
#ifndef DYAD_SYNTAX_NN_ADAM_H_
#define DYAD_SYNTAX_NN_ADAM_H_

#include <cmath>
#include <cstdint>
#include <vector>

#include "syntax/nn/net.h"

namespace dyad::nn {

struct Adam {
  float lr = 2e-3f;
  float beta1 = 0.9f;
  float beta2 = 0.9f;  // Dozat & Manning's setting
  float eps = 1e-8f;
  float clip = 5.0f;   // global gradient norm; 0 = off
  int64_t step = 0;
  std::vector<Eigen::MatrixXf> m, v;

  void Init(const std::vector<Param<float>*>& params) {
    step = 0;
    m.clear();
    v.clear();
    for (const Param<float>* p : params) {
      m.push_back(Eigen::MatrixXf::Zero(p->w.rows(), p->w.cols()));
      v.push_back(Eigen::MatrixXf::Zero(p->w.rows(), p->w.cols()));
    }
  }

  // One step from the gradients in params' g (which it leaves as they are).
  void Update(const std::vector<Param<float>*>& params) {
    ++step;
    double norm2 = 0;
    for (const Param<float>* p : params) norm2 += static_cast<double>(p->g.squaredNorm());
    const double norm = std::sqrt(norm2);
    const float scale = clip > 0 && norm > clip ? static_cast<float>(clip / norm) : 1.0f;
    const double c1 = 1 - std::pow(static_cast<double>(beta1), static_cast<double>(step));
    const double c2 = 1 - std::pow(static_cast<double>(beta2), static_cast<double>(step));
    const float alpha = static_cast<float>(lr * std::sqrt(c2) / c1);
    for (size_t k = 0; k < params.size(); ++k) {
      auto g = params[k]->g.array() * scale;
      m[k].array() = beta1 * m[k].array() + (1 - beta1) * g;
      v[k].array() = beta2 * v[k].array() + (1 - beta2) * g * g;
      params[k]->w.array() -= alpha * m[k].array() / (v[k].array().sqrt() + eps);
    }
  }
};

}  // namespace dyad::nn

#endif  // DYAD_SYNTAX_NN_ADAM_H_
