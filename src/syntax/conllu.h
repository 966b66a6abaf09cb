// Forwarding header: CoNLL-U is public (include/dyad/conllu.h).
#ifndef DYAD_SYNTAX_CONLLU_H_
#define DYAD_SYNTAX_CONLLU_H_
#include "dyad/conllu.h"
#endif  // DYAD_SYNTAX_CONLLU_H_
