// The parser's private parts shared by the decoder (src/syntax/parser.cc) and the trainer
// (src/train/parser_train.cc): the model of one transition parser, the per-thread
// buffers, decoding with one model, and ParserInternals, the trainer's way into Parser.
// Not a public header: only src/syntax and src/train include it. Thread-safety: a
// ParserModel is immutable once its Parser is built; decoding needs one Buffers per thread.
#ifndef DYAD_SYNTAX_PARSER_INTERNAL_H_
#define DYAD_SYNTAX_PARSER_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dyad/document.h"
#include "syntax/parser.h"
#include "syntax/parser_beam.h"
#include "syntax/parser_features.h"
#include "syntax/transition.h"
#include "syntax/tree_vote.h"

namespace dyad {

namespace parser_internal {
// A beam step copies states of O(n) words: above this length a sentence decodes greedily
// (a 150-word sentence at beam 3 costs about what 450 greedy words cost).
inline constexpr int kDefaultMaxBeamWords = 150;
inline constexpr int kMinHashBits = 8;
inline constexpr int kMaxHashBits = 26;
inline constexpr size_t kMaxLabels = 1000;

// UD compares relations by their universal part ("nmod" of "nmod:poss").
inline std::string_view UniversalPart(std::string_view rel) { return rel.substr(0, rel.find(':')); }
}  // namespace parser_internal

class ParserModel {
 public:
  int move_bits = 20;
  int label_bits = 15;
  std::vector<std::string> labels;
  int root_label = 0;
  int label_stride = 8;  // labels.size() rounded up to a multiple of 8
  uint32_t best_epoch = 0;
  float dev_uas = 0, dev_las = 0;
  std::vector<int16_t> move_w;   // (1 << move_bits) rows of kNumMoves
  std::vector<int16_t> label_w;  // (1 << label_bits) rows of label_stride
  ParserLexicon lexicon;
  // Decoding (stored in format version 2; version-1 models decode greedily).
  int train_beam = 1;  // beam width the move model was trained with (informational)
  int beam = 1;        // beam width at parse time (1 = greedy)
  // Selective branching (cf. Choi & McCallum 2013): only candidates within this margin of
  // the step's best score (in quantized weight units) enter the beam, so confident steps
  // cost what a greedy step costs. <0 = no margin (plain beam).
  int64_t beam_margin = -1;
  // Sentences longer than this decode greedily: beam items copy their state, so a beam
  // step costs O(n) and a sentence O(k n^2) in the worst case (the budget of STYLE.md).
  int max_beam_words = parser_internal::kDefaultMaxBeamWords;
  bool right_to_left = false;  // parses the reversed sentence (format version >= 3)
};

struct ParserScratch::Buffers {
  parser_internal::BeamWork<int64_t> beam;
  ArcEagerState state;
  std::vector<ParserWord> words;
  uint64_t features[kMaxMoveFeatures + kMaxLabelFeatures];
  std::vector<int32_t> label_scores;
  TreeVoter voter;                               // ensembles only
  std::vector<int> heads, labels;                // the voted tree
  std::vector<int> member_heads, member_labels;  // one later member's tree
};

namespace parser_internal {
// Sets head and deprel of every word of `sentence` with the one model `m`.
void ParseWithModel(const ParserModel& m, Sentence* sentence, ParserScratch::Buffers* s);
// An ensemble member's tree of `sentence`: (*heads)[d], (*labels)[d] for d in 1..n in
// sentence order, labels mapped into the ensemble's ids by `label_map`.
void MemberTree(const ParserModel& m, const std::vector<int>& label_map,
                const Sentence& sentence, ParserScratch::Buffers* s, std::vector<int>* heads,
                std::vector<int>* labels);
}  // namespace parser_internal

// The trainer's access to a Parser's parts (a friend of Parser): building a Parser from a
// trained model and reading or setting an ensemble's members, labels and weights.
struct ParserInternals {
  static Parser FromModel(std::unique_ptr<ParserModel> model) { return Parser(std::move(model)); }
  // Member k (0 = the primary parser). REQUIRES: 0 <= k < p.num_members().
  static const ParserModel& Member(const Parser& p, int k) {
    return k == 0 ? *p.model_ : *p.others_[k - 1];
  }
  // Member k's map from its label ids into the ensemble's (ensembles only).
  static const std::vector<int>& LabelMap(const Parser& p, int k) { return p.label_maps_[k]; }
  static const std::vector<std::string>& Labels(const Parser& p) { return p.labels_; }
  static const std::vector<int>& EvalOrder(const Parser& p) { return p.eval_order_; }
  static void SetWeights(Parser* p, std::vector<float> weights) { p->weights_ = std::move(weights); }
};

}  // namespace dyad

#endif  // DYAD_SYNTAX_PARSER_INTERNAL_H_
