// libFuzzer target: arbitrary bytes read as a PETRARCH actor dictionary file. The
// reader must never crash, hang or read out of bounds; every compiled matcher must
// answer lookups for the phrases it was built from.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "dict/dictionary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const bool strict : {false, true}) {
    dyad::dict::LoadOptions options;
    options.strict = strict;
    std::vector<dyad::dict::Diagnostic> diagnostics;
    auto set = dyad::dict::DictionarySet::FromText(dyad::dict::DictionaryKind::kActors, "fuzz.txt",
                                                   text, options, &diagnostics);
    if (!set.ok()) continue;
    const auto& actors = set->actors();
    for (const auto& phrase : actors.phrases()) {
      const std::vector<std::string_view> words(phrase.words.begin(), phrase.words.end());
      if (!actors.matcher().Find(words).found()) __builtin_trap();
      if (phrase.actor >= actors.actors().size()) __builtin_trap();
      (void)actors.actors()[phrase.actor].CodeAt(20100101);
    }
  }
  return 0;
}
