// The dyad event-store schema (doc/formats/store.md): its version, the DDL that creates it
// in an empty SQLite file, the check that an existing file is a dyad store of a version
// this build reads, and the place where migrations from older versions go.
// Thread-safety: functions act on the given connection only.
#ifndef DYAD_STORE_SCHEMA_H_
#define DYAD_STORE_SCHEMA_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace dyad::store {

// The schema version this build writes (meta.schema_version). Bump it together with a new
// entry in the migration table in schema.cc and a section in doc/formats/store.md.
inline constexpr int kSchemaVersion = 5;

// PRAGMA application_id of every dyad store: the bytes "dyad" read big-endian. It sits in
// the SQLite header (offset 68), so `file` and tools can tell a dyad store from any other
// SQLite database without reading a table.
inline constexpr int32_t kApplicationId = 0x64796164;

// Makes the database behind `db` a current dyad store: creates the schema in an empty
// database, migrates an older dyad store, accepts a current one. Runs in one IMMEDIATE
// transaction, so two processes opening the same new file create the schema once. Errors:
// Corruption "PATH: not a dyad store ..." (a non-SQLite file, or a SQLite database with
// other tables or a missing/invalid schema_version), Unsupported (a newer schema version),
// IOError (cannot write, locked).
Status EnsureSchema(sqlite3* db, std::string_view path, std::string_view dyad_version);

// The schema version (1..kSchemaVersion) of the dyad store behind `db`, read without
// writing anything: for a store opened read-only, which is read as it is (an older one is
// not migrated). Errors: as EnsureSchema; an empty database is Corruption "not a dyad
// store (an empty database)".
Result<int> ReadableSchemaVersion(sqlite3* db, std::string_view path);

// The schema version of the store behind `db` without writing to it: 0 for an empty
// database, else 1..kSchemaVersion. Errors as EnsureSchema (Corruption for a file that is
// not a dyad store, Unsupported for a newer version).
Result<int> StoreVersion(sqlite3* db, std::string_view path);

// Why the file at `path` is a damaged SQLite database, from its header: "truncated store:
// the SQLite header says N bytes, the file has M" when it is shorter than its header says
// (a partial copy, a full disk), "damaged SQLite database" for another SQLite file; empty
// when the file is not an SQLite database at all (or cannot be read).
std::string DiagnoseDamagedDatabase(std::string_view path);

// Builds the query indexes (on dates, actor codes, event codes, documents) and fills the
// full-text index of event sentences (events_fts, FTS5) if they are missing, in one
// transaction. They are not part of the tables' creation: a first run
// loads into unindexed tables (several times faster: each index turns every row insert
// into scattered page writes) and EventStore::Close() builds them at the end with one
// sort each. A store that has them keeps them up to date on every later write (the
// full-text index through the trigger events_fts_insert, created with its bulk fill). A
// store left by a killed run is complete but unindexed until a run over it closes.
// Errors: IOError (disk full, locked).
Status CreateQueryIndexes(sqlite3* db, std::string_view path);

// Brings the pre-aggregated totals (tables totals_by_day and totals_by_dyad, schema 5) up
// to the events: adds the events after meta.totals_through to them and sets
// totals_through to the last event_pk. Run inside the caller's write transaction:
// EventStore::WriteBatch calls it with every batch once a store has totals (so they stay
// exact), CreateQueryIndexes when they are missing or behind (the first build).
// Errors: IOError.
Status UpdateTotals(sqlite3* db, std::string_view path);

// Whether the store behind `db` has totals (meta.totals_through is set): only then does
// every write keep them up to date.
Result<bool> HasTotals(sqlite3* db, std::string_view path);

}  // namespace dyad::store

#endif  // DYAD_STORE_SCHEMA_H_
