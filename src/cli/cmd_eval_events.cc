// dyad eval-events: codes event sets (gold-coded passages, doc/formats/eventset.md) and
// prints recall of their required gold events and precision of the emitted events, by
// the set's matching rules (eval/eventset.h), per set and in total. The last line is
// "eval-events: recall=R precision=P f1=F (events N)".
#include <cstdio>

#include "cli/commands.h"
#include "train/event_filter_train.h"

namespace dyad::cli {

namespace {

void PrintScore(const std::string& name, const eval::SetScore& s) {
  std::printf("%s: recall=%.3f precision=%.3f f1=%.3f (events %d; gold %d/%d, matched %d)\n",
              name.c_str(), s.recall(), s.precision(), s.f1(), s.emitted, s.hit, s.required,
              s.matched);
}

}  // namespace

void RegisterEvalEvents(CLI::App& app) {
  static std::vector<std::string> sets, dicts;
  static EngineOptions options;
  auto* cmd = app.add_subcommand("eval-events", "Score dyad's events on gold-coded event sets");
  cmd->add_option("sets", sets, "event set files (JSON, doc/formats/eventset.md)")->required();
  cmd->add_option("--model", options.model_path, "syntax model (default: the shipped one)");
  cmd->add_option("--dict", dicts, "dictionary layers, as for dyad code");
  cmd->add_option("--event-filter", options.event_filter,
                  "event filter model file or 'none' (default: the shipped one)");
  cmd->add_flag("--require-dyad", options.require_dyad, "two-sided events only");
  cmd->callback([] {
    options.dictionaries = dicts;
    auto engine = Engine::Open(options);
    if (!engine.ok()) {
      SetExitCode(Report(engine.status()));
      return;
    }
    eval::SetScore total;
    for (const std::string& path : sets) {
      auto docs = eval::LoadEventSet(path);
      if (!docs.ok()) {
        SetExitCode(Report(docs.status()));
        return;
      }
      auto coded = train::CodeEventSet(**engine, *docs);
      if (!coded.ok()) {
        SetExitCode(Report(coded.status()));
        return;
      }
      eval::SetScore score;
      for (size_t d = 0; d < docs->size(); ++d) {
        score.Add(eval::ScoreDocument((*docs)[d], eval::MatchCandidates((*docs)[d], (*coded)[d]),
                                      {}));
      }
      PrintScore(path, score);
      total.Add(score);
    }
    PrintScore("eval-events", total);
    SetExitCode(0);
  });
}

}  // namespace dyad::cli
