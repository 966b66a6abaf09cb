#include "cli/cli_util.h"

#include <cstdlib>
#include <filesystem>

namespace dyad::cli {

std::string DefaultModelPath() {
  if (const char* env = std::getenv("DYAD_MODEL"); env != nullptr && *env != '\0') return env;
  return DYAD_DEFAULT_MODEL;
}

std::string DefaultDictDir() {
  if (const char* env = std::getenv("DYAD_DICT"); env != nullptr && *env != '\0') return env;
  return DYAD_DEFAULT_DICT;
}

Result<dict::DictionaryPaths> DictPathsFrom(const std::string& path,
                                            std::vector<dict::Diagnostic>* warnings) {
  if (path.empty()) return Status::InvalidArgument("--dict: empty path");
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return dict::DictionaryPaths::FromDirectory(path, warnings);
  }
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound(path + ": no such dictionary directory or file");
  }
  dict::DictionaryPaths p;
  switch (dict::GuessKind(path)) {
    case dict::DictionaryKind::kVerbs: p.verbs.push_back(path); break;
    case dict::DictionaryKind::kActors: p.actors.push_back(path); break;
    case dict::DictionaryKind::kAgents: p.agents.push_back(path); break;
    case dict::DictionaryKind::kDiscards: p.discards.push_back(path); break;
    case dict::DictionaryKind::kIssues: p.issues.push_back(path); break;
    case dict::DictionaryKind::kOntology: p.ontology.push_back(path); break;
    case dict::DictionaryKind::kUnknown:
      return Status::InvalidArgument(path +
                                     ": cannot tell the dictionary kind from the name (expected "
                                     "verbs/CAMEO, actors, agents, discards, issue or ontology "
                                     "in it)");
  }
  return p;
}

Result<dict::DictionaryPaths> ResolveDictArgs(const std::vector<std::string>& dict_args,
                                              std::vector<dict::Diagnostic>* warnings) {
  dict::DictionaryPaths result;
  bool named = false;  // Whether `result` holds anything yet.
  for (const std::string& arg : dict_args) {
    const bool overlay = !arg.empty() && arg[0] == '+';
    auto set = DictPathsFrom(overlay ? arg.substr(1) : arg, warnings);
    if (!set.ok()) return set.status();
    if (!overlay) {
      result = std::move(*set);
    } else {
      if (!named) {
        auto builtin = DictPathsFrom(DefaultDictDir(), warnings);
        if (!builtin.ok()) return builtin.status();
        result = std::move(*builtin);
      }
      result.AddOverlay(std::move(*set));
    }
    named = true;
  }
  if (!named) return DictPathsFrom(DefaultDictDir(), warnings);
  return result;
}

}  // namespace dyad::cli
