// libFuzzer target: arbitrary bytes as PETRARCH story XML (expat), read through DocumentStream
// (input/input.h) as a file named "fuzz.xml"; gzip/zstd streams are decompressed, so
// seeds include compressed ones. The checks are in input_fuzz_common.h.
#include <cstddef>
#include <cstdint>

#include "input_fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return dyad::input::fuzz::ReadAllFuzz(data, size, "fuzz.xml");
}
