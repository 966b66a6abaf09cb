// dyad export DB: the events of a `dyad code --db` store as JSONL (default), CSV or TSV —
// the same writers as `dyad code` (doc/formats/events.md, events-csv.md), so a store can
// be turned into any stream format after the fact. --one-a-day merges identical events of
// different documents on the same date; --verify checks the store's consistency first.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "dyad/run.h"
#include "output/event_writers.h"
#include "store/event_store.h"

namespace dyad::cli {
namespace {

struct ExportArgs {
  std::string db;
  std::string format = "jsonl";
  std::string output;
  bool one_a_day = false;
  bool verify = false;
};

Status RunExport(const ExportArgs& args) {
  output::OutputFormat format;
  if (!output::ParseOutputFormat(args.format, &format)) {
    return Status::InvalidArgument("--format: '" + args.format + "' is not jsonl, csv, tsv or geojson");
  }
  std::FILE* probe = std::fopen(args.db.c_str(), "rb");
  if (probe == nullptr) return Status::NotFound(args.db + ": " + std::strerror(errno));
  std::fclose(probe);
  auto store = store::EventStore::Open(args.db);
  if (!store.ok()) return store.status();
  if (args.verify) DYAD_RETURN_IF_ERROR((*store)->Verify());
  auto events = args.one_a_day ? (*store)->ReadEventsOneADay() : (*store)->ReadEvents();
  if (!events.ok()) return events.status();
  DYAD_RETURN_IF_ERROR((*store)->Close());

  std::FILE* out = stdout;
  if (!args.output.empty() && args.output != "-") {
    out = std::fopen(args.output.c_str(), "wb");
    if (out == nullptr) return Status::IOError(args.output + ": cannot create: " + std::strerror(errno));
  }
  // One pseudo-document carries all events through the stream writer.
  output::StreamSink sink(out, args.output.empty() ? "<stdout>" : args.output, format,
                            /*one_a_day=*/false);
  CodedDocument all;
  all.events = std::move(events).value();
  Status status = sink.Consume(std::span<CodedDocument>(&all, 1));
  if (status.ok()) status = sink.Finish();
  if (out != stdout && std::fclose(out) != 0 && status.ok()) {
    status = Status::IOError(args.output + ": write failed: " + std::strerror(errno));
  }
  return status;
}

}  // namespace

void RegisterExport(CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand("export", "Write the events of a dyad SQLite store as JSONL, CSV or TSV");
  cmd->add_option("DB", args->db, "SQLite file written by `dyad code --db`")->required();
  cmd->add_option("--format", args->format, "jsonl (default), csv, tsv or geojson");
  cmd->add_option("-o,--output", args->output, "output file (default stdout)");
  cmd->add_flag("--one-a-day", args->one_a_day,
                "merge identical events of different documents on the same date");
  cmd->add_flag("--verify", args->verify, "check the store's consistency first");
  cmd->callback([args]() { SetExitCode(Report(RunExport(*args))); });
}

}  // namespace dyad::cli
