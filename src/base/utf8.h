// UTF-8 validation, repair and decoding. Outside text is repaired once at the edge
// (invalid sequences and NUL bytes become U+FFFD and are counted), so every later stage
// may assume valid UTF-8. Thread-safety: pure functions.
#ifndef DYAD_BASE_UTF8_H_
#define DYAD_BASE_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace dyad {

// Length of the valid UTF-8 sequence starting at s[pos], or 0 if it is invalid
// (overlong, surrogate, truncated, > U+10FFFF). REQUIRES: pos < s.size().
size_t Utf8SequenceLength(std::string_view s, size_t pos);

bool IsValidUtf8(std::string_view s);

// Replaces every invalid byte sequence and every NUL byte of `s` by U+FFFD.
// Returns the number of replacements (0 when `s` was already valid and NUL-free).
size_t RepairUtf8(std::string* s);

// Decodes the code point at s[*pos] and advances *pos past it. Invalid bytes decode as
// U+FFFD and advance by one byte. REQUIRES: *pos < s.size().
char32_t DecodeUtf8(std::string_view s, size_t* pos);

// Whether `cp` is a space: ASCII whitespace (\t..\r, ' ') or a Unicode space separator
// (U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000). The
// tokenizer's notion of a space (text/char_class.h).
inline bool IsSpaceCodePoint(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= '\t' && cp <= '\r');
  return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Whether `s` holds nothing but spaces (IsSpaceCodePoint): a text with no word in it.
bool IsBlankText(std::string_view s);

// Appends the UTF-8 encoding of `cp` to `out`.
void AppendUtf8(char32_t cp, std::string* out);

// ASCII case-insensitive comparison: `s` with A-Z lowercased equals `lower` (which must
// be lowercase already).
bool EqualsLowerAscii(std::string_view s, std::string_view lower);

}  // namespace dyad

#endif  // DYAD_BASE_UTF8_H_
