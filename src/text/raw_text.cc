#include "text/raw_text.h"

namespace dyad {

std::string RawTextFromGold(const Document& gold, GoldSpans* spans) {
  std::string out;
  out.reserve(gold.text.size() + gold.sentences.size());
  if (spans != nullptr) *spans = GoldSpans();
  bool previous_space_after = true;
  for (size_t si = 0; si < gold.sentences.size(); ++si) {
    const Sentence& s = gold.sentences[si];
    if (s.tokens.empty()) continue;
    const bool paragraph = out.empty() || s.new_paragraph;
    if (!out.empty()) {
      if (s.new_paragraph) {
        out += "\n\n";
      } else if (previous_space_after) {
        out += ' ';
      }
    }
    if (spans != nullptr && paragraph) {
      spans->paragraph_starts.push_back(static_cast<uint32_t>(spans->sentences.size()));
    }
    const uint32_t sentence_begin = static_cast<uint32_t>(out.size());
    for (size_t ti = 0; ti < s.tokens.size(); ++ti) {
      const Token& t = s.tokens[ti];
      const uint32_t begin = static_cast<uint32_t>(out.size());
      out += gold.TokenText(t);
      if (spans != nullptr) spans->tokens.push_back({begin, static_cast<uint32_t>(out.size())});
      if (ti + 1 < s.tokens.size() && t.space_after) out += ' ';
    }
    if (spans != nullptr) {
      spans->sentences.push_back({sentence_begin, static_cast<uint32_t>(out.size())});
    }
    previous_space_after = s.tokens.back().space_after;
  }
  if (!out.empty()) out += '\n';
  return out;
}

}  // namespace dyad
