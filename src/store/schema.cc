// Schema creation, identification and migration for the event store. The DDL below is the
// authoritative schema; doc/formats/store.md describes every table, column and index and
// must change with it.
//
// Identification: a dyad store has PRAGMA application_id = kApplicationId and a
// meta.schema_version row. An empty SQLite database (or a zero-byte/absent file) becomes a
// store; anything else is refused rather than written into, so `--db` pointed at the wrong
// file never alters it.
//
// Migrations: kMigrations[v - 1] holds the SQL that upgrades version v to v + 1. Opening a
// version-v store with v < kSchemaVersion runs the steps in order inside the same
// transaction and updates meta.schema_version.
#include "store/schema.h"

#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "store/sqlite.h"

namespace dyad::store {
namespace {

constexpr const char* kCreateSchema = R"sql(
CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE runs(
  run_pk     INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL
);

CREATE TABLE run_info(
  run_pk INTEGER NOT NULL REFERENCES runs(run_pk),
  key    TEXT NOT NULL,
  value  TEXT NOT NULL,
  PRIMARY KEY(run_pk, key)
) WITHOUT ROWID;

CREATE TABLE documents(
  doc_pk      INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  date        TEXT,
  date_origin TEXT,
  title       TEXT,
  url         TEXT,
  source      TEXT,
  lang        TEXT,
  origin      TEXT,
  n_sentences INTEGER NOT NULL,
  n_events    INTEGER NOT NULL,
  run_pk      INTEGER REFERENCES runs(run_pk),
  stored_at   TEXT NOT NULL
);

CREATE TABLE sentences(
  doc_pk  INTEGER NOT NULL REFERENCES documents(doc_pk),
  idx     INTEGER NOT NULL,
  sent_id TEXT,
  text    TEXT NOT NULL,
  PRIMARY KEY(doc_pk, idx)
);

CREATE TABLE events(
  event_pk          INTEGER PRIMARY KEY,
  doc_pk            INTEGER NOT NULL REFERENCES documents(doc_pk),
  sentence_idx      INTEGER,
  sentence_id       TEXT NOT NULL,
  date              TEXT NOT NULL,
  date_text         TEXT,
  source_code       TEXT,
  source_root       TEXT,
  source_agent      TEXT,
  source_text       TEXT,
  source_first_word INTEGER,
  source_last_word  INTEGER,
  source_dict       TEXT,
  target_code       TEXT,
  target_root       TEXT,
  target_agent      TEXT,
  target_text       TEXT,
  target_first_word INTEGER,
  target_last_word  INTEGER,
  target_dict       TEXT,
  cameo             TEXT NOT NULL,
  root_code         TEXT NOT NULL,
  quad_class        INTEGER,
  goldstein         REAL,
  plover_type       TEXT,
  plover_mode       TEXT,
  verb_word         INTEGER NOT NULL,
  verb_text         TEXT NOT NULL,
  pattern           TEXT NOT NULL,
  pattern_loc       TEXT NOT NULL,
  negated           INTEGER NOT NULL,
  mentions          INTEGER NOT NULL,
  sentence_text     TEXT,
  confidence        REAL,
  evidence          TEXT,
  location_text     TEXT,
  location_name     TEXT,
  location_geonames_id INTEGER,
  location_country  TEXT,
  location_admin1   TEXT,
  location_lat      REAL,
  location_lon      REAL,
  location_precision INTEGER,
  location_from     TEXT
);

-- Pre-aggregated totals of the events (schema 5), for `dyad serve`'s time series and
-- actor network: events, Goldstein sum (in thousandths, an integer: sums are exact and
-- independent of the order of adding) and events with a Goldstein value, per event code,
-- day and QuadClass (0: the code is not in the CAMEO table), and per (source code, target
-- code, event code, QuadClass) for events with both codes. meta.totals_through is the last
-- event_pk they count; filled by UpdateTotals (schema.h).
CREATE TABLE totals_by_day(
  cameo            TEXT NOT NULL,
  date             TEXT NOT NULL,
  quad_class       INTEGER NOT NULL,
  events           INTEGER NOT NULL,
  goldstein_milli  INTEGER NOT NULL,
  goldstein_events INTEGER NOT NULL,
  PRIMARY KEY(cameo, date, quad_class)
) WITHOUT ROWID;

CREATE TABLE totals_by_dyad(
  source_code      TEXT NOT NULL,
  target_code      TEXT NOT NULL,
  cameo            TEXT NOT NULL,
  quad_class       INTEGER NOT NULL,
  events           INTEGER NOT NULL,
  goldstein_milli  INTEGER NOT NULL,
  goldstein_events INTEGER NOT NULL,
  PRIMARY KEY(source_code, target_code, cameo, quad_class)
) WITHOUT ROWID;

-- Full-text index of each event's sentence (one row per event, rowid = event_pk), for
-- `dyad serve`'s q= search. Contentless (the text lives in sentences/events) and
-- detail=none (which words, not where): about a third of a full index; words are matched,
-- phrases are not. Filled by CreateQueryIndexes, then kept by a trigger.
CREATE VIRTUAL TABLE events_fts USING fts5(text, content='', columnsize=0, detail=none,
                                           tokenize='unicode61 remove_diacritics 2');

-- The two sides of every event as rows. A view, not a table: a separate table made writing
-- an event about 35 % slower (bench/store_bench.cc), and events_by_source/events_by_target
-- serve its queries.
CREATE VIEW actors AS
  SELECT event_pk, 'source' AS role, source_code AS code, source_root AS root,
         source_agent AS agent, source_text AS text, source_first_word AS first_word,
         source_last_word AS last_word, source_dict AS dict
  FROM events WHERE source_root IS NOT NULL
  UNION ALL
  SELECT event_pk, 'target', target_code, target_root, target_agent, target_text,
         target_first_word, target_last_word, target_dict
  FROM events WHERE target_root IS NOT NULL;

CREATE VIEW events_one_a_day AS
WITH g AS (
  SELECT MIN(e.event_pk)              AS first_event_pk,
         COUNT(DISTINCT e.doc_pk)     AS n_documents,
         SUM(e.mentions)              AS mentions,
         json_group_array(DISTINCT d.id) AS doc_ids
  FROM events e JOIN documents d ON d.doc_pk = e.doc_pk
  GROUP BY e.date, e.source_code, e.target_code, e.cameo
)
SELECT e.date, e.source_code, e.source_root, e.source_agent,
       e.target_code, e.target_root, e.target_agent,
       e.cameo, e.root_code, e.quad_class, e.goldstein, e.plover_type, e.plover_mode,
       g.n_documents, g.mentions, g.doc_ids, g.first_event_pk
FROM g JOIN events e ON e.event_pk = g.first_event_pk
ORDER BY g.first_event_pk;
)sql";

// The query indexes, built after a bulk load (see schema.h). IF NOT EXISTS: a no-op on a
// store that has them. Since version 4 the date, code and event-code indexes also hold
// what `dyad serve`'s time series (date, QuadClass, Goldstein) and actor network (source,
// target, Goldstein) read, so that a series or network filtered by dates, actors, event
// codes or QuadClasses reads one index instead of the table's rows (store_reader.cc; 5-20
// times faster on a million events).
constexpr const char* kCreateQueryIndexes = R"sql(
CREATE INDEX IF NOT EXISTS documents_by_date ON documents(date);
CREATE INDEX IF NOT EXISTS events_by_doc ON events(doc_pk);
CREATE INDEX IF NOT EXISTS events_by_date
  ON events(date, quad_class, goldstein, source_code, target_code);
CREATE INDEX IF NOT EXISTS events_by_source
  ON events(source_code, target_code, date, quad_class, goldstein);
CREATE INDEX IF NOT EXISTS events_by_target
  ON events(target_code, source_code, date, quad_class, goldstein);
CREATE INDEX IF NOT EXISTS events_by_cameo ON events(cameo, date, quad_class, goldstein);
CREATE INDEX IF NOT EXISTS events_by_class ON events(quad_class, cameo);
)sql";

// UpdateTotals (schema.h): the events after meta.totals_through added to the totals, in
// one pass each (an upsert: a new group is a row, a known one adds to its row). The
// Goldstein thousandths are round(goldstein * 1000), as dyad serve's exact scan computes
// them (store_reader.cc GoldsteinMilli). NOT INDEXED: the new events are a range of
// rowids (else SQLite reads all of events_by_cameo, a million entries, for each batch).
constexpr const char* kUpdateTotals = R"sql(
INSERT INTO totals_by_day(cameo, date, quad_class, events, goldstein_milli, goldstein_events)
  SELECT cameo, date, ifnull(quad_class, 0), count(*),
         ifnull(sum(CAST(round(goldstein * 1000) AS INTEGER)), 0), count(goldstein)
  FROM events NOT INDEXED
  WHERE event_pk > ifnull((SELECT CAST(value AS INTEGER) FROM meta
                           WHERE key = 'totals_through'), 0)
  GROUP BY cameo, date, ifnull(quad_class, 0)
  ON CONFLICT(cameo, date, quad_class) DO UPDATE SET events = events + excluded.events,
    goldstein_milli = goldstein_milli + excluded.goldstein_milli,
    goldstein_events = goldstein_events + excluded.goldstein_events;
INSERT INTO totals_by_dyad(source_code, target_code, cameo, quad_class, events, goldstein_milli,
                           goldstein_events)
  SELECT source_code, target_code, cameo, ifnull(quad_class, 0), count(*),
         ifnull(sum(CAST(round(goldstein * 1000) AS INTEGER)), 0), count(goldstein)
  FROM events NOT INDEXED
  WHERE event_pk > ifnull((SELECT CAST(value AS INTEGER) FROM meta
                           WHERE key = 'totals_through'), 0)
    AND source_code IS NOT NULL AND target_code IS NOT NULL
  GROUP BY source_code, target_code, cameo, ifnull(quad_class, 0)
  ON CONFLICT(source_code, target_code, cameo, quad_class) DO UPDATE SET
    events = events + excluded.events,
    goldstein_milli = goldstein_milli + excluded.goldstein_milli,
    goldstein_events = goldstein_events + excluded.goldstein_events;
INSERT INTO meta(key, value) SELECT 'totals_through', ifnull(max(event_pk), 0) FROM events WHERE true
  ON CONFLICT(key) DO UPDATE SET value = excluded.value;
)sql";

// The full-text index's bulk fill and the trigger that keeps it from then on (schema.h).
// 'delete-all' first: a store whose fill was rolled back may hold part of one.
constexpr const char* kFillFullText = R"sql(
INSERT INTO events_fts(events_fts) VALUES('delete-all');
INSERT INTO events_fts(rowid, text)
  SELECT e.event_pk, COALESCE(e.sentence_text, s.text, '') FROM events e
  LEFT JOIN sentences s ON s.doc_pk = e.doc_pk AND s.idx = e.sentence_idx;
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_fts(rowid, text) VALUES(new.event_pk, COALESCE(new.sentence_text,
    (SELECT text FROM sentences WHERE doc_pk = new.doc_pk AND idx = new.sentence_idx), ''));
END;
)sql";

// kMigrations[v - 1] upgrades schema version v to v + 1 (SQL run inside the open
// transaction).
constexpr std::array<const char*, kSchemaVersion - 1> kMigrations = {
    // 1 → 2: the learned event filter's probability and evidence (NULL: no filter ran).
    "ALTER TABLE events ADD COLUMN confidence REAL;"
    "ALTER TABLE events ADD COLUMN evidence TEXT;",
    // 2 → 3: where the event happened (issue 13; NULL: no location).
    "ALTER TABLE events ADD COLUMN location_text TEXT;"
    "ALTER TABLE events ADD COLUMN location_name TEXT;"
    "ALTER TABLE events ADD COLUMN location_geonames_id INTEGER;"
    "ALTER TABLE events ADD COLUMN location_country TEXT;"
    "ALTER TABLE events ADD COLUMN location_admin1 TEXT;"
    "ALTER TABLE events ADD COLUMN location_lat REAL;"
    "ALTER TABLE events ADD COLUMN location_lon REAL;"
    "ALTER TABLE events ADD COLUMN location_precision INTEGER;"
    "ALTER TABLE events ADD COLUMN location_from TEXT;",
    // 3 → 4: the full-text index of event sentences (filled by CreateQueryIndexes), and four
    // query indexes widened (CreateQueryIndexes builds them again at Close).
    "DROP INDEX IF EXISTS events_by_date; DROP INDEX IF EXISTS events_by_source;"
    "DROP INDEX IF EXISTS events_by_target; DROP INDEX IF EXISTS events_by_cameo;"
    "CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(text, content='', columnsize=0, "
    "detail=none, "
    "tokenize='unicode61 remove_diacritics 2');",
    // 4 → 5: the pre-aggregated totals (empty; CreateQueryIndexes fills them at Close) and
    // the query index events_by_class (built at Close too).
    "CREATE TABLE IF NOT EXISTS totals_by_day(cameo TEXT NOT NULL, date TEXT NOT NULL, "
    "quad_class INTEGER NOT NULL, events INTEGER NOT NULL, goldstein_milli INTEGER NOT NULL, "
    "goldstein_events INTEGER NOT NULL, PRIMARY KEY(cameo, date, quad_class)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS totals_by_dyad(source_code TEXT NOT NULL, target_code TEXT NOT "
    "NULL, cameo TEXT NOT NULL, quad_class INTEGER NOT NULL, events INTEGER NOT NULL, "
    "goldstein_milli INTEGER NOT NULL, goldstein_events INTEGER NOT NULL, "
    "PRIMARY KEY(source_code, target_code, cameo, quad_class)) WITHOUT ROWID;",
};

// Big-endian unsigned integer of `n` bytes at header[at].
uint32_t HeaderInt(const unsigned char* header, int at, int n) {
  uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | header[at + i];
  return v;
}

Status NotAStore(std::string_view path, std::string_view why) {
  return Status::Corruption(std::string(path) + ": not a dyad store (" + std::string(why) + ")");
}

// Reads the schema version of a store whose application_id matched.
Result<int> ReadVersion(sqlite3* db, std::string_view path) {
  auto v = sql::QueryText(db, "SELECT value FROM meta WHERE key = 'schema_version'", path);
  if (!v.ok()) {
    if (v.status().code() == Status::Code::kNotFound ||
        v.status().message().find("no such table") != std::string::npos) {
      return NotAStore(path, "no meta.schema_version");
    }
    return v.status();
  }
  int version = 0;
  for (char c : *v) {
    if (c < '0' || c > '9' || version > 100000)
      return NotAStore(path, "bad schema_version '" + *v + "'");
    version = version * 10 + (c - '0');
  }
  if (version < 1) return NotAStore(path, "bad schema_version '" + *v + "'");
  return version;
}

// Returns 0 for an empty database (to become a store), else the schema version of a dyad
// store this build can read (migrating older ones is the caller's job).
Result<int> Identify(sqlite3* db, std::string_view path) {
  auto app = sql::QueryText(db, "PRAGMA application_id", path);
  if (!app.ok()) {
    // The first read of a non-SQLite file fails with SQLITE_NOTADB; so does that of a
    // damaged or truncated SQLite file, which is no reason to call it "not a dyad store".
    if (app.status().code() == Status::Code::kCorruption) {
      const std::string damage = DiagnoseDamagedDatabase(path);
      return Status::Corruption(app.status().message() +
                                (damage.empty() ? " (not a dyad store)" : " (" + damage + ")"));
    }
    return app.status();
  }
  if (*app != std::to_string(kApplicationId)) {
    auto tables = sql::QueryText(db, "SELECT count(*) FROM sqlite_schema", path);
    if (!tables.ok()) return tables.status();
    if (*tables != "0") return NotAStore(path, "a SQLite database with other tables");
    return 0;
  }
  auto version = ReadVersion(db, path);
  if (!version.ok()) return version.status();
  if (*version > kSchemaVersion) {
    return Status::Unsupported(std::string(path) + ": store schema version " +
                               std::to_string(*version) + " is newer than this dyad reads (" +
                               std::to_string(kSchemaVersion) + "); use a newer dyad");
  }
  return *version;
}

Status Migrate(sqlite3* db, std::string_view path, int from) {
  for (int v = from; v < kSchemaVersion; ++v) {
    DYAD_RETURN_IF_ERROR(sql::Exec(db, kMigrations[v - 1], path));
  }
  const std::string update = "UPDATE meta SET value = '" + std::to_string(kSchemaVersion) +
                             "' WHERE key = 'schema_version'";
  return sql::Exec(db, update.c_str(), path);
}

Status CreateSchema(sqlite3* db, std::string_view path, std::string_view dyad_version) {
  DYAD_RETURN_IF_ERROR(sql::Exec(db, kCreateSchema, path));
  const std::string pragma = "PRAGMA application_id = " + std::to_string(kApplicationId);
  DYAD_RETURN_IF_ERROR(sql::Exec(db, pragma.c_str(), path));
  auto insert = sql::Statement::Prepare(db, "INSERT INTO meta(key, value) VALUES(?1, ?2)", path);
  if (!insert.ok()) return insert.status();
  const std::string version = std::to_string(kSchemaVersion);
  const std::string now = sql::UtcTimestamp();
  const std::pair<std::string_view, std::string_view> rows[] = {
      {"application", "dyad event store"},
      {"schema_version", version},
      {"created_at", now},
      {"created_by", dyad_version},
      {"format_doc", "doc/formats/store.md"},
  };
  for (const auto& [key, value] : rows) {
    insert->BindText(1, key);
    insert->BindText(2, value);
    DYAD_RETURN_IF_ERROR(insert->Run(db, path));
  }
  return Status::Ok();
}

}  // namespace

Result<int> ReadableSchemaVersion(sqlite3* db, std::string_view path) {
  auto version = Identify(db, path);
  if (!version.ok()) return version.status();
  if (*version == 0) return NotAStore(path, "an empty database");
  return *version;
}

Result<int> StoreVersion(sqlite3* db, std::string_view path) { return Identify(db, path); }

std::string DiagnoseDamagedDatabase(std::string_view path) {
  std::ifstream in{std::string(path), std::ios::binary};
  unsigned char header[100];
  in.read(reinterpret_cast<char*>(header), sizeof header);
  const std::streamsize got = in.gcount();
  static constexpr char kMagic[] = "SQLite format 3";  // with its NUL: 16 bytes
  if (got < 16 || std::memcmp(header, kMagic, sizeof kMagic) != 0) return "";
  std::error_code ec;
  const uint64_t size = std::filesystem::file_size(std::string(path), ec);
  if (ec) return "";
  if (got < static_cast<std::streamsize>(sizeof header)) {
    return "truncated store: " + std::to_string(size) +
           " bytes, shorter than the 100-byte SQLite header";
  }
  // Page size (1 means 65536) and page count; the count is valid when the "version valid
  // for" number equals the change counter (SQLite file format, section 1.3).
  const uint32_t raw_page = HeaderInt(header, 16, 2);
  const uint64_t page = raw_page == 1 ? 65536 : raw_page;
  const uint32_t pages = HeaderInt(header, 28, 4);
  if (pages > 0 && HeaderInt(header, 92, 4) == HeaderInt(header, 24, 4) &&
      page * pages > size) {
    return "truncated store: the SQLite header says " + std::to_string(page * pages) +
           " bytes, the file has " + std::to_string(size);
  }
  return "damaged SQLite database";
}

Status EnsureSchema(sqlite3* db, std::string_view path, std::string_view dyad_version) {
  // Identify before writing anything: a foreign database must not be touched, and a current
  // store needs no write lock at open.
  auto version = Identify(db, path);
  if (!version.ok()) return version.status();
  if (*version == kSchemaVersion) return Status::Ok();

  DYAD_RETURN_IF_ERROR(sql::Exec(db, "BEGIN IMMEDIATE", path));
  // Identify again under the write lock: another process may have created the schema.
  version = Identify(db, path);
  Status status = !version.ok()               ? version.status()
                  : *version == 0             ? CreateSchema(db, path, dyad_version)
                  : *version < kSchemaVersion ? Migrate(db, path, *version)
                                              : Status::Ok();
  if (!status.ok()) {
    (void)sql::Exec(db, "ROLLBACK", path);
    return status;
  }
  return sql::Exec(db, "COMMIT", path);
}

Status CreateQueryIndexes(sqlite3* db, std::string_view path) {
  // Seven indexes, the full-text trigger, and totals that count every event.
  constexpr const char* kCountPresent =
      "SELECT (SELECT count(*) FROM sqlite_schema WHERE (type = 'index' AND name IN "
      "('documents_by_date', 'events_by_doc', 'events_by_date', 'events_by_source', "
      "'events_by_target', 'events_by_cameo', 'events_by_class')) OR (type = 'trigger' AND "
      "name = 'events_fts_insert')) || ' ' || ((SELECT CAST(value AS INTEGER) FROM meta WHERE "
      "key = 'totals_through') IS (SELECT ifnull(max(event_pk), 0) FROM events))";
  auto present = sql::QueryText(db, kCountPresent, path);
  if (!present.ok()) return present.status();
  if (*present == "8 1") return Status::Ok();  // the common case for an appending run: no lock
  DYAD_RETURN_IF_ERROR(sql::Exec(db, "BEGIN IMMEDIATE", path));
  Status status = sql::Exec(db, kCreateQueryIndexes, path);
  if (status.ok()) status = UpdateTotals(db, path);
  if (status.ok()) {
    auto trigger = sql::QueryText(
        db, "SELECT count(*) FROM sqlite_schema WHERE name = 'events_fts_insert'", path);
    status = !trigger.ok()      ? trigger.status()
             : *trigger == "0" ? sql::Exec(db, kFillFullText, path)
                               : Status::Ok();
  }
  if (!status.ok()) {
    (void)sql::Exec(db, "ROLLBACK", path);
    return status;
  }
  return sql::Exec(db, "COMMIT", path);
}

Status UpdateTotals(sqlite3* db, std::string_view path) {
  return sql::Exec(db, kUpdateTotals, path);
}

Result<bool> HasTotals(sqlite3* db, std::string_view path) {
  auto n = sql::QueryText(db, "SELECT count(*) FROM meta WHERE key = 'totals_through'", path);
  if (!n.ok()) return n.status();
  return *n != "0";
}

}  // namespace dyad::store
