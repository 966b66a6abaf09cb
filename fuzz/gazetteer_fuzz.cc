// libFuzzer target: arbitrary bytes as a gazetteer file (doc/formats/gazetteer.md). The
// parser must return a Corruption or Unsupported error, never crash; when it accepts the
// bytes, every place's country and region index must be in range and lookups must work.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "geo/gazetteer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto g = dyad::geo::Gazetteer::Parse(bytes, "fuzz");
  if (!g.ok()) {
    const auto code = g.status().code();
    if (code != dyad::Status::Code::kCorruption && code != dyad::Status::Code::kUnsupported) std::abort();
    return 0;
  }
  for (const auto& p : g->places()) {
    if (p.country >= g->places().size()) std::abort();
    if (p.region != dyad::geo::kNoPlace && p.region >= g->places().size()) std::abort();
    (void)g->Lookup(p.name);
  }
  return 0;
}
