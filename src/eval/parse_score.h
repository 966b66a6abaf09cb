// Evaluation of a system CoNLL-U against gold, as the CoNLL 2018 shared-task scorer
// (conll18_ud_eval.py) does it: both files must have the same non-whitespace characters;
// tokens and sentences are scored by character spans; words are aligned by spans, and
// inside multiword tokens by the longest common subsequence of lowercased forms; UPOS,
// XPOS, lemma, UAS and LAS are F1 over aligned words (LAS compares universal relations,
// i.e. the part before ':'). Thread-safety: pure functions.
#ifndef DYAD_EVAL_PARSE_SCORE_H_
#define DYAD_EVAL_PARSE_SCORE_H_

#include <cstdint>
#include <string>

#include "base/status.h"
#include "dyad/document.h"

namespace dyad {

struct EvalScore {
  int64_t gold = 0;
  int64_t system = 0;
  int64_t correct = 0;
  double precision() const { return system ? static_cast<double>(correct) / system : 0; }
  double recall() const { return gold ? static_cast<double>(correct) / gold : 0; }
  double f1() const { return gold + system ? 2.0 * correct / (gold + system) : 0; }
};

struct EvalResult {
  EvalScore tokens, sentences, words, upos, xpos, lemmas, uas, las;
  // A table like the official scorer's, F1 in percent.
  std::string Table() const;
};

// The raw text the CoNLL 2018 task built from a gold file (sentences joined by spaces,
// paragraphs by blank lines): the input of a raw-text evaluation (text/raw_text.h).
std::string GoldRawText(const Document& gold);

// Errors: InvalidArgument when the two documents' characters differ (with the first
// differing character offset and context).
Result<EvalResult> Evaluate(const Document& gold, const Document& system);

}  // namespace dyad

#endif  // DYAD_EVAL_PARSE_SCORE_H_
