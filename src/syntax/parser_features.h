// Feature extraction for the arc-eager parser: the rich non-local feature set of Zhang &
// Nivre (2011, "Transition-based Dependency Parsing with Rich Non-local Features", ACL)
// for the move classifier, and a smaller arc-factored set for the label classifier.
//
// Features are hashed (Weinberger et al. 2009, "Feature hashing"): each is a 64-bit
// hash of (template id, atomic values), and the scorer maps it to a weight row by its
// top bits. No feature strings or vocabularies exist at run time, so extraction does not
// allocate. Atomic values: w = hash of the lowercased form, p = hash of XPOS and UPOS,
// c = a 4-bit word-shape/suffix class for unknown-word generalisation, l = label id + 1,
// 0 = absent position, 1 = the root.
// CHANGING any template or the hash changes the model format (kParserFeatureVersion).
// Thread-safety: pure functions.
#ifndef DYAD_SYNTAX_PARSER_FEATURES_H_
#define DYAD_SYNTAX_PARSER_FEATURES_H_

#include <cstdint>
#include <vector>

#include "dyad/document.h"
#include "syntax/transition.h"

namespace dyad {

inline constexpr uint32_t kParserFeatureVersion = 1;
inline constexpr int kMaxMoveFeatures = 96;
inline constexpr int kMaxLabelFeatures = 40;

// Atomic per-word values; index 0 is the root.
struct ParserWord {
  uint64_t w = 0;   // lowercased form
  uint64_t p = 0;   // XPOS + UPOS
  uint64_t s = 0;   // 3-letter lowercased suffix
  uint8_t u = 0;    // UPOS id
};

// Fills (*words)[0..n] for `sentence`. Keeps the vector's capacity: no allocation once it
// is large enough.
void ComputeParserWords(const Sentence& sentence, std::vector<ParserWord>* words);

// Writes the move features of `state` to out[0..kMaxMoveFeatures); returns the count.
int ExtractMoveFeatures(const ArcEagerState& state, const ParserWord* words, uint64_t* out);

// Writes the features for labelling the arc head -> dep about to be added in `state`
// to out[0..kMaxLabelFeatures); returns the count.
int ExtractLabelFeatures(const ArcEagerState& state, const ParserWord* words, int head,
                         int dep, uint64_t* out);

}  // namespace dyad

#endif  // DYAD_SYNTAX_PARSER_FEATURES_H_
