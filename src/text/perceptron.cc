#include "text/perceptron.h"

#include <cassert>
#include <cmath>
#include <string>

namespace dyad::text {

HashedPerceptron::HashedPerceptron(int bits) : bits_(bits), weights_(size_t{1} << bits, 0.0f) {
  assert(bits >= 8 && bits <= 24);
}

void HashedPerceptron::Update(std::span<const uint64_t> features, float delta) {
  if (totals_.empty()) {
    totals_.assign(weights_.size(), 0.0);
    stamps_.assign(weights_.size(), 0);
  }
  for (uint64_t f : features) {
    const uint32_t i = Index(f);
    totals_[i] += static_cast<double>(clock_ - stamps_[i]) * weights_[i];
    stamps_[i] = clock_;
    weights_[i] += delta;
  }
}

HashedPerceptron HashedPerceptron::Averaged() const {
  HashedPerceptron out(bits_);
  if (totals_.empty() || clock_ == 0) {
    out.weights_ = weights_;
    return out;
  }
  for (size_t i = 0; i < weights_.size(); ++i) {
    const double total = totals_[i] + static_cast<double>(clock_ - stamps_[i]) * weights_[i];
    out.weights_[i] = static_cast<float>(total / static_cast<double>(clock_));
  }
  return out;
}

size_t HashedPerceptron::NonZero() const {
  size_t n = 0;
  for (float w : weights_) n += w != 0.0f;
  return n;
}

void HashedPerceptron::Save(BinaryWriter* w) const {
  w->PutU32(static_cast<uint32_t>(bits_));
  std::vector<uint32_t> index;
  std::vector<float> value;
  for (size_t i = 0; i < weights_.size(); ++i) {
    if (weights_[i] != 0.0f) {
      index.push_back(static_cast<uint32_t>(i));
      value.push_back(weights_[i]);
    }
  }
  w->PutVector(index);
  w->PutVector(value);
}

Status HashedPerceptron::Load(BinaryReader* r, HashedPerceptron* out) {
  uint32_t bits = 0;
  DYAD_RETURN_IF_ERROR(r->GetU32(&bits));
  if (bits < 8 || bits > 24)
    return r->Error("perceptron size 2^" + std::to_string(bits) + " out of range");
  std::vector<uint32_t> index;
  std::vector<float> value;
  // Non-null data() even for empty vectors: BinaryReader::GetVector memcpy's into it.
  index.reserve(1);
  value.reserve(1);
  DYAD_RETURN_IF_ERROR(r->GetVector(&index, uint64_t{1} << bits));
  DYAD_RETURN_IF_ERROR(r->GetVector(&value, uint64_t{1} << bits));
  if (index.size() != value.size()) return r->Error("perceptron index and weight counts differ");
  HashedPerceptron p(static_cast<int>(bits));
  for (size_t k = 0; k < index.size(); ++k) {
    if (index[k] >= p.weights_.size() || !std::isfinite(value[k])) {
      return r->Error("perceptron entry " + std::to_string(k) + " invalid");
    }
    p.weights_[index[k]] = value[k];
  }
  *out = std::move(p);
  return Status::Ok();
}

}  // namespace dyad::text
