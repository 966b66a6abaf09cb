// The one home of dyad's hash functions: the 64-bit MurmurHash3 finalizer (Mix), the
// boost::hash_combine step (Combine), and FNV-1a over bytes in the two keyed forms the
// models use (Bytes for the tagger and lemmatizer, ParserBytes for the parser). Trained
// models store these hashes, never the strings (models/dyad-en.model): changing any value
// here silently breaks every shipped model, so tests/base/hash_test.cc pins them. A new
// user picks the function it needs; it never copies one.
// Thread-safety: pure functions.
#ifndef DYAD_BASE_HASH_H_
#define DYAD_BASE_HASH_H_

#include <cstdint>
#include <string_view>

namespace dyad::hash {

// 2^64 / golden ratio, the odd constant of boost::hash_combine and Fibonacci hashing.
inline constexpr uint64_t kGoldenRatio = 0x9e3779b97f4a7c15ULL;
// FNV-1a 64-bit offset basis and prime.
inline constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
inline constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

// The 64-bit finalizer of MurmurHash3 (fmix64, also splitmix64's): a bijective avalanche
// mix, so structured keys (node << 32 | word) spread over a table. Mix(0) == 0.
inline uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// boost::hash_combine, 64-bit: `v` folded into `h`. Not mixed (cheap, for feature keys
// that a table index mixes later); MixCombine is the mixed form.
inline uint64_t Combine(uint64_t h, uint64_t v) {
  return h ^ (v + kGoldenRatio + (h << 6) + (h >> 2));
}
inline uint64_t MixCombine(uint64_t a, uint64_t b) { return Mix(Combine(a, b)); }

// One FNV-1a step: byte `c` folded into `h`.
inline uint64_t FnvStep(uint64_t h, unsigned char c) { return (h ^ c) * kFnvPrime; }

// FNV-1a over the bytes of `s`, from state `h` (kFnvOffset for a fresh hash).
inline uint64_t Fnv1a(std::string_view s, uint64_t h = kFnvOffset) {
  for (const char c : s) h = FnvStep(h, static_cast<unsigned char>(c));
  return h;
}

// The tagger's and lemmatizer's string key: FNV-1a over the bytes (case kept), started
// from the offset basis xor Mix(seed + kGoldenRatio) (`seed` separates key kinds), and
// finalized with Mix over the hash xor the byte length.
inline uint64_t Bytes(std::string_view s, uint64_t seed = 0) {
  const uint64_t h = Fnv1a(s, kFnvOffset ^ Mix(seed + kGoldenRatio));
  return Mix(h ^ s.size());
}

// Bytes of the concatenation a + b, without building it.
inline uint64_t Bytes2(std::string_view a, std::string_view b, uint64_t seed = 0) {
  const uint64_t h = Fnv1a(b, Fnv1a(a, kFnvOffset ^ Mix(seed + kGoldenRatio)));
  return Mix(h ^ (a.size() + b.size()));
}

// The parser's string hash, which differs from Bytes: the seed is xored in unmixed, ASCII
// letters are lowercased first when `lower_ascii`, the length is not mixed in, and bit 1
// is set, so the value is never 0 or 1 (the parser's "absent" and "root").
inline uint64_t ParserBytes(std::string_view s, bool lower_ascii, uint64_t seed) {
  uint64_t h = kFnvOffset ^ seed;
  for (const char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (lower_ascii && c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    h = FnvStep(h, c);
  }
  return Mix(h) | 2;
}

}  // namespace dyad::hash

#endif  // DYAD_BASE_HASH_H_
