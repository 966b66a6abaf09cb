// The dyad command line: each subcommand lives in its own cmd_*.cc and registers itself
// on the CLI11 app. A subcommand's callback returns the process exit status; errors are
// printed to stderr as "dyad: <Status>" (the one place Status becomes text + exit code).
#ifndef DYAD_CLI_COMMANDS_H_
#define DYAD_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "dyad/engine.h"
#include "dyad/status.h"

namespace dyad::cli {

// The command line as typed (arguments joined by spaces), for provenance records.
const std::string& CommandLine();

// Set by a subcommand's callback; main returns it.
void SetExitCode(int code);
// Prints "dyad: <status>" to stderr and returns the exit code for it (0 when ok).
int Report(const Status& status);

// An engine that only annotates (no dictionaries), with the model at `model` (empty: the
// default model). Defined in cmd_parse.cc.
Result<std::unique_ptr<Engine>> OpenParseEngine(const std::string& model);

void RegisterEvalParse(CLI::App& app);
void RegisterParse(CLI::App& app);
void RegisterTrain(CLI::App& app);
void RegisterTrainFilter(CLI::App& app);
void RegisterEvalEvents(CLI::App& app);
void RegisterTokenize(CLI::App& app);
void RegisterDict(CLI::App& app);
void RegisterValidate(CLI::App& app);
void RegisterCode(CLI::App& app);
void RegisterExport(CLI::App& app);
void RegisterGeo(CLI::App& app);
void RegisterIndex(CLI::App& app);
void RegisterServe(CLI::App& app);  // only when built with cpp-httplib (DYAD_HAVE_SERVE)

}  // namespace dyad::cli

#endif  // DYAD_CLI_COMMANDS_H_
