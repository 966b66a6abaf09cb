// Small helpers shared by the subcommands: the default model path and CoNLL-U output.
#ifndef DYAD_CLI_CLI_UTIL_H_
#define DYAD_CLI_CLI_UTIL_H_

#include <string>

#include "dyad/document.h"

namespace dyad::cli {

// $DYAD_MODEL if set, else the model the build was configured with.
std::string DefaultModelPath();

// Clears everything the tagger and parser assign (tags, lemma, feats, head, deprel).
void ClearAnnotations(Document* doc);

}  // namespace dyad::cli

#endif  // DYAD_CLI_CLI_UTIL_H_
