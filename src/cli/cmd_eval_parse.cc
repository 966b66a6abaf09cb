// dyad eval-parse GOLD SYSTEM: CoNLL 2018 shared-task style scores of a system CoNLL-U
// file against gold (see eval/parse_score.h).
#include <cstdio>

#include "cli/commands.h"
#include "dyad/conllu.h"
#include "eval/parse_score.h"
#include "input/input.h"

namespace dyad::cli {
namespace {

Status RunEvalParse(const std::string& gold_path, const std::string& system_path) {
  auto gold_text = input::ReadWholeFile(gold_path);
  if (!gold_text.ok()) return gold_text.status();
  auto system_text = input::ReadWholeFile(system_path);
  if (!system_text.ok()) return system_text.status();
  auto gold = ReadConllu(*gold_text, gold_path);
  if (!gold.ok()) return gold.status();
  auto system = ReadConllu(*system_text, system_path);
  if (!system.ok()) return system.status();
  auto result = Evaluate(*gold, *system);
  if (!result.ok()) return result.status();
  std::fputs(result->Table().c_str(), stdout);
  return Status::Ok();
}

}  // namespace

void RegisterEvalParse(CLI::App& app) {
  auto* cmd = app.add_subcommand("eval-parse", "Score a system CoNLL-U file against gold "
                                               "(tokens, sentences, words, UPOS, XPOS, lemmas, UAS, LAS)");
  static std::string gold, system;
  cmd->add_option("GOLD", gold, "gold CoNLL-U")->required();
  cmd->add_option("SYSTEM", system, "system CoNLL-U")->required();
  cmd->callback([] { SetExitCode(Report(RunEvalParse(gold, system))); });
}

}  // namespace dyad::cli
