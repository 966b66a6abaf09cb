// CoNLL-U reading and writing (https://universaldependencies.org/format.html): the
// format of `dyad parse`, of the UD treebanks and of gold-tree input. Ownership: the
// returned Document owns its text and words.
// The reader is strict: the first malformed line ends reading with InvalidArgument naming
// "<file>:<line>". Empty nodes (ids like 8.1) are skipped; multiword-token lines become
// Tokens covering several Words. The Document's text is rebuilt from the token forms and
// SpaceAfter=No, one sentence per line, so that token spans point into it.
// Thread-safety: pure functions.
#ifndef DYAD_CONLLU_H_
#define DYAD_CONLLU_H_

#include <memory>
#include <string>
#include <string_view>

#include "dyad/document.h"
#include "dyad/status.h"

namespace dyad {

struct ConlluReadOptions {
  // A sentence with more words is not read (ResourceExhausted); bounds memory and time
  // for downstream stages. Default 10,000 words.
  size_t max_sentence_words = 10000;
};

// Reads CoNLL-U line by line, keeping only the sentence being read and the sentences
// completed since the last TakeDocument(): a file of any size is read in bounded memory
// (`dyad parse --tokenized`). `what` names the source in messages.
class ConlluReader {
 public:
  explicit ConlluReader(std::string what, const ConlluReadOptions& options = {});
  ~ConlluReader();
  ConlluReader(const ConlluReader&) = delete;
  ConlluReader& operator=(const ConlluReader&) = delete;

  // Reads the next line (without its "\n"; a final "\r" is dropped). A blank line ends a
  // sentence. Errors: InvalidArgument "<what>:<line>: <problem>" for a malformed line
  // (stop reading: what follows may be misread); ResourceExhausted "<what>:<line>:
  // sentence longer than N words; skipped" when a sentence passes max_sentence_words:
  // it is dropped with the rest of its lines, and reading may go on.
  [[nodiscard]] Status AddLine(std::string_view line);
  // Ends the input, completing a last sentence that has no blank line after it.
  // Errors: as AddLine.
  [[nodiscard]] Status Finish();
  // The sentences completed so far, moved out, with their text (one sentence per line,
  // spans into it); the reader goes on into a new document.
  Document TakeDocument();
  // Sentences completed and not yet taken.
  size_t sentences() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses CoNLL-U `data`; `what` names the source in messages. The first error ends it,
// a sentence over the word limit included.
// Errors: InvalidArgument "<what>:<line>: <problem>", ResourceExhausted.
Result<Document> ReadConllu(std::string_view data, const std::string& what,
                            const ConlluReadOptions& options = {});

// Appends one sentence of `doc` in CoNLL-U (with "# sent_id" when set, "# text", the
// other comments, word lines and a blank line).
void AppendConllu(const Document& doc, const Sentence& sentence, std::string* out);
std::string WriteConllu(const Document& doc);

}  // namespace dyad

#endif  // DYAD_CONLLU_H_
