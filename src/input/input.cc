// DocumentStream (input.h): expands the inputs into a list of files, opens them one at a
// time, chooses each file's format (forced, by extension, or by sniffing its first
// decoded bytes) and hands it to the reader of that format (input_jsonl.cc, input_text.cc,
// input_html.cc, input_xml.cc). Problems about a file as a whole (cannot open, compressed
// name but not compressed, unreadable directory) are reported here; problems inside a
// file by its reader. The directory walk happens in Open, so bytes_total is known before
// the first document; opening a file happens when it is reached.
#include "input/input.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/file.h"
#include "input/input_internal.h"

namespace dyad::input {

using internal::ByteSource;
using internal::Compression;
using internal::FileContext;
using internal::FormatReader;


bool ParseInputFormat(std::string_view name, InputFormat* out) {
  static constexpr struct {
    std::string_view name;
    InputFormat format;
  } kNames[] = {{"auto", InputFormat::kAuto},
                {"jsonl", InputFormat::kJsonl},
                {"text", InputFormat::kText},
                {"html", InputFormat::kHtml},
                {"xml", InputFormat::kPetrarchXml}};
  for (const auto& n : kNames) {
    if (n.name == name) {
      *out = n.format;
      return true;
    }
  }
  return false;
}

std::string_view InputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::kAuto: return "auto";
    case InputFormat::kJsonl: return "jsonl";
    case InputFormat::kText: return "text";
    case InputFormat::kHtml: return "html";
    case InputFormat::kPetrarchXml: return "xml";
  }
  return "auto";
}

namespace internal {

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

// `name` without a .gz/.zst suffix; *compression says which one it had.
std::string_view StripCompression(std::string_view name, Compression* compression) {
  *compression = Compression::kNone;
  if (EndsWith(name, ".gz")) {
    *compression = Compression::kGzip;
    return name.substr(0, name.size() - 3);
  }
  if (EndsWith(name, ".zst")) {
    *compression = Compression::kZstd;
    return name.substr(0, name.size() - 4);
  }
  return name;
}

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

InputFormat FormatFromName(std::string_view name) {
  Compression c;
  name = StripCompression(BaseName(name), &c);
  for (std::string_view ext : {".jsonl", ".ndjson", ".json"}) {
    if (EndsWith(name, ext)) return InputFormat::kJsonl;
  }
  if (EndsWith(name, ".txt") || EndsWith(name, ".text")) return InputFormat::kText;
  if (EndsWith(name, ".html") || EndsWith(name, ".htm")) return InputFormat::kHtml;
  if (EndsWith(name, ".xml")) return InputFormat::kPetrarchXml;
  return InputFormat::kAuto;
}

InputFormat SniffFormat(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  size_t i = 0;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' ||
                             head[i] == '\n')) {
    ++i;
  }
  if (i == head.size()) return InputFormat::kText;
  if (head[i] == '{') return InputFormat::kJsonl;
  if (head[i] != '<') return InputFormat::kText;
  // Markup: PETRARCH XML names its elements <Sentences>/<Sentence>; anything else that
  // starts with '<' is taken for HTML (an XML declaration without them too, for XHTML).
  const std::string_view window = head.substr(i, 16 << 10);
  if (window.find("<Sentence") != std::string_view::npos) return InputFormat::kPetrarchXml;
  return InputFormat::kHtml;
}

size_t FirstNul(std::string_view head) { return head.find('\0'); }

}  // namespace internal

// ---------------------------------------------------------------------------------------

namespace {

struct Entry {
  std::string path;        // as given, or as expanded from a directory
  std::string error;       // non-empty: report this instead of reading
  bool is_stdin = false;
  uint64_t size = 0;       // from stat; 0 for stdin/pipes
  int64_t mtime = 0;
};

bool Hidden(std::string_view name) { return !name.empty() && name.front() == '.'; }

// Whether a file met in a directory walk is read: with a forced format every file; with
// kAuto those whose extension names a format or which have no extension at all.
bool WantedInDirectory(const std::string& name, InputFormat format) {
  if (format != InputFormat::kAuto) return true;
  if (internal::FormatFromName(name) != InputFormat::kAuto) return true;
  Compression c;
  const std::string_view stem = internal::StripCompression(name, &c);
  return stem.find('.') == std::string_view::npos;
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (!dir.empty() && dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

// Directories nested deeper than this below an input directory are not read (a link
// farm or a runaway generator); each one is reported.
constexpr int kMaxDirectoryDepth = 64;

// What a non-regular file is, for the message that says it was not read.
const char* SpecialFileKind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

// Appends the wanted files under `dir` (recursively) to *out, unsorted. A directory that
// cannot be listed, one nested too deep and a FIFO, socket or device (never opened, so a
// FIFO cannot block the run) become error entries. Symbolic links to directories are not
// followed (no cycles); links to files are.
void WalkDirectory(const std::string& dir, InputFormat format, int depth,
                   std::vector<Entry>* out) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) {
    out->push_back({dir, std::string("cannot read directory: ") + std::strerror(errno)});
    return;
  }
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (Hidden(name)) continue;  // also "." and ".."
    names.push_back(std::move(name));
  }
  ::closedir(d);
  for (const std::string& name : names) {
    const std::string path = JoinPath(dir, name);
    struct stat lst;
    if (::lstat(path.c_str(), &lst) != 0) {
      out->push_back({path, std::string("cannot open: ") + std::strerror(errno)});
      continue;
    }
    if (S_ISDIR(lst.st_mode)) {
      if (depth < kMaxDirectoryDepth) {
        WalkDirectory(path, format, depth + 1, out);
      } else {
        out->push_back({path, "directory nested more than " +
                                  std::to_string(kMaxDirectoryDepth) +
                                  " levels below the input directory; not read"});
      }
      continue;
    }
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      out->push_back({path, std::string("cannot open: ") + std::strerror(errno)});
      continue;
    }
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
      out->push_back({path, std::string(SpecialFileKind(st.st_mode)) + "; not read"});
      continue;
    }
    if (!S_ISREG(st.st_mode) || !WantedInDirectory(name, format)) continue;
    Entry entry;
    entry.path = path;
    entry.size = static_cast<uint64_t>(st.st_size);
    entry.mtime = static_cast<int64_t>(st.st_mtime);
    out->push_back(std::move(entry));
  }
}

void ResetDocument(InputDocument* doc) {
  doc->id.clear();
  doc->date.clear();
  doc->text.clear();
  doc->title.clear();
  doc->url.clear();
  doc->source.clear();
  doc->lang.clear();
  doc->file.clear();
  doc->line = 0;
  doc->mtime = 0;
  doc->parts.clear();
}

}  // namespace

class DocumentStream::Impl {
 public:
  Impl(std::vector<Entry> entries, const InputOptions& options, bool total_known)
      : options_(options), entries_(std::move(entries)) {
    if (total_known) {
      for (const Entry& e : entries_) total_ += e.size;
    }
  }

  void SetMemory(std::string data) { memory_ = std::move(data); has_memory_ = true; }

  Next Read(InputDocument* doc, InputProblem* problem) {
    for (;;) {
      if (reader_ != nullptr) {
        ResetDocument(doc);
        const Next next = reader_->Read(doc, problem);
        if (next != Next::kEnd) return next;
        FinishFile();
        continue;
      }
      if (next_entry_ == entries_.size()) return Next::kEnd;
      const Entry& entry = entries_[next_entry_++];
      if (!entry.error.empty()) {
        *problem = InputProblem{entry.path, 0, entry.error};
        return Next::kProblem;
      }
      std::string message;
      if (StartFile(entry, &message)) continue;
      *problem = InputProblem{entry.path, 0, std::move(message)};
      return Next::kProblem;
    }
  }

  uint64_t bytes_done() const {
    const uint64_t done = done_before_ + (source_ != nullptr ? source_->raw_bytes_read() : 0);
    // A file that grew after Open must not push progress past 100 %.
    return total_ > 0 ? std::min(done, total_) : done;
  }
  uint64_t bytes_total() const { return total_; }

 private:
  // Opens `entry` and makes its reader; false with *message when it cannot be read.
  bool StartFile(const Entry& entry, std::string* message) {
    if (has_memory_) {
      source_ = ByteSource::FromMemory(std::move(memory_));
      has_memory_ = false;
    } else {
      std::string error;
      source_ = ByteSource::OpenFile(entry.is_stdin ? "-" : entry.path, &error);
      if (source_ == nullptr) {
        *message = "cannot open: " + error;
        return false;
      }
    }
    current_size_ = entry.size;
    Compression named;
    internal::StripCompression(internal::BaseName(entry.path), &named);
    const std::string_view head = source_->Peek();
    if (named != Compression::kNone && source_->compression() != named &&
        source_->error().empty()) {
      *message = named == Compression::kGzip ? "not a gzip file (no gzip magic bytes)"
                                             : "not a zstd file (no zstd magic bytes)";
      FinishFile();
      return false;
    }
    InputFormat format = options_.format;
    if (format == InputFormat::kAuto) format = internal::FormatFromName(entry.path);
    if (format == InputFormat::kAuto) format = internal::SniffFormat(head);
    context_.file = entry.path;
    context_.mtime = entry.mtime;
    context_.options = &options_;
    context_.source = source_.get();
    switch (format) {
      case InputFormat::kJsonl: reader_ = internal::NewJsonlReader(context_); break;
      case InputFormat::kHtml: reader_ = internal::NewHtmlReader(context_); break;
      case InputFormat::kPetrarchXml: reader_ = internal::NewXmlReader(context_); break;
      case InputFormat::kText:
      case InputFormat::kAuto: reader_ = internal::NewTextReader(context_); break;
    }
    return true;
  }

  void FinishFile() {
    reader_.reset();
    if (source_ != nullptr) {
      // A file left early (too large, corrupt) still counts as done for progress.
      done_before_ += std::max<uint64_t>(current_size_, source_->raw_bytes_read());
      source_.reset();
    }
  }

  InputOptions options_;
  std::vector<Entry> entries_;
  size_t next_entry_ = 0;
  std::string memory_;
  bool has_memory_ = false;
  std::unique_ptr<ByteSource> source_;
  std::unique_ptr<FormatReader> reader_;
  FileContext context_;
  uint64_t current_size_ = 0;
  uint64_t done_before_ = 0;
  uint64_t total_ = 0;
};

DocumentStream::DocumentStream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DocumentStream::~DocumentStream() = default;

namespace {

Status CheckOptions(const InputOptions& options) {
  if (options.max_document_bytes == 0) {
    return Status::InvalidArgument("input: max_document_bytes must be positive");
  }
  if (static_cast<uint8_t>(options.format) > static_cast<uint8_t>(InputFormat::kPetrarchXml)) {
    return Status::InvalidArgument("input: unknown input format");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<DocumentStream>> DocumentStream::Open(
    const std::vector<std::string>& inputs, const InputOptions& options) {
  DYAD_RETURN_IF_ERROR(CheckOptions(options));
  std::vector<Entry> entries;
  bool total_known = true;
  const std::vector<std::string> stdin_only = {"-"};
  for (const std::string& input : inputs.empty() ? stdin_only : inputs) {
    if (input == "-") {
      Entry e;
      e.path = "-";
      e.is_stdin = true;
      entries.push_back(std::move(e));
      total_known = false;
      continue;
    }
    struct stat st;
    if (::stat(input.c_str(), &st) != 0) {
      entries.push_back({input, std::string("cannot open: ") + std::strerror(errno)});
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      std::vector<Entry> found;
      WalkDirectory(input, options.format, 0, &found);
      std::sort(found.begin(), found.end(),
                [](const Entry& a, const Entry& b) { return a.path < b.path; });
      for (Entry& e : found) entries.push_back(std::move(e));
      continue;
    }
    Entry e;
    e.path = input;
    e.mtime = static_cast<int64_t>(st.st_mtime);
    if (S_ISREG(st.st_mode)) {
      e.size = static_cast<uint64_t>(st.st_size);
    } else {
      total_known = false;  // a pipe or a device: its size is not known
    }
    entries.push_back(std::move(e));
  }
  return std::unique_ptr<DocumentStream>(
      new DocumentStream(std::make_unique<Impl>(std::move(entries), options, total_known)));
}

Result<std::unique_ptr<DocumentStream>> DocumentStream::OpenMemory(std::string data,
                                                                   std::string name,
                                                                   const InputOptions& options) {
  DYAD_RETURN_IF_ERROR(CheckOptions(options));
  std::vector<Entry> entries(1);
  entries[0].path = std::move(name);
  entries[0].size = data.size();
  auto impl = std::make_unique<Impl>(std::move(entries), options, true);
  impl->SetMemory(std::move(data));
  return std::unique_ptr<DocumentStream>(new DocumentStream(std::move(impl)));
}

DocumentStream::Next DocumentStream::Read(InputDocument* doc, InputProblem* problem) {
  return impl_->Read(doc, problem);
}

DocumentStream::Next DocumentStream::Read(Document* doc, InputProblem* problem) {
  InputDocument in;
  const Next next = impl_->Read(&in, problem);
  if (next != Next::kDocument) return next;
  *doc = Document();
  doc->id = std::move(in.id);
  doc->text = std::move(in.text);
  doc->date = std::move(in.date);
  doc->date_origin = doc->date.empty() ? DateOrigin::kMissing : DateOrigin::kInput;
  doc->meta.title = std::move(in.title);
  doc->meta.url = std::move(in.url);
  doc->meta.source = std::move(in.source);
  doc->meta.lang = std::move(in.lang);
  doc->meta.file = std::move(in.file);
  doc->meta.line = in.line;
  doc->meta.mtime = in.mtime;
  doc->meta.repaired_bytes = in.repaired_bytes;
  return next;
}

uint64_t DocumentStream::bytes_done() const { return impl_->bytes_done(); }
uint64_t DocumentStream::bytes_total() const { return impl_->bytes_total(); }

Result<std::string> ReadWholeFile(const std::string& path) { return ReadFile(path); }

class LineStream::Impl {
 public:
  Impl(std::string path, std::unique_ptr<internal::ByteSource> source, uint64_t max_line)
      : path_(std::move(path)), source_(std::move(source)), lines_(source_.get(), max_line) {}
  std::string path_;
  std::unique_ptr<internal::ByteSource> source_;
  internal::LineReader lines_;
};

Result<std::unique_ptr<LineStream>> LineStream::Open(const std::string& path, uint64_t max_line) {
  std::string error;
  auto source = internal::ByteSource::OpenFile(path, &error);
  if (source == nullptr) {
    const bool missing = error == std::strerror(ENOENT);
    std::string msg = path + ": " + error;
    return missing ? Status::NotFound(std::move(msg)) : Status::IOError(std::move(msg));
  }
  auto impl = std::make_unique<Impl>(path == "-" ? "<stdin>" : path, std::move(source), max_line);
  return std::unique_ptr<LineStream>(new LineStream(std::move(impl)));
}

LineStream::LineStream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LineStream::~LineStream() = default;

bool LineStream::Next(std::string_view* line, bool* too_long) {
  uint64_t length = 0;
  return impl_->lines_.Next(line, &length, too_long);
}

uint64_t LineStream::line_number() const { return impl_->lines_.line_number(); }

Status LineStream::status() const {
  const std::string& error = impl_->source_->error();
  if (error.empty()) return Status::Ok();
  return Status::IOError(impl_->path_ + ": " + error);
}

}  // namespace dyad::input
