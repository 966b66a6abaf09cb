// Event scoring against PETRARCH validation records (event_score.h).
#include "eval/event_score.h"

#include <sys/stat.h>

#include <algorithm>

namespace dyad::eval {
namespace {

bool IsFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string Join(const std::string& dir, const std::string& name) {
  if (name.empty() || name[0] == '/' || dir.empty()) return name;
  return dir + "/" + name;
}

bool HasContent(const std::string& s) { return s.find_first_not_of(" \t\r\n") != std::string::npos; }

// The record's own require_dyad (<Config option="require_dyad" value="false"/>), else
// the engine's.
bool RequireDyad(const input::ValidationRecord& rec) {
  auto it = rec.options.find("require_dyad");
  if (it == rec.options.end()) return true;
  std::string v = it->second;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  return v != "false";
}

// The document a record is coded from: its given tree, or its text (or its given words
// without their annotations) for the engine to parse. Errors: the record's parse error.
Result<Document> RecordDocument(const input::ValidationRecord& rec, const std::string& what,
                                bool reparse) {
  const bool has_parse = HasContent(rec.parse);
  const bool has_text = HasContent(rec.text);
  if (reparse && has_parse && !has_text) {
    // No text to parse: re-tag and re-parse the given words instead (as
    // `dyad parse --tokenized` does), so the record is still coded from dyad's own trees.
    auto doc = input::ParseRecordTree(rec, what);
    if (doc.ok()) ClearAnnotations(&*doc);
    return doc;
  }
  if (reparse || !has_parse) {
    Document d;
    d.id = rec.id;
    d.date = rec.date;
    d.text = rec.text;
    return d;
  }
  return input::ParseRecordTree(rec, what);
}

}  // namespace

std::string TriplesText(const std::set<Triple>& triples) {
  if (triples.empty()) return "(none)";
  std::string out;
  for (const auto& [src, tgt, code] : triples) {
    if (!out.empty()) out += "; ";
    out += src + " " + tgt + " " + code;
  }
  return out;
}

Result<DictionaryFiles> EnvironmentFiles(const input::ValidationEnvironment& env,
                                         const std::string& dir, const std::string& verbs,
                                         const std::string& what) {
  const std::string verb_file = !verbs.empty() ? verbs : env.verb_file;
  if (verb_file.empty()) return Status::InvalidArgument(what + ": no <Verbfile> and no --verbs");
  DictionaryFiles files;
  files.verbs.push_back(IsFile(verb_file) ? verb_file : Join(dir, verb_file));
  for (const std::string& a : env.actor_files) files.actors.push_back(Join(dir, a));
  if (!env.agent_file.empty()) files.agents.push_back(Join(dir, env.agent_file));
  if (!env.discard_file.empty()) files.discards.push_back(Join(dir, env.discard_file));
  // The PICO ontology drives negation and verb combination.
  const std::string pico = Join(dir, "PETR.Internal.Coding.Ontology.txt");
  if (IsFile(pico)) files.ontology.push_back(pico);
  return files;
}

Status ScoreValidationFile(const input::ValidationFile& file, const std::string& what,
                           const Engine& engine, bool reparse,
                           const std::function<void(const RecordResult&)>& on_record,
                           ValidationScore* score) {
  auto scratch = engine.NewScratch();
  for (const input::ValidationRecord& rec : file.records) {
    RecordResult r;
    r.record = &rec;
    for (const input::ExpectedEvent& e : rec.expected) r.expected.emplace(e.source, e.target, e.code);
    score->expected += r.expected.size();
    Status status = rec.error;
    if (!status.ok()) {
      r.error = "malformed record: " + status.ToString();
    } else {
      auto doc = RecordDocument(rec, what, reparse);
      if (doc.ok()) {
        status = engine.Code(&*doc, scratch.get(), &r.events, nullptr, RequireDyad(rec));
        if (!status.ok() && engine.model_path().empty()) {
          status = Status::InvalidArgument(what + ":" + std::to_string(rec.line) + ": record '" +
                                           rec.id + "' has no <Parse> and no parser model");
        } else if (!status.ok()) {
          return status;
        }
      } else {
        status = doc.status();
      }
      if (!status.ok() && !rec.expected_error.empty() && r.expected.empty()) {
        r.passed = true;  // the record was meant to be rejected, and it is
      } else if (!status.ok()) {
        r.error = status.ToString();
      }
    }
    if (r.error.empty() && !r.passed) {
      for (const Event& e : r.events) {
        r.got.emplace(ActorCodeOrNull(e.source), ActorCodeOrNull(e.target), e.code);
      }
      score->coded += r.got.size();
      for (const Triple& t : r.got) score->correct += r.expected.count(t);
      r.passed = r.got == r.expected;
    }
    ++(r.passed ? score->passed : score->failed);
    if (on_record) on_record(r);
  }
  return Status::Ok();
}

}  // namespace dyad::eval
