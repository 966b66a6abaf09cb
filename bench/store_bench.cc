// Event-store write speed against JSONL serialisation of the same events (issue 4: "SQLite
// output within 20 % of JSONL speed"), at the write level: both start from the same
// StoredDocuments in memory and end with the data in a file on disk.
//
// Corpus (fixed, synthetic, seed 42): 2,000 documents of 10 sentences (~120-byte news-style
// sentences with UTF-8), 4 events per document (8,000 events) with the field shapes the
// coder produces: 200 distinct actor codes, 40 event codes, half the targets present,
// dictionary file:line locations, one sentence text per event.
//   BM_Jsonl          EventToJson + '\n' per event, fwrite to a file, fclose.
//   BM_Store/B/S      EventStore::WriteBatch in batches of B documents into a new file;
//                     S = 1 stores every sentence, S = 0 only the sentences with events.
//   BM_StoreGrowing   batches of 100 into ONE file that grows by 8,000 events per iteration
//                     (fixed 40 iterations → 320,000 events): a long first run; close_s and
//                     close_cpu_s time the final Close() (index build + WAL checkpoint),
//                     which the timed loop leaves out.
//   BM_StoreAppend    batches of 100 appended to an indexed store of 80,000 events (a
//                     second run over a finished store: indexes maintained row by row).
// items/s = events/s. Files go to $TMPDIR (or /tmp) and are removed.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "dyad/event.h"
#include "store/event_store.h"

namespace {

namespace fs = std::filesystem;
using dyad::Event;
using dyad::store::StoredDocument;
using dyad::store::StoredSentence;

constexpr size_t kDocuments = 2000;
constexpr size_t kSentencesPerDoc = 10;
constexpr size_t kEventsPerDoc = 4;

std::vector<StoredDocument> MakeCorpus(bool all_sentences, const std::string& id_suffix = "") {
  std::mt19937 rng(42);
  const char* words[] = {"Russian", "officials", "met",       "their",    "counterparts",
                         "in",      "Zürich",    "on",        "Tuesday",  "to",
                         "discuss", "the",       "ceasefire", "and",      "sanctions",
                         "said",    "minister",  "Sergei",    "Lavrov",   "Kyiv",
                         "troops",  "border",    "talks",     "agreement"};
  auto sentence = [&] {
    std::string s;
    while (s.size() < 110) {
      s += words[rng() % std::size(words)];
      s += ' ';
    }
    s.back() = '.';
    return s;
  };
  std::vector<StoredDocument> docs(kDocuments);
  for (size_t i = 0; i < kDocuments; ++i) {
    StoredDocument& d = docs[i];
    d.id = "https://news.example.org/2024/01/" + std::to_string(i) + id_suffix;
    d.date = "202401" + std::to_string(10 + i % 20);
    d.date_origin = "input";
    d.title = "Talks on the ceasefire continue";
    d.url = d.id;
    d.source = "wire";
    d.lang = "en";
    d.origin = "corpus.jsonl:" + std::to_string(i + 1);
    std::vector<StoredSentence> sentences;
    for (uint32_t s = 0; s < kSentencesPerDoc; ++s) sentences.push_back({s, "", sentence()});
    for (size_t k = 0; k < kEventsPerDoc; ++k) {
      Event e;
      const uint32_t s = static_cast<uint32_t>(rng() % kSentencesPerDoc);
      e.doc_id = d.id;
      e.sentence_id = std::to_string(s);
      e.sentence = sentences[s].text;
      e.date = d.date;
      const int src = static_cast<int>(rng() % 200);
      e.source.code = "A" + std::to_string(100 + src) + (src % 3 == 0 ? "GOV" : "");
      e.source.root = e.source.code.substr(0, 3);
      e.source.agent = src % 3 == 0 ? "GOV" : "";
      e.source.text = "Russian officials";
      e.source.first_word = 0;
      e.source.last_word = 1;
      e.source.actor_loc = "Phoenix.Countries.actors.txt:" + std::to_string(1000 + src * 37);
      if (rng() % 2) {
        const int tgt = static_cast<int>(rng() % 200);
        e.target.code = "A" + std::to_string(100 + tgt);
        e.target.root = e.target.code.substr(0, 3);
        e.target.text = "their counterparts";
        e.target.first_word = 3;
        e.target.last_word = 4;
        e.target.actor_loc = "Phoenix.International.actors.txt:" + std::to_string(tgt * 11);
      }
      const int code = 10 + static_cast<int>(rng() % 40);
      e.code = "0" + std::to_string(code);
      e.root_code = e.code.substr(0, 2);
      e.known_code = true;
      e.quad_class = 1 + code % 4;
      e.goldstein = (code % 20) - 10.0 + 0.5;
      e.plover_type = "CONSULT";
      e.verb_word = 2;
      e.verb_text = "met";
      e.pattern = "* MET WITH +";
      e.pattern_loc = "CAMEO.2.0.txt:" + std::to_string(5000 + code * 13);
      d.events.push_back(std::move(e));
    }
    for (auto& s : sentences) {
      bool used = all_sentences;
      for (const Event& e : d.events) used = used || e.sentence_id == std::to_string(s.index);
      if (used) d.sentences.push_back(std::move(s));
    }
  }
  return docs;
}

size_t CountEvents(const std::vector<StoredDocument>& docs) {
  size_t n = 0;
  for (const auto& d : docs) n += d.events.size();
  return n;
}

std::string TempPath(const char* name) {
  return (fs::temp_directory_path() /
          (std::string("dyad_store_bench_") + std::to_string(getpid()) + "_" + name))
      .string();
}

void RemoveStore(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
}

void BM_Jsonl(benchmark::State& state) {
  const auto docs = MakeCorpus(false);
  const std::string path = TempPath("events.jsonl");
  for (auto _ : state) {
    FILE* out = std::fopen(path.c_str(), "wb");
    for (const auto& d : docs) {
      for (const Event& e : d.events) {
        const std::string line = dyad::EventToJson(e);
        std::fwrite(line.data(), 1, line.size(), out);
        std::fputc('\n', out);
      }
    }
    std::fclose(out);
  }
  fs::remove(path);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * CountEvents(docs)));
}
BENCHMARK(BM_Jsonl)->Unit(benchmark::kMillisecond);

void BM_Store(benchmark::State& state) {
  const size_t batch = static_cast<size_t>(state.range(0));
  const auto docs = MakeCorpus(state.range(1) != 0);
  const std::string path = TempPath("events.db");
  for (auto _ : state) {
    state.PauseTiming();
    RemoveStore(path);
    state.ResumeTiming();
    auto store = dyad::store::EventStore::Open(path);
    if (!store.ok()) {
      state.SkipWithError(store.status().ToString().c_str());
      return;
    }
    for (size_t b = 0; b < docs.size(); b += batch) {
      auto status =
          (*store)->WriteBatch(std::span(docs).subspan(b, std::min(batch, docs.size() - b)));
      if (!status.ok()) {
        state.SkipWithError(status.ToString().c_str());
        return;
      }
    }
    if (!(*store)->Close().ok()) state.SkipWithError("close failed");
  }
  state.counters["file_MB"] = static_cast<double>(fs::file_size(path)) / 1e6;
  RemoveStore(path);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * CountEvents(docs)));
}
BENCHMARK(BM_Store)
    ->ArgNames({"batch", "all_sentences"})
    ->Args({100, 0})
    ->Args({100, 1})
    ->Args({10, 0})
    ->Args({1000, 0})
    ->Unit(benchmark::kMillisecond);

void BM_StoreGrowing(benchmark::State& state) {
  const std::string path = TempPath("growing.db");
  RemoveStore(path);
  auto store = dyad::store::EventStore::Open(path);
  if (!store.ok()) {
    state.SkipWithError(store.status().ToString().c_str());
    return;
  }
  size_t events = 0;
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::string suffix(1, '#');  // (not "#" + to_string: g++ 12 -Wrestrict false positive)
    suffix += std::to_string(round++);
    const auto docs = MakeCorpus(false, suffix);  // new ids
    state.ResumeTiming();
    for (size_t b = 0; b < docs.size(); b += 100) {
      if (!(*store)
               ->WriteBatch(std::span(docs).subspan(b, std::min<size_t>(100, docs.size() - b)))
               .ok()) {
        state.SkipWithError("write failed");
        return;
      }
    }
    events += CountEvents(docs);
  }
  // Not timed by the loop: Close() builds the query indexes of this first load; reported.
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  if (!(*store)->Close().ok()) state.SkipWithError("close failed");
  state.counters["close_cpu_s"] = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  state.counters["close_s"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  state.counters["file_MB"] = static_cast<double>(fs::file_size(path)) / 1e6;
  RemoveStore(path);
  state.SetItemsProcessed(static_cast<int64_t>(events));
}
BENCHMARK(BM_StoreGrowing)->Iterations(40)->Unit(benchmark::kMillisecond);

void BM_StoreAppend(benchmark::State& state) {
  const std::string path = TempPath("append.db");
  RemoveStore(path);
  int round = 0;
  auto next_docs = [&round] {
    std::string suffix(1, '#');  // (not "#" + to_string: g++ 12 -Wrestrict false positive)
    suffix += std::to_string(round++);
    return MakeCorpus(false, suffix);
  };
  {
    auto store = dyad::store::EventStore::Open(path);
    if (!store.ok()) {
      state.SkipWithError(store.status().ToString().c_str());
      return;
    }
    for (int i = 0; i < 10; ++i) {
      if (!(*store)->WriteBatch(next_docs()).ok()) state.SkipWithError("write failed");
    }
    if (!(*store)->Close().ok()) state.SkipWithError("close failed");  // builds the indexes
  }
  auto store = dyad::store::EventStore::Open(path);
  if (!store.ok()) {
    state.SkipWithError(store.status().ToString().c_str());
    return;
  }
  size_t events = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto docs = next_docs();
    state.ResumeTiming();
    for (size_t b = 0; b < docs.size(); b += 100) {
      if (!(*store)
               ->WriteBatch(std::span(docs).subspan(b, std::min<size_t>(100, docs.size() - b)))
               .ok()) {
        state.SkipWithError("write failed");
        return;
      }
    }
    events += CountEvents(docs);
  }
  (void)(*store)->Close();
  RemoveStore(path);
  state.SetItemsProcessed(static_cast<int64_t>(events));
}
BENCHMARK(BM_StoreAppend)->Iterations(10)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
