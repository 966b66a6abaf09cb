// dyad train-filter: trains the learned event filter (doc/formats/event-filter.md) from
// event sets the project writes (data/eventsets/, doc/formats/eventset.md) and writes its
// model file. The cross-validation report goes to stderr.
#include <iostream>

#include "base/file.h"
#include "cli/commands.h"
#include "train/event_filter_train.h"

namespace dyad::cli {

void RegisterTrainFilter(CLI::App& app) {
  static train::FilterTrainOptions args;
  static std::string out;
  static std::vector<std::string> dicts;
  auto* cmd = app.add_subcommand(
      "train-filter", "Train the learned event filter from event sets (gold-coded passages)");
  cmd->add_option("sets", args.sets, "event set files (JSON, doc/formats/eventset.md)")
      ->required();
  cmd->add_option("-o,--out", out, "filter model file to write")->required();
  cmd->add_option("--folds", args.folds, "cross-validation folds over documents")
      ->check(CLI::Range(2, 50))
      ->capture_default_str();
  cmd->add_option("--min-count", args.min_count, "drop features seen in fewer events")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--iterations", args.iterations, "gradient steps")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--max-recall-loss", args.max_recall_loss,
                  "share of the unfiltered held-out recall a threshold may lose")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--model", args.engine.model_path, "syntax model (default: the shipped one)");
  cmd->add_option("--dict", dicts, "dictionary layers, as for dyad code");
  cmd->callback([] {
    args.engine.dictionaries = dicts;
    auto model = train::TrainEventFilter(args, std::cerr);
    if (!model.ok()) {
      SetExitCode(Report(model.status()));
      return;
    }
    SetExitCode(Report(WriteFileAtomic(out, *model)));
  });
}

}  // namespace dyad::cli
