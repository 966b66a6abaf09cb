// The dictionary tools behind `dyad dict`, for any program that maintains dictionaries:
//  - CheckDictionaries: reads dictionaries and prints every problem as
//    "file:line: error|warning: message";
//  - PrintDictionaryStats: entries per file, load time, the CAMEO codes with no verb or
//    pattern (goal: none), the event codes given, and actors per root (country) code;
//  - LookupPhrase: how the dictionaries read a phrase (actor, agent, issue, discard
//    matches and verb blocks, each with its file:line).
// With no input the built-in set (DefaultDictionaryDir()) is used. A DIR stands for every
// dictionary file in it (`check` reads every file, even of a PETRARCH distribution, whose
// set `stats` reads); an input written +DIR or +FILE starts a layer on top of the inputs
// before it (doc/formats/dictionaries.md, "Layering"); `phoenix` loads exactly the Phoenix
// set PETRARCH's PETR_config.ini names.
// Thread-safety: each call loads its own dictionaries; calls are independent.
#ifndef DYAD_DICTIONARY_TOOLS_H_
#define DYAD_DICTIONARY_TOOLS_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "dyad/status.h"

namespace dyad {

struct DictionaryToolOptions {
  std::vector<std::string> inputs;  // directories and files; "+X" starts a layer on top
  std::string phoenix;              // a PETRARCH dictionary directory: its Phoenix set
  std::string verb_format = "auto"; // verb pattern semantics: "auto", "1" or "2"
  std::string kind;  // forces the kind of every FILE input (not of directory contents)
  bool strict = false;    // stop at the first malformed line
  bool warnings = false;  // check: print warnings too
};

// Validates the files, printing diagnostics to `out` and a summary line to `err`; sets
// *errors_found to the number of errors. Errors: NotFound / InvalidArgument for unusable
// inputs, the first error with `strict`.
[[nodiscard]] Status CheckDictionaries(const DictionaryToolOptions& options, std::FILE* out,
                                       std::FILE* err, size_t* errors_found);

// Prints the statistics (tab-separated tables) to `out`. Errors: as CheckDictionaries.
[[nodiscard]] Status PrintDictionaryStats(const DictionaryToolOptions& options, std::FILE* out);

// Prints how `text` is read, word by word, to `out`; `date` (YYYYMMDD, 0 = none) picks
// date-restricted actor codes. Errors: as CheckDictionaries.
[[nodiscard]] Status LookupPhrase(const DictionaryToolOptions& options, const std::string& text,
                                  int32_t date, std::FILE* out);

}  // namespace dyad

#endif  // DYAD_DICTIONARY_TOOLS_H_
