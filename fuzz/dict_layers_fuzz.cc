// libFuzzer target: layered dictionary loading (dict/layers.h, DictionarySet::Load). The
// input is a set of dictionary files, each starting with a line "#FILE <kind><layer>"
// (kind v=verbs a=actors g=agents d=discards i=issues o=ontology, layer 0-2); they are
// written to one directory per layer and loaded as `--dict L0 --dict +L1 --dict +L2`, with
// malformed lines skipped and then strictly. Loading must never crash or hang; in a set
// that loads, every verb form must be found again, every pattern index be in range, and
// every actor phrase name an actor. Seeds: fuzz/seeds/dict_layers.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "dict/dictionary.h"
#include "dict/layers.h"
#include "dict_fuzz_common.h"

namespace {

namespace fs = std::filesystem;

const char* KindFile(char kind) {
  switch (kind) {
    case 'v': return "verbs.txt";
    case 'a': return "actors.txt";
    case 'g': return "agents.txt";
    case 'd': return "discards.txt";
    case 'i': return "issues.txt";
    case 'o': return "ontology.txt";
    default: return nullptr;
  }
}

void CheckSet(const dyad::dict::DictionarySet& set) {
  dyad::fuzz::CheckVerbs(set.verbs());
  const auto& actors = set.actors();
  for (const auto& phrase : actors.phrases()) {
    if (phrase.actor >= actors.actors().size()) __builtin_trap();
    (void)actors.actors()[phrase.actor].CodeAt(20100101);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fs::path base =
      fs::temp_directory_path() / ("dyad_dict_layers_fuzz_" + std::to_string(::getpid()));
  std::error_code ec;
  fs::remove_all(base, ec);
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kHeader = "#FILE ";
  bool layer_used[3] = {false, false, false};
  int files = 0;
  for (size_t at = input.find(kHeader); at != std::string_view::npos && files < 12; ++files) {
    const size_t head_end = at + kHeader.size();
    const size_t line_end = input.find('\n', head_end);
    const size_t next = input.find(std::string("\n") + std::string(kHeader), head_end);
    if (line_end == std::string_view::npos || line_end - head_end < 2) break;
    const char* name = KindFile(input[head_end]);
    const int layer = (input[head_end + 1] - '0') % 3;
    const size_t body_end = next == std::string_view::npos ? input.size() : next + 1;
    if (name != nullptr && layer >= 0 && line_end < body_end) {
      const fs::path dir = base / ("L" + std::to_string(layer));
      fs::create_directories(dir);
      std::ofstream(dir / (std::to_string(files) + "." + name), std::ios::binary)
          << input.substr(line_end + 1, body_end - line_end - 1);
      layer_used[layer] = true;
    }
    at = next == std::string_view::npos ? next : next + 1;
  }
  std::vector<std::string> layers;
  for (int l = 0; l < 3; ++l) {
    if (!layer_used[l]) continue;
    layers.push_back((l == 0 ? "" : "+") + (base / ("L" + std::to_string(l))).string());
  }
  if (layers.empty()) return 0;
  std::vector<dyad::dict::Diagnostic> warnings;
  auto paths = dyad::dict::ResolveLayers(layers, (base / "L0").string(), &warnings);
  if (paths.ok()) {
    for (const bool strict : {false, true}) {
      dyad::dict::LoadOptions options;
      options.strict = strict;
      std::vector<dyad::dict::Diagnostic> diagnostics;
      auto set = dyad::dict::DictionarySet::Load(*paths, options, &diagnostics);
      if (set.ok()) CheckSet(*set);
    }
  }
  fs::remove_all(base, ec);
  return 0;
}
