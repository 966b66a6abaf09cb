// The one dateline recogniser of dyad. A news dateline opens a story: "MOSCOW, Aug 21
// (Reuters) -", "WASHINGTON, March 3, 2019 (AP) —", "LONDON, 21 August 2019 /PRNewswire/
// --", "GAZA CITY, Palestinian Territories:". Three questions are asked of it, each by
// one function here:
//  - FindDateline: the date it gives (dates a document that has none);
//  - DatelineLength: its byte length, so the Engine can blank it before parsing (else
//    its place name becomes the subject of the first sentence);
//  - the tokenizer's DatelineEnd (tokenizer.cc): where the dateline sentence ends, since
//    EWT makes a dateline a sentence of its own.
// Thread-safety: pure functions.
#ifndef DYAD_TEXT_DATELINE_H_
#define DYAD_TEXT_DATELINE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
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

}  // namespace dyad::text

#endif  // DYAD_TEXT_DATELINE_H_
