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

// A WHERE clause and its parameters, in order (?1, ?2, ... by position).
class Where {
 public:
  void Add(std::string condition) { conditions_.push_back(std::move(condition)); }
  std::string Param(std::variant<std::string, int64_t, double> v) {
    values_.push_back(std::move(v));
    std::string p = "?";  // appended, not "?" + ...: GCC 12 warns falsely (-Wrestrict)
    p += std::to_string(values_.size());
    return p;
  }
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
  std::vector<std::string> conditions_;
  std::vector<std::variant<std::string, int64_t, double>> values_;
};

Status NoFullText(const std::string& path) {
  return Status::InvalidArgument(
      "q: this store has no full-text index yet (a first `dyad code --db` run builds it when "
      "it finishes; or run `dyad index " + path + "`)");
}

// The conditions of every filter of `q` (not the cursor).
Status AddFilters(const EventQuery& q, bool has_full_text, const std::string& path, Where* w) {
  if (!q.from.empty()) w->Add("e.date >= " + w->Param(q.from));
  if (!q.to.empty()) w->Add("e.date <= " + w->Param(q.to));
  if (!q.source.empty()) w->Add(w->PrefixRange("e.source_code", q.source));
  if (!q.target.empty()) w->Add(w->PrefixRange("e.target_code", q.target));
  if (!q.actor.empty()) {
    w->Add("(" + w->PrefixRange("e.source_code", q.actor) + " OR " +
           w->PrefixRange("e.target_code", q.actor) + ")");
  }
  if (!q.cameo.empty()) w->Add(w->PrefixRange("e.cameo", q.cameo));
  if (!q.quad_classes.empty()) {
    std::string in;
    for (int c : q.quad_classes) in += (in.empty() ? "" : ", ") + w->Param(int64_t{c});
    w->Add("e.quad_class IN (" + in + ")");
  }
  if (!q.plover.empty()) w->Add("e.plover_type = " + w->Param(q.plover));
  if (!q.country.empty()) w->Add("e.location_country = " + w->Param(q.country));
  if (q.has_bbox) {
    w->Add("e.location_lon BETWEEN " + w->Param(q.bbox[0]) + " AND " + w->Param(q.bbox[2]));
    w->Add("e.location_lat BETWEEN " + w->Param(q.bbox[1]) + " AND " + w->Param(q.bbox[3]));
  }
  if (!q.fts.empty()) {
    if (!has_full_text) return NoFullText(path);
    w->Add("e.event_pk IN (SELECT rowid FROM events_fts WHERE events_fts MATCH " +
           w->Param(q.fts) + ")");
  }
  return Status::Ok();
}

// "20160217" → "2016-02-17"; "201602" → "2016-02".
std::string IsoPeriod(std::string_view p) {
  std::string out(p.substr(0, 4));
  if (p.size() >= 6) out += "-" + std::string(p.substr(4, 2));
  if (p.size() >= 8) out += "-" + std::string(p.substr(6, 2));
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

nlohmann::json EventJson(const Event& event, int64_t id) {
  nlohmann::json j = nlohmann::json::parse(EventToJson(event));
  j["id"] = id;
  return j;
}

Result<nlohmann::json> StoreReader::Events(const EventQuery& q) {
  Where w;
  DYAD_RETURN_IF_ERROR(AddFilters(q, has_full_text_, path_, &w));
  if (q.after > 0) w.Add("e.event_pk > " + w.Param(q.after));
  const int limit = q.limit > 0 ? q.limit : kDefaultEventLimit;
  const std::string sql = std::string(store::kEventSelect) + w.Sql() +
                          " ORDER BY e.event_pk LIMIT " + std::to_string(limit + 1);
  Lease db(this);
  auto st = Statement::Prepare(db.get(), sql, path_);
  if (!st.ok()) return st.status();
  w.Bind(&*st);
  nlohmann::json events = nlohmann::json::array();
  int64_t last = 0;
  bool more = false;
  int rc;
  while ((rc = st->Step()) == SQLITE_ROW) {
    if (static_cast<int>(events.size()) == limit) {
      more = true;
      break;
    }
    Event ev;
    last = store::DecodeEventRow(*st, &ev);
    events.push_back(EventJson(ev, last));
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    return sql::SqliteStatus(db.get(), rc, path_, "reading events");
  }
  return nlohmann::json{{"events", std::move(events)},
                        {"next", more ? nlohmann::json(std::to_string(last)) : nlohmann::json()}};
}

Result<nlohmann::json> StoreReader::Series(const EventQuery& q) {
  Where w;
  DYAD_RETURN_IF_ERROR(AddFilters(q, has_full_text_, path_, &w));
  // Grouped by day in SQL and rolled up into weeks or months here: GROUP BY date,
  // quad_class follows the order of the index events_by_date(date, quad_class, goldstein),
  // so SQLite aggregates while it reads (no sort), and an unfiltered series reads only
  // that index.
  const std::string sql = "SELECT e.date, e.quad_class, count(*), total(e.goldstein) FROM events e" +
                          w.Sql() + " GROUP BY e.date, e.quad_class ORDER BY e.date";
  const char* name = q.interval == Interval::kDay    ? "day"
                     : q.interval == Interval::kWeek ? "week"
                                                     : "month";
  Lease db(this);
  auto st = Statement::Prepare(db.get(), sql, path_);
  if (!st.ok()) return st.status();
  w.Bind(&*st);
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
  Where w;
  DYAD_RETURN_IF_ERROR(AddFilters(q, has_full_text_, path_, &w));
  w.Add("e.source_code IS NOT NULL AND e.target_code IS NOT NULL");
  const int limit = q.limit > 0 ? q.limit : kDefaultEdgeLimit;
  const std::string sql =
      "SELECT e.source_code, e.target_code, count(*) AS n, avg(e.goldstein) FROM events e" +
      w.Sql() + " GROUP BY e.source_code, e.target_code ORDER BY n DESC, e.source_code, " +
      "e.target_code LIMIT " + std::to_string(limit);
  Lease db(this);
  auto st = Statement::Prepare(db.get(), sql, path_);
  if (!st.ok()) return st.status();
  w.Bind(&*st);
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
