// The one dateline recogniser of dyad. A news dateline opens a story: "MOSCOW, Aug 21
// (Reuters) -", "WASHINGTON, March 3, 2019 (AP) —", "LONDON, 21 August 2019 /PRNewswire/
// --", "GAZA CITY, Palestinian Territories:". Three questions are asked of it, each by
// one function here:
//  - FindDateline: the date it gives (dates a document that has none);
//  - DatelineLength: its byte length, so the Engine can blank it before parsing (else
//    its place name becomes the subject of the first sentence);
//  - DatelineEnd: where the dateline sentence ends in a tokenized paragraph, since EWT
//    makes a dateline a sentence of its own (the tokenizer cuts it there).
// The three read different things (a line of text, the text's head, tokens) and accept
// different datelines, but share their pieces: the dash forms and the capitals of a place.
// Thread-safety: pure functions.
#ifndef DYAD_TEXT_DATELINE_H_
#define DYAD_TEXT_DATELINE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dyad::text {

struct Dateline {
  int32_t date = 0;  // YYYYMMDD
  std::string text;  // the date as written ("Aug 21")
};

// A dated dateline at the start of `text`, looked for at the start of each of the first
// three non-empty lines. A date counts as a dateline only when what follows it is an
// agency in parentheses or slashes, a dash, or the end of the line. A dateline without a
// year takes the year that makes it the latest date not after reference_date + 1 day
// (reference_date = YYYYMMDD, e.g. the file's mtime; 0 = no reference → nullopt for
// yearless datelines). nullopt when the text has no dated dateline.
std::optional<Dateline> FindDateline(std::string_view text, int32_t reference_date);

// The byte length of a dateline at the start of `text` ("MOSCOW, Aug 21 (Reuters) - ",
// "WASHINGTON (AP) -- ", "KYIV, March 3, 2022 — "), including the dash and the spaces
// after it; 0 when the text does not open with one. A dateline here is an all-capitals
// place name (or a line FindDateline reads as a dated dateline), then up to ~120 bytes of
// date, agency in parentheses or slashes, then a dash surrounded by spaces.
size_t DatelineLength(std::string_view text);

// A token of a paragraph: bytes [begin, end) of the paragraph's text, and whether a space
// follows it.
struct TokenSpan {
  uint32_t begin = 0, end = 0;
  bool space_after = false;
};

// DatelineEnd reads at most this many tokens, and the one after the dateline.
inline constexpr size_t kDatelineMaxTokens = 16;

// A news dateline opening a paragraph is a sentence of its own in EWT ("WASHINGTON
// (Reuters) -", "NEW DELHI -", "PONCHATOULA, La. --"): a place in capitals (4+ letters),
// then optionally a region in capitalised words after a comma and an agency in
// parentheses, then a spaced dash before a capitalised word, or a colon after a region or
// an agency ("GAZA CITY, Palestinian Territories: Four children ..."). A bare "WORD:" is
// left to the tokenizer's model: EWT writes labels that way too ("DATE: Tuesday", "STEP
// ONE: You"). `tokens` are the paragraph's tokens in order, into `text`, or at least its
// first kDatelineMaxTokens + 1 of them (a shorter span is the whole paragraph). Returns
// the index of the dateline's last token, or -1 when the paragraph opens with none.
// REQUIRES: every token is non-empty and lies inside `text`.
int DatelineEnd(std::span<const TokenSpan> tokens, std::string_view text);

}  // namespace dyad::text

#endif  // DYAD_TEXT_DATELINE_H_
