// SQLite RAII wrappers and result-code translation (see sqlite.h).
#include "store/sqlite.h"

#include <algorithm>
#include <cassert>
#include <ctime>

namespace dyad::store::sql {

Status SqliteStatus(sqlite3* db, int rc, std::string_view path, std::string_view what) {
  assert(rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE);
  std::string msg(path);
  msg += ": ";
  msg += what;
  msg += ": ";
  // sqlite3_errmsg describes the most recent failure on `db`, which is this one as long as
  // the caller translates the code right after the failing call.
  msg += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {  // the primary code of an extended code
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::IOError(std::move(msg));
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return Status::Corruption(std::move(msg));
    case SQLITE_ERROR:
      // A table or column of the schema missing from an identified store: damage (a
      // hand edit, a partial copy), not a fault of dyad's.
      if (msg.find(": no such table: ") != std::string::npos ||
          msg.find(": no such column: ") != std::string::npos) {
        return Status::Corruption(std::move(msg) + " (the store is damaged)");
      }
      return Status::Internal(std::move(msg));
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      return Status::InvalidArgument(std::move(msg));
    default:
      return Status::Internal(std::move(msg));
  }
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    Finalize();
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Result<Statement> Statement::Prepare(sqlite3* db, std::string_view sql, std::string_view path) {
  sqlite3_stmt* stmt = nullptr;
  // PERSISTENT: these statements are kept for the life of the store and reused per row.
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteStatus(db, rc, path, "preparing statement");
  }
  assert(stmt != nullptr && "empty SQL");
  return Statement(stmt);
}

void Statement::BindText(int i, std::string_view s) {
  // A null data pointer would bind SQL NULL; an empty view must stay the empty string.
  [[maybe_unused]] const int rc = sqlite3_bind_text(stmt_, i, s.data() != nullptr ? s.data() : "",
                                                    static_cast<int>(s.size()), SQLITE_STATIC);
  assert(rc == SQLITE_OK);
}

void Statement::BindTextOrNull(int i, std::string_view s) {
  if (s.empty()) {
    BindNull(i);
  } else {
    BindText(i, s);
  }
}

void Statement::BindInt(int i, int64_t v) {
  [[maybe_unused]] const int rc = sqlite3_bind_int64(stmt_, i, v);
  assert(rc == SQLITE_OK);
}

void Statement::BindDouble(int i, double v) {
  [[maybe_unused]] const int rc = sqlite3_bind_double(stmt_, i, v);
  assert(rc == SQLITE_OK);
}

void Statement::BindNull(int i) {
  [[maybe_unused]] const int rc = sqlite3_bind_null(stmt_, i);
  assert(rc == SQLITE_OK);
}

namespace {

// A statement named by its head ("INSERT INTO sentences"), not its whole text, for messages.
std::string_view StatementHead(std::string_view sql) {
  sql = sql.substr(0, std::min(sql.find('('), size_t{48}));
  while (!sql.empty() && sql.back() == ' ') sql.remove_suffix(1);
  return sql;
}

}  // namespace

Status Statement::Run(sqlite3* db, std::string_view path) {
  int rc;
  while ((rc = Step()) == SQLITE_ROW) {
  }
  Status status = Status::Ok();
  if (rc != SQLITE_DONE) status = SqliteStatus(db, rc, path, StatementHead(sqlite3_sql(stmt_)));
  Reset();
  return status;
}

void Statement::Finalize() {
  if (stmt_ != nullptr) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  }
}

std::string_view Statement::ColumnText(int i) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
  if (p == nullptr) return {};
  return std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
}

Result<DatabasePtr> OpenDatabase(const std::string& path, OpenMode mode) {
  sqlite3* raw = nullptr;
  const bool read_only = mode == OpenMode::kReadOnly;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DatabasePtr db(raw);  // sqlite3_open_v2 allocates a handle even on failure; close it
  if (rc != SQLITE_OK) {
    return Status::IOError(
        path + (read_only ? ": cannot open the store: " : ": cannot open or create the store: ") +
        (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

Result<DatabasePtr> OpenDatabaseReadOnly(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  DatabasePtr db(raw);
  if (rc != SQLITE_OK) {
    return Status::IOError(path + ": cannot open the store read-only: " +
                           (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  DYAD_RETURN_IF_ERROR(Exec(raw, "PRAGMA query_only = 1", path));
  return db;
}

Status Exec(sqlite3* db, const char* sql, std::string_view path) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  sqlite3_free(err);  // sqlite3_errmsg(db) still holds the same message
  if (rc != SQLITE_OK) return SqliteStatus(db, rc, path, "executing SQL");
  return Status::Ok();
}

Result<std::string> QueryText(sqlite3* db, std::string_view sql, std::string_view path) {
  auto stmt = Statement::Prepare(db, sql, path);
  if (!stmt.ok()) return stmt.status();
  const int rc = stmt->Step();
  if (rc == SQLITE_DONE)
    return Status::NotFound(std::string(path) + ": no row for " + std::string(sql));
  // Named by the statement: "PRAGMA journal_mode = WAL" fails on a read-only file, and
  // "reading" would blame a read.
  if (rc != SQLITE_ROW) return SqliteStatus(db, rc, path, StatementHead(sql));
  return std::string(stmt->ColumnText(0));
}

std::string UtcTimestamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace dyad::store::sql
