// libFuzzer target: arbitrary bytes as raw text for the text stage. The bytes are
// repaired to valid UTF-8 (as every input is at the edge), tokenized with a normal and a
// tiny sentence cap, and the contract of Tokenizer::Tokenize is checked; any violation
// aborts. The tokenizer is trained at start-up from a small CoNLL-U snippet, or loaded
// from the model file named by $DYAD_FUZZ_TEXT_MODEL (e.g. one from `dyad train-text`).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "base/binary.h"
#include "base/utf8.h"
#include "text/tokenizer.h"
#include "tokenizer_fuzz_common.h"

namespace {

std::unique_ptr<dyad::Tokenizer> g_normal, g_capped;

void Die(const char* what) {
  std::fprintf(stderr, "tokenizer_fuzz: invariant violated: %s\n", what);
  std::abort();
}

bool IsSpaceByte(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

void Check(const dyad::Document& doc, uint32_t cap) {
  uint32_t previous_end = 0;
  for (const dyad::Sentence& s : doc.sentences) {
    if (s.tokens.empty()) Die("empty sentence");
    if (s.tokens.size() > cap) Die("sentence over the cap");
    if (s.begin != s.tokens.front().begin || s.end != s.tokens.back().end) Die("sentence span");
    uint32_t word = 0;
    for (size_t ti = 0; ti < s.tokens.size(); ++ti) {
      const dyad::Token& t = s.tokens[ti];
      if (t.begin >= t.end || t.end > doc.text.size() || t.begin < previous_end) Die("token span");
      for (uint32_t b = previous_end; b < t.begin; ++b) {
        const unsigned char c = static_cast<unsigned char>(doc.text[b]);
        if (c < 0x80 && !IsSpaceByte(static_cast<char>(c))) Die("text outside tokens");
      }
      const std::string_view text = doc.TokenText(t);
      if (!dyad::IsValidUtf8(text)) Die("token splits a character");
      for (char c : text) {
        if (IsSpaceByte(c)) Die("space inside a token");
      }
      if (t.first_word != word || t.word_count == 0) Die("word indices");
      std::string joined;
      for (uint32_t k = 0; k < t.word_count; ++k) {
        if (t.first_word + k >= s.words.size()) Die("word index out of range");
        const dyad::Word& w = s.words[t.first_word + k];
        if (w.token != ti || w.form.empty()) Die("word");
        joined += w.form;
      }
      if (joined != text) Die("words do not spell their token");
      if (t.end < doc.text.size() && static_cast<unsigned char>(doc.text[t.end]) < 0x80 &&
          t.space_after != IsSpaceByte(doc.text[t.end])) {
        Die("space_after");
      }
      word += t.word_count;
      previous_end = t.end;
    }
    if (word != s.words.size()) Die("words outside tokens");
  }
  for (size_t b = previous_end; b < doc.text.size(); ++b) {
    const unsigned char c = static_cast<unsigned char>(doc.text[b]);
    if (c < 0x80 && !IsSpaceByte(static_cast<char>(c))) Die("trailing text outside tokens");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  dyad::Result<dyad::ModelFile> file = dyad::Status::NotFound("no model");
  if (const char* path = std::getenv("DYAD_FUZZ_TEXT_MODEL")) {
    file = dyad::ModelFile::Load(path);
  } else {
    file = dyad::ModelFile::Parse(dyad::fuzz::TrainedTextModel(), "fuzz.model");
  }
  if (!file.ok()) Die("model file");
  dyad::TokenizerOptions options;
  auto normal = dyad::Tokenizer::Load(*file, options);
  options.max_sentence_tokens = 3;
  auto capped = dyad::Tokenizer::Load(*file, options);
  if (!normal.ok() || !capped.ok()) Die("load");
  g_normal = std::make_unique<dyad::Tokenizer>(std::move(*normal));
  g_capped = std::make_unique<dyad::Tokenizer>(std::move(*capped));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dyad::Document doc;
  doc.text.assign(reinterpret_cast<const char*>(data), size);
  dyad::RepairUtf8(&doc.text);
  dyad::TokenizeStats stats;
  g_normal->Tokenize(&doc, &stats);
  Check(doc, dyad::TokenizerOptions().max_sentence_tokens);
  if (stats.sentences != doc.sentences.size()) Die("stats.sentences");
  g_capped->Tokenize(&doc, &stats);
  Check(doc, 3);
  return 0;
}
