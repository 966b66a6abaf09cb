// dyad serve's time series and actor network from the store's pre-aggregated totals
// (totals_by_day, totals_by_dyad; doc/formats/store.md) must be the answers of the exact
// scan of the events, byte for byte: on a store written by one run and appended to by
// two more (the totals kept up to date batch by batch), and on stores whose totals are
// missing or behind (the reader must see it and scan the events).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "serve/query.h"
#include "serve/store_reader.h"
#include "store/event_store.h"

namespace dyad::serve {
namespace {

namespace fs = std::filesystem;

// Documents with events over 2019-2021, of a few actors (with agents, a code-less side and
// no target), event codes in and out of the CAMEO table, Goldstein values with one
// decimal and a few with more.
std::vector<store::StoredDocument> MakeDocuments(int n, uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](const std::vector<std::string>& xs) { return xs[rng() % xs.size()]; };
  const std::vector<std::string> codes = {"RUSGOV", "RUS",    "USA",    "USAMIL", "PRK",
                                          "CHN",    "UKRGOV", "---GOV", "USACVL"};
  struct Code {
    const char* cameo;
    int quad_class;  // 0: not in the CAMEO table
    double goldstein;
  };
  const std::vector<Code> cameos = {{"042", 1, 1.9},  {"043", 1, 2.8},  {"036", 1, 4.0},
                                    {"111", 3, -2.0}, {"112", 3, -2.0}, {"190", 4, -10.0},
                                    {"173", 4, -5.0}, {"0871", 2, 8.3}, {"XYZ", 0, 0.0},
                                    {"057", 1, 8.05}, {"138", 3, -7.25}};
  std::vector<store::StoredDocument> docs;
  for (int i = 0; i < n; ++i) {
    store::StoredDocument d;
    d.id = "d" + std::to_string(seed) + "-" + std::to_string(i);
    d.date = std::to_string(2019 + rng() % 3) + "0" + std::to_string(1 + rng() % 9) + "1" +
             std::to_string(rng() % 10);
    d.sentences.push_back({0, "", "Someone did something to someone."});
    const int n_events = static_cast<int>(rng() % 4);
    for (int k = 0; k < n_events; ++k) {
      Event e;
      e.doc_id = d.id;
      e.sentence_id = "0";
      e.date = rng() % 5 == 0 ? "20200229" : d.date;
      e.source.code = pick(codes);
      e.source.root = e.source.code.substr(0, 3);
      e.source.text = "them";
      if (rng() % 6 != 0) {                                 // else no target
        e.target.code = rng() % 9 == 0 ? "" : pick(codes);  // "": a phrase with no code
        e.target.root = e.target.code.substr(0, std::min<size_t>(3, e.target.code.size()));
        e.target.text = "others";
      }
      const Code& c = cameos[rng() % cameos.size()];
      e.code = c.cameo;
      e.root_code = e.code.substr(0, 2);
      e.known_code = c.quad_class != 0;
      e.quad_class = c.quad_class;
      e.goldstein = c.goldstein;
      e.verb_text = "did";
      e.pattern = "- did";
      e.pattern_loc = "test.txt:1";
      d.events.push_back(std::move(e));
    }
    docs.push_back(std::move(d));
  }
  return docs;
}

class ServeTotals : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir()) / ("dyad_totals_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "store.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // One `dyad code --db` run: batches of documents, then Close().
  void Run(int documents, uint32_t seed) {
    auto store = store::EventStore::Open(path_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    const auto docs = MakeDocuments(documents, seed);
    for (size_t at = 0; at < docs.size(); at += 50) {
      const size_t n = std::min<size_t>(50, docs.size() - at);
      ASSERT_TRUE((*store)->WriteBatch(std::span(docs).subspan(at, n)).ok());
    }
    ASSERT_TRUE((*store)->Close().ok());
  }

  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  // Readers with and without the totals.
  std::unique_ptr<StoreReader> Reader(bool use_totals) {
    auto r = StoreReader::Open(path_, 2);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return nullptr;
    (*r)->set_use_totals(use_totals);
    return std::move(*r);
  }

  // The series and network of every query below, as the API's JSON text, in order.
  std::vector<std::string> Answers(StoreReader* reader) {
    std::vector<std::string> out;
    for (const std::string& filter : Filters()) {
      for (const char* interval : {"day", "week", "month"}) {
        std::string bad;
        auto q = ParseEventQuery(filter + "&interval=" + interval, Endpoint::kSeries, &bad);
        EXPECT_TRUE(q.ok()) << filter << ": " << q.status().ToString();
        auto series = reader->Series(*q);
        EXPECT_TRUE(series.ok()) << filter << ": " << series.status().ToString();
        out.push_back("series?" + filter + "&interval=" + interval + " " +
                      (series.ok() ? *series : std::string()));
      }
      std::string bad;
      auto q = ParseEventQuery(filter + "&limit=1000", Endpoint::kNetwork, &bad);
      EXPECT_TRUE(q.ok()) << filter;
      auto network = reader->Network(*q);
      EXPECT_TRUE(network.ok()) << filter << ": " << network.status().ToString();
      out.push_back("network?" + filter + " " + (network.ok() ? network->dump() : ""));
    }
    return out;
  }

  static std::vector<std::string> Filters() {
    return {"",
            "cameo=04",
            "cameo=042",
            "cameo=1",
            "cameo=XYZ",
            "quad_class=1",
            "quad_class=3,4",
            "cameo=11&quad_class=3",
            "cameo=11&quad_class=4",
            "actor=RUS",
            "actor=USA&quad_class=1",
            "source=RUS",
            "source=RUSGOV&target=USA",
            "target=---",
            "actor=---GOV&cameo=0",
            "from=2020-01-01&to=2020-12-31",
            "from=2020-02-01&cameo=04",
            "to=2019-06-30&quad_class=2",
            "from=2019-03-01&to=2021-01-31&actor=PRK"};
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(ServeTotals, AnswersFromTotalsEqualTheExactScanAfterAppendingRuns) {
  Run(400, 1);
  Run(300, 2);  // appends: the totals grow batch by batch
  Run(200, 3);
  auto with = Reader(true), without = Reader(false);
  ASSERT_TRUE(with && without);
  const auto exact = Answers(without.get());
  const auto from_totals = Answers(with.get());
  ASSERT_EQ(exact.size(), from_totals.size());
  for (size_t i = 0; i < exact.size(); ++i) EXPECT_EQ(from_totals[i], exact[i]);
  // Not vacuous: the answers have events, and the totals are what the reader read (a
  // totals row changed behind its back changes the answer).
  EXPECT_NE(exact[0].find("\"events\":"), std::string::npos);
  EXPECT_EQ(exact[0].find("\"series\":[]"), std::string::npos);
  Sql("UPDATE totals_by_day SET events = events + 1000 WHERE (cameo, date, quad_class) = "
      "(SELECT cameo, date, quad_class FROM totals_by_day LIMIT 1)");
  EXPECT_NE(Answers(with.get())[0], exact[0]);
}

TEST_F(ServeTotals, MissingOrLaggingTotalsAreNotRead) {
  Run(300, 4);
  const auto exact = Answers(Reader(false).get());
  // Totals behind the events (as if events had been added without them), and wrong:
  // the reader must scan the events.
  Sql("UPDATE totals_by_day SET events = events + 1000; UPDATE totals_by_dyad SET events = "
      "events + 1000; UPDATE meta SET value = CAST(value AS INTEGER) - 1 WHERE key = "
      "'totals_through'");
  EXPECT_EQ(Answers(Reader(true).get()), exact);
  // No totals at all (a killed first run): the same.
  Sql("DELETE FROM totals_by_day; DELETE FROM totals_by_dyad; DELETE FROM meta WHERE key = "
      "'totals_through'");
  EXPECT_EQ(Answers(Reader(true).get()), exact);
  // The next run that closes builds them again, and then they are read.
  Run(100, 5);
  auto with = Reader(true);
  EXPECT_EQ(Answers(with.get()), Answers(Reader(false).get()));
  Sql("UPDATE totals_by_dyad SET events = events + 1000");
  EXPECT_NE(Answers(with.get())[3], Answers(Reader(false).get())[3]);  // network?(no filter)
}

}  // namespace
}  // namespace dyad::serve
