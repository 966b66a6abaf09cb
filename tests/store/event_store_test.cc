// Tests of the SQLite event store: exact round trips of every Event field, idempotent
// re-writes, refusal of foreign files with the documented errors, atomic batches, the
// one-a-day view against CollapseOneADay, the schema page listing every column, and
// crash safety (a writer killed with SIGKILL mid-run, then resumed, ends with exactly the
// events of an uninterrupted run).
#include "store/event_store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "store/schema.h"
#include "store/store_sink.h"

namespace dyad::store {
namespace {

namespace fs = std::filesystem;

// A fresh path in a per-test directory (removed with its -wal/-shm files at the end).
class TempDb {
 public:
  explicit TempDb(const std::string& name) {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(testing::TempDir()) /
           ("dyad_store_" + std::string(info->name()) + "_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / name).string();
  }
  ~TempDb() { fs::remove_all(dir_); }
  const std::string& path() const { return path_; }
  std::string Sibling(const std::string& name) const { return (dir_ / name).string(); }

 private:
  fs::path dir_;
  std::string path_;
};

std::unique_ptr<EventStore> OpenOrDie(const std::string& path) {
  auto store = EventStore::Open(path);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(*store) : nullptr;
}

// Every field of an event, one per line, for readable comparisons.
std::string Describe(const Event& e) {
  std::ostringstream o;
  auto actor = [&](const char* role, const EventActor& a) {
    o << role << " code=" << a.code << "|root=" << a.root << "|agent=" << a.agent
      << "|text=" << a.text << "|words=" << a.first_word << "-" << a.last_word
      << "|loc=" << a.actor_loc << "\n";
  };
  o << "doc=" << e.doc_id << " sent=" << e.sentence_id << " date=" << e.date
    << " date_text=" << e.date_text << "\n";
  actor("source", e.source);
  actor("target", e.target);
  o << "code=" << e.code << " root=" << e.root_code << " quad=" << e.quad_class
    << " gold=" << e.goldstein << " known=" << e.known_code << " plover=" << e.plover_type << "/"
    << e.plover_mode << " verb=" << e.verb_word << ":" << e.verb_text << " pattern=" << e.pattern
    << " @" << e.pattern_loc << " neg=" << e.negated << " mentions=" << e.mentions;
  if (e.confidence >= 0) {
    o << " confidence=" << e.confidence << " evidence=";
    for (const std::string& x : e.evidence) o << x << ";";
  }
  o << "\n";
  const EventLocation& l = e.location;
  o << "location=" << l.text << "|" << l.name << "|" << l.geonames_id << "|" << l.country << "|"
    << l.admin1 << "|" << l.lat << "|" << l.lon << "|" << l.precision << "|" << l.from << "\n";
  o << "sentence=" << e.sentence << "\n";
  for (const auto& id : e.doc_ids) o << "doc_id " << id << "\n";
  return o.str();
}

std::vector<std::string> DescribeAll(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(Describe(e));
  return out;
}

// Deterministic documents exercising every value shape: null and text-only actors, unknown
// codes, UTF-8, quotes and SQL-looking text, empty strings, events naming no stored
// sentence, sentences identified by index only.
std::vector<StoredDocument> MakeDocuments(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](std::initializer_list<const char*> xs) {
    return std::string(*(xs.begin() + rng() % xs.size()));
  };
  // Locations draw from their own generator: the other fields stay what they were.
  std::mt19937 lrng(seed + 1000);
  auto lpick = [&](std::initializer_list<const char*> xs) {
    return std::string(*(xs.begin() + lrng() % xs.size()));
  };
  std::vector<StoredDocument> docs;
  for (size_t i = 0; i < n; ++i) {
    StoredDocument d;
    d.id = "doc-" + std::to_string(seed) + "-" + std::to_string(i);
    d.date = "2024010" + std::to_string(1 + rng() % 3);
    d.date_origin = pick({"input", "option", "dateline", ""});
    d.title = pick({"Talks in Zürich", "", "\"Quoted\" title", "Москва — news"});
    d.url = rng() % 2 ? "https://example.org/" + std::to_string(i) : "";
    d.source = pick({"wire", ""});
    d.lang = "en";
    d.origin = "input.jsonl:" + std::to_string(i + 1);
    const uint32_t n_sentences = rng() % 4;
    for (uint32_t s = 0; s < n_sentences; ++s) {
      StoredSentence sent;
      sent.index = s;
      sent.id = rng() % 3 == 0 ? "" : d.id + "-s" + std::to_string(s);
      sent.text = pick({"Russia's envoy met O'Brien in Zürich.", "Le président a dit « non ».",
                        "North Korea fired 2 missiles 🚀 on Tuesday.", "'); DROP TABLE events;--"}) +
                  " #" + std::to_string(s);
      d.sentences.push_back(std::move(sent));
    }
    const uint32_t n_events = d.sentences.empty() ? rng() % 2 : rng() % 5;
    for (uint32_t k = 0; k < n_events; ++k) {
      Event e;
      e.doc_id = d.id;
      const bool orphan = d.sentences.empty() || rng() % 7 == 0;
      if (orphan) {
        e.sentence_id = "99";
        e.sentence = rng() % 2 ? "A sentence not stored with the document." : "";
      } else {
        const StoredSentence& s = d.sentences[std::min<size_t>(k / 2, d.sentences.size() - 1)];
        e.sentence_id = s.id.empty() ? std::to_string(s.index) : s.id;
        e.sentence = rng() % 5 == 0 ? "" : s.text;  // usually the stored text
      }
      e.date = rng() % 4 == 0 ? "20231225" : d.date;
      e.date_text = e.date != d.date ? "on Christmas Day" : "";
      e.source.code = pick({"RUSGOV", "USA", "---GOV", "PRK"});
      e.source.root = e.source.code.substr(0, 3);
      e.source.agent = e.source.code.size() > 3 ? e.source.code.substr(3) : "";
      e.source.text = pick({"Russia's envoy", "the \"United States\"", "Пхеньян"});
      e.source.first_word = rng() % 5;
      e.source.last_word = e.source.first_word + rng() % 3;
      e.source.actor_loc =
          rng() % 3 ? "Phoenix.Countries.actors.txt:" + std::to_string(rng() % 9000) : "";
      switch (rng() % 3) {
        case 0:
          break;  // null target
        case 1:
          e.target.text = "the rebels";  // a target phrase with no code
          e.target.first_word = 7;
          e.target.last_word = 8;
          break;
        default:
          e.target.code = pick({"UKR", "CHNMIL", "IGOUNO"});
          e.target.root = e.target.code.substr(0, 3);
          e.target.agent = e.target.code.size() > 3 ? e.target.code.substr(3) : "";
          e.target.text = "Kyiv";
          e.target.first_word = 9;
          e.target.last_word = 9;
          e.target.actor_loc = "Phoenix.International.actors.txt:12";
      }
      e.known_code = rng() % 6 != 0;
      e.code = e.known_code ? pick({"042", "190", "1121", "036"}) : "999X";
      e.root_code = e.code.substr(0, 2);
      if (e.known_code) {
        e.quad_class = 1 + rng() % 4;
        e.goldstein = -10.0 + (rng() % 201) / 10.0;
        e.plover_type = pick({"CONSULT", "ASSAULT", ""});
        e.plover_mode = e.plover_type.empty() ? "" : pick({"visit", ""});
      }
      e.verb_word = rng() % 12;
      e.verb_text = pick({"met", "fired", "a dit"});
      e.pattern = pick({"* MET WITH +", "VERB [042]", "FIRE ~ AT +"});
      e.pattern_loc = "CAMEO.2.0.txt:" + std::to_string(rng() % 20000);
      e.negated = rng() % 5 == 0;
      e.mentions = 1 + rng() % 3;
      if (rng() % 3 != 0) {  // the event filter ran: a probability and its evidence
        e.confidence = static_cast<double>(rng() % 1000) / 999.0;
        for (size_t k = rng() % 4; k > 0; --k) e.evidence.push_back("f\"" + std::to_string(rng() % 50) + "+0.5");
      }
      if (lrng() % 2 == 0) {  // placed: a city, a region (no id) or a country (no admin1)
        EventLocation& l = e.location;
        l.precision = 1 + static_cast<int>(lrng() % 3);
        l.text = lpick({"Zürich", "KABUL", "Helmand province"});
        l.name = lpick({"Zürich", "Kabul", "Helmand Province"});
        l.geonames_id = l.precision == 1 ? 1000000 + lrng() % 9000000 : 0;
        l.country = lpick({"CHE", "AFG", "KSV"});
        l.admin1 = l.precision == 3 ? "" : lpick({"Zurich", "Kabul", "Helmand Province"});
        l.lat = -90.0 + (lrng() % 180000) / 1000.0;
        l.lon = -180.0 + (lrng() % 360000) / 1000.0;
        l.from = lpick({"sentence", "dateline", "document"});
      }
      d.events.push_back(std::move(e));
    }
    docs.push_back(std::move(d));
  }
  return docs;
}

std::vector<Event> AllEvents(const std::vector<StoredDocument>& docs) {
  std::vector<Event> out;
  for (const auto& d : docs) out.insert(out.end(), d.events.begin(), d.events.end());
  return out;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Runs SQL on a store file behind the EventStore's back (tampering, foreign files).
void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

std::vector<std::vector<std::string>> RawQuery(const std::string& path, const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return rows;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      auto& row = rows.emplace_back();
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const auto* t = sqlite3_column_text(st, i);
        row.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
      }
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

TEST(EventStore, RoundTripsEveryEventField) {
  TempDb tmp("events.db");
  const auto docs = MakeDocuments(200, 1);
  {
    auto store = OpenOrDie(tmp.path());
    ASSERT_TRUE(store);
    size_t skipped = 0;
    ASSERT_TRUE(store->WriteBatch(docs, &skipped).ok());
    EXPECT_EQ(skipped, 0u);
    ASSERT_TRUE(store->Close().ok());
  }
  auto store = OpenOrDie(tmp.path());  // read back from a reopened file
  ASSERT_TRUE(store);
  auto events = store->ReadEvents();
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  EXPECT_EQ(DescribeAll(*events), DescribeAll(AllEvents(docs)));
  auto ids = store->StoredDocumentIds();
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(ids->size(), docs.size());
  for (const auto& d : docs) EXPECT_TRUE(ids->count(d.id)) << d.id;
  auto counts = store->Counts();
  ASSERT_TRUE(counts.ok());
  size_t n_sentences = 0;
  for (const auto& d : docs) n_sentences += d.sentences.size();
  EXPECT_EQ(counts->documents, docs.size());
  EXPECT_EQ(counts->sentences, n_sentences);
  EXPECT_EQ(counts->events, AllEvents(docs).size());
  EXPECT_TRUE(store->Verify().ok());
}

TEST(EventStore, NullTargetIsSqlNullAndSentenceTextIsStoredOnce) {
  TempDb tmp("events.db");
  StoredDocument d;
  d.id = "d1";
  d.date = "20240101";
  d.sentences.push_back({0, "", "Russia's envoy met “O'Brien”."});
  Event e;
  e.sentence_id = "0";  // by index: the sentence has no id
  e.date = d.date;
  e.source.code = "RUSGOV";
  e.source.root = "RUS";
  e.source.agent = "GOV";
  e.source.text = "Russia's envoy";
  e.code = "042";
  e.root_code = "04";
  e.known_code = true;
  e.quad_class = 1;
  e.goldstein = 1.9;
  e.sentence = d.sentences[0].text;
  d.events.push_back(e);
  {
    auto store = OpenOrDie(tmp.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->WriteBatch({&d, 1}).ok());
    auto events = store->ReadEvents();
    ASSERT_TRUE(events.ok());
    ASSERT_EQ(events->size(), 1u);
    e.doc_id = "d1";  // an empty doc_id is the document's
    EXPECT_EQ(Describe((*events)[0]), Describe(e));
  }
  EXPECT_EQ(RawQuery(tmp.path(),
                     "SELECT target_code IS NULL, sentence_text IS NULL, sentence_idx, "
                     "(SELECT count(*) FROM actors WHERE role = 'target') FROM events"),
            (std::vector<std::vector<std::string>>{{"1", "1", "0", "0"}}));
}

TEST(EventStore, RewritingStoredDocumentsAddsNothing) {
  TempDb tmp("events.db");
  const auto docs = MakeDocuments(50, 2);
  auto store = OpenOrDie(tmp.path());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->WriteBatch(std::span(docs).first(30)).ok());
  auto before = store->Counts();
  ASSERT_TRUE(before.ok());
  // All 50 again, plus a repeat inside the batch: 30 + 1 skipped, 20 new.
  std::vector<StoredDocument> again = docs;
  again.push_back(docs[40]);
  size_t skipped = 0;
  ASSERT_TRUE(store->WriteBatch(again, &skipped).ok());
  EXPECT_EQ(skipped, 31u);
  ASSERT_TRUE(store->WriteBatch(docs, &skipped).ok());
  EXPECT_EQ(skipped, 31u + docs.size());  // added to, so one counter sums a run
  auto events = store->ReadEvents();
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(DescribeAll(*events), DescribeAll(AllEvents(docs)));
  auto after = store->Counts();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->documents, docs.size());
  EXPECT_TRUE(store->Verify().ok());
}

// Bug (issue 14 item 10): two runs writing one store each printed the full count although
// each stored only part: the documents the other had stored were skipped, uncounted.
TEST(StoreSink, CountsDocumentsAnotherRunStoredMeanwhile) {
  TempDb tmp("events.db");
  auto first = OpenOrDie(tmp.path());
  auto second = OpenOrDie(tmp.path());
  ASSERT_TRUE(first && second);
  auto batch = [](std::initializer_list<const char*> ids) {
    std::vector<CodedDocument> docs;
    for (const char* id : ids) {
      CodedDocument& cd = docs.emplace_back();
      cd.doc.id = id;
      cd.doc.text = "Text.";
    }
    return docs;
  };
  StoreSink a(first.get());
  StoreSink b(second.get());
  auto one = batch({"a", "b", "c"});
  auto two = batch({"b", "c", "d"});
  ASSERT_TRUE(a.Consume(one).ok());
  ASSERT_TRUE(b.Consume(two).ok());
  EXPECT_EQ(a.already_stored(), 0u);
  EXPECT_EQ(b.already_stored(), 2u);
  auto counts = second->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->documents, 4u);
}

TEST(EventStore, FailedBatchStoresNothingAndStoreStaysUsable) {
  TempDb tmp("events.db");
  auto docs = MakeDocuments(10, 3);
  docs[7].events.push_back(Event{});
  docs[7].events.back().doc_id = "another-document";
  auto store = OpenOrDie(tmp.path());
  ASSERT_TRUE(store);
  Status s = store->WriteBatch(docs);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find(tmp.path() + ": document '" + docs[7].id + "' (input.jsonl:8)"),
            std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("another-document"), std::string::npos) << s.message();
  auto ids = store->StoredDocumentIds();
  ASSERT_TRUE(ids.ok());
  EXPECT_TRUE(ids->empty());  // documents 0-6 of the batch were rolled back too

  docs[7].events.pop_back();
  docs[3].sentences.push_back(StoredSentence{0, "dup", "a second sentence 0"});
  s = store->WriteBatch(docs);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find("document '" + docs[3].id + "'"), std::string::npos);
  EXPECT_NE(s.message().find("UNIQUE"), std::string::npos) << s.message();

  docs[3].sentences.pop_back();
  ASSERT_TRUE(store->WriteBatch(docs).ok());
  auto events = store->ReadEvents();
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(DescribeAll(*events), DescribeAll(AllEvents(docs)));
  EXPECT_TRUE(store->Verify().ok());
}

TEST(EventStore, RejectsANonSqliteFileWithoutTouchingIt) {
  TempDb tmp("notes.txt");
  {
    std::ofstream out(tmp.path());
    out << "{\"id\": \"a JSONL file, not a database\"}\n";
  }
  const std::string before = Slurp(tmp.path());
  auto store = EventStore::Open(tmp.path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kCorruption);
  EXPECT_NE(store.status().message().find(tmp.path()), std::string::npos);
  EXPECT_NE(store.status().message().find("not a dyad store"), std::string::npos)
      << store.status().message();
  EXPECT_EQ(Slurp(tmp.path()), before);
}

TEST(EventStore, RejectsASqliteDatabaseOfAnotherSchema) {
  TempDb tmp("other.db");
  RawExec(tmp.path(),
          "CREATE TABLE events(id INTEGER, what TEXT); INSERT INTO events VALUES(1, 'x');");
  const std::string before = Slurp(tmp.path());
  auto store = EventStore::Open(tmp.path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kCorruption);
  EXPECT_EQ(store.status().message(),
            tmp.path() + ": not a dyad store (a SQLite database with other tables)");
  EXPECT_EQ(Slurp(tmp.path()), before);
}

TEST(EventStore, RejectsAStoreWithoutSchemaVersion) {
  TempDb tmp("events.db");
  { ASSERT_TRUE(OpenOrDie(tmp.path())); }
  RawExec(tmp.path(), "DELETE FROM meta WHERE key = 'schema_version'");
  auto store = EventStore::Open(tmp.path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kCorruption);
  EXPECT_EQ(store.status().message(), tmp.path() + ": not a dyad store (no meta.schema_version)");
}

TEST(EventStore, RejectsANewerSchemaVersion) {
  TempDb tmp("events.db");
  { ASSERT_TRUE(OpenOrDie(tmp.path())); }
  RawExec(tmp.path(), "UPDATE meta SET value = '" + std::to_string(kSchemaVersion + 1) +
                          "' WHERE key = 'schema_version'");
  auto store = EventStore::Open(tmp.path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kUnsupported);
  EXPECT_NE(store.status().message().find(tmp.path() + ": store schema version " +
                                          std::to_string(kSchemaVersion + 1)),
            std::string::npos)
      << store.status().message();
}

const std::string kDropLocation =
    "ALTER TABLE events DROP COLUMN location_text; ALTER TABLE events DROP COLUMN location_name;"
    "ALTER TABLE events DROP COLUMN location_geonames_id;"
    "ALTER TABLE events DROP COLUMN location_country;"
    "ALTER TABLE events DROP COLUMN location_admin1; ALTER TABLE events DROP COLUMN location_lat;"
    "ALTER TABLE events DROP COLUMN location_lon;"
    "ALTER TABLE events DROP COLUMN location_precision;"
    "ALTER TABLE events DROP COLUMN location_from;";

// A store of `docs` written now, then taken back to schema `version` by `downgrade_sql`
// behind the store's back, reopened (migrated) and read; checks the events survived and
// the schema version is current. Returns the reopened store.
std::unique_ptr<EventStore> MigratedStore(const TempDb& tmp, const std::vector<StoredDocument>& docs,
                                          const std::string& downgrade_sql, int version,
                                          std::vector<Event>* events) {
  {
    auto store = OpenOrDie(tmp.path());
    EXPECT_TRUE(store && store->WriteBatch(docs).ok() && store->Close().ok());
  }
  RawExec(tmp.path(), downgrade_sql + "UPDATE meta SET value = '" + std::to_string(version) +
                          "' WHERE key = 'schema_version'");
  auto store = OpenOrDie(tmp.path());
  if (!store) return store;
  auto read = store->ReadEvents();
  EXPECT_TRUE(read.ok()) << read.status().ToString();
  if (read.ok()) *events = std::move(read).value();
  EXPECT_EQ(events->size(), AllEvents(docs).size());
  EXPECT_EQ(RawQuery(tmp.path(), "SELECT value FROM meta WHERE key = 'schema_version'"),
            (std::vector<std::vector<std::string>>{{std::to_string(kSchemaVersion)}}));
  return store;
}

// Schema 2 (before the location columns) is migrated in place: its events kept, with no
// location; written after the migration, locations round-trip.
TEST(EventStore, MigratesAVersionTwoStore) {
  TempDb tmp("v2.db");
  std::vector<Event> events;
  auto store = MigratedStore(tmp, MakeDocuments(5, 3), kDropLocation, 2, &events);
  ASSERT_TRUE(store);
  for (const Event& e : events) EXPECT_TRUE(e.location.empty());
  const auto more = MakeDocuments(30, 4);
  ASSERT_TRUE(store->WriteBatch(more).ok());
  auto all = store->ReadEvents();
  ASSERT_TRUE(all.ok());
  const std::vector<Event> tail(all->end() - static_cast<long>(AllEvents(more).size()), all->end());
  EXPECT_EQ(DescribeAll(tail), DescribeAll(AllEvents(more)));
  size_t placed = 0;
  for (const Event& e : tail) placed += !e.location.empty();
  EXPECT_GT(placed, 0u);
}

// Schema 1 (before the event filter's columns) is migrated in place to the current one,
// its events kept, their filter columns NULL.
TEST(EventStore, MigratesAVersionOneStore) {
  TempDb tmp("v1.db");
  std::vector<Event> events;
  auto store = MigratedStore(
      tmp, MakeDocuments(5, 2),
      "ALTER TABLE events DROP COLUMN confidence; ALTER TABLE events DROP COLUMN evidence;" +
          kDropLocation,
      1, &events);
  ASSERT_TRUE(store);
  for (const Event& e : events) EXPECT_LT(e.confidence, 0);
}

// Bug (issue 14 item 10): a truncated store (a partial copy) was called "not a dyad store".
TEST(EventStore, TruncatedStoreSaysTruncated) {
  TempDb tmp("events.db");
  {
    auto store = OpenOrDie(tmp.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->WriteBatch(MakeDocuments(100, 3)).ok());
    ASSERT_TRUE(store->Close().ok());
  }
  const std::string good = Slurp(tmp.path());
  ASSERT_GT(good.size(), 3u * 4096);
  for (size_t cut : {size_t{60}, size_t{8192}, good.size() / 2, good.size() - 4096}) {
    {
      std::ofstream out(tmp.path(), std::ios::binary | std::ios::trunc);
      out << good.substr(0, cut);
    }
    for (const char* suffix : {"-wal", "-shm"}) fs::remove(tmp.path() + suffix);
    auto store = EventStore::Open(tmp.path());
    ASSERT_FALSE(store.ok()) << cut;
    EXPECT_EQ(store.status().code(), Status::Code::kCorruption) << store.status().ToString();
    EXPECT_NE(store.status().message().find("truncated store"), std::string::npos)
        << cut << ": " << store.status().message();
    EXPECT_EQ(store.status().message().find("not a dyad store"), std::string::npos)
        << store.status().message();
  }
}

// Bug (issue 14 item 10): a store missing one of its tables was an "Internal" error; it is
// a damaged store (Corruption).
TEST(EventStore, MissingTableIsCorruption) {
  TempDb tmp("events.db");
  { ASSERT_TRUE(OpenOrDie(tmp.path())); }
  RawExec(tmp.path(), "DROP TABLE sentences");
  auto store = EventStore::Open(tmp.path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kCorruption) << store.status().ToString();
  EXPECT_NE(store.status().message().find("no such table: sentences"), std::string::npos)
      << store.status().message();
  EXPECT_NE(store.status().message().find("the store is damaged"), std::string::npos)
      << store.status().message();
}

// Bug (issue 14 item 10): opening a read-only store for writing failed with "reading:
// attempt to write a readonly database", blaming a read. Runs the open as an unprivileged
// user when the test runs as root (root writes any file).
TEST(EventStore, ReadOnlyStoreSaysItIsReadOnly) {
  TempDb tmp("events.db");
  {
    auto store = OpenOrDie(tmp.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Close().ok());
  }
  fs::permissions(tmp.path(), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(tmp.path() + suffix);
  // The directory stays writable (SQLite makes its -shm file there): only the file is not.
  fs::permissions(fs::path(tmp.path()).parent_path(), fs::perms::all);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    if (::geteuid() == 0 && ::setuid(65534) != 0) {
      const std::string skip = "SKIP: cannot drop root privileges";
      _exit(::write(fds[1], skip.data(), skip.size()) < 0 ? 3 : 0);
    }
    auto store = EventStore::Open(tmp.path());
    const std::string what = store.ok() ? "opened" : store.status().ToString();
    if (::write(fds[1], what.data(), what.size()) < 0) _exit(3);
    _exit(0);
  }
  ::close(fds[1]);
  std::string what;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) what.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int wstatus = 0;
  ::waitpid(pid, &wstatus, 0);
  ASSERT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) << wstatus;
  if (what.rfind("SKIP: ", 0) == 0) GTEST_SKIP() << what.substr(6);
  EXPECT_NE(what.find(tmp.path() + ": the store is read-only"), std::string::npos) << what;
  EXPECT_EQ(what.find("reading"), std::string::npos) << what;
}

TEST(EventStore, CannotCreateInAMissingDirectoryIsIOError) {
  TempDb tmp("x.db");
  const std::string path = tmp.Sibling("no/such/dir/events.db");
  auto store = EventStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kIOError);
  EXPECT_NE(store.status().message().find(path), std::string::npos) << store.status().message();
}

TEST(EventStore, AZeroByteFileBecomesAStore) {
  TempDb tmp("empty.db");
  { std::ofstream out(tmp.path()); }
  auto store = OpenOrDie(tmp.path());
  ASSERT_TRUE(store);
  const auto docs = MakeDocuments(3, 10);
  EXPECT_TRUE(store->WriteBatch(docs).ok());
}

TEST(EventStore, ADirectoryIsIOError) {
  TempDb tmp("dir.db");
  fs::create_directories(tmp.path());
  auto store = EventStore::Open(tmp.path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kIOError) << store.status().ToString();
  EXPECT_NE(store.status().message().find(tmp.path()), std::string::npos);
}

// Overwrites every page but the first (header and schema) of a closed store with each of
// a few byte patterns: every call reports an error (Corruption) or works, never crashes.
TEST(EventStore, DamagedPagesGiveCorruptionNotACrash) {
  TempDb tmp("events.db");
  const auto docs = MakeDocuments(300, 11);
  {
    auto store = OpenOrDie(tmp.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->WriteBatch(docs).ok());
    ASSERT_TRUE(store->Close().ok());
  }
  const std::string good = Slurp(tmp.path());
  ASSERT_GT(good.size(), 4096u * 4);
  int corruption_reported = 0;
  for (const unsigned char fill : {0x00, 0xFF, 0x0D}) {
    for (size_t from : {size_t{4096}, good.size() / 2}) {
      std::string bad = good;
      for (size_t i = from; i < bad.size(); i += 7) bad[i] = static_cast<char>(fill);
      {
        std::ofstream out(tmp.path(), std::ios::binary | std::ios::trunc);
        out << bad;
      }
      auto store = EventStore::Open(tmp.path());
      Status s = store.status();
      if (store.ok()) {
        auto events = (*store)->ReadEvents();
        s = events.ok() ? (*store)->Verify() : events.status();
      }
      if (!s.ok()) {
        EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.ToString();
        EXPECT_NE(s.message().find(tmp.path()), std::string::npos) << s.message();
        ++corruption_reported;
      }
    }
  }
  EXPECT_EQ(corruption_reported, 6);  // each damage is found (by SQLite or by Verify)
}

TEST(EventStore, RecordsSchemaVersionApplicationIdAndRuns) {
  TempDb tmp("events.db");
  const auto docs = MakeDocuments(6, 4);
  for (int run = 0; run < 2; ++run) {
    auto store = OpenOrDie(tmp.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->SetRunInfo("command", "dyad code --db x run" + std::to_string(run)).ok());
    ASSERT_TRUE(store->SetRunInfo("command", "dyad code --db events.db").ok());  // replaces
    ASSERT_TRUE(store->WriteBatch(std::span(docs).subspan(run * 3, 3)).ok());
  }
  { ASSERT_TRUE(OpenOrDie(tmp.path())); }  // opening without writing records no run
  EXPECT_EQ(RawQuery(tmp.path(), "SELECT value FROM meta WHERE key = 'schema_version'"),
            (std::vector<std::vector<std::string>>{{std::to_string(kSchemaVersion)}}));
  EXPECT_EQ(RawQuery(tmp.path(), "PRAGMA application_id"),
            (std::vector<std::vector<std::string>>{{std::to_string(kApplicationId)}}));
  EXPECT_EQ(RawQuery(tmp.path(), "PRAGMA journal_mode"),
            (std::vector<std::vector<std::string>>{{"wal"}}));
  EXPECT_EQ(RawQuery(tmp.path(), "SELECT run_pk, key, value FROM run_info ORDER BY run_pk"),
            (std::vector<std::vector<std::string>>{{"1", "command", "dyad code --db events.db"},
                                                   {"2", "command", "dyad code --db events.db"}}));
  EXPECT_EQ(RawQuery(tmp.path(), "SELECT run_pk, count(*) FROM documents GROUP BY run_pk"),
            (std::vector<std::vector<std::string>>{{"1", "3"}, {"2", "3"}}));
  auto store = OpenOrDie(tmp.path());
  ASSERT_TRUE(store);
  auto runs = store->ReadRuns();
  ASSERT_TRUE(runs.ok()) << runs.status().ToString();
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[1].run, 2);
  EXPECT_EQ((*runs)[1].started_at.size(), 20u);  // 2026-11-29T03:00:00Z
  EXPECT_EQ(
      (*runs)[1].info,
      (std::vector<std::pair<std::string, std::string>>{{"command", "dyad code --db events.db"}}));
}

TEST(EventStore, QueryIndexesAreBuiltAtCloseAndUsedByQueries) {
  TempDb tmp("events.db");
  const auto docs = MakeDocuments(40, 8);
  const std::string count_indexes =
      "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%'";
  {
    auto store = OpenOrDie(tmp.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->WriteBatch(std::span(docs).first(20)).ok());
    // Mid-run (as after a kill): the data is complete, the query indexes not built yet.
    EXPECT_EQ(RawQuery(tmp.path(), count_indexes)[0][0], "0");
    // Nor the totals (schema 5).
    EXPECT_EQ(RawQuery(tmp.path(), "SELECT count(*) FROM meta WHERE key = 'totals_through'"),
              (std::vector<std::vector<std::string>>{{"0"}}));
    ASSERT_TRUE(store->Close().ok());
  }
  EXPECT_EQ(RawQuery(tmp.path(), count_indexes)[0][0], "7");
  // The totals count every event, written at Close and kept on every later batch.
  const std::string totals_check =
      "SELECT (SELECT value FROM meta WHERE key = 'totals_through') = (SELECT max(event_pk) "
      "FROM events), (SELECT sum(events) FROM totals_by_day) = (SELECT count(*) FROM events), "
      "(SELECT sum(events) FROM totals_by_dyad) = (SELECT count(*) FROM events WHERE "
      "source_code IS NOT NULL AND target_code IS NOT NULL)";
  EXPECT_EQ(RawQuery(tmp.path(), totals_check),
            (std::vector<std::vector<std::string>>{{"1", "1", "1"}}));
  const auto plan = RawQuery(tmp.path(),
                             "EXPLAIN QUERY PLAN SELECT * FROM events WHERE "
                             "source_code = 'RUSGOV' OR target_code = 'RUSGOV'");
  std::string plan_text;
  for (const auto& row : plan) plan_text += row.back() + "\n";
  EXPECT_NE(plan_text.find("events_by_source"), std::string::npos) << plan_text;
  EXPECT_NE(plan_text.find("events_by_target"), std::string::npos) << plan_text;
  {
    // An indexed store keeps its indexes current on later writes.
    auto store = OpenOrDie(tmp.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->WriteBatch(std::span(docs).subspan(20)).ok());
    ASSERT_TRUE(store->Verify().ok());
    EXPECT_EQ(RawQuery(tmp.path(), totals_check),
              (std::vector<std::vector<std::string>>{{"1", "1", "1"}}));
  }
  EXPECT_EQ(RawQuery(tmp.path(), "PRAGMA integrity_check"),
            (std::vector<std::vector<std::string>>{{"ok"}}));
  size_t sides = 0;
  for (const auto& e : AllEvents(docs)) {
    sides += 1 + (e.target.code.empty() && e.target.text.empty() ? 0 : 1);
  }
  EXPECT_EQ(RawQuery(tmp.path(), "SELECT count(*) FROM actors")[0][0], std::to_string(sides));
}

// A store at `path` holding `docs`, closed; false on any error.
bool WriteStore(const std::string& path, const std::vector<StoredDocument>& docs) {
  auto store = OpenOrDie(path);
  return store && store->WriteBatch(docs).ok() && store->Close().ok();
}

// Issue 14 item 4: `dyad export` opened the store read-write (journal mode, indexes built
// on close), so a read-only store could not be exported, and it read every event into
// memory. A store opened read-only is not written at all, and its events stream.
TEST(EventStore, ReadOnlyStoreWritesNothingAndStreamsEvents) {
  TempDb tmp("events.db");
  const auto docs = MakeDocuments(60, 21);
  ASSERT_TRUE(WriteStore(tmp.path(), docs));
  // As a killed run leaves it: no query indexes; and a rollback journal, so that a reader
  // that wrote anything would leave a trace in the file.
  RawExec(tmp.path(),
          "PRAGMA journal_mode = DELETE; DROP INDEX documents_by_date; DROP INDEX events_by_doc; "
          "DROP INDEX events_by_date; DROP INDEX events_by_source; DROP INDEX events_by_target; "
          "DROP INDEX events_by_cameo;");
  const std::string before = Slurp(tmp.path());
  auto opened = EventStore::OpenReadOnly(tmp.path());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EventStore& store = **opened;
  std::vector<Event> streamed;
  ASSERT_TRUE(store
                  .ForEachEvent([&](Event& e) {
                    streamed.push_back(std::move(e));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(DescribeAll(streamed), DescribeAll(AllEvents(docs)));
  // The callback's error stops the reading and comes back.
  size_t calls = 0;
  const Status stop = store.ForEachEvent(
      [&](Event&) { return ++calls == 3 ? Status::IOError("stop") : Status::Ok(); });
  EXPECT_EQ(stop.code(), Status::Code::kIOError);
  EXPECT_EQ(calls, 3u);
  auto day = store.ReadEventsOneADay();
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(DescribeAll(*day), DescribeAll(CollapseOneADay(AllEvents(docs))));
  EXPECT_TRUE(store.Verify().ok());
  const Status write = store.WriteBatch(MakeDocuments(1, 22));
  EXPECT_EQ(write.code(), Status::Code::kInvalidArgument) << write.ToString();
  EXPECT_EQ(store.SetRunInfo("k", "v").code(), Status::Code::kInvalidArgument);
  ASSERT_TRUE(store.Close().ok());
  EXPECT_EQ(Slurp(tmp.path()), before);
  EXPECT_FALSE(fs::exists(tmp.path() + "-wal"));
  EXPECT_FALSE(fs::exists(tmp.path() + "-journal"));
}

// Issue 14 item 4: read-only, an older store is read as it is (not migrated, which would
// write), the columns it lacks read as absent; an empty file or a missing one is refused.
TEST(EventStore, ReadOnlyReadsAnOlderSchemaWithoutMigrating) {
  TempDb tmp("v1.db");
  const auto docs = MakeDocuments(8, 23);
  ASSERT_TRUE(WriteStore(tmp.path(), docs));
  RawExec(tmp.path(),
          "ALTER TABLE events DROP COLUMN confidence; ALTER TABLE events DROP COLUMN evidence;" +
              kDropLocation + "UPDATE meta SET value = '1' WHERE key = 'schema_version'");
  auto store = EventStore::OpenReadOnly(tmp.path());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto events = (*store)->ReadEvents();
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  std::vector<Event> expected = AllEvents(docs);
  for (Event& e : expected) {
    e.confidence = -1;
    e.evidence.clear();
    e.location = EventLocation();
  }
  EXPECT_EQ(DescribeAll(*events), DescribeAll(expected));
  ASSERT_TRUE((*store)->Close().ok());
  EXPECT_EQ(RawQuery(tmp.path(), "SELECT value FROM meta WHERE key = 'schema_version'"),
            (std::vector<std::vector<std::string>>{{"1"}}));

  { std::ofstream out(tmp.Sibling("empty.db")); }
  auto empty = EventStore::OpenReadOnly(tmp.Sibling("empty.db"));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Status::Code::kCorruption) << empty.status().ToString();
  EXPECT_EQ(Slurp(tmp.Sibling("empty.db")), "");
  auto missing = EventStore::OpenReadOnly(tmp.Sibling("missing.db"));
  ASSERT_FALSE(missing.ok());
  EXPECT_FALSE(fs::exists(tmp.Sibling("missing.db")));
}

TEST(EventStore, VerifyFindsADocumentMissingRows) {
  TempDb tmp("events.db");
  auto docs = MakeDocuments(20, 5);
  docs[4].events = MakeDocuments(1, 99)[0].events;  // make sure doc 4 has events
  docs[4].events.push_back(docs[4].events.empty() ? Event{} : docs[4].events[0]);
  for (auto& e : docs[4].events) e.doc_id = docs[4].id;
  {
    auto store = OpenOrDie(tmp.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->WriteBatch(docs).ok());
    ASSERT_TRUE(store->Verify().ok());
  }
  RawExec(tmp.path(),
          "DELETE FROM events WHERE event_pk = (SELECT min(event_pk) FROM events "
          "WHERE doc_pk = (SELECT doc_pk FROM documents WHERE id = '" +
              docs[4].id + "'))");
  auto store = OpenOrDie(tmp.path());
  ASSERT_TRUE(store);
  Status s = store->Verify();
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_EQ(s.message(), tmp.path() + ": " + docs[4].id + ": its event rows differ from n_events");
}

TEST(OneADay, CollapsesIdenticalEventsAcrossDocumentsOnTheSameDate) {
  auto ev = [](const char* doc, const char* date, const char* src, const char* tgt,
               const char* code, uint32_t mentions) {
    Event e;
    e.doc_id = doc;
    e.date = date;
    e.source.code = src;
    e.target.code = tgt;
    e.code = code;
    e.mentions = mentions;
    return e;
  };
  const std::vector<Event> in = {
      ev("a", "20240101", "RUS", "UKR", "190", 2), ev("a", "20240101", "RUS", "", "190", 1),
      ev("b", "20240101", "RUS", "UKR", "190", 1), ev("b", "20240102", "RUS", "UKR", "190", 1),
      ev("c", "20240101", "RUS", "", "190", 4),    ev("c", "20240101", "RUS", "UKR", "042", 1),
      ev("c", "20240101", "RUS", "UKR", "190", 3),
  };
  const auto out = CollapseOneADay(in);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].mentions, 6u);
  EXPECT_EQ(out[0].doc_ids, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(out[0].doc_id, "a");
  EXPECT_EQ(out[1].target.code, "");
  EXPECT_EQ(out[1].mentions, 5u);
  EXPECT_EQ(out[1].doc_ids, (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(out[2].date, "20240102");
  EXPECT_EQ(out[2].doc_ids, (std::vector<std::string>{"b"}));
  EXPECT_EQ(out[3].code, "042");
}

// The SQL view and the C++ collapse are two definitions of one thing: they must agree.
TEST(OneADay, ViewAgreesWithCollapseOneADay) {
  TempDb tmp("events.db");
  const auto docs = MakeDocuments(300, 6);
  std::vector<Event> expected;
  {
    auto store = OpenOrDie(tmp.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->WriteBatch(docs).ok());
    auto collapsed = store->ReadEventsOneADay();
    ASSERT_TRUE(collapsed.ok());
    expected = *collapsed;
  }
  EXPECT_EQ(DescribeAll(expected), DescribeAll(CollapseOneADay(AllEvents(docs))));
  ASSERT_LT(expected.size(), AllEvents(docs).size()) << "the corpus must have groups to collapse";
  const auto rows = RawQuery(tmp.path(),
                             "SELECT date, COALESCE(source_code, ''), COALESCE(target_code, ''), "
                             "cameo, mentions, n_documents, doc_ids FROM events_one_a_day");
  ASSERT_EQ(rows.size(), expected.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const Event& e = expected[i];
    EXPECT_EQ(rows[i][0], e.date);
    EXPECT_EQ(rows[i][1], e.source.code);
    EXPECT_EQ(rows[i][2], e.target.code);
    EXPECT_EQ(rows[i][3], e.code);
    EXPECT_EQ(rows[i][4], std::to_string(e.mentions));
    EXPECT_EQ(rows[i][5], std::to_string(e.doc_ids.size()));
    // SQL leaves the order inside a group unspecified: check membership.
    for (const auto& id : e.doc_ids) {
      EXPECT_NE(rows[i][6].find("\"" + id + "\""), std::string::npos) << rows[i][6];
    }
  }
}

// Every table and view column of the schema is described in doc/formats/store.md.
TEST(Schema, EveryColumnIsDocumented) {
  const std::string doc = Slurp(DYAD_SOURCE_DIR "/doc/formats/store.md");
  ASSERT_FALSE(doc.empty()) << "doc/formats/store.md is missing";
  TempDb tmp("events.db");
  { ASSERT_TRUE(OpenOrDie(tmp.path())); }
  const auto objects = RawQuery(tmp.path(),
                                "SELECT name, type FROM sqlite_schema WHERE name "
                                "NOT LIKE 'sqlite_%' ORDER BY name");
  ASSERT_GE(objects.size(), 10u);
  for (const auto& obj : objects) {
    // Tables and views as `name`, indexes as `name(columns)`.
    const std::string mention = "`" + obj[0] + (obj[1] == "index" ? "(" : "`");
    EXPECT_NE(doc.find(mention), std::string::npos)
        << obj[1] << " " << obj[0] << " is not documented";
    for (const auto& col :
         RawQuery(tmp.path(), "SELECT name FROM pragma_table_info('" + obj[0] + "')")) {
      EXPECT_NE(doc.find("`" + col[0] + "`"), std::string::npos)
          << obj[0] << "." << col[0] << " is not documented";
    }
  }
}

// Crash safety: a writer killed with SIGKILL at a random-ish moment leaves a store whose
// documents are whole batches, each document complete; writing the rest ends with exactly
// the events of an uninterrupted run.
TEST(EventStore, KillNineThenResumeEqualsUninterruptedRun) {
  TempDb tmp("reference.db");
  const auto docs = MakeDocuments(1500, 7);
  constexpr size_t kBatch = 25;
  const size_t n_batches = (docs.size() + kBatch - 1) / kBatch;
  std::vector<std::string> reference;
  {
    auto store = OpenOrDie(tmp.path());
    ASSERT_TRUE(store);
    for (size_t b = 0; b < n_batches; ++b) {
      ASSERT_TRUE(store
                      ->WriteBatch(std::span(docs).subspan(
                          b * kBatch, std::min(kBatch, docs.size() - b * kBatch)))
                      .ok());
    }
    auto events = store->ReadEvents();
    ASSERT_TRUE(events.ok());
    reference = DescribeAll(*events);
    ASSERT_TRUE(store->Close().ok());  // no open connection across fork()
  }
  ASSERT_EQ(reference, DescribeAll(AllEvents(docs)));

  std::mt19937 rng(12345);
  int killed_mid_run = 0;
  for (int round = 0; round < 4; ++round) {
    const std::string path = tmp.Sibling("crash" + std::to_string(round) + ".db");
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {  // the child: write every batch, reporting each commit
      close(fds[0]);
      auto store = EventStore::Open(path);
      if (!store.ok()) _exit(2);
      for (size_t b = 0; b < n_batches; ++b) {
        auto batch =
            std::span(docs).subspan(b * kBatch, std::min(kBatch, docs.size() - b * kBatch));
        if (!(*store)->WriteBatch(batch).ok()) _exit(3);
        if (write(fds[1], "x", 1) != 1) _exit(4);
      }
      _exit(0);  // no destructors: like a process that dies right after its last commit
    }
    close(fds[1]);
    const size_t wait_batches = 2 + round * 9;
    char c;
    size_t committed = 0;
    while (committed < wait_batches && read(fds[0], &c, 1) == 1) ++committed;
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 4000));
    kill(pid, SIGKILL);
    int wstatus = 0;
    ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
    close(fds[0]);
    ASSERT_TRUE(WIFSIGNALED(wstatus) || (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0))
        << "child failed with exit status " << WEXITSTATUS(wstatus);
    killed_mid_run += WIFSIGNALED(wstatus) ? 1 : 0;

    auto store = OpenOrDie(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Verify().ok()) << store->Verify().ToString();
    auto ids = store->StoredDocumentIds();
    ASSERT_TRUE(ids.ok());
    // Whole batches only, and at least the ones the child reported committed.
    EXPECT_EQ(ids->size() % kBatch == 0 || ids->size() == docs.size(), true) << ids->size();
    EXPECT_GE(ids->size(), committed * kBatch);
    for (size_t i = 0; i < docs.size(); ++i) {
      ASSERT_EQ(ids->count(docs[i].id) == 1, i < ids->size()) << "document " << i;
    }
    std::cerr << "round " << round << ": child " << (WIFSIGNALED(wstatus) ? "killed" : "finished")
              << " with " << ids->size() << " of " << docs.size() << " documents stored\n";
    // Resume as `dyad code` does: skip stored ids, write the rest in batches.
    std::vector<StoredDocument> rest;
    for (const auto& d : docs) {
      if (!ids->count(d.id)) rest.push_back(d);
    }
    for (size_t b = 0; b * kBatch < rest.size(); ++b) {
      ASSERT_TRUE(store
                      ->WriteBatch(std::span(rest).subspan(
                          b * kBatch, std::min(kBatch, rest.size() - b * kBatch)))
                      .ok());
    }
    size_t skipped = 0;  // and re-running on finished input adds nothing
    ASSERT_TRUE(store->WriteBatch(docs, &skipped).ok());
    EXPECT_EQ(skipped, docs.size());
    auto events = store->ReadEvents();
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(DescribeAll(*events), reference) << "round " << round;
    EXPECT_TRUE(store->Verify().ok());
  }
  EXPECT_GT(killed_mid_run, 0) << "no child was killed before it finished";
}

}  // namespace
}  // namespace dyad::store

namespace dyad::store {
namespace {

// Event numbers (1-based event_pk of a fresh store) whose sentence holds `needle`.
std::vector<std::vector<std::string>> EventsWith(const std::vector<Event>& events,
                                                 const std::string& needle) {
  std::vector<std::vector<std::string>> pks;
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].sentence.find(needle) != std::string::npos) pks.push_back({std::to_string(i + 1)});
  }
  return pks;
}

// The full-text index (version 4): filled when the first run closes, kept by its trigger
// for runs that append, and it finds exactly the events whose sentence holds a word (case
// and accents folded).
TEST(EventStore, FullTextIndexFindsEventsBySentenceWords) {
  TempDb tmp("fts.db");
  const auto docs = MakeDocuments(120, 31);
  const std::span<const StoredDocument> all(docs);
  {
    auto store = OpenOrDie(tmp.path());
    ASSERT_TRUE(store && store->WriteBatch(all.first(60)).ok());
    // Not filled row by row during the first load.
    EXPECT_EQ(RawQuery(tmp.path(), "SELECT count(*) FROM sqlite_schema WHERE name = "
                                   "'events_fts_insert'")[0][0], "0");
    ASSERT_TRUE(store->Close().ok());
  }
  {
    auto store = OpenOrDie(tmp.path());  // appends through the trigger
    ASSERT_TRUE(store && store->WriteBatch(all.subspan(60)).ok() && store->Close().ok());
  }
  auto store = OpenOrDie(tmp.path());
  ASSERT_TRUE(store);
  auto events = store->ReadEvents();
  ASSERT_TRUE(events.ok());
  ASSERT_GT(events->size(), 100u);
  const std::pair<const char*, const char*> cases[] = {
      {"zurich", "Zürich"}, {"MISSILES", "missiles"}, {"drop", "DROP"}, {"envoy", "envoy"}};
  for (const auto& [query, needle] : cases) {
    const auto want = EventsWith(*events, needle);
    EXPECT_FALSE(want.empty()) << needle;
    EXPECT_EQ(RawQuery(tmp.path(), std::string("SELECT rowid FROM events_fts WHERE events_fts "
                                               "MATCH '") + query + "' ORDER BY rowid"),
              want)
        << query;
  }
}

// A version-3 store (no full-text index, narrower indexes) gets both when it is opened and
// closed (what `dyad index` does).
TEST(EventStore, MigratesAVersionThreeStoreAndFillsItsFullTextIndex) {
  TempDb tmp("v3.db");
  std::vector<Event> events;
  {
    auto store = MigratedStore(tmp, MakeDocuments(40, 5),
                               "DROP TRIGGER events_fts_insert; DROP TABLE events_fts; "
                               "DROP INDEX events_by_date; CREATE INDEX events_by_date ON "
                               "events(date);",
                               3, &events);
    ASSERT_TRUE(store && store->Close().ok());
  }
  EXPECT_EQ(RawQuery(tmp.path(), "SELECT count(*) FROM events_fts WHERE events_fts MATCH "
                                 "'envoy'"),
            (std::vector<std::vector<std::string>>{
                {std::to_string(EventsWith(events, "envoy").size())}}));
  EXPECT_NE(RawQuery(tmp.path(), "SELECT sql FROM sqlite_schema WHERE name = "
                                 "'events_by_date'")[0][0]
                .find("quad_class"),
            std::string::npos);
}

}  // namespace
}  // namespace dyad::store
