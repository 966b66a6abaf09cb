// Entry point of the dyad command-line tool: parses options and dispatches to the
// subcommands registered in cmd_*.cc.
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "dyad/engine.h"

namespace dyad::cli {
namespace {
int g_exit_code = 0;
std::string g_command_line;
}  // namespace

const std::string& CommandLine() { return g_command_line; }
void SetCommandLine(int argc, char** argv) {
  for (int i = 0; i < argc; ++i) {
    if (i > 0) g_command_line += ' ';
    g_command_line += argv[i];
  }
}

void SetExitCode(int code) { g_exit_code = code; }

int Report(const Status& status) {
  if (status.ok()) return 0;
  std::fprintf(stderr, "dyad: %s\n", status.ToString().c_str());
  switch (status.code()) {
    case Status::Code::kInvalidArgument: return 2;
    case Status::Code::kNotFound:
    case Status::Code::kIOError: return 3;
    case Status::Code::kCorruption:
    case Status::Code::kUnsupported: return 4;
    default: return 1;
  }
}

}  // namespace dyad::cli

int main(int argc, char** argv) {
  CLI::App app{"dyad: news text to political event data (who did what to whom, when, where)"};
  app.require_subcommand(1);
  app.set_version_flag("--version",
                       std::string("dyad " DYAD_VERSION " (model format ") +
                           std::to_string(dyad::SupportedModelFormats().oldest) + "-" +
                           std::to_string(dyad::SupportedModelFormats().newest) + ")");

  dyad::cli::SetCommandLine(argc, argv);
  dyad::cli::RegisterParse(app);
  dyad::cli::RegisterEvalParse(app);
  dyad::cli::RegisterTrain(app);
  dyad::cli::RegisterTrainFilter(app);
  dyad::cli::RegisterEvalEvents(app);
  dyad::cli::RegisterTokenize(app);
  dyad::cli::RegisterDict(app);
  dyad::cli::RegisterGeo(app);
  dyad::cli::RegisterValidate(app);
  dyad::cli::RegisterCode(app);
  dyad::cli::RegisterExport(app);
  dyad::cli::RegisterIndex(app);
#ifdef DYAD_HAVE_SERVE
  dyad::cli::RegisterServe(app);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return dyad::cli::g_exit_code;
}
