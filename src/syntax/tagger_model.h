// The tagger's model and feature extraction (private to src/syntax; shared by tagger.cc,
// which tags, loads and saves, and tagger_train.cc, which trains).
//
// Design. The tagger is a greedy left-to-right averaged perceptron (Collins 2002, "Discrim-
// inative training methods for hidden Markov models"), with the feature set of Ratnaparkhi
// (1996) / Honnibal's "A good part-of-speech tagger in about 200 lines of Python" extended
// by ambiguity classes (the set of tags a word had in training, for the word itself and the
// two words to its right, which greedy decoding has not tagged yet), as in Giménez &
// Màrquez's SVMTool. One classifier predicts the (UPOS, XPOS) pair as a single class —
// EWT has ~100 such pairs — so the two tags are always consistent. Features are 64-bit
// hashes of (template, values), folded to 32-bit table keys; each maps to a short sparse row
// of (class, weight) pairs, since a perceptron only ever touches the gold and the wrongly
// predicted class of a feature. Weights are stored as int16 with one scale (int16 keeps
// them to 3e-5 of the largest; smaller ones are pruned) and dequantized to float at load.
// The weights are the mean of three perceptrons trained on different shuffles (replica
// mixing, see tagger_train.cc): an exact ensemble of linear models that tags as fast as one;
// averaged weights under half a perceptron update are pruned.
//
// Measured on EWT (v2, gold tokens, seed 1): one perceptron gives dev UPOS 95.20 / XPOS
// 94.60 / lemma 97.23, test 95.48 / 94.95 / 97.16 with a 4.0 MB model (209k keys, 0.67M
// weights). Three replicas give dev 95.35 / 94.72 / 97.32, test 95.62 / 95.05 / 97.17, with
// 5.5 MB (286k keys, 1.04M weights), tagging ~1.3× slower for the cache misses; with the
// pruning dev 95.33 / 94.68 / 97.32, test 95.61 / 95.03 / 97.15 with 3.4 MB (183k keys,
// 0.50M weights), tagging faster than one perceptron; training takes 3× as long (~70 s on
// an idle core). Seed 2, unpruned: dev 95.16 → 95.27, test 95.54 → 95.64. Five replicas
// gave no more on dev. The jackknifed ambiguity classes are worth +1.5 UPOS; a second pass
// seeing the first pass's tags to the right was tried and gave only +0.1 for twice the size
// and time. Feature additions tried
// one at a time on one replica, none selected (dev UPOS vs 95.20; all within seed noise of
// ±0.1): suffix 5 + prefix 4 (95.24), sentence capitalisation class × ambiguity class
// (95.23), last part of a hyphenated word and its ambiguity class (95.32, but 95.30 vs
// 95.35 with three replicas), word bigrams/ambiguity classes to the right (95.20), tag
// history × ambiguity classes (95.15), ambiguity class × shape (95.13); and, with three
// replicas, the ambiguity class of an unknown word's stem ("departs" → "depart", "-ies" →
// "-y", ...: 95.24 vs 95.35), though news verbs unseen in EWT ("departs", "warns") are the
// case it was meant for.
//
// Thread-safety: a TaggerModel is immutable after Train/Load; all per-sentence state lives
// in a TaggerScratchImpl owned by one thread.
#ifndef DYAD_SYNTAX_TAGGER_MODEL_H_
#define DYAD_SYNTAX_TAGGER_MODEL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/hash.h"
#include "dyad/document.h"
#include "syntax/lemmatizer.h"
#include "syntax/tagger.h"
#include "syntax/tagger_hash.h"

namespace dyad {
namespace tagger_internal {

// Features per word: kNumStatic computed from the words alone, kNumDynamic from the two
// previous predicted classes.
inline constexpr int kNumStatic = 32;
inline constexpr int kNumDynamic = 8;
inline constexpr int kNumFeatures = kNumStatic + kNumDynamic;
inline constexpr int kMaxClasses = 255;  // class ids are uint8; 0 in history = no word
inline constexpr int kPad = 2;           // padding words on each side of a sentence

// What the feature extractor knows about one word (or padding position).
struct WordInfo {
  uint64_t lower = 0;  // hash of the lowercased form
  uint64_t form = 0;   // hash of the form as written
  uint64_t shape = 0;
  uint64_t flags = 0;
  uint64_t amb = 0;    // ambiguity class (hash of the word's training tag set) or "unknown"
  uint64_t form_amb = 0;  // the same for the form as written (case-sensitive)
  uint64_t suf[4] = {};
  uint64_t pre[3] = {};
  uint32_t lower_begin = 0;  // the lowercased form in TaggerScratchImpl::lower
  uint32_t lower_size = 0;
};

// A feature's key: its template number mixed with its value.
inline uint64_t Feat(uint64_t tmpl, uint64_t value) {
  return hash::Mix(value ^ ((tmpl + 1) * hash::kGoldenRatio));
}

struct TagClass {
  Upos upos = Upos::kNone;
  std::string xpos;
  uint64_t lemma_tag = 0;  // LemmaTagKey(upos, xpos)
};

// Word → ambiguity class, learned from training counts.
struct TagDict {
  std::vector<uint32_t> keys;  // Fold(hash::Bytes(lowercased form)) or Fold(hash::Bytes(form, 1))
  std::vector<uint32_t> amb;   // Fold(hash of the tag set)
  FlatMap map;
  void BuildMap() {
    map.Reset(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) map.Insert(keys[i], static_cast<uint32_t>(i));
  }
};

// Sparse rows of averaged weights.
struct Weights {
  std::vector<uint32_t> keys;        // Fold(feature key); row r belongs to keys[r]
  std::vector<uint32_t> row_begin;   // size keys.size() + 1
  // The weights as the model file and the trainer give them: weight j is of class cls[j]
  // and is w[j] = q * scale, q an int16. BuildMap moves them into entries.
  std::vector<uint8_t> cls;
  std::vector<float> w;
  float scale = 1;
  FlatMap map;                       // key → row
  struct Entry {
    float w;
    uint32_t cls;
  };
  std::vector<Entry> entries;        // cls and w interleaved, for Score's memory traffic

  // Builds map, and entries from cls and w, which it then empties: an engine would
  // otherwise hold every weight twice (3.4 MB of an Engine's 67 MB with the shipped model).
  // REQUIRES: cls.size() == w.size(); a second call keeps the entries.
  void BuildMap() {
    map.Reset(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) map.Insert(keys[i], static_cast<uint32_t>(i));
    if (w.empty() && cls.empty()) return;
    entries.resize(w.size());
    for (size_t j = 0; j < w.size(); ++j) entries[j] = Entry{w[j], cls[j]};
    std::vector<uint8_t>().swap(cls);
    std::vector<float>().swap(w);
  }
  // scores[c] += weights of features `f[0..n)` for every class c.
  void Score(const uint64_t* f, int n, float* scores) const {
    for (int k = 0; k < n; ++k) {
      const uint32_t r = map.Find(Fold(f[k]));
      if (r == FlatMap::kMissing) continue;
      for (uint32_t j = row_begin[r], e = row_begin[r + 1]; j < e; ++j) {
        scores[entries[j].cls] += entries[j].w;
      }
    }
  }
};

}  // namespace tagger_internal

class TaggerScratchImpl final : public TaggerScratch {
 public:
  std::string lower;                           // lowercased forms, concatenated
  std::vector<tagger_internal::WordInfo> info;  // kPad + words + kPad
  std::vector<uint64_t> feats;                  // kNumFeatures per word
  std::vector<float> scores;                    // one per class
  std::vector<uint8_t> pred;                    // predicted class per word
};

class TaggerModel {
 public:
  std::vector<tagger_internal::TagClass> classes;
  tagger_internal::TagDict tagdict;
  tagger_internal::Weights weights;
  tagger_internal::Lemmatizer lemmatizer;
  std::string description;  // training data, epochs, dev accuracy (for humans)

  // Fills scratch->info and the static features of every word, taking ambiguity classes
  // from `dict` (`tagdict` except in training, see tagger_train.cc).
  void Prepare(const std::vector<Word>& words, const tagger_internal::TagDict& dict,
               TaggerScratchImpl* s) const;
  // Fills the dynamic features of word i given the classes predicted for words i-1, i-2
  // (class id + 1; 0 = before the sentence); returns a pointer to its kNumFeatures keys.
  static const uint64_t* Dynamic(TaggerScratchImpl* s, size_t i, int prev1, int prev2) {
    using hash::MixCombine, tagger_internal::Feat, tagger_internal::kNumFeatures;
    const tagger_internal::WordInfo* in = s->info.data() + i + tagger_internal::kPad;
    uint64_t* f = s->feats.data() + i * kNumFeatures + tagger_internal::kNumStatic;
    const uint64_t t1 = static_cast<uint64_t>(prev1), t2 = static_cast<uint64_t>(prev2);
    f[0] = Feat(40, t1);
    f[1] = Feat(41, t1 * 256 + t2);
    f[2] = Feat(42, MixCombine(t1, in[0].lower));
    f[3] = Feat(43, MixCombine(t1, in[1].amb));
    f[4] = Feat(44, MixCombine(t1, in[0].amb));
    f[5] = Feat(45, MixCombine(t1, in[0].suf[2]));
    f[6] = Feat(46, MixCombine(t1, in[1].lower));
    f[7] = Feat(47, MixCombine(t1, in[0].form_amb));
    return s->feats.data() + i * kNumFeatures;
  }
  // Greedy decoding with the final weights; fills scratch->pred.
  void Decode(const std::vector<Word>& words, TaggerScratchImpl* s) const;
};

// The trainer's access to Tagger (a friend): a Tagger from a trained model.
struct TaggerInternals {
  static Tagger FromModel(std::unique_ptr<TaggerModel> model) { return Tagger(std::move(model)); }
};

}  // namespace dyad

#endif  // DYAD_SYNTAX_TAGGER_MODEL_H_
