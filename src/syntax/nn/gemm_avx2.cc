// The network's products compiled for AVX2 + FMA (gemm.h; this file alone is compiled with
// -mavx2 -mfma). Eigen's namespace is renamed before Eigen is included, so every Eigen
// template instantiated here has its own mangled name (tests/syntax/nn_test.cc checks
// both kernels against each other; `nm -C` of this object shows only EigenAvx2:: and
// dyad::nn::gemm_internal:: symbols defined).
#if !defined(__AVX2__) || !defined(__FMA__)
#error "gemm_avx2.cc must be compiled with -mavx2 -mfma"
#endif
// The standard headers Eigen uses come first, compiled as they are (so nothing of them
// is instantiated here with a name shared with the rest of the program, as far as their
// inline functions are concerned; the symbol check above is what verifies it).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#define Eigen EigenAvx2
#define DYAD_GEMM_FUNCTION GemmAvx2Fma
#define DYAD_LSTM_FUNCTION LstmCellAvx2Fma
#include "syntax/nn/gemm_impl.h"
