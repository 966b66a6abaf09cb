// libFuzzer target: arbitrary bytes as CoNLL-U (syntax/conllu.h). The reader must never
// crash or hang; a document it accepts must have consistent spans and must survive a
// write → read round trip with the same sentences and words.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "syntax/conllu.h"

namespace {

void Die(const char* what) {
  std::fprintf(stderr, "conllu_fuzz: invariant violated: %s\n", what);
  std::abort();
}

void Check(const dyad::Document& doc) {
  for (const dyad::Sentence& s : doc.sentences) {
    if (s.begin > s.end || s.end > doc.text.size()) Die("sentence span");
    size_t words = 0;
    for (const dyad::Token& t : s.tokens) {
      if (t.begin > t.end || t.end > doc.text.size()) Die("token span");
      if (t.first_word != words || t.word_count == 0) Die("token words");
      words += t.word_count;
    }
    if (words != s.words.size()) Die("word count");
    for (const dyad::Word& w : s.words) {
      if (w.head > static_cast<int32_t>(s.words.size())) Die("head out of range");
      if (w.token >= s.tokens.size()) Die("word token");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  dyad::ConlluReadOptions options;
  options.max_sentence_words = 200;
  auto doc = dyad::ReadConllu(text, "fuzz.conllu", options);
  if (!doc.ok()) return 0;
  Check(*doc);
  const std::string written = dyad::WriteConllu(*doc);
  auto again = dyad::ReadConllu(written, "rewritten.conllu", options);
  if (!again.ok()) {
    std::fprintf(stderr, "%s\n", again.status().ToString().c_str());
    Die("written CoNLL-U does not read back");
  }
  Check(*again);
  if (again->sentences.size() != doc->sentences.size()) Die("round trip sentence count");
  for (size_t i = 0; i < doc->sentences.size(); ++i) {
    if (again->sentences[i].words.size() != doc->sentences[i].words.size()) {
      Die("round trip word count");
    }
  }
  return 0;
}
