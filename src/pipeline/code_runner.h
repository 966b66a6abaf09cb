// The coding run behind `dyad code`: documents from a DocumentStream are dated, parsed,
// coded, their events dated and deduplicated, and handed in input order to an EventSink
// (JSONL, CSV/TSV, SQLite).
//
// Flow and threads: the calling thread reads a batch of documents, then, while worker
// threads parse and code that batch (one document per worker at a time, each worker with
// its own parser and coder scratch), it hands the previous batch to the sink and reads
// the next one. Each document is processed by exactly one thread with no shared mutable
// state, and batches reach the sink in input order, so the output is identical for any
// thread count. Problems (malformed input lines, missing text, bad dates, duplicate ids)
// are reported through a callback as they are read and never stop the run unless
// `strict` is set.
//
// Thread-safety: RunCoding() is one call; the objects it is given must stay alive and
// unchanged during it. Pipeline, Coder and DateResolver are used concurrently (const).
#ifndef DYAD_PIPELINE_CODE_RUNNER_H_
#define DYAD_PIPELINE_CODE_RUNNER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "coder/coder.h"
#include "coder/event.h"
#include "dyad/document.h"
#include "pipeline/input.h"

namespace dyad {
class Pipeline;
}
namespace dyad::coder {
class DateResolver;
}

namespace dyad::pipeline {

// Where a document's date came from.
enum class DateOrigin : uint8_t {
  kMissing,   // no date anywhere: its events carry an empty date
  kInput,     // the input's own date field (JSONL "date", XML date=, HTML meta)
  kOption,    // --date
  kDateline,  // a dateline at the start of the text ("MOSCOW, Aug 21 (Reuters) -")
};
// "missing", "input", "option", "dateline".
std::string_view DateOriginName(DateOrigin origin);

// One document after coding: what the sinks need.
struct CodedDocument {
  InputDocument input;            // metadata as read (text moved into `doc`)
  DateOrigin date_origin = DateOrigin::kMissing;
  Document doc;                   // text, sentences; the words are dropped after coding
  std::vector<coder::Event> events;  // deduplicated per document (Event::mentions)
};

// Receives coded documents in input order. Called from the RunCoding caller's thread only.
class EventSink {
 public:
  virtual ~EventSink() = default;
  // Errors stop the run (e.g. IOError on a full disk).
  [[nodiscard]] virtual Status Consume(std::span<CodedDocument> batch) = 0;
  // Called once after the last batch.
  [[nodiscard]] virtual Status Finish() = 0;
};

struct CodeOptions {
  // Worker threads for parsing and coding. Default 1; the output does not depend on it.
  int threads = 1;
  // A document date for inputs that carry none (YYYYMMDD), used before datelines.
  std::string default_date;
  // Stop at the first input problem (returned as InvalidArgument "file:line: ..."). Default
  // false: report it, count it, skip the document.
  bool strict = false;
  // A batch closes at this many documents or this many text bytes, whichever comes first.
  // Larger batches balance threads better and cost memory: a batch and the one being
  // written are held at once.
  size_t batch_documents = 256;
  size_t batch_bytes = 8u << 20;
  // Budget: sentences with more tokens are cut (counted in PipelineStats).
  uint32_t max_sentence_tokens = 400;
};

struct CodeStats {
  uint64_t documents_read = 0;     // documents the input gave (including skipped ones)
  uint64_t documents_coded = 0;    // documents parsed and coded
  uint64_t documents_resumed = 0;  // already in the store (skip_ids): not coded again
  uint64_t sentences = 0;
  uint64_t words = 0;
  uint64_t events = 0;             // after per-document deduplication
  uint64_t mentions = 0;           // events before deduplication
  uint64_t events_dated_by_text = 0;  // events whose date came from their sentence
  uint64_t problems = 0;           // inputs skipped (malformed, no text, bad date, ...)
  std::map<std::string, uint64_t> problems_by_kind;  // "malformed JSON": 3, ...
  uint64_t dates_missing = 0;      // documents coded without any date
  uint64_t dates_from_dateline = 0;
  uint64_t repaired_bytes = 0;     // invalid UTF-8 replaced
  uint64_t capped_sentences = 0;   // cut at max_sentence_tokens
  uint64_t discarded_sentences = 0;  // a discard phrase matched
  uint64_t bytes_done = 0;         // input bytes read so far / in all (0 = unknown)
  uint64_t bytes_total = 0;
};

// Codes everything `stream` yields. Documents whose id is in `skip_ids` (may be null) are
// counted as resumed and not coded. `on_problem` (may be empty) sees each input problem
// when it is read; `on_progress` (may be empty) is called after each batch is consumed.
// Errors: a sink error, or with options.strict the first input problem.
[[nodiscard]] Status RunCoding(DocumentStream* stream, const Pipeline& pipeline,
                               const coder::Coder& coder, const coder::DateResolver& dates,
                               const CodeOptions& options,
                               const std::unordered_set<std::string>* skip_ids,
                               EventSink* sink,
                               const std::function<void(const InputProblem&)>& on_problem,
                               const std::function<void(const CodeStats&)>& on_progress,
                               CodeStats* stats);

// Merges events of one document with the same (source code, target code, CAMEO code)
// into the first of them, counting mentions; keeps the order of first mention.
void DeduplicateDocumentEvents(std::vector<coder::Event>* events);

// The byte length of a dateline at the start of `text` ("MOSCOW, Aug 21 (Reuters) - ",
// "WASHINGTON (AP) -- ", "KYIV, March 3, 2022 — "), including the dash and the spaces
// after it; 0 when the text does not open with one. A dateline is an all-capitals place
// name (or a line coder::FindDateline() reads as a dated dateline), then up to ~120 bytes
// of date, agency in parentheses or slashes, then a dash surrounded by spaces. RunCoding
// blanks it (with spaces, so byte spans stay valid) before parsing: otherwise the place
// name becomes the subject of the first sentence ("WASHINGTON ... - Russia accused ...").
size_t DatelineLength(std::string_view text);

// The short kind of a problem message, for the summary ("malformed JSON", "bad date").
std::string ProblemKind(const std::string& message);

}  // namespace dyad::pipeline

#endif  // DYAD_PIPELINE_CODE_RUNNER_H_
