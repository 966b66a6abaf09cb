// libFuzzer target: arbitrary bytes read as a PETRARCH discard, issue and ontology
// dictionary file (the one-phrase-per-line readers). None may crash, hang or read out of
// bounds; every compiled matcher must find the phrases it was built from.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "dict/dictionary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  using dyad::dict::DictionaryKind;
  for (const DictionaryKind kind :
       {DictionaryKind::kDiscards, DictionaryKind::kIssues, DictionaryKind::kOntology}) {
    dyad::dict::LoadOptions options;
    std::vector<dyad::dict::Diagnostic> diagnostics;
    auto set = dyad::dict::DictionarySet::FromText(kind, "fuzz.txt", text, options, &diagnostics);
    if (!set.ok()) continue;
    for (const auto& e : set->discards().entries()) {
      const std::vector<std::string_view> words(e.words.begin(), e.words.end());
      if (!set->discards().matcher().Find(words).found()) __builtin_trap();
    }
    for (const auto& e : set->issues().entries()) {
      const std::vector<std::string_view> words(e.words.begin(), e.words.end());
      if (!set->issues().matcher().Find(words).found()) __builtin_trap();
    }
  }
  return 0;
}
