// Whole-file reading (bounded) and atomic writing. Thread-safety: pure functions.
#ifndef DYAD_BASE_FILE_H_
#define DYAD_BASE_FILE_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"

namespace dyad {

inline constexpr uint64_t kNoFileLimit = std::numeric_limits<uint64_t>::max();

// Reads `path` ("-" = standard input) in pieces of up to 64 KiB, calling `consume` with
// each in order, and stops at the first error it returns. Refuses a file of more than
// `max_bytes` bytes: a regular file by its size, before anything is read; anything else
// (a device such as /dev/zero, a pipe) once that much has been read. Errors: NotFound,
// IOError (naming the path), ResourceExhausted "PATH: larger than N bytes", or consume's.
Status ReadFilePieces(const std::string& path, uint64_t max_bytes,
                      const std::function<Status(std::string_view piece)>& consume);

// Reads all of `path` ("-" = standard input), at most `max_bytes` bytes (as ReadFilePieces).
// Errors: NotFound, IOError (naming the path), ResourceExhausted.
Result<std::string> ReadFile(const std::string& path, uint64_t max_bytes = kNoFileLimit);

// ReadFile of a binary format: refuses a file of more than `max_bytes` (ResourceExhausted
// "PATH: larger than N bytes, the limit for <what>") and one that begins with none of
// `magics` (Corruption "PATH: byte 0: not <what> (bad magic)"), both found out before the
// file is read whole. A file shorter than every magic is returned as read.
Result<std::string> ReadFileWithMagic(const std::string& path, uint64_t max_bytes,
                                      std::span<const std::string_view> magics,
                                      std::string_view what);

// Writes `data` to `path` through a temporary file and a rename, so a reader never sees a
// half-written file. Errors: IOError naming the path.
Status WriteFileAtomic(const std::string& path, std::string_view data);

}  // namespace dyad

#endif  // DYAD_BASE_FILE_H_
