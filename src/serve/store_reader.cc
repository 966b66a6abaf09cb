// The API's SQL (see store_reader.h). Each filter of an EventQuery becomes one condition
// with bound parameters: a code prefix is the range [prefix, prefix with its last byte
// incremented), which the code indexes of the store serve (LIKE would not: it is case-
// insensitive); q= is a semi-join with the contentless FTS5 table events_fts, whose rowid
// is the event_pk. Pages are keyset-paginated on event_pk (WHERE event_pk > after ORDER
// BY event_pk LIMIT n+1): the cost of a page does not grow with its depth.
#include "serve/store_reader.h"

#include <algorithm>
#include <map>
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
  kFullText,  // q=: the FTS5 matches
  kSource,    // source= (with target=: the dyad, both in events_by_source)
  kTarget,
  kActor,     // either side: the union of two index ranges
  kCameo,
  kDate,
};

// The most selective index a query can use, in a fixed order (full text, codes, dates).
Driver ChooseDriver(const EventQuery& q) {
  if (!q.fts.empty()) return Driver::kFullText;
  if (!q.source.empty()) return Driver::kSource;
  if (!q.target.empty()) return Driver::kTarget;
  if (!q.actor.empty()) return Driver::kActor;
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
  if (!q.cameo.empty()) w->Add(w->PrefixRange(col("e.cameo", driver == Driver::kCameo), q.cameo));
  if (!q.quad_classes.empty()) {
    std::string in;
    for (int c : q.quad_classes) in += (in.empty() ? "" : ", ") + w->Param(int64_t{c});
    w->Add(col("e.quad_class", false) + " IN (" + in + ")");
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
    w->Add("e.event_pk IN (SELECT rowid FROM events_fts WHERE events_fts MATCH " +
           w->Param(q.fts) + ")");
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

nlohmann::json NullIfNoValue(int64_t n, double mean) {
  return n > 0 ? nlohmann::json(mean) : nlohmann::json(nullptr);
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
  // The cursor bounds the rowid range only for the in-order scan; behind an index it is
  // tested on the index's rowids ('+'), else SQLite scans the table from the cursor on.
  const std::string pk = driver == Driver::kScan ? "e.event_pk" : "+e.event_pk";
  std::string cursor = after > 0 ? pk + " > " + std::to_string(after) : "";
  if (before > 0) {
    cursor += (cursor.empty() ? "" : " AND ") + pk + " <= " + std::to_string(before);
  }
  DYAD_RETURN_IF_ERROR(Branches(q, driver, has_full_text, path, cursor, &params, &branches));
  const std::string sql = JoinBranches(branches, "SELECT e.event_pk FROM events e", " UNION ") +
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

}  // namespace

Result<std::string> StoreReader::Events(const EventQuery& q) {
  const int limit = q.limit > 0 ? q.limit : kDefaultEventLimit;
  // The page's ids in two steps: the next kScanWindow events in order, with every filter
  // tested on the row (a filter that matches often fills the page here, in a few ms);
  // then, when the page is not full, the driving index beyond that window (a rare filter
  // reads only its matches). A full-text query goes to its index at once.
  const Driver driver = ChooseDriver(q);
  Lease db(this);
  std::vector<int64_t> ids;
  int64_t next_after = q.after;
  if (driver != Driver::kFullText && driver != Driver::kScan) {
    auto window = MatchingIds(db.get(), path_, has_full_text_, q, Driver::kScan, q.after,
                              q.after + kScanWindow, limit + 1);
    if (!window.ok()) return window.status();
    ids = std::move(window).value();
    next_after = q.after + kScanWindow;
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

// FROM clause of the rows matching `q` as a table aliased e with the columns `columns`:
// when `covered` (every filter of q is in the index the grouping reads in order), events
// itself and SQLite's choice; else the branches of the driving index as a MATERIALIZED
// common table, so that SQLite cannot trade the driving index for one that only saves the
// GROUP BY's sort (and fetches every row).
Status FilteredRows(const EventQuery& q, bool covered, bool has_full_text, const std::string& path,
                    const char* columns, const std::string& extra, Params* params,
                    std::string* from) {
  const Driver driver = covered ? Driver::kFree : ChooseDriver(q);
  std::vector<Where> branches;
  DYAD_RETURN_IF_ERROR(Branches(q, driver, has_full_text, path, extra, params, &branches));
  if (driver == Driver::kFree || driver == Driver::kScan) {
    *from = " FROM events e" + branches[0].Sql();
  } else {
    *from = " FROM (WITH m AS MATERIALIZED (" +
            JoinBranches(branches, std::string("SELECT ") + columns + " FROM events e",
                         " UNION ALL ") +
            ") SELECT * FROM m) e";
  }
  return Status::Ok();
}

Result<nlohmann::json> StoreReader::Series(const EventQuery& q) {
  // Grouped by day in SQL and rolled up into weeks or months here: GROUP BY date,
  // quad_class follows the order of the index events_by_date(date, quad_class, goldstein),
  // so SQLite aggregates while it reads (no sort), and a series filtered by dates and
  // QuadClasses only reads only that index.
  Params params;
  std::string from;
  const bool covered = q.source.empty() && q.target.empty() && q.actor.empty() &&
                       q.cameo.empty() && q.plover.empty() && q.country.empty() &&
                       !q.has_bbox && q.fts.empty();
  DYAD_RETURN_IF_ERROR(FilteredRows(q, covered, has_full_text_, path_,
                                    "e.date, e.quad_class, e.goldstein", "", &params, &from));
  const std::string sql = "SELECT e.date, e.quad_class, count(*), total(e.goldstein)" + from +
                          " GROUP BY e.date, e.quad_class ORDER BY e.date";
  const char* name = q.interval == Interval::kDay    ? "day"
                     : q.interval == Interval::kWeek ? "week"
                                                     : "month";
  Lease db(this);
  auto st = Statement::Prepare(db.get(), sql, path_);
  if (!st.ok()) return st.status();
  params.Bind(&*st);
  nlohmann::json series = nlohmann::json::array();
  std::string current;
  int64_t n[5] = {0, 0, 0, 0, 0};
  double sum[5] = {0, 0, 0, 0, 0};
  auto flush = [&] {
    if (current.empty()) return;
    nlohmann::json by = nlohmann::json::array();
    int64_t total = 0, known = 0;
    double known_sum = 0;
    for (int c = 0; c <= 4; ++c) {
      total += n[c];
      if (c > 0) {
        known += n[c];
        known_sum += sum[c];
        by.push_back({{"events", n[c]}, {"goldstein", NullIfNoValue(n[c], sum[c] / n[c])}});
      }
    }
    series.push_back({{"period", IsoPeriod(current)},
                      {"events", total},
                      {"goldstein", NullIfNoValue(known, known_sum / std::max<int64_t>(1, known))},
                      {"by_quad_class", std::move(by)}});
    for (int c = 0; c <= 4; ++c) n[c] = 0, sum[c] = 0;
  };
  int rc;
  while ((rc = st->Step()) == SQLITE_ROW) {
    const std::string p = PeriodOf(st->ColumnText(0), q.interval);
    if (p.empty()) continue;  // a malformed date in the store
    if (p != current) {
      flush();
      current = p;
    }
    const int64_t c = st->ColumnIsNull(1) ? 0 : st->ColumnInt(1);
    if (c < 0 || c > 4) continue;
    n[c] += st->ColumnInt(2);
    sum[c] += st->ColumnDouble(3);
  }
  if (rc != SQLITE_DONE) return sql::SqliteStatus(db.get(), rc, path_, "reading a series");
  flush();
  return nlohmann::json{{"interval", name}, {"series", std::move(series)}};
}

Result<nlohmann::json> StoreReader::Network(const EventQuery& q) {
  // Unfiltered, or filtered by codes, dates and QuadClasses only, the network reads only
  // the index events_by_source(source_code, target_code, date, quad_class, goldstein), in
  // GROUP BY order.
  Params params;
  std::string from;
  const bool covered = q.actor.empty() && q.cameo.empty() && q.plover.empty() &&
                       q.country.empty() && !q.has_bbox && q.fts.empty();
  DYAD_RETURN_IF_ERROR(FilteredRows(
      q, covered, has_full_text_, path_, "e.source_code, e.target_code, e.goldstein",
      covered ? "e.source_code IS NOT NULL AND e.target_code IS NOT NULL"
              : "+e.source_code IS NOT NULL AND +e.target_code IS NOT NULL",
      &params, &from));
  const int limit = q.limit > 0 ? q.limit : kDefaultEdgeLimit;
  const std::string sql =
      "SELECT e.source_code, e.target_code, count(*) AS n, avg(e.goldstein)" + from +
      " GROUP BY e.source_code, e.target_code ORDER BY n DESC, e.source_code, " +
      "e.target_code LIMIT " + std::to_string(limit);
  Lease db(this);
  auto st = Statement::Prepare(db.get(), sql, path_);
  if (!st.ok()) return st.status();
  params.Bind(&*st);
  nlohmann::json edges = nlohmann::json::array();
  std::map<std::string, int64_t> nodes;  // ordered: a stable answer
  int rc;
  while ((rc = st->Step()) == SQLITE_ROW) {
    const std::string source(st->ColumnText(0)), target(st->ColumnText(1));
    const int64_t n = st->ColumnInt(2);
    nodes[source] += n;
    if (target != source) nodes[target] += n;
    edges.push_back({{"source", source},
                     {"target", target},
                     {"events", n},
                     {"goldstein", st->ColumnIsNull(3) ? nlohmann::json() : nlohmann::json(st->ColumnDouble(3))}});
  }
  if (rc != SQLITE_DONE) return sql::SqliteStatus(db.get(), rc, path_, "reading the network");
  nlohmann::json node_list = nlohmann::json::array();
  for (const auto& [id, n] : nodes) node_list.push_back({{"id", id}, {"events", n}});
  return nlohmann::json{{"nodes", std::move(node_list)}, {"edges", std::move(edges)}};
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
