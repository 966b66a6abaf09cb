// libFuzzer target: gzip and zstd decoding (input/decompress.cc), starting from valid
// compressed streams: the seeds (fuzz/seeds/decompress, made by make_seeds.sh) are gzip
// with several members, zstd with several frames, zstd opening with a skippable frame
// (pzstd), empty streams and plain bytes; the fuzzer truncates, splices and mutates them.
// The bytes are decoded twice, by Read in small pieces after Peek (as DocumentStream
// does) and by ReadAll; both must give the same bytes and the same error, a stream that is
// not compressed must come back unchanged, and a decoded stream is read at most to a
// bound (a compression bomb must not run the target out of memory). Lines are then split
// by LineReader, whose lengths must add up to at most the decoded bytes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "input/input_internal.h"

namespace {

using dyad::input::internal::ByteSource;
using dyad::input::internal::Compression;
using dyad::input::internal::LineReader;

constexpr size_t kMaxDecoded = 1 << 20;

void Die(const char* what) {
  std::fprintf(stderr, "decompress_fuzz: invariant violated: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  // 1. Peek, then Read in pieces of varying size.
  auto a = ByteSource::FromMemory(input);
  const std::string peeked(a->Peek());
  std::string pieces;
  char buf[777];
  for (size_t step = 1; pieces.size() <= kMaxDecoded; step = step * 3 % sizeof buf + 1) {
    const size_t n = a->Read(buf, step);
    if (n > step) Die("Read returned more than asked");
    if (n == 0) break;
    pieces.append(buf, n);
  }
  if (pieces.compare(0, peeked.size(), peeked) != 0 && pieces.size() >= peeked.size()) {
    Die("Peek differs from the first bytes Read");
  }
  // 2. ReadAll to the same bound.
  auto b = ByteSource::FromMemory(input);
  std::string all;
  const bool ok = b->ReadAll(kMaxDecoded, &all);
  if (ok != b->error().empty()) Die("ReadAll result and error() disagree");
  if (all.size() > kMaxDecoded + 1) Die("ReadAll past its limit");
  const size_t common = std::min(all.size(), pieces.size());
  if (all.compare(0, common, pieces, 0, common) != 0) Die("Read and ReadAll decode differently");
  if (pieces.size() <= kMaxDecoded && all.size() <= kMaxDecoded) {
    if (a->error() != b->error()) Die("Read and ReadAll report different errors");
    // A stream both find corrupt: how much of it was decoded before the corruption showed
    // depends on the read sizes (zstd checks a frame's checksum only at its end), so only
    // the bytes both have must agree (above). A sound stream decodes to the same length.
    if (a->error().empty() && all.size() != pieces.size()) {
      Die("Read and ReadAll decode different lengths");
    }
  }
  if (a->compression() == Compression::kNone && (!a->error().empty() || pieces != input)) {
    Die("plain bytes changed");
  }
  if (a->compression() != b->compression()) Die("compression detected differently");
  if (a->raw_bytes_read() > input.size()) Die("raw bytes past the input");
  // 3. Lines of the decoded stream spell it (with "\n" or "\r\n" between them).
  if (all.size() <= kMaxDecoded) {
    auto c = ByteSource::FromMemory(input);
    LineReader lines(c.get(), 1 << 12);
    std::string_view line;
    uint64_t length = 0, total = 0, count = 0;
    bool too_long = false;
    while (lines.Next(&line, &length, &too_long)) {
      // `length` counts a final '\r' that `line` leaves out.
      if (too_long ? !line.empty() || length <= (1 << 12)
                   : length != line.size() && length != line.size() + 1) {
        Die("line length");
      }
      if (++count != lines.line_number()) Die("line number");
      total += length;
    }
    if (total > all.size()) Die("lines longer than the stream");
  }
  return 0;
}
