// The text stage on the command line:
//   dyad tokenize [FILE|-] (--model PATH | --train-from TRAIN.conllu [--dev DEV.conllu])
//       raw UTF-8 → CoNLL-U with sentences, tokens and words only (other columns "_").
//   dyad conllu-text GOLD.conllu
//       the CoNLL 2018 raw text of a gold file (text/raw_text.h), for raw-text evaluation:
//       dyad conllu-text test.conllu > t.txt; dyad tokenize t.txt --model M > sys.conllu;
//       dyad eval-parse test.conllu sys.conllu
//   dyad train-text TRAIN.conllu DEV.conllu OUT.model
//       a model file holding only the "text" section (until `dyad train` writes all).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "dyad/conllu.h"
#include "dyad/engine.h"
#include "eval/parse_score.h"
#include "input/input.h"
#include "output/event_writers.h"
#include "train/tokenizer_train.h"

namespace dyad::cli {
namespace {

struct TokenizeArgs {
  std::string input = "-";
  std::string model;
  std::string train_from;
  std::string dev;
  uint32_t max_sentence_tokens = EngineOptions().max_sentence_tokens;
  bool verbose = false;
  int repeat = 1;
};

// A text-stage-only engine: over --model (or the default model), or over a text stage
// trained here from --train-from.
Result<std::unique_ptr<Engine>> OpenTokenizer(const TokenizeArgs& args) {
  EngineOptions options;
  options.no_dictionaries = true;
  options.tokenize_only = true;
  options.max_sentence_tokens = args.max_sentence_tokens;
  if (!args.train_from.empty()) {
    auto bytes = TrainTextModel(args.train_from, args.dev, args.verbose ? &std::cerr : nullptr);
    if (!bytes.ok()) return bytes.status();
    options.model_path = "<trained from " + args.train_from + ">";
    options.model_data = std::move(bytes).value();
    return Engine::Open(options);
  }
  options.model_path = ResolveModelPath(args.model);
  auto engine = Engine::Open(options);
  if (!engine.ok() && args.model.empty() && engine.status().code() == Status::Code::kNotFound) {
    return Status::NotFound(engine.status().message() +
                            " (no default model: pass --model PATH or --train-from TRAIN.conllu)");
  }
  return engine;
}

Status RunTokenize(const TokenizeArgs& args) {
  auto engine = OpenTokenizer(args);
  if (!engine.ok()) return engine.status();
  auto scratch = (*engine)->NewScratch();
  auto input = input::ReadWholeFile(args.input);
  if (!input.ok()) return input.status();
  Document doc;
  CodeStats stats;
  // With --repeat N the best of N runs is reported (a quiet measurement on a busy machine).
  double seconds = 0, cpu_seconds = 0;
  for (int run = 0; run < std::max(1, args.repeat); ++run) {
    doc = Document();
    doc.text = *input;
    stats = CodeStats();
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    DYAD_RETURN_IF_ERROR(
        (*engine)->Annotate(&doc, scratch.get(), &stats, AnnotateLevel::kTokenize));
    const double c = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    seconds = run == 0 ? s : std::min(seconds, s);
    cpu_seconds = run == 0 ? c : std::min(cpu_seconds, c);
  }
  if (stats.repaired_bytes > 0) {
    std::fprintf(stderr, "dyad: %s: replaced %llu invalid UTF-8 sequences or NUL bytes\n",
                 args.input.c_str(), static_cast<unsigned long long>(stats.repaired_bytes));
  }
  std::string out;
  uint64_t tokens = 0;
  for (size_t i = 0; i < doc.sentences.size(); ++i) {
    Sentence& s = doc.sentences[i];
    tokens += s.tokens.size();
    if (s.new_paragraph) s.comments.push_back(i == 0 ? "newdoc" : "newpar");
    s.id = std::to_string(i + 1);
    AppendConllu(doc, s, &out);
    if (out.size() > (1u << 20)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (args.verbose) {
    std::fprintf(stderr,
                 "dyad tokenize: %llu sentences, %llu tokens, %llu words, %llu capped; "
                 "%.3f s, %.0f words/s (CPU time %.3f s, %.0f words/s)\n",
                 static_cast<unsigned long long>(stats.sentences),
                 static_cast<unsigned long long>(tokens),
                 static_cast<unsigned long long>(stats.words),
                 static_cast<unsigned long long>(stats.capped_sentences), seconds,
                 seconds > 0 ? static_cast<double>(stats.words) / seconds : 0.0, cpu_seconds,
                 cpu_seconds > 0 ? static_cast<double>(stats.words) / cpu_seconds : 0.0);
  }
  return Status::Ok();
}

Status RunConlluText(const std::string& gold_path) {
  auto data = input::ReadWholeFile(gold_path);
  if (!data.ok()) return data.status();
  auto gold = ReadConllu(*data, gold_path);
  if (!gold.ok()) return gold.status();
  const std::string text = GoldRawText(*gold);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return Status::Ok();
}

Status RunTrainText(const std::string& train, const std::string& dev, const std::string& out) {
  auto bytes = TrainTextModel(train, dev, &std::cerr);
  if (!bytes.ok()) return bytes.status();
  return output::WriteWholeFile(out, *bytes);
}

}  // namespace

void RegisterTokenize(CLI::App& app) {
  static TokenizeArgs args;
  auto* tok = app.add_subcommand("tokenize",
                                 "Split raw UTF-8 text into sentences, tokens and "
                                 "words (CoNLL-U, EWT conventions)");
  tok->add_option("FILE", args.input, "input text ('-' = stdin)");
  tok->add_option("--model", args.model, "model file with a 'text' section");
  tok->add_option("--train-from", args.train_from,
                  "train the text stage from this gold CoNLL-U instead of loading a model");
  tok->add_option("--dev", args.dev, "dev CoNLL-U for --train-from (epoch selection)");
  tok->add_option("--max-sentence-tokens", args.max_sentence_tokens,
                  "cut sentences at this many tokens");
  tok->add_flag("-v,--verbose", args.verbose, "training progress and speed on stderr");
  tok->add_option("--repeat", args.repeat, "tokenize N times and report the fastest run (-v)");
  tok->callback([] { SetExitCode(Report(RunTokenize(args))); });

  static std::string gold;
  auto* text = app.add_subcommand("conllu-text",
                                  "Print the CoNLL 2018 raw text of a gold "
                                  "CoNLL-U file (paragraphs by blank lines)");
  text->add_option("GOLD", gold, "gold CoNLL-U")->required();
  text->callback([] { SetExitCode(Report(RunConlluText(gold))); });

  static std::string train, dev, out;
  auto* tt = app.add_subcommand("train-text",
                                "Train the text stage; write a model with its "
                                "'text' section");
  tt->add_option("TRAIN", train, "gold training CoNLL-U")->required();
  tt->add_option("DEV", dev, "gold dev CoNLL-U")->required();
  tt->add_option("OUT", out, "output model file")->required();
  tt->callback([] { SetExitCode(Report(RunTrainText(train, dev, out))); });
}

}  // namespace dyad::cli
