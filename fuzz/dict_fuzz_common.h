// Shared by the dictionary fuzz targets: the invariants of a loaded verb dictionary.
#ifndef DYAD_FUZZ_DICT_FUZZ_COMMON_H_
#define DYAD_FUZZ_DICT_FUZZ_COMMON_H_

#include <cstdint>

#include "dict/dictionary.h"

namespace dyad::fuzz {

// Every verb form of a member no higher layer hides is found again by its verb word, and
// every pattern index of a block is in range; traps otherwise.
inline void CheckVerbs(const dict::VerbDictionary& verbs) {
  for (uint32_t m = 0; m < verbs.members().size(); ++m) {
    if (verbs.hidden(m)) continue;
    for (const auto& form : verbs.members()[m].forms) {
      if (form.verb_word >= form.words.size()) __builtin_trap();
      if (verbs.FindVerb(form.words[form.verb_word]).empty()) __builtin_trap();
    }
  }
  for (const auto& block : verbs.blocks()) {
    for (uint32_t p : block.patterns) {
      if (p >= verbs.patterns().size()) __builtin_trap();
    }
  }
}

}  // namespace dyad::fuzz

#endif  // DYAD_FUZZ_DICT_FUZZ_COMMON_H_
