// The syntax stage's annotator: raw text → sentences, tokens, tags, lemmas and dependency
// trees, from one model file (doc/formats/model.md): text stage → tagger → parser. The
// Engine (include/dyad/engine.h) is its one caller in the library.
// Load once, run many: a loaded Annotator is immutable and its methods are const and
// thread-safe (each thread brings its own AnnotatorScratch, or a call with threads > 1
// makes its own per-thread buffers).
#ifndef DYAD_SYNTAX_ANNOTATOR_H_
#define DYAD_SYNTAX_ANNOTATOR_H_

#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"
#include "dyad/document.h"

namespace dyad::syntax {

struct AnnotatorOptions {
  // Sentences are cut at this many tokens (counted). Default 400: beyond it parsing
  // accuracy is meaningless and time/memory must stay bounded.
  uint32_t max_sentence_tokens = 400;
  // Load only the text stage (a model may hold only its "text" section): Tokenize()
  // works, TagAndParse() must not be called. Default false.
  bool tokenize_only = false;
  // When not empty, the model file's bytes; the path is then only its name in messages.
  std::string model_data;
};

struct AnnotatorStats {
  uint64_t documents = 0;
  uint64_t sentences = 0;
  uint64_t words = 0;
  uint64_t repaired_bytes = 0;    // invalid UTF-8 / NUL bytes replaced by U+FFFD
  uint64_t capped_sentences = 0;  // sentences cut at max_sentence_tokens
};

class AnnotatorImpl;

// Per-thread tagging and parsing buffers for the single-thread RunText overload; create
// with Annotator::NewScratch() and use from one thread at a time.
class AnnotatorScratch {
 public:
  ~AnnotatorScratch();
  AnnotatorScratch(const AnnotatorScratch&) = delete;
  AnnotatorScratch& operator=(const AnnotatorScratch&) = delete;

 private:
  friend class AnnotatorImpl;
  friend class Annotator;
  struct Impl;
  explicit AnnotatorScratch(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class Annotator {
 public:
  Annotator(Annotator&&) noexcept;
  Annotator& operator=(Annotator&&) noexcept;
  ~Annotator();

  // Loads the model at `path`. Errors: NotFound/IOError (file), Corruption (with byte
  // offset), Unsupported (model format version).
  static Result<Annotator> Load(const std::string& path, const AnnotatorOptions& options = {});

  std::unique_ptr<AnnotatorScratch> NewScratch() const;
  // False when loaded with tokenize_only.
  bool can_parse() const;

  // Repairs doc->text (invalid UTF-8 → U+FFFD), then splits and tokenizes it into
  // doc->sentences (replacing any). Adds to *stats.
  void Tokenize(Document* doc, AnnotatorStats* stats) const;
  // Tags and parses the words of every sentence of `doc` (after Tokenize, or words read
  // from CoNLL-U), on the calling thread with `scratch` when threads <= 1, else spread
  // over `threads` threads with their own buffers. Output is identical either way.
  void TagAndParse(Document* doc, AnnotatorScratch* scratch, int threads,
                   AnnotatorStats* stats) const;

  // Metadata stored in the model ("key: value" lines).
  const std::string& metadata() const;

 private:
  explicit Annotator(std::unique_ptr<AnnotatorImpl> impl);
  std::unique_ptr<AnnotatorImpl> impl_;
};

}  // namespace dyad::syntax

#endif  // DYAD_SYNTAX_ANNOTATOR_H_
