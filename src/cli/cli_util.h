// Small helpers shared by the subcommands: the default model path, and the dictionary set
// a command codes with (the built-in set in data/dict/, replaced or layered by --dict).
// Thread-safety: the functions read the environment; call them before starting threads.
#ifndef DYAD_CLI_CLI_UTIL_H_
#define DYAD_CLI_CLI_UTIL_H_

#include <string>
#include <vector>

#include "base/status.h"
#include "dict/dictionary.h"

namespace dyad::cli {

// $DYAD_MODEL if set, else the model the build was configured with.
std::string DefaultModelPath();

// The built-in dictionary directory: $DYAD_DICT if set and not empty, else the repo's
// data/dict/ as configured at build time (DYAD_DEFAULT_DICT).
std::string DefaultDictDir();

// The dictionary set named by the values of repeated `--dict` options, in order:
//  - no values: the built-in set (DefaultDictDir());
//  - "DIR" (or a single dictionary FILE): replaces everything named so far;
//  - "+DIR" (or "+FILE"): layered on top of what is named so far (on top of the built-in
//    set when it comes first), so its entries win (see dict::DictionaryPaths for the exact
//    rules per kind).
// So `--dict +mine` = built-in + mine; `--dict A --dict +B` = A + B; `--dict A --dict B`
// = B. A directory is read with dict::DictionaryPaths::FromDirectory (a PETRARCH
// distribution directory gives the Phoenix set); a file's kind is guessed from its name.
// Files of a directory whose kind cannot be guessed are appended to `*warnings` (may be
// null). Errors: NotFound for a missing path, InvalidArgument for an empty directory, a
// file of unknown kind or an empty value.
Result<dict::DictionaryPaths> ResolveDictArgs(const std::vector<std::string>& dict_args,
                                              std::vector<dict::Diagnostic>* warnings);

// One directory or file as a dictionary set (as one `--dict` value without its `+`).
Result<dict::DictionaryPaths> DictPathsFrom(const std::string& path,
                                            std::vector<dict::Diagnostic>* warnings);

}  // namespace dyad::cli

#endif  // DYAD_CLI_CLI_UTIL_H_
