// The dictionary tools behind `dyad dict` (include/dyad/dictionary_tools.h): check,
// stats and lookup over a layered set of PETRARCH-format dictionaries. They sit above the
// coder because `stats` measures coverage of the CAMEO codebook (coder/cameo_table.h).
#include "dyad/dictionary_tools.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "coder/cameo_table.h"
#include "dict/dictionary.h"
#include "dict/layers.h"
#include "dyad/engine.h"

namespace dyad {
namespace {


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
Result<dict::DictionaryPaths> CollectPaths(const DictionaryToolOptions& args,
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

dict::LoadOptions Options(const DictionaryToolOptions& args) {
  dict::LoadOptions options;
  options.strict = args.strict;
  if (args.verb_format == "1") options.verb_format = dict::LoadOptions::VerbFormatChoice::kPetrarch1;
  if (args.verb_format == "2") options.verb_format = dict::LoadOptions::VerbFormatChoice::kPetrarch2;
  return options;
}

// dyad dict check. Checks every verb file on its own: several verb files loaded together would merge into
// one dictionary (and a second file's format would be overridden by the first's).
// Each layer is checked on its own (a layer's entries may legitimately override another's;
// that is not a problem of either file).
}  // namespace

Status CheckDictionaries(const DictionaryToolOptions& args, std::FILE* out, std::FILE* err,
                         size_t* errors_found) {
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
  for (const auto& d : dir_warnings) std::fprintf(out, "%s\n", d.ToString().c_str());
  for (const auto& load : loads) {
    std::vector<dict::Diagnostic> diagnostics;
    auto set = dict::DictionarySet::Load(load, Options(args), &diagnostics);
    for (const auto& d : diagnostics) {
      const bool is_error = d.severity == dict::Diagnostic::Severity::kError;
      (is_error ? errors : warnings)++;
      if (is_error || args.warnings) std::fprintf(out, "%s\n", d.ToString().c_str());
    }
    if (!set.ok()) return set.status();
    files += set->file_stats().size();
  }
  std::fprintf(err, "%zu file(s): %zu error(s), %zu warning(s)%s\n", files, errors, warnings,
               args.warnings || warnings == 0 ? "" : " (show them with --warnings)");
  *errors_found = errors;
  return Status::Ok();
}

Status PrintDictionaryStats(const DictionaryToolOptions& args, std::FILE* out) {
  std::vector<dict::Diagnostic> diagnostics;
  auto paths = CollectPaths(args, &diagnostics);
  if (!paths.ok()) return paths.status();
  const auto start = std::chrono::steady_clock::now();
  auto set = dict::DictionarySet::Load(*paths, Options(args), &diagnostics);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!set.ok()) return set.status();
  std::fprintf(out, "file\tkind\tlayer\tlines\tentries\terrors\twarnings\tlatin1\n");
  for (const auto& s : set->file_stats()) {
    std::fprintf(out, "%s\t%s\t%d\t%zu\t%zu\t%zu\t%zu\t%s\n", s.file.c_str(),
                std::string(dict::KindName(s.kind)).c_str(), s.layer, s.lines, s.entries,
                s.errors, s.warnings, s.latin1 ? "yes" : "no");
  }
  const auto& v = set->verbs();
  std::fprintf(out, "\nverbs: %zu blocks, %zu verbs, %zu patterns, %zu synsets, %zu transformations "
              "(format %s)\n",
              v.blocks().size(), v.members().size(), v.patterns().size(), v.synsets().size(),
              v.transformations().size(),
              v.format() == dict::VerbFormat::kPetrarch1 ? "PETRARCH-1" : "PETRARCH-2");
  std::fprintf(out, "actors: %zu actors, %zu phrases\n", set->actors().actors().size(),
              set->actors().phrases().size());
  std::fprintf(out, "agents: %zu phrases (with plurals and substitutions)\n",
              set->agents().entries().size());
  std::set<std::string> ontology_codes;
  for (const dict::OntologyEntry& e : set->ontology()) ontology_codes.insert(e.cameo);
  std::fprintf(out, "discards: %zu; issues: %zu phrases (expanded); ontology: %zu codes (%zu lines, "
              "aliases included)\n",
              set->discards().entries().size(), set->issues().entries().size(),
              ontology_codes.size(), set->ontology().size());
  std::fprintf(out, "load time: %.3f s\n", seconds);

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
  std::fprintf(out, "\nCAMEO codes without a verb or pattern: %zu of %zu", missing.size(), codebook);
  for (size_t i = 0; i < missing.size(); ++i) {
    std::fprintf(out, "%s%s", i == 0 ? "\n" : " ", std::string(missing[i]).c_str());
  }
  std::fprintf(out, "\n");
  size_t foreign = 0;
  for (const auto& [code, n] : per_code) foreign += coder::FindCameoCode(code) == nullptr;
  std::fprintf(out, "\nevent codes given: %zu (%zu not in the CAMEO codebook)\ncode\tverbs+patterns\n",
              per_code.size(), foreign);
  for (const auto& [code, n] : per_code) {
    std::fprintf(out, "%s\t%zu%s\n", code.c_str(), n,
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
  std::fprintf(out, "\nactors per root code: %zu roots\nroot\tactors\n", per_root.size());
  for (const auto& [root, n] : per_root) std::fprintf(out, "%s\t%zu\n", root.c_str(), n);
  return Status::Ok();
}

// dyad dict lookup. Explains how a phrase is read: at each word, the longest actor (with the code on
// `date`), agent, issue and discard match, and the verb blocks a word belongs to.
Status LookupPhrase(const DictionaryToolOptions& args, const std::string& text, int32_t date,
                    std::FILE* out) {
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
      std::fprintf(out, "actor\t%s\t%s\t%s\t%s\n", span_text(i, n).c_str(),
                  std::string(a.CodeAt(date)).c_str(), a.name.c_str(), a.loc.ToString().c_str());
    }
    if (const dict::AgentEntry* g = set->agents().LongestMatch(words, i, &n)) {
      std::fprintf(out, "agent\t%s\t%s\t%s\n", span_text(i, n).c_str(),
                  (g->code_before_actor ? g->code + "~" : "~" + g->code).c_str(),
                  g->loc.ToString().c_str());
    }
    const auto issue = set->issues().matcher().LongestMatch(words, i);
    if (issue.found()) {
      const dict::IssueEntry& e = set->issues().entries()[issue.value];
      std::fprintf(out, "issue\t%s\t%s\t%s\n", span_text(i, issue.length).c_str(),
                  e.ignore ? "(ignore)" : e.code.c_str(), e.loc.ToString().c_str());
    }
    const auto discard = set->discards().matcher().LongestMatch(words, i);
    if (discard.found()) {
      const dict::DiscardEntry& e = set->discards().entries()[discard.value];
      std::fprintf(out, "discard\t%s\t%s\t%s\n", span_text(i, discard.length).c_str(),
                  e.whole_story ? "story" : "sentence", e.loc.ToString().c_str());
    }
    for (const dict::VerbFormRef& r : set->verbs().FindVerb(words[i])) {
      const auto& v = set->verbs();
      const dict::VerbMember& m = v.members()[r.member];
      std::fprintf(out, "verb\t%s\t%s\t%s\t%zu patterns\t%s\n", storage[i].c_str(),
                  v.blocks()[r.block].name.c_str(), m.code.ToString().c_str(),
                  v.blocks()[r.block].patterns.size(), m.loc.ToString().c_str());
    }
  }
  return Status::Ok();
}

}  // namespace dyad
