// The tagger: UPOS, XPOS, lemma (and FEATS) for the words of a sentence.
// CONTRACT (implemented in src/syntax/tagger*.cc). Thread-safety: after Load/Train a
// Tagger is immutable; Tag is const and thread-safe given one TaggerScratch per thread.
#ifndef DYAD_SYNTAX_TAGGER_H_
#define DYAD_SYNTAX_TAGGER_H_

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string_view>

#include "base/binary.h"
#include "base/status.h"
#include "dyad/document.h"

namespace dyad {

struct TaggerTrainOptions {
  int epochs = 10;        // passes over the training data; the best dev epoch is kept
  uint64_t seed = 1;      // shuffling seed: training is deterministic
};

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

  // Trains on gold words (forms, upos, xpos, lemma, feats); selects by dev accuracy.
  static Result<Tagger> Train(const Document& train, const Document& dev,
                              const TaggerTrainOptions& options, std::ostream* log);
  // Reads the "tagger" section(s). Errors: NotFound, Corruption with byte offset.
  static Result<Tagger> Load(const ModelFile& model);
  // Adds the "tagger" and "lemmatizer" sections.
  void Save(ModelFileWriter* writer) const;
  // One line for humans: training data, selected epoch, dev accuracy.
  std::string_view Description() const;

  std::unique_ptr<TaggerScratch> NewScratch() const;
  // Sets upos, xpos, lemma, feats of every word of `sentence` from the forms.
  void Tag(Sentence* sentence, TaggerScratch* scratch) const;

 private:
  explicit Tagger(std::unique_ptr<TaggerModel> model);
  std::unique_ptr<TaggerModel> model_;
};

}  // namespace dyad

#endif  // DYAD_SYNTAX_TAGGER_H_
