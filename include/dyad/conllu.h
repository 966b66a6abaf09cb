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

#include <string>
#include <string_view>

#include "dyad/status.h"
#include "dyad/document.h"

namespace dyad {

struct ConlluReadOptions {
  // A sentence with more words is an error (ResourceExhausted); bounds memory and time
  // for downstream stages. Default 10,000 words.
  size_t max_sentence_words = 10000;
};

// Parses CoNLL-U `data`; `what` names the source in messages.
// Errors: InvalidArgument "<what>:<line>: <problem>", ResourceExhausted.
Result<Document> ReadConllu(std::string_view data, const std::string& what,
                            const ConlluReadOptions& options = {});

// Appends one sentence of `doc` in CoNLL-U (with "# sent_id" when set, "# text", the
// other comments, word lines and a blank line).
void AppendConllu(const Document& doc, const Sentence& sentence, std::string* out);
std::string WriteConllu(const Document& doc);

}  // namespace dyad

#endif  // DYAD_CONLLU_H_
