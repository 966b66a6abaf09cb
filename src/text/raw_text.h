// The raw text of a gold CoNLL-U document as the CoNLL 2018 shared task built it for
// tokenization from raw text: the sentences of a paragraph joined by one space (or by
// nothing when the sentence's last token has SpaceAfter=No), paragraphs separated by a blank
// line; a paragraph starts at every sentence with Sentence::new_paragraph (set by
// "# newpar" and "# newdoc"). Used by the text stage's training (gold spans into the text)
// and by raw-text evaluation. Thread-safety: pure functions.
#ifndef DYAD_TEXT_RAW_TEXT_H_
#define DYAD_TEXT_RAW_TEXT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "dyad/document.h"

namespace dyad {

// Byte spans of the gold tokens and sentences inside the text RawTextFromGold builds.
struct GoldSpans {
  struct Span {
    uint32_t begin = 0, end = 0;
  };
  std::vector<Span> tokens;
  std::vector<Span> sentences;
  // Index of the first sentence of each paragraph (into `sentences`).
  std::vector<uint32_t> paragraph_starts;
};

// Returns the raw text of `gold` (see above). When `spans` is not null it receives where
// each gold token and sentence landed in that text.
std::string RawTextFromGold(const Document& gold, GoldSpans* spans = nullptr);

}  // namespace dyad

#endif  // DYAD_TEXT_RAW_TEXT_H_
