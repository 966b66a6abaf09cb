// Dictionary layering (layers.h).
#include "dict/layers.h"

#include <filesystem>

namespace dyad::dict {

Result<DictionaryPaths> PathsFrom(const std::string& path, std::vector<Diagnostic>* warnings) {
  if (path.empty()) return Status::InvalidArgument("--dict: empty path");
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return DictionaryPaths::FromDirectory(path, warnings);
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound(path + ": no such dictionary directory or file");
  }
  DictionaryPaths p;
  std::vector<std::string>* list = p.ListOf(GuessKind(path));
  if (list == nullptr) {
    return Status::InvalidArgument(path +
                                   ": cannot tell the dictionary kind from the name (expected "
                                   "verbs/CAMEO, actors, agents, discards, issue or ontology "
                                   "in it)");
  }
  list->push_back(path);
  return p;
}

Result<DictionaryPaths> ResolveLayers(const std::vector<std::string>& layers,
                                      const std::string& builtin_dir,
                                      std::vector<Diagnostic>* warnings) {
  DictionaryPaths result;
  bool named = false;  // Whether `result` holds anything yet.
  for (const std::string& layer : layers) {
    const bool overlay = !layer.empty() && layer[0] == '+';
    auto set = PathsFrom(overlay ? layer.substr(1) : layer, warnings);
    if (!set.ok()) return set.status();
    if (!overlay) {
      result = std::move(*set);
    } else {
      if (!named) {
        auto builtin = PathsFrom(builtin_dir, warnings);
        if (!builtin.ok()) return builtin.status();
        result = std::move(*builtin);
      }
      result.AddOverlay(std::move(*set));
    }
    named = true;
  }
  if (!named) return PathsFrom(builtin_dir, warnings);
  return result;
}

}  // namespace dyad::dict
