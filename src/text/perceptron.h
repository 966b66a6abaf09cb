// A binary averaged perceptron over hashed features (Collins 2002, "Discriminative training
// methods for hidden Markov models"; averaging with lazy timestamps as in Daumé's and
// Honnibal's implementations). Features are 64-bit hashes; a weight lives at the top `bits`
// bits of the hash times a Fibonacci constant, so collisions are spread and the table size is
// fixed (no per-feature allocation at run time). Used by the text stage twice: for token
// boundaries inside whitespace-delimited chunks and for sentence boundaries.
// Thread-safety: Score() is const and safe from many threads; training methods are not.
#ifndef DYAD_TEXT_PERCEPTRON_H_
#define DYAD_TEXT_PERCEPTRON_H_

#include <cstdint>
#include <span>
#include <vector>

#include "base/binary.h"
#include "base/status.h"

namespace dyad::text {

class HashedPerceptron {
 public:
  // An empty model (Score() is 0 for everything). REQUIRES: 8 <= bits <= 24.
  explicit HashedPerceptron(int bits = 18);

  float Score(std::span<const uint64_t> features) const {
    float s = 0;
    for (uint64_t f : features) s += weights_[Index(f)];
    return s;
  }

  // Training: one example seen (advances the averaging clock), then an update of `delta`
  // on each feature when the prediction was wrong.
  void Tick() { ++clock_; }
  void Update(std::span<const uint64_t> features, float delta);
  // A copy holding the averaged weights (for evaluation between epochs and for saving).
  HashedPerceptron Averaged() const;

  // Writes bits and the non-zero weights as (index, weight) pairs.
  void Save(BinaryWriter* w) const;
  // Errors: Corruption with the byte offset when the data is truncated or out of range.
  static Status Load(BinaryReader* r, HashedPerceptron* out);

  size_t NonZero() const;

 private:
  uint32_t Index(uint64_t f) const {
    return static_cast<uint32_t>((f * 0x9E3779B97F4A7C15ull) >> (64 - bits_));
  }
  int bits_;
  std::vector<float> weights_;
  // Training only (empty in loaded models): running sums for averaging.
  std::vector<double> totals_;
  std::vector<uint64_t> stamps_;
  uint64_t clock_ = 0;
};

}  // namespace dyad::text

#endif  // DYAD_TEXT_PERCEPTRON_H_
