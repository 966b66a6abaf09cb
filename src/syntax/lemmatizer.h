// The lemmatizer and morphological-feature guesser behind the tagger (private to
// src/syntax). Given a word's form and its predicted tag (UPOS + XPOS), it returns the lemma
// and the FEATS string.
//
// Known words: the most frequent lemma of (form, tag) in the training data, falling back to
// (lowercased form, tag). Unknown words: a suffix edit script in the style of UDPipe's
// lemma rules (Straka & Straková 2017, "Tokenizing, POS Tagging, Lemmatizing and Parsing UD
// 2.0 with UDPipe"): "optionally lowercase the form, strip k final bytes, append a string".
// Scripts are learned per tag from the word types of the training data and indexed by the
// form's final 0..kMaxSuffix bytes; an unknown word takes the script of its longest suffix
// seen often enough with its tag, preferring, among the few most frequent scripts of each
// suffix, one whose result is a lemma seen in training. FEATS: the most frequent FEATS of (lowercased form, tag),
// else the most frequent FEATS of the tag.
//
// Thread-safety: built once by LemmatizerBuilder (src/train/lemmatizer_builder.h) or
// Load, then immutable; Apply is const
// and allocates only when an output string outgrows its capacity.
#ifndef DYAD_SYNTAX_LEMMATIZER_H_
#define DYAD_SYNTAX_LEMMATIZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/binary.h"
#include "base/hash.h"
#include "base/status.h"
#include "dyad/document.h"
#include "syntax/tagger_hash.h"

namespace dyad::tagger_internal {

// The key of a (UPOS, XPOS) tag for the lemmatizer's tables.
inline uint64_t LemmaTagKey(Upos upos, std::string_view xpos) {
  return hash::Bytes(xpos, 0x100 + static_cast<uint64_t>(upos));
}

class Lemmatizer {
 public:
  // Longest suffix (bytes) indexing the edit scripts of unknown words.
  static constexpr int kMaxSuffix = 6;
  // Most scripts kept per (tag, suffix).
  static constexpr int kMaxRank = 8;

  // Sets `*lemma` and `*feats` for a word. `lower` is the ASCII-lowercased `form` (same
  // length); `tag` is LemmaTagKey of its predicted tag.
  void Apply(std::string_view form, std::string_view lower, uint64_t tag, std::string* lemma,
             std::string* feats) const;
  // True if (form, tag) or (lower, tag) was seen in training.
  bool Knows(std::string_view form, std::string_view lower, uint64_t tag) const;

  void Save(BinaryWriter* w) const;
  // Reads what Save wrote; validates every index. Errors: Corruption with byte offset.
  Status Load(BinaryReader* r);

 private:
  friend class LemmatizerBuilder;  // src/train/lemmatizer_builder.h
  struct Rule {
    uint8_t lowercase;  // apply to the lowercased form
    uint8_t strip;      // final bytes removed
    uint32_t append;    // string id
  };
  std::string_view Str(uint32_t id) const {
    return std::string_view(pool_).substr(str_begin_[id], str_begin_[id + 1] - str_begin_[id]);
  }
  void BuildMaps();
  static bool Applies(const Rule& rule, std::string_view form, std::string_view lower);
  // REQUIRES: Applies(rule, form, lower).
  bool InLexicon(const Rule& rule, std::string_view form, std::string_view lower) const;
  // REQUIRES: Applies(rule, form, lower).
  void ApplyRule(const Rule& rule, std::string_view form, std::string_view lower,
                 std::string* lemma) const;

  std::string pool_;                 // all strings, concatenated
  std::vector<uint32_t> str_begin_;  // string id → offset in pool_; size = strings + 1
  std::vector<Rule> rules_;
  // Parallel key/value arrays as saved (keys folded with Fold); the maps index them.
  std::vector<uint32_t> lemma_keys_;   // (form|lower, tag) → lemma string id
  std::vector<uint32_t> lemma_values_;
  std::vector<uint32_t> feats_keys_;   // (lower, tag) or tag → feats string id
  std::vector<uint32_t> feats_values_;
  std::vector<uint32_t> rule_keys_;    // (tag, suffix) → rule index
  std::vector<uint32_t> rule_values_;
  std::vector<uint32_t> lexicon_keys_;  // LexiconKey of every training lemma
  FlatMap lemma_map_, feats_map_, rule_map_, lexicon_map_;
};

// Lemma and feats key helpers (also used by Knows/Apply).
inline uint64_t ExactFormKey(std::string_view form, uint64_t tag) { return hash::Bytes(form, tag); }
inline uint64_t LowerFormKey(std::string_view lower, uint64_t tag) {
  return hash::Bytes(lower, tag ^ 0x1111);
}
inline uint64_t TagOnlyKey(uint64_t tag) { return hash::Mix(tag ^ 0x2222); }
// The key of the rank-th script for (tag, suffix).
inline uint64_t SuffixKey(std::string_view suffix, uint64_t tag, int rank) {
  return hash::Bytes(suffix, tag ^ (0x3333 + static_cast<uint64_t>(rank) * 0x10000));
}
// The key of the lemma a + b (equal to hash::Bytes(a + b, kLexiconSeed), without building it).
inline constexpr uint64_t kLexiconSeed = 0x4444;
inline uint64_t LexiconKey(std::string_view a, std::string_view b = {}) {
  return hash::Bytes2(a, b, kLexiconSeed);
}

}  // namespace dyad::tagger_internal

#endif  // DYAD_SYNTAX_LEMMATIZER_H_
