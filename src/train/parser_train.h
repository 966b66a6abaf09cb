// Training of the dependency parser (src/syntax/parser.h): one arc-eager transition
// parser from gold trees (TrainParser), and the vote weights of an ensemble of trained
// parsers (TuneParserEnsemble). Part of the dyad_train library, which the coding engine
// never links. Thread-safety: the functions share no state; several may run at once (the
// CLI trains ensemble members on parallel threads).
#ifndef DYAD_TRAIN_PARSER_TRAIN_H_
#define DYAD_TRAIN_PARSER_TRAIN_H_

#include <cstdint>
#include <iosfwd>
#include <vector>

#include "base/status.h"
#include "dyad/document.h"
#include "syntax/parser.h"

namespace dyad {

struct ParserTrainOptions {
  int epochs = 15;        // passes over the training data; the best dev epoch is kept
  uint64_t seed = 1;      // shuffling/exploration seed: training is deterministic
  // Weight-table sizes (rows = 2^bits, 8..26). The move table takes 8 bytes a row, the
  // label table 2 bytes × (relations rounded up to 8) a row: defaults give 4 + 3.5 MiB.
  // Fewer bits: a smaller model and more hash collisions. On EWT, 22/18 bits (60 MiB)
  // scored no better on dev than 20/15.
  int move_hash_bits = 19;
  int label_hash_bits = 15;
  // Independent training runs (different seeds) whose weights are averaged (parameter
  // mixing); the mixture is kept only if it beats the best single run on dev. Training
  // time grows linearly; parse time and model size do not change.
  int replicas = 3;
  // Beam width for globally trained beam search (1 = greedy). Beam > 1 trains the move
  // model with max-violation updates (Huang et al. 2012) -- about 4x the training time at
  // beam 8 -- and then tunes the decoding width and selective-branching margin on dev
  // (see beam_cost_budget); the chosen decoding is stored in the model.
  int beam = 1;
  // Decoding cost allowed when tuning: items expanded per step, 1 = greedy cost. The most
  // accurate (width, margin) on dev within the budget is stored.
  double beam_cost_budget = 2.0;
  // Sentences longer than this decode greedily (beam decoding is O(k n^2) worst case).
  int max_beam_words = 150;
  // Parse from the last word to the first (the same moves over the reversed sentence):
  // a weaker parser alone on English, but one whose errors differ from a left-to-right
  // parser's, which is what an ensemble member needs (Parser::Ensemble).
  bool right_to_left = false;
};

// Trains on `train` (gold heads and relations; its tags should be the tagger's
// predictions, as at run time — jackknifed over contiguous blocks of documents);
// selects the epoch by dev LAS (the last epoch if `dev` has no trees). Sentences of
// `train` whose heads are not a single-root tree are skipped and counted in the log.
// `log` (may be null) receives one line per epoch with dev UAS/LAS. Deterministic for
// given data and options. Errors: InvalidArgument (bad options, no usable training tree).
Result<Parser> TrainParser(const Document& train, const Document& dev,
                           const ParserTrainOptions& options, std::ostream* log);

// Parser::Ensemble() with weights chosen on `dev` (gold trees; tags as at run time):
// member 0 weighs 1, the others are set by coordinate ascent on dev LAS over a grid. One
// member: that parser, unchanged. Errors: those of Parser::Ensemble.
Result<Parser> TuneParserEnsemble(std::vector<Parser> members, const Document& dev,
                                  std::ostream* log);

}  // namespace dyad

#endif  // DYAD_TRAIN_PARSER_TRAIN_H_
