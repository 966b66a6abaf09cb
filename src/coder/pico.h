// PICO, the PETRARCH internal coding ontology: CAMEO codes as integers whose hex digits
// separate the kind of act (say, appeal, intend, demand, ...) from its content (aid,
// meeting, release, ...), so that verb meanings can be combined ("agreed to" 0x3000 +
// "provide aid" 0x0040 = 0x3040 = CAMEO 033) and negated (± 0xFFFF: "did not
// cooperate" 0x0080 → 0x1007F = CAMEO 110). The table comes from the dictionary set's
// PETR.Internal.Coding.Ontology.txt. Thread-safety: immutable after construction.
#ifndef DYAD_CODER_PICO_H_
#define DYAD_CODER_PICO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dyad::dict {
struct OntologyEntry;
}

namespace dyad::coder {

class Pico {
 public:
  Pico() = default;
  explicit Pico(const std::vector<dict::OntologyEntry>& entries);

  bool empty() const { return to_value_.empty(); }
  // The PICO value of a CAMEO code; nullopt when unknown.
  std::optional<int64_t> Value(std::string_view cameo) const;
  // The CAMEO code of a PICO value; empty when no code has it.
  std::string Cameo(int64_t value) const;

  // The negated meaning: 0xFFFF is the negation term; a non-negative value loses it, a
  // negative one gains it (so negating twice is the identity).
  static int64_t Negate(int64_t value);
  // The meaning of `outer` governing `inner` ("promise" + "provide aid"): a negative
  // inner adds; two high-level acts keep the inner one, and so do two content acts;
  // otherwise the sum.
  static int64_t Combine(int64_t outer, int64_t inner);

 private:
  std::unordered_map<std::string, int64_t> to_value_;
  std::unordered_map<int64_t, std::string> to_cameo_;
};

}  // namespace dyad::coder

#endif  // DYAD_CODER_PICO_H_
