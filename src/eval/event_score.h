// Event scoring against PETRARCH validation records (`dyad validate`): every record of a
// validation file is coded through the Engine and compared with its <EventCoding>
// expectations. An event is the triple (source code, target code, CAMEO code); a record
// passes when its set of coded events equals the expected set. Event precision, recall
// and F1 are counted over the triples of all records.
// Thread-safety: ScoreValidationFile is one call on the caller's thread; the engine is
// used const.
#ifndef DYAD_EVAL_EVENT_SCORE_H_
#define DYAD_EVAL_EVENT_SCORE_H_

#include <functional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "dyad/engine.h"
#include "dyad/event.h"
#include "dyad/status.h"
#include "input/petrarch_validation.h"

namespace dyad::eval {

// (source code or "---", target code or "---", CAMEO code).
using Triple = std::tuple<std::string, std::string, std::string>;

// "SRC TGT CODE; ..." or "(none)".
std::string TriplesText(const std::set<Triple>& triples);

// The dictionary files a validation file's <Environment> names, found in `dir`; `verbs`
// (may be empty) replaces its <Verbfile>. The PICO ontology of the directory is used when
// present: it is part of every PETRARCH-2 installation. Errors: InvalidArgument when no
// verb dictionary is named.
Result<DictionaryFiles> EnvironmentFiles(const input::ValidationEnvironment& env,
                                         const std::string& dir, const std::string& verbs,
                                         const std::string& what);

struct RecordResult {
  const input::ValidationRecord* record = nullptr;
  bool passed = false;
  std::string error;          // why the record could not be coded (malformed, no parse)
  std::set<Triple> expected;
  std::set<Triple> got;
  std::vector<Event> events;  // as coded
};

struct ValidationScore {
  int passed = 0, failed = 0;
  size_t correct = 0, coded = 0, expected = 0;  // event triples
  double precision() const { return coded == 0 ? 0.0 : static_cast<double>(correct) / coded; }
  double recall() const {
    return expected == 0 ? 0.0 : static_cast<double>(correct) / expected;
  }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
};

// Codes every record of `file` (named `what` in messages) with `engine` — from its given
// <Parse>, or with `reparse` (or when a record has none) from dyad's own parse of its text
// (of its given words when it has no text) — and scores it; `on_record` (may be empty)
// sees each record's result. A record's <Config require_dyad> overrides the engine's.
// Errors: none for bad records (they fail); engine errors other than a missing model.
[[nodiscard]] Status ScoreValidationFile(const input::ValidationFile& file,
                                         const std::string& what, const Engine& engine,
                                         bool reparse,
                                         const std::function<void(const RecordResult&)>& on_record,
                                         ValidationScore* score);

}  // namespace dyad::eval

#endif  // DYAD_EVAL_EVENT_SCORE_H_
