// Document readers of `dyad code`: a streaming DocumentStream that turns the user's inputs
// (JSONL, plain text, HTML, PETRARCH story XML, each optionally .gz or .zst compressed;
// files, directories or stdin) into InputDocuments, one at a time and in input order, and
// reports every input it cannot use as an InputProblem naming file:line. The formats and
// every problem message are documented in doc/formats/input.md.
//
// Memory: JSONL and XML are read in chunks (a multi-GB file never sits in memory); a text or
// HTML file, one JSONL line and one XML story are held whole, each capped by
// InputOptions::max_document_bytes. Bad bytes never crash a reader; the text is passed on
// as read (UTF-8 repair happens later), except that JSONL lines are repaired before JSON
// parsing because JSON itself requires UTF-8.
//
// Thread-safety: the free functions are pure. A DocumentStream is a single-reader object
// (not thread-safe); use one per thread, or hand its documents to workers.
#ifndef DYAD_INPUT_INPUT_H_
#define DYAD_INPUT_INPUT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "dyad/run.h"

namespace dyad::input {

// One piece of an InputDocument's text that had its own id in the input: the sentences of
// a PETRARCH story. Empty for the other formats.
struct InputPart {
  std::string id;       // the <Sentence id=...>, e.g. "AFP0808020625_4"
  uint64_t line = 0;    // line of its <Sentence> element
  size_t begin = 0;     // byte span [begin, end) of its text in InputDocument::text
  size_t end = 0;
};

struct InputDocument {
  std::string id;      // JSONL "id"; the file path for text/HTML files; the story id for PETRARCH XML
  std::string date;    // normalised YYYYMMDD, or empty when the input gave none
  std::string text;    // the document text (UTF-8 as read; repair of invalid bytes happens later)
  std::string title, url, source, lang;  // optional metadata, empty when absent
  std::string file;    // the input file it came from ("-" for stdin)
  uint64_t line = 0;   // 1-based line where it starts (JSONL line, XML element); 0 for a whole-file document
  int64_t mtime = 0;   // modification time (unix seconds) of the file, 0 for stdin/unknown
  // Invalid UTF-8 / NUL bytes the reader already replaced by U+FFFD (JSONL, which must be
  // UTF-8 before it can be parsed); counted with the pipeline's own repairs.
  uint64_t repaired_bytes = 0;
  std::vector<InputPart> parts;  // PETRARCH XML: the sentences the story was joined from
};

// An input the readers could not use: file, line and message (public: include/dyad/run.h).
using InputProblem = ::dyad::InputProblem;

enum class InputFormat : uint8_t { kAuto, kJsonl, kText, kHtml, kPetrarchXml };

// "jsonl","text","html","xml" (and "auto") → format; false when unknown.
bool ParseInputFormat(std::string_view name, InputFormat* out);
// "auto", "jsonl", "text", "html", "xml".
std::string_view InputFormatName(InputFormat format);

struct InputOptions {
  // kAuto: by extension after stripping .gz/.zst (.jsonl .ndjson .json / .txt .text /
  // .html .htm / .xml), else by sniffing the first bytes. A forced format applies to
  // every input.
  InputFormat format = InputFormat::kAuto;
  // A larger document (JSONL line, text/HTML file, XML story) is a problem and skipped,
  // never a crash. Bounds the memory of one document (a whole HTML file is parsed at once).
  uint64_t max_document_bytes = 64ull << 20;
  // PETRARCH XML: consecutive <Sentence>s of one story ("AFP0808020625_4",
  // "AFP0808020625_5" → story "AFP0808020625") form one document. When false every
  // <Sentence> is its own document with its own id.
  bool group_petrarch_stories = true;
};

// All of `path` ("-" = standard input): for commands that read one whole file (CoNLL-U,
// a validation file). Errors: NotFound, IOError (naming the path).
Result<std::string> ReadWholeFile(const std::string& path);

// The lines of one file ("-" = stdin), decompressed when it is gzip or zstd as the inputs
// of a DocumentStream are: for commands that read a line format (CoNLL-U) without holding
// the file whole. Single-reader.
class LineStream {
 public:
  // `max_line`: a longer line is not kept (see Next). Errors: NotFound, IOError naming
  // the path.
  static Result<std::unique_ptr<LineStream>> Open(const std::string& path, uint64_t max_line);
  ~LineStream();
  LineStream(const LineStream&) = delete;
  LineStream& operator=(const LineStream&) = delete;

  // The next line, without its "\n" or "\r\n" (valid until the next call); false at the
  // end of the file or on a read error (then status() is not OK). A line longer than
  // max_line is returned empty with *too_long set.
  bool Next(std::string_view* line, bool* too_long);
  // 1-based number of the line last returned.
  uint64_t line_number() const;
  // OK, or the read or decompression error ("PATH: ...").
  Status status() const;

  class Impl;

 private:
  explicit LineStream(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Input dates are read by date::NormalizeDate / NormalizeDateTime (base/date.h).
using date::NormalizeDate;
using date::NormalizeDateTime;

class DocumentStream : public DocumentSource {
 public:

  // `inputs`: files, directories (expanded recursively, sorted by path, hidden files
  // skipped; with format kAuto only files with a known extension or none at all) and "-"
  // (stdin; also when `inputs` is empty). Errors: InvalidArgument only for unusable
  // options; a missing/unreadable input becomes an InputProblem when it is reached.
  static Result<std::unique_ptr<DocumentStream>> Open(const std::vector<std::string>& inputs,
                                                      const InputOptions& options);

  // A stream over one in-memory "file" named `name` (format chosen as for a file of that
  // name, compressed data decompressed): for tests and fuzzing.
  static Result<std::unique_ptr<DocumentStream>> OpenMemory(std::string data, std::string name,
                                                            const InputOptions& options);

  ~DocumentStream();
  DocumentStream(const DocumentStream&) = delete;
  DocumentStream& operator=(const DocumentStream&) = delete;

  // The next document (filled into *doc) or problem (into *problem), in input order; kEnd
  // when all inputs are done. Never throws, never crashes on any input bytes.
  Next Read(InputDocument* doc, InputProblem* problem);
  // DocumentSource: the same document as the Engine's Document (id, text, date with
  // DateOrigin::kInput when the input gave one, and its metadata).
  Next Read(Document* doc, InputProblem* problem) override;

  // Input bytes consumed so far (compressed bytes for .gz/.zst): for progress/ETA.
  uint64_t bytes_done() const override;
  // Sum of the input files' sizes; 0 when unknown (stdin, pipes).
  uint64_t bytes_total() const override;

  class Impl;

 private:
  explicit DocumentStream(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dyad::input

#endif  // DYAD_INPUT_INPUT_H_
