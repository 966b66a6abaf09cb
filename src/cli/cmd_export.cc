// dyad export DB: the events of a `dyad code --db` store as JSONL (default), CSV or TSV —
// the same writers as `dyad code` (doc/formats/events.md, events-csv.md), so a store can
// be turned into any stream format after the fact. --one-a-day merges identical events of
// different documents on the same date; --verify checks the store's consistency first.
// The store is opened read-only and its events are streamed: memory does not grow with it.
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

// Events go to the writer in batches of this many (one pseudo-document each).
constexpr size_t kExportBatch = 1024;

// Writes the store's events to `sink` as they are read: memory is one batch, not the store
// (issue 14: a 5M-event store needed ~13 GB). With --one-a-day only the collapsed events
// are held.
Status ExportEvents(store::EventStore* store, bool one_a_day, output::StreamSink* sink) {
  CodedDocument batch;
  auto flush = [&]() -> Status {
    if (batch.events.empty()) return Status::Ok();
    Status s = sink->Consume(std::span<CodedDocument>(&batch, 1));
    batch.events.clear();
    return s;
  };
  store::OneADayCollapser collapser;
  DYAD_RETURN_IF_ERROR(store->ForEachEvent([&](Event& ev) -> Status {
    if (one_a_day) {
      collapser.Add(ev);
      return Status::Ok();
    }
    batch.events.push_back(std::move(ev));
    return batch.events.size() >= kExportBatch ? flush() : Status::Ok();
  }));
  if (one_a_day) {
    for (Event& ev : collapser.Take()) {
      batch.events.push_back(std::move(ev));
      if (batch.events.size() >= kExportBatch) DYAD_RETURN_IF_ERROR(flush());
    }
  }
  DYAD_RETURN_IF_ERROR(flush());
  return sink->Finish();
}

Status RunExport(const ExportArgs& args) {
  output::OutputFormat format;
  if (!output::ParseOutputFormat(args.format, &format)) {
    return Status::InvalidArgument("--format: '" + args.format + "' is not jsonl, csv, tsv or geojson");
  }
  std::FILE* probe = std::fopen(args.db.c_str(), "rb");
  if (probe == nullptr) return Status::NotFound(args.db + ": " + std::strerror(errno));
  std::fclose(probe);
  // Read-only: exporting never writes to the store (issue 14: it set WAL mode and built
  // indexes, so a read-only store could not be exported, nor one on a full disk).
  auto store = store::EventStore::OpenReadOnly(args.db);
  if (!store.ok()) return store.status();
  if (args.verify) DYAD_RETURN_IF_ERROR((*store)->Verify());

  // An output file is written under a temporary name and renamed when complete, so a
  // failed export leaves no half-written file.
  const bool to_file = !args.output.empty() && args.output != "-";
  const std::string tmp = args.output + ".tmp";
  std::FILE* out = stdout;
  if (to_file) {
    out = std::fopen(tmp.c_str(), "wb");
    if (out == nullptr) return Status::IOError(tmp + ": cannot create: " + std::strerror(errno));
  }
  output::StreamSink sink(out, to_file ? args.output : "<stdout>", format,
                          /*one_a_day=*/false);
  Status status = ExportEvents(store->get(), args.one_a_day, &sink);
  if (Status closed = (*store)->Close(); status.ok()) status = closed;
  if (to_file) {
    if (std::fclose(out) != 0 && status.ok()) {
      status = Status::IOError(args.output + ": write failed: " + std::strerror(errno));
    }
    if (status.ok() && std::rename(tmp.c_str(), args.output.c_str()) != 0) {
      status = Status::IOError(args.output + ": " + std::strerror(errno));
    }
    if (!status.ok()) std::remove(tmp.c_str());
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
