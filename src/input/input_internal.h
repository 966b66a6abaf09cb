// Internals of the document readers (input.h), shared by input*.cc and decompress.cc and
// not part of the pipeline's API: the byte source (file/stdin/memory, transparently
// decompressed), the line reader on top of it, the per-format readers and the HTML
// article extractor. Thread-safety: every object here is single-threaded; the free
// functions are pure.
#ifndef DYAD_INPUT_INPUT_INTERNAL_H_
#define DYAD_INPUT_INPUT_INTERNAL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "input/input.h"

namespace dyad::input::internal {

enum class Compression : uint8_t { kNone, kGzip, kZstd };

// Bytes of one input, decompressed on the fly when they start with the gzip (1f 8b) or
// zstd (28 b5 2f fd) magic. Concatenated gzip members and zstd frames are read as one
// stream. A corrupt or truncated stream sets error() and ends the stream.
class ByteSource {
 public:
  // Opens `path` ("-" = stdin). On failure returns null and sets *error ("No such file or
  // directory", ...).
  static std::unique_ptr<ByteSource> OpenFile(const std::string& path, std::string* error);
  static std::unique_ptr<ByteSource> FromMemory(std::string data);
  ~ByteSource();
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Reads up to `n` decoded bytes into `buf`; returns how many. 0 means the end of the
  // stream or an error (then error() is non-empty).
  size_t Read(char* buf, size_t n);
  // Appends up to `limit` + 1 decoded bytes to *out (so a caller can tell "more than
  // limit"); returns false on a stream error.
  bool ReadAll(uint64_t limit, std::string* out);
  // The decoded bytes at the start of the stream (up to 64 KiB), without consuming them:
  // for sniffing the format.
  std::string_view Peek();

  Compression compression() const { return compression_; }
  const std::string& error() const { return error_; }
  // Raw (compressed) bytes read from the file so far.
  uint64_t raw_bytes_read() const { return raw_read_; }

 private:
  ByteSource() = default;
  bool FillRaw();
  void DetectCompression();
  size_t ReadDecoded(char* buf, size_t n);
  size_t ReadGzip(char* buf, size_t n);
  size_t ReadZstd(char* buf, size_t n);

  int fd_ = -1;
  bool close_fd_ = false;
  bool from_memory_ = false;
  std::string memory_;
  std::vector<char> raw_;
  size_t raw_pos_ = 0;
  size_t raw_len_ = 0;
  bool raw_eof_ = false;
  uint64_t raw_read_ = 0;
  Compression compression_ = Compression::kNone;
  bool detected_ = false;
  struct Codec;
  std::unique_ptr<Codec> codec_;
  bool done_ = false;
  std::string error_;
  std::string peeked_;     // decoded bytes returned by Peek and not yet by Read
  size_t peeked_pos_ = 0;
};

// Lines of a ByteSource, without the "\n" or "\r\n". A line longer than `max_line` bytes is
// not kept: Next returns it empty with *too_long set and *length its full length.
class LineReader {
 public:
  LineReader(ByteSource* source, uint64_t max_line) : source_(source), max_line_(max_line) {}
  // False at the end of the stream (check source->error()).
  bool Next(std::string_view* line, uint64_t* length, bool* too_long);
  // 1-based number of the line last returned (0 before the first).
  uint64_t line_number() const { return line_number_; }

 private:
  bool Fill();
  ByteSource* source_;
  uint64_t max_line_;
  std::string buf_;
  size_t start_ = 0;   // first byte of the current line in buf_
  size_t scan_ = 0;    // bytes before scan_ (from start_) hold no '\n'
  bool eof_ = false;
  uint64_t line_number_ = 0;
};

// Everything one input file needs for its reader.
struct FileContext {
  std::string file;     // as shown in documents and problems
  int64_t mtime = 0;
  const InputOptions* options = nullptr;
  ByteSource* source = nullptr;
};

// Reads the documents of one input file.
class FormatReader {
 public:
  virtual ~FormatReader() = default;
  // kEnd when the file is finished (after any problem about its end).
  virtual DocumentStream::Next Read(InputDocument* doc, InputProblem* problem) = 0;
};

std::unique_ptr<FormatReader> NewJsonlReader(const FileContext& context);
std::unique_ptr<FormatReader> NewTextReader(const FileContext& context);
std::unique_ptr<FormatReader> NewHtmlReader(const FileContext& context);
std::unique_ptr<FormatReader> NewXmlReader(const FileContext& context);

// Article text and metadata of an HTML page (input_html.cc).
struct HtmlArticle {
  std::string text;    // paragraphs separated by "\n\n", whitespace collapsed
  std::string title;   // og:title, else <title>
  std::string date;    // normalised YYYYMMDD from metadata or <time datetime>, else empty
  std::string url;     // <link rel=canonical>, else og:url
  std::string source;  // og:site_name
  std::string lang;    // <html lang>
};
// Fills *out from `html`. Returns false (and leaves *out empty) for a page nested more
// than kMaxHtmlNesting elements deep, which the parser would take quadratic time on.
constexpr size_t kMaxHtmlNesting = 2000;
bool ExtractHtml(std::string_view html, HtmlArticle* out);

// Format of a file by name (after stripping .gz/.zst); kAuto when the extension says
// nothing.
InputFormat FormatFromName(std::string_view name);
// Format by the first decoded bytes of a file.
InputFormat SniffFormat(std::string_view head);

// Position of the first NUL byte in `head`, or npos: a file with one is taken for binary
// (git's rule).
size_t FirstNul(std::string_view head);

}  // namespace dyad::input::internal

#endif  // DYAD_INPUT_INPUT_INTERNAL_H_
