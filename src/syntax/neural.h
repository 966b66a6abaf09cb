// The neural tagger and parser (architecture "neural" of `dyad train`): UPOS, XPOS, heads
// and relations for the words of a sentence from one network (src/syntax/nn/net.h:
// BiLSTM encoder shared by a tagger and a Dozat & Manning 2017 biaffine parser).
// Lemmas and FEATS are not its job: the annotator takes them from the perceptron tagger's
// lemmatizer given the neural tags (Tagger::Lemmatize).
//
// Decoding: each word takes its highest-scoring head; when that is not a tree with one
// word on the root (a cycle, or several or no root words), the tree is the maximum
// spanning tree (Chu-Liu/Edmonds, tree_vote.h) over the heads' log-probabilities, with
// the root word fixed to the one with the most probable root arc. Each word then takes
// its best relation given its head ("root" exactly for the root word).
//
// Model section "nn" (doc/formats/model.md), version 2 (version 1 is read too: no
// character CNN), little-endian:
//   u32 version (2)
//   u32 × 10: words, feats, classes, labels, word_dim, feat_dim, hidden, layers, arc, label
//   u32 × 2 (version 2 only): char_dim, char_filters (0 = no character CNN)
//   vector<u64> word keys (words - 2: rows 2..; row 0 = unknown, 1 = ROOT)
//   vector<u64> feature keys (feats)
//   u32 class count, then per class: u8 UPOS id, string XPOS
//   u32 label count, then per label: string; u32 id of "root"
//   per parameter in Net::Params() order: u32 rows, u32 cols, vector<f32> (rows × cols,
//   column-major)
// Thread-safety: immutable after Load/training; Parse is const given one NeuralScratch
// per thread.
#ifndef DYAD_SYNTAX_NEURAL_H_
#define DYAD_SYNTAX_NEURAL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/binary.h"
#include "base/status.h"
#include "dyad/document.h"
#include "syntax/nn/net.h"
#include "syntax/tagger_hash.h"
#include "syntax/tree_vote.h"

namespace dyad {

// Per-thread buffers for NeuralParser::Parse.
struct NeuralScratch {
  nn::Workspace<float> ws;
  std::vector<int> word, feat_begin, feat, offsets, heads, char_begin, chars;
  std::vector<WeightedArc> arcs;
  std::vector<int> mst;
  std::vector<float> logp;
  std::string lower;
};

// The features of one word: hashed keys of its lowercased form's prefixes and suffixes
// and of its shape.
inline constexpr int kNeuralMaxFeatures = 9;
// The character CNN sees at most this many bytes of a word: a longer word's first and
// last kNeuralMaxChars / 2.
inline constexpr int kNeuralMaxChars = 24;
// Fills keys (≤ kNeuralMaxFeatures) and returns their count; *lower is the lowercased
// form's buffer (reused). *word_key is the lowercased form's key.
int NeuralWordFeatures(std::string_view form, std::string* lower, uint64_t* word_key,
                       uint64_t* keys);

class NeuralParser {
 public:
  struct TagClass {
    Upos upos = Upos::kNone;
    std::string xpos;
  };

  nn::Net<float> net;
  std::vector<uint64_t> word_keys;  // row 2 + k
  std::vector<uint64_t> feat_keys;  // row k
  std::vector<TagClass> classes;
  std::vector<std::string> labels;
  int root_label = 0;

  // Rebuilds the key → row maps after word_keys/feat_keys change.
  void BuildMaps();
  // Embedding row of a lowercased form's key: 2.. for the vocabulary, 0 = unknown.
  int WordRow(uint64_t key) const {
    const uint32_t r = word_map_.Find(tagger_internal::Fold(key));
    return r == tagger_internal::FlatMap::kMissing ? 0 : static_cast<int>(r) + 2;
  }
  // Feature row, or -1.
  int FeatRow(uint64_t key) const {
    const uint32_t r = feat_map_.Find(tagger_internal::Fold(key));
    return r == tagger_internal::FlatMap::kMissing ? -1 : static_cast<int>(r);
  }
  // Fills scratch->word/feat_begin/feat for `words` (position 0 = ROOT).
  void Encode(const std::vector<Word>& words, NeuralScratch* s) const;
  // Starts an empty batch; EncodeMore appends a sentence to it.
  void ClearBatch(NeuralScratch* s) const;
  void EncodeMore(const std::vector<Word>& words, NeuralScratch* s) const;
  nn::NetInput Input(const NeuralScratch& s) const;

  // Reads the "nn" section. Errors: NotFound, Unsupported (section version),
  // Corruption with byte offset (inconsistent sizes or ids).
  static Result<NeuralParser> Load(const ModelFile& model);
  void Save(ModelFileWriter* writer) const;

  std::unique_ptr<NeuralScratch> NewScratch() const { return std::make_unique<NeuralScratch>(); }
  // Sets upos, xpos, head and deprel of every word (lemma and feats are left as they are).
  // The result is a tree with exactly one root. Any length; empty is left as is.
  void Parse(Sentence* sentence, NeuralScratch* scratch) const;
  // Parse for `count` sentences at once (one network pass: faster). The result for a
  // sentence may differ from Parse's in the last float bits (products over a batch sum in
  // another order), so callers that must be reproducible batch the same sentences
  // together every time.
  static constexpr int kMaxBatch = 64;
  void ParseBatch(Sentence* const* sentences, int count, NeuralScratch* scratch) const;
  // The heads of sentence k of the batch after a Forward on scratch->ws, into
  // scratch->heads at its positions (numbered within the sentence).
  void DecodeTree(int k, NeuralScratch* scratch) const;

 private:
  tagger_internal::FlatMap word_map_, feat_map_;
};

}  // namespace dyad

#endif  // DYAD_SYNTAX_NEURAL_H_
