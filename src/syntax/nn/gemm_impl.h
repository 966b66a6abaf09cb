// The body of one compilation of the network's products (gemm.h): included by gemm.cc
// and gemm_avx2.cc with DYAD_GEMM_FUNCTION and DYAD_LSTM_FUNCTION naming the functions
// to define. No include guard: each including file defines them once.
#include <Eigen/Core>

#include "syntax/nn/gemm.h"

namespace dyad::nn::gemm_internal {
namespace {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;
using In = Eigen::Map<const Mat, Eigen::Unaligned, Eigen::OuterStride<>>;
using Out = Eigen::Map<Mat, Eigen::Unaligned, Eigen::OuterStride<>>;

In Operand(const MatView& v) { return In(v.data, v.rows, v.cols, Eigen::OuterStride<>(v.stride)); }

template <typename A, typename B>
void Run(Out* c, const A& a, const B& b, bool accumulate) {
  if (accumulate) {
    c->noalias() += a * b;
  } else {
    c->noalias() = a * b;
  }
}

}  // namespace

void DYAD_GEMM_FUNCTION(const MatOut& c, const MatView& a, const MatView& b, bool accumulate) {
  Out out(c.data, c.rows, c.cols, Eigen::OuterStride<>(c.stride));
  const In x = Operand(a), y = Operand(b);
  if (!a.trans && !b.trans) Run(&out, x, y, accumulate);
  else if (!a.trans) Run(&out, x, y.transpose(), accumulate);
  else if (!b.trans) Run(&out, x.transpose(), y, accumulate);
  else Run(&out, x.transpose(), y.transpose(), accumulate);
}

void DYAD_LSTM_FUNCTION(float* gates, const float* c_prev, float* c, float* tc, float* h,
                        int hidden) {
  using A = Eigen::Map<Eigen::ArrayXf>;
  A i(gates, hidden), f(gates + hidden, hidden), g(gates + 2 * hidden, hidden),
      o(gates + 3 * hidden, hidden), cell(c, hidden), tcell(tc, hidden), out(h, hidden);
  i = 1.0f / (1.0f + (-i).exp());
  f = 1.0f / (1.0f + (-f).exp());
  g = g.tanh();
  o = 1.0f / (1.0f + (-o).exp());
  if (c_prev != nullptr) {
    cell = f * Eigen::Map<const Eigen::ArrayXf>(c_prev, hidden) + i * g;
  } else {
    cell = i * g;
  }
  tcell = cell.tanh();
  out = o * tcell;
}

}  // namespace dyad::nn::gemm_internal
