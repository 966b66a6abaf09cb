// EventStore: writes and reads the schema of schema.cc / doc/formats/store.md.
//
// Write path: every row kind has one statement prepared at Open (SQLITE_PREPARE_PERSISTENT)
// and reused for every row; fields are bound straight from the caller's strings
// (SQLITE_STATIC, no copies); a batch is one BEGIN IMMEDIATE ... COMMIT. Documents are
// inserted with ON CONFLICT(id) DO NOTHING, and sqlite3_changes() tells a new document from
// a stored one, whose rows are then not written — that one check makes re-runs idempotent
// and resume exact.
//
// Value mapping (so that ReadEvents() gives back exactly what was written): an absent actor
// (no code, no phrase) has all its source_*/target_* columns NULL; a present actor's empty
// code and dict location are NULL; empty date_text and plover type/mode are NULL;
// quad_class and goldstein are NULL when the event code is not a known CAMEO code;
// an event's sentence text is stored in sentences.text and repeated in
// events.sentence_text only when it differs (or when the event names no stored sentence).
#include "store/event_store.h"

#include <charconv>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "store/schema.h"
#include "store/sqlite.h"

#ifndef DYAD_VERSION
#define DYAD_VERSION "unknown"
#endif

namespace dyad::store {
namespace {

using sql::Statement;

constexpr int kBusyTimeoutMs = 10000;
// cache_size: 32 MiB of page cache (negative = KiB; SQLite's default is 2 MiB), for the
// index builds at Close and the index upkeep of runs appending to an indexed store.
// wal_autocheckpoint: checkpoint (and sync) every 8192 pages = 32 MiB of log instead of
// 4 MiB; journal_size_limit then truncates the log file back to 64 MiB.
constexpr const char* kSessionPragmas =
    "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY; PRAGMA "
    "wal_autocheckpoint = 8192; PRAGMA journal_size_limit = 67108864;";

// "PATH: document 'ID' (origin): " + the message without its own leading "PATH: ".
Status WithContext(const Status& s, const std::string& path, const StoredDocument& doc) {
  std::string_view rest = s.message();
  if (rest.starts_with(path) && rest.substr(path.size()).starts_with(": ")) {
    rest.remove_prefix(path.size() + 2);
  }
  std::string msg = path + ": document '" + doc.id + "'";
  if (!doc.origin.empty()) msg += " (" + doc.origin + ")";
  msg += ": ";
  msg += rest;
  switch (s.code()) {
    case Status::Code::kOk:
      return s;
    case Status::Code::kInvalidArgument:
      return Status::InvalidArgument(std::move(msg));
    case Status::Code::kNotFound:
      return Status::NotFound(std::move(msg));
    case Status::Code::kCorruption:
      return Status::Corruption(std::move(msg));
    case Status::Code::kIOError:
      return Status::IOError(std::move(msg));
    case Status::Code::kUnsupported:
      return Status::Unsupported(std::move(msg));
    case Status::Code::kResourceExhausted:
      return Status::ResourceExhausted(std::move(msg));
    case Status::Code::kInternal:
      return Status::Internal(std::move(msg));
  }
  return Status::Internal(std::move(msg));
}

// An event names a sentence by its id, or by its 0-based index when the sentence has none.
bool SentenceMatches(const StoredSentence& s, std::string_view id) {
  if (!s.id.empty()) return s.id == id;
  uint32_t index = 0;
  const char* end = id.data() + id.size();
  auto [p, ec] = std::from_chars(id.data(), end, index);
  return ec == std::errc() && p == end && !id.empty() && index == s.index;
}

bool ActorPresent(const EventActor& a) {
  return !a.code.empty() || !a.root.empty() || !a.agent.empty() || !a.text.empty() ||
         a.first_word != 0 || a.last_word != 0 || !a.actor_loc.empty();
}

// Binds the 7 columns of one side of an event starting at parameter `i`.
void BindActor(Statement& st, int i, const EventActor& a) {
  if (!ActorPresent(a)) {
    for (int k = 0; k < 7; ++k) st.BindNull(i + k);
    return;
  }
  st.BindTextOrNull(i, a.code);
  st.BindText(i + 1, a.root);
  st.BindText(i + 2, a.agent);
  st.BindText(i + 3, a.text);
  st.BindInt(i + 4, a.first_word);
  st.BindInt(i + 5, a.last_word);
  st.BindTextOrNull(i + 6, a.actor_loc);
}

// Decodes the 7 actor columns starting at `col` of ReadEvents' query (root NULL = absent).
void ReadActor(const Statement& q, int col, EventActor* a) {
  if (q.ColumnIsNull(col + 1)) return;
  a->code = q.ColumnText(col);
  a->root = q.ColumnText(col + 1);
  a->agent = q.ColumnText(col + 2);
  a->text = q.ColumnText(col + 3);
  a->first_word = static_cast<uint32_t>(q.ColumnInt(col + 4));
  a->last_word = static_cast<uint32_t>(q.ColumnInt(col + 5));
  a->actor_loc = q.ColumnText(col + 6);
}

// Binds the 9 location columns from parameter `i` on (all NULL for no location). The
// strings are not copied: `l` must outlive the statement's run.
void BindLocation(const EventLocation& l, int i, Statement* st) {
  if (l.empty()) {
    for (int k = 0; k < 9; ++k) st->BindNull(i + k);
    return;
  }
  st->BindText(i, l.text);
  st->BindText(i + 1, l.name);
  if (l.geonames_id == 0) {
    st->BindNull(i + 2);
  } else {
    st->BindInt(i + 2, l.geonames_id);
  }
  st->BindTextOrNull(i + 3, l.country);
  st->BindTextOrNull(i + 4, l.admin1);
  st->BindDouble(i + 5, l.lat);
  st->BindDouble(i + 6, l.lon);
  st->BindInt(i + 7, l.precision);
  st->BindText(i + 8, l.from);
}

// Decodes the 9 location columns starting at `col` (precision NULL = no location).
void ReadLocation(const Statement& q, int col, EventLocation* l) {
  if (q.ColumnIsNull(col + 7)) return;
  l->text = q.ColumnText(col);
  l->name = q.ColumnText(col + 1);
  l->geonames_id = static_cast<uint32_t>(q.ColumnInt(col + 2));
  l->country = q.ColumnText(col + 3);
  l->admin1 = q.ColumnText(col + 4);
  l->lat = q.ColumnDouble(col + 5);
  l->lon = q.ColumnDouble(col + 6);
  l->precision = static_cast<int>(q.ColumnInt(col + 7));
  l->from = q.ColumnText(col + 8);
}

}  // namespace

struct EventStore::Impl {
  sql::DatabasePtr db;
  bool read_only = false;
  int schema_version = kSchemaVersion;  // older only when read-only
  Statement begin, commit, rollback;
  Statement insert_run, insert_run_info;
  Statement insert_document, insert_sentence, insert_event;

  void FinalizeAll() {
    for (Statement* s : {&begin, &commit, &rollback, &insert_run, &insert_run_info,
                         &insert_document, &insert_sentence, &insert_event}) {
      s->Finalize();
    }
  }
};

EventStore::EventStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

EventStore::~EventStore() { (void)Close(); }

namespace {

// A Corruption met while opening a truncated file says so (a partial copy reads as
// "database disk image is malformed" at whichever page is missing first).
Status NoteTruncation(Status s, const std::string& path) {
  if (s.code() != Status::Code::kCorruption || s.message().find("truncated store") !=
                                                   std::string::npos) {
    return s;
  }
  const std::string damage = DiagnoseDamagedDatabase(path);
  if (damage.rfind("truncated store", 0) != 0) return s;
  return Status::Corruption(s.message() + " (" + damage + ")");
}

}  // namespace

Result<std::unique_ptr<EventStore>> EventStore::Open(const std::string& path) {
  auto db = sql::OpenDatabase(path);
  if (!db.ok()) return db.status();
  sqlite3* h = db->get();
  sqlite3_busy_timeout(h, kBusyTimeoutMs);
  DYAD_RETURN_IF_ERROR(NoteTruncation(EnsureSchema(h, path, DYAD_VERSION), path));
  // SQLite opens a file without write permission read-only; say so here rather than let
  // the first write fail with "attempt to write a readonly database".
  if (sqlite3_db_readonly(h, "main") == 1) {
    return Status::IOError(path + ": the store is read-only (no permission to write the "
                                  "file) but is opened for writing");
  }

  // WAL: a commit appends to the log and is atomic under kill -9; readers never block the
  // writer. synchronous=NORMAL syncs at checkpoints, not at every commit: a crash of the
  // process loses nothing committed, a power loss at most the last commits. The result is
  // not checked: a file system without shared memory keeps the rollback journal, which is
  // equally atomic, only slower.
  auto mode = sql::QueryText(h, "PRAGMA journal_mode = WAL", path);
  if (!mode.ok()) return NoteTruncation(mode.status(), path);
  DYAD_RETURN_IF_ERROR(NoteTruncation(sql::Exec(h, kSessionPragmas, path), path));

  auto impl = std::make_unique<Impl>();
  impl->db = std::move(*db);
  struct {
    Statement* stmt;
    const char* sql;
  } const statements[] = {
      {&impl->begin, "BEGIN IMMEDIATE"},
      {&impl->commit, "COMMIT"},
      {&impl->rollback, "ROLLBACK"},
      {&impl->insert_run, "INSERT INTO runs(started_at) VALUES(?1)"},
      {&impl->insert_run_info,
       "INSERT INTO run_info(run_pk, key, value) VALUES(?1, ?2, ?3) "
       "ON CONFLICT(run_pk, key) DO UPDATE SET value = excluded.value"},
      {&impl->insert_document,
       "INSERT INTO documents(id, date, date_origin, title, url, source, lang, origin, "
       "n_sentences, n_events, run_pk, stored_at) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT(id) DO NOTHING"},
      {&impl->insert_sentence,
       "INSERT INTO sentences(doc_pk, idx, sent_id, text) VALUES(?1, ?2, ?3, ?4)"},
      {&impl->insert_event,
       "INSERT INTO events(doc_pk, sentence_idx, sentence_id, date, date_text, "
       "source_code, source_root, source_agent, source_text, source_first_word, "
       "source_last_word, source_dict, target_code, target_root, target_agent, target_text, "
       "target_first_word, target_last_word, target_dict, cameo, root_code, quad_class, "
       "goldstein, plover_type, plover_mode, verb_word, verb_text, pattern, pattern_loc, "
       "negated, mentions, sentence_text, confidence, evidence, location_text, location_name, "
       "location_geonames_id, location_country, location_admin1, location_lat, location_lon, "
       "location_precision, location_from) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
       "?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, "
       "?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43)"},
  };
  for (const auto& s : statements) {
    auto stmt = Statement::Prepare(h, s.sql, path);
    if (!stmt.ok()) return NoteTruncation(stmt.status(), path);
    *s.stmt = std::move(*stmt);
  }
  auto store = std::unique_ptr<EventStore>(new EventStore(std::move(impl)));
  store->path_ = path;
  return store;
}

Result<std::unique_ptr<EventStore>> EventStore::OpenReadOnly(const std::string& path) {
  auto db = sql::OpenDatabase(path, sql::OpenMode::kReadOnly);
  if (!db.ok()) return db.status();
  sqlite3* h = db->get();
  sqlite3_busy_timeout(h, kBusyTimeoutMs);
  auto version = ReadableSchemaVersion(h, path);
  if (!version.ok()) return version.status();
  auto impl = std::make_unique<Impl>();
  impl->db = std::move(*db);
  impl->read_only = true;
  impl->schema_version = *version;
  auto store = std::unique_ptr<EventStore>(new EventStore(std::move(impl)));
  store->path_ = path;
  return store;
}

Status EventStore::CheckOpen() const {
  if (impl_ == nullptr) return Status::InvalidArgument(path_ + ": the store is closed");
  return Status::Ok();
}

Status EventStore::CheckWritable() const {
  DYAD_RETURN_IF_ERROR(CheckOpen());
  if (impl_->read_only) return Status::InvalidArgument(path_ + ": the store is open read-only");
  return Status::Ok();
}

Status EventStore::Close() {
  if (impl_ == nullptr) return Status::Ok();
  // Indexes last (schema.h): after a bulk load, one sort per index instead of scattered
  // page writes per row. The store is closed even when this fails; its data is complete.
  Status indexes = impl_->read_only ? Status::Ok() : CreateQueryIndexes(impl_->db.get(), path_);
  impl_->FinalizeAll();
  sqlite3* h = impl_->db.release();
  impl_.reset();
  const int rc = sqlite3_close(h);
  if (rc != SQLITE_OK) {
    Status s = sql::SqliteStatus(h, rc, path_, "closing");
    sqlite3_close_v2(h);
    return s;
  }
  return indexes;
}

Status EventStore::EnsureRun() {
  if (run_pk_ != 0) return Status::Ok();
  const std::string now = sql::UtcTimestamp();
  impl_->insert_run.BindText(1, now);
  DYAD_RETURN_IF_ERROR(impl_->insert_run.Run(impl_->db.get(), path_));
  run_pk_ = sqlite3_last_insert_rowid(impl_->db.get());
  return Status::Ok();
}

Status EventStore::SetRunInfo(std::string_view key, std::string_view value) {
  DYAD_RETURN_IF_ERROR(CheckWritable());
  sqlite3* h = impl_->db.get();
  DYAD_RETURN_IF_ERROR(impl_->begin.Run(h, path_));
  Status s = EnsureRun();
  if (s.ok()) {
    impl_->insert_run_info.BindInt(1, run_pk_);
    impl_->insert_run_info.BindText(2, key);
    impl_->insert_run_info.BindText(3, value);
    s = impl_->insert_run_info.Run(h, path_);
  }
  if (s.ok()) s = impl_->commit.Run(h, path_);
  if (!s.ok()) {
    (void)impl_->rollback.Run(h, path_);
    run_pk_ = 0;  // the runs row may have been rolled back with it
  }
  return s;
}

Result<std::vector<RunRecord>> EventStore::ReadRuns() {
  DYAD_RETURN_IF_ERROR(CheckOpen());
  sqlite3* h = impl_->db.get();
  auto q = Statement::Prepare(h,
                              "SELECT r.run_pk, r.started_at, i.key, i.value FROM runs r LEFT "
                              "JOIN run_info i ON i.run_pk = r.run_pk ORDER BY r.run_pk, i.key",
                              path_);
  if (!q.ok()) return q.status();
  std::vector<RunRecord> runs;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    if (runs.empty() || runs.back().run != q->ColumnInt(0)) {
      runs.push_back({q->ColumnInt(0), std::string(q->ColumnText(1)), {}});
    }
    if (!q->ColumnIsNull(2)) runs.back().info.emplace_back(q->ColumnText(2), q->ColumnText(3));
  }
  if (rc != SQLITE_DONE) return sql::SqliteStatus(h, rc, path_, "reading runs");
  return runs;
}

Status EventStore::WriteDocument(const StoredDocument& doc, const std::string& stored_at,
                                 bool* skipped) {
  sqlite3* h = impl_->db.get();
  Statement& d = impl_->insert_document;
  d.BindText(1, doc.id);
  d.BindTextOrNull(2, doc.date);
  d.BindTextOrNull(3, doc.date_origin);
  d.BindTextOrNull(4, doc.title);
  d.BindTextOrNull(5, doc.url);
  d.BindTextOrNull(6, doc.source);
  d.BindTextOrNull(7, doc.lang);
  d.BindTextOrNull(8, doc.origin);
  d.BindInt(9, static_cast<int64_t>(doc.sentences.size()));
  d.BindInt(10, static_cast<int64_t>(doc.events.size()));
  d.BindInt(11, run_pk_);
  d.BindText(12, stored_at);
  DYAD_RETURN_IF_ERROR(d.Run(h, path_));
  *skipped = sqlite3_changes(h) == 0;
  if (*skipped) return Status::Ok();
  const int64_t doc_pk = sqlite3_last_insert_rowid(h);

  Statement& s = impl_->insert_sentence;
  for (const StoredSentence& sentence : doc.sentences) {
    s.BindInt(1, doc_pk);
    s.BindInt(2, sentence.index);
    s.BindTextOrNull(3, sentence.id);
    s.BindText(4, sentence.text);
    DYAD_RETURN_IF_ERROR(s.Run(h, path_));
  }

  Statement& e = impl_->insert_event;
  size_t cursor = 0;  // events come in sentence order: search from the last match
  for (size_t i = 0; i < doc.events.size(); ++i) {
    const Event& ev = doc.events[i];
    if (!ev.doc_id.empty() && ev.doc_id != doc.id) {
      return Status::InvalidArgument("event " + std::to_string(i) + " has doc_id '" + ev.doc_id +
                                     "'");
    }
    const StoredSentence* sentence = nullptr;
    for (size_t k = 0; k < doc.sentences.size(); ++k) {
      const size_t j = (cursor + k) % doc.sentences.size();
      if (SentenceMatches(doc.sentences[j], ev.sentence_id)) {
        sentence = &doc.sentences[j];
        cursor = j;
        break;
      }
    }
    e.BindInt(1, doc_pk);
    if (sentence != nullptr) {
      e.BindInt(2, sentence->index);
    } else {
      e.BindNull(2);
    }
    e.BindText(3, ev.sentence_id);
    e.BindText(4, ev.date);
    e.BindTextOrNull(5, ev.date_text);
    BindActor(e, 6, ev.source);
    BindActor(e, 13, ev.target);
    e.BindText(20, ev.code);
    e.BindText(21, ev.root_code);
    if (ev.known_code) {
      e.BindInt(22, ev.quad_class);
      e.BindDouble(23, ev.goldstein);
    } else {
      e.BindNull(22);
      e.BindNull(23);
    }
    e.BindTextOrNull(24, ev.plover_type);
    e.BindTextOrNull(25, ev.plover_mode);
    e.BindInt(26, ev.verb_word);
    e.BindText(27, ev.verb_text);
    e.BindText(28, ev.pattern);
    e.BindText(29, ev.pattern_loc);
    e.BindInt(30, ev.negated ? 1 : 0);
    e.BindInt(31, ev.mentions);
    if (sentence != nullptr && sentence->text == ev.sentence) {
      e.BindNull(32);
    } else {
      e.BindText(32, ev.sentence);
    }
    std::string evidence;  // bound without a copy: alive until Run
    if (ev.confidence >= 0) {
      evidence = nlohmann::json(ev.evidence).dump();
      e.BindDouble(33, ev.confidence);
      e.BindText(34, evidence);
    } else {
      e.BindNull(33);
      e.BindNull(34);
    }
    BindLocation(ev.location, 35, &e);
    DYAD_RETURN_IF_ERROR(e.Run(h, path_));
  }
  return Status::Ok();
}

Status EventStore::WriteBatch(std::span<const StoredDocument> docs, size_t* skipped) {
  DYAD_RETURN_IF_ERROR(CheckWritable());
  if (docs.empty()) return Status::Ok();
  sqlite3* h = impl_->db.get();
  const std::string stored_at = sql::UtcTimestamp();
  DYAD_RETURN_IF_ERROR(impl_->begin.Run(h, path_));
  const bool new_run = run_pk_ == 0;
  Status status = EnsureRun();
  size_t n_skipped = 0;
  for (size_t i = 0; status.ok() && i < docs.size(); ++i) {
    bool was_stored = false;
    status = WriteDocument(docs[i], stored_at, &was_stored);
    if (!status.ok()) {
      status = WithContext(status, path_, docs[i]);
    }
    n_skipped += was_stored ? 1 : 0;
  }
  // A store with totals (schema.h UpdateTotals) gets the batch's events added to them in
  // the same transaction, so that they never lag its events; a first load has none yet
  // (Close() builds them with one pass over all events).
  if (status.ok()) {
    auto has_totals = HasTotals(h, path_);
    status = !has_totals.ok() ? has_totals.status()
             : *has_totals    ? UpdateTotals(h, path_)
                              : Status::Ok();
  }
  if (status.ok()) status = impl_->commit.Run(h, path_);
  if (!status.ok()) {
    // A failed COMMIT (e.g. SQLITE_FULL) leaves the transaction open: roll it back so the
    // store stays at the previous batch and remains usable.
    if (!sqlite3_get_autocommit(h)) (void)impl_->rollback.Run(h, path_);
    if (new_run) run_pk_ = 0;
    return status;
  }
  if (skipped != nullptr) *skipped += n_skipped;
  return Status::Ok();
}

Result<std::unordered_set<std::string>> EventStore::StoredDocumentIds() {
  DYAD_RETURN_IF_ERROR(CheckOpen());
  sqlite3* h = impl_->db.get();
  auto q = Statement::Prepare(h, "SELECT id FROM documents", path_);
  if (!q.ok()) return q.status();
  std::unordered_set<std::string> ids;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) ids.emplace(q->ColumnText(0));
  if (rc != SQLITE_DONE) return sql::SqliteStatus(h, rc, path_, "reading document ids");
  return ids;
}

const char* const kEventSelect = R"sql(
    SELECT d.id, e.sentence_id, e.date, e.date_text, e.cameo, e.root_code, e.quad_class,
           e.goldstein, e.plover_type, e.plover_mode, e.verb_word, e.verb_text, e.pattern,
           e.pattern_loc, e.negated, e.mentions, COALESCE(e.sentence_text, s.text, ''),
           e.source_code, e.source_root, e.source_agent, e.source_text, e.source_first_word,
           e.source_last_word, e.source_dict,
           e.target_code, e.target_root, e.target_agent, e.target_text, e.target_first_word,
           e.target_last_word, e.target_dict, e.confidence, e.evidence,
           e.location_text, e.location_name, e.location_geonames_id, e.location_country,
           e.location_admin1, e.location_lat, e.location_lon, e.location_precision,
           e.location_from, e.event_pk
    FROM events e
    JOIN documents d ON d.doc_pk = e.doc_pk
    LEFT JOIN sentences s ON s.doc_pk = e.doc_pk AND s.idx = e.sentence_idx
)sql";

int64_t DecodeEventRow(const sql::Statement& row, Event* event) {
  const Statement& q = row;
  Event& ev = *event;
  ev.doc_id = q.ColumnText(0);
  ev.sentence_id = q.ColumnText(1);
  ev.date = q.ColumnText(2);
  ev.date_text = q.ColumnText(3);
  ev.code = q.ColumnText(4);
  ev.root_code = q.ColumnText(5);
  ev.known_code = !q.ColumnIsNull(6);
  ev.quad_class = static_cast<int>(q.ColumnInt(6));
  ev.goldstein = q.ColumnDouble(7);
  ev.plover_type = q.ColumnText(8);
  ev.plover_mode = q.ColumnText(9);
  ev.verb_word = static_cast<uint32_t>(q.ColumnInt(10));
  ev.verb_text = q.ColumnText(11);
  ev.pattern = q.ColumnText(12);
  ev.pattern_loc = q.ColumnText(13);
  ev.negated = q.ColumnInt(14) != 0;
  ev.mentions = static_cast<uint32_t>(q.ColumnInt(15));
  ev.sentence = q.ColumnText(16);
  ReadActor(q, 17, &ev.source);
  ReadActor(q, 24, &ev.target);
  if (!q.ColumnIsNull(31)) {
    ev.confidence = q.ColumnDouble(31);
    const nlohmann::json evidence = nlohmann::json::parse(q.ColumnText(32), nullptr, false);
    if (evidence.is_array()) {
      for (const auto& item : evidence) {
        if (item.is_string()) ev.evidence.push_back(item.get<std::string>());
      }
    }
  }
  ReadLocation(q, 33, &ev.location);
  return q.ColumnInt(42);
}

namespace {

// Replaces the first `from` of `*s` with `to`.
void ReplaceOnce(std::string* s, std::string_view from, std::string_view to) {
  if (const size_t at = s->find(from); at != std::string::npos) s->replace(at, from.size(), to);
}

// The query of ForEachEvent for a store of schema `version`: kEventSelect, with the
// columns an older schema lacks selected as NULL (absent), in storage order.
std::string EventsQuery(int version) {
  std::string q = kEventSelect;
  if (version < 2) ReplaceOnce(&q, "e.confidence, e.evidence", "NULL, NULL");
  if (version < 3) {
    ReplaceOnce(&q,
                "e.location_text, e.location_name, e.location_geonames_id, e.location_country,\n"
                "           e.location_admin1, e.location_lat, e.location_lon, e.location_precision,\n"
                "           e.location_from",
                "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL");
  }
  return q + " ORDER BY e.event_pk";
}

}  // namespace

Status EventStore::ForEachEvent(const std::function<Status(Event&)>& fn) {
  DYAD_RETURN_IF_ERROR(CheckOpen());
  sqlite3* h = impl_->db.get();
  auto q = Statement::Prepare(h, EventsQuery(impl_->schema_version), path_);
  if (!q.ok()) return q.status();
  Event ev;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    ev = Event();
    DecodeEventRow(*q, &ev);
    DYAD_RETURN_IF_ERROR(fn(ev));
  }
  if (rc != SQLITE_DONE) return sql::SqliteStatus(h, rc, path_, "reading events");
  return Status::Ok();
}

Result<std::vector<Event>> EventStore::ReadEvents() {
  std::vector<Event> events;
  DYAD_RETURN_IF_ERROR(ForEachEvent([&](Event& ev) {
    events.push_back(std::move(ev));
    return Status::Ok();
  }));
  return events;
}

Result<std::vector<Event>> EventStore::ReadEventsOneADay() {
  OneADayCollapser collapser;
  DYAD_RETURN_IF_ERROR(ForEachEvent([&](Event& ev) {
    collapser.Add(ev);
    return Status::Ok();
  }));
  return collapser.Take();
}

Result<StoreCounts> EventStore::Counts() {
  DYAD_RETURN_IF_ERROR(CheckOpen());
  sqlite3* h = impl_->db.get();
  auto q = Statement::Prepare(h,
                              "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM "
                              "sentences), (SELECT count(*) FROM events), (SELECT count(*) FROM "
                              "actors)",
                              path_);
  if (!q.ok()) return q.status();
  const int rc = q->Step();
  if (rc != SQLITE_ROW) return sql::SqliteStatus(h, rc, path_, "counting rows");
  StoreCounts c;
  c.documents = static_cast<uint64_t>(q->ColumnInt(0));
  c.sentences = static_cast<uint64_t>(q->ColumnInt(1));
  c.events = static_cast<uint64_t>(q->ColumnInt(2));
  c.actors = static_cast<uint64_t>(q->ColumnInt(3));
  return c;
}

Status EventStore::Verify() {
  DYAD_RETURN_IF_ERROR(CheckOpen());
  sqlite3* h = impl_->db.get();
  auto check = sql::QueryText(h, "PRAGMA quick_check", path_);
  if (!check.ok()) return check.status();
  if (*check != "ok") return Status::Corruption(path_ + ": quick_check: " + *check);

  // Each query returns the id of a bad document (or a description), none when all is well.
  const std::pair<const char*, const char*> checks[] = {
      // Grouped counts, not a subquery per document: the store may be unindexed (schema.h).
      {"SELECT d.id FROM documents d LEFT JOIN (SELECT doc_pk, count(*) AS n FROM events "
       "GROUP BY doc_pk) c ON c.doc_pk = d.doc_pk WHERE d.n_events != COALESCE(c.n, 0) "
       "ORDER BY d.doc_pk LIMIT 1",
       "its event rows differ from n_events"},
      {"SELECT d.id FROM documents d LEFT JOIN (SELECT doc_pk, count(*) AS n FROM sentences "
       "GROUP BY doc_pk) c ON c.doc_pk = d.doc_pk WHERE d.n_sentences != COALESCE(c.n, 0) "
       "ORDER BY d.doc_pk LIMIT 1",
       "its sentence rows differ from n_sentences"},
      {"SELECT 'event ' || e.event_pk FROM events e WHERE NOT EXISTS (SELECT 1 FROM "
       "documents d WHERE d.doc_pk = e.doc_pk) LIMIT 1",
       "belongs to no document"},
      {"SELECT 'event ' || event_pk FROM events WHERE (source_root IS NULL AND "
       "source_code IS NOT NULL) OR (target_root IS NULL AND target_code IS NOT NULL) LIMIT 1",
       "its actor has a code but no root"},
      {"SELECT 'event ' || e.event_pk FROM events e WHERE e.sentence_idx IS NOT NULL AND NOT "
       "EXISTS (SELECT 1 FROM sentences s WHERE s.doc_pk = e.doc_pk AND s.idx = "
       "e.sentence_idx) LIMIT 1",
       "its sentence is missing"},
  };
  for (const auto& [query, what] : checks) {
    auto bad = sql::QueryText(h, query, path_);
    if (bad.ok()) return Status::Corruption(path_ + ": " + *bad + ": " + what);
    if (bad.status().code() != Status::Code::kNotFound) return bad.status();
  }
  return Status::Ok();
}

void OneADayCollapser::Add(const Event& ev) {
  // '\x1f' (unit separator) cannot occur in codes or dates.
  std::string key = ev.date;
  for (const std::string* part : {&ev.source.code, &ev.target.code, &ev.code}) {
    key += '\x1f';
    key += *part;
  }
  auto [it, inserted] = index_.try_emplace(std::move(key), out_.size());
  if (inserted) {
    Event& first = out_.emplace_back(ev);
    first.doc_ids.clear();
    first.doc_ids.push_back(ev.doc_id);
    return;
  }
  Event& group = out_[it->second];
  group.mentions += ev.mentions;
  bool seen = false;
  for (const std::string& id : group.doc_ids) seen = seen || id == ev.doc_id;
  if (!seen) group.doc_ids.push_back(ev.doc_id);
}

std::vector<Event> OneADayCollapser::Take() {
  index_.clear();
  std::vector<Event> out;
  out.swap(out_);
  return out;
}

std::vector<Event> CollapseOneADay(std::span<const Event> events) {
  OneADayCollapser collapser;
  for (const Event& ev : events) collapser.Add(ev);
  return collapser.Take();
}

}  // namespace dyad::store
