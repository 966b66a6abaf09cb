// The JSONL reader (doc/formats/input.md): one JSON object per line, parsed with
// nlohmann-json. Lines come from a LineReader in chunks, so a file of any size streams; one
// line is held whole (up to max_document_bytes). Every unusable line becomes one
// InputProblem naming file:line and the first thing wrong with it; reading goes on with
// the next line. The line buffer and the parsed value are reused from line to line.
#include <nlohmann/json.hpp>

#include "base/utf8.h"
#include "input/input_internal.h"

namespace dyad::input::internal {

namespace {

using Json = nlohmann::json;

// At most `max` bytes of `s` for a message, cut at a UTF-8 boundary.
std::string Excerpt(std::string_view s, size_t max = 40) {
  if (s.size() <= max) return std::string(s);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "...";
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 5: syntax
// error ..." without the parts that say nothing on a one-line document.
std::string ParseErrorMessage(const char* what) {
  std::string m = what;
  if (m.compare(0, 1, "[") == 0) {
    const size_t close = m.find("] ");
    if (close != std::string::npos) m.erase(0, close + 2);
  }
  const std::string kPrefix = "parse error at line 1, ";
  if (m.compare(0, kPrefix.size(), kPrefix) == 0) m.erase(0, kPrefix.size());
  // "last read: '<the token so far>'" can quote a whole text: keep its start.
  const std::string kLastRead = "; last read: '";
  const size_t last = m.find(kLastRead);
  if (last != std::string::npos) {
    const size_t start = last + kLastRead.size();
    const std::string quoted = m.substr(start, m.size() - start - (m.back() == '\'' ? 1 : 0));
    m.resize(start);
    m += Excerpt(quoted);
    m += '\'';
  }
  return "malformed JSON: " + m;
}

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v') return false;
  }
  return true;
}

// A document is a flat object; deeper nesting than this is refused before parsing, because
// nlohmann-json builds every level (a 64 MB line of "[" would take gigabytes).
constexpr int kMaxJsonDepth = 64;

// Whether the brackets of `s` (outside strings) nest at most `max` deep.
bool NestingWithin(std::string_view s, int max) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

class JsonlReader final : public FormatReader {
 public:
  explicit JsonlReader(const FileContext& context)
      : context_(context), lines_(context.source, context.options->max_document_bytes) {}

  DocumentStream::Next Read(InputDocument* doc, InputProblem* problem) override {
    std::string_view line;
    uint64_t length = 0;
    bool too_long = false;
    while (lines_.Next(&line, &length, &too_long)) {
      const uint64_t number = lines_.line_number();
      if (too_long) {
        return Problem(problem, number,
                       "line of " + std::to_string(length) + " bytes exceeds the document limit (" +
                           std::to_string(context_.options->max_document_bytes) + " bytes)");
      }
      if (number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
      if (IsBlank(line)) continue;
      std::string message;
      if (Parse(line, doc, &message)) {
        doc->file = context_.file;
        doc->line = number;
        doc->mtime = context_.mtime;
        return DocumentStream::Next::kDocument;
      }
      return Problem(problem, number, std::move(message));
    }
    if (!context_.source->error().empty() && !reported_error_) {
      reported_error_ = true;
      return Problem(problem, lines_.line_number() + 1, context_.source->error());
    }
    return DocumentStream::Next::kEnd;
  }

 private:
  DocumentStream::Next Problem(InputProblem* problem, uint64_t line, std::string message) {
    problem->file = context_.file;
    problem->line = line;
    problem->message = std::move(message);
    return DocumentStream::Next::kProblem;
  }

  // Fills *doc from one line; false with *message when the line is not a usable document.
  bool Parse(std::string_view line, InputDocument* doc, std::string* message) {
    // JSON must be UTF-8; bad bytes (Latin-1 text, a cut multibyte character) become
    // U+FFFD instead of failing the whole line. JSON's own syntax is ASCII, so the
    // repair cannot change the structure.
    doc->repaired_bytes = 0;
    if (!IsValidUtf8(line) || line.find('\0') != std::string_view::npos) {
      repaired_.assign(line);
      doc->repaired_bytes = RepairUtf8(&repaired_);
      line = repaired_;
    }
    if (!NestingWithin(line, kMaxJsonDepth)) {
      *message = "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
      return false;
    }
    try {
      value_ = Json::parse(line.begin(), line.end());
    } catch (const Json::parse_error& e) {
      *message = ParseErrorMessage(e.what());
      return false;
    } catch (const std::exception& e) {
      *message = std::string("malformed JSON: ") + e.what();
      return false;
    }
    if (!value_.is_object()) {
      *message = std::string("not a JSON object (a JSON ") + value_.type_name() + ")";
      return false;
    }
    // id: a non-empty string, or an integer (written in decimal).
    auto it = value_.find("id");
    if (it == value_.end() || it->is_null()) {
      *message = "missing id";
      return false;
    }
    if (it->is_string()) {
      doc->id = std::move(it->get_ref<std::string&>());
    } else if (it->is_number_integer()) {
      doc->id = it->dump();
    } else {
      *message = std::string("id is not a string (a JSON ") + it->type_name() + ")";
      return false;
    }
    if (IsBlank(doc->id)) {
      *message = "empty id";
      return false;
    }
    it = value_.find("text");
    if (it == value_.end() || it->is_null()) {
      *message = "missing text";
      return false;
    }
    if (!it->is_string()) {
      *message = std::string("text is not a string (a JSON ") + it->type_name() + ")";
      return false;
    }
    doc->text = std::move(it->get_ref<std::string&>());
    if (IsBlank(doc->text)) {
      *message = "empty text";
      return false;
    }
    it = value_.find("date");
    if (it != value_.end() && !it->is_null()) {
      std::string raw;
      if (it->is_string()) {
        raw = it->get_ref<const std::string&>();
      } else if (it->is_number_unsigned()) {
        raw = it->dump();  // 20190821 written as a number
      } else {
        *message = "bad date " + Excerpt(it->dump());
        return false;
      }
      if (!raw.empty() && !NormalizeDateTime(raw, &doc->date)) {
        *message = "bad date '" + Excerpt(raw) + "'";
        return false;
      }
    }
    static constexpr struct {
      const char* key;
      std::string InputDocument::*field;
    } kOptional[] = {{"title", &InputDocument::title},
                     {"url", &InputDocument::url},
                     {"source", &InputDocument::source},
                     {"lang", &InputDocument::lang}};
    for (const auto& f : kOptional) {
      it = value_.find(f.key);
      if (it == value_.end() || it->is_null()) continue;
      if (!it->is_string()) {
        *message = std::string(f.key) + " is not a string (a JSON " + it->type_name() + ")";
        return false;
      }
      doc->*f.field = std::move(it->get_ref<std::string&>());
    }
    return true;
  }

  FileContext context_;
  LineReader lines_;
  Json value_;
  std::string repaired_;
  bool reported_error_ = false;
};

}  // namespace

std::unique_ptr<FormatReader> NewJsonlReader(const FileContext& context) {
  return std::make_unique<JsonlReader>(context);
}

}  // namespace dyad::input::internal
