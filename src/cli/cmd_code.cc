// dyad code [INPUT...]: documents in, event data out — the command a user runs.
// Inputs: JSONL documents, text or HTML files, directories, PETRARCH story XML, their .gz
// and .zst variants, or stdin (src/input/input.h, doc/formats/input.md). Outputs:
// JSONL on stdout (default, doc/formats/events.md), CSV/TSV (--format), SQLite (--db,
// doc/formats/store.md) — with --db, a second run of the same command resumes: documents
// already stored are skipped. Problems in the input are printed as "file:line: message",
// counted, and skipped (--strict stops at the first). Exit status: 0 when every document
// was coded, 5 when the run finished but skipped some inputs, else the error's code.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "dyad/engine.h"
#include "dyad/run.h"
#include "input/input.h"
#include "output/event_writers.h"
#include "store/event_store.h"
#include "store/store_sink.h"

namespace dyad::cli {
namespace {

// Exit status of a run that finished but skipped inputs.
constexpr int kExitSkipped = 5;

struct CodeArgs {
  std::vector<std::string> inputs;
  std::string format = "jsonl";
  std::string output;
  std::string db;
  std::vector<std::string> dicts;
  std::string model;
  std::string date;
  std::string input_format = "auto";
  int threads = 0;
  int batch = 256;
  bool one_a_day = false;
  bool quiet = false;
  bool strict = false;
  bool require_dyad = false;
  bool monadic = false;  // the old opt-in to one-sided events, now the default: a no-op
  bool no_repairs = false;
  bool repair_stats = false;
  std::vector<std::string> disabled_repairs;
  std::string event_filter;
  std::string gazetteer;
  bool event_features = false;
};

std::string HumanCount(double v) {
  char buf[32];
  if (v >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.1fM", v / 1e6);
  } else if (v >= 1e4) {
    std::snprintf(buf, sizeof buf, "%.0fk", v / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  }
  return buf;
}

// One updating progress line on a terminal.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled), start_(Clock::now()), last_(start_) {}
  void Update(const RunStats& s, bool force = false) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    std::string line = "\r" + HumanCount(static_cast<double>(s.documents_coded)) + " docs, " +
                       HumanCount(static_cast<double>(s.code.sentences)) + " sentences (" +
                       HumanCount(secs > 0 ? s.code.sentences / secs : 0) + "/s), " +
                       HumanCount(static_cast<double>(s.code.events)) + " events";
    if (s.documents_resumed > 0) line += ", " + HumanCount(s.documents_resumed) + " resumed";
    if (s.problems > 0) line += ", " + std::to_string(s.problems) + " skipped";
    if (s.bytes_total > 0 && s.bytes_done > 0) {
      const double frac = std::min(1.0, static_cast<double>(s.bytes_done) / s.bytes_total);
      line += ", " + std::to_string(static_cast<int>(frac * 100)) + "%";
      if (frac > 0.01 && frac < 1.0 && secs > 1) {
        const int eta = static_cast<int>(secs * (1 - frac) / frac);
        line += ", ETA " + std::to_string(eta / 60) + "m" + std::to_string(eta % 60) + "s";
      }
    }
    line += "   ";
    std::fputs(line.c_str(), stderr);
    shown_ = true;
  }
  void Clear() {
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool shown_ = false;
  Clock::time_point start_, last_;
};

// `already_stored`: documents another run stored meanwhile (StoreSink::already_stored).
void PrintSummary(const RunStats& s, double secs, const CodeArgs& args,
                  uint64_t already_stored) {
  std::fprintf(stderr,
               "dyad code: %llu documents coded, %llu sentences, %llu events (%llu mentions) "
               "in %.1f s (%.0f sentences/s)\n",
               static_cast<unsigned long long>(s.documents_coded),
               static_cast<unsigned long long>(s.code.sentences),
               static_cast<unsigned long long>(s.code.events),
               static_cast<unsigned long long>(s.code.mentions), secs,
               secs > 0 ? s.code.sentences / secs : 0.0);
  if (already_stored > 0) {
    std::fprintf(stderr,
                 "  %llu of them were stored meanwhile by another run on %s: not stored "
                 "again (%llu stored by this run)\n",
                 static_cast<unsigned long long>(already_stored), args.db.c_str(),
                 static_cast<unsigned long long>(s.documents_coded - already_stored));
  }
  if (s.documents_resumed > 0) {
    std::fprintf(stderr, "  %llu documents already in %s: skipped (resume)\n",
                 static_cast<unsigned long long>(s.documents_resumed), args.db.c_str());
  }
  if (s.code.dated_by_dateline > 0) {
    std::fprintf(stderr, "  %llu documents dated by their dateline\n",
                 static_cast<unsigned long long>(s.code.dated_by_dateline));
  }
  if (s.dates_missing > 0) {
    std::fprintf(stderr,
                 "  %llu documents without a date (no date field, --date or dateline): their "
                 "events have an empty date unless a sentence names one\n",
                 static_cast<unsigned long long>(s.dates_missing));
  }
  if (s.code.repaired_bytes > 0) {
    std::fprintf(stderr, "  %llu invalid UTF-8 bytes replaced by U+FFFD\n",
                 static_cast<unsigned long long>(s.code.repaired_bytes));
  }
  if (s.code.capped_sentences > 0) {
    std::fprintf(stderr, "  %llu over-long sentences cut at 400 tokens\n",
                 static_cast<unsigned long long>(s.code.capped_sentences));
  }
  if (s.problems > 0) {
    std::fprintf(stderr, "  %llu inputs skipped:\n", static_cast<unsigned long long>(s.problems));
    for (const auto& [kind, n] : s.problems_by_kind) {
      std::fprintf(stderr, "    %llu  %s\n", static_cast<unsigned long long>(n), kind.c_str());
    }
  }
}

// Opens the output stream: stdout by default; with --db only when --output is given.
// *out stays null when there is none; *close says whether RunCode must fclose it.
Status OpenStream(const CodeArgs& args, std::FILE** out, std::string* name, bool* close) {
  *out = nullptr;
  *close = false;
  if (!args.db.empty() && args.output.empty()) return Status::Ok();
  if (args.output.empty() || args.output == "-") {
    *out = stdout;
    *name = "<stdout>";
    return Status::Ok();
  }
  *out = std::fopen(args.output.c_str(), "wb");
  if (*out == nullptr) {
    return Status::IOError(args.output + ": cannot create: " + std::strerror(errno));
  }
  *name = args.output;
  *close = true;
  return Status::Ok();
}

// Opens the store of --db, records how this run was made, and reads the ids it holds.
Status OpenStore(const CodeArgs& args, const Engine& engine,
                 std::unique_ptr<store::EventStore>* store,
                 std::unordered_set<std::string>* stored_ids) {
  auto opened = store::EventStore::Open(args.db);
  if (!opened.ok()) return opened.status();
  *store = std::move(opened).value();
  auto ids = (*store)->StoredDocumentIds();
  if (!ids.ok()) return ids.status();
  *stored_ids = std::move(ids).value();
  DYAD_RETURN_IF_ERROR((*store)->SetRunInfo("command", CommandLine()));
  DYAD_RETURN_IF_ERROR((*store)->SetRunInfo("model", engine.model_path()));
  DYAD_RETURN_IF_ERROR((*store)->SetRunInfo("dyad_version", DYAD_VERSION));
  std::string dict_names;
  for (const std::string& d : args.dicts) dict_names += (dict_names.empty() ? "" : " ") + d;
  return (*store)->SetRunInfo("dictionaries", dict_names.empty() ? "built-in" : dict_names);
}

// Per tree repair: the sentences whose tree it changed (--repair-stats).
void PrintRepairStats(const CodeStats& s) {
  const std::vector<std::string_view> names = Engine::RepairNames();
  std::fprintf(stderr, "tree repairs (sentences changed, of %llu):\n",
               static_cast<unsigned long long>(s.sentences));
  for (size_t i = 0; i < names.size(); ++i) {
    const uint64_t n = i < s.repair_fires.size() ? s.repair_fires[i] : 0;
    std::fprintf(stderr, "  %8llu  %.*s\n", static_cast<unsigned long long>(n),
                 static_cast<int>(names[i].size()), names[i].data());
  }
}

Status RunCode(const CodeArgs& args, int* exit_code) {
  output::OutputFormat format;
  if (!output::ParseOutputFormat(args.format, &format)) {
    return Status::InvalidArgument("--format: '" + args.format + "' is not jsonl, csv, tsv or geojson");
  }
  input::InputOptions input_options;
  if (!input::ParseInputFormat(args.input_format, &input_options.format) &&
      args.input_format != "auto") {
    return Status::InvalidArgument("--input-format: '" + args.input_format +
                                   "' is not auto, jsonl, text, html or xml");
  }
  if (args.input_format == "auto") input_options.format = input::InputFormat::kAuto;
  RunOptions options;
  options.threads = args.threads > 0 ? args.threads
                                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.strict = args.strict;
  if (args.batch < 1) return Status::InvalidArgument("--batch: must be at least 1");
  options.batch_documents = static_cast<size_t>(args.batch);
  if (!args.date.empty() && !input::NormalizeDate(args.date, &options.default_date)) {
    return Status::InvalidArgument("--date: '" + args.date + "' is not YYYY-MM-DD or YYYYMMDD");
  }

  // Load everything before touching the outputs, so a bad model or dictionary leaves no
  // half-made file behind.
  EngineOptions engine_options;
  engine_options.model_path = args.model;
  engine_options.dictionaries = args.dicts;
  engine_options.require_dyad = args.require_dyad;
  engine_options.repairs = !args.no_repairs;
  engine_options.disabled_repairs = args.disabled_repairs;
  engine_options.event_filter = args.event_filter;
  engine_options.gazetteer = args.gazetteer;
  engine_options.event_features = args.event_features;
  std::vector<std::string> dict_errors;
  auto engine = Engine::Open(engine_options, &dict_errors);
  if (!engine.ok()) return engine.status();
  if (!dict_errors.empty() && !args.quiet) {
    std::fprintf(stderr,
                 "dyad code: %zu malformed dictionary lines skipped (see `dyad dict check`)\n",
                 dict_errors.size());
  }

  auto stream = input::DocumentStream::Open(args.inputs, input_options);
  if (!stream.ok()) return stream.status();

  std::unique_ptr<store::EventStore> store;
  std::unordered_set<std::string> stored_ids;
  if (!args.db.empty()) {
    DYAD_RETURN_IF_ERROR(OpenStore(args, **engine, &store, &stored_ids));
    options.skip_ids = &stored_ids;
  }
  std::FILE* out = nullptr;
  std::string out_name;
  bool close_out = false;
  DYAD_RETURN_IF_ERROR(OpenStream(args, &out, &out_name, &close_out));
  std::unique_ptr<output::StreamSink> stream_sink;
  if (out != nullptr) {
    stream_sink = std::make_unique<output::StreamSink>(out, out_name, format, args.one_a_day);
  }
  std::unique_ptr<store::StoreSink> store_sink;
  if (store) store_sink = std::make_unique<store::StoreSink>(store.get());
  std::unique_ptr<TeeSink> tee;
  EventSink* sink = stream_sink ? static_cast<EventSink*>(stream_sink.get()) : store_sink.get();
  if (stream_sink && store_sink) {
    // The stream sink only reads the events; the store sink moves them, so it goes last.
    tee = std::make_unique<TeeSink>(stream_sink.get(), store_sink.get());
    sink = tee.get();
  }

  Progress progress(!args.quiet && ::isatty(2));
  const auto t0 = std::chrono::steady_clock::now();
  RunStats stats;
  RunCallbacks callbacks;
  callbacks.on_problem = [&](const InputProblem& p) {
    progress.Clear();
    std::fprintf(stderr, "%s\n", p.ToString().c_str());
  };
  callbacks.on_progress = [&](const RunStats& s) { progress.Update(s); };
  Status status = RunCoding(stream->get(), **engine, options, sink, callbacks, &stats);
  progress.Update(stats, /*force=*/true);
  progress.Clear();
  if (close_out && std::fclose(out) != 0 && status.ok()) {
    status = Status::IOError(args.output + ": write failed: " + std::strerror(errno));
  }
  if (store) {
    Status closed = store->Close();
    if (status.ok()) status = closed;
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!args.quiet || !status.ok()) {
    PrintSummary(stats, secs, args, store_sink ? store_sink->already_stored() : 0);
  }
  if (args.repair_stats) PrintRepairStats(stats.code);
  if (status.ok() && stats.problems > 0) *exit_code = kExitSkipped;
  return status;
}

}  // namespace

void RegisterCode(CLI::App& app) {
  auto args = std::make_shared<CodeArgs>();
  auto* cmd = app.add_subcommand(
      "code",
      "Code political events from documents (JSONL, text, HTML, PETRARCH XML, .gz/.zst; "
      "directories; - for stdin)");
  cmd->add_option("INPUTS", args->inputs, "input files or directories (default: stdin)");
  cmd->add_option("--format", args->format, "stream output: jsonl (default), csv, tsv or geojson");
  cmd->add_option("-o,--output", args->output, "write the stream output here (default stdout)");
  cmd->add_option("--db", args->db,
                  "write documents, sentences and events to this SQLite file; re-running "
                  "resumes (stored documents are skipped)");
  cmd->add_option("--dict", args->dicts,
                  "dictionary directory: DIR replaces the built-in set, +DIR layers DIR on "
                  "top of it (repeatable)")
      ->allow_extra_args(false);  // one directory per --dict, never the inputs after it
  cmd->add_option("--model", args->model, "parser model: a file, \"default\" (= \"neural\": BiLSTM tagger + biaffine parser) or \"fast\" (the greedy perceptron, ~6x faster)");
  cmd->add_option("--date", args->date,
                  "date (YYYY-MM-DD) for documents that carry none; before datelines");
  cmd->add_option("--input-format", args->input_format,
                  "auto (by extension, default), jsonl, text, html or xml");
  cmd->add_option("--threads", args->threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, kMaxRunThreads));
  cmd->add_option("--batch", args->batch,
                  "documents per batch: per SQLite transaction, and per unit of work shared "
                  "by the threads (default 256)");
  cmd->add_flag("--one-a-day", args->one_a_day,
                "merge identical events of different documents on the same date");
  cmd->add_flag("--require-dyad", args->require_dyad,
                "code only events with both a source and a target (PETRARCH's require_dyad); "
                "by default one-sided events are coded too, with the missing side null");
  // Kept so that scripts written for 0.1 still run; hidden from --help.
  cmd->add_flag("--monadic", args->monadic, "no-op: one-sided events are the default")->group("");
  cmd->add_flag("--no-repairs", args->no_repairs,
                "code the parser's trees as they are: no tree repairs (doc/repairs.md)");
  cmd->add_option("--disable-repair", args->disabled_repairs,
                  "leave out this tree repair (repeatable; names in doc/repairs.md)")
      ->allow_extra_args(false);
 cmd->add_option("--gazetteer", args->gazetteer,
                  "the gazetteer that places events: a file, or 'none' (default: the build's "
                  "data/dyad.gazetteer; doc/formats/gazetteer.md)");
  cmd->add_option("--event-filter", args->event_filter,
                  "the learned event filter: a model file, or 'none' (default: the shipped "
                  "models/event-filter.txt; doc/formats/event-filter.md)");
  cmd->add_flag("--event-features", args->event_features,
                "write every event's filter features (\"features\" in JSONL)");
  cmd->add_flag("--repair-stats", args->repair_stats,
                "print on stderr how many sentences each tree repair changed");
  cmd->add_flag("-q,--quiet", args->quiet, "no progress line and no summary");
  cmd->add_flag("--strict", args->strict, "stop at the first bad input instead of skipping it");
  cmd->callback([args]() {
    int exit_code = 0;
    const Status status = RunCode(*args, &exit_code);
    SetExitCode(status.ok() ? exit_code : Report(status));
  });
}

}  // namespace dyad::cli
