// The dependency parser: heads and UD v2 relations for the tagged words of a sentence.
// CONTRACT (implemented in src/syntax/parser*.cc). Thread-safety: after Load/Train a
// Parser is immutable; Parse is const and thread-safe given one ParserScratch per thread.
#ifndef DYAD_SYNTAX_PARSER_H_
#define DYAD_SYNTAX_PARSER_H_

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "base/binary.h"
#include "base/status.h"
#include "dyad/document.h"

namespace dyad {

struct ParserTrainOptions {
  int epochs = 15;        // passes over the training data; the best dev epoch is kept
  uint64_t seed = 1;      // shuffling/exploration seed: training is deterministic
  // Weight-table sizes (rows = 2^bits, 8..26). The move table takes 8 bytes a row, the
  // label table 2 bytes × (relations rounded up to 8) a row: defaults give 4 + 3.5 MiB.
  // Fewer bits: a smaller model and more hash collisions. On EWT, 22/18 bits (60 MiB)
  // scored no better on dev than 20/15.
  int move_hash_bits = 19;
  int label_hash_bits = 15;
  // Independent training runs (different seeds) whose weights are averaged (parameter
  // mixing); the mixture is kept only if it beats the best single run on dev. Training
  // time grows linearly; parse time and model size do not change.
  int replicas = 3;
  // Beam width for globally trained beam search (1 = greedy). Beam > 1 trains the move
  // model with max-violation updates (Huang et al. 2012) -- about 4x the training time at
  // beam 8 -- and then tunes the decoding width and selective-branching margin on dev
  // (see beam_cost_budget); the chosen decoding is stored in the model.
  int beam = 1;
  // Decoding cost allowed when tuning: items expanded per step, 1 = greedy cost. The most
  // accurate (width, margin) on dev within the budget is stored.
  double beam_cost_budget = 2.0;
  // Sentences longer than this decode greedily (beam decoding is O(k n^2) worst case).
  int max_beam_words = 150;
  // Parse from the last word to the first (the same moves over the reversed sentence):
  // a weaker parser alone on English, but one whose errors differ from a left-to-right
  // parser's, which is what an ensemble member needs (Parser::Ensemble).
  bool right_to_left = false;
};

class ParserModel;  // private to src/syntax

// Per-thread parsing buffers (opaque); create with Parser::NewScratch(). A complete type,
// so that callers can own it in a std::unique_ptr; its contents are private to parser.cc.
class ParserScratch {
 public:
  struct Buffers;
  explicit ParserScratch(std::unique_ptr<Buffers> buffers);
  ~ParserScratch();
  ParserScratch(const ParserScratch&) = delete;
  ParserScratch& operator=(const ParserScratch&) = delete;
  Buffers* buffers() { return buffers_.get(); }

 private:
  std::unique_ptr<Buffers> buffers_;
};

class Parser {
 public:
  Parser(Parser&&) noexcept;
  Parser& operator=(Parser&&) noexcept;
  ~Parser();

  // Trains on `train` (gold heads and relations; its tags should be the tagger's
  // predictions, as at run time — jackknifed over contiguous blocks of documents);
  // selects the epoch by dev LAS (the last epoch if `dev` has no trees). Sentences of
  // `train` whose heads are not a single-root tree are skipped and counted in the log.
  // `log` (may be null) receives one line per epoch with dev UAS/LAS.
  // Errors: InvalidArgument (bad options, no usable training tree).
  static Result<Parser> Train(const Document& train, const Document& dev,
                              const ParserTrainOptions& options, std::ostream* log);
  // An ensemble (Sagae & Lavie 2006; src/syntax/tree_vote.h): every member parses the
  // sentence, and the result is the maximum spanning tree of their arc votes weighted by
  // `weights`, with a single root, each arc labeled by the members that proposed it.
  // members[0] is the primary parser: sentences longer than kMaxEnsembleWords are parsed
  // by it alone, and SetBeam/beam()/... refer to it. Members' relation sets may differ.
  // Errors: InvalidArgument (no member or more than 8, weights not positive or not one
  // per member, a member that is itself an ensemble).
  static Result<Parser> Ensemble(std::vector<Parser> members, std::vector<float> weights);
  // Ensemble() with weights chosen on `dev` (gold trees; tags as at run time): member 0
  // weighs 1, the others are set by coordinate ascent on dev LAS over a grid.
  static Result<Parser> TuneEnsemble(std::vector<Parser> members, const Document& dev,
                                     std::ostream* log);
  static constexpr int kMaxEnsembleWords = 250;
  int num_members() const;  // 1 for a single parser
  float member_weight(int i) const;
  bool member_right_to_left(int i) const;

  // Reads the "parser" section, and for an ensemble "parser.ensemble" and the members'
  // sections "parser.2", "parser.3", ... Errors: NotFound, Corruption with byte offset.
  static Result<Parser> Load(const ModelFile& model);
  void Save(ModelFileWriter* writer) const;

  std::unique_ptr<ParserScratch> NewScratch() const;
  // Sets head and deprel of every word; the result is a tree with exactly one root
  // (head 0). REQUIRES: words are tagged (upos, xpos, lemma).
  void Parse(Sentence* sentence, ParserScratch* scratch) const;
  // Decoding settings; Load/Train set them from the model (doc/formats/model.md), these
  // override them for experiments. Not thread-safe: call before sharing the parser.
  void SetBeam(int beam);               // clamped to 1..64; 1 = greedy
  void SetBeamMargin(int64_t margin);   // selective-branching margin; -1 = full beam
  void SetMaxBeamWords(int words);      // longer sentences decode greedily
  int beam() const;
  int64_t beam_margin() const;
  int max_beam_words() const;
  int train_beam() const;               // the beam width the weights were trained with

 private:
  explicit Parser(std::unique_ptr<ParserModel> model);
  std::unique_ptr<ParserModel> model_;  // the single parser, or member 0 of an ensemble
  // Ensemble members 1.. (empty for a single parser), the weights of all members, the
  // union of their relation labels and each member's map from its label ids into it.
  std::vector<std::unique_ptr<ParserModel>> others_;
  std::vector<float> weights_;
  std::vector<std::string> labels_;
  std::vector<std::vector<int>> label_maps_;
  std::vector<int> eval_order_;  // the order members vote in (Parse)
};

}  // namespace dyad

#endif  // DYAD_SYNTAX_PARSER_H_
