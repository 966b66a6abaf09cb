// dyad validate FILE.xml: codes every record of a PETRARCH validation file and compares
// the events with the record's <EventCoding> expectations. An event is the triple
// (source code, target code, CAMEO code); a record passes when its set of coded events
// equals the expected set. Prints each failing record (id, line, text, expected and got),
// then event precision / recall / F1 and, last, "N passed, M failed". Malformed records are
// reported with their line number and counted as failures. The dictionaries are those the
// file's <Environment> names (in --dict-dir), unless --dict/--builtin name a set: the
// built-in one, another directory, or layers (EngineOptions::dictionaries). Coding and
// scoring go through the Engine and eval/event_score.h.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "dyad/engine.h"
#include "eval/event_score.h"
#include "input/input.h"
#include "input/petrarch_validation.h"
#include "output/event_writers.h"

namespace dyad::cli {
namespace {

struct ValidateArgs {
  std::string file;
  std::string dict_dir;
  std::vector<std::string> dicts;  // --dict values: replace the file's <Environment>.
  bool builtin = false;            // --builtin: the built-in set (as --dict with no value).
  std::string verbs;
  std::string output;
  std::string model;
  bool reparse = false;
  bool quiet = false;
  bool no_repairs = false;
  std::vector<std::string> disabled_repairs;
  int min_pass = -1;
};

bool IsDir(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The dictionary directory of the file's <Environment>: --dict-dir, else the shared
// PETRARCH data, else next to the file (<...>/petrarch/validation → ../dictionaries).
std::string EnvironmentDir(const ValidateArgs& args) {
  if (!args.dict_dir.empty()) return args.dict_dir;
  if (IsDir("../shared/data/petrarch/dictionaries")) return "../shared/data/petrarch/dictionaries";
  const size_t slash = args.file.find_last_of('/');
  const std::string base = slash == std::string::npos ? "." : args.file.substr(0, slash);
  if (IsDir(base + "/../dictionaries")) return base + "/../dictionaries";
  return "";
}

// The engine's options: the dictionaries the user names (--dict, --builtin) or the file's
// <Environment>; the model only when some record is parsed by dyad. *described says which
// dictionaries.
Result<EngineOptions> ValidateEngineOptions(const ValidateArgs& args,
                                            const input::ValidationFile& vf,
                                            std::string* described) {
  EngineOptions options;
  options.model_path = args.model;
  options.repairs = !args.no_repairs;
  options.disabled_repairs = args.disabled_repairs;
  // PETRARCH's coding: actors named by their sector alone keep no country.
  options.document_places = false;
  bool needs_model = args.reparse;
  for (const input::ValidationRecord& rec : vf.records) {
    needs_model |= rec.parse.find_first_not_of(" \t\r\n") == std::string::npos;
  }
  options.no_model = !needs_model;
  if (!args.dicts.empty() || args.builtin) {
    options.dictionaries = args.dicts;
    options.verb_file = args.verbs;  // --verbs with --dict: replaces the set's verbs
    *described = args.dicts.empty() ? "built-in (" + DefaultDictionaryDir() + ")" : "";
    for (const std::string& d : args.dicts) *described += (described->empty() ? "" : " ") + d;
    return options;
  }
  const std::string dir = EnvironmentDir(args);
  if (dir.empty() || !IsDir(dir)) {
    return Status::NotFound("validate: no dictionary directory (use --dict-dir)");
  }
  auto files = eval::EnvironmentFiles(vf.environment, dir, args.verbs, args.file);
  if (!files.ok()) return files.status();
  options.dictionary_files = std::move(files).value();
  *described = dir;
  return options;
}

Status RunValidate(const ValidateArgs& args) {
  auto data = input::ReadWholeFile(args.file);
  if (!data.ok()) return data.status();
  auto vf = input::ReadValidationFile(*data, args.file);
  if (!vf.ok()) return vf.status();

  std::string dir;
  auto options = ValidateEngineOptions(args, *vf, &dir);
  if (!options.ok()) return options.status();
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::string> dict_errors;
  auto engine = Engine::Open(*options, &dict_errors);
  if (!engine.ok()) return engine.status();
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::string jsonl;
  eval::ValidationScore score;
  auto print = [&](const eval::RecordResult& r) {
    const input::ValidationRecord& rec = *r.record;
    if (!args.output.empty()) {
      for (const Event& e : r.events) {
        jsonl += EventToJson(e);
        jsonl += '\n';
      }
    }
    if (!r.error.empty()) {
      std::printf("FAIL %s: %s\n", rec.id.c_str(), r.error.c_str());
      return;
    }
    if (r.passed || args.quiet) return;
    std::printf("FAIL %s (%s:%d): %s\n  expected: %s\n  got:      %s\n", rec.id.c_str(),
                args.file.c_str(), rec.line, rec.text.c_str(),
                eval::TriplesText(r.expected).c_str(), eval::TriplesText(r.got).c_str());
    for (const Event& e : r.events) {
      std::printf("    %s %s %s  verb '%s'  pattern '%s' (%s)\n",
                  ActorCodeOrNull(e.source).c_str(), ActorCodeOrNull(e.target).c_str(),
                  e.code.c_str(), e.verb_text.c_str(), e.pattern.c_str(), e.pattern_loc.c_str());
    }
  };
  DYAD_RETURN_IF_ERROR(
      eval::ScoreValidationFile(*vf, args.file, **engine, args.reparse, print, &score));
  if (!args.output.empty()) DYAD_RETURN_IF_ERROR(output::WriteWholeFile(args.output, jsonl));
  std::printf("dictionaries: %s (%zu errors reported, loaded in %.2f s)\n", dir.c_str(),
              dict_errors.size(), load_s);
  std::printf("events: %zu expected, %zu coded, %zu correct; precision %.3f recall %.3f F1 %.3f\n",
              score.expected, score.coded, score.correct, score.precision(), score.recall(),
              score.f1());
  std::printf("%d passed, %d failed\n", score.passed, score.failed);
  if (args.min_pass >= 0 && score.passed < args.min_pass) {
    return Status::Internal("validate: " + std::to_string(score.passed) +
                            " passed, below the floor of " + std::to_string(args.min_pass));
  }
  return Status::Ok();
}

}  // namespace

void RegisterValidate(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "validate", "Code a PETRARCH validation file and compare with its expected events");
  static ValidateArgs args;
  cmd->add_option("FILE", args.file, "validation file (.xml)")->required();
  cmd->add_option("--dict-dir", args.dict_dir,
                  "directory of the dictionaries the file names "
                  "(default ../shared/data/petrarch/dictionaries)");
  cmd->add_option("--dict", args.dicts,
                  "code with this dictionary set instead of the file's <Environment>: DIR "
                  "replaces, +DIR layers on top of the built-in set (repeatable; see "
                  "doc/formats/dictionaries.md)")
      ->allow_extra_args(false);  // one directory per --dict, never the inputs after it
  cmd->add_flag("--builtin", args.builtin,
                "code with the built-in dictionary set (data/dict/, or $DYAD_DICT) instead "
                "of the file's <Environment>");
  cmd->add_option("--verbs", args.verbs, "verb dictionary overriding the file's <Verbfile>");
  cmd->add_option("--output", args.output, "write every coded event as JSONL here");
  cmd->add_flag("--reparse", args.reparse, "code from dyad's own parse of the text");
  cmd->add_option("--model", args.model, "parser model for --reparse (default: the built-in)");
  cmd->add_flag("--quiet", args.quiet, "do not print failing records");
  cmd->add_flag("--no-repairs", args.no_repairs, "no tree repairs (doc/repairs.md)");
  cmd->add_option("--disable-repair", args.disabled_repairs,
                  "leave out this tree repair (repeatable; names in doc/repairs.md)")
      ->allow_extra_args(false);
  cmd->add_option("--min-pass", args.min_pass,
                  "exit with an error when fewer records pass (for CI floors)");
  cmd->callback([] { SetExitCode(Report(RunValidate(args))); });
}

}  // namespace dyad::cli
