// Character classes for the text stage: which code points are spaces, letters (and their
// case), digits or punctuation/symbols, and the small "symbol" alphabet that token and
// sentence features are built from. Pure inline functions; thread-safe.
#ifndef DYAD_TEXT_CHAR_CLASS_H_
#define DYAD_TEXT_CHAR_CLASS_H_

#include <cstdint>

#include "base/utf8.h"

namespace dyad::text {

enum class CharClass : uint8_t { kSpace, kUpper, kLower, kLetter, kDigit, kPunct };

inline CharClass Classify(char32_t c) {
  if (IsSpaceCodePoint(c)) return CharClass::kSpace;
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') return CharClass::kUpper;
    if (c >= 'a' && c <= 'z') return CharClass::kLower;
    if (c >= '0' && c <= '9') return CharClass::kDigit;
    return CharClass::kPunct;
  }
  if (c < 0xC0) {  // Latin-1 punctuation and symbols, except the three letters among them
    return (c == 0xAA || c == 0xB5 || c == 0xBA) ? CharClass::kLetter : CharClass::kPunct;
  }
  if (c <= 0xFF) {
    if (c == 0xD7 || c == 0xF7) return CharClass::kPunct;
    return c < 0xDF ? CharClass::kUpper : CharClass::kLower;
  }
  if ((c >= 0x2010 && c <= 0x2BFF) || (c >= 0x2E00 && c <= 0x2E7F) ||
      (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) ||
      (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) || c == 0xFFFD ||
      (c >= 0x1F000 && c <= 0x1FAFF)) {
    return CharClass::kPunct;
  }
  return CharClass::kLetter;
}

inline bool IsAlnum(CharClass k) { return k != CharClass::kSpace && k != CharClass::kPunct; }
inline bool IsLetter(CharClass k) {
  return k == CharClass::kUpper || k == CharClass::kLower || k == CharClass::kLetter;
}

// Lowercases ASCII and Latin-1 capitals; other code points are returned unchanged.
inline char32_t FoldCase(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xC0 && c < 0xDF && c != 0xD7) return c + 32;
  return c;
}

// Punctuation folded to one representative for features: typographic quotes and
// apostrophes to ASCII, dashes to '-'.
inline char32_t FoldPunct(char32_t c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x2032:
    case '`':
    case 0xB4:
      return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0xAB:
    case 0xBB:
    case 0x2033:
      return '"';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return '-';
    default:
      return c;
  }
}

// The feature symbol of a character: letters by case ('X', 'x', 'L'), digits as 'd',
// punctuation as the folded character itself.
inline char32_t Symbol(char32_t c, CharClass k) {
  switch (k) {
    case CharClass::kUpper:
      return 'X';
    case CharClass::kLower:
      return 'x';
    case CharClass::kLetter:
      return 'L';
    case CharClass::kDigit:
      return 'd';
    case CharClass::kSpace:
      return ' ';
    case CharClass::kPunct:
      break;
  }
  return FoldPunct(c);
}

}  // namespace dyad::text

#endif  // DYAD_TEXT_CHAR_CLASS_H_
