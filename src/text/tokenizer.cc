// The text stage: paragraphs, tokens, multiword tokens and sentences from raw UTF-8.
//
// Design. The text is read once, left to right, in four layers, each linear in the input:
//
//  1. Paragraphs and chunks. Whitespace separates "chunks"; whitespace holding two or more
//     line feeds (a blank line) ends a paragraph, and a paragraph always ends a sentence.
//
//  2. Tokens inside a chunk. A chunk made only of letters, or only of digits, is one token
//     (about 85% of English chunks, decided without features). In the others, every position
//     next to a punctuation character or at a letter/digit change is a candidate boundary,
//     decided left to right by a binary averaged perceptron (Collins 2002) over hashed
//     features: the characters and character classes around the position, the alphanumeric
//     words to its left and right, the token built so far (which is how "Mr." "U.S." "e.g."
//     and "etc." stay whole while "it." splits: the model learns EWT's abbreviation lexicon),
//     shapes, and the case of the next chunk. This follows UDPipe 1 (Straka et al. 2016),
//     which also learns EWT's segmentation from its SpaceAfter=No data rather than from
//     hand rules — EWT's conventions (split most hyphenated compounds but keep "e-mail",
//     "pre-owned" whole; "and/or" → "and / or" but "11/28/2000" whole; "7:30PM" → "7:30 PM";
//     "100%" → "100 %"; "$5" → "$ 5") are too irregular for a short rule list. Only URLs,
//     e-mail addresses and emoticons are fixed by rule (kept whole), since they are rare in
//     training but must never be cut; dates ("01-Feb-02"), phone numbers and file names
//     ("report.pdf") are kept whole by rule too, their edges left to the model.
//
//  3. Multiword tokens. UD English-EWT (v2.13+) writes contractions and possessives as
//     multiword tokens: "don't" → do n't, "can't" → ca n't, "won't" → wo n't, "cannot" →
//     can not, "gonna" → gon na, "Bush's" → Bush 's, "parents'" → parents '. Productive
//     suffix rules handle 's 'm 're 've 'll 'd n't and s' (with ' ’ `); a lexicon learned
//     from the training data overrides them wherever the treebank's majority analysis of a
//     lowercased form differs from the rules ("its" stays whole although it is "it s" 56
//     times; "dont" → do nt; "im" → i m). Words are byte substrings of their token.
//
//  4. Sentences. EWT is web text: many sentences end without punctuation, so every token
//     boundary inside a paragraph is a candidate, decided greedily left to right by a second
//     averaged perceptron over the neighbouring tokens' lowercased forms and shapes, spacing,
//     the length of the sentence so far and the distance to the paragraph's end (a
//     Punkt-like abbreviation/sentence-starter signal comes from the word features; Kiss &
//     Strunk 2006). It is trained on the stage's own tokens of the training text, so it sees
//     the same input at training and run time. A sentence reaching
//     TokenizerOptions::max_sentence_tokens is cut there and counted. A news dateline
//     opening a paragraph ("WASHINGTON (Reuters) -") is a sentence of its own, as in EWT;
//     it is cut off by rule (text::DatelineEnd, dateline.h), being too rare in EWT for the
//     model to learn.
//
// Training lives in src/train/tokenizer_train.cc (TrainTokenizer); the pieces it shares
// with inference (chunk segmenter, sentence decider, lexicon) are in tokenizer_internal.h.
//
// The "text" section of the model file (little-endian, base/binary.h), version 1:
//   u32 section version (1)
//   perceptron  token boundaries      } each: u32 bits, u64 n + n × u32 weight index,
//   perceptron  sentence boundaries   }       u64 n + n × f32 weight (non-zero weights)
//   u32 entries, then per entry: string lowercased form (u32 length + bytes, <= 24),
//       u8 cuts (< 4), cuts × u8 byte offset (increasing, inside the form), u8 ambiguous
//   perceptron  context model for ambiguous multiword forms
// Feature hashes are part of the format: changing a feature template changes the meaning
// of the weights and needs a new section version.
//
// Budgets: every feature looks at a bounded window (at most 24 characters or 3 tokens), so
// a 10 MB chunk or a paragraph without punctuation costs linear time; memory is the tokens.
// Thread-safety: a Tokenizer is immutable after TrainTokenizer/Load; Tokenize is const and keeps its
// scratch on the stack of the call.
#include "text/tokenizer.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/hash.h"
#include "base/utf8.h"
#include "text/char_class.h"
#include "text/dateline.h"
#include "text/perceptron.h"
#include "text/tokenizer_internal.h"

namespace dyad {

using hash::Combine;
using text::CharClass;
using text::HashedPerceptron;

namespace text::tokenizer_internal {
namespace {

constexpr uint32_t kTextSectionVersion = 1;


// ---------------------------------------------------------------------------------------
// Chunks.

}  // namespace

// Decodes text[pos..] up to the next whitespace into `cps`. Returns the end byte offset.
size_t DecodeChunk(std::string_view text, size_t pos, size_t limit, std::vector<Cp>* cps) {
  cps->clear();
  while (pos < limit) {
    const size_t start = pos;
    const unsigned char b = static_cast<unsigned char>(text[pos]);
    char32_t c;
    if (b < 0x80) {
      c = b;
      ++pos;
    } else {
      c = DecodeUtf8(text, &pos);
      if (pos > limit) pos = limit;
    }
    const CharClass k = text::Classify(c);
    if (k == CharClass::kSpace) return start;
    cps->push_back({text::FoldCase(c), static_cast<uint32_t>(start), text::Symbol(c, k), k});
  }
  return pos;
}

// Skips whitespace from `pos`; returns the new position and counts line feeds.
size_t SkipSpace(std::string_view text, size_t pos, size_t limit, int* newlines) {
  while (pos < limit) {
    const unsigned char b = static_cast<unsigned char>(text[pos]);
    if (b < 0x80) {
      if (b == ' ' || (b >= '\t' && b <= '\r')) {
        *newlines += b == '\n';
        ++pos;
        continue;
      }
      return pos;
    }
    size_t next = pos;
    const char32_t c = DecodeUtf8(text, &next);
    if (text::Classify(c) != CharClass::kSpace) return pos;
    pos = next;
  }
  return pos;
}

namespace {

// ---------------------------------------------------------------------------------------
// Layer 2: tokens inside a chunk.

bool Matches(const std::vector<Cp>& cps, size_t i, std::string_view s) {
  if (i + s.size() > cps.size()) return false;
  for (size_t k = 0; k < s.size(); ++k) {
    if (cps[i + k].low != static_cast<unsigned char>(s[k])) return false;
  }
  return true;
}

bool IsEmoticon(const std::vector<Cp>& cps) {
  static constexpr std::array<std::string_view, 22> kEmoticons = {
      ":)", ":(",  ":d", ":p", ":-)", ":-(", ":-d", ":-p", ";)", ";-)", ":o",
      ":/", ":'(", "=)", "=(", "<3",  ":]",  ":[",  ";p",  "xd", "^_^", ":-/"};
  for (std::string_view e : kEmoticons) {
    if (cps.size() == e.size() && Matches(cps, 0, e)) return true;
  }
  return false;
}

bool UrlChar(const Cp& c) {
  return c.cls != CharClass::kPunct ||
         (c.low < 0x80 && c.low != '"' && c.low != '<' && c.low != '>');
}
bool TrailingUrlPunct(char32_t c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' ||
         c == ']' || c == '}' || c == '"' || c == '\'' || c == '>' || c == 0x2019 || c == 0x201D;
}
bool EmailChar(const Cp& c) {
  return IsAlnum(c.cls) || c.low == '.' || c.low == '_' || c.low == '-' || c.low == '%' ||
         c.low == '+';
}


// Length of the run of digits starting at i.
size_t DigitRun(const std::vector<Cp>& cps, size_t i) {
  size_t k = i;
  while (k < cps.size() && cps[k].cls == CharClass::kDigit) ++k;
  return k - i;
}

bool IsMonthAbbrev(const std::vector<Cp>& cps, size_t i) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (i + 3 > cps.size() || (i + 3 < cps.size() && IsAlnum(cps[i + 3].cls))) return false;
  for (std::string_view m : kMonths) {
    if (Matches(cps, i, m)) return true;
  }
  return false;
}

// Numeric expressions EWT keeps whole although they contain '-' or '/': dates
// ("11-20-2000", "01-Feb-02") and phone numbers ("713-853-3989", "345-9945", "1-800-...").
// Returns the end of the expression starting at the digit run at i, or i.
size_t NumericExpressionEnd(const std::vector<Cp>& cps, size_t i) {
  size_t groups[5];
  size_t ends[5];
  int n = 0;
  char32_t sep = 0;
  size_t k = i;
  bool month = false;
  while (n < 5) {
    size_t len = DigitRun(cps, k);
    if (len == 0 && n == 1 && sep == '-' && IsMonthAbbrev(cps, k)) {
      len = 3;
      month = true;
    }
    if (len == 0) break;
    groups[n] = len;
    ends[n] = k + len;
    ++n;
    k += len;
    if (k + 1 >= cps.size()) break;
    const char32_t c = cps[k].low;
    if (c != '-' && c != '/' && c != '.') break;
    if (sep != 0 && c != sep) break;
    if (n == 1) sep = c;
    ++k;
  }
  if (n >= 2 && ends[n - 1] < cps.size() && IsAlnum(cps[ends[n - 1]].cls)) return i;
  if (month) {
    return n == 3 && groups[0] <= 2 && (groups[2] == 2 || groups[2] == 4) ? ends[2] : i;
  }
  if (n == 3 && sep != '.' && groups[0] <= 2 && groups[1] <= 2 &&
      (groups[2] == 2 || groups[2] == 4)) {
    return ends[2];  // numeric date
  }
  if (sep == '/') return i;
  if (n == 2 && groups[0] == 3 && groups[1] == 4 && sep == '-') return ends[1];
  if (n == 3 && groups[0] == 3 && groups[1] == 3 && groups[2] == 4) return ends[2];
  if (n == 4 && groups[0] == 1 && groups[1] == 3 && groups[2] == 3 && groups[3] == 4) {
    return ends[3];
  }
  return i;
}

// Length of a file-name extension ("doc", "PDF") starting at i and ending the alphanumeric
// run, or 0.
size_t FileExtensionAt(const std::vector<Cp>& cps, size_t i) {
  static constexpr std::array<std::string_view, 22> kExtensions = {
      "csv", "doc", "docx", "exe", "gif", "htm", "html", "jpeg", "jpg",  "mp3", "pdf",
      "png", "ppt", "pptx", "rtf", "txt", "vcf", "wav",  "xls",  "xlsx", "xml", "zip"};
  size_t e = i;
  while (e < cps.size() && IsAlnum(cps[e].cls) && e - i < 5) ++e;
  if (e < cps.size() && IsAlnum(cps[e].cls)) return 0;
  for (std::string_view x : kExtensions) {
    if (x.size() == e - i && Matches(cps, i, x)) return x.size();
  }
  return 0;
}

bool FileNameChar(const Cp& c) {
  return IsAlnum(c.cls) || c.low == '_' || c.low == '-' || c.low == '#';
}

// Finds URLs, e-mail addresses, file names, dates and phone numbers in a chunk, in order.
void FindProtected(const std::vector<Cp>& cps, std::vector<Protected>* out) {
  out->clear();
  const size_t n = cps.size();
  size_t i = 0;
  while (i < n) {
    const bool after_boundary = i == 0 || !IsAlnum(cps[i - 1].cls);
    if (after_boundary &&
        (Matches(cps, i, "http://") || Matches(cps, i, "https://") || Matches(cps, i, "ftp://") ||
         Matches(cps, i, "www.") || Matches(cps, i, "mailto:"))) {
      size_t e = i;
      while (e < n && UrlChar(cps[e])) ++e;
      while (e > i && TrailingUrlPunct(cps[e - 1].low)) --e;
      if (e > i + 4) {
        out->push_back({i, e, true});
        i = e;
        continue;
      }
    }
    if (cps[i].low == '@' && i > 0 && i + 1 < n) {
      const size_t floor = out->empty() ? 0 : out->back().end;
      size_t b = i;
      while (b > floor && EmailChar(cps[b - 1])) --b;
      while (b < i && !IsAlnum(cps[b].cls)) ++b;
      size_t e = i + 1;
      while (e < n &&
             (IsAlnum(cps[e].cls) || cps[e].low == '.' || cps[e].low == '-' || cps[e].low == '_')) {
        ++e;
      }
      while (e > i + 1 && !IsAlnum(cps[e - 1].cls)) --e;
      bool letter_in_domain = false;
      for (size_t k = i + 1; k < e; ++k) letter_in_domain |= text::IsLetter(cps[k].cls);
      if (b < i && letter_in_domain) {
        out->push_back({b, e, true});
        i = e;
        continue;
      }
    }
    if (cps[i].low == '.' && i > 0 && IsAlnum(cps[i - 1].cls) && i + 1 < n) {
      if (const size_t ext = FileExtensionAt(cps, i + 1); ext > 0) {
        // "PADDIIstocksCL.pdf", "02-05-02.doc": a file name is one token (EWT).
        size_t floor = out->empty() ? 0 : out->back().end;
        size_t b = i;
        if (!out->empty() && !out->back().forced && out->back().end == i) {
          b = floor = out->back().begin;
          out->pop_back();
        }
        while (b > floor && FileNameChar(cps[b - 1])) --b;
        while (b < i && !IsAlnum(cps[b].cls)) ++b;
        out->push_back({b, i + 1 + ext, false});
        i += 1 + ext;
        continue;
      }
    }
    if (cps[i].cls == CharClass::kDigit && after_boundary) {
      const size_t e = NumericExpressionEnd(cps, i);
      if (e > i) {
        out->push_back({i, e, false});
        i = e;
        continue;
      }
      i += DigitRun(cps, i);
      continue;
    }
    ++i;
  }
}

// Abbreviations common in news that EWT's training data has too few of; the model sees
// membership as a feature (it still learns the rest of the lexicon from the data).
bool IsKnownAbbreviation(std::string_view lower) {
  static constexpr std::array<std::string_view, 96> kAbbrevs = {
      "a.m", "adm",    "al",   "approx", "apr",  "ariz", "assn", "aug",  "ave",  "blvd", "bros",
      "ca",  "calif",  "capt", "cdr",    "cf",   "cmdr", "co",   "col",  "colo", "conn", "corp",
      "cpl", "dec",    "dept", "dr",     "e.g",  "esp",  "est",  "etc",  "feb",  "fig",  "fla",
      "fri", "ft",     "ga",   "gen",    "gov",  "hon",  "hwy",  "i.e",  "ill",  "inc",  "jan",
      "jr",  "jul",    "jun",  "kan",    "ky",   "la",   "lt",   "ltd",  "maj",  "mar",  "mass",
      "md",  "messrs", "mich", "minn",   "miss", "mo",   "mon",  "mr",   "mrs",  "ms",   "mt",
      "no",  "nov",    "oct",  "okla",   "ont",  "ore",  "p.m",  "pa",   "ph.d", "pp",   "prof",
      "pvt", "rd",     "rep",  "rev",    "sat",  "sen",  "sep",  "sept", "sgt",  "sr",   "st",
      "sun", "tenn",   "thu",  "tue",    "u.k",  "u.n",  "u.s",  "vs"};
  return std::binary_search(kAbbrevs.begin(), kAbbrevs.end(), lower);
}

constexpr uint64_t kBos = 0x110001, kEos = 0x110002;


class TokenFeatures {
 public:
  TokenFeatures(const std::vector<Cp>& cps, char32_t next_sym) : cps_(cps), next_sym_(next_sym) {}

  // Features of a boundary before character i, the current token starting at `ts`.
  void Extract(size_t i, size_t ts, std::vector<uint64_t>* f) const {
    const size_t n = cps_.size();
    f->clear();
    const uint64_t at_end = i + 1 == n;
    const uint64_t cm2 = Ch(i, -2), cm1 = Ch(i, -1), c0 = Ch(i, 0), c1 = Ch(i, 1);
    f->push_back(Key(1, 0, 0, 0));
    f->push_back(Key(2, cm1, c0, 0));
    f->push_back(Key(3, cm2, cm1, c0));
    f->push_back(Key(4, cm1, c0, c1));
    uint64_t s6 = 5;
    for (int d = -3; d <= 2; ++d) s6 = Combine(s6, Sym(i, d));
    f->push_back(s6);
    f->push_back(Key(6, Sym(i, -2), Sym(i, -1), Combine(Sym(i, 0), Sym(i, 1))));
    const uint64_t left = LeftWord(i);
    const uint64_t right = RightWord(i);
    f->push_back(Key(7, left, c0, at_end));
    f->push_back(Key(8, right, cm1, c0));
    const uint64_t so_far = SoFar(i, ts);
    f->push_back(Key(9, so_far, c0, at_end));
    f->push_back(Key(10, ShapeBack(i, ts), Sym(i, 0), ShapeForward(i)));
    f->push_back(Key(11, at_end ? next_sym_ : 0, c0, ShapeBack(i, ts)));
    f->push_back(Key(12, left, c0, c1));
    f->push_back(
        Key(13, std::min<size_t>(n - i, 3), std::min<size_t>(i - ts, 3), Combine(cm1, c0)));
    f->push_back(Key(14, so_far, c0, c1));
    f->push_back(Key(15, ExactShape(i, -1), c0,
                     ExactShape(c0 == kEos || IsAlnum(cps_[i].cls) ? i : i + 1, 1)));
    if (c0 == '.') {
      f->push_back(Key(16, KnownAbbreviationBefore(i, ts), at_end, at_end ? next_sym_ : c1));
    }
  }

 private:
  static uint64_t Key(uint64_t t, uint64_t a, uint64_t b, uint64_t c) {
    return Combine(Combine(Combine(t * 0x51ED27, a), b), c);
  }
  uint64_t Ch(size_t i, int d) const {
    const ptrdiff_t k = static_cast<ptrdiff_t>(i) + d;
    if (k < 0) return kBos;
    if (k >= static_cast<ptrdiff_t>(cps_.size())) return kEos;
    return cps_[k].cls == CharClass::kPunct ? text::FoldPunct(cps_[k].low) : cps_[k].low;
  }
  uint64_t Sym(size_t i, int d) const {
    const ptrdiff_t k = static_cast<ptrdiff_t>(i) + d;
    if (k < 0) return kBos;
    if (k >= static_cast<ptrdiff_t>(cps_.size())) return kEos;
    return cps_[k].sym;
  }
  // Lowercased alphanumeric run ending just before i (at most 20 characters).
  uint64_t LeftWord(size_t i) const {
    uint64_t h = 0x1EF7;
    size_t k = i;
    int len = 0;
    while (k > 0 && IsAlnum(cps_[k - 1].cls) && len < 20) {
      --k;
      ++len;
    }
    for (size_t j = k; j < i; ++j) h = Combine(h, cps_[j].low);
    return h;
  }
  // Lowercased alphanumeric run starting at i, or at i+1 when i is punctuation.
  uint64_t RightWord(size_t i) const {
    uint64_t h = 0x819;
    size_t k = i;
    if (k < cps_.size() && !IsAlnum(cps_[k].cls)) ++k;
    for (int len = 0; k < cps_.size() && IsAlnum(cps_[k].cls) && len < 20; ++k, ++len) {
      h = Combine(h, cps_[k].low);
    }
    return h;
  }
  // Uncollapsed shape of the alphanumeric run ending before `i` (dir -1) or starting at
  // `i` (dir 1), at most 8 characters ("dddd", "XXdd").
  uint64_t ExactShape(size_t i, int dir) const {
    uint64_t h = dir < 0 ? 0xE5A : 0xE5B;
    if (dir < 0) {
      for (size_t k = i, len = 0; k > 0 && IsAlnum(cps_[k - 1].cls) && len < 8; --k, ++len) {
        h = Combine(h, cps_[k - 1].sym);
      }
    } else {
      for (size_t k = i, len = 0; k < cps_.size() && IsAlnum(cps_[k].cls) && len < 8; ++k, ++len) {
        h = Combine(h, cps_[k].sym);
      }
    }
    return h;
  }
  // Whether the token so far is a known abbreviation (before its period at i).
  uint64_t KnownAbbreviationBefore(size_t i, size_t ts) const {
    if (i - ts > 6) return 0;
    char buf[8];
    for (size_t k = ts; k < i; ++k) {
      if (cps_[k].low >= 0x80) return 0;
      buf[k - ts] = static_cast<char>(cps_[k].low);
    }
    return IsKnownAbbreviation(std::string_view(buf, i - ts)) ? 1 : 2;
  }
  // The current token so far (its last 24 characters).
  uint64_t SoFar(size_t i, size_t ts) const {
    uint64_t h = 0x50FA;
    const size_t b = i - ts > 24 ? i - 24 : ts;
    if (b > ts) h = Combine(h, 0xFFFF);
    for (size_t j = b; j < i; ++j) h = Combine(h, cps_[j].low);
    return h;
  }
  uint64_t ShapeBack(size_t i, size_t ts) const {
    uint64_t h = 0x5BAC;
    const size_t b = i - ts > 12 ? i - 12 : ts;
    char32_t prev = 0;
    for (size_t j = b; j < i; ++j) {
      if (cps_[j].sym != prev) h = Combine(h, prev = cps_[j].sym);
    }
    return h;
  }
  uint64_t ShapeForward(size_t i) const {
    uint64_t h = 0x5F0;
    const size_t e = std::min(cps_.size(), i + 8);
    char32_t prev = 0;
    for (size_t j = i; j < e; ++j) {
      if (cps_[j].sym != prev) h = Combine(h, prev = cps_[j].sym);
    }
    return h;
  }

  const std::vector<Cp>& cps_;
  char32_t next_sym_;
};

bool IsCandidate(const std::vector<Cp>& cps, size_t i) {
  const CharClass a = cps[i - 1].cls, b = cps[i].cls;
  if (a == CharClass::kPunct || b == CharClass::kPunct) return true;
  return (a == CharClass::kDigit) != (b == CharClass::kDigit);
}


}  // namespace

// Segments one chunk: appends to `starts` the character indices (> 0) where a new token
// begins. When `gold` is set (training), it holds for each character whether a gold token
// starts there; the perceptron `train` is updated on mistakes and the gold decision is
// followed.
void SegmentChunk(const std::vector<Cp>& cps, char32_t next_sym, const HashedPerceptron& model,
                  SegmentScratch* scratch, std::vector<uint32_t>* starts, const uint8_t* gold,
                  HashedPerceptron* train) {
  const size_t n = cps.size();
  if (n <= 1) return;
  bool any = false;
  for (size_t i = 1; i < n && !any; ++i) any = IsCandidate(cps, i);
  if (!any || IsEmoticon(cps)) return;
  FindProtected(cps, &scratch->protect);
  const std::vector<Protected>& protect = scratch->protect;
  size_t next_protect = 0;
  TokenFeatures tf(cps, next_sym);
  size_t ts = 0;
  for (size_t i = 1; i < n; ++i) {
    while (next_protect < protect.size() && protect[next_protect].end < i) ++next_protect;
    const Protected* p = next_protect < protect.size() && protect[next_protect].begin <= i
                             ? &protect[next_protect]
                             : nullptr;
    bool cut;
    if (p != nullptr && i > p->begin && i < p->end) {
      cut = false;
    } else if (p != nullptr && p->forced) {
      cut = true;  // i is an edge of a URL or e-mail address
    } else if (!IsCandidate(cps, i)) {
      cut = false;
    } else {
      tf.Extract(i, ts, &scratch->feats);
      const float score = model.Score(scratch->feats);
      cut = score > 0;
      if (train != nullptr) {
        train->Tick();
        cut = gold[i] != 0;
        if (Mistake(score, cut)) train->Update(scratch->feats, cut ? 1.0f : -1.0f);
      }
    }
    if (cut) {
      starts->push_back(static_cast<uint32_t>(i));
      ts = i;
    }
  }
}

namespace {

// ---------------------------------------------------------------------------------------
// Layer 3: multiword tokens.


}  // namespace

// Lowercases ASCII into `buf`; returns the view, or empty when the token is too long.
std::string_view LowerKey(std::string_view tok, char* buf) {
  if (tok.size() > kMaxMwtBytes) return {};
  for (size_t i = 0; i < tok.size(); ++i) {
    const char c = tok[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  return std::string_view(buf, tok.size());
}

namespace {

// Length of an apostrophe (' ’ `) ending at byte `end` of `s`, or 0.
size_t ApostropheBefore(std::string_view s, size_t end) {
  if (end >= 1 && (s[end - 1] == '\'' || s[end - 1] == '`')) return 1;
  if (end >= 3 && s.substr(end - 3, 3) == "\xE2\x80\x99") return 3;
  return 0;
}

bool AllLetters(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80)) return false;
  }
  return true;
}

}  // namespace

// The productive suffix rules on a lowercased token.
Analysis RuleAnalysis(std::string_view l) {
  Analysis a;
  if (l.size() < 2 || l.size() > kMaxMwtBytes) return a;
  // "parents'": plural possessive.
  if (size_t ap = ApostropheBefore(l, l.size()); ap != 0) {
    const std::string_view stem = l.substr(0, l.size() - ap);
    if (stem.size() >= 2 && stem.back() == 's' && AllLetters(stem)) {
      a.cuts = 1;
      a.at[0] = static_cast<uint8_t>(stem.size());
    }
    return a;
  }
  static constexpr std::array<std::string_view, 6> kSuffixes = {"s", "m", "re", "ve", "ll", "d"};
  for (std::string_view suf : kSuffixes) {
    if (l.size() <= suf.size() || l.substr(l.size() - suf.size()) != suf) continue;
    const size_t ap = ApostropheBefore(l, l.size() - suf.size());
    if (ap == 0) continue;
    const size_t cut = l.size() - suf.size() - ap;
    if (cut == 0) return a;
    if (suf == "ve" || suf == "s" || suf == "d" || suf == "ll" || suf == "re" || suf == "m") {
      // "n't've" and friends are rare; only a letter stem is split.
      if (!AllLetters(l.substr(0, cut))) return a;
    }
    a.cuts = 1;
    a.at[0] = static_cast<uint8_t>(cut);
    return a;
  }
  if (l.back() == 't') {
    const size_t ap = ApostropheBefore(l, l.size() - 1);
    if (ap != 0 && l.size() >= ap + 3 && l[l.size() - 2 - ap] == 'n') {
      const size_t cut = l.size() - 2 - ap;
      if (cut >= 1 && AllLetters(l.substr(0, cut))) {
        a.cuts = 1;
        a.at[0] = static_cast<uint8_t>(cut);
      }
    }
  }
  return a;
}

namespace {

Analysis Analyze(const MwtLexicon& lexicon, std::string_view tok) {
  char buf[kMaxMwtBytes];
  const std::string_view key = LowerKey(tok, buf);
  if (key.empty()) return {};
  if (auto it = lexicon.find(key); it != lexicon.end()) return it->second;
  return RuleAnalysis(key);
}

// ---------------------------------------------------------------------------------------
// Layer 4: sentences.

uint64_t LengthBucket(size_t n) {
  static constexpr std::array<size_t, 9> kEdges = {1, 2, 3, 5, 8, 12, 20, 30, 50};
  uint64_t b = 0;
  while (b < kEdges.size() && n > kEdges[b]) ++b;
  return b;
}

class SentenceFeatures {
 public:
  explicit SentenceFeatures(const std::vector<PTok>& toks) : t_(toks) {}

  // Features of a sentence end after token t; the sentence started at token `start`.
  void Extract(size_t t, size_t start, std::vector<uint64_t>* f) const {
    f->clear();
    const uint64_t w0 = W(t, 0), w1 = W(t, 1), wm1 = W(t, -1), w2 = W(t, 2);
    const uint64_t s0 = S(t, 0), s1 = S(t, 1), sm1 = S(t, -1), s2 = S(t, 2);
    const uint64_t len = LengthBucket(t - start + 1);
    const uint64_t rest = LengthBucket(t_.size() - 1 - t);
    const uint64_t space = t_[t].space_after;
    f->push_back(Key(1, 0, 0, 0));
    f->push_back(Key(2, w0, 0, 0));
    f->push_back(Key(3, w1, 0, 0));
    f->push_back(Key(4, wm1, w0, 0));
    f->push_back(Key(5, w0, w1, 0));
    f->push_back(Key(6, s0, s1, 0));
    f->push_back(Key(7, sm1, s0, s1));
    f->push_back(Key(8, s0, s1, s2));
    f->push_back(Key(9, w0, s1, 0));
    f->push_back(Key(10, s0, w1, 0));
    f->push_back(Key(11, space, s0, s1));
    f->push_back(Key(12, len, s0, 0));
    f->push_back(Key(13, rest, s0, 0));
    f->push_back(Key(14, w1, w2, 0));
    f->push_back(Key(15, sm1, w0, 0));
    f->push_back(Key(16, len, s1, 0));
    f->push_back(Key(17, len, rest, s0));
    f->push_back(Key(18, w0, space, s1));
  }

 private:
  static uint64_t Key(uint64_t t, uint64_t a, uint64_t b, uint64_t c) {
    return Combine(Combine(Combine(t * 0x7A3B19, a), b), c);
  }
  uint64_t W(size_t t, int d) const {
    const ptrdiff_t k = static_cast<ptrdiff_t>(t) + d;
    if (k < 0) return kBos;
    if (k >= static_cast<ptrdiff_t>(t_.size())) return kEos;
    return t_[k].word;
  }
  uint64_t S(size_t t, int d) const {
    const ptrdiff_t k = static_cast<ptrdiff_t>(t) + d;
    if (k < 0) return kBos;
    if (k >= static_cast<ptrdiff_t>(t_.size())) return kEos;
    return t_[k].shape;
  }
  const std::vector<PTok>& t_;
};

}  // namespace

// Features for splitting an ambiguous multiword form (token t of a paragraph) in context.
void MwtContextFeatures(const std::vector<PTok>& toks, size_t t, std::vector<uint64_t>* f) {
  auto word = [&](ptrdiff_t k) -> uint64_t {
    if (k < 0) return kBos;
    if (k >= static_cast<ptrdiff_t>(toks.size())) return kEos;
    return toks[k].word;
  };
  auto shape = [&](ptrdiff_t k) -> uint64_t {
    if (k < 0) return kBos;
    if (k >= static_cast<ptrdiff_t>(toks.size())) return kEos;
    return toks[k].shape;
  };
  const ptrdiff_t i = static_cast<ptrdiff_t>(t);
  const uint64_t w = toks[t].word;
  f->clear();
  f->push_back(Combine(0xC1, w));
  f->push_back(Combine(Combine(0xC2, w), word(i + 1)));
  f->push_back(Combine(Combine(Combine(0xC3, w), word(i + 1)), word(i + 2)));
  f->push_back(Combine(Combine(0xC4, w), word(i - 1)));
  f->push_back(Combine(Combine(0xC5, w), shape(i + 1)));
  f->push_back(Combine(Combine(0xC6, w), shape(i)));
  f->push_back(Combine(0xC7, word(i + 1)));
  f->push_back(Combine(Combine(0xC8, word(i - 1)), word(i + 1)));
}

// Fills word and shape hashes of a token from its characters.
PTok MakePTok(const std::vector<Cp>& cps, size_t b, size_t e, uint32_t end_byte, bool space_after) {
  PTok t;
  t.begin = cps[b].off;
  t.end = end_byte;
  t.space_after = space_after;
  uint64_t w = 0x3011D;
  uint64_t s = 0x54A9E;
  char32_t prev = 0;
  int shape_len = 0;
  const size_t we = std::min(e, b + 24);
  for (size_t j = b; j < we; ++j) {
    w = Combine(w, cps[j].low);
    if (cps[j].sym != prev && shape_len < 6) {
      s = Combine(s, prev = cps[j].sym);
      ++shape_len;
    }
  }
  if (e > we) {
    w = Combine(w, 0xFFFF);
    s = Combine(s, 0xFFFF);
  }
  t.word = w;
  t.shape = s;
  return t;
}

// The symbol of the first character of the chunk after the one ending at `end` (kEos at
// the end of the paragraph), for the case-after-period features.
char32_t NextChunkSymbol(std::string_view text, size_t end, size_t limit) {
  int newlines = 0;
  size_t p = SkipSpace(text, end, limit, &newlines);
  if (p >= limit || newlines >= 2) return kEos;
  const char32_t c = DecodeUtf8(text, &p);
  return text::Symbol(c, text::Classify(c));
}


// Decides sentence ends in a paragraph: (*ends)[t] is true when a sentence ends after
// token t. The last token always ends a sentence; so does a token reaching `cap`.
// Returns the number of sentences cut by the cap. Training: `gold` gives the true ends;
// `train` is updated on mistakes (the decoder follows its own predictions, so the
// length features see at training what they will see at run time).
uint64_t DecideSentences(const std::vector<PTok>& para, const HashedPerceptron& model, uint32_t cap,
                         std::vector<uint64_t>* feats, std::vector<uint8_t>* ends,
                         const std::vector<uint8_t>* gold, HashedPerceptron* train) {
  ends->assign(para.size(), 0);
  uint64_t capped = 0;
  if (para.empty()) return 0;
  SentenceFeatures sf(para);
  size_t start = 0;
  for (size_t t = 0; t + 1 < para.size(); ++t) {
    sf.Extract(t, start, feats);
    const float score = model.Score(*feats);
    bool end = score > 0;
    if (train != nullptr) {
      train->Tick();
      const bool truth = (*gold)[t] != 0;
      if (Mistake(score, truth)) train->Update(*feats, truth ? 1.0f : -1.0f);
    }
    if (!end && cap > 0 && t + 1 - start >= cap) {
      end = true;
      ++capped;
    }
    if (end) {
      (*ends)[t] = 1;
      start = t + 1;
    }
  }
  ends->back() = 1;
  return capped;
}

}  // namespace text::tokenizer_internal

// ---------------------------------------------------------------------------------------

using text::tokenizer_internal::Analysis;
using text::tokenizer_internal::Analyze;
using text::tokenizer_internal::DecideSentences;
using text::tokenizer_internal::kMaxMwtBytes;
using text::tokenizer_internal::kMaxMwtWords;
using text::tokenizer_internal::kTextSectionVersion;
using text::tokenizer_internal::MwtContextFeatures;
using text::tokenizer_internal::ParagraphReader;
using text::tokenizer_internal::PTok;

Tokenizer::Tokenizer(std::unique_ptr<TokenizerModel> model, TokenizerOptions options)
    : model_(std::move(model)), options_(options) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

void Tokenizer::Save(ModelFileWriter* writer) const {
  BinaryWriter w;
  w.PutU32(kTextSectionVersion);
  model_->tokens.Save(&w);
  model_->sentences.Save(&w);
  // The lexicon in sorted order so that equal models serialize identically.
  std::vector<std::pair<std::string_view, Analysis>> entries(model_->mwt.begin(),
                                                             model_->mwt.end());
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  w.PutU32(static_cast<uint32_t>(entries.size()));
  for (const auto& [form, a] : entries) {
    w.PutString(form);
    w.PutU8(a.cuts);
    for (uint8_t k = 0; k < a.cuts; ++k) w.PutU8(a.at[k]);
    w.PutU8(a.ambiguous);
  }
  model_->mwt_context.Save(&w);
  writer->AddSection("text", w.Release());
}

Result<Tokenizer> Tokenizer::Load(const ModelFile& file, const TokenizerOptions& options) {
  auto reader = file.SectionReader("text");
  if (!reader.ok()) return reader.status();
  BinaryReader& r = *reader;
  uint32_t version = 0;
  DYAD_RETURN_IF_ERROR(r.GetU32(&version));
  if (version != kTextSectionVersion) {
    return Status::Unsupported(file.what() + ": text section version " + std::to_string(version) +
                               " (this build reads " + std::to_string(kTextSectionVersion) + ")");
  }
  auto model = std::make_unique<TokenizerModel>();
  DYAD_RETURN_IF_ERROR(HashedPerceptron::Load(&r, &model->tokens));
  DYAD_RETURN_IF_ERROR(HashedPerceptron::Load(&r, &model->sentences));
  uint32_t n = 0;
  DYAD_RETURN_IF_ERROR(r.GetU32(&n));
  if (n > r.remaining() / 5)
    return r.Error("multiword lexicon of " + std::to_string(n) + " entries exceeds the data");
  for (uint32_t i = 0; i < n; ++i) {
    std::string form;
    DYAD_RETURN_IF_ERROR(r.GetString(&form));
    Analysis a;
    DYAD_RETURN_IF_ERROR(r.GetU8(&a.cuts));
    if (form.empty() || form.size() > kMaxMwtBytes || a.cuts >= kMaxMwtWords) {
      return r.Error("bad multiword lexicon entry " + std::to_string(i));
    }
    uint8_t prev = 0;
    for (uint8_t k = 0; k < a.cuts; ++k) {
      DYAD_RETURN_IF_ERROR(r.GetU8(&a.at[k]));
      if (a.at[k] <= prev || a.at[k] >= form.size()) {
        return r.Error("bad cut in multiword lexicon entry " + std::to_string(i));
      }
      prev = a.at[k];
    }
    DYAD_RETURN_IF_ERROR(r.GetU8(&a.ambiguous));
    if (a.ambiguous > 1) return r.Error("bad flag in multiword lexicon entry " + std::to_string(i));
    model->mwt.emplace(std::move(form), a);
  }
  DYAD_RETURN_IF_ERROR(HashedPerceptron::Load(&r, &model->mwt_context));
  DYAD_RETURN_IF_ERROR(r.ExpectEnd());
  return Tokenizer(std::move(model), options);
}

namespace {

// text::DatelineEnd over the paragraph's first tokens (all it reads).
int ParagraphDatelineEnd(const std::vector<PTok>& para, std::string_view text) {
  std::array<text::TokenSpan, text::kDatelineMaxTokens + 1> head;
  const size_t n = std::min(para.size(), head.size());
  for (size_t t = 0; t < n; ++t) head[t] = {para[t].begin, para[t].end, para[t].space_after};
  return text::DatelineEnd(std::span<const text::TokenSpan>(head.data(), n), text);
}

}  // namespace

void Tokenizer::Tokenize(Document* doc, TokenizeStats* stats) const {
  doc->sentences.clear();
  const std::string_view text = doc->text;
  ParagraphReader reader(text, model_->tokens);
  std::vector<PTok> para;
  std::vector<uint64_t> feats;
  std::vector<uint8_t> ends;
  TokenizeStats local;
  while (reader.Next(&para)) {
    local.capped_sentences +=
        DecideSentences(para, model_->sentences, options_.max_sentence_tokens, &feats, &ends);
    if (const int d = ParagraphDatelineEnd(para, text); d >= 0) {
      ends[d] = 1;
      for (int k = 0; k < d; ++k) ends[k] = 0;
    }
    size_t start = 0;
    for (size_t t = 0; t < para.size(); ++t) {
      if (!ends[t]) continue;
      Sentence& s = doc->sentences.emplace_back();
      s.new_paragraph = start == 0;
      s.begin = para[start].begin;
      s.end = para[t].end;
      s.tokens.reserve(t + 1 - start);
      s.words.reserve(t + 1 - start);
      for (size_t k = start; k <= t; ++k) {
        const PTok& p = para[k];
        Token& tok = s.tokens.emplace_back();
        tok.begin = p.begin;
        tok.end = p.end;
        tok.space_after = p.space_after;
        tok.first_word = static_cast<uint32_t>(s.words.size());
        const std::string_view form = text.substr(p.begin, p.end - p.begin);
        Analysis a = Analyze(model_->mwt, form);
        if (a.ambiguous) {
          MwtContextFeatures(para, k, &feats);
          if (model_->mwt_context.Score(feats) <= 0) a = Analysis();
        }
        tok.word_count = a.cuts + 1u;
        size_t b = 0;
        for (uint32_t w = 0; w < tok.word_count; ++w) {
          const size_t e = w < a.cuts ? a.at[w] : form.size();
          Word& word = s.words.emplace_back();
          word.form.assign(form.substr(b, e - b));
          word.token = static_cast<uint32_t>(s.tokens.size() - 1);
          b = e;
        }
      }
      local.tokens += s.tokens.size();
      ++local.sentences;
      start = t + 1;
    }
  }
  if (stats != nullptr) {
    stats->sentences += local.sentences;
    stats->tokens += local.tokens;
    stats->capped_sentences += local.capped_sentences;
  }
}

}  // namespace dyad
