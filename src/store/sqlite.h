// Thin RAII wrappers over SQLite's C API: an owned connection (Database) and an owned
// prepared statement (Statement), plus the one translation of SQLite result codes into
// dyad Status values (SqliteStatus). Nothing here knows the dyad schema; that lives in
// schema.cc and event_store.cc. Text is bound with SQLITE_STATIC, so a bound string must
// outlive the next Step()/Reset() of its statement — the callers bind fields of objects
// they hold for the whole statement. Thread-safety: a Database and its Statements are used
// by one thread at a time (connections are opened with SQLITE_OPEN_NOMUTEX).
#ifndef DYAD_STORE_SQLITE_H_
#define DYAD_STORE_SQLITE_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace dyad::store::sql {

// Translates a SQLite result code into a Status whose message names `path`, what was being
// done and SQLite's own message: CANTOPEN, IOERR, FULL, READONLY, PERM, BUSY, LOCKED →
// IOError; NOTADB, CORRUPT → Corruption; CONSTRAINT, MISMATCH, TOOBIG → InvalidArgument;
// anything else → Internal. `db` may be null (then sqlite3_errstr(rc) is used).
// REQUIRES: rc is an error code (not SQLITE_OK/ROW/DONE).
Status SqliteStatus(sqlite3* db, int rc, std::string_view path, std::string_view what);

class Statement {
 public:
  Statement() = default;
  Statement(Statement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { Finalize(); }

  // Compiles one SQL statement. Errors: as SqliteStatus (e.g. NOTADB → Corruption).
  static Result<Statement> Prepare(sqlite3* db, std::string_view sql, std::string_view path);

  // Parameters are 1-based, as in SQLite. The text is NOT copied (SQLITE_STATIC).
  void BindText(int i, std::string_view s);
  void BindTextOrNull(int i, std::string_view s);  // NULL for an empty string
  void BindInt(int i, int64_t v);
  void BindDouble(int i, double v);
  void BindNull(int i);

  // Runs one step: SQLITE_ROW, SQLITE_DONE or an error code (the caller turns it into a
  // Status with SqliteStatus and must Reset() before reuse).
  int Step() { return sqlite3_step(stmt_); }
  // Steps to completion expecting no rows; returns the error as a Status. Resets after.
  Status Run(sqlite3* db, std::string_view path);
  void Reset() { sqlite3_reset(stmt_); }
  void Finalize();

  // Columns are 0-based. Valid until the next Step/Reset.
  bool ColumnIsNull(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
  std::string_view ColumnText(int i) const;
  int64_t ColumnInt(int i) const { return sqlite3_column_int64(stmt_, i); }
  double ColumnDouble(int i) const { return sqlite3_column_double(stmt_, i); }

  sqlite3_stmt* get() const { return stmt_; }
  explicit operator bool() const { return stmt_ != nullptr; }

 private:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  sqlite3_stmt* stmt_ = nullptr;
};

struct DatabaseCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DatabasePtr = std::unique_ptr<sqlite3, DatabaseCloser>;

enum class OpenMode : uint8_t {
  kReadWrite,  // created when absent
  kReadOnly,   // must exist; nothing is ever written to it
};

// Opens the database file at `path`. Errors: IOError naming the path. Note SQLite reads
// nothing at open: a non-SQLite file is only detected by the first statement (Corruption,
// "file is not a database").
Result<DatabasePtr> OpenDatabase(const std::string& path, OpenMode mode = OpenMode::kReadWrite);

// Opens an existing database read-only (SQLITE_OPEN_READONLY; `PRAGMA query_only` too), for
// readers such as `dyad serve`: it never creates, migrates or writes the file, and in WAL
// mode it reads the last committed state while another process appends. Errors: IOError
// (missing or unreadable file).
Result<DatabasePtr> OpenDatabaseReadOnly(const std::string& path);

// Runs one or more ';'-separated statements without results (DDL, PRAGMA, BEGIN...).
Status Exec(sqlite3* db, const char* sql, std::string_view path);

// Runs a query expecting one row and returns its first column as text ("" for NULL).
// Errors: as SqliteStatus; NotFound when the query returns no row.
Result<std::string> QueryText(sqlite3* db, std::string_view sql, std::string_view path);

// The current time as UTC ISO 8601 ("2026-11-29T03:00:00Z"), the store's time format.
std::string UtcTimestamp();

}  // namespace dyad::store::sql

#endif  // DYAD_STORE_SQLITE_H_
