// Coding speed: sentences per second of Engine::Code on parsed sentences (the coder and
// the merge of events; no parsing), one thread, with all Phoenix dictionaries loaded (CAMEO.2.0 verbs, the three Phoenix actor
// files, agents, discards, the PICO ontology). Corpus: the given UD parses of the two
// PETRARCH validation files (PETR.UnitTest.records.parsing_parsed_udpipe_2.0.xml and
// PETR2_GSR_validation.xml, 362 sentences), coded over and over. Needs ../shared/data
// (DYAD_SHARED_DATA); without it the benchmark reports an error and skips.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "dyad/engine.h"
#include "input/input.h"
#include "input/petrarch_validation.h"

namespace {

struct Fixture {
  std::unique_ptr<dyad::Engine> engine;
  std::vector<dyad::Document> docs;
  size_t sentences = 0;
  std::string error;
};

const Fixture& GetFixture() {
  static Fixture* f = [] {
    auto* fx = new Fixture;
    const std::string data = DYAD_SHARED_DATA "/petrarch";
    dyad::EngineOptions options;
    options.no_model = true;
    options.dictionaries = {data + "/dictionaries"};  // a PETRARCH directory: its Phoenix set
    auto engine = dyad::Engine::Open(options);
    if (!engine.ok()) {
      fx->error = engine.status().ToString();
      return fx;
    }
    fx->engine = std::move(engine).value();
    for (const char* name : {"PETR.UnitTest.records.parsing_parsed_udpipe_2.0.xml",
                             "PETR2_GSR_validation.xml"}) {
      const std::string path = data + "/validation/" + name;
      auto text = dyad::input::ReadWholeFile(path);
      if (!text.ok()) {
        fx->error = text.status().ToString();
        return fx;
      }
      auto vf = dyad::input::ReadValidationFile(*text, path);
      if (!vf.ok()) continue;
      for (const auto& rec : vf->records) {
        auto doc = dyad::input::ParseRecordTree(rec, path);
        if (!doc.ok()) continue;
        fx->sentences += doc->sentences.size();
        fx->docs.push_back(std::move(*doc));
      }
    }
    return fx;
  }();
  return *f;
}

void BM_CodePhoenix(benchmark::State& state) {
  const Fixture& f = GetFixture();
  if (!f.error.empty() || f.docs.empty()) {
    state.SkipWithError(("no shared data: " + f.error).c_str());
    return;
  }
  auto scratch = f.engine->NewScratch();
  std::vector<dyad::Event> events;
  size_t sentences = 0;
  for (auto _ : state) {
    // Code() frees a document's trees: each round codes fresh copies, made untimed.
    state.PauseTiming();
    std::vector<dyad::Document> docs = f.docs;
    state.ResumeTiming();
    for (dyad::Document& doc : docs) {
      events.clear();
      if (!f.engine->Code(&doc, scratch.get(), &events).ok()) std::abort();
      benchmark::DoNotOptimize(events.data());
    }
    sentences += f.sentences;
  }
  state.counters["sentences/s"] =
      benchmark::Counter(static_cast<double>(sentences), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CodePhoenix)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
