#include "base/file.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace dyad {

namespace {

Status TooLarge(const std::string& path, uint64_t max_bytes) {
  return Status::ResourceExhausted(path + ": larger than " + std::to_string(max_bytes) +
                                   " bytes, the limit for this file");
}

}  // namespace

Status ReadFilePieces(const std::string& path, uint64_t max_bytes,
                      const std::function<Status(std::string_view piece)>& consume) {
  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? "<stdin>" : path;
  FILE* f = is_stdin ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    std::string msg = path + ": " + std::strerror(err);
    return err == ENOENT ? Status::NotFound(msg) : Status::IOError(msg);
  }
  struct stat st;
  if (!is_stdin && ::fstat(::fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
      static_cast<uint64_t>(st.st_size) > max_bytes) {
    std::fclose(f);
    return TooLarge(name, max_bytes);
  }
  Status status;
  uint64_t total = 0;
  char buf[1 << 16];
  size_t n;
  while (status.ok() && (n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    total += n;
    status = total > max_bytes ? TooLarge(name, max_bytes) : consume(std::string_view(buf, n));
  }
  const bool failed = std::ferror(f) != 0;
  if (!is_stdin) std::fclose(f);
  if (!status.ok()) return status;
  if (failed) return Status::IOError(name + ": read failed (is it a directory?)");
  return Status::Ok();
}

Result<std::string> ReadFile(const std::string& path, uint64_t max_bytes) {
  std::string data;
  DYAD_RETURN_IF_ERROR(ReadFilePieces(path, max_bytes, [&](std::string_view piece) {
    data.append(piece);
    return Status::Ok();
  }));
  return data;
}

Result<std::string> ReadFileWithMagic(const std::string& path, uint64_t max_bytes,
                                      std::span<const std::string_view> magics,
                                      std::string_view what) {
  size_t longest = 0;
  for (std::string_view m : magics) longest = std::max(longest, m.size());
  std::string data;
  bool checked = false;
  const Status read = ReadFilePieces(path, max_bytes, [&](std::string_view piece) {
    data.append(piece);
    if (checked || data.size() < longest) return Status::Ok();
    checked = true;
    for (std::string_view m : magics) {
      if (std::string_view(data).starts_with(m)) return Status::Ok();
    }
    return Status::Corruption(path + ": byte 0: not " + std::string(what) + " (bad magic)");
  });
  if (read.code() == Status::Code::kResourceExhausted) {
    return Status::ResourceExhausted(path + ": larger than " + std::to_string(max_bytes) +
                                     " bytes, the limit for " + std::string(what));
  }
  if (!read.ok()) return read;
  return data;
}

Status WriteFileAtomic(const std::string& path, std::string_view data) {
  const std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return Status::IOError(tmp + ": " + std::strerror(errno));
  const bool wrote = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  const bool closed = std::fclose(f) == 0;
  if (!wrote || !closed) {
    std::remove(tmp.c_str());
    return Status::IOError(tmp + ": write failed");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IOError(path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace dyad
