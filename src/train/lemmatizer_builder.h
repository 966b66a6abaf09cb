// The lemmatizer's trainer: collects gold (form, tag, lemma, feats) observations and
// compiles a Lemmatizer (src/syntax/lemmatizer.h, which describes the tables). Training
// only, part of dyad_train. Thread-safety: one builder per thread; Build is const.
#ifndef DYAD_TRAIN_LEMMATIZER_BUILDER_H_
#define DYAD_TRAIN_LEMMATIZER_BUILDER_H_

#include <map>
#include <string>
#include <unordered_map>

#include "dyad/document.h"
#include "syntax/lemmatizer.h"

namespace dyad::tagger_internal {

// Collects gold (form, tag, lemma, feats) observations and compiles a Lemmatizer.
class LemmatizerBuilder {
 public:
  void Add(const Word& word);
  Lemmatizer Build() const;

 private:
  struct Counts {
    std::map<std::string, int> lemmas;  // ordered: deterministic tie-breaking
    std::map<std::string, int> feats;
  };
  // Key: form '\t' upos '\t' xpos.
  std::unordered_map<std::string, Counts> words_;
};

}  // namespace dyad::tagger_internal

#endif  // DYAD_TRAIN_LEMMATIZER_BUILDER_H_
