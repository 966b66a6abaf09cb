// dyad dict check DIR|FILES...: reads PETRARCH dictionaries and prints every problem as
// "file:line: error|warning: message"; exit status 1 when any error was found.
// dyad dict stats DIR|FILES...: entries per file, load time, and the CAMEO codes that
// have verb patterns. dyad dict lookup TEXT --phoenix DIR [--date D]: how the
// dictionaries read a phrase. A DIR stands for every dictionary file in it whose kind can be
// guessed from its name (dict::GuessKind); `--phoenix DIR` loads exactly the Phoenix set
// PETRARCH's PETR_config.ini names.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "dict/dictionary.h"

namespace dyad::cli {
namespace {

struct DictArgs {
  std::vector<std::string> inputs;
  std::string phoenix;
  std::string verb_format = "auto";
  std::string kind;  // Forces the kind of every FILE input (not of directory contents).
  bool strict = false;
  bool warnings = false;
};

Result<dict::DictionaryPaths> CollectPaths(const DictArgs& args) {
  dict::DictionaryPaths paths;
  if (!args.phoenix.empty()) paths = dict::DictionaryPaths::Phoenix(args.phoenix);
  auto add = [&](const std::string& file, bool from_dir) -> Status {
    dict::DictionaryKind kind = dict::GuessKind(file);
    if (!from_dir && !args.kind.empty()) {
      for (auto k : {dict::DictionaryKind::kVerbs, dict::DictionaryKind::kActors,
                     dict::DictionaryKind::kAgents, dict::DictionaryKind::kDiscards,
                     dict::DictionaryKind::kIssues, dict::DictionaryKind::kOntology}) {
        if (dict::KindName(k) == args.kind) kind = k;
      }
    }
    switch (kind) {
      case dict::DictionaryKind::kVerbs: paths.verbs.push_back(file); break;
      case dict::DictionaryKind::kActors: paths.actors.push_back(file); break;
      case dict::DictionaryKind::kAgents: paths.agents.push_back(file); break;
      case dict::DictionaryKind::kDiscards: paths.discards.push_back(file); break;
      case dict::DictionaryKind::kIssues: paths.issues.push_back(file); break;
      case dict::DictionaryKind::kOntology: paths.ontology.push_back(file); break;
      case dict::DictionaryKind::kUnknown:
        if (from_dir) return Status::Ok();  // e.g. Phoenix.prepositions.txt
        return Status::InvalidArgument(file + ": cannot tell the dictionary kind from the name "
                                              "(expected verbs/CAMEO, actors, agents, discards, "
                                              "issue or ontology in it)");
    }
    return Status::Ok();
  };
  for (const std::string& input : args.inputs) {
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) {
      std::vector<std::string> files;
      for (const auto& entry : std::filesystem::directory_iterator(input, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path().string());
      }
      if (ec) return Status::IOError(input + ": " + ec.message());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) DYAD_RETURN_IF_ERROR(add(f, true));
    } else {
      DYAD_RETURN_IF_ERROR(add(input, false));
    }
  }
  return paths;
}

dict::LoadOptions Options(const DictArgs& args) {
  dict::LoadOptions options;
  options.strict = args.strict;
  if (args.verb_format == "1") options.verb_format = dict::LoadOptions::VerbFormatChoice::kPetrarch1;
  if (args.verb_format == "2") options.verb_format = dict::LoadOptions::VerbFormatChoice::kPetrarch2;
  return options;
}

// Checks every verb file on its own: several verb files loaded together would merge into
// one dictionary (and a second file's format would be overridden by the first's).
Status RunCheck(const DictArgs& args) {
  auto paths = CollectPaths(args);
  if (!paths.ok()) return paths.status();
  std::vector<dict::DictionaryPaths> loads;
  dict::DictionaryPaths rest = *paths;
  rest.verbs.clear();
  loads.push_back(rest);
  for (const auto& v : paths->verbs) {
    dict::DictionaryPaths one;
    one.verbs = {v};
    loads.push_back(one);
  }
  size_t errors = 0;
  size_t warnings = 0;
  size_t files = 0;
  for (const auto& load : loads) {
    std::vector<dict::Diagnostic> diagnostics;
    auto set = dict::DictionarySet::Load(load, Options(args), &diagnostics);
    for (const auto& d : diagnostics) {
      const bool is_error = d.severity == dict::Diagnostic::Severity::kError;
      (is_error ? errors : warnings)++;
      if (is_error || args.warnings) std::printf("%s\n", d.ToString().c_str());
    }
    if (!set.ok()) return set.status();
    files += set->file_stats().size();
  }
  std::fprintf(stderr, "%zu file(s): %zu error(s), %zu warning(s)%s\n", files, errors, warnings,
               args.warnings || warnings == 0 ? "" : " (show them with --warnings)");
  SetExitCode(errors > 0 ? 1 : 0);
  return Status::Ok();
}

Status RunStats(const DictArgs& args) {
  auto paths = CollectPaths(args);
  if (!paths.ok()) return paths.status();
  std::vector<dict::Diagnostic> diagnostics;
  const auto start = std::chrono::steady_clock::now();
  auto set = dict::DictionarySet::Load(*paths, Options(args), &diagnostics);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!set.ok()) return set.status();
  std::printf("file\tkind\tlines\tentries\terrors\twarnings\tlatin1\n");
  for (const auto& s : set->file_stats()) {
    std::printf("%s\t%s\t%zu\t%zu\t%zu\t%zu\t%s\n", s.file.c_str(),
                std::string(dict::KindName(s.kind)).c_str(), s.lines, s.entries, s.errors,
                s.warnings, s.latin1 ? "yes" : "no");
  }
  const auto& v = set->verbs();
  std::printf("\nverbs: %zu blocks, %zu verbs, %zu patterns, %zu synsets, %zu transformations "
              "(format %s)\n",
              v.blocks().size(), v.members().size(), v.patterns().size(), v.synsets().size(),
              v.transformations().size(),
              v.format() == dict::VerbFormat::kPetrarch1 ? "PETRARCH-1" : "PETRARCH-2");
  std::printf("actors: %zu actors, %zu phrases\n", set->actors().actors().size(),
              set->actors().phrases().size());
  std::printf("agents: %zu phrases (with plurals and substitutions)\n",
              set->agents().entries().size());
  std::printf("discards: %zu; issues: %zu phrases (expanded); ontology: %zu codes\n",
              set->discards().entries().size(), set->issues().entries().size(),
              set->ontology().size());
  std::printf("load time: %.3f s\n", seconds);

  std::map<std::string, size_t> per_code;
  for (const auto& p : v.patterns()) {
    per_code[p.code.code.empty() ? "---" : p.code.code]++;
  }
  std::printf("\nCAMEO codes with patterns: %zu\ncode\tpatterns\n", per_code.size());
  for (const auto& [code, n] : per_code) std::printf("%s\t%zu\n", code.c_str(), n);
  return Status::Ok();
}

// Explains how a phrase is read: at each word, the longest actor (with the code on
// `date`), agent, issue and discard match, and the verb blocks a word belongs to.
Status RunLookup(const DictArgs& args, const std::string& text, int32_t date) {
  auto paths = CollectPaths(args);
  if (!paths.ok()) return paths.status();
  std::vector<dict::Diagnostic> diagnostics;
  auto set = dict::DictionarySet::Load(*paths, Options(args), &diagnostics);
  if (!set.ok()) return set.status();
  std::vector<std::string> storage;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '_' || text[i] == '\t')) ++i;
    size_t e = i;
    while (e < text.size() && text[e] != ' ' && text[e] != '_' && text[e] != '\t') ++e;
    if (e > i) storage.push_back(dict::LowercaseWord(std::string_view(text).substr(i, e - i)));
    i = e;
  }
  const std::vector<std::string_view> words(storage.begin(), storage.end());
  auto span_text = [&](size_t start, size_t n) {
    std::string s;
    for (size_t k = start; k < start + n; ++k) s += (k > start ? " " : "") + storage[k];
    return s;
  };
  for (size_t i = 0; i < words.size(); ++i) {
    size_t n = 0;
    if (const dict::ActorPhrase* p = set->actors().LongestMatch(words, i, &n)) {
      const dict::Actor& a = set->actors().actors()[set->actors().ResolveActor(*p, date)];
      std::printf("actor\t%s\t%s\t%s\t%s\n", span_text(i, n).c_str(),
                  std::string(a.CodeAt(date)).c_str(), a.name.c_str(), a.loc.ToString().c_str());
    }
    if (const dict::AgentEntry* g = set->agents().LongestMatch(words, i, &n)) {
      std::printf("agent\t%s\t%s\t%s\n", span_text(i, n).c_str(),
                  (g->code_before_actor ? g->code + "~" : "~" + g->code).c_str(),
                  g->loc.ToString().c_str());
    }
    const auto issue = set->issues().matcher().LongestMatch(words, i);
    if (issue.found()) {
      const dict::IssueEntry& e = set->issues().entries()[issue.value];
      std::printf("issue\t%s\t%s\t%s\n", span_text(i, issue.length).c_str(),
                  e.ignore ? "(ignore)" : e.code.c_str(), e.loc.ToString().c_str());
    }
    const auto discard = set->discards().matcher().LongestMatch(words, i);
    if (discard.found()) {
      const dict::DiscardEntry& e = set->discards().entries()[discard.value];
      std::printf("discard\t%s\t%s\t%s\n", span_text(i, discard.length).c_str(),
                  e.whole_story ? "story" : "sentence", e.loc.ToString().c_str());
    }
    for (const dict::VerbFormRef& r : set->verbs().FindVerb(words[i])) {
      const auto& v = set->verbs();
      const dict::VerbMember& m = v.members()[r.member];
      std::printf("verb\t%s\t%s\t%s\t%zu patterns\t%s\n", storage[i].c_str(),
                  v.blocks()[r.block].name.c_str(), m.code.ToString().c_str(),
                  v.blocks()[r.block].patterns.size(), m.loc.ToString().c_str());
    }
  }
  return Status::Ok();
}

void AddCommon(CLI::App* cmd, DictArgs* args) {
  cmd->add_option("INPUTS", args->inputs, "dictionary directories and/or files");
  cmd->add_option("--phoenix", args->phoenix,
                  "directory: load the Phoenix set named by PETRARCH's PETR_config.ini");
  cmd->add_flag("--strict", args->strict, "stop at the first malformed line");
  cmd->add_option("--kind", args->kind, "read every FILE as this kind (default: from its name)")
      ->check(CLI::IsMember({"verbs", "actors", "agents", "discards", "issues", "ontology"}));
  cmd->add_option("--verb-format", args->verb_format, "verb pattern semantics: auto, 1 or 2")
      ->check(CLI::IsMember({"auto", "1", "2"}));
}

}  // namespace

void RegisterDict(CLI::App& app) {
  auto* dict_cmd = app.add_subcommand("dict", "Check PETRARCH dictionaries or print statistics");
  dict_cmd->require_subcommand(1);
  static DictArgs check_args;
  static DictArgs stats_args;
  auto* check = dict_cmd->add_subcommand(
      "check", "Validate dictionary files; prints file:line diagnostics, exit 1 on any error");
  AddCommon(check, &check_args);
  check->add_flag("--warnings", check_args.warnings, "also print warnings");
  check->callback([] {
    if (check_args.inputs.empty() && check_args.phoenix.empty()) {
      SetExitCode(Report(Status::InvalidArgument("dict check: give a directory or files")));
      return;
    }
    const Status s = RunCheck(check_args);
    if (!s.ok()) SetExitCode(Report(s));
  });
  auto* stats = dict_cmd->add_subcommand(
      "stats", "Entries per file, load time and CAMEO codes with patterns");
  AddCommon(stats, &stats_args);
  stats->callback([] {
    if (stats_args.inputs.empty() && stats_args.phoenix.empty()) {
      SetExitCode(Report(Status::InvalidArgument("dict stats: give a directory or files")));
      return;
    }
    SetExitCode(Report(RunStats(stats_args)));
  });
  static DictArgs lookup_args;
  static std::string lookup_text;
  static int32_t lookup_date = 0;
  auto* lookup = dict_cmd->add_subcommand(
      "lookup", "Show the actor/agent/issue/discard matches and verb blocks of a phrase");
  lookup->add_option("TEXT", lookup_text, "words to look up, e.g. \"president bush\"")->required();
  lookup->add_option("--date", lookup_date, "YYYYMMDD for date-restricted actor codes");
  lookup->add_option("--phoenix", lookup_args.phoenix, "directory of the Phoenix set")
      ->required();
  lookup->callback([] { SetExitCode(Report(RunLookup(lookup_args, lookup_text, lookup_date))); });
}

}  // namespace dyad::cli
