// dyad code [INPUT...]: documents in, event data out — the command a user runs.
// Inputs: JSONL documents, text or HTML files, directories, PETRARCH story XML, their .gz
// and .zst variants, or stdin (src/pipeline/input.h, doc/formats/input.md). Outputs:
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

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "coder/coder.h"
#include "coder/date_resolver.h"
#include "dict/dictionary.h"
#include "dyad/pipeline.h"
#include "pipeline/code_runner.h"
#include "pipeline/event_output.h"
#include "pipeline/input.h"
#include "store/event_store.h"

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
  bool monadic = false;
};

// Writes batches into the SQLite store, one transaction per batch.
class DbSink : public pipeline::EventSink {
 public:
  explicit DbSink(store::EventStore* store) : store_(store) {}
  Status Consume(std::span<pipeline::CodedDocument> batch) override {
    docs_.clear();
    for (pipeline::CodedDocument& cd : batch) {
      store::StoredDocument& sd = docs_.emplace_back();
      sd.id = cd.input.id;
      sd.date = cd.doc.date;
      sd.title = cd.input.title;
      sd.url = cd.input.url;
      sd.source = cd.input.source;
      sd.lang = cd.input.lang;
      sd.date_origin = std::string(pipeline::DateOriginName(cd.date_origin));
      if (cd.date_origin == pipeline::DateOrigin::kMissing) sd.date_origin.clear();
      sd.origin = cd.input.line > 0 ? cd.input.file + ":" + std::to_string(cd.input.line)
                                    : cd.input.file;
      sd.sentences.reserve(cd.doc.sentences.size());
      for (size_t i = 0; i < cd.doc.sentences.size(); ++i) {
        const Sentence& s = cd.doc.sentences[i];
        sd.sentences.push_back(store::StoredSentence{static_cast<uint32_t>(i), s.id,
                                                     std::string(cd.doc.SentenceText(s))});
      }
      sd.events = std::move(cd.events);
    }
    size_t skipped = 0;
    return store_->WriteBatch(std::span<const store::StoredDocument>(docs_), &skipped);
  }
  Status Finish() override { return Status::Ok(); }

 private:
  store::EventStore* store_;
  std::vector<store::StoredDocument> docs_;
};

// Both sinks at once (--db with --output).
class TeeSink : public pipeline::EventSink {
 public:
  TeeSink(pipeline::EventSink* a, pipeline::EventSink* b) : a_(a), b_(b) {}
  Status Consume(std::span<pipeline::CodedDocument> batch) override {
    // The stream sink only reads the events; the store sink moves them, so it goes last.
    DYAD_RETURN_IF_ERROR(a_->Consume(batch));
    return b_->Consume(batch);
  }
  Status Finish() override {
    DYAD_RETURN_IF_ERROR(a_->Finish());
    return b_->Finish();
  }

 private:
  pipeline::EventSink* a_;
  pipeline::EventSink* b_;
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
  void Update(const pipeline::CodeStats& s, bool force = false) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    std::string line = "\r" + HumanCount(static_cast<double>(s.documents_coded)) + " docs, " +
                       HumanCount(static_cast<double>(s.sentences)) + " sentences (" +
                       HumanCount(secs > 0 ? s.sentences / secs : 0) + "/s), " +
                       HumanCount(static_cast<double>(s.events)) + " events";
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

void PrintSummary(const pipeline::CodeStats& s, double secs, const CodeArgs& args) {
  std::fprintf(stderr,
               "dyad code: %llu documents coded, %llu sentences, %llu events (%llu mentions) "
               "in %.1f s (%.0f sentences/s)\n",
               static_cast<unsigned long long>(s.documents_coded),
               static_cast<unsigned long long>(s.sentences),
               static_cast<unsigned long long>(s.events),
               static_cast<unsigned long long>(s.mentions), secs,
               secs > 0 ? s.sentences / secs : 0.0);
  if (s.documents_resumed > 0) {
    std::fprintf(stderr, "  %llu documents already in %s: skipped (resume)\n",
                 static_cast<unsigned long long>(s.documents_resumed), args.db.c_str());
  }
  if (s.dates_from_dateline > 0) {
    std::fprintf(stderr, "  %llu documents dated by their dateline\n",
                 static_cast<unsigned long long>(s.dates_from_dateline));
  }
  if (s.dates_missing > 0) {
    std::fprintf(stderr,
                 "  %llu documents without a date (no date field, --date or dateline): their "
                 "events have an empty date unless a sentence names one\n",
                 static_cast<unsigned long long>(s.dates_missing));
  }
  if (s.repaired_bytes > 0) {
    std::fprintf(stderr, "  %llu invalid UTF-8 bytes replaced by U+FFFD\n",
                 static_cast<unsigned long long>(s.repaired_bytes));
  }
  if (s.capped_sentences > 0) {
    std::fprintf(stderr, "  %llu over-long sentences cut at 400 tokens\n",
                 static_cast<unsigned long long>(s.capped_sentences));
  }
  if (s.problems > 0) {
    std::fprintf(stderr, "  %llu inputs skipped:\n", static_cast<unsigned long long>(s.problems));
    for (const auto& [kind, n] : s.problems_by_kind) {
      std::fprintf(stderr, "    %llu  %s\n", static_cast<unsigned long long>(n), kind.c_str());
    }
  }
}

Status RunCode(const CodeArgs& args, int* exit_code) {
  pipeline::OutputFormat format;
  if (!pipeline::ParseOutputFormat(args.format, &format)) {
    return Status::InvalidArgument("--format: '" + args.format + "' is not jsonl, csv or tsv");
  }
  pipeline::InputOptions input_options;
  if (!pipeline::ParseInputFormat(args.input_format, &input_options.format) &&
      args.input_format != "auto") {
    return Status::InvalidArgument("--input-format: '" + args.input_format +
                                   "' is not auto, jsonl, text, html or xml");
  }
  if (args.input_format == "auto") input_options.format = pipeline::InputFormat::kAuto;
  pipeline::CodeOptions options;
  options.threads = args.threads > 0 ? args.threads
                                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.strict = args.strict;
  if (args.batch < 1) return Status::InvalidArgument("--batch: must be at least 1");
  options.batch_documents = static_cast<size_t>(args.batch);
  if (!args.date.empty() && !pipeline::NormalizeDate(args.date, &options.default_date)) {
    return Status::InvalidArgument("--date: '" + args.date + "' is not YYYY-MM-DD or YYYYMMDD");
  }

  // Load everything before touching the outputs, so a bad model or dictionary leaves no
  // half-made file behind.
  auto pipeline = Pipeline::Load(args.model.empty() ? DefaultModelPath() : args.model);
  if (!pipeline.ok()) return pipeline.status();
  std::vector<dict::Diagnostic> diagnostics;
  auto paths = ResolveDictArgs(args.dicts, &diagnostics);
  if (!paths.ok()) return paths.status();
  auto dicts = dict::DictionarySet::Load(*paths, dict::LoadOptions(), &diagnostics);
  if (!dicts.ok()) return dicts.status();
  size_t dict_errors = 0;
  for (const dict::Diagnostic& d : diagnostics) {
    if (d.severity == dict::Diagnostic::Severity::kError) ++dict_errors;
  }
  if (dict_errors > 0 && !args.quiet) {
    std::fprintf(stderr,
                 "dyad code: %zu malformed dictionary lines skipped (see `dyad dict check`)\n",
                 dict_errors);
  }
  coder::CoderOptions coder_options;
  coder_options.require_dyad = !args.monadic;
  auto coder = coder::Coder::Create(&*dicts, coder_options);
  if (!coder.ok()) return coder.status();
  const coder::DateResolver dates;

  auto stream = pipeline::DocumentStream::Open(args.inputs, input_options);
  if (!stream.ok()) return stream.status();

  std::unique_ptr<store::EventStore> store;
  std::unordered_set<std::string> stored_ids;
  if (!args.db.empty()) {
    auto opened = store::EventStore::Open(args.db);
    if (!opened.ok()) return opened.status();
    store = std::move(opened).value();
    auto ids = store->StoredDocumentIds();
    if (!ids.ok()) return ids.status();
    stored_ids = std::move(ids).value();
    DYAD_RETURN_IF_ERROR(store->SetRunInfo("command", CommandLine()));
    DYAD_RETURN_IF_ERROR(store->SetRunInfo("model", args.model.empty() ? DefaultModelPath() : args.model));
    DYAD_RETURN_IF_ERROR(store->SetRunInfo("dyad_version", DYAD_VERSION));
    std::string dict_names;
    for (const std::string& d : args.dicts) dict_names += (dict_names.empty() ? "" : " ") + d;
    DYAD_RETURN_IF_ERROR(
        store->SetRunInfo("dictionaries", dict_names.empty() ? "built-in" : dict_names));
  }

  // Stream output: stdout by default; with --db only when --output is given.
  std::FILE* out = nullptr;
  std::string out_name;
  bool close_out = false;
  if (args.db.empty() || !args.output.empty()) {
    if (args.output.empty() || args.output == "-") {
      out = stdout;
      out_name = "<stdout>";
    } else {
      out = std::fopen(args.output.c_str(), "wb");
      if (out == nullptr) {
        return Status::IOError(args.output + ": cannot create: " + std::strerror(errno));
      }
      out_name = args.output;
      close_out = true;
    }
  }
  std::unique_ptr<pipeline::StreamSink> stream_sink;
  if (out != nullptr) {
    stream_sink = std::make_unique<pipeline::StreamSink>(out, out_name, format, args.one_a_day);
  }
  std::unique_ptr<DbSink> db_sink;
  if (store) db_sink = std::make_unique<DbSink>(store.get());
  std::unique_ptr<TeeSink> tee;
  pipeline::EventSink* sink = nullptr;
  if (stream_sink && db_sink) {
    tee = std::make_unique<TeeSink>(stream_sink.get(), db_sink.get());
    sink = tee.get();
  } else if (stream_sink) {
    sink = stream_sink.get();
  } else {
    sink = db_sink.get();
  }

  Progress progress(!args.quiet && ::isatty(2));
  const auto t0 = std::chrono::steady_clock::now();
  pipeline::CodeStats stats;
  Status status = pipeline::RunCoding(
      stream->get(), *pipeline, *coder, dates, options, store ? &stored_ids : nullptr, sink,
      [&](const pipeline::InputProblem& p) {
        progress.Clear();
        std::fprintf(stderr, "%s\n", p.ToString().c_str());
      },
      [&](const pipeline::CodeStats& s) { progress.Update(s); }, &stats);
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
  if (!args.quiet || !status.ok()) PrintSummary(stats, secs, args);
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
  cmd->add_option("--format", args->format, "stream output: jsonl (default), csv or tsv");
  cmd->add_option("-o,--output", args->output, "write the stream output here (default stdout)");
  cmd->add_option("--db", args->db,
                  "write documents, sentences and events to this SQLite file; re-running "
                  "resumes (stored documents are skipped)");
  cmd->add_option("--dict", args->dicts,
                  "dictionary directory: DIR replaces the built-in set, +DIR layers DIR on "
                  "top of it (repeatable)")
      ->allow_extra_args(false);  // one directory per --dict, never the inputs after it
  cmd->add_option("--model", args->model, "parser model (default: the built-in)");
  cmd->add_option("--date", args->date,
                  "date (YYYY-MM-DD) for documents that carry none; before datelines");
  cmd->add_option("--input-format", args->input_format,
                  "auto (by extension, default), jsonl, text, html or xml");
  cmd->add_option("--threads", args->threads, "worker threads (default: all cores)");
  cmd->add_option("--batch", args->batch,
                  "documents per batch: per SQLite transaction, and per unit of work shared "
                  "by the threads (default 256)");
  cmd->add_flag("--one-a-day", args->one_a_day,
                "merge identical events of different documents on the same date");
  cmd->add_flag("--monadic", args->monadic, "also code events without a target");
  cmd->add_flag("-q,--quiet", args->quiet, "no progress line and no summary");
  cmd->add_flag("--strict", args->strict, "stop at the first bad input instead of skipping it");
  cmd->callback([args]() {
    int exit_code = 0;
    const Status status = RunCode(*args, &exit_code);
    SetExitCode(status.ok() ? exit_code : Report(status));
  });
}

}  // namespace dyad::cli
