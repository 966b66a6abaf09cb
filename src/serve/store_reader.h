// The read side of `dyad serve`: the queries of its JSON API (events page, time series,
// actor network, one event, summary) over an event store (doc/formats/store.md) opened
// read-only. Filters come only as a checked EventQuery (query.h) and every value is bound
// as a SQL parameter; no SQL text is ever built from request text.
//
// Concurrency: a pool of read-only connections, one per concurrent request (SQLite
// connections are single-threaded here); in WAL mode each query sees the last committed
// state, so a `dyad code --db` appending to the same file never blocks the server and the
// server never blocks it. Thread-safety: all methods may be called from many threads.
#ifndef DYAD_SERVE_STORE_READER_H_
#define DYAD_SERVE_STORE_READER_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "dyad/event.h"
#include "serve/query.h"
#include "store/sqlite.h"

namespace dyad::serve {

// The default page size of /api/events and edge count of /api/network.
inline constexpr int kDefaultEventLimit = 100;
inline constexpr int kDefaultEdgeLimit = 100;

class StoreReader {
 public:
  // Opens `connections` read-only connections to the store at `path` and checks it is a
  // dyad store of a version this build reads (3 or later; q= needs version 4's full-text
  // index, filled when a `dyad code --db` run or `dyad index` closes the store). Errors:
  // IOError (missing file), Corruption (not a dyad store), Unsupported (newer schema).
  static Result<std::unique_ptr<StoreReader>> Open(const std::string& path, int connections);

  // {"events": [event JSON + "id"], "next": cursor or null}, events in event_pk order
  // after q.after, as JSON text (built without a JSON tree: the page is the API's most
  // frequent answer). Errors: InvalidArgument (q= without a full-text index), IOError.
  Result<std::string> Events(const EventQuery& q);
  // {"interval": "month", "series": [{"period", "events", "goldstein", "by_quad_class":
  // [{"events", "goldstein"} x4]}]}: counts and mean Goldstein per period, oldest first.
  // As JSON text (a daily series is long: written without a JSON tree).
  Result<std::string> Series(const EventQuery& q);
  // {"nodes": [{"id", "events"}], "edges": [{"source", "target", "events", "goldstein"}]}:
  // the q.limit heaviest directed (source code, target code) pairs of the filter.
  Result<nlohmann::json> Network(const EventQuery& q);
  // The event with this event_pk, or nullopt. Errors: IOError.
  Result<std::optional<Event>> ReadEvent(int64_t id);
  // {"events", "documents", "first_date", "last_date", "schema_version", "full_text"}.
  Result<nlohmann::json> Summary();

  // A number that changes whenever events are added (the largest event_pk): answers
  // computed at one version are valid until it changes. Errors: IOError.
  Result<int64_t> Version();

  // Whether series and networks may be answered from the store's pre-aggregated totals
  // (schema 5, doc/formats/store.md) when they are current and the filter uses only their
  // columns; on by default. Off, every answer is an exact scan of the events (the
  // answers are the same: tests/serve/totals_test.cc). Call before serving.
  void set_use_totals(bool on) { use_totals_ = on; }

  bool has_full_text() const { return has_full_text_; }
  const std::string& path() const { return path_; }

 private:
  class Lease;
  StoreReader() = default;
  store::sql::DatabasePtr Acquire();
  void Release(store::sql::DatabasePtr db);

  std::string path_;
  int schema_version_ = 0;
  bool has_full_text_ = false;
  bool use_totals_ = true;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<store::sql::DatabasePtr> idle_;  // guarded by mu_
};

// The JSON of one event as the API gives it: `dyad code`'s JSONL object
// (doc/formats/events.md) with "id" (its event_pk) added.
nlohmann::json EventJson(const Event& event, int64_t id);
// The same as JSON text.
std::string EventJsonText(const Event& event, int64_t id);

}  // namespace dyad::serve

#endif  // DYAD_SERVE_STORE_READER_H_
