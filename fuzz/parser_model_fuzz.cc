// libFuzzer target: arbitrary bytes as a parser model (syntax/parser.h, base/binary.h).
// Input byte 0 picks the mode: even = the rest is a whole model file, read by
// ModelFile::Parse (the container, and the zstd-compressed form when the bytes start with
// zstd's magic); odd = the rest is split (at the positions given by bytes 1-8) into the
// "parser", "parser.ensemble" and "parser.2" payloads of a valid container, so that the
// parser's own checks are reached past the checksums. Loading must never crash or hang,
// and a parser it accepts must parse a tagged sentence into a tree with one root.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "syntax/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 9) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 9, size - 9);
  dyad::Result<dyad::ModelFile> file = dyad::Status::Ok();
  if (data[0] % 2 == 0) {
    file = dyad::ModelFile::Parse(std::string(reinterpret_cast<const char*>(data) + 1, size - 1),
                                  "fuzz.model");
  } else {
    uint32_t a = 0, b = 0;
    std::memcpy(&a, data + 1, 4);
    std::memcpy(&b, data + 5, 4);
    a = static_cast<uint32_t>(a % (rest.size() + 1));
    b = static_cast<uint32_t>(b % (rest.size() - a + 1));
    dyad::ModelFileWriter writer;
    writer.AddSection("parser", std::string(rest.substr(0, a)));
    writer.AddSection("parser.ensemble", std::string(rest.substr(a, b)));
    writer.AddSection("parser.2", std::string(rest.substr(a + b)));
    file = dyad::ModelFile::Parse(writer.Serialize(), "fuzz.model");
    if (!file.ok()) {
      std::fprintf(stderr, "parser_model_fuzz: container rejected: %s\n",
                   file.status().ToString().c_str());
      std::abort();
    }
  }
  if (!file.ok()) return 0;
  auto parser = dyad::Parser::Load(*file);
  if (!parser.ok()) return 0;
  dyad::Sentence s;
  const char* forms[] = {"The", "army", "attacked", "rebels", "in", "the", "city", "."};
  const dyad::Upos tags[] = {dyad::Upos::kDET, dyad::Upos::kNOUN, dyad::Upos::kVERB,
                             dyad::Upos::kNOUN, dyad::Upos::kADP, dyad::Upos::kDET,
                             dyad::Upos::kNOUN, dyad::Upos::kPUNCT};
  for (size_t i = 0; i < 8; ++i) {
    dyad::Word w;
    w.form = w.lemma = forms[i];
    w.upos = tags[i];
    w.xpos = "NN";
    s.words.push_back(w);
  }
  auto scratch = parser->NewScratch();
  parser->Parse(&s, scratch.get());
  int roots = 0;
  for (const dyad::Word& w : s.words) {
    if (w.head < 0 || w.head > 8) std::abort();
    roots += w.head == 0;
  }
  if (roots != 1) std::abort();
  return 0;
}
