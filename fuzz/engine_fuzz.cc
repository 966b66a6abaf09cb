// libFuzzer target: raw text through the whole engine (dyad/engine.h) — dateline, UTF-8
// repair, tokenizer, tagger, parser, tree repairs, coder, event filter and event dating —
// with the shipped fast model (models/dyad-en-fast.model: the neural default is ~50x
// slower under the fuzzer's sanitizers; or $DYAD_FUZZ_MODEL) and the built-in
// dictionaries, loaded once. The first input byte chooses the document date (none, a
// date, an odd one) and the options that change the path (require_dyad); the rest, up to
// 4 KiB, is the text. Coding must never crash, hang or break an event's contract: its
// sentence exists, its code and date are well-formed, it has at least one mention, and
// it serializes to valid UTF-8 JSON. Seeds: fuzz/seeds/engine (news-like sentences).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "dyad/engine.h"

namespace {

std::unique_ptr<dyad::Engine> g_engine;
std::unique_ptr<dyad::Engine::Scratch> g_scratch;

void Die(const char* what) {
  std::fprintf(stderr, "engine_fuzz: invariant violated: %s\n", what);
  std::abort();
}

bool IsDate(const std::string& d) {
  if (d.size() != 8) return false;
  for (char c : d) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  dyad::EngineOptions options;
  const char* model = std::getenv("DYAD_FUZZ_MODEL");
  options.model_path = model != nullptr ? model : DYAD_SOURCE_DIR "/models/dyad-en-fast.model";
  options.dictionaries = {DYAD_SOURCE_DIR "/data/dict"};
  options.event_filter = DYAD_SOURCE_DIR "/models/event-filter.txt";
  options.gazetteer = "none";
  auto engine = dyad::Engine::Open(options);
  if (!engine.ok()) {
    std::fprintf(stderr, "engine_fuzz: %s\n", engine.status().ToString().c_str());
    std::abort();
  }
  g_engine = std::move(*engine);
  g_scratch = g_engine->NewScratch();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t flags = data[0];
  dyad::Document doc;
  doc.id = "fuzz";
  static const char* const kDates[] = {"", "20240501", "19000101", "21001231"};
  doc.date = kDates[flags & 3];
  doc.text.assign(reinterpret_cast<const char*>(data) + 1, std::min<size_t>(size - 1, 4096));
  std::vector<dyad::Event> events;
  dyad::CodeStats stats;
  const bool require_dyad = (flags & 4) != 0;
  const dyad::Status s = g_engine->Code(&doc, g_scratch.get(), &events, &stats, require_dyad);
  if (!s.ok()) Die("Code failed on text");
  if (stats.documents != 1) Die("documents counted");
  if (stats.events != events.size()) Die("events counted");
  for (const dyad::Event& e : events) {
    if (e.sentence_index >= doc.sentences.size()) Die("event of no sentence");
    if (e.code.empty()) Die("event without code");
    if (!e.date.empty() && !IsDate(e.date)) Die("event date not YYYYMMDD");
    if (e.mentions < 1) Die("event without a mention");
    if (require_dyad && (e.source.null() || e.target.null())) Die("one-sided event with require_dyad");
    if (!dyad::IsValidUtf8(dyad::EventToJson(e))) Die("event JSON is not UTF-8");
  }
  return 0;
}
