// dyad train: trains the whole syntax model — text stage, tagger, parser — from UD
// CoNLL-U files and writes one model file (doc/formats/model.md).
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
#include "cli/commands.h"
#include "train/model_train.h"

namespace dyad::cli {

void RegisterTrain(CLI::App& app) {
  static ModelTrainOptions args;
  auto* cmd = app.add_subcommand("train", "Train the syntax model (text stage, tagger, parser) "
                                          "from UD CoNLL-U files");
  cmd->add_option("--train", args.train, "training CoNLL-U (e.g. en_ewt-ud-train.conllu)")
      ->required();
  cmd->add_option("--dev", args.dev, "development CoNLL-U for model selection")->required();
  cmd->add_option("--out", args.out, "model file to write")->required();
  cmd->add_option("--also-train", args.also_train,
                  "more training CoNLL-U appended to --train (repeatable; e.g. en_gum-ud-train.conllu)");
  cmd->add_option("--text-train", args.text_train,
                  "CoNLL-U for the text stage (tokenizer, sentence splitter) alone "
                  "(default: the training data)");
  cmd->add_option("--arch", args.arch,
                  "perceptron (tagger + transition parser) or neural (BiLSTM tagger + biaffine "
                  "parser)")
      ->check(CLI::IsMember({"perceptron", "neural"}))
      ->capture_default_str();
  cmd->add_option("--nn-epochs", args.nn_epochs, "neural: training epochs")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--nn-hidden", args.nn_hidden, "neural: LSTM units per direction")
      ->check(CLI::Range(4, 2048))
      ->capture_default_str();
  cmd->add_option("--nn-layers", args.nn_layers, "neural: BiLSTM layers")
      ->check(CLI::Range(1, 8))
      ->capture_default_str();
  cmd->add_option("--nn-batch-words", args.nn_batch_words, "neural: words per Adam step")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  cmd->add_option("--nn-lr", args.nn_lr, "neural: Adam learning rate")->capture_default_str();
  cmd->add_option("--nn-lr-decay", args.nn_lr_decay, "neural: learning rate factor per epoch")
      ->check(CLI::Range(0.01, 1.0))
      ->capture_default_str();
  cmd->add_option("--nn-char-filters", args.nn_char_filters,
                  "neural: character CNN filters (0 = no character CNN)")
      ->check(CLI::Range(0, 4096))
      ->capture_default_str();
  cmd->add_option("--nn-char-dim", args.nn_char_dim, "neural: character CNN byte embedding size")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_option("--checkpoint", args.checkpoint,
                  "neural: checkpoint file, written every epoch and resumed from when present "
                  "(default OUT.checkpoint; removed at the end)");
  cmd->add_option("--folds", args.folds, "jackknife folds for the parser's training tags "
                                          "(0 = train on gold tags)")
      ->capture_default_str();
  cmd->add_option("--tagger-epochs", args.tagger_epochs)->capture_default_str();
  cmd->add_option("--tagger-replicas", args.tagger_replicas,
                  "tagger training runs mixed into the model (1 = the shipped model's tagger)")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  cmd->add_option("--parser-epochs", args.parser_epochs)->capture_default_str();
  cmd->add_option("--seed", args.seed)->capture_default_str();
  cmd->add_option("--parser-members", args.parser_members,
                  "parser ensemble members, comma-separated DIRECTION:BEAM[:BUDGET] "
                  "(l2r|r2l, training beam 1 = greedy, decoding cost budget); "
                  "one member = a single parser")
      ->capture_default_str();
  cmd->add_option("--parser-replicas", args.parser_replicas,
                  "training runs mixed into each member (parameter mixing)")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  cmd->add_option("--parser-beam-budget", args.parser_beam_budget,
                  "decoding cost allowed when tuning the beam on dev (items expanded per "
                  "step; 1 = greedy cost)")
      ->check(CLI::Range(1.0, 64.0))
      ->capture_default_str();
  cmd->add_option("--max-beam-words", args.max_beam_words,
                  "sentences longer than this parse greedily")
      ->check(CLI::Range(0, 1 << 30))
      ->capture_default_str();
  cmd->add_option("--threads", args.threads, "threads for jackknife folds and parser members")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->callback([] { SetExitCode(Report(TrainModel(args))); });
}

}  // namespace dyad::cli
