// Shared body of the document-reader fuzz targets (input_*_fuzz.cc): the fuzzer's bytes
// are one in-memory input file of the given name (so the format is fixed by the
// extension, and gzip/zstd magic at the start is still decompressed), read to the end
// through DocumentStream. Any crash, hang or broken invariant (a document without id or
// text, a date that is not YYYYMMDD, a part span outside the text, a problem without a
// message, more documents than input bytes could hold) aborts.
#ifndef DYAD_FUZZ_INPUT_FUZZ_COMMON_H_
#define DYAD_FUZZ_INPUT_FUZZ_COMMON_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "input/input.h"

namespace dyad::input::fuzz {

inline void Die(const char* what) {
  std::fprintf(stderr, "input fuzz: invariant violated: %s\n", what);
  std::abort();
}

inline int ReadAllFuzz(const uint8_t* data, size_t size, const char* name) {
  InputOptions options;
  // Small enough that the fuzzer reaches the limit paths.
  options.max_document_bytes = 1 << 16;
  auto stream = DocumentStream::OpenMemory(std::string(reinterpret_cast<const char*>(data), size),
                                           name, options);
  if (!stream.ok()) Die("OpenMemory failed");
  InputDocument doc;
  InputProblem problem;
  size_t items = 0;
  for (;;) {
    const DocumentStream::Next next = (*stream)->Read(&doc, &problem);
    if (next == DocumentStream::Next::kEnd) break;
    // Compressed input may expand, but never beyond one item per decoded byte; a runaway
    // loop would show here long before the fuzzer's timeout.
    if (++items > (size + 16) * 2000) Die("too many items");
    if (next == DocumentStream::Next::kProblem) {
      if (problem.message.empty() || problem.file != name) Die("problem without message/file");
      continue;
    }
    if (doc.id.empty()) Die("document without id");
    if (doc.text.empty()) Die("document without text");
    if (doc.text.size() > options.max_document_bytes) Die("document over the limit");
    if (!doc.date.empty()) {
      std::string again;
      if (!NormalizeDate(doc.date, &again) || again != doc.date) Die("date not YYYYMMDD");
    }
    if (doc.file != name) Die("document file");
    for (const InputPart& p : doc.parts) {
      if (p.begin > p.end || p.end > doc.text.size() || p.id.empty()) Die("part span");
    }
  }
  if ((*stream)->bytes_done() != (*stream)->bytes_total()) Die("bytes_done != bytes_total");
  return 0;
}

}  // namespace dyad::input::fuzz

#endif  // DYAD_FUZZ_INPUT_FUZZ_COMMON_H_
