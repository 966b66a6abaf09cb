// libFuzzer target: the tokenizer's model section ("text", text/tokenizer.cc) as read from
// a model file. Half the inputs are the section's bytes as they are; the other half edit
// a valid section (trained at start-up from a small CoNLL-U snippet,
// tokenizer_fuzz_common.h): the input is a cut position and a list of (offset, byte) patches, so the fuzzer
// reaches the checks deep inside a well-formed section without seeds. The bytes are
// wrapped in a valid container (checksums must not hide the tokenizer's own validation).
// Tokenizer::Load must never crash, hang or allocate without bound; a section it accepts
// must tokenize a text of ordinary and odd words into in-bounds, ordered tokens.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "base/binary.h"
#include "text/tokenizer.h"
#include "tokenizer_fuzz_common.h"

namespace {

std::string g_section;  // a valid "text" section

void Die(const char* what) {
  std::fprintf(stderr, "tokenizer_model_fuzz: invariant violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  auto file = dyad::ModelFile::Parse(dyad::fuzz::TrainedTextModel(), "fuzz.model");
  if (!file.ok()) Die("model file");
  auto section = file->Section("text");
  if (!section.ok()) Die("no text section");
  g_section = std::string(*section);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string section;
  if (data[0] % 2 == 0) {
    section.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  } else {
    section = g_section;
    size_t i = 1;
    if (i + 4 <= size) {  // cut: 0 keeps the whole section
      uint32_t cut = 0;
      for (int k = 0; k < 4; ++k) cut |= static_cast<uint32_t>(data[i + k]) << (8 * k);
      i += 4;
      if (cut != 0) section.resize(cut % (section.size() + 1));
    }
    for (; i + 5 <= size && !section.empty(); i += 5) {
      uint32_t offset = 0;
      for (int k = 0; k < 4; ++k) offset |= static_cast<uint32_t>(data[i + k]) << (8 * k);
      section[offset % section.size()] = static_cast<char>(data[i + 4]);
    }
  }
  dyad::ModelFileWriter writer;
  writer.AddSection("text", std::move(section));
  auto file = dyad::ModelFile::Parse(writer.Serialize(), "fuzz.model");
  if (!file.ok()) Die("container rejected");
  auto tokenizer = dyad::Tokenizer::Load(*file);
  if (!tokenizer.ok()) return 0;
  dyad::Document doc;
  doc.text = "Mr. Smith don't go to the U.S. today, $5 (or 6)! Über bob@x.com\n\nNext para.";
  dyad::TokenizeStats stats;
  tokenizer->Tokenize(&doc, &stats);
  uint32_t previous_end = 0;
  for (const dyad::Sentence& s : doc.sentences) {
    if (s.tokens.empty()) Die("empty sentence");
    for (const dyad::Token& t : s.tokens) {
      if (t.begin >= t.end || t.end > doc.text.size() || t.begin < previous_end) Die("token span");
      previous_end = t.end;
    }
  }
  return 0;
}
