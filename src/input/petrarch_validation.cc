// Tolerant scanner for PETRARCH validation files (see validation_reader.h).
//
// The scanner walks the bytes once. At each '<' it classifies what follows: a comment
// (skipped to "-->"), a processing instruction or declaration (skipped to '>'), or a tag
// "<Name attr="v" ...>" / "</Name>" / "<Name .../>". Only the elements of the validation
// format are interpreted; anything else is ignored, as is text outside records. The
// contents of <Text> and <Parse> are taken raw up to their closing tag, so a '<' inside
// a CoNLL-U line cannot derail the scan. Every record-level problem is stored in the
// record (with the line number) and scanning continues.
#include "input/petrarch_validation.h"

#include <algorithm>
#include <cctype>

#include "syntax/conllu.h"

namespace dyad::input {
namespace {

std::string DecodeEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    bool done = false;
    for (const auto& [name, ch] : kEntities) {
      if (s.substr(i, name.size()) == name) {
        out += ch;
        i += name.size() - 1;
        done = true;
        break;
      }
    }
    if (!done) out += '&';
  }
  return out;
}

std::string CollapseSpace(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':' ||
         c == '.';
}

struct Tag {
  std::string name;
  bool closing = false;       // </Name>
  bool self_closing = false;  // <Name/>
  std::vector<std::pair<std::string, std::string>> attrs;
  const std::string* Attr(std::string_view key) const {
    for (const auto& [k, v] : attrs) {
      if (k.size() == key.size() &&
          std::equal(k.begin(), k.end(), key.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        return &v;
      }
    }
    return nullptr;
  }
};

class Scanner {
 public:
  Scanner(std::string_view data, const std::string& what) : data_(data), what_(what) {}

  Result<ValidationFile> Run() {
    while (pos_ < data_.size()) {
      const size_t lt = data_.find('<', pos_);
      if (lt == std::string_view::npos) break;
      AdvanceTo(lt);
      if (Starts("<!--")) {
        const size_t end = data_.find("-->", pos_ + 4);
        if (end == std::string_view::npos) {
          Fail("unterminated comment");
          AdvanceTo(data_.size());
          break;
        }
        AdvanceTo(end + 3);
        continue;
      }
      if (Starts("<?") || Starts("<!")) {
        const size_t end = data_.find('>', pos_);
        AdvanceTo(end == std::string_view::npos ? data_.size() : end + 1);
        continue;
      }
      Tag tag;
      const int tag_line = line_;
      if (!ReadTag(&tag)) {
        Fail("malformed tag");
        AdvanceTo(lt + 1);
        continue;
      }
      Handle(tag, tag_line);
    }
    FinishRecord();
    if (file_.records.empty() && saw_content_) {
      return Status::InvalidArgument(what_ + ": no <Sentence> record found");
    }
    return std::move(file_);
  }

 private:
  bool Starts(std::string_view s) const { return data_.substr(pos_, s.size()) == s; }

  // Moves pos_ forward to `to`, counting newlines.
  void AdvanceTo(size_t to) {
    to = std::min(to, data_.size());
    line_ += static_cast<int>(std::count(data_.begin() + pos_, data_.begin() + to, '\n'));
    pos_ = to;
  }

  // Records a problem: in the open record if any, else it is a file-level note that
  // marks the next record (never lost silently).
  void Fail(const std::string& msg) {
    Status s = Status::InvalidArgument(what_ + ":" + std::to_string(line_) + ": " + msg);
    if (in_record_) {
      if (record_.error.ok()) record_.error = std::move(s);
    }
  }

  // REQUIRES: data_[pos_] == '<'. On success pos_ is past '>'.
  bool ReadTag(Tag* tag) {
    size_t p = pos_ + 1;
    if (p < data_.size() && data_[p] == '/') {
      tag->closing = true;
      ++p;
    }
    const size_t name_begin = p;
    while (p < data_.size() && IsNameChar(data_[p])) ++p;
    if (p == name_begin) return false;
    tag->name = std::string(data_.substr(name_begin, p - name_begin));
    for (;;) {
      while (p < data_.size() && std::isspace(static_cast<unsigned char>(data_[p]))) ++p;
      if (p >= data_.size() || data_[p] == '<') return false;
      if (data_[p] == '>') {
        AdvanceTo(p + 1);
        return true;
      }
      if (data_[p] == '/' && p + 1 < data_.size() && data_[p + 1] == '>') {
        tag->self_closing = true;
        AdvanceTo(p + 2);
        return true;
      }
      const size_t key_begin = p;
      while (p < data_.size() && IsNameChar(data_[p])) ++p;
      if (p == key_begin) return false;
      std::string key(data_.substr(key_begin, p - key_begin));
      while (p < data_.size() && std::isspace(static_cast<unsigned char>(data_[p]))) ++p;
      if (p >= data_.size() || data_[p] != '=') return false;
      ++p;
      while (p < data_.size() && std::isspace(static_cast<unsigned char>(data_[p]))) ++p;
      if (p >= data_.size() || (data_[p] != '"' && data_[p] != '\'')) return false;
      const char quote = data_[p++];
      const size_t end = data_.find(quote, p);
      if (end == std::string_view::npos || data_.substr(p, end - p).find('\n') != std::string_view::npos) {
        return false;
      }
      tag->attrs.emplace_back(std::move(key), DecodeEntities(data_.substr(p, end - p)));
      p = end + 1;
    }
  }

  // Takes the raw content up to "</name>" and moves past it. False when absent.
  bool TakeContent(std::string_view name, std::string_view* content, int* content_line) {
    const std::string close = "</" + std::string(name);
    const size_t end = data_.find(close, pos_);
    // Stop at the next record rather than swallowing it.
    const size_t next_record = data_.find("<Sentence ", pos_);
    if (end == std::string_view::npos || (next_record != std::string_view::npos && next_record < end)) {
      return false;
    }
    *content = data_.substr(pos_, end - pos_);
    *content_line = line_;
    AdvanceTo(end);
    const size_t gt = data_.find('>', pos_);
    AdvanceTo(gt == std::string_view::npos ? data_.size() : gt + 1);
    return true;
  }

  void Handle(const Tag& tag, int tag_line) {
    const std::string& n = tag.name;
    if (n == "Sentence") {
      if (tag.closing) {
        FinishRecord();
        return;
      }
      FinishRecord();
      saw_content_ = true;
      in_record_ = true;
      record_ = ValidationRecord();
      record_.line = tag_line;
      record_.options = options_;
      if (const auto* v = tag.Attr("id")) record_.id = *v;
      if (const auto* v = tag.Attr("date")) record_.date = *v;
      if (const auto* v = tag.Attr("source")) record_.category = *v;
      if (const auto* v = tag.Attr("category")) record_.category = *v;
      if (record_.id.empty()) Fail("<Sentence> without id");
      if (record_.date.empty()) Fail("<Sentence> without date");
      return;
    }
    if (n == "Sentences" || n == "Validation") {
      if (tag.closing) FinishRecord();
      return;
    }
    if (n == "Config" && !tag.closing) {
      const auto* opt = tag.Attr("option");
      const auto* val = tag.Attr("value");
      if (opt != nullptr && val != nullptr) options_[*opt] = *val;
      return;
    }
    if (n == "EventCoding" && !tag.closing) {
      if (!in_record_) return;
      if (const auto* err = tag.Attr("error")) {
        record_.no_events = true;
        record_.expected_error = *err;
        return;
      }
      const auto* none = tag.Attr("noevents");
      if (none != nullptr) {
        std::string v = *none;
        std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
        if (v == "true") record_.no_events = true;
        return;
      }
      const auto* s = tag.Attr("sourcecode");
      const auto* t = tag.Attr("targetcode");
      const auto* c = tag.Attr("eventcode");
      if (s == nullptr || t == nullptr || c == nullptr) {
        Fail("<EventCoding> needs sourcecode, targetcode and eventcode");
        return;
      }
      record_.expected.push_back({*s, *t, *c});
      return;
    }
    if ((n == "Text" || n == "Parse") && !tag.closing && !tag.self_closing) {
      std::string_view content;
      int content_line = 0;
      if (!TakeContent(n, &content, &content_line)) {
        Fail("<" + n + "> without </" + n + ">");
        return;
      }
      if (!in_record_) return;
      if (n == "Text") {
        record_.text = CollapseSpace(DecodeEntities(content));
      } else {
        // Keep line structure; drop the newline right after <Parse>.
        if (!content.empty() && content[0] == '\n') {
          content.remove_prefix(1);
          ++content_line;
        }
        if (!record_.parse.empty()) record_.parse += "\n";
        else record_.parse_line = content_line;
        record_.parse += std::string(content);
      }
      return;
    }
    if (!tag.closing && !tag.self_closing &&
        (n == "Verbfile" || n == "Actorfile" || n == "Agentfile" || n == "Discardfile" ||
         n == "Issuefile" || n == "Include")) {
      std::string_view content;
      int content_line = 0;
      if (!TakeContent(n, &content, &content_line)) return;
      const std::string v = CollapseSpace(DecodeEntities(content));
      ValidationEnvironment& env = file_.environment;
      if (n == "Verbfile") env.verb_file = v;
      if (n == "Agentfile") env.agent_file = v;
      if (n == "Discardfile") env.discard_file = v;
      if (n == "Issuefile") env.issue_file = v;
      if (n == "Include") env.include = v;
      if (n == "Actorfile") {
        size_t start = 0;
        while (start <= v.size()) {
          size_t comma = v.find(',', start);
          if (comma == std::string::npos) comma = v.size();
          std::string part = CollapseSpace(v.substr(start, comma - start));
          if (!part.empty()) env.actor_files.push_back(part);
          start = comma + 1;
        }
      }
    }
  }

  void FinishRecord() {
    if (!in_record_) return;
    in_record_ = false;
    if (record_.error.ok() && record_.expected.empty() && !record_.no_events) {
      record_.error = Status::InvalidArgument(what_ + ":" + std::to_string(record_.line) +
                                              ": record '" + record_.id +
                                              "' has no <EventCoding>");
    }
    file_.records.push_back(std::move(record_));
    record_ = ValidationRecord();
  }

  std::string_view data_;
  const std::string& what_;
  size_t pos_ = 0;
  int line_ = 1;
  bool in_record_ = false;
  bool saw_content_ = false;
  ValidationRecord record_;
  std::map<std::string, std::string> options_;
  ValidationFile file_;
};

// Re-anchors the tokens of `doc` (whose text was rebuilt from the CoNLL-U forms) in the
// record's own <Text>, so that spans and SpaceAfter reflect the original: "ago," is one
// blank-separated word of the text even when the parse has no SpaceAfter=No. Leaves
// `doc` unchanged when some token cannot be found in order.
void AlignToText(const std::string& text, Document* doc) {
  if (text.empty()) return;
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  size_t pos = 0;
  for (const Sentence& s : doc->sentences) {
    for (const Token& t : s.tokens) {
      const std::string_view form = doc->TokenText(t);
      while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
      if (text.compare(pos, form.size(), form) != 0) return;
      spans.emplace_back(static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + form.size()));
      pos += form.size();
    }
  }
  size_t k = 0;
  for (Sentence& s : doc->sentences) {
    for (Token& t : s.tokens) {
      t.begin = spans[k].first;
      t.end = spans[k].second;
      t.space_after = t.end >= text.size() || std::isspace(static_cast<unsigned char>(text[t.end]));
      ++k;
    }
    if (!s.tokens.empty()) {
      s.begin = s.tokens.front().begin;
      s.end = s.tokens.back().end;
    }
  }
  doc->text = text;
}

}  // namespace

Result<ValidationFile> ReadValidationFile(std::string_view data, const std::string& what) {
  return Scanner(data, what).Run();
}

Result<Document> ParseRecordTree(const ValidationRecord& record, const std::string& what) {
  // UD v1 used "CONJ" where v2 has "CCONJ"; everything else is read by the strict reader.
  std::string conllu;
  conllu.reserve(record.parse.size() + 16);
  size_t pos = 0;
  bool any = false;
  while (pos <= record.parse.size()) {
    size_t nl = record.parse.find('\n', pos);
    if (nl == std::string::npos) nl = record.parse.size();
    std::string line = record.parse.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // Lines that are only blanks separate sentences.
    if (line.find_first_not_of(" \t") == std::string::npos) line.clear();
    size_t t1 = line.find('\t');
    size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    size_t t3 = t2 == std::string::npos ? t2 : line.find('\t', t2 + 1);
    size_t t4 = t3 == std::string::npos ? t3 : line.find('\t', t3 + 1);
    if (t4 != std::string::npos && line.compare(t3 + 1, t4 - t3 - 1, "CONJ") == 0) {
      line.replace(t3 + 1, t4 - t3 - 1, "CCONJ");
    }
    if (!line.empty()) any = true;
    conllu += line;
    conllu += '\n';
    if (nl == record.parse.size()) break;
  }
  const int first = record.parse_line > 0 ? record.parse_line : record.line;
  if (!any) {
    return Status::InvalidArgument(what + ":" + std::to_string(first) + ": record '" +
                                   record.id + "' has an empty <Parse>");
  }
  Result<Document> doc = ReadConllu(conllu, "parse");
  if (!doc.ok()) {
    // Re-anchor "parse:<n>: msg" to the line in the validation file.
    const std::string& m = doc.status().message();
    int n = 0;
    size_t i = 6;  // after "parse:"
    while (i < m.size() && std::isdigit(static_cast<unsigned char>(m[i]))) n = n * 10 + (m[i++] - '0');
    std::string rest = i < m.size() ? m.substr(i) : std::string(": bad parse");
    return Status::InvalidArgument(what + ":" + std::to_string(first + std::max(n, 1) - 1) + rest);
  }
  if (doc->sentences.empty()) {
    return Status::InvalidArgument(what + ":" + std::to_string(first) + ": record '" +
                                   record.id + "' has an empty <Parse>");
  }
  doc->id = record.id;
  doc->date = record.date;
  AlignToText(record.text, &*doc);
  return doc;
}

}  // namespace dyad::input
