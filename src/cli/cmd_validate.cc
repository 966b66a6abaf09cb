// dyad validate FILE.xml: codes every record of a PETRARCH validation file and compares
// the events with the record's <EventCoding> expectations. An event is the triple
// (source code, target code, CAMEO code); a record passes when its set of coded events
// equals the expected set. Prints each failing record (id, line, text, expected and got),
// then event precision / recall / F1 and, last, "N passed, M failed". Malformed records are
// reported with their line number and counted as failures. The dictionaries are those the
// file's <Environment> names (in --dict-dir), unless --dict/--builtin name a set: the
// built-in one, another directory, or layers (cli_util.h, ResolveDictArgs()).
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <cstdio>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "base/file.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "coder/coder.h"
#include "coder/event.h"
#include "coder/validation_reader.h"
#include "dict/dictionary.h"
#include "dyad/pipeline.h"

namespace dyad::cli {
namespace {

struct ValidateArgs {
  std::string file;
  std::string dict_dir;
  std::vector<std::string> dicts;  // --dict values: replace the file's <Environment>.
  bool builtin = false;            // --builtin: the built-in set (as --dict with no value).
  std::string verbs;
  std::string output;
  std::string model;
  bool reparse = false;
  bool quiet = false;
  int min_pass = -1;
};

bool IsDir(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
bool IsFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string Join(const std::string& dir, const std::string& name) {
  if (name.empty() || name[0] == '/' || dir.empty()) return name;
  return dir + "/" + name;
}

using Triple = std::tuple<std::string, std::string, std::string>;

std::string TriplesText(const std::set<Triple>& s) {
  if (s.empty()) return "(none)";
  std::string out;
  for (const auto& [src, tgt, code] : s) {
    if (!out.empty()) out += "; ";
    out += src + " " + tgt + " " + code;
  }
  return out;
}

Status RunValidate(const ValidateArgs& args) {
  auto data = ReadFile(args.file);
  if (!data.ok()) return data.status();
  auto vf = coder::ReadValidationFile(*data, args.file);
  if (!vf.ok()) return vf.status();

  std::vector<dict::Diagnostic> diagnostics;
  dict::DictionaryPaths paths;
  std::string dir = args.dict_dir;
  if (!args.dicts.empty() || args.builtin) {
    // --dict: the set the user names (built-in, replaced or layered), not the file's.
    auto resolved = ResolveDictArgs(args.dicts, &diagnostics);
    if (!resolved.ok()) return resolved.status();
    paths = std::move(*resolved);
    dir = args.dicts.empty() ? "built-in (" + DefaultDictDir() + ")" : std::string();
    for (const std::string& d : args.dicts) dir += (dir.empty() ? "" : " ") + d;
    if (!args.verbs.empty()) paths.verbs = {args.verbs};
  } else {
    if (dir.empty()) {
      if (IsDir("../shared/data/petrarch/dictionaries")) {
        dir = "../shared/data/petrarch/dictionaries";
      } else {
        // Next to the validation file: <...>/petrarch/validation → <...>/petrarch/dictionaries.
        const size_t slash = args.file.find_last_of('/');
        const std::string base = slash == std::string::npos ? "." : args.file.substr(0, slash);
        if (IsDir(base + "/../dictionaries")) dir = base + "/../dictionaries";
      }
    }
    if (dir.empty() || !IsDir(dir)) {
      return Status::NotFound("validate: no dictionary directory (use --dict-dir)");
    }
    const coder::ValidationEnvironment& env = vf->environment;
    const std::string verbs = !args.verbs.empty() ? args.verbs : env.verb_file;
    if (verbs.empty()) return Status::InvalidArgument(args.file + ": no <Verbfile> and no --verbs");
    paths.verbs.push_back(IsFile(verbs) ? verbs : Join(dir, verbs));
    for (const std::string& a : env.actor_files) paths.actors.push_back(Join(dir, a));
    if (!env.agent_file.empty()) paths.agents.push_back(Join(dir, env.agent_file));
    if (!env.discard_file.empty()) paths.discards.push_back(Join(dir, env.discard_file));
    // The PICO ontology drives negation and verb combination; it is part of every
    // PETRARCH-2 installation, so it is used whenever it is in the dictionary directory.
    const std::string pico = Join(dir, "PETR.Internal.Coding.Ontology.txt");
    if (IsFile(pico)) paths.ontology.push_back(pico);
  }

  const auto t0 = std::chrono::steady_clock::now();
  auto dicts = dict::DictionarySet::Load(paths, dict::LoadOptions(), &diagnostics);
  if (!dicts.ok()) return dicts.status();
  size_t dict_errors = 0;
  for (const dict::Diagnostic& d : diagnostics) {
    if (d.severity == dict::Diagnostic::Severity::kError) ++dict_errors;
  }
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  coder::CoderOptions dyadic;
  coder::CoderOptions monadic;
  monadic.require_dyad = false;
  auto coder_dyadic = coder::Coder::Create(&*dicts, dyadic);
  if (!coder_dyadic.ok()) return coder_dyadic.status();
  auto coder_monadic = coder::Coder::Create(&*dicts, monadic);
  if (!coder_monadic.ok()) return coder_monadic.status();

  // dyad's own parser: for --reparse, and for records that come without a <Parse>.
  std::unique_ptr<Pipeline> pipeline;
  Status pipeline_status = Status::Ok();
  auto load_pipeline = [&]() -> Status {
    if (pipeline != nullptr || !pipeline_status.ok()) return pipeline_status;
    auto p = Pipeline::Load(args.model.empty() ? DefaultModelPath() : args.model);
    if (!p.ok()) {
      pipeline_status = p.status();
      return pipeline_status;
    }
    pipeline = std::make_unique<Pipeline>(std::move(*p));
    return Status::Ok();
  };
  if (args.reparse) DYAD_RETURN_IF_ERROR(load_pipeline());
  PipelineStats pipeline_stats;

  std::string jsonl;
  coder::CoderScratch scratch;
  int passed = 0, failed = 0;
  size_t tp = 0, n_got = 0, n_expected = 0;
  std::vector<coder::Event> events;
  for (const coder::ValidationRecord& rec : vf->records) {
    std::set<Triple> expected;
    for (const coder::ExpectedEvent& e : rec.expected) expected.emplace(e.source, e.target, e.code);
    n_expected += expected.size();
    if (!rec.error.ok()) {
      ++failed;
      std::printf("FAIL %s: malformed record: %s\n", rec.id.c_str(), rec.error.ToString().c_str());
      continue;
    }
    Result<Document> doc = Status::InvalidArgument("unparsed");
    const bool has_parse = rec.parse.find_first_not_of(" \t\r\n") != std::string::npos;
    const bool has_text = rec.text.find_first_not_of(" \t\r\n") != std::string::npos;
    if (args.reparse && has_parse && !has_text) {
      // No text to parse: re-tag and re-parse the given words instead (as
      // `dyad parse --tokenized` does), so the record is still coded from dyad's own trees.
      doc = coder::ParseRecordTree(rec, args.file);
      if (doc.ok()) {
        DYAD_RETURN_IF_ERROR(load_pipeline());
        ClearAnnotations(&*doc);
        pipeline->RunTokenized(&*doc, &pipeline_stats);
      }
    } else if (args.reparse || !has_parse) {
      if (Status st = load_pipeline(); !st.ok()) {
        doc = Status::InvalidArgument(args.file + ":" + std::to_string(rec.line) + ": record '" +
                                      rec.id + "' has no <Parse> and no parser model: " +
                                      st.ToString());
      } else {
        Document d;
        d.id = rec.id;
        d.date = rec.date;
        d.text = rec.text;
        pipeline->RunText(&d, &pipeline_stats);
        doc = std::move(d);
      }
    } else {
      doc = coder::ParseRecordTree(rec, args.file);
    }
    if (!doc.ok() && !rec.expected_error.empty() && expected.empty()) {
      ++passed;  // the record was meant to be rejected, and it is
      continue;
    }
    if (!doc.ok()) {
      ++failed;
      std::printf("FAIL %s: %s\n", rec.id.c_str(), doc.status().ToString().c_str());
      continue;
    }
    bool require_dyad = true;
    if (auto it = rec.options.find("require_dyad"); it != rec.options.end()) {
      std::string v = it->second;
      std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
      require_dyad = v != "false";
    }
    events.clear();
    (require_dyad ? *coder_dyadic : *coder_monadic).CodeDocument(*doc, &scratch, &events, nullptr);
    std::set<Triple> got;
    for (const coder::Event& e : events) {
      got.emplace(coder::ActorCodeOrNull(e.source), coder::ActorCodeOrNull(e.target), e.code);
      if (!args.output.empty()) {
        jsonl += coder::EventToJson(e);
        jsonl += '\n';
      }
    }
    n_got += got.size();
    for (const Triple& t : got) tp += expected.count(t);
    if (got == expected) {
      ++passed;
    } else {
      ++failed;
      if (!args.quiet) {
        std::printf("FAIL %s (%s:%d): %s\n  expected: %s\n  got:      %s\n", rec.id.c_str(),
                    args.file.c_str(), rec.line, rec.text.c_str(), TriplesText(expected).c_str(),
                    TriplesText(got).c_str());
        for (const coder::Event& e : events) {
          std::printf("    %s %s %s  verb '%s'  pattern '%s' (%s)\n",
                      coder::ActorCodeOrNull(e.source).c_str(),
                      coder::ActorCodeOrNull(e.target).c_str(), e.code.c_str(),
                      e.verb_text.c_str(), e.pattern.c_str(), e.pattern_loc.c_str());
        }
      }
    }
  }
  if (!args.output.empty()) DYAD_RETURN_IF_ERROR(WriteFileAtomic(args.output, jsonl));
  const double p = n_got == 0 ? 0.0 : static_cast<double>(tp) / n_got;
  const double r = n_expected == 0 ? 0.0 : static_cast<double>(tp) / n_expected;
  const double f1 = p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  std::printf("dictionaries: %s (%zu errors reported, loaded in %.2f s)\n", dir.c_str(),
              dict_errors, load_s);
  std::printf("events: %zu expected, %zu coded, %zu correct; precision %.3f recall %.3f F1 %.3f\n",
              n_expected, n_got, tp, p, r, f1);
  std::printf("%d passed, %d failed\n", passed, failed);
  if (args.min_pass >= 0 && passed < args.min_pass) {
    return Status::Internal("validate: " + std::to_string(passed) + " passed, below the floor of " +
                            std::to_string(args.min_pass));
  }
  return Status::Ok();
}

}  // namespace

void RegisterValidate(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "validate", "Code a PETRARCH validation file and compare with its expected events");
  static ValidateArgs args;
  cmd->add_option("FILE", args.file, "validation file (.xml)")->required();
  cmd->add_option("--dict-dir", args.dict_dir,
                  "directory of the dictionaries the file names "
                  "(default ../shared/data/petrarch/dictionaries)");
  cmd->add_option("--dict", args.dicts,
                  "code with this dictionary set instead of the file's <Environment>: DIR "
                  "replaces, +DIR layers on top of the built-in set (repeatable; see "
                  "doc/formats/dictionaries.md)")
      ->allow_extra_args(false);  // one directory per --dict, never the inputs after it
  cmd->add_flag("--builtin", args.builtin,
                "code with the built-in dictionary set (data/dict/, or $DYAD_DICT) instead "
                "of the file's <Environment>");
  cmd->add_option("--verbs", args.verbs, "verb dictionary overriding the file's <Verbfile>");
  cmd->add_option("--output", args.output, "write every coded event as JSONL here");
  cmd->add_flag("--reparse", args.reparse, "code from dyad's own parse of the text");
  cmd->add_option("--model", args.model, "parser model for --reparse (default: the built-in)");
  cmd->add_flag("--quiet", args.quiet, "do not print failing records");
  cmd->add_option("--min-pass", args.min_pass,
                  "exit with an error when fewer records pass (for CI floors)");
  cmd->callback([] { SetExitCode(Report(RunValidate(args))); });
}

}  // namespace dyad::cli
