// PICO code arithmetic (see pico.h).
#include "coder/pico.h"

#include "dict/dictionary.h"

namespace dyad::coder {

Pico::Pico(const std::vector<dict::OntologyEntry>& entries) {
  for (const dict::OntologyEntry& e : entries) {
    if (e.cameo.empty() || e.cameo == "---" || e.terms.empty()) continue;
    int64_t v = 0;
    for (int32_t t : e.terms) v += t;
    to_value_.emplace(e.cameo, v);
    // The first code listed for a value is its canonical CAMEO code (046 and 044 share
    // 0xB010 in the file; 044 comes first, as PETRARCH-2 reads it).
    to_cameo_.emplace(v, e.cameo);
  }
}

std::optional<int64_t> Pico::Value(std::string_view cameo) const {
  auto it = to_value_.find(std::string(cameo));
  if (it == to_value_.end()) return std::nullopt;
  return it->second;
}

std::string Pico::Cameo(int64_t value) const {
  auto it = to_cameo_.find(value);
  return it == to_cameo_.end() ? std::string() : it->second;
}

int64_t Pico::Negate(int64_t value) {
  // PICO writes "not X" as X - 0xFFFF (121 "reject material cooperation" is
  // -0xFFFF+0x0070) and some codes as 0xFFFF + X (110 "disapprove" is 0xFFFF+0x0080,
  // i.e. "not cooperate diplomatically"), so negation subtracts from a non-negative
  // value and adds to a negative one.
  constexpr int64_t kNot = 0xFFFF;
  return value < 0 ? value + kNot : value - kNot;
}

int64_t Pico::Combine(int64_t outer, int64_t inner) {
  if (inner < 0) return outer + inner;
  // Two content acts ("cooperate" 0x0070 governing "provide aid" 0x0040) do not add up
  // to a third content (0x00B0 would be mass violence; "agreed/0x0080 to restore ties/
  // 0x0080" would be 0x0100, reduce): the inner, specific act stands. Only consultations
  // (0x001x: "visited to hold talks") add up, into the ontology's alias lines.
  if (outer >= 0 && outer < 0x1000 && (outer & 0xFF) != 0 && inner >= 0 && inner < 0x1000 &&
      !((outer & 0xFF0) == 0x010 && (inner & 0xFF0) == 0x010)) {
    return inner;
  }
  if (outer >= 0x1000 && outer < 0x10000 && inner >= 0x1000) return inner;
  return outer + inner;
}

}  // namespace dyad::coder
