// Shared helpers of the dictionary readers; see reader_util.h.
#include "dict/reader_util.h"

#include <utility>

#include "base/date.h"
#include "base/utf8.h"

namespace dyad::dict {

ParseContext::ParseContext(std::string_view file, bool strict, std::vector<Diagnostic>* out,
                           FileStats* stats)
    : file_(file), strict_(strict), out_(out), stats_(stats) {}

bool ParseContext::Error(int line, std::string message) {
  if (stats_ != nullptr) ++stats_->errors;
  if (strict_ && status_.ok()) {
    status_ = Status::InvalidArgument(std::string(file_) + ":" + std::to_string(line) + ": " +
                                      message);
  }
  if (out_ != nullptr) {
    out_->push_back(
        Diagnostic{Diagnostic::Severity::kError, std::string(file_), line, std::move(message)});
  }
  return !strict_;
}

void ParseContext::Warning(int line, std::string message) {
  if (stats_ != nullptr) ++stats_->warnings;
  if (out_ != nullptr) {
    out_->push_back(
        Diagnostic{Diagnostic::Severity::kWarning, std::string(file_), line, std::move(message)});
  }
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

std::string_view Trim(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && IsBlank(s[b])) ++b;
  while (e > b && IsBlank(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::vector<std::string_view> SplitBlanks(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    while (i < s.size() && IsBlank(s[i])) ++i;
    size_t e = i;
    while (e < s.size() && !IsBlank(s[e])) ++e;
    if (e > i) out.push_back(s.substr(i, e - i));
    i = e;
  }
  return out;
}

std::vector<Line> SplitLines(std::string_view text, std::string_view comment_chars,
                             bool html_comments) {
  std::vector<Line> lines;
  lines.reserve(text.size() / 24 + 1);
  int number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = pos;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
    Line line;
    line.number = ++number;
    line.raw = text.substr(pos, end - pos);
    // A comment character inside `[...]` is part of a code (`[###]` in the validation
    // verbs), not a comment.
    size_t cut = std::string_view::npos;
    int depth = 0;
    for (size_t i = 0; i < line.raw.size() && !comment_chars.empty(); ++i) {
      const char c = line.raw[i];
      if (c == '[') {
        ++depth;
      } else if (c == ']') {
        depth = depth > 0 ? depth - 1 : 0;
      } else if (depth == 0 && comment_chars.find(c) != std::string_view::npos) {
        cut = i;
        break;
      }
    }
    line.body = Trim(line.raw.substr(0, cut));
    if (cut != std::string_view::npos) line.comment = Trim(line.raw.substr(cut + 1));
    if (html_comments && line.body.size() >= 2 && line.body[0] == '<' && line.body[1] == '!') {
      line.comment = line.body;
      line.body = {};
    }
    lines.push_back(line);
    if (end < text.size() && text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') {
      ++end;
    }
    pos = end + 1;
  }
  return lines;
}

void LongLineFilter::EndLine() {
  if (dropping_) dropped_.push_back({line_, line_bytes_});
  dropping_ = false;
  line_bytes_ = 0;
  ++line_;
}

void LongLineFilter::Add(std::string_view piece) {
  size_t pos = 0;
  while (pos < piece.size()) {
    const char c = piece[pos];
    if (c == '\n' || c == '\r') {
      // "\r\n" is one line break: the line ended at the '\r'.
      if (!(c == '\n' && after_cr_)) EndLine();
      after_cr_ = c == '\r';
      out_->push_back(c);
      line_start_ = out_->size();
      ++pos;
      continue;
    }
    after_cr_ = false;
    size_t end = pos;
    while (end < piece.size() && piece[end] != '\n' && piece[end] != '\r') ++end;
    line_bytes_ += end - pos;
    if (!dropping_) {
      if (line_bytes_ > kMaxDictionaryLineBytes) {
        out_->resize(line_start_);
        dropping_ = true;
      } else {
        out_->append(piece.substr(pos, end - pos));
      }
    }
    pos = end;
  }
}

std::vector<LongLineFilter::Dropped> LongLineFilter::Finish() {
  if (dropping_) dropped_.push_back({line_, line_bytes_});
  dropping_ = false;
  return std::move(dropped_);
}

size_t ConvertLatin1(std::string* text, int* first_line) {
  *first_line = 0;
  size_t i = 0;
  for (; i < text->size(); ++i) {
    const size_t n = Utf8SequenceLength(*text, i);
    if (n == 0 || (*text)[i] == '\0') break;
    i += n - 1;
  }
  if (i == text->size()) return 0;
  int line = 1;
  for (size_t j = 0; j < i; ++j) line += (*text)[j] == '\n';
  std::string out(text->data(), i);
  out.reserve(text->size() + 64);
  size_t converted = 0;
  while (i < text->size()) {
    const char c = (*text)[i];
    const size_t n = Utf8SequenceLength(*text, i);
    if (c == '\0') {
      out += ' ';
      ++i;
    } else if (n == 0) {
      if (converted++ == 0) *first_line = line;
      AppendUtf8(static_cast<unsigned char>(c), &out);
      ++i;
    } else {
      if (c == '\n') ++line;
      out.append(*text, i, n);
      i += n;
    }
  }
  text->swap(out);
  return converted;
}

std::vector<std::string> SplitPhrase(std::string_view phrase, bool* has_gaps) {
  std::vector<std::string> words;
  bool gap = false;
  bool pending_blank = false;
  size_t i = 0;
  while (i < phrase.size()) {
    const char c = phrase[i];
    if (IsBlank(c) || c == '_') {
      if (IsBlank(c)) pending_blank = true;
      ++i;
      continue;
    }
    size_t e = i;
    while (e < phrase.size() && !IsBlank(phrase[e]) && phrase[e] != '_') ++e;
    if (pending_blank && !words.empty()) gap = true;
    pending_blank = false;
    words.push_back(LowercaseWord(phrase.substr(i, e - i)));
    i = e;
  }
  if (has_gaps != nullptr) *has_gaps = gap;
  return words;
}

namespace {
bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

std::string RegularPlural(std::string_view noun) {
  std::string s(noun);
  if (s.empty()) return s;
  const size_t n = s.size();
  if (s[n - 1] == 'y' && n >= 2 && !IsVowel(s[n - 2])) {
    s.pop_back();
    return s + "ies";
  }
  if (EndsWith(s, "s") || EndsWith(s, "x") || EndsWith(s, "z") || EndsWith(s, "ch") ||
      EndsWith(s, "sh")) {
    return s + "es";
  }
  return s + "s";
}

std::vector<std::string> RegularVerbForms(std::string_view verb) {
  std::string v(verb);
  std::vector<std::string> forms;
  if (v.empty()) return forms;
  const size_t n = v.size();
  const bool consonant_y = v[n - 1] == 'y' && n >= 2 && !IsVowel(v[n - 2]);
  // Third person singular.
  if (consonant_y) {
    forms.push_back(v.substr(0, n - 1) + "ies");
  } else if (EndsWith(v, "s") || EndsWith(v, "x") || EndsWith(v, "z") || EndsWith(v, "ch") ||
             EndsWith(v, "sh") || (EndsWith(v, "o") && n >= 2 && !IsVowel(v[n - 2]))) {
    forms.push_back(v + "es");
  } else {
    forms.push_back(v + "s");
  }
  // Past.
  if (v[n - 1] == 'e') {
    forms.push_back(v + "d");
  } else if (consonant_y) {
    forms.push_back(v.substr(0, n - 1) + "ied");
  } else {
    forms.push_back(v + "ed");
  }
  // Gerund.
  if (EndsWith(v, "ie")) {
    forms.push_back(v.substr(0, n - 2) + "ying");
  } else if (v[n - 1] == 'e' && n > 2 && !EndsWith(v, "ee") && !EndsWith(v, "ye") &&
             !EndsWith(v, "oe")) {
    forms.push_back(v.substr(0, n - 1) + "ing");
  } else {
    forms.push_back(v + "ing");
  }
  return forms;
}

bool ParseDictionaryDate(std::string_view s, int32_t* date) {
  const int32_t value = date::ParseYmd(s);  // the one pivot: YY <= date::kPivotYear → 20YY
  if (!date::IsValidDate(value)) return false;
  *date = value;
  return true;
}

namespace {
// The validation dictionaries use codes such as `075A`, `+++`, `###`, `025?` on purpose
// (TABARI leftovers the unit tests exercise), so a code is any run of printable
// characters other than blanks, brackets and `:`.
bool IsCodeChar(char c) {
  return c > ' ' && c != '[' && c != ']' && c != ':' && c != 0x7f;
}
bool ParseOneCode(std::string_view s, std::string* out) {
  s = Trim(s);
  out->clear();
  if (s.empty() || s == "---") return true;
  for (char c : s) {
    if (!IsCodeChar(c)) return false;
  }
  *out = std::string(s);
  return true;
}
}  // namespace

bool ParseEventCode(std::string_view s, EventCode* code) {
  s = Trim(s);
  if (s.empty()) return false;
  const size_t colon = s.find(':');
  code->code.clear();
  code->reciprocal.clear();
  if (colon == std::string_view::npos) {
    if (Trim(s) == "---") return true;
    return ParseOneCode(s, &code->code) && !code->code.empty();
  }
  if (s.find(':', colon + 1) != std::string_view::npos) return false;
  if (!ParseOneCode(s.substr(0, colon), &code->code)) return false;
  if (!ParseOneCode(s.substr(colon + 1), &code->reciprocal)) return false;
  return !code->IsNull() || Trim(s.substr(0, colon)) == "---";
}

std::string Uppercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace dyad::dict
