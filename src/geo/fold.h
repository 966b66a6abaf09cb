// Place-name folding: the key under which the gazetteer stores and looks up a name.
// Lowercase, accents of Latin letters removed ("São Paulo" -> "sao paulo", "Kraków" ->
// "krakow", "Şanlıurfa" -> "sanliurfa"), apostrophes dropped ("Sana'a" -> "sanaa"), every
// other run of punctuation or space one space ("Port-au-Prince" -> "port au prince"),
// trimmed. Non-Latin letters are kept as they are. Thread-safety: pure function.
#ifndef DYAD_GEO_FOLD_H_
#define DYAD_GEO_FOLD_H_

#include <string>
#include <string_view>

namespace dyad::geo {

std::string FoldPlaceName(std::string_view name);

}  // namespace dyad::geo

#endif  // DYAD_GEO_FOLD_H_
