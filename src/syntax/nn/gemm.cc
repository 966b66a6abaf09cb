// The network's products in the default build's instruction set, and the run-time choice
// between them and the AVX2 + FMA ones (gemm.h).
#define DYAD_GEMM_FUNCTION GemmDefault
#include "syntax/nn/gemm_impl.h"

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

struct Active {
  GemmKernel kernel;
  Fn fn;
};

Active& State() {
#if defined(DYAD_HAVE_GEMM_AVX2)
  static Active active = CpuHasAvx2Fma() ? Active{GemmKernel::kAvx2Fma, gemm_internal::GemmAvx2Fma}
                                         : Active{GemmKernel::kDefault, gemm_internal::GemmDefault};
#else
  static Active active{GemmKernel::kDefault, gemm_internal::GemmDefault};
#endif
  return active;
}

}  // namespace

void Gemm(const MatOut& c, const MatView& a, const MatView& b, bool accumulate) {
  State().fn(c, a, b, accumulate);
}

GemmKernel ActiveGemmKernel() { return State().kernel; }

const char* GemmKernelName(GemmKernel kernel) {
  return kernel == GemmKernel::kAvx2Fma ? "avx2+fma" : "default";
}

bool SetGemmKernel(GemmKernel kernel) {
  if (kernel == GemmKernel::kDefault) {
    State() = {kernel, gemm_internal::GemmDefault};
    return true;
  }
#if defined(DYAD_HAVE_GEMM_AVX2)
  if (!CpuHasAvx2Fma()) return false;
  State() = {kernel, gemm_internal::GemmAvx2Fma};
  return true;
#else
  return false;
#endif
}

}  // namespace dyad::nn
