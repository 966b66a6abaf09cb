#include "cli/cli_util.h"

#include <cstdlib>

namespace dyad::cli {

std::string DefaultModelPath() {
  if (const char* env = std::getenv("DYAD_MODEL"); env != nullptr && *env != '\0') return env;
  return DYAD_DEFAULT_MODEL;
}

void ClearAnnotations(Document* doc) {
  for (Sentence& s : doc->sentences) {
    for (Word& w : s.words) {
      w.lemma.clear();
      w.upos = Upos::kNone;
      w.xpos.clear();
      w.feats.clear();
      w.head = -1;
      w.deprel.clear();
    }
  }
}

}  // namespace dyad::cli
