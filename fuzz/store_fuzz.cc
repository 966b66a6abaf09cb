// libFuzzer target: a hostile file given as the SQLite event store (store/): the bytes are
// written to a scratch file and opened with EventStore::Open (identify, migrate an older
// schema, create indexes), then read every way a run reads a store (document ids, runs,
// events, one-a-day events, counts), verified, written to and closed. Seeds
// (fuzz/seeds/store, made by make_seeds.sh) are small valid stores of the current and
// older schema versions with 512-byte pages, so mutations land in real b-tree pages.
// Nothing may crash or hang; every error must name the file; an opened store must accept
// a batch or say why.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/event_store.h"

namespace {

namespace fs = std::filesystem;

std::string g_path;

void Check(const dyad::Status& s) {
  if (s.ok()) return;
  if (s.message().find(g_path) == std::string::npos) {
    std::fprintf(stderr, "store_fuzz: error without the file name: %s\n", s.ToString().c_str());
    std::abort();
  }
}

template <typename T>
void Check(const dyad::Result<T>& r) {
  Check(r.status());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fs::path dir =
      fs::temp_directory_path() / ("dyad_store_fuzz_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  g_path = (dir / "fuzz.db").string();
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::error_code ec;
    fs::remove(g_path + suffix, ec);
  }
  std::ofstream(g_path, std::ios::binary)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  auto store = dyad::store::EventStore::Open(g_path);
  Check(store);
  if (!store.ok()) return 0;
  dyad::store::EventStore& s = **store;
  Check(s.StoredDocumentIds());
  Check(s.ReadRuns());
  Check(s.ReadEvents());
  Check(s.ReadEventsOneADay());
  Check(s.Counts());
  Check(s.Verify());
  dyad::store::StoredDocument doc;
  doc.id = "fuzz-doc";
  doc.date = "20240101";
  doc.sentences.push_back({0, "s0", "A sentence."});
  std::vector<dyad::store::StoredDocument> batch{doc};
  Check(s.WriteBatch(batch));
  Check(s.Close());
  return 0;
}
