// Training of the text stage (src/text/tokenizer.h): the token-boundary perceptron, the
// multiword-token lexicon and its context model, and the sentence-boundary perceptron,
// from gold CoNLL-U. Part of the dyad_train library, which the coding engine never links.
// Thread-safety: TrainTokenizer shares no state; calls may run at once.
#ifndef DYAD_TRAIN_TOKENIZER_TRAIN_H_
#define DYAD_TRAIN_TOKENIZER_TRAIN_H_

#include <iosfwd>

#include "base/status.h"
#include "dyad/document.h"
#include "text/tokenizer.h"

namespace dyad {

// Learns the stage's statistical parts from gold CoNLL-U documents (as read by
// ReadConllu); writes progress to `log` when not null. `dev` selects the number of epochs
// (an empty dev uses train). Deterministic; a few seconds on EWT train.
// Errors: InvalidArgument when `train` has no sentences.
Result<Tokenizer> TrainTokenizer(const Document& train, const Document& dev, std::ostream* log);

// Trains the text stage from gold CoNLL-U files (`dev_path` may be empty) and returns the
// bytes of a model file holding only its "text" section (doc/formats/model.md): what
// `dyad train-text` writes and `dyad tokenize --train-from` tokenizes with.
// Errors: the CoNLL-U reader's (NotFound, InvalidArgument "file:line"), training errors.
Result<std::string> TrainTextModel(const std::string& train_path, const std::string& dev_path,
                                   std::ostream* log);

}  // namespace dyad

#endif  // DYAD_TRAIN_TOKENIZER_TRAIN_H_
