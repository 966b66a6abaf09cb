// libFuzzer target: arbitrary bytes as a plain-text file (input/input_text.cc) read through
// DocumentStream as "fuzz.txt": one document or one problem (empty, blank in any script,
// binary, over the limit, a corrupt compressed stream), never a crash. gzip/zstd magic at
// the start is decompressed, so compressed seeds reach the text reader too. The checks are
// in input_fuzz_common.h.
#include <cstddef>
#include <cstdint>

#include "input_fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return dyad::input::fuzz::ReadAllFuzz(data, size, "fuzz.txt");
}
