// Dictionary layering: the dictionary set a run codes with, from the values of repeated
// `--dict` options (EngineOptions::dictionaries): the built-in set (data/dict/), replaced
// or layered by the user's directories (doc/formats/dictionaries.md).
// Thread-safety: the functions read the environment and the file system only.
#ifndef DYAD_DICT_LAYERS_H_
#define DYAD_DICT_LAYERS_H_

#include <string>
#include <vector>

#include "base/status.h"
#include "dict/dictionary.h"

namespace dyad::dict {

// The dictionary set named by `layers`, in order:
//  - no values: the built-in set (`builtin_dir`);
//  - "DIR" (or a single dictionary FILE): replaces everything named so far;
//  - "+DIR" (or "+FILE"): layered on top of what is named so far (on top of the built-in
//    set when it comes first), so its entries win (see DictionaryPaths for the exact
//    rules per kind).
// So `+mine` = built-in + mine; `A, +B` = A + B; `A, B` = B. A directory is read with
// DictionaryPaths::FromDirectory (a PETRARCH distribution directory gives the Phoenix
// set); a file's kind is guessed from its name. Files of a directory whose kind cannot be
// guessed are appended to `*warnings` (may be null). Errors: NotFound for a missing path,
// InvalidArgument for an empty directory, a file of unknown kind or an empty value.
Result<DictionaryPaths> ResolveLayers(const std::vector<std::string>& layers,
                                      const std::string& builtin_dir,
                                      std::vector<Diagnostic>* warnings);

// One directory or file as a dictionary set (one layer without its `+`).
Result<DictionaryPaths> PathsFrom(const std::string& path, std::vector<Diagnostic>* warnings);

}  // namespace dyad::dict

#endif  // DYAD_DICT_LAYERS_H_
