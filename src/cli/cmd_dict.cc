// dyad dict check [DIR|FILES...]: reads dictionaries and prints every problem as
// "file:line: error|warning: message"; exit status 1 when any error was found.
// dyad dict stats [DIR|FILES...]: entries per file, load time, the CAMEO codes with no verb
// or pattern (goal: none), the event codes given, and actors per root (country) code.
// dyad dict lookup TEXT [--dict DIR] [--date D]: how the dictionaries read a phrase.
// With no input the built-in set (data/dict/, or $DYAD_DICT) is used. A DIR stands for
// every dictionary file in it (dict::DictionaryPaths::FromDirectory; `check` reads every
// file, even of a PETRARCH distribution, whose set `stats` reads); an input written
// +DIR or +FILE starts a layer on top of the inputs before it (see the layering rules in
// doc/formats/dictionaries.md); `--phoenix DIR` loads exactly the Phoenix set PETRARCH's
// PETR_config.ini names.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "dict/layers.h"
#include "dyad/engine.h"
#include "cli/commands.h"
#include "coder/cameo_table.h"
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

void Append(const dict::DictionaryPaths& from, dict::DictionaryPaths* into) {
  auto add = [](const std::vector<std::string>& f, std::vector<std::string>* t) {
    t->insert(t->end(), f.begin(), f.end());
  };
  add(from.verbs, &into->verbs);
  add(from.actors, &into->actors);
  add(from.agents, &into->agents);
  add(from.discards, &into->discards);
  add(from.issues, &into->issues);
  add(from.ontology, &into->ontology);
  for (const auto& o : from.overlays) into->overlays.push_back(o);
}

// The inputs as a layered set: plain inputs add to the current layer, a "+DIR" or
// "+FILE" input starts a new layer on top. No input at all (and no --phoenix): the
// built-in set. Directory files of unknown kind go to `*warnings`.
Result<dict::DictionaryPaths> CollectPaths(const DictArgs& args,
                                           std::vector<dict::Diagnostic>* warnings,
                                           bool every_file = false) {
  dict::DictionaryPaths paths;
  if (!args.phoenix.empty()) paths = dict::DictionaryPaths::Phoenix(args.phoenix);
  if (args.inputs.empty() && args.phoenix.empty()) {
    return dict::ResolveLayers({}, DefaultDictionaryDir(), warnings);
  }
  if (args.phoenix.empty() && args.inputs[0].starts_with('+')) {
    // Layers with nothing below them go on top of the built-in set (as `--dict +DIR`).
    auto builtin = dict::ResolveLayers({}, DefaultDictionaryDir(), warnings);
    if (!builtin.ok()) return builtin.status();
    paths = std::move(*builtin);
  }
  dict::DictionaryPaths* layer = &paths;
  for (const std::string& raw : args.inputs) {
    const bool overlay = !raw.empty() && raw[0] == '+';
    const std::string input = overlay ? raw.substr(1) : raw;
    if (overlay) {
      paths.overlays.emplace_back();
      layer = &paths.overlays.back();
    }
    std::error_code ec;
    if (std::filesystem::is_directory(input, ec)) {
      auto dir = dict::DictionaryPaths::FromDirectory(input, warnings, every_file);
      if (!dir.ok()) return dir.status();
      Append(*dir, layer);
      continue;
    }
    dict::DictionaryKind kind = dict::GuessKind(input);
    if (!args.kind.empty()) {
      for (auto k : {dict::DictionaryKind::kVerbs, dict::DictionaryKind::kActors,
                     dict::DictionaryKind::kAgents, dict::DictionaryKind::kDiscards,
                     dict::DictionaryKind::kIssues, dict::DictionaryKind::kOntology}) {
        if (dict::KindName(k) == args.kind) kind = k;
      }
    }
    std::vector<std::string>* list = layer->ListOf(kind);
    if (list == nullptr) {
      return Status::InvalidArgument(input + ": cannot tell the dictionary kind from the name "
                                             "(expected verbs/CAMEO, actors, agents, discards, "
                                             "issue or ontology in it; or use --kind)");
    }
    list->push_back(input);
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
// Each layer is checked on its own (a layer's entries may legitimately override another's;
// that is not a problem of either file).
Status RunCheck(const DictArgs& args) {
  std::vector<dict::Diagnostic> dir_warnings;
  // A linter reads every file of a directory, even of a PETRARCH distribution.
  auto paths = CollectPaths(args, &dir_warnings, /*every_file=*/true);
  if (!paths.ok()) return paths.status();
  std::vector<dict::DictionaryPaths> layers;
  std::vector<const dict::DictionaryPaths*> stack = {&*paths};
  while (!stack.empty()) {  // Depth-first, base first.
    const dict::DictionaryPaths* p = stack.back();
    stack.pop_back();
    dict::DictionaryPaths flat = *p;
    flat.overlays.clear();
    layers.push_back(std::move(flat));
    for (auto it = p->overlays.rbegin(); it != p->overlays.rend(); ++it) stack.push_back(&*it);
  }
  std::vector<dict::DictionaryPaths> loads;
  for (const dict::DictionaryPaths& layer : layers) {
    dict::DictionaryPaths rest = layer;
    rest.verbs.clear();
    if (!rest.empty()) loads.push_back(rest);
    for (const auto& v : layer.verbs) {
      dict::DictionaryPaths one;
      one.verbs = {v};
      loads.push_back(one);
    }
  }
  size_t errors = 0;
  size_t warnings = dir_warnings.size();
  size_t files = 0;
  for (const auto& d : dir_warnings) std::printf("%s\n", d.ToString().c_str());
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
  std::vector<dict::Diagnostic> diagnostics;
  auto paths = CollectPaths(args, &diagnostics);
  if (!paths.ok()) return paths.status();
  const auto start = std::chrono::steady_clock::now();
  auto set = dict::DictionarySet::Load(*paths, Options(args), &diagnostics);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!set.ok()) return set.status();
  std::printf("file\tkind\tlayer\tlines\tentries\terrors\twarnings\tlatin1\n");
  for (const auto& s : set->file_stats()) {
    std::printf("%s\t%s\t%d\t%zu\t%zu\t%zu\t%zu\t%s\n", s.file.c_str(),
                std::string(dict::KindName(s.kind)).c_str(), s.layer, s.lines, s.entries,
                s.errors, s.warnings, s.latin1 ? "yes" : "no");
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
  std::set<std::string> ontology_codes;
  for (const dict::OntologyEntry& e : set->ontology()) ontology_codes.insert(e.cameo);
  std::printf("discards: %zu; issues: %zu phrases (expanded); ontology: %zu codes (%zu lines, "
              "aliases included)\n",
              set->discards().entries().size(), set->issues().entries().size(),
              ontology_codes.size(), set->ontology().size());
  std::printf("load time: %.3f s\n", seconds);

  // Coverage of the CAMEO codebook: every 3- and 4-digit code should have a verb or a
  // pattern giving it (the goal is none missing).
  const std::map<std::string, size_t> per_code = dict::CountEventCodes(v);
  std::vector<std::string_view> missing;
  size_t codebook = 0;
  for (const coder::CameoCode& c : coder::AllCameoCodes()) {
    if (c.code.size() < 3) continue;
    ++codebook;
    if (per_code.find(std::string(c.code)) == per_code.end()) missing.push_back(c.code);
  }
  std::printf("\nCAMEO codes without a verb or pattern: %zu of %zu", missing.size(), codebook);
  for (size_t i = 0; i < missing.size(); ++i) {
    std::printf("%s%s", i == 0 ? "\n" : " ", std::string(missing[i]).c_str());
  }
  std::printf("\n");
  size_t foreign = 0;
  for (const auto& [code, n] : per_code) foreign += coder::FindCameoCode(code) == nullptr;
  std::printf("\nevent codes given: %zu (%zu not in the CAMEO codebook)\ncode\tverbs+patterns\n",
              per_code.size(), foreign);
  for (const auto& [code, n] : per_code) {
    std::printf("%s\t%zu%s\n", code.c_str(), n,
                coder::FindCameoCode(code) == nullptr ? "\t(not CAMEO)" : "");
  }

  // Actors per country: the root (first three letters) of each actor record's codes,
  // each record counted once per root.
  std::map<std::string, size_t> per_root;
  for (const dict::Actor& a : set->actors().actors()) {
    std::set<std::string> roots;
    for (const dict::DatedCode& c : a.codes) {
      if (c.code.size() >= 3) roots.insert(c.code.substr(0, 3));
    }
    for (const std::string& r : roots) ++per_root[r];
  }
  std::printf("\nactors per root code: %zu roots\nroot\tactors\n", per_root.size());
  for (const auto& [root, n] : per_root) std::printf("%s\t%zu\n", root.c_str(), n);
  return Status::Ok();
}

// Explains how a phrase is read: at each word, the longest actor (with the code on
// `date`), agent, issue and discard match, and the verb blocks a word belongs to.
Status RunLookup(const DictArgs& args, const std::string& text, int32_t date) {
  auto paths = CollectPaths(args, nullptr);
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
  cmd->add_option("INPUTS", args->inputs,
                  "dictionary directories and/or files (default: the built-in set); "
                  "+DIR or +FILE starts a layer on top of the inputs before it");
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
    const Status s = RunCheck(check_args);
    if (!s.ok()) SetExitCode(Report(s));
  });
  auto* stats = dict_cmd->add_subcommand(
      "stats", "Entries per file, load time and CAMEO codes with patterns");
  AddCommon(stats, &stats_args);
  stats->callback([] {
    SetExitCode(Report(RunStats(stats_args)));
  });
  static DictArgs lookup_args;
  static std::string lookup_text;
  static int32_t lookup_date = 0;
  auto* lookup = dict_cmd->add_subcommand(
      "lookup", "Show the actor/agent/issue/discard matches and verb blocks of a phrase");
  lookup->add_option("TEXT", lookup_text, "words to look up, e.g. \"president bush\"")->required();
  lookup->add_option("--date", lookup_date, "YYYYMMDD for date-restricted actor codes");
  lookup->add_option("--phoenix", lookup_args.phoenix,
                     "directory of the Phoenix set (default: the built-in set)");
  lookup->add_option("--dict", lookup_args.inputs,
                     "dictionary directory or file; +DIR layers it on top (repeatable)")
      ->allow_extra_args(false);  // one directory per --dict, never the inputs after it
  lookup->callback([] { SetExitCode(Report(RunLookup(lookup_args, lookup_text, lookup_date))); });
}

}  // namespace dyad::cli
