// The syntax pipeline: raw text → sentences, tokens, tags, lemmas and dependency trees,
// from one model file (doc/formats/model.md). Load once, run many: a loaded Pipeline is
// immutable and its Run* methods are const and thread-safe (each call makes its own
// per-thread scratch objects).
#ifndef DYAD_PIPELINE_H_
#define DYAD_PIPELINE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"
#include "dyad/document.h"

namespace dyad {

struct PipelineOptions {
  // Worker threads for tagging and parsing; output is identical for any value. Default 1.
  int threads = 1;
  // Sentences are cut at this many tokens (counted). Default 400: beyond it parsing
  // accuracy is meaningless and time/memory must stay bounded.
  uint32_t max_sentence_tokens = 400;
};

struct PipelineStats {
  uint64_t documents = 0;
  uint64_t sentences = 0;
  uint64_t words = 0;
  uint64_t repaired_bytes = 0;    // invalid UTF-8 / NUL bytes replaced by U+FFFD
  uint64_t capped_sentences = 0;  // sentences cut at max_sentence_tokens
};

class PipelineImpl;

// Per-thread tagging and parsing buffers for the single-thread RunText overload; create
// with Pipeline::NewScratch() and use from one thread at a time.
class PipelineScratch {
 public:
  ~PipelineScratch();
  PipelineScratch(const PipelineScratch&) = delete;
  PipelineScratch& operator=(const PipelineScratch&) = delete;

 private:
  friend class PipelineImpl;
  friend class Pipeline;
  struct Impl;
  explicit PipelineScratch(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class Pipeline {
 public:
  Pipeline(Pipeline&&) noexcept;
  Pipeline& operator=(Pipeline&&) noexcept;
  ~Pipeline();

  // Loads the model at `path`. Errors: NotFound/IOError (file), Corruption (with byte
  // offset), Unsupported (model format version).
  static Result<Pipeline> Load(const std::string& path, const PipelineOptions& options = {});

  // Repairs doc->text, then splits, tokenizes, tags and parses it. Adds to *stats.
  void RunText(Document* doc, PipelineStats* stats) const;
  // The same on the calling thread only, reusing `scratch` (no per-call set-up): for
  // callers that parallelise over documents themselves (dyad code). Output is identical.
  std::unique_ptr<PipelineScratch> NewScratch() const;
  void RunText(Document* doc, PipelineScratch* scratch, PipelineStats* stats) const;
  // Re-tags and re-parses the given words of `doc` (e.g. read from CoNLL-U), keeping its
  // sentences, tokens and forms.
  void RunTokenized(Document* doc, PipelineStats* stats) const;

  // Metadata stored in the model ("key: value" lines).
  const std::string& metadata() const;

 private:
  explicit Pipeline(std::unique_ptr<PipelineImpl> impl);
  std::unique_ptr<PipelineImpl> impl_;
};

}  // namespace dyad

#endif  // DYAD_PIPELINE_H_
