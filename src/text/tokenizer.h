// The text stage: sentence splitting and tokenization of raw UTF-8 following the
// conventions of UD English-EWT. CONTRACT (implemented in src/text; see doc/architecture.md).
//
// Tokenize() fills doc->sentences from doc->text: every Token is a byte span into the
// text, tokens of a sentence tile it in order without overlap, and Words carry the
// token's form (or the parts of a multiword token such as "gonna" → "gon" "na").
// Paragraphs (blank lines) always end a sentence and set Sentence::new_paragraph.
// Trained by src/train/tokenizer_train.h. Thread-safety: after Load/TrainTokenizer a
// Tokenizer is immutable; Tokenize is const and may be called from many threads at once.
#ifndef DYAD_TEXT_TOKENIZER_H_
#define DYAD_TEXT_TOKENIZER_H_

#include <cstdint>
#include <memory>

#include "base/binary.h"
#include "base/status.h"
#include "dyad/document.h"

namespace dyad {

struct TokenizerOptions {
  // A sentence reaching this many tokens is cut there (counted in
  // TokenizeStats::capped_sentences). Bounds parser time and memory on text without
  // punctuation. Default 400.
  uint32_t max_sentence_tokens = 400;
};

struct TokenizeStats {
  uint64_t sentences = 0;
  uint64_t tokens = 0;
  uint64_t capped_sentences = 0;
};

class TokenizerModel;  // whatever the stage learns; private to src/text

class Tokenizer {
 public:
  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  ~Tokenizer();

  // Reads the "text" section(s) of a model file. Errors: Corruption with byte offset.
  static Result<Tokenizer> Load(const ModelFile& model, const TokenizerOptions& options = {});
  // Adds the "text" section(s) to a model being written.
  void Save(ModelFileWriter* writer) const;

  // REQUIRES: doc->text is valid UTF-8 (see base/utf8.h RepairUtf8).
  void Tokenize(Document* doc, TokenizeStats* stats) const;

 private:
  friend struct TokenizerInternals;  // the trainer's access (tokenizer_internal.h)
  explicit Tokenizer(std::unique_ptr<TokenizerModel> model, TokenizerOptions options);
  std::unique_ptr<TokenizerModel> model_;
  TokenizerOptions options_;
};

}  // namespace dyad

#endif  // DYAD_TEXT_TOKENIZER_H_
