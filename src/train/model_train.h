// The whole syntax model, trained: text stage, tagger and parser from UD CoNLL-U files,
// written as one model file (doc/formats/model.md). `dyad train` is this function with
// flags.
//
// The parser is trained on *predicted* tags, as it will see them at run time: the
// training set is tagged by jackknifing (k taggers, each trained on k-1 folds, tags the
// held-out fold; Collins 2002 / the standard practice of Zhang & Nivre 2011), the dev set by
// the tagger trained on all of train. Folds are trained on two threads; every step is
// seeded, so the model is the same for every run on the same data.
//
// The parser is one greedy left-to-right transition parser by default (--parser-members
// l2r:1, three replicas mixed: the shipped model), or an ensemble (Parser::Ensemble):
// each member is a transition parser trained on its own — left-to-right or right-to-left,
// greedy or with a beam (global max-violation training; its decoding width and
// selective-branching margin are tuned on dev only, within a cost budget) — and at run
// time the members' trees are combined by weighted arc votes, the weights chosen on dev.
// Members train in parallel (--threads). doc/experiments/parser-ensemble.md: the ensemble
// parses better trees at a fraction of the speed, and does not code better events yet.
// Thread-safety: one call at a time per output file; uses options.threads threads.
#ifndef DYAD_TRAIN_MODEL_TRAIN_H_
#define DYAD_TRAIN_MODEL_TRAIN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "dyad/status.h"
#include "train/neural_train.h"
#include "train/parser_train.h"
#include "train/tagger_train.h"

namespace dyad {

struct ModelTrainOptions {
  // Inputs (UD CoNLL-U) and the model file to write. Required.
  std::string train;
  std::string dev;
  std::string out;
  // More training files appended to `train` (e.g. UD English-GUM next to EWT).
  std::vector<std::string> also_train;
  // The text stage's (tokenizer, sentence splitter) own training file; empty = the
  // training data above (train and also_train).
  std::string text_train;
  // "perceptron" (the tagger and transition parser below) or "neural" (the BiLSTM tagger
  // and biaffine parser of src/syntax/neural.h, trained by TrainNeural; the perceptron
  // tagger is trained too, for its lemmatizer). Only nn_* options apply to "neural".
  std::string arch = "perceptron";
  int nn_epochs = NeuralTrainOptions().epochs;
  int nn_hidden = NeuralTrainOptions().net.hidden;
  int nn_layers = NeuralTrainOptions().net.layers;
  int nn_batch_words = NeuralTrainOptions().batch_words;
  float nn_lr = NeuralTrainOptions().lr;
  float nn_lr_decay = NeuralTrainOptions().lr_decay;
  int nn_char_dim = NeuralTrainOptions().net.char_dim;
  int nn_char_filters = NeuralTrainOptions().net.char_filters;
  // Checkpoint of neural training; empty = OUT.checkpoint. Removed when training ends.
  std::string checkpoint;
  int folds = 5;
  int tagger_epochs = TaggerTrainOptions().epochs;
  int tagger_replicas = TaggerTrainOptions().replicas;
  int parser_epochs = ParserTrainOptions().epochs;
  uint64_t seed = 1;
  int threads = 2;
  // Parser ensemble members, comma-separated DIRECTION:BEAM[:BUDGET] with DIRECTION l2r or
  // r2l, BEAM the training beam (1 = greedy) and BUDGET the decoding cost allowed when
  // the beam is tuned on dev (default --parser-beam-budget).
  std::string parser_members = "l2r:1";
  int parser_replicas = ParserTrainOptions().replicas;
  double parser_beam_budget = ParserTrainOptions().beam_cost_budget;
  int max_beam_words = ParserTrainOptions().max_beam_words;
};

// Trains every stage (progress and dev scores on stderr) and writes options.out.
// Deterministic for the same data and options (seeded). Errors: the readers' (NotFound,
// InvalidArgument "file:line"), InvalidArgument for bad member specs, IOError writing.
[[nodiscard]] Status TrainModel(const ModelTrainOptions& options);

}  // namespace dyad

#endif  // DYAD_TRAIN_MODEL_TRAIN_H_
