#include "geo/fold.h"

#include "base/utf8.h"

namespace dyad::geo {
namespace {

// U+00C0..U+00FF and U+0100..U+017F to their base letters ('_' = not a letter).
constexpr std::string_view kLatin1 =
    "aaaaaaaceeeeiiiidnooooo_ouuuuyts"
    "aaaaaaaceeeeiiiidnooooo_ouuuuyty";
constexpr std::string_view kLatinExtA =
    "aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii" "iijjjjkkklllllll"
    "lllnnnnnnnnnoooo" "oooorrrrrrssssss" "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";
static_assert(kLatin1.size() == 64 && kLatinExtA.size() == 128);

// The folded ASCII letter of `c`, or 0 when `c` is not a Latin letter or digit.
char FoldLetter(char32_t c) {
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return static_cast<char>(c);
  if (c >= 0xC0 && c <= 0xFF) return kLatin1[c - 0xC0] == '_' ? 0 : kLatin1[c - 0xC0];
  if (c >= 0x100 && c <= 0x17F) return kLatinExtA[c - 0x100];
  switch (c) {
    case 0x218: case 0x219: return 's';  // Ș ș
    case 0x21A: case 0x21B: return 't';  // Ț ț
    case 0x259: case 0x18F: return 'e';  // ə Ə
    default: return 0;
  }
}

bool IsApostrophe(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x2BC || c == 0x60; }

}  // namespace

std::string FoldPlaceName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  size_t pos = 0;
  while (pos < name.size()) {
    const size_t start = pos;
    const char32_t c = DecodeUtf8(name, &pos);
    if (IsApostrophe(c)) continue;
    const char f = FoldLetter(c);
    const bool other_letter = f == 0 && c >= 0x180 && c != 0xFFFD && !(c >= 0x2000 && c <= 0x2BFF);
    if (f == 0 && !other_letter) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    if (f != 0) {
      out.push_back(f);
    } else {
      out.append(name.substr(start, pos - start));
    }
  }
  return out;
}

}  // namespace dyad::geo
