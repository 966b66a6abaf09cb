// The dependency parser: heads and UD v2 relations for the tagged words of a sentence.
// CONTRACT (implemented in src/syntax/parser*.cc; trained by src/train/parser_train.h).
// Thread-safety: after Load/TrainParser a Parser is immutable; Parse is const and
// thread-safe given one ParserScratch per thread.
#ifndef DYAD_SYNTAX_PARSER_H_
#define DYAD_SYNTAX_PARSER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/binary.h"
#include "base/status.h"
#include "dyad/document.h"

namespace dyad {

class ParserModel;  // private to src/syntax and its trainer (parser_internal.h)

// Per-thread parsing buffers (opaque); create with Parser::NewScratch(). A complete type,
// so that callers can own it in a std::unique_ptr; its contents are private to the parser
// (parser_internal.h).
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

  // An ensemble (Sagae & Lavie 2006; src/syntax/tree_vote.h): every member parses the
  // sentence, and the result is the maximum spanning tree of their arc votes weighted by
  // `weights`, with a single root, each arc labeled by the members that proposed it.
  // members[0] is the primary parser: sentences longer than kMaxEnsembleWords are parsed
  // by it alone, and SetBeam/beam()/... refer to it. Members' relation sets may differ.
  // Errors: InvalidArgument (no member or more than 8, weights not positive or not one
  // per member, a member that is itself an ensemble).
  static Result<Parser> Ensemble(std::vector<Parser> members, std::vector<float> weights);
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
  // Decoding settings; Load/TrainParser set them from the model (doc/formats/model.md), these
  // override them for experiments. Not thread-safe: call before sharing the parser.
  void SetBeam(int beam);               // clamped to 1..64; 1 = greedy
  void SetBeamMargin(int64_t margin);   // selective-branching margin; -1 = full beam
  void SetMaxBeamWords(int words);      // longer sentences decode greedily
  int beam() const;
  int64_t beam_margin() const;
  int max_beam_words() const;
  int train_beam() const;               // the beam width the weights were trained with

 private:
  friend struct ParserInternals;  // the trainer's access (parser_internal.h)
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
