// The tagger: UPOS, XPOS, lemma (and FEATS) for the words of a sentence.
// CONTRACT (implemented in src/syntax/tagger*.cc; trained by src/train/tagger_train.h).
// Thread-safety: after Load/TrainTagger a Tagger is immutable; Tag is const and
// thread-safe given one TaggerScratch per thread.
#ifndef DYAD_SYNTAX_TAGGER_H_
#define DYAD_SYNTAX_TAGGER_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "base/binary.h"
#include "base/status.h"
#include "dyad/document.h"

namespace dyad {

class TaggerModel;  // private to src/syntax

// Per-thread buffers for Tag; create with Tagger::NewScratch(). Opaque: the buffers are a
// private subclass, so that unique_ptr<TaggerScratch> can be destroyed by any caller.
class TaggerScratch {
 public:
  virtual ~TaggerScratch() = default;

 protected:
  TaggerScratch() = default;
};

class Tagger {
 public:
  Tagger(Tagger&&) noexcept;
  Tagger& operator=(Tagger&&) noexcept;
  ~Tagger();

  // Reads the "tagger" and "lemmatizer" sections. Errors: NotFound (a missing section),
  // Unsupported (section version), Corruption with byte offset (anything inconsistent).
  static Result<Tagger> Load(const ModelFile& model);
  // Adds the "tagger" and "lemmatizer" sections.
  void Save(ModelFileWriter* writer) const;
  // One line for humans: training data, selected epoch, dev accuracy.
  std::string_view Description() const;

  std::unique_ptr<TaggerScratch> NewScratch() const;
  // Sets upos, xpos, lemma, feats of every word of `sentence` from the forms; any length,
  // an empty sentence is left as is. Unknown words get a guessed tag and an edit-script
  // lemma. Allocates nothing in steady state (only when a sentence is longer than any
  // before on this scratch, or an output string outgrows its capacity).
  // REQUIRES: `scratch` comes from NewScratch() of a Tagger and is used by one thread.
  void Tag(Sentence* sentence, TaggerScratch* scratch) const;
  // Sets lemma and feats of every word from its form and its upos/xpos as they are (tags
  // given by another tagger, e.g. the neural one), with this model's lemmatizer.
  void Lemmatize(Sentence* sentence, TaggerScratch* scratch) const;

 private:
  friend struct TaggerInternals;  // the trainer's access (tagger_model.h)
  explicit Tagger(std::unique_ptr<TaggerModel> model);
  std::unique_ptr<TaggerModel> model_;
};

}  // namespace dyad

#endif  // DYAD_SYNTAX_TAGGER_H_
