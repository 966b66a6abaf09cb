// The API's SQL (see store_reader.h). Each filter of an EventQuery becomes one condition
// with bound parameters: a code prefix is the range [prefix, prefix with its last byte
// incremented), which the code indexes of the store serve (LIKE would not: it is case-
// insensitive); q= is a semi-join with the contentless FTS5 table events_fts, whose rowid
// is the event_pk. Pages are keyset-paginated on event_pk (WHERE event_pk > after ORDER
// BY event_pk LIMIT n+1): the cost of a page does not grow with its depth.
#include "serve/store_reader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <unordered_map>
#include <variant>

#include "base/date.h"

#include "store/event_store.h"
#include "store/schema.h"

namespace dyad::serve {
namespace {

namespace sql = store::sql;
using sql::Statement;

// The parameters of one statement, in order (?1, ?2, ... by position).
class Params {
 public:
  using Value = std::variant<std::string, int64_t, double>;
  // Adds a value and returns its placeholder.
  std::string Add(Value v) {
    values_.push_back(std::move(v));
    std::string p = "?";  // appended, not "?" + ...: GCC 12 warns falsely (-Wrestrict)
    p += std::to_string(values_.size());
    return p;
  }
  void Bind(Statement* st) const {
    for (size_t i = 0; i < values_.size(); ++i) {
      const int k = static_cast<int>(i + 1);
      if (const auto* s = std::get_if<std::string>(&values_[i])) {
        st->BindText(k, *s);  // not copied: values_ outlives the statement's run
      } else if (const auto* n = std::get_if<int64_t>(&values_[i])) {
        st->BindInt(k, *n);
      } else {
        st->BindDouble(k, std::get<double>(values_[i]));
      }
    }
  }

 private:
  std::vector<Value> values_;
};

// The WHERE clause of one SELECT; its values go to the statement's Params.
class Where {
 public:
  explicit Where(Params* params) : params_(params) {}
  void Add(std::string condition) { conditions_.push_back(std::move(condition)); }
  std::string Param(Params::Value v) { return params_->Add(std::move(v)); }
  // code >= prefix AND code < prefix+1 on `column`.
  std::string PrefixRange(const std::string& column, const std::string& prefix) {
    std::string upper = prefix;
    upper.back() = static_cast<char>(upper.back() + 1);  // prefixes are ASCII [A-Z0-9_-]
    return "(" + column + " >= " + Param(prefix) + " AND " + column + " < " + Param(upper) + ")";
  }
  std::string Sql() const {
    std::string s;
    for (const std::string& c : conditions_) s += (s.empty() ? " WHERE " : " AND ") + c;
    return s;
  }

 private:
  Params* params_;
  std::vector<std::string> conditions_;
};

Status NoFullText(const std::string& path) {
  return Status::InvalidArgument(
      "q: this store has no full-text index yet (a first `dyad code --db` run builds it when "
      "it finishes; or run `dyad index " + path + "`)");
}

// Which index drives a query. SQLite's planner has no statistics for a store (and gets
// a million-event store badly wrong with them: it reads the date index in order to skip a
// sort and fetches every row to test an actor — seconds instead of milliseconds), so the
// server chooses: the one filter whose index leads, the others written as +column so
// that SQLite evaluates them on the rows found instead of using their index.
enum class Driver {
  kFree,      // no '+': SQLite chooses (the filters are covered by one index)
  kScan,      // every filter with '+': rows in event_pk order (a page of a common filter)
  kFullText,  // q=: the FTS5 matches (as a list of event_pks the rows are tested against)
  // q= on an events page: events_fts f itself drives, joined to events e in rowid order,
  // so that the page stops at its last event instead of listing every match first.
  kFullTextPage,
  // The same for a short period (kShortPeriod events at most): the matches are also
  // tested against the list of the period's event_pks, read from events_by_date, instead
  // of each match's row being read for its date (a rare year and a common word read
  // every match's row: 150 ms).
  kFullTextPageDates,
  kSource,    // source= (with target=: the dyad, both in events_by_source)
  kTarget,
  kActor,     // either side: the union of two index ranges
  kCameo,
  kClass,     // cameo= with quad_class= (events_by_class): an events page only
  kDate,
};

// The most selective index a query can use, in a fixed order (full text, codes, dates).
// An events page (`page`) with an event code and QuadClasses reads events_by_class(
// quad_class, cameo): only the matches, where events_by_cameo would read every event of
// the code to find that none has the QuadClass asked (a frequent empty answer: most
// codes have one QuadClass). Not for a series or network: they need the rows' other
// columns, which events_by_cameo holds.
Driver ChooseDriver(const EventQuery& q, bool page = false) {
  if (!q.fts.empty()) return page ? Driver::kFullTextPage : Driver::kFullText;
  if (!q.source.empty()) return Driver::kSource;
  if (!q.target.empty()) return Driver::kTarget;
  if (!q.actor.empty()) return Driver::kActor;
  if (page && !q.cameo.empty() && !q.quad_classes.empty()) return Driver::kClass;
  if (!q.cameo.empty()) return Driver::kCameo;
  if (!q.from.empty() || !q.to.empty()) return Driver::kDate;
  return Driver::kScan;
}

// The conditions of every filter of `q` (not the cursor), the driver's usable by an index.
Status AddFilters(const EventQuery& q, Driver driver, bool has_full_text, const std::string& path,
                  Where* w) {
  auto col = [&](const char* name, bool indexed) {
    return std::string(driver == Driver::kFree || indexed ? "" : "+") + name;
  };
  const bool date = driver == Driver::kDate, source = driver == Driver::kSource;
  if (!q.from.empty()) w->Add(col("e.date", date) + " >= " + w->Param(q.from));
  if (!q.to.empty()) w->Add(col("e.date", date) + " <= " + w->Param(q.to));
  if (!q.source.empty()) w->Add(w->PrefixRange(col("e.source_code", source), q.source));
  if (!q.target.empty()) {
    // With source=, the target is the index's second column: tested inside the index.
    w->Add(w->PrefixRange(col("e.target_code", source || driver == Driver::kTarget), q.target));
  }
  if (!q.actor.empty()) {
    const bool actor = driver == Driver::kActor;
    std::string either = "(";  // appended: GCC 12 warns falsely on "(" + ... (-Wrestrict)
    either += w->PrefixRange(col("e.source_code", actor), q.actor);
    either += " OR ";
    either += w->PrefixRange(col("e.target_code", actor), q.actor);
    either += ")";
    w->Add(std::move(either));
  }
  const bool by_class = driver == Driver::kClass;
  if (!q.cameo.empty()) {
    w->Add(w->PrefixRange(col("e.cameo", driver == Driver::kCameo || by_class), q.cameo));
  }
  if (!q.quad_classes.empty()) {
    std::string in;
    for (int c : q.quad_classes) in += (in.empty() ? "" : ", ") + w->Param(int64_t{c});
    w->Add(col("e.quad_class", by_class) + " IN (" + in + ")");
  }
  if (!q.plover.empty()) w->Add(col("e.plover_type", false) + " = " + w->Param(q.plover));
  if (!q.country.empty()) w->Add(col("e.location_country", false) + " = " + w->Param(q.country));
  if (q.has_bbox) {
    w->Add(col("e.location_lon", false) + " BETWEEN " + w->Param(q.bbox[0]) + " AND " +
           w->Param(q.bbox[2]));
    w->Add(col("e.location_lat", false) + " BETWEEN " + w->Param(q.bbox[1]) + " AND " +
           w->Param(q.bbox[3]));
  }
  if (!q.fts.empty()) {
    if (!has_full_text) return NoFullText(path);
    if (driver == Driver::kFullText) {
      w->Add("e.event_pk IN (SELECT rowid FROM events_fts WHERE events_fts MATCH " +
             w->Param(q.fts) + ")");
    } else {
      w->Add("f.events_fts MATCH " + w->Param(q.fts));
    }
    if (driver == Driver::kFullTextPageDates) {
      // '+': SQLite would hand each listed rowid to FTS5 as a query of its own.
      std::string period = "+f.rowid IN (SELECT event_pk FROM events WHERE ";
      if (!q.from.empty()) period += "date >= " + w->Param(q.from);
      if (!q.to.empty()) period += (q.from.empty() ? "date <= " : " AND date <= ") + w->Param(q.to);
      w->Add(period + ")");
    }
  }
  return Status::Ok();
}

// The filters of `q` as one or two SELECT branches whose rows together are the matches,
// each led by one index. actor= alone is two branches — its source side
// (events_by_source) and its target side without the events already in the first
// (events_by_target) — so that each reads one covering index instead of SQLite's
// multi-index OR, which fetches every row. `extra` is added to each branch.
Status Branches(const EventQuery& q, Driver driver, bool has_full_text, const std::string& path,
                const std::string& extra, Params* params, std::vector<Where>* out) {
  if (driver == Driver::kActor && q.source.empty() && q.target.empty()) {
    EventQuery by_source = q, by_target = q;
    by_source.actor.clear();
    by_target.actor.clear();
    by_source.source = q.actor;
    by_target.target = q.actor;
    Where& a = out->emplace_back(params);
    DYAD_RETURN_IF_ERROR(AddFilters(by_source, Driver::kSource, has_full_text, path, &a));
    Where& b = out->emplace_back(params);
    DYAD_RETURN_IF_ERROR(AddFilters(by_target, Driver::kTarget, has_full_text, path, &b));
    b.Add("(+e.source_code IS NULL OR NOT " + b.PrefixRange("+e.source_code", q.actor) + ")");
  } else {
    Where& w = out->emplace_back(params);
    DYAD_RETURN_IF_ERROR(AddFilters(q, driver, has_full_text, path, &w));
  }
  for (Where& w : *out) {
    if (!extra.empty()) w.Add(extra);
  }
  return Status::Ok();
}

// `select` (e.g. "SELECT e.event_pk FROM events e") over each branch, joined by `joiner`.
std::string JoinBranches(const std::vector<Where>& branches, const std::string& select,
                         const char* joiner) {
  std::string sql;
  for (const Where& w : branches) {
    if (!sql.empty()) sql += joiner;
    sql += select + w.Sql();
  }
  return sql;
}

// Rows the events page reads in event_pk order before it turns to an index (Events()).
constexpr int64_t kScanWindow = 5000;
// The longest second window, and the matches in the first that make one worth reading.
constexpr int64_t kLongScanWindow = 40000;
constexpr int64_t kMinFoundToExtend = 8;
// A period with fewer events is short (kFullTextPageDates).
constexpr int64_t kShortPeriod = 5000;

// "20160217" → "2016-02-17"; "201602" → "2016-02".
std::string IsoPeriod(std::string_view p) {
  std::string out(p.substr(0, 4));
  for (size_t at : {4, 6}) {
    if (p.size() >= at + 2) {
      out += '-';
      out += p.substr(at, 2);
    }
  }
  return out;
}

// The period of a YYYYMMDD date: itself, the Monday on or before it, or YYYYMM. Empty for
// a malformed date.
std::string PeriodOf(std::string_view yyyymmdd, Interval interval) {
  if (yyyymmdd.size() != 8) return "";
  if (interval == Interval::kMonth) return std::string(yyyymmdd.substr(0, 6));
  if (interval == Interval::kDay) return std::string(yyyymmdd);
  const int32_t d = date::ParseYmd(yyyymmdd);
  if (!date::IsValidDate(d)) return "";
  const date::Ymd ymd = date::Split(d);
  const int64_t days = date::DaysFromCivil(ymd.y, ymd.m, ymd.d);
  const int back = (date::Weekday(days) + 6) % 7;  // days since Monday
  return std::to_string(date::FromDays(days - back));
}

}  // namespace

class StoreReader::Lease {
 public:
  explicit Lease(StoreReader* r) : reader_(r), db_(r->Acquire()) {}
  ~Lease() { reader_->Release(std::move(db_)); }
  sqlite3* get() const { return db_.get(); }

 private:
  StoreReader* reader_;
  store::sql::DatabasePtr db_;
};

Result<std::unique_ptr<StoreReader>> StoreReader::Open(const std::string& path, int connections) {
  auto reader = std::unique_ptr<StoreReader>(new StoreReader());
  reader->path_ = path;
  for (int i = 0; i < std::max(1, connections); ++i) {
    auto db = sql::OpenDatabaseReadOnly(path);
    if (!db.ok()) return db.status();
    sqlite3* h = db->get();
    sqlite3_busy_timeout(h, 5000);
    // Memory-mapped reads: the connections share the OS page cache instead of each
    // keeping its own copy of hot pages.
    DYAD_RETURN_IF_ERROR(sql::Exec(h, "PRAGMA mmap_size = 4294967296", path));
    if (i == 0) {
      auto version = store::StoreVersion(h, path);
      if (!version.ok()) return version.status();
      if (*version < 3) {
        return Status::Unsupported(path + ": store schema version " + std::to_string(*version) +
                                   (*version == 0 ? " (an empty database, not a dyad store)"
                                                  : " is too old to serve; open it once with "
                                                    "`dyad index` to migrate it"));
      }
      reader->schema_version_ = *version;
      auto trigger = sql::QueryText(
          h, "SELECT count(*) FROM sqlite_schema WHERE name = 'events_fts_insert'", path);
      if (!trigger.ok()) return trigger.status();
      reader->has_full_text_ = *trigger == "1";
    }
    reader->idle_.push_back(std::move(*db));
  }
  return reader;
}

store::sql::DatabasePtr StoreReader::Acquire() {
  std::unique_lock lock(mu_);
  available_.wait(lock, [this] { return !idle_.empty(); });
  store::sql::DatabasePtr db = std::move(idle_.back());
  idle_.pop_back();
  return db;
}

void StoreReader::Release(store::sql::DatabasePtr db) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(db));
  }
  available_.notify_one();
}

std::string EventJsonText(const Event& event, int64_t id) {
  const std::string body = EventToJson(event);  // "{...}", an object with fields
  std::string out = "{\"id\":";
  out += std::to_string(id);
  out += ',';
  out.append(body, 1, std::string::npos);
  return out;
}

nlohmann::json EventJson(const Event& event, int64_t id) {
  return nlohmann::json::parse(EventJsonText(event, id));
}

namespace {

// The event_pks in (after, before] (before 0: no bound) that match `q`, in order, at most
// `limit`, read through `driver`.
Result<std::vector<int64_t>> MatchingIds(sqlite3* db, const std::string& path,
                                         bool has_full_text, const EventQuery& q, Driver driver,
                                         int64_t after, int64_t before, int limit) {
  Params params;
  std::vector<Where> branches;
  // The cursor bounds the rowid range only for the in-order scan (and FTS5's, which reads
  // its matches in rowid order); behind an index it is tested on the index's rowids ('+'),
  // else SQLite scans the table from the cursor on.
  const bool fts_page = driver == Driver::kFullTextPage || driver == Driver::kFullTextPageDates;
  const std::string pk = fts_page                   ? "f.rowid"
                         : driver == Driver::kScan ? "e.event_pk"
                                                   : "+e.event_pk";
  std::string cursor = after > 0 ? pk + " > " + std::to_string(after) : "";
  if (before > 0) {
    cursor += (cursor.empty() ? "" : " AND ") + pk + " <= " + std::to_string(before);
  }
  DYAD_RETURN_IF_ERROR(Branches(q, driver, has_full_text, path, cursor, &params, &branches));
  const std::string sql =
      fts_page ? "SELECT e.event_pk FROM events_fts f CROSS JOIN events e ON e.event_pk = f.rowid" +
                     branches[0].Sql() + " ORDER BY f.rowid LIMIT " + std::to_string(limit)
               : JoinBranches(branches, "SELECT e.event_pk FROM events e", " UNION ") +
                     " ORDER BY 1 LIMIT " + std::to_string(limit);
  auto st = Statement::Prepare(db, sql, path);
  if (!st.ok()) return st.status();
  params.Bind(&*st);
  std::vector<int64_t> ids;
  int rc;
  while ((rc = st->Step()) == SQLITE_ROW) ids.push_back(st->ColumnInt(0));
  if (rc != SQLITE_DONE) return sql::SqliteStatus(db, rc, path, "reading events");
  return ids;
}

// Whether q's period holds fewer than kShortPeriod events (counted in events_by_date up to
// that number: well under a millisecond).
Result<bool> ShortPeriod(sqlite3* db, const std::string& path, const EventQuery& q) {
  Params params;
  Where w(&params);
  if (!q.from.empty()) w.Add("date >= " + w.Param(q.from));
  if (!q.to.empty()) w.Add("date <= " + w.Param(q.to));
  auto st = Statement::Prepare(db,
                               "SELECT count(*) FROM (SELECT 1 FROM events" + w.Sql() +
                                   " LIMIT " + std::to_string(kShortPeriod) + ")",
                               path);
  if (!st.ok()) return st.status();
  params.Bind(&*st);
  const int rc = st->Step();
  if (rc != SQLITE_ROW) return sql::SqliteStatus(db, rc, path, "reading events");
  return st->ColumnInt(0) < kShortPeriod;
}

}  // namespace

Result<std::string> StoreReader::Events(const EventQuery& q) {
  const int limit = q.limit > 0 ? q.limit : kDefaultEventLimit;
  // The page's ids in two steps: the next kScanWindow events in order, with every filter
  // tested on the row (a filter that matches often fills the page here, in a few ms);
  // then, when the page is not full, the driving index beyond that window (a rare filter
  // reads only its matches). A full-text query goes to its index at once.
  Driver driver = ChooseDriver(q, /*page=*/true);
  Lease db(this);
  if (driver == Driver::kFullTextPage && (!q.from.empty() || !q.to.empty())) {
    auto short_period = ShortPeriod(db.get(), path_, q);
    if (!short_period.ok()) return short_period.status();
    if (*short_period) driver = Driver::kFullTextPageDates;
  }
  std::vector<int64_t> ids;
  int64_t next_after = q.after;
  if (driver != Driver::kFullTextPage && driver != Driver::kFullTextPageDates &&
      driver != Driver::kScan) {
    auto window = MatchingIds(db.get(), path_, has_full_text_, q, Driver::kScan, q.after,
                              q.after + kScanWindow, limit + 1);
    if (!window.ok()) return window.status();
    ids = std::move(window).value();
    next_after = q.after + kScanWindow;
    // A filter that matched often in the window but not enough to fill the page (an
    // actor in 1-2 % of the events) goes on in order for as many rows as its rate says
    // the page needs, twice over, up to kLongScanWindow: the driving index would read
    // every one of its matches (tens of thousands) to sort them by event_pk.
    const int64_t found = static_cast<int64_t>(ids.size());
    if (found >= kMinFoundToExtend && found <= limit) {
      const int64_t rows = 2 * (limit + 1 - found) * kScanWindow / found;
      if (rows <= kLongScanWindow) {
        auto more = MatchingIds(db.get(), path_, has_full_text_, q, Driver::kScan, next_after,
                                next_after + rows, limit + 1 - static_cast<int>(found));
        if (!more.ok()) return more.status();
        ids.insert(ids.end(), more->begin(), more->end());
        next_after += rows;
      }
    }
  }
  if (static_cast<int>(ids.size()) <= limit) {
    auto rest = MatchingIds(db.get(), path_, has_full_text_, q, driver, next_after, 0,
                            limit + 1 - static_cast<int>(ids.size()));
    if (!rest.ok()) return rest.status();
    ids.insert(ids.end(), rest->begin(), rest->end());
  }
  const bool more = static_cast<int>(ids.size()) > limit;
  if (more) ids.resize(limit);

  // The rows of those ids, bound as one JSON array.
  nlohmann::json id_list = ids;
  const std::string id_text = id_list.dump();
  auto st = Statement::Prepare(
      db.get(),
      std::string(store::kEventSelect) +
          " WHERE e.event_pk IN (SELECT value FROM json_each(?1)) ORDER BY e.event_pk",
      path_);
  if (!st.ok()) return st.status();
  st->BindText(1, id_text);
  std::string body = "{\"events\":[";
  int rc;
  bool first = true;
  while ((rc = st->Step()) == SQLITE_ROW) {
    Event ev;
    const int64_t id = store::DecodeEventRow(*st, &ev);
    if (!first) body += ',';
    first = false;
    body += EventJsonText(ev, id);
  }
  if (rc != SQLITE_DONE) return sql::SqliteStatus(db.get(), rc, path_, "reading events");
  body += "],\"next\":";
  if (more) {  // appended: GCC 12 warns falsely on "\"" + ... (-Wrestrict)
    body += '"';
    body += std::to_string(ids.back());
    body += '"';
  } else {
    body += "null";
  }
  body += '}';
  return body;
}

namespace {

// Goldstein in thousandths, rounded half away from zero exactly as SQLite's round() does:
// the totals hold sums of CAST(round(goldstein * 1000) AS INTEGER) (store/schema.cc), and
// an exact scan adds the same integers, so both give the same sums whatever the order.
int64_t GoldsteinMilli(double g) {
  const double r = g * 1000;
  return r >= 0 ? static_cast<int64_t>(r + 0.5) : -static_cast<int64_t>(-r + 0.5);
}

// Events, their Goldstein sum (thousandths) and how many had a Goldstein value.
struct Totals {
  int64_t events = 0, goldstein_milli = 0, goldstein_events = 0;
  void Add(const Totals& o) {
    events += o.events;
    goldstein_milli += o.goldstein_milli;
    goldstein_events += o.goldstein_events;
  }
  // The mean Goldstein value, NaN when no event has one.
  double MeanValue() const {
    return goldstein_events > 0 ? static_cast<double>(goldstein_milli) / 1000.0 /
                                      static_cast<double>(goldstein_events)
                                : std::nan("");
  }
  nlohmann::json Mean() const {
    return goldstein_events > 0 ? nlohmann::json(MeanValue()) : nlohmann::json(nullptr);
  }
  // The mean as JSON text: the shortest text that reads back as the same double (as a
  // JSON dump gives it), or null.
  void AppendMean(std::string* out) const {
    if (goldstein_events == 0) {
      *out += "null";
      return;
    }
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, MeanValue());
    const std::string_view text(buf, ec == std::errc() ? static_cast<size_t>(end - buf) : 0);
    *out += text;
    if (text.find_first_of(".eEn") == std::string_view::npos) *out += ".0";  // 2 -> 2.0
  }
};

// Reads the grouped rows of a series or network query: columns 0..n_keys-1 are the keys;
// then, from the totals, events, goldstein_milli, goldstein_events; from the events, one
// goldstein (NULL when the code has none).
Totals RowTotals(const Statement& st, int n_keys, bool from_totals) {
  if (from_totals) {
    return {st.ColumnInt(n_keys), st.ColumnInt(n_keys + 1), st.ColumnInt(n_keys + 2)};
  }
  if (st.ColumnIsNull(n_keys)) return {1, 0, 0};
  return {1, GoldsteinMilli(st.ColumnDouble(n_keys)), 1};
}

// Only these filters are columns of the totals (no location, PLOVER or full text).
bool OnlyTotalsFilters(const EventQuery& q) {
  return q.plover.empty() && q.country.empty() && !q.has_bbox && q.fts.empty();
}

// An open read transaction (deferred: its snapshot is taken at its first read), so that
// the check that the totals count every event and the query that reads them see the same
// state of a store another process appends to. Committed (nothing to write) on scope exit.
class ReadTransaction {
 public:
  ReadTransaction(sqlite3* db, const std::string& path) : db_(db), path_(path) {
    open_ = sql::Exec(db, "BEGIN", path).ok();
  }
  ~ReadTransaction() {
    if (open_) (void)sql::Exec(db_, "COMMIT", path_);
  }

 private:
  sqlite3* db_;
  const std::string& path_;
  bool open_ = false;
};

// Whether the store's totals count every event (read inside the caller's transaction);
// false when they may not be used (`enabled`).
Result<bool> TotalsCurrent(sqlite3* db, const std::string& path, bool enabled) {
  if (!enabled) return false;
  auto current = sql::QueryText(
      db,
      "SELECT (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'totals_through') IS "
      "(SELECT ifnull(max(event_pk), 0) FROM events)",
      path);
  if (!current.ok()) return current.status();
  return *current == "1";
}

// Calls `fn` with each row of a series or network query (`keys` first, then its totals).
Status ReadGrouped(sqlite3* db, const std::string& path, bool has_full_text, const EventQuery& q,
                   bool from_totals, const char* totals_table, const char* keys,
                   const std::string& extra, int n_keys,
                   const std::function<void(const Statement&, const Totals&)>& fn) {
  // From the totals: their rows matching the filters (the filters' columns have the same
  // names there). From the events: one row per matching event through the driving index's
  // branches (store_reader.cc Branches), each reading a covering index where it can.
  Params params;
  std::vector<Where> branches;
  const Driver driver = from_totals ? Driver::kFree : ChooseDriver(q);
  DYAD_RETURN_IF_ERROR(Branches(q, driver, has_full_text, path, extra, &params, &branches));
  const std::string select = std::string("SELECT ") + keys +
                             (from_totals ? ", e.events, e.goldstein_milli, e.goldstein_events"
                                          : ", e.goldstein") +
                             " FROM " + (from_totals ? totals_table : "events") + " e";
  auto st = Statement::Prepare(db, JoinBranches(branches, select, " UNION ALL "), path);
  if (!st.ok()) return st.status();
  params.Bind(&*st);
  int rc;
  while ((rc = st->Step()) == SQLITE_ROW) fn(*st, RowTotals(*st, n_keys, from_totals));
  if (rc != SQLITE_DONE) return sql::SqliteStatus(db, rc, path, "reading totals");
  return Status::Ok();
}

}  // namespace

Result<std::string> StoreReader::Series(const EventQuery& q) {
  // Totals per day and QuadClass (index 0: no QuadClass), added up here: from the store's
  // totals_by_day when they are current and the filter is of dates, event codes and
  // QuadClasses (read by event code when one is given, else only for an unbounded
  // period: a period alone reads fewer entries of events_by_date), else from the events.
  const char* name = q.interval == Interval::kDay    ? "day"
                     : q.interval == Interval::kWeek ? "week"
                                                     : "month";
  Lease db(this);
  ReadTransaction snapshot(db.get(), path_);
  auto current = TotalsCurrent(db.get(), path_, use_totals_ && schema_version_ >= 5);
  if (!current.ok()) return current.status();
  const bool from_totals = *current && OnlyTotalsFilters(q) && q.source.empty() &&
                           q.target.empty() && q.actor.empty() &&
                           (!q.cameo.empty() || (q.from.empty() && q.to.empty()));
  std::unordered_map<int32_t, std::array<Totals, 5>> by_day;
  DYAD_RETURN_IF_ERROR(ReadGrouped(
      db.get(), path_, has_full_text_, q, from_totals, "totals_by_day", "e.date, e.quad_class",
      "", 2, [&](const Statement& st, const Totals& t) {
        const std::string_view d = st.ColumnText(0);
        const int64_t c = st.ColumnIsNull(1) ? 0 : st.ColumnInt(1);
        const int32_t day = d.size() == 8 ? date::ParseYmd(d) : 0;  // 0: not digits
        if (day == 0 || c < 0 || c > 4) return;  // a malformed row: left out
        by_day[day][c].Add(t);
      }));
  std::vector<int32_t> days;
  days.reserve(by_day.size());
  for (const auto& [day, totals] : by_day) days.push_back(day);
  std::sort(days.begin(), days.end());

  // The answer as JSON text, written directly: a daily series of 26 years is 9,500
  // periods, and a JSON tree of them took most of the answer's time.
  std::string out = "{\"interval\":\"";
  out += name;
  out += "\",\"series\":[";
  std::string current_period;
  std::array<Totals, 5> period{};
  auto flush = [&] {
    if (current_period.empty()) return;
    Totals all;
    for (const Totals& t : period) all.Add(t);
    if (out.back() != '[') out += ',';
    out += "{\"period\":\"";
    out += IsoPeriod(current_period);
    out += "\",\"events\":";
    out += std::to_string(all.events);
    out += ",\"goldstein\":";
    all.AppendMean(&out);
    out += ",\"by_quad_class\":[";
    for (int c = 1; c <= 4; ++c) {
      out += c > 1 ? ",{\"events\":" : "{\"events\":";
      out += std::to_string(period[c].events);
      out += ",\"goldstein\":";
      period[c].AppendMean(&out);
      out += '}';
    }
    out += "]}";
    period = {};
  };
  char yyyymmdd[16];
  for (int32_t day : days) {
    std::snprintf(yyyymmdd, sizeof yyyymmdd, "%08d", static_cast<int>(day));
    const std::string p = PeriodOf(yyyymmdd, q.interval);
    if (p.empty()) continue;  // a malformed date in the store
    if (p != current_period) {
      flush();
      current_period = p;
    }
    for (int c = 0; c <= 4; ++c) period[c].Add(by_day[day][c]);
  }
  flush();
  out += "]}";
  return out;
}

Result<nlohmann::json> StoreReader::Network(const EventQuery& q) {
  // Totals per (source code, target code), from the store's totals_by_dyad when they are
  // current and the filter is of codes and QuadClasses (no dates), else from the events;
  // the q.limit heaviest kept.
  const int limit = q.limit > 0 ? q.limit : kDefaultEdgeLimit;
  Lease db(this);
  ReadTransaction snapshot(db.get(), path_);
  auto current = TotalsCurrent(db.get(), path_, use_totals_ && schema_version_ >= 5);
  if (!current.ok()) return current.status();
  const bool from_totals = *current && OnlyTotalsFilters(q) && q.from.empty() && q.to.empty();
  std::unordered_map<std::string, Totals> by_dyad;  // "SOURCE\tTARGET"
  std::string key;
  DYAD_RETURN_IF_ERROR(ReadGrouped(
      db.get(), path_, has_full_text_, q, from_totals, "totals_by_dyad",
      "e.source_code, e.target_code",
      from_totals ? "" : "+e.source_code IS NOT NULL AND +e.target_code IS NOT NULL", 2,
      [&](const Statement& st, const Totals& t) {
        key = st.ColumnText(0);
        key += '\t';
        key += st.ColumnText(1);
        by_dyad[key].Add(t);
      }));
  struct Edge {
    std::string_view source, target;
    Totals totals;
  };
  std::vector<Edge> edges;
  edges.reserve(by_dyad.size());
  for (const auto& [k, t] : by_dyad) {
    const std::string_view kv = k;
    const size_t tab = kv.find('\t');
    edges.push_back({kv.substr(0, tab), kv.substr(tab + 1), t});
  }
  auto heavier = [](const Edge& a, const Edge& b) {
    if (a.totals.events != b.totals.events) return a.totals.events > b.totals.events;
    return a.source != b.source ? a.source < b.source : a.target < b.target;
  };
  const size_t n = std::min(edges.size(), static_cast<size_t>(limit));
  std::partial_sort(edges.begin(), edges.begin() + static_cast<std::ptrdiff_t>(n), edges.end(),
                    heavier);
  edges.resize(n);
  nlohmann::json edge_list = nlohmann::json::array();
  std::map<std::string, int64_t, std::less<>> nodes;  // ordered: a stable answer
  for (const Edge& e : edges) {
    nodes[std::string(e.source)] += e.totals.events;
    if (e.target != e.source) nodes[std::string(e.target)] += e.totals.events;
    edge_list.push_back({{"source", e.source},
                         {"target", e.target},
                         {"events", e.totals.events},
                         {"goldstein", e.totals.Mean()}});
  }
  nlohmann::json node_list = nlohmann::json::array();
  for (const auto& [id, count] : nodes) node_list.push_back({{"id", id}, {"events", count}});
  return nlohmann::json{{"nodes", std::move(node_list)}, {"edges", std::move(edge_list)}};
}

Result<std::optional<Event>> StoreReader::ReadEvent(int64_t id) {
  Lease db(this);
  auto st = Statement::Prepare(db.get(), std::string(store::kEventSelect) + " WHERE e.event_pk = ?1",
                               path_);
  if (!st.ok()) return st.status();
  st->BindInt(1, id);
  const int rc = st->Step();
  if (rc == SQLITE_DONE) return std::optional<Event>();
  if (rc != SQLITE_ROW) return sql::SqliteStatus(db.get(), rc, path_, "reading an event");
  Event ev;
  store::DecodeEventRow(*st, &ev);
  return std::optional<Event>(std::move(ev));
}

Result<int64_t> StoreReader::Version() {
  Lease db(this);
  auto v = sql::QueryText(db.get(), "SELECT COALESCE(max(event_pk), 0) FROM events", path_);
  if (!v.ok()) return v.status();
  return static_cast<int64_t>(std::stoll(*v));
}

Result<nlohmann::json> StoreReader::Summary() {
  Lease db(this);
  auto st = Statement::Prepare(db.get(),
                               "SELECT (SELECT max(event_pk) FROM events), (SELECT count(*) FROM "
                               "documents), (SELECT min(date) FROM events), (SELECT max(date) "
                               "FROM events)",
                               path_);
  if (!st.ok()) return st.status();
  const int rc = st->Step();
  if (rc != SQLITE_ROW) return sql::SqliteStatus(db.get(), rc, path_, "reading the summary");
  auto date = [&](int col) {
    return st->ColumnIsNull(col) ? nlohmann::json()
                                 : nlohmann::json(IsoPeriod(st->ColumnText(col)));
  };
  return nlohmann::json{{"last_event_id", st->ColumnInt(0)},
                        {"documents", st->ColumnInt(1)},
                        {"first_date", date(2)},
                        {"last_date", date(3)},
                        {"schema_version", schema_version_},
                        {"full_text", has_full_text_}};
}

}  // namespace dyad::serve
