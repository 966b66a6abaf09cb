// dyad dict check [DIR|FILES...]: reads dictionaries and prints every problem as
// "file:line: error|warning: message"; exit status 1 when any error was found.
// dyad dict stats [DIR|FILES...]: entries per file, load time, the CAMEO codes with no verb
// or pattern (goal: none), the event codes given, and actors per root (country) code.
// dyad dict lookup TEXT [--dict DIR] [--date D]: how the dictionaries read a phrase.
// The work is done by include/dyad/dictionary_tools.h. With no input the built-in set (data/dict/, or $DYAD_DICT) is used. A DIR stands for
// every dictionary file in it (dict::DictionaryPaths::FromDirectory; `check` reads every
// file, even of a PETRARCH distribution, whose set `stats` reads); an input written
// +DIR or +FILE starts a layer on top of the inputs before it (see the layering rules in
// doc/formats/dictionaries.md); `--phoenix DIR` loads exactly the Phoenix set PETRARCH's
// PETR_config.ini names.
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "dyad/dictionary_tools.h"

namespace dyad::cli {
namespace {

void AddCommon(CLI::App* cmd, DictionaryToolOptions* args) {
  cmd->add_option("INPUTS", args->inputs,
                  "dictionary directories and/or files (default: the built-in set); "
                  "+DIR or +FILE starts a layer on top of the inputs before it");
  cmd->add_option("--phoenix", args->phoenix,
                  "directory: load the Phoenix set named by PETRARCH's PETR_config.ini");
  cmd->add_flag("--strict", args->strict, "stop at the first malformed line");
  cmd->add_option("--kind", args->kind, "read every FILE as this kind (default: from its name)")
      ->check(CLI::IsMember({"verbs", "actors", "agents", "discards", "issues", "ontology"}));
  cmd->add_option("--verb-format", args->verb_format, "verb pattern semantics: auto, 1 or 2")
      ->check(CLI::IsMember({"auto", "1", "2"}));
}

}  // namespace

void RegisterDict(CLI::App& app) {
  auto* dict_cmd = app.add_subcommand("dict", "Check PETRARCH dictionaries or print statistics");
  dict_cmd->require_subcommand(1);
  static DictionaryToolOptions check_args;
  static DictionaryToolOptions stats_args;
  auto* check = dict_cmd->add_subcommand(
      "check", "Validate dictionary files; prints file:line diagnostics, exit 1 on any error");
  AddCommon(check, &check_args);
  check->add_flag("--warnings", check_args.warnings, "also print warnings");
  check->callback([] {
    size_t errors = 0;
    const Status s = CheckDictionaries(check_args, stdout, stderr, &errors);
    SetExitCode(!s.ok() ? Report(s) : errors > 0 ? 1 : 0);
  });
  auto* stats = dict_cmd->add_subcommand(
      "stats", "Entries per file, load time and CAMEO codes with patterns");
  AddCommon(stats, &stats_args);
  stats->callback([] {
    SetExitCode(Report(PrintDictionaryStats(stats_args, stdout)));
  });
  static DictionaryToolOptions lookup_args;
  static std::string lookup_text;
  static int32_t lookup_date = 0;
  auto* lookup = dict_cmd->add_subcommand(
      "lookup", "Show the actor/agent/issue/discard matches and verb blocks of a phrase");
  lookup->add_option("TEXT", lookup_text, "words to look up, e.g. \"president bush\"")->required();
  lookup->add_option("--date", lookup_date, "YYYYMMDD for date-restricted actor codes");
  lookup->add_option("--phoenix", lookup_args.phoenix,
                     "directory of the Phoenix set (default: the built-in set)");
  lookup->add_option("--dict", lookup_args.inputs,
                     "dictionary directory or file; +DIR layers it on top (repeatable)")
      ->allow_extra_args(false);  // one directory per --dict, never the inputs after it
  lookup->callback([] { SetExitCode(Report(LookupPhrase(lookup_args, lookup_text, lookup_date, stdout))); });
}

}  // namespace dyad::cli
