// dyad index STORE: brings a store up to date for reading — migrates an older schema
// (doc/formats/store.md), builds the query indexes and the totals of `dyad serve`'s series
// and networks, and fills the full-text index of event sentences its q= search needs. A
// `dyad code --db` run that finishes does the same; this is for a store whose run was
// killed, or one written by an older dyad.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "store/event_store.h"

namespace dyad::cli {
namespace {

Status RunIndex(const std::string& path) {
  std::FILE* probe = std::fopen(path.c_str(), "rb");
  if (probe == nullptr) return Status::NotFound(path + ": " + std::strerror(errno));
  std::fclose(probe);
  auto store = store::EventStore::Open(path);  // migrates
  if (!store.ok()) return store.status();
  return (*store)->Close();                    // builds what is missing
}

}  // namespace

void RegisterIndex(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "index", "Migrate a dyad store and build its query and full-text indexes and totals (for "
      "dyad serve)");
  cmd->add_option("STORE", *path, "SQLite file written by `dyad code --db`")->required();
  cmd->callback([path]() { SetExitCode(Report(RunIndex(*path))); });
}

}  // namespace dyad::cli
