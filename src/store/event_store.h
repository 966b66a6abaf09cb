// The SQLite event store behind `dyad code --db FILE`: documents, their sentences, the
// events coded from them and the events' actors, in the schema of doc/formats/store.md.
//
// Crash safety and resume: a batch of documents is written in ONE transaction, and a
// document row is written together with all its sentence, event and actor rows, so a
// document that is present is complete. The journal is a write-ahead log
// (journal_mode=WAL, synchronous=NORMAL): a process killed at any moment (kill -9) leaves
// the store at its last committed batch; a power loss may also lose the last few batches,
// never consistency. A run started again skips the ids in StoredDocumentIds(), and
// WriteBatch() skips stored ids itself, so re-running on finished input adds nothing.
//
// Speed: statements are prepared once and reused; text is bound without copying; one
// transaction per batch; a first run loads unindexed tables and Close() builds the query
// indexes. See bench/store_bench.cc for the figures.
//
// Thread-safety: an EventStore is used by one thread at a time (the pipeline's writer).
// Several processes may open the same file; writers then take turns (busy timeout 10 s).
#ifndef DYAD_STORE_EVENT_STORE_H_
#define DYAD_STORE_EVENT_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/status.h"
#include "dyad/event.h"

namespace dyad::store {

struct StoredSentence {
  uint32_t index = 0;  // 0-based position in the document; unique within it
  std::string id;      // the sentence's id ("# sent_id"); empty = its index is its id
  std::string text;
};

struct StoredDocument {
  std::string id, date, title, url, source, lang;  // date YYYYMMDD or empty
  std::string date_origin;  // where the date came from: "input", "option", "dateline", "" (missing)
  std::string origin;       // "file:line" it was read from
  // The sentences to keep (all of them, or only those with events: the caller's choice).
  std::vector<StoredSentence> sentences;
  // Already deduplicated per document (mentions set). Each event's doc_id is this id or
  // empty; its sentence_id names one of `sentences` (by id, or by index when the id is
  // empty) — otherwise the event keeps its own sentence id and text. doc_ids is not stored
  // (the one-a-day view derives it).
  std::vector<Event> events;
};

// One run that wrote to a store (tables runs and run_info).
struct RunRecord {
  int64_t run = 0;                                        // 1, 2, ... in order
  std::string started_at;                                 // UTC, ISO 8601
  std::vector<std::pair<std::string, std::string>> info;  // SetRunInfo pairs, by key
};

// Row counts of a store.
struct StoreCounts {
  uint64_t documents = 0;
  uint64_t sentences = 0;
  uint64_t events = 0;
  uint64_t actors = 0;  // rows of the actors view: sources and targets present
};

class EventStore {
 public:
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Opens or creates the store at `path`: creates the schema (version kSchemaVersion) in a
  // new or empty file; checks an existing file is a dyad store of a version it can read
  // (migrating an older one). Errors: IOError (cannot open/create, locked; names the path),
  // Corruption ("PATH: not a dyad store (...)" for a non-SQLite file or a SQLite database
  // of another schema; SQLite's message for a damaged store), Unsupported (newer schema).
  static Result<std::unique_ptr<EventStore>> Open(const std::string& path);

  // Opens the existing store at `path` for reading only (`dyad export`): nothing is written
  // to it (no journal mode, migration or index), so a store in a read-only file, or on a
  // full disk, can be read. A store of an older schema is read as it is, the columns it
  // lacks read as absent. The writing methods then fail with InvalidArgument. Errors:
  // IOError (no such file, cannot open), Corruption (not a dyad store, an empty database),
  // Unsupported (a newer schema).
  static Result<std::unique_ptr<EventStore>> OpenReadOnly(const std::string& path);

  // Ids of the documents fully stored (present = finished, see above).
  Result<std::unordered_set<std::string>> StoredDocumentIds();

  // Writes the documents, their sentences, events and actors in ONE transaction (all or
  // nothing). A document whose id is already stored (or repeated within `docs`) is skipped;
  // when `skipped` is non-null their number is ADDED to *skipped (so one counter can sum a
  // whole run; untouched on error). Errors: InvalidArgument (an event whose doc_id
  // names another document, two sentences with one index: names the document), IOError
  // (disk full, locked, read-only) — then nothing of the batch is stored.
  Status WriteBatch(std::span<const StoredDocument> docs, size_t* skipped = nullptr);

  // Records key = value for this run (table run_info; a run is one EventStore that wrote
  // something, numbered in table runs). Setting a key again replaces its value.
  // Suggested keys: command, model, dictionaries, dyad_version, started_at, finished_at.
  Status SetRunInfo(std::string_view key, std::string_view value);

  // Every run recorded, oldest first (e.g. to warn when a resumed run's command differs
  // from the previous run's).
  Result<std::vector<RunRecord>> ReadRuns();

  // Every event, in document insertion order then the order they were given in, as
  // Event: all fields written are read back (mentions, date_text and sentence
  // filled; doc_ids empty).
  Result<std::vector<Event>> ReadEvents();

  // Calls `fn` with every event, in the order of ReadEvents(), one at a time (the Event is
  // reused between calls, `fn` may move from it): memory stays that of one event whatever
  // the size of the store. Stops at the first error `fn` returns and returns it.
  Status ForEachEvent(const std::function<Status(Event&)>& fn);

  // ReadEvents() collapsed as by CollapseOneADay (what `--one-a-day` exports).
  Result<std::vector<Event>> ReadEventsOneADay();

  Result<StoreCounts> Counts();

  // Checks the store: SQLite's quick_check, and that every document has exactly
  // n_sentences sentence rows and n_events event rows, every event a document and its
  // stored sentence, every actor code a root. Errors: Corruption naming the first bad
  // document or event.
  Status Verify();

  // Builds the query indexes and the full-text index if the store lacks them (after a
  // first bulk load, see CreateQueryIndexes in schema.h: about 14 s per million events
  // here), finalizes statements and closes the file (checkpointing the WAL). Call it at the
  // end of a run and report its error. Further calls fail with InvalidArgument. The
  // destructor closes too, ignoring errors.
  Status Close();

  const std::string& path() const { return path_; }

 private:
  struct Impl;  // the connection and its prepared statements (event_store.cc)
  explicit EventStore(std::unique_ptr<Impl> impl);
  Status CheckOpen() const;
  Status CheckWritable() const;
  Status EnsureRun();
  Status WriteDocument(const StoredDocument& doc, const std::string& stored_at, bool* skipped);

  std::string path_;
  std::unique_ptr<Impl> impl_;  // null after Close()
  int64_t run_pk_ = 0;          // 0 until this store writes its first row
};

namespace sql {
class Statement;
}

// The SELECT list and joins that DecodeEventRow reads, for readers that add their own
// WHERE / ORDER BY / LIMIT (ReadEvents, `dyad serve`). Tables are aliased e (events),
// d (documents) and s (sentences); the last column is e.event_pk.
extern const char* const kEventSelect;
// Reads one row of a query that starts with kEventSelect into *event (as ReadEvents gives
// it back: every field written, doc_ids empty) and returns its event_pk.
int64_t DecodeEventRow(const sql::Statement& row, Event* event);

// --one-a-day: collapses events with the same (date, source code, target code, event code)
// across documents into the first of them, in first-appearance order; its mentions become
// the sum and doc_ids every distinct document id (in order) that reported it. Pure.
std::vector<Event> CollapseOneADay(std::span<const Event> events);

// CollapseOneADay one event at a time, holding only the collapsed events (for a store
// read with ForEachEvent).
class OneADayCollapser {
 public:
  void Add(const Event& event);
  // The collapsed events so far; empties the collapser.
  std::vector<Event> Take();

 private:
  // Key: the fields that make two events "identical" across documents.
  std::unordered_map<std::string, size_t> index_;
  std::vector<Event> out_;
};

}  // namespace dyad::store

#endif  // DYAD_STORE_EVENT_STORE_H_
