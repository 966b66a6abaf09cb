// Coding speed: sentences per second of Coder::CodeDocument on parsed sentences, one
// thread, with all Phoenix dictionaries loaded (CAMEO.2.0 verbs, the three Phoenix actor
// files, agents, discards, the PICO ontology). Corpus: the given UD parses of the two
// PETRARCH validation files (PETR.UnitTest.records.parsing_parsed_udpipe_2.0.xml and
// PETR2_GSR_validation.xml, 362 sentences), coded over and over. Needs ../shared/data
// (DYAD_SHARED_DATA); without it the benchmark reports an error and skips.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "base/file.h"
#include "coder/coder.h"
#include "input/petrarch_validation.h"
#include "dict/dictionary.h"

namespace {

struct Fixture {
  std::unique_ptr<dyad::dict::DictionarySet> dicts;
  std::vector<dyad::Document> docs;
  size_t sentences = 0;
  std::string error;
};

const Fixture& GetFixture() {
  static Fixture* f = [] {
    auto* fx = new Fixture;
    const std::string data = DYAD_SHARED_DATA "/petrarch";
    std::vector<dyad::dict::Diagnostic> diags;
    auto dicts = dyad::dict::DictionarySet::Load(
        dyad::dict::DictionaryPaths::Phoenix(data + "/dictionaries"), {}, &diags);
    if (!dicts.ok()) {
      fx->error = dicts.status().ToString();
      return fx;
    }
    fx->dicts = std::make_unique<dyad::dict::DictionarySet>(std::move(*dicts));
    for (const char* name : {"PETR.UnitTest.records.parsing_parsed_udpipe_2.0.xml",
                             "PETR2_GSR_validation.xml"}) {
      const std::string path = data + "/validation/" + name;
      auto text = dyad::ReadFile(path);
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
  auto coder = dyad::coder::Coder::Create(f.dicts.get(), {});
  if (!coder.ok()) {
    state.SkipWithError(coder.status().ToString().c_str());
    return;
  }
  dyad::coder::CoderScratch scratch;
  std::vector<dyad::Event> events;
  size_t sentences = 0;
  for (auto _ : state) {
    for (const dyad::Document& doc : f.docs) {
      events.clear();
      coder->CodeDocument(doc, &scratch, &events, nullptr);
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
