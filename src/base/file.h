// Whole-file reading and atomic writing. Thread-safety: pure functions.
#ifndef DYAD_BASE_FILE_H_
#define DYAD_BASE_FILE_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace dyad {

// Reads all of `path` ("-" = standard input). Errors: NotFound, IOError (naming the path).
Result<std::string> ReadFile(const std::string& path);

// Writes `data` to `path` through a temporary file and a rename, so a reader never sees a
// half-written file. Errors: IOError naming the path.
Status WriteFileAtomic(const std::string& path, std::string_view data);

}  // namespace dyad

#endif  // DYAD_BASE_FILE_H_
