// The text stage's private parts shared by the tokenizer (src/text/tokenizer.cc, which
// describes the four layers) and its trainer (src/train/tokenizer_train.cc): decoded
// characters and tokens, the chunk segmenter and the sentence decider (each with a
// training hook: gold decisions and a perceptron to update), the multiword-token lexicon,
// and TokenizerModel. Not a public header: only src/text and src/train include it.
// Thread-safety: the functions are pure or write only caller-owned buffers; a
// TokenizerModel is immutable once its Tokenizer is built.
#ifndef DYAD_TEXT_TOKENIZER_INTERNAL_H_
#define DYAD_TEXT_TOKENIZER_INTERNAL_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/char_class.h"
#include "text/perceptron.h"
#include "text/tokenizer.h"

namespace dyad {
namespace text::tokenizer_internal {

inline constexpr int kTokenBits = 20;
inline constexpr int kSentenceBits = 19;
// A multiword token has at most this many words (EWT's longest has 3).
inline constexpr int kMaxMwtWords = 4;

// One decoded character of a chunk.
struct Cp {
  char32_t low;  // case-folded character
  uint32_t off;  // byte offset in the text
  char32_t sym;  // feature symbol (text::Symbol)
  CharClass cls;
};

// A token of a paragraph, with what the sentence features need.
struct PTok {
  uint32_t begin, end;
  bool space_after;
  uint64_t word;   // hash of the lowercased form (first 24 bytes)
  uint64_t shape;  // hash of the collapsed shape
};

// A span of characters of a chunk that is never cut inside. `forced` spans (URLs, e-mail
// addresses) are also cut at both edges; the edges of the others (dates, phone numbers)
// are left to the model.
struct Protected {
  size_t begin, end;
  bool forced;
};

// Per-call scratch buffers of the chunk segmenter.
struct SegmentScratch {
  std::vector<uint64_t> feats;
  std::vector<Protected> protect;
};

// The perceptron's update rule: a score of exactly 0 counts as a mistake for either label,
// so that unseen contexts (score 0) get pushed towards the majority decision.
inline bool Mistake(float score, bool truth) { return truth ? score <= 0 : score >= 0; }

struct Analysis {
  uint8_t cuts = 0;                            // number of cut points
  std::array<uint8_t, kMaxMwtWords - 1> at{};  // byte offsets of the cuts
  // The treebank writes this form both ways often enough ("its" = its / it s): the
  // context model decides between this analysis and the whole token.
  uint8_t ambiguous = 0;
  bool operator==(const Analysis& o) const { return cuts == o.cuts && at == o.at; }
  bool operator<(const Analysis& o) const { return cuts != o.cuts ? cuts < o.cuts : at < o.at; }
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using MwtLexicon = std::unordered_map<std::string, Analysis, StringHash, std::equal_to<>>;

inline constexpr size_t kMaxMwtBytes = 24;
inline constexpr int kMwtContextBits = 16;

// Decodes text[pos..] up to the next whitespace into `cps`. Returns the end byte offset.
size_t DecodeChunk(std::string_view text, size_t pos, size_t limit, std::vector<Cp>* cps);
// Skips whitespace from `pos`; returns the new position and counts line feeds.
size_t SkipSpace(std::string_view text, size_t pos, size_t limit, int* newlines);
// The symbol of the first character of the chunk after the one ending at `end` (kEos at
// the end of the paragraph), for the case-after-period features.
char32_t NextChunkSymbol(std::string_view text, size_t end, size_t limit);
// Segments one chunk: appends to `starts` the character indices (> 0) where a new token
// begins. When `gold` is set (training), it holds for each character whether a gold token
// starts there; the perceptron `train` is updated on mistakes and the gold decision is
// followed.
void SegmentChunk(const std::vector<Cp>& cps, char32_t next_sym, const HashedPerceptron& model,
                  SegmentScratch* scratch, std::vector<uint32_t>* starts,
                  const uint8_t* gold = nullptr, HashedPerceptron* train = nullptr);
// Fills word and shape hashes of a token from its characters.
PTok MakePTok(const std::vector<Cp>& cps, size_t b, size_t e, uint32_t end_byte, bool space_after);
// Lowercases ASCII into `buf` (kMaxMwtBytes); returns the view, or empty when the token
// is too long.
std::string_view LowerKey(std::string_view tok, char* buf);
// The productive suffix rules on a lowercased token.
Analysis RuleAnalysis(std::string_view l);
// Features for splitting an ambiguous multiword form (token t of a paragraph) in context.
void MwtContextFeatures(const std::vector<PTok>& toks, size_t t, std::vector<uint64_t>* f);
// Decides sentence ends in a paragraph: (*ends)[t] is true when a sentence ends after
// token t. The last token always ends a sentence; so does a token reaching `cap`.
// Returns the number of sentences cut by the cap. Training: `gold` gives the true ends;
// `train` is updated on mistakes (the decoder follows its own predictions, so the
// length features see at training what they will see at run time).
uint64_t DecideSentences(const std::vector<PTok>& para, const HashedPerceptron& model, uint32_t cap,
                         std::vector<uint64_t>* feats, std::vector<uint8_t>* ends,
                         const std::vector<uint8_t>* gold = nullptr,
                         HashedPerceptron* train = nullptr);

// Reads paragraphs of tokens from a text.
class ParagraphReader {
 public:
  ParagraphReader(std::string_view text, const HashedPerceptron& token_model)
      : text_(text),
        limit_(std::min<size_t>(text.size(), std::numeric_limits<uint32_t>::max() - 1)),
        model_(token_model) {}

  // The next paragraph's tokens; false at the end of the text.
  bool Next(std::vector<PTok>* para) {
    para->clear();
    while (true) {
      int newlines = 0;
      const size_t after_space = SkipSpace(text_, pos_, limit_, &newlines);
      if (!para->empty()) {
        para->back().space_after = after_space > pos_;
        if (newlines >= 2) {
          pos_ = after_space;
          return true;
        }
      }
      pos_ = after_space;
      if (pos_ >= limit_) return !para->empty();
      const size_t end = DecodeChunk(text_, pos_, limit_, &cps_);
      starts_.clear();
      SegmentChunk(cps_, NextChunkSymbol(text_, end, limit_), model_, &scratch_, &starts_);
      size_t b = 0;
      for (size_t k = 0; k <= starts_.size(); ++k) {
        const size_t e = k < starts_.size() ? starts_[k] : cps_.size();
        const uint32_t end_byte = e < cps_.size() ? cps_[e].off : static_cast<uint32_t>(end);
        para->push_back(MakePTok(cps_, b, e, end_byte, false));
        b = e;
      }
      pos_ = end;
    }
  }

 private:
  std::string_view text_;
  size_t limit_;
  size_t pos_ = 0;
  const HashedPerceptron& model_;
  std::vector<Cp> cps_;
  std::vector<uint32_t> starts_;
  SegmentScratch scratch_;
};

}  // namespace text::tokenizer_internal

// Whatever the text stage learns (tokenizer.h); built by Load or the trainer.
class TokenizerModel {
 public:
  text::HashedPerceptron tokens{text::tokenizer_internal::kTokenBits};
  text::HashedPerceptron sentences{text::tokenizer_internal::kSentenceBits};
  text::tokenizer_internal::MwtLexicon mwt;
  text::HashedPerceptron mwt_context{text::tokenizer_internal::kMwtContextBits};
};

// The trainer's access to Tokenizer (a friend): a Tokenizer from a trained model.
struct TokenizerInternals {
  static Tokenizer FromModel(std::unique_ptr<TokenizerModel> model) {
    return Tokenizer(std::move(model), TokenizerOptions());
  }
};

}  // namespace dyad

#endif  // DYAD_TEXT_TOKENIZER_INTERNAL_H_
