// libFuzzer target: the directory walker and format choice (input/input.cc). The bytes
// describe a small tree that is built in a scratch directory — regular files (named with
// and without extensions, hidden or not, compressed or not), subdirectories, symbolic
// links (to files, to directories, dangling, to themselves) and FIFOs — and the tree is
// read through DocumentStream::Open with the automatic and with a forced format. The walk
// must never open a FIFO (that would block: the fuzzer's timeout catches it), never leave
// the tree, give documents in path order, report problems with a message, and reach
// bytes_done == bytes_total. The entry's content also goes through SniffFormat and
// FormatFromName directly.
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "input/input.h"
#include "input/input_internal.h"

namespace {

namespace fs = std::filesystem;
using dyad::input::DocumentStream;
using dyad::input::InputDocument;
using dyad::input::InputFormat;
using dyad::input::InputOptions;
using dyad::input::InputProblem;

void Die(const char* what) {
  std::fprintf(stderr, "input_walk_fuzz: invariant violated: %s\n", what);
  std::abort();
}

// Bytes consumed from the front of the input.
class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  uint8_t Next() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::string Take(size_t n) {
    n = std::min(n, size_ - std::min(pos_, size_));
    std::string s(reinterpret_cast<const char*>(data_) + pos_, n);
    pos_ += n;
    return s;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// A short relative path from a few bytes: components from a small alphabet, so that the
// fuzzer makes names that collide, nest and carry the extensions the walker looks at.
std::string MakeName(Bytes* in) {
  static const char* const kParts[] = {"a", "b", ".h", "x.txt", "y.jsonl", "z.xml", "p.html",
                                       "q.gz", "r.zst", "s.txt.gz", "t.png", "u", "d", "e",
                                       "n.json", "m.XML"};
  const int depth = 1 + in->Next() % 4;
  std::string name;
  for (int i = 0; i < depth; ++i) {
    if (i > 0) name += '/';
    name += kParts[in->Next() % std::size(kParts)];
  }
  return name;
}

void Check(const fs::path& root, InputFormat format) {
  InputOptions options;
  options.format = format;
  options.max_document_bytes = 1 << 14;
  auto stream = DocumentStream::Open({root.string()}, options);
  if (!stream.ok()) Die("Open failed");
  InputDocument doc;
  InputProblem problem;
  std::string last_file;
  const std::string prefix = root.string() + "/";
  for (int items = 0;; ++items) {
    if (items > 100000) Die("too many items");
    const DocumentStream::Next next = (*stream)->Read(&doc, &problem);
    if (next == DocumentStream::Next::kEnd) break;
    if (next == DocumentStream::Next::kProblem) {
      if (problem.message.empty()) Die("problem without message");
      if (problem.file.compare(0, prefix.size(), prefix) != 0) Die("problem outside the tree");
      continue;
    }
    if (doc.file.compare(0, prefix.size(), prefix) != 0) Die("document outside the tree");
    if (doc.file < last_file) Die("documents out of path order");
    last_file = doc.file;
    if (doc.id.empty() || doc.text.empty()) Die("document without id or text");
  }
  if ((*stream)->bytes_done() != (*stream)->bytes_total()) Die("bytes_done != bytes_total");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fs::path base =
      fs::temp_directory_path() / ("dyad_input_walk_fuzz_" + std::to_string(::getpid()));
  const fs::path root = base / "in";
  std::error_code ec;
  fs::remove_all(base, ec);
  fs::create_directories(root);
  Bytes in(data, size);
  std::vector<fs::path> made;
  for (int entries = 0; entries < 24 && !in.empty(); ++entries) {
    const uint8_t op = in.Next() % 6;
    const fs::path path = root / MakeName(&in);
    fs::create_directories(path.parent_path(), ec);
    // Only a new name or a regular file is written to: writing to a FIFO made before (or
    // through a link) would block the harness itself.
    const fs::file_type existing = fs::symlink_status(path, ec).type();
    if (existing != fs::file_type::not_found && existing != fs::file_type::regular) continue;
    switch (op) {
      case 0:
      case 1: {  // a file: its bytes follow
        const std::string content = in.Take(in.Next() * 4);
        // The content goes through the format choice on its own too.
        (void)dyad::input::internal::SniffFormat(content);
        (void)dyad::input::internal::FormatFromName(path.string());
        std::ofstream(path, std::ios::binary) << content;
        break;
      }
      case 2:  // a directory
        fs::create_directories(path, ec);
        break;
      case 3:  // a link to an entry made before (a file or a directory), or to itself
        fs::create_symlink(made.empty() ? path : made[in.Next() % made.size()], path, ec);
        break;
      case 4:  // a dangling link
        fs::create_symlink(base / "nowhere", path, ec);
        break;
      case 5:  // a FIFO: must be reported, never opened
        ::mkfifo(path.c_str(), 0600);
        break;
    }
    made.push_back(path);
  }
  Check(root, InputFormat::kAuto);
  Check(root, InputFormat::kText);
  fs::remove_all(base, ec);
  return 0;
}
