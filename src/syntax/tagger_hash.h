// The immutable open-addressing hash map shared by the tagger and the lemmatizer (private
// to src/syntax). Features and dictionary keys are 64-bit hashes of byte strings
// (hash::Bytes, base/hash.h), folded to 32 bits in the tables: the model stores hashes,
// never strings, which keeps it small and lets the hot path look a word up without
// building any string.
// Thread-safety: FlatMap is built once (single thread), then read-only and shareable.
#ifndef DYAD_SYNTAX_TAGGER_HASH_H_
#define DYAD_SYNTAX_TAGGER_HASH_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/hash.h"

namespace dyad::tagger_internal {

// The 32-bit key a table stores for a 64-bit hash. Tables store 32-bit keys to halve their
// size; an unseen feature then matches a stored one with probability ~n/2^32 (≈1e-4 for a
// model's 4e5 keys), which perturbs a score by one small weight: harmless.
inline uint32_t Fold(uint64_t h) {
  return static_cast<uint32_t>(h) ^ static_cast<uint32_t>(h >> 32);
}

// An immutable-after-build map from 32-bit keys to 32-bit values, linear probing, load
// factor ≤ 1/2 (so a probe always ends). Key 0 marks an empty slot and is remapped.
class FlatMap {
 public:
  static constexpr uint32_t kMissing = 0xffffffffu;

  // Prepares for up to `n` keys; clears the map.
  void Reset(size_t n) {
    size_t cap = 16;
    while (cap < 2 * n + 2) cap *= 2;
    slots_.assign(cap, Slot{0, kMissing});
    mask_ = cap - 1;
    size_ = 0;
  }
  // Inserts; returns false (and changes nothing) if the key is present.
  // REQUIRES: Reset(n) with n ≥ the number of inserted keys.
  bool Insert(uint32_t key, uint32_t value) {
    key = Fix(key);
    for (size_t i = Home(key);; i = (i + 1) & mask_) {
      if (slots_[i].key == key) return false;
      if (slots_[i].key == 0) {
        slots_[i] = Slot{key, value};
        ++size_;
        return true;
      }
    }
  }
  // The value of `key`, or kMissing.
  uint32_t Find(uint32_t key) const {
    if (slots_.empty()) return kMissing;
    key = Fix(key);
    for (size_t i = Home(key);; i = (i + 1) & mask_) {
      if (slots_[i].key == key) return slots_[i].value;
      if (slots_[i].key == 0) return kMissing;
    }
  }
  size_t size() const { return size_; }

 private:
  static uint32_t Fix(uint32_t key) { return key == 0 ? 0x5bd1e995u : key; }
  // Key and value side by side: a lookup touches one cache line.
  struct Slot {
    uint32_t key;
    uint32_t value;
  };
  size_t Home(uint32_t key) const { return static_cast<size_t>(hash::Mix(key)) & mask_; }
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

// ASCII lowercase (other bytes unchanged, so the byte length is kept).
inline char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

}  // namespace dyad::tagger_internal

#endif  // DYAD_SYNTAX_TAGGER_HASH_H_
