// libFuzzer target: arbitrary bytes as the tagger's model sections (syntax/tagger.h). The
// input's first 4 bytes give the length of the "tagger" payload, the rest is the
// "lemmatizer" payload; they are wrapped in a valid container (so checksums do not hide
// the tagger's own validation). Tagger::Load must never crash or hang, and a model it
// accepts must tag a sentence of known-looking and odd words without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "syntax/tagger.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  uint32_t split = 0;
  std::memcpy(&split, data, 4);
  const std::string_view rest(reinterpret_cast<const char*>(data) + 4, size - 4);
  split = static_cast<uint32_t>(split % (rest.size() + 1));
  dyad::ModelFileWriter writer;
  writer.AddSection("tagger", std::string(rest.substr(0, split)));
  writer.AddSection("lemmatizer", std::string(rest.substr(split)));
  auto file = dyad::ModelFile::Parse(writer.Serialize(), "fuzz.model");
  if (!file.ok()) {
    std::fprintf(stderr, "tagger_model_fuzz: container rejected: %s\n",
                 file.status().ToString().c_str());
    std::abort();
  }
  auto tagger = dyad::Tagger::Load(*file);
  if (!tagger.ok()) return 0;
  dyad::Sentence s;
  for (const char* form : {"The", "dogs", "walked", "über", "3.14", "", "x@y.com", "."}) {
    dyad::Word w;
    w.form = form;
    s.words.push_back(w);
  }
  auto scratch = tagger->NewScratch();
  tagger->Tag(&s, scratch.get());
  for (const dyad::Word& w : s.words) {
    if (static_cast<int>(w.upos) >= dyad::kNumUpos) std::abort();
  }
  return 0;
}
