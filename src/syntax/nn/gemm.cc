// The network's products in the default build's instruction set, and the run-time choice
// between them and the AVX2 + FMA ones (gemm.h).
#define DYAD_GEMM_FUNCTION GemmDefault
#define DYAD_LSTM_FUNCTION LstmCellDefault
#include "syntax/nn/gemm_impl.h"

#include <cstdlib>
#include <cstring>

namespace dyad::nn {
namespace {

bool CpuHasAvx2Fma() {
#if defined(DYAD_HAVE_GEMM_AVX2) && (defined(__x86_64__) || defined(__i386__))
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

using Fn = void (*)(const MatOut&, const MatView&, const MatView&, bool);
using CellFn = void (*)(float*, const float*, float*, float*, float*, int);

struct Active {
  GemmKernel kernel;
  Fn fn;
  CellFn cell;
};

constexpr Active kDefaultKernels{GemmKernel::kDefault, gemm_internal::GemmDefault,
                                 gemm_internal::LstmCellDefault};
#if defined(DYAD_HAVE_GEMM_AVX2)
constexpr Active kAvx2Kernels{GemmKernel::kAvx2Fma, gemm_internal::GemmAvx2Fma,
                              gemm_internal::LstmCellAvx2Fma};
#endif

// $DYAD_NN_KERNEL=default keeps the default kernels on any CPU (to compare the two).
bool DefaultForced() {
  const char* v = std::getenv("DYAD_NN_KERNEL");
  return v != nullptr && std::strcmp(v, "default") == 0;
}

Active& State() {
#if defined(DYAD_HAVE_GEMM_AVX2)
  static Active active = CpuHasAvx2Fma() && !DefaultForced() ? kAvx2Kernels : kDefaultKernels;
#else
  static Active active = kDefaultKernels;
#endif
  return active;
}

}  // namespace

void Gemm(const MatOut& c, const MatView& a, const MatView& b, bool accumulate) {
  State().fn(c, a, b, accumulate);
}

void LstmCell(float* gates, const float* c_prev, float* c, float* tc, float* h, int hidden) {
  State().cell(gates, c_prev, c, tc, h, hidden);
}

GemmKernel ActiveGemmKernel() { return State().kernel; }

const char* GemmKernelName(GemmKernel kernel) {
  return kernel == GemmKernel::kAvx2Fma ? "avx2+fma" : "default";
}

bool SetGemmKernel(GemmKernel kernel) {
  if (kernel == GemmKernel::kDefault) {
    State() = kDefaultKernels;
    return true;
  }
#if defined(DYAD_HAVE_GEMM_AVX2)
  if (!CpuHasAvx2Fma()) return false;
  State() = kAvx2Kernels;
  return true;
#else
  return false;
#endif
}

}  // namespace dyad::nn
