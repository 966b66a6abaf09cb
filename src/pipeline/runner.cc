// The batch runner (include/dyad/run.h). Design notes:
//  - Batches, not a queue per document: the reader fills batch k+1 while the workers code
//    batch k and the sink writes batch k-1's successor in order; a batch boundary is the
//    only synchronisation point, so workers never contend on a lock per document.
//  - Workers claim documents with one atomic counter; every worker keeps its own
//    Engine::Scratch across the whole run (no per-document set-up).
//  - What a document means (its date, dateline, parse, events) is Engine::Code's business;
//    the runner adds only the run's default date for documents without one.
#include "dyad/run.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

namespace dyad {
namespace {

// Per-worker state, alive for the whole run.
struct Worker {
  std::unique_ptr<Engine::Scratch> scratch;
  CodeStats stats;
  Status status;  // the first engine error of this worker
};

// A fixed pool that runs one function over the indices of a batch, then waits.
class BatchPool {
 public:
  explicit BatchPool(int threads) {
    for (int t = 0; t < threads; ++t) threads_.emplace_back([this, t] { Loop(t); });
  }
  ~BatchPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& th : threads_) th.join();
  }
  // Starts fn(worker, i) for i in [0, n); returns at once.
  void Start(size_t n, std::function<void(int, size_t)> fn) {
    std::lock_guard<std::mutex> lock(mu_);
    fn_ = std::move(fn);
    n_ = n;
    next_.store(0);
    active_ = static_cast<int>(threads_.size());
    ++generation_;
    cv_.notify_all();
  }
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    done_cv_.wait(lock, [this] { return active_ == 0; });
  }

 private:
  void Loop(int t) {
    uint64_t seen = 0;
    for (;;) {
      std::function<void(int, size_t)> fn;
      size_t n = 0;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        fn = fn_;
        n = n_;
      }
      for (;;) {
        const size_t i = next_.fetch_add(1);
        if (i >= n) break;
        fn(t, i);
      }
      std::lock_guard<std::mutex> lock(mu_);
      if (--active_ == 0) done_cv_.notify_all();
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable cv_, done_cv_;
  std::function<void(int, size_t)> fn_;
  size_t n_ = 0;
  std::atomic<size_t> next_{0};
  int active_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
};

// Reads batches from the source: problems, duplicate ids and resumed documents are
// handled here, on the caller's thread.
class BatchReader {
 public:
  BatchReader(DocumentSource* source, const RunOptions& options,
              const RunCallbacks& callbacks, RunStats* stats)
      : source_(source), options_(options), callbacks_(callbacks), stats_(stats) {}

  // Reads the next batch into *batch; *end is set when the source is exhausted.
  Status Read(std::vector<CodedDocument>* batch, bool* end) {
    batch->clear();
    size_t bytes = 0;
    Document doc;
    InputProblem problem;
    while (batch->size() < options_.batch_documents && bytes < options_.batch_bytes) {
      const DocumentSource::Next next = source_->Read(&doc, &problem);
      if (next == DocumentSource::Next::kEnd) {
        *end = true;
        break;
      }
      if (next == DocumentSource::Next::kProblem) {
        DYAD_RETURN_IF_ERROR(Report(std::move(problem)));
        problem = InputProblem();
        continue;
      }
      ++stats_->documents_read;
      auto [it, inserted] = seen_ids_.emplace(doc.id, doc.meta.Origin());
      if (!inserted) {
        DYAD_RETURN_IF_ERROR(Report(InputProblem{
            doc.meta.file, doc.meta.line,
            "duplicate document id '" + doc.id + "' (first at " + it->second + ")"}));
        continue;
      }
      if (options_.skip_ids != nullptr && options_.skip_ids->count(doc.id) > 0) {
        ++stats_->documents_resumed;
        continue;
      }
      if (doc.date.empty() && !options_.default_date.empty()) {
        doc.date = options_.default_date;
        doc.date_origin = DateOrigin::kOption;
      }
      bytes += doc.text.size();
      batch->emplace_back().doc = std::move(doc);
      doc = Document();
    }
    stats_->bytes_total = source_->bytes_total();
    return Status::Ok();
  }

 private:
  Status Report(InputProblem problem) {
    ++stats_->problems;
    ++stats_->problems_by_kind[ProblemKind(problem.message)];
    if (callbacks_.on_problem) callbacks_.on_problem(problem);
    if (options_.strict) return Status::InvalidArgument(problem.ToString());
    return Status::Ok();
  }

  DocumentSource* source_;
  const RunOptions& options_;
  const RunCallbacks& callbacks_;
  RunStats* stats_;
  // First place each id was seen: a repeated id would make resume ambiguous.
  std::unordered_map<std::string, std::string> seen_ids_;
};

}  // namespace

std::string InputProblem::ToString() const {
  std::string out = file;
  if (line > 0) {
    out += ':';
    out += std::to_string(line);
  }
  out += ": ";
  out += message;
  return out;
}

std::string ProblemKind(const std::string& message) {
  size_t end = message.find_first_of(":('\"");
  if (end == std::string::npos) end = message.size();
  while (end > 0 && message[end - 1] == ' ') --end;
  if (end == 0) return "other";
  return message.substr(0, std::min<size_t>(end, 60));
}

Status RunCoding(DocumentSource* source, const Engine& engine, const RunOptions& options,
                 EventSink* sink, const RunCallbacks& callbacks, RunStats* stats) {
  if (options.threads > kMaxRunThreads) {
    return Status::InvalidArgument("threads: " + std::to_string(options.threads) +
                                   " is more than the " + std::to_string(kMaxRunThreads) +
                                   " worker threads a run may have");
  }
  const int threads = std::max(1, options.threads);
  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < threads; ++t) {
    workers.push_back(std::make_unique<Worker>());
    workers.back()->scratch = engine.NewScratch();
  }
  BatchReader reader(source, options, callbacks, stats);

  auto code_one = [&](int t, CodedDocument* cd) {
    Worker& w = *workers[t];
    cd->events.clear();
    Status s = engine.Code(&cd->doc, w.scratch.get(), &cd->events, &w.stats);
    if (!s.ok() && w.status.ok()) w.status = std::move(s);
  };
  // Counts what the sink is about to take; the engine's counts are summed per worker.
  auto account = [&](const std::vector<CodedDocument>& batch) -> Status {
    for (const CodedDocument& cd : batch) {
      ++stats->documents_coded;
      if (cd.doc.date_origin == DateOrigin::kMissing) ++stats->dates_missing;
    }
    stats->code = CodeStats();
    for (const auto& w : workers) {
      stats->code.Add(w->stats);
      DYAD_RETURN_IF_ERROR(w->status);
    }
    return Status::Ok();
  };

  BatchPool pool(threads);
  std::vector<CodedDocument> current, next;
  bool end = false;
  Status status = reader.Read(&current, &end);
  // Input position at the end of each batch: progress counts what the sink has taken,
  // not what the reader has run ahead to.
  uint64_t current_end = source->bytes_done();
  while (status.ok() && !current.empty()) {
    pool.Start(current.size(), [&](int t, size_t i) { code_one(t, &current[i]); });
    // Overlap: read the next batch while the workers code this one.
    Status read_status = Status::Ok();
    if (!end) read_status = reader.Read(&next, &end);
    const uint64_t next_end = source->bytes_done();
    pool.Wait();
    status = account(current);
    if (status.ok()) status = sink->Consume(std::span<CodedDocument>(current));
    if (status.ok()) status = read_status;
    stats->bytes_done = current_end;
    if (callbacks.on_progress) callbacks.on_progress(*stats);
    std::swap(current, next);
    next.clear();
    current_end = next_end;
  }
  stats->bytes_done = source->bytes_done();
  DYAD_RETURN_IF_ERROR(status);
  return sink->Finish();
}

}  // namespace dyad
