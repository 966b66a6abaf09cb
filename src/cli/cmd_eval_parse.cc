// dyad eval-parse GOLD SYSTEM: CoNLL 2018 shared-task style scores of a system CoNLL-U
// file against gold (see eval/parse_score.h).
// dyad eval-parse --model MODEL GOLD: re-tags and re-parses GOLD's own words with MODEL
// (gold tokenization), scores the result and reports the tagging+parsing speed (words/s,
// the Annotate call only: not reading, not scoring).
#include <chrono>
#include <cstdio>

#include "cli/commands.h"
#include "dyad/conllu.h"
#include "dyad/engine.h"
#include "eval/parse_score.h"
#include "input/input.h"

namespace dyad::cli {
namespace {

struct EvalParseArgs {
  std::string gold, system, model;
  int threads = 1;
};

Status RunEvalParse(const EvalParseArgs& args) {
  auto gold_text = input::ReadWholeFile(args.gold);
  if (!gold_text.ok()) return gold_text.status();
  auto gold = ReadConllu(*gold_text, args.gold);
  if (!gold.ok()) return gold.status();
  Document system;
  double seconds = 0;
  if (!args.model.empty()) {
    if (!args.system.empty()) return Status::InvalidArgument("give SYSTEM or --model, not both");
    auto engine = OpenParseEngine(args.model);
    if (!engine.ok()) return engine.status();
    auto scratch = (*engine)->NewScratch();
    system = *gold;
    ClearAnnotations(&system);
    const auto start = std::chrono::steady_clock::now();
    DYAD_RETURN_IF_ERROR((*engine)->Annotate(&system, scratch.get(), nullptr,
                                             AnnotateLevel::kParse, args.threads));
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } else {
    if (args.system.empty()) return Status::InvalidArgument("give SYSTEM or --model");
    auto system_text = input::ReadWholeFile(args.system);
    if (!system_text.ok()) return system_text.status();
    auto read = ReadConllu(*system_text, args.system);
    if (!read.ok()) return read.status();
    system = std::move(read).value();
  }
  auto result = Evaluate(*gold, system);
  if (!result.ok()) return result.status();
  std::fputs(result->Table().c_str(), stdout);
  if (!args.model.empty()) {
    size_t words = 0;
    for (const Sentence& s : system.sentences) words += s.words.size();
    std::printf("tag+parse: %zu words in %.3f s, %.0f words/s (%d thread%s)\n", words, seconds,
                seconds > 0 ? static_cast<double>(words) / seconds : 0.0, args.threads,
                args.threads == 1 ? "" : "s");
  }
  return Status::Ok();
}

}  // namespace

void RegisterEvalParse(CLI::App& app) {
  auto* cmd = app.add_subcommand("eval-parse", "Score a system CoNLL-U file against gold "
                                               "(tokens, sentences, words, UPOS, XPOS, lemmas, UAS, LAS)");
  static EvalParseArgs args;
  cmd->add_option("GOLD", args.gold, "gold CoNLL-U")->required();
  cmd->add_option("SYSTEM", args.system, "system CoNLL-U (or --model)");
  cmd->add_option("--model", args.model,
                  "tag and parse GOLD's words with this model instead of reading SYSTEM; "
                  "also reports words/s");
  cmd->add_option("--threads", args.threads, "threads for --model (output is identical)")
      ->check(CLI::Range(1, 256));
  cmd->callback([] { SetExitCode(Report(RunEvalParse(args))); });
}

}  // namespace dyad::cli
