// libFuzzer target: arbitrary bytes read as a PETRARCH verb dictionary file. The
// reader must never crash, hang or read out of bounds; every compiled matcher must
// answer lookups for the phrases it was built from.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "dict/dictionary.h"
#include "dict_fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const bool strict : {false, true}) {
    dyad::dict::LoadOptions options;
    options.strict = strict;
    std::vector<dyad::dict::Diagnostic> diagnostics;
    auto set = dyad::dict::DictionarySet::FromText(dyad::dict::DictionaryKind::kVerbs, "fuzz.txt",
                                                   text, options, &diagnostics);
    if (!set.ok()) continue;
    dyad::fuzz::CheckVerbs(set->verbs());
  }
  return 0;
}
