// Feature extraction for the arc-eager parser: the rich non-local feature set of Zhang &
// Nivre (2011, "Transition-based Dependency Parsing with Rich Non-local Features", ACL)
// for the move classifier, and a smaller arc-factored set for the label classifier.
//
// Features are hashed (Weinberger et al. 2009, "Feature hashing"): each is a 64-bit
// hash of (template id, atomic values), and the scorer maps it to a weight row by its
// top bits. No feature strings or vocabularies exist at run time, so extraction does not
// allocate. Atomic values: w = hash of the lowercased form, p = hash of XPOS and UPOS,
// u = UPOS, s = hash of the 3-letter suffix, a = ambiguity class, l = label id + 1;
// 0 = absent position, 1 = the root.
// CHANGING any template or the hash changes the model format (kParserFeatureVersion).
// Thread-safety: pure functions.
#ifndef DYAD_SYNTAX_PARSER_FEATURES_H_
#define DYAD_SYNTAX_PARSER_FEATURES_H_

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "dyad/document.h"
#include "syntax/transition.h"

namespace dyad {

inline constexpr uint32_t kParserFeatureVersion = 1;
inline constexpr int kMaxMoveFeatures = 128;
inline constexpr int kMaxLabelFeatures = 40;

// Atomic per-word values; index 0 is the root.
struct ParserWord {
  uint64_t w = 0;   // lowercased form
  uint64_t p = 0;   // XPOS + UPOS
  uint64_t s = 0;   // 3-letter lowercased suffix
  uint32_t a = 0;   // ambiguity class (ParserLexicon); 0 = unknown form
  uint8_t u = 0;    // UPOS id
};

// Ambiguity classes (as in Zhang & Clark's joint tagging/parsing features): for each word
// form seen in training, the set of UPOS it carried and a frequency bucket. They give the
// parser a lexical prior that does not depend on the tagger being right in context.
// An open-addressing table of form hashes; immutable after Finish/Load.
class ParserLexicon {
 public:
  // Training: count (form, upos) pairs, then Finish builds the table.
  void Add(const Word& word);
  void Finish();
  // The class of `form_hash` (a ParserWord::w value); 0 for unknown forms.
  uint32_t Lookup(uint64_t form_hash) const;

  // Serialized form: `keys` (0 = empty slot) and `values`, a power-of-two size.
  const std::vector<uint64_t>& keys() const { return keys_; }
  const std::vector<uint32_t>& values() const { return values_; }
  // REQUIRES (checked by the loader): equal sizes, a power of two (or zero).
  void Assign(std::vector<uint64_t> keys, std::vector<uint32_t> values) {
    keys_ = std::move(keys);
    values_ = std::move(values);
  }

 private:
  struct Counts {
    uint64_t hash;
    uint32_t mask;
    uint32_t count;
  };
  std::vector<Counts> pending_;
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> values_;
};

// Fills (*words)[0..n] for `sentence`; `lexicon` may be null. With `right_to_left` the
// words are stored in reverse order ((*words)[1] is the last word), for a parser that
// reads sentences from the end. Keeps the vector's capacity: no allocation once it is
// large enough.
void ComputeParserWords(const Sentence& sentence, const ParserLexicon* lexicon,
                        bool right_to_left, std::vector<ParserWord>* words);
uint64_t ParserFormHash(std::string_view form);

// Writes the move features of `state` to out[0..kMaxMoveFeatures); returns the count.
int ExtractMoveFeatures(const ArcEagerState& state, const ParserWord* words, uint64_t* out);

// Writes the features for labelling the arc head -> dep about to be added in `state`
// to out[0..kMaxLabelFeatures); returns the count.
int ExtractLabelFeatures(const ArcEagerState& state, const ParserWord* words, int head,
                         int dep, uint64_t* out);

}  // namespace dyad

#endif  // DYAD_SYNTAX_PARSER_FEATURES_H_
