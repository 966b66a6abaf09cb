// The body of one compilation of the network's products (gemm.h): included by gemm.cc
// and gemm_avx2.cc with DYAD_GEMM_FUNCTION naming the function to define. No include
// guard: each including file defines it once.
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

}  // namespace dyad::nn::gemm_internal
