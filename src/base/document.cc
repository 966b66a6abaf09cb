#include "dyad/document.h"

#include <array>

namespace dyad {
namespace {
constexpr std::array<std::string_view, kNumUpos> kUposNames = {
    "_", "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART",
    "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"};
}  // namespace

std::string_view UposName(Upos upos) { return kUposNames[static_cast<int>(upos)]; }

Upos UposFromName(std::string_view name) {
  for (int i = 1; i < kNumUpos; ++i) {
    if (kUposNames[i] == name) return static_cast<Upos>(i);
  }
  return Upos::kNone;
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

std::string_view DateOriginName(DateOrigin origin) {
  switch (origin) {
    case DateOrigin::kMissing: return "missing";
    case DateOrigin::kInput: return "input";
    case DateOrigin::kOption: return "option";
    case DateOrigin::kDateline: return "dateline";
  }
  return "missing";
}

std::string DocumentMeta::Origin() const {
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

}  // namespace dyad
