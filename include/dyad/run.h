// The batch runner behind `dyad code`: documents from a DocumentSource go through
// Engine::Code on worker threads and reach an EventSink in input order.
//
// Flow and threads: the calling thread reads a batch of documents, then, while worker
// threads code that batch (one document per worker at a time, each worker with its own
// Engine::Scratch), it hands the previous batch to the sink and reads the next one. All
// per-document meaning sits in Engine::Code; the runner only batches, schedules, keeps
// input order, skips documents already done (resume) and reports input problems. So the
// output is identical for any thread count.
//
// Thread-safety: RunCoding() is one call; the objects it is given must stay alive and
// unchanged during it. The sink and the callbacks are called on the caller's thread only.
#ifndef DYAD_RUN_H_
#define DYAD_RUN_H_

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "dyad/document.h"
#include "dyad/engine.h"
#include "dyad/event.h"
#include "dyad/status.h"

namespace dyad {

// An input the runner could not use (malformed line, no text, bad date, duplicate id).
struct InputProblem {
  std::string file;
  uint64_t line = 0;
  std::string message;
  // "file:line: message" ("file: message" when line is 0).
  std::string ToString() const;
};

// Where RunCoding reads documents from. The readers of `dyad code` (JSONL, text, HTML,
// PETRARCH XML; src/input/) implement it; an embedder may implement it over its own data.
class DocumentSource {
 public:
  enum class Next : uint8_t { kDocument, kProblem, kEnd };
  virtual ~DocumentSource() = default;
  // The next document (id, text, date with date_origin kInput when the input gave one,
  // meta) into *doc, or the next problem into *problem; kEnd when done. Both out-params
  // are overwritten, not appended to.
  virtual Next Read(Document* doc, InputProblem* problem) = 0;
  // Input bytes consumed so far and in all, for progress; 0 when unknown.
  virtual uint64_t bytes_done() const { return 0; }
  virtual uint64_t bytes_total() const { return 0; }
};

// One document after coding: what the sinks need. doc.sentences keep spans and ids only.
struct CodedDocument {
  Document doc;
  std::vector<Event> events;  // merged per document (Event::mentions)
};

// Receives coded documents in input order, on the RunCoding caller's thread.
class EventSink {
 public:
  virtual ~EventSink() = default;
  // May move the events out of the batch. Errors stop the run (e.g. IOError, disk full).
  [[nodiscard]] virtual Status Consume(std::span<CodedDocument> batch) = 0;
  // Called once after the last batch.
  [[nodiscard]] virtual Status Finish() = 0;
};

// Hands every batch to two sinks in turn (`dyad code --db F --output G`). The first may
// only read the events; the second may move them. Neither sink is owned.
class TeeSink : public EventSink {
 public:
  TeeSink(EventSink* first, EventSink* second) : first_(first), second_(second) {}
  [[nodiscard]] Status Consume(std::span<CodedDocument> batch) override {
    DYAD_RETURN_IF_ERROR(first_->Consume(batch));
    return second_->Consume(batch);
  }
  [[nodiscard]] Status Finish() override {
    DYAD_RETURN_IF_ERROR(first_->Finish());
    return second_->Finish();
  }

 private:
  EventSink* first_;
  EventSink* second_;
};

// The most worker threads RunCoding starts (more is an InvalidArgument, not an abort).
inline constexpr int kMaxRunThreads = 256;

struct RunOptions {
  // Worker threads, 1 to kMaxRunThreads. Default 1; the output does not depend on it.
  int threads = 1;
  // A document date for inputs that carry none (YYYYMMDD; date_origin kOption), used
  // before datelines. Default none.
  std::string default_date;
  // Stop at the first input problem (returned as InvalidArgument "file:line: ..."). Default
  // false: report it, count it, skip the document.
  bool strict = false;
  // A batch closes at this many documents or this many text bytes, whichever comes first.
  // Larger batches balance threads better and cost memory: a batch and the one being
  // written are held at once. Defaults 256 and 8 MiB.
  size_t batch_documents = 256;
  size_t batch_bytes = 8u << 20;
  // Documents whose id is in here are counted as resumed and not coded (may be null; not
  // owned).
  const std::unordered_set<std::string>* skip_ids = nullptr;
};

struct RunStats {
  uint64_t documents_read = 0;     // documents the input gave (including skipped ones)
  uint64_t documents_coded = 0;    // documents coded
  uint64_t documents_resumed = 0;  // in skip_ids: not coded again
  uint64_t problems = 0;           // inputs skipped (malformed, no text, bad date, ...)
  std::map<std::string, uint64_t> problems_by_kind;  // "malformed JSON": 3, ...
  uint64_t dates_missing = 0;      // documents coded without any date
  uint64_t bytes_done = 0;         // input bytes the sink has taken / in all (0 = unknown)
  uint64_t bytes_total = 0;
  CodeStats code;                  // the engine's counts (sentences, events, repairs ...)
};

// Called on the caller's thread: each input problem as it is read, and after each batch.
struct RunCallbacks {
  std::function<void(const InputProblem&)> on_problem;   // may be empty
  std::function<void(const RunStats&)> on_progress;      // may be empty
};

// Codes everything `source` yields with `engine` and hands it to `sink`, then calls
// sink->Finish(). Fills *stats as it goes. Errors: a sink error, an engine error, or with
// options.strict the first input problem.
[[nodiscard]] Status RunCoding(DocumentSource* source, const Engine& engine,
                               const RunOptions& options, EventSink* sink,
                               const RunCallbacks& callbacks, RunStats* stats);

// The short kind of a problem message, for summaries ("malformed JSON", "bad date").
std::string ProblemKind(const std::string& message);

}  // namespace dyad

#endif  // DYAD_RUN_H_
