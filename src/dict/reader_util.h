// Internal helpers shared by the dictionary readers (not part of the dict API): the
// per-file parse context that collects diagnostics, line iteration with comment
// stripping, phrase splitting, and the English plural / verb-form rules PETRARCH uses to
// expand entries. Thread-safety: ParseContext is single-threaded (one per file being
// read); the free functions are pure.
#ifndef DYAD_DICT_READER_UTIL_H_
#define DYAD_DICT_READER_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "dict/dictionary.h"

namespace dyad::dict {

// Collects the diagnostics of one file and implements `strict`: the first error of a
// strict load is remembered as InvalidArgument "file:line: message" and stops reading.
class ParseContext {
 public:
  // `file` must outlive the context and every SourceLoc it hands out.
  ParseContext(std::string_view file, bool strict, std::vector<Diagnostic>* out,
               FileStats* stats);

  // Reports a malformed line. Returns false when reading must stop (strict mode).
  bool Error(int line, std::string message);
  void Warning(int line, std::string message);

  bool stopped() const { return !status_.ok(); }
  // OK, or the strict-mode error.
  const Status& status() const { return status_; }
  SourceLoc Loc(int line) const { return SourceLoc{file_, line}; }
  std::string_view file() const { return file_; }

 private:
  std::string_view file_;
  bool strict_;
  std::vector<Diagnostic>* out_;
  FileStats* stats_;
  Status status_;
};

// One line of a dictionary file. `body` has the comment removed and surrounding blanks
// trimmed; `comment` is the text after the comment marker (trimmed).
struct Line {
  int number = 0;
  std::string_view raw;
  std::string_view body;
  std::string_view comment;
};

// Splits `text` into lines ("\n", "\r\n" or "\r"). With `comment_chars` = "#;", the
// first of these characters outside `[...]` starts a comment. Lines whose body starts with "<!" or
// "<!--" (the HTML-style headers of the validation dictionaries) are comments as well
// when `html_comments` is true.
std::vector<Line> SplitLines(std::string_view text, std::string_view comment_chars,
                             bool html_comments);

// A dictionary line longer than this is not read: it is reported as file:line and skipped
// (issue 14: a line of 100 MB became an 11.6M-word phrase; one of 1 GB took 9 GB). The
// longest line of the PETRARCH and dyad dictionaries is under 2 KiB.
inline constexpr size_t kMaxDictionaryLineBytes = 64 << 10;

// Appends text to *out piece by piece (as a file is read), leaving out the content of
// every line longer than kMaxDictionaryLineBytes but not its line break, so that line
// numbers stay those of the file; lines end as for SplitLines ("\n", "\r\n" or "\r"). An
// over-long line is never held whole.
class LongLineFilter {
 public:
  struct Dropped {
    int line = 0;        // 1-based
    uint64_t bytes = 0;  // its length
  };
  explicit LongLineFilter(std::string* out) : out_(out) {}
  void Add(std::string_view piece);
  // Ends the text; returns the lines left out, in order.
  std::vector<Dropped> Finish();

 private:
  void EndLine();
  std::string* out_;
  size_t line_start_ = 0;  // where the current line starts in *out_
  uint64_t line_bytes_ = 0;
  bool dropping_ = false;
  bool after_cr_ = false;
  int line_ = 1;
  std::vector<Dropped> dropped_;
};

// Bytes that are not valid UTF-8 are taken as Latin-1 (the older dictionaries' encoding)
// and converted; valid UTF-8 is kept. NUL bytes become blanks. Returns the number of
// converted bytes; *first_line is the line of the first one.
size_t ConvertLatin1(std::string* text, int* first_line);

std::string_view Trim(std::string_view s);
bool IsBlank(char c);
// The maximal runs of non-blank characters of `s`, in order (views into `s`).
std::vector<std::string_view> SplitBlanks(std::string_view s);

// Splits a phrase written with blanks and/or `_` into lowercase words (empty pieces
// dropped). `*has_gaps` (optional) is set when a blank separated two words.
std::vector<std::string> SplitPhrase(std::string_view phrase, bool* has_gaps = nullptr);

// Regular English plural of a lowercase noun: "treaty" → "treaties", "boss" → "bosses",
// "tax" → "taxes", "day" → "days", else + "s".
std::string RegularPlural(std::string_view noun);

// Regular verb forms of a lowercase verb: third person ("hurries"), past ("hurried"),
// gerund ("hurrying"). No consonant doubling: the dictionaries list such forms.
std::vector<std::string> RegularVerbForms(std::string_view verb);

// Parses a date written YYYYMMDD or YYMMDD (date::ParseYmd: YY <= 30 → 20YY, else 19YY,
// as PETRARCH). Returns false when `s` is not such a date (wrong length, non-digits, no
// such day of years 1..9999: date::IsValidDate).
bool ParseDictionaryDate(std::string_view s, int32_t* date);

// Parses an event code body (between `[` and `]`): "042", "042:043", ":173", "---".
// A code is any run of printable non-blank characters other than `[`, `]` and `:`.
// Returns false when malformed.
bool ParseEventCode(std::string_view s, EventCode* code);

// ASCII upper-casing (synset names).
std::string Uppercase(std::string_view s);

}  // namespace dyad::dict

#endif  // DYAD_DICT_READER_UTIL_H_
