// Training the neural tagger and parser (src/syntax/neural.h) on UD CoNLL-U documents.
//
// Minibatch Adam (β2 = 0.9, Dozat & Manning 2017) on the summed tag, arc and label
// cross-entropies, with inverted dropout (input and encoder outputs) and word dropout (a
// training word's embedding is replaced by the unknown one with probability α/(α + its
// count), Kiperwasser & Goldberg 2016), so the affix/shape features learn to stand in for
// rare words. The learning rate decays by `lr_decay` per epoch. An exponential moving
// average of the weights (Polyak averaging; decay `ema_decay` per Adam step) is kept next
// to them. Model selection: of the weights after each epoch and their average at that
// point, the one with the best dev LAS (gold tokenization, the network's own tags).
//
// Deterministic: one thread; the vocabulary, initialization, per-epoch shuffle and all
// dropout draws come from `seed` (the epoch's generator is seeded from seed and epoch
// number, so a resumed run draws exactly what an unbroken one would).
// Checkpoints: after every epoch the whole training state (weights, Adam moments and
// step, epochs done, best epoch's weights and score) is written atomically to
// `checkpoint`; a run started with the same data and options resumes from it and ends
// with the same weights as a run that was never interrupted. The epoch count is not part
// of what a checkpoint must match: resuming with fewer epochs than planned (or as many as
// are done) ends training there, with the best epoch so far.
// Thread-safety: one call at a time per checkpoint file.
#ifndef DYAD_TRAIN_NEURAL_TRAIN_H_
#define DYAD_TRAIN_NEURAL_TRAIN_H_

#include <cstdint>
#include <ostream>
#include <string>

#include "dyad/document.h"
#include "dyad/status.h"
#include "syntax/neural.h"

namespace dyad {

struct NeuralTrainOptions {
  int epochs = 30;
  int batch_words = 1000;    // words per Adam step
  float lr = 2e-3f;
  float lr_decay = 0.92f;    // per epoch
  float word_dropout = 0.25f;  // α
  float ema_decay = 0.999f;  // weight average per step; 0 = none
  int min_word_count = 2;    // forms seen fewer times share the unknown embedding
  int min_feat_count = 2;    // affix/shape features seen fewer times are dropped
  uint64_t seed = 1;
  nn::NetConfig net;         // sizes and dropout; vocabulary sizes are set from the data
  std::string checkpoint;    // empty: no checkpoints
  // Tests only: return after this many epochs of this call (as if killed right after the
  // checkpoint was written); 0 = run to the end.
  int stop_after_epochs = 0;
};

// Trains on `train` (gold words, tags, trees), selecting on `dev`; progress and one line
// per epoch ("epoch E: loss L, dev UPOS U UAS A LAS B, averaged UPOS U UAS A LAS B, S s")
// on *log (may be null).
// Errors: InvalidArgument (no training sentences, no "root" relation), IOError
// (checkpoint), Corruption (a checkpoint from other data or options).
[[nodiscard]] Result<NeuralParser> TrainNeural(const Document& train, const Document& dev,
                                               const NeuralTrainOptions& options,
                                               std::ostream* log);

}  // namespace dyad

#endif  // DYAD_TRAIN_NEURAL_TRAIN_H_
