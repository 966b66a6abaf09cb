// Matrix products (and the LSTM cell's element-wise step) of the neural network's
// float32 path, dispatched at run time: on an
// x86-64 CPU with AVX2 and FMA, kernels compiled for them (gemm_avx2.cc); elsewhere the
// default build's (gemm.cc). Both are Eigen's own products (general_matrix_matrix and
// general_matrix_vector kernels), compiled twice.
//
// Why only these: they are ~90% of the network's time, and a plain-pointer
// interface keeps the two compilations apart. The AVX2 translation unit renames Eigen's
// namespace (`#define Eigen EigenAvx2`), so none of its template instantiations shares a
// mangled name with the default one's (the linker would otherwise keep one of the two
// copies, and a default build could run AVX2 code on a CPU without it, or never run it).
//
// The two kernels differ in the last bits (FMA rounds once), so the choice is made once
// per process and never per call: output is identical for any thread count.
// Thread-safety: Gemm is reentrant; SetGemmKernel is for tests, not concurrent with Gemm.
#ifndef DYAD_SYNTAX_NN_GEMM_H_
#define DYAD_SYNTAX_NN_GEMM_H_

namespace dyad::nn {

// A column-major float matrix (rows × cols, columns `stride` floats apart), used as it
// is or (trans) as its transpose.
struct MatView {
  const float* data;
  int rows, cols, stride;
  bool trans;
};
struct MatOut {
  float* data;
  int rows, cols, stride;
};

// c = op(a)·op(b), or c += op(a)·op(b) with `accumulate`. REQUIRES: the shapes agree; c
// overlaps neither a nor b.
void Gemm(const MatOut& c, const MatView& a, const MatView& b, bool accumulate);

// One LSTM step of one word given its gate pre-activations (4·hidden: i, f, g, o), in
// place: i, f, o ← sigmoid, g ← tanh; c = f∘c_prev + i∘g (c_prev null: i∘g);
// tc = tanh(c); h = o∘tc. REQUIRES: no overlap.
void LstmCell(float* gates, const float* c_prev, float* c, float* tc, float* h, int hidden);

enum class GemmKernel { kDefault, kAvx2Fma };
// The kernel Gemm runs: kAvx2Fma when this build has it and the CPU supports AVX2 and FMA
// (checked once, at first use) and $DYAD_NN_KERNEL is not "default", else kDefault.
GemmKernel ActiveGemmKernel();
const char* GemmKernelName(GemmKernel kernel);
// Tests and benchmarks: selects a kernel; false (and no change) when it cannot run here.
bool SetGemmKernel(GemmKernel kernel);

namespace gemm_internal {
// The two compilations (gemm_impl.h): gemm.cc's and, on x86-64, gemm_avx2.cc's.
void GemmDefault(const MatOut& c, const MatView& a, const MatView& b, bool accumulate);
void GemmAvx2Fma(const MatOut& c, const MatView& a, const MatView& b, bool accumulate);
void LstmCellDefault(float* gates, const float* c_prev, float* c, float* tc, float* h, int hidden);
void LstmCellAvx2Fma(float* gates, const float* c_prev, float* c, float* tc, float* h, int hidden);
}  // namespace gemm_internal

}  // namespace dyad::nn

#endif  // DYAD_SYNTAX_NN_GEMM_H_
