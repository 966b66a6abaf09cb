// The JSONL reader (doc/formats/input.md): one JSON object per line, parsed with
// nlohmann-json. Lines come from a LineReader in chunks, so a file of any size streams; one
// line is held whole (up to max_document_bytes). Every unusable line becomes one
// InputProblem naming file:line and the first thing wrong with it; reading goes on with
// the next line. The line buffer and the parsed value are reused from line to line.
#include <nlohmann/json.hpp>

#include <iterator>
#include <string>
#include <string_view>

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

// nlohmann's message without its "[json.exception.parse_error.101] " tag.
std::string WithoutExceptionTag(const char* what) {
  std::string m = what;
  if (m.compare(0, 1, "[") == 0) {
    const size_t close = m.find("] ");
    if (close != std::string::npos) m.erase(0, close + 2);
  }
  return m;
}

// The bad token of nlohmann's "last read" text. The lexer restarts that text at a string
// or a number but not at a literal (true/false/null) or a stray character, so it can begin
// with the complete string before the bad token ('"Russia said ..." x'): drop that string
// and the separators after it.
std::string_view BadToken(std::string_view last) {
  if (last.size() < 2 || last[0] != '"') return last;
  size_t i = 1;
  while (i < last.size() && last[i] != '"') i += last[i] == '\\' ? 2 : 1;
  if (i + 1 >= last.size()) return last;  // the bad token is this (unfinished) string
  last.remove_prefix(i + 1);
  while (!last.empty() && (last[0] == ' ' || last[0] == '\t' || last[0] == ':' ||
                           last[0] == ',' || last[0] == '\r')) {
    last.remove_prefix(1);
  }
  return last;
}

// nlohmann's "parse error at line 1, column 5: syntax error ...; last read: '...'" without
// the parts that say nothing on a one-line document, quoting the bad token.
std::string ParseErrorMessage(const char* what) {
  std::string m = WithoutExceptionTag(what);
  const std::string kPrefix = "parse error at line 1, ";
  if (m.compare(0, kPrefix.size(), kPrefix) == 0) m.erase(0, kPrefix.size());
  // "last read: '<the token so far>'" can quote a whole text: keep the bad token's start.
  const std::string kLastRead = "; last read: '";
  const size_t last = m.find(kLastRead);
  if (last != std::string::npos) {
    const size_t start = last + kLastRead.size();
    // The quote closes before "; expected ..." when nlohmann adds that.
    size_t end = m.find("'; expected ", start);
    if (end == std::string::npos) end = m.size() - (m.back() == '\'' ? 1 : 0);
    const std::string tail = m.substr(end);
    const std::string quoted = Excerpt(BadToken(std::string_view(m).substr(start, end - start)));
    m.resize(start);
    m += quoted;
    m += tail.empty() ? "'" : tail;
  }
  return "malformed JSON: " + m;
}

// Calls visit(i) for each byte s[i] outside JSON strings (the quotes themselves not
// included), until it returns false; returns false when it stopped early.
template <typename Visit>
bool ForEachOutsideStrings(std::string_view s, Visit visit) {
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
    } else if (!visit(i)) {
      return false;
    }
  }
  return true;
}

// The 1-based column of the first `token` of `line` outside a string (0 if none): for
// errors nlohmann reports without a position.
size_t ColumnOutsideStrings(std::string_view line, std::string_view token) {
  size_t column = 0;
  if (token.empty()) return 0;
  ForEachOutsideStrings(line, [&](size_t i) {
    if (line.substr(i, token.size()) != token) return true;
    column = i + 1;
    return false;
  });
  return column;
}

// "number overflow parsing '1e999'" (nlohmann's out_of_range) with the number's column.
std::string OutOfRangeMessage(std::string_view line, const char* what) {
  const std::string m = WithoutExceptionTag(what);
  const size_t open = m.find('\'');
  const size_t close = m.rfind('\'');
  size_t column = 0;
  if (open != std::string::npos && close > open) {
    column = ColumnOutsideStrings(line, std::string_view(m).substr(open + 1, close - open - 1));
  }
  std::string out = "malformed JSON: ";
  if (column > 0) out += "column " + std::to_string(column) + ": ";
  return out + Excerpt(m, 80);
}

// The fields a document is read from: a line naming one twice is refused (which value
// was meant is unclear; nlohmann-json would silently keep the last).
constexpr std::string_view kFields[] = {"id", "text", "date", "title", "url", "source", "lang"};

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
  return ForEachOutsideStrings(s, [&](size_t i) {
    const char c = s[i];
    if (c == '[' || c == '{') return ++depth <= max;
    if (c == ']' || c == '}') --depth;
    return true;
  });
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
    // A line starting with a (repaired) character whose first byte is 0xEF: nlohmann takes
    // it for a bad byte order mark; it is an invalid literal like any other character.
    if (line.size() >= 3 && line[0] == '\xEF' && line.substr(0, 3) != "\xEF\xBB\xBF") {
      *message = "malformed JSON: column 1: syntax error while parsing value - invalid "
                 "literal; last read: '" + std::string(line.substr(0, 3)) + "'";
      return false;
    }
    uint32_t seen = 0;  // bit i: kFields[i] was a key of the document
    std::string_view duplicate;
    const Json::parser_callback_t on_event = [&](int depth, Json::parse_event_t event,
                                                 Json& parsed) {
      if (depth != 1 || event != Json::parse_event_t::key || !parsed.is_string()) return true;
      const std::string& key = parsed.get_ref<const std::string&>();
      for (size_t i = 0; i < std::size(kFields); ++i) {
        if (key != kFields[i]) continue;
        if ((seen >> i & 1) != 0 && duplicate.empty()) duplicate = kFields[i];
        seen |= 1u << i;
      }
      return true;
    };
    try {
      value_ = Json::parse(line.begin(), line.end(), on_event);
    } catch (const Json::parse_error& e) {
      *message = ParseErrorMessage(e.what());
      return false;
    } catch (const Json::out_of_range& e) {
      *message = OutOfRangeMessage(line, e.what());
      return false;
    } catch (const std::exception& e) {
      *message = "malformed JSON: " + WithoutExceptionTag(e.what());
      return false;
    }
    if (!duplicate.empty()) {
      *message = "duplicate key '" + std::string(duplicate) + "'";
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
    if (IsBlankText(doc->id)) {
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
    if (IsBlankText(doc->text)) {
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
