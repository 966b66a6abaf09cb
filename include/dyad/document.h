// The Document: the one data structure that flows through every stage of dyad, and the
// input of the Engine (engine.h).
// The document owns its original UTF-8 text; sentences and tokens are byte spans into it.
// Each stage annotates a Document in place, sentence by sentence (text → tokens and words,
// syntax → tags, lemmas and a dependency tree). Words follow UD's split of tokens into
// syntactic words: a multiword token ("gonna") covers several words ("gon", "na").
// Thread-safety: a plain value; one thread writes a document at a time.
#ifndef DYAD_DOCUMENT_H_
#define DYAD_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dyad {

// Universal POS tags (UD v2), as small ids. kNone = not yet tagged.
enum class Upos : uint8_t {
  kNone = 0, kADJ, kADP, kADV, kAUX, kCCONJ, kDET, kINTJ, kNOUN, kNUM, kPART,
  kPRON, kPROPN, kPUNCT, kSCONJ, kSYM, kVERB, kX,
};
inline constexpr int kNumUpos = 18;
// "NOUN" for Upos::kNOUN; "_" for kNone.
std::string_view UposName(Upos upos);
// Upos::kNone if `name` is not a UD tag.
Upos UposFromName(std::string_view name);

// A surface token: a maximal span of text between spaces or split by the tokenizer.
struct Token {
  uint32_t begin = 0;        // byte offset into Document::text
  uint32_t end = 0;          // one past the last byte
  uint32_t first_word = 0;   // index into Sentence::words
  uint32_t word_count = 1;   // > 1 for a multiword token
  bool space_after = true;   // false: CoNLL-U SpaceAfter=No
};

// A syntactic word (a CoNLL-U word line).
struct Word {
  std::string form;
  std::string lemma;
  Upos upos = Upos::kNone;
  std::string xpos;
  std::string feats;         // "_" or empty when absent
  int32_t head = -1;         // 0 = root, k = words[k-1]; -1 = not parsed
  std::string deprel;
  std::string misc;          // MISC column minus SpaceAfter (kept for round trips)
  uint32_t token = 0;        // index into Sentence::tokens
};

struct Sentence {
  std::string id;                     // "# sent_id"; may be empty
  uint32_t begin = 0;                 // byte span of the sentence in Document::text
  uint32_t end = 0;
  std::vector<Token> tokens;
  std::vector<Word> words;
  std::vector<std::string> comments;  // other "# ..." lines, without "# "
  bool new_paragraph = false;         // a paragraph starts with this sentence
};

struct Document;

// Clears everything the tagger and parser assign (UPOS, XPOS, lemma, feats, head,
// relation) in every word, keeping sentences, tokens and forms: the input of a re-tag
// and re-parse.
void ClearAnnotations(Document* doc);

// Where a document's date came from.
enum class DateOrigin : uint8_t {
  kMissing,   // no date anywhere: its events carry an empty date unless a sentence names one
  kInput,     // the input's own date field (JSONL "date", XML date=, HTML meta)
  kOption,    // a default date for inputs without one (dyad code --date)
  kDateline,  // a dateline at the start of the text ("MOSCOW, Aug 21 (Reuters) -")
};
// "missing", "input", "option", "dateline".
std::string_view DateOriginName(DateOrigin origin);

// What the input said about a document besides its text; carried to the outputs.
struct DocumentMeta {
  std::string title, url, source, lang;  // optional, empty when absent
  std::string file;         // the input file it came from ("-" for stdin), may be empty
  uint64_t line = 0;        // 1-based line where it starts in `file`; 0 for a whole file
  int64_t mtime = 0;        // the file's modification time (unix seconds), 0 = unknown;
                            // the reference date of a yearless dateline
  uint64_t repaired_bytes = 0;  // invalid UTF-8 bytes the reader already replaced
  // The dateline the Engine blanked before parsing ("YEREVAN, Armenia (AP) — "), empty
  // when the text opens with none: the coder places domestic actors in its country.
  std::string dateline;
  // "file:line" ("file" when line is 0): where the document came from.
  std::string Origin() const;
};

struct Document {
  std::string id;
  std::string text;   // original UTF-8 (after repair of invalid bytes)
  std::string date;   // YYYYMMDD or empty
  DateOrigin date_origin = DateOrigin::kMissing;  // kMissing until someone sets `date`
  DocumentMeta meta;
  std::vector<Sentence> sentences;

  std::string_view SentenceText(const Sentence& s) const {
    return std::string_view(text).substr(s.begin, s.end - s.begin);
  }
  std::string_view TokenText(const Token& t) const {
    return std::string_view(text).substr(t.begin, t.end - t.begin);
  }
};

}  // namespace dyad

#endif  // DYAD_DOCUMENT_H_
