// The PETRARCH story XML reader (doc/formats/input.md), streaming with expat:
//
//   <Sentences>
//   <Sentence date="20080804" id="AFP0808020625_4" source="AFP" sentence="True">
//   <Text> ... </Text> <Parse> ... </Parse>
//   </Sentence> ...
//
// Each <Sentence> gives its id, date, source and the text of its <Text> child (whitespace
// collapsed: the line breaks inside are wrapping). Consecutive sentences of one story (same
// id prefix before a final "_<digits>", same date) become one document whose id is that
// prefix and whose text is the sentences separated by blank lines (a paragraph break, so
// the tokenizer never joins two of them); InputDocument::parts keeps each sentence's id and
// span. A sentence with an empty <Text> but a <Parse> gets its text from the parse
// tree's words (PETRARCH parsed files). Every other element (<EventCoding>, comments, the
// root) is ignored.
//
// The file is fed to expat in chunks; the handlers queue finished sentences and problems,
// and Read drains the queue before feeding more. Expat re-scans an unfinished token (a tag
// with its attributes, a comment, a processing instruction) from its start on every call,
// so a chunk is at least as large as the token pending in expat (the total work stays
// linear: a 32 MB attribute fed in fixed 256 KiB chunks took 7.8 s), and a token over
// kMaxTokenBytes ends the file with a problem at its line. The attributes read from a
// <Sentence> (id, date, source) are capped at kMaxAttributeBytes: a longer one is reported
// and the sentence skipped (a 100 MB id would become every event's doc_id). Malformed XML ends the file with one
// problem at expat's line (stories completed before it are still returned). Expat's
// billion-laughs protection bounds entity expansion; external entities are never loaded.
#include <expat.h>

#include <algorithm>
#include <deque>
#include <string>
#include <vector>

#include "input/input_internal.h"

namespace dyad::input::internal {

namespace {

constexpr size_t kChunk = 256 << 10;
constexpr size_t kMaxTokenBytes = 16 << 20;
constexpr size_t kMaxAttributeBytes = 1024;

struct SentenceRecord {
  std::string id, date, source, text;
  std::string parse;  // the <Parse> tree, kept for a sentence whose <Text> is empty
  uint64_t line = 0;
  bool has_text = false;
  bool text_too_long = false;   // <Text> over the document limit
  bool parse_too_long = false;  // <Parse> over it (only matters when <Text> is empty)
  std::string long_attribute;   // the first attribute over kMaxAttributeBytes
  size_t long_attribute_bytes = 0;
};

// One queued item: a finished sentence or a problem about one.
struct Event {
  bool is_problem = false;
  SentenceRecord sentence;
  InputProblem problem;
};

// The story a sentence id belongs to: "AFP0808020625_4" → "AFP0808020625"; an id without a
// final "_<digits>" is its own story.
std::string_view StoryKey(std::string_view id) {
  const size_t us = id.rfind('_');
  if (us == std::string_view::npos || us == 0 || us + 1 == id.size()) return id;
  for (size_t i = us + 1; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return id;
  }
  return id.substr(0, us);
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A Penn Treebank token as text: the bracket escapes and quote pairs undone.
std::string_view UnescapePtb(std::string_view w) {
  if (w == "-LRB-") return "(";
  if (w == "-RRB-") return ")";
  if (w == "-LSB-") return "[";
  if (w == "-RSB-") return "]";
  if (w == "-LCB-") return "{";
  if (w == "-RCB-") return "}";
  if (w == "``" || w == "''") return "\"";
  return w;
}

// Tokens that attach to the previous word without a space.
bool AttachesLeft(std::string_view w) {
  static constexpr std::string_view kTokens[] = {",", ".", ":", ";", "?", "!", "%", ")", "]",
                                                 "}", "'s", "'S", "n't", "N'T", "'re", "'ve",
                                                 "'ll", "'d", "'m"};
  for (std::string_view t : kTokens) {
    if (w == t) return true;
  }
  return false;
}

// The words of a bracketed parse tree "(ROOT (S (NP (NNP Arnor)) ...))", the leaves being
// "(TAG word)", joined into text. For PETRARCH records that carry a parse but no text.
std::string TextFromParse(std::string_view tree) {
  std::vector<std::string_view> atoms;  // "(", ")" and the words/labels between them
  for (size_t i = 0; i < tree.size();) {
    const char c = tree[i];
    if (IsSpace(c)) {
      ++i;
    } else if (c == '(' || c == ')') {
      atoms.push_back(tree.substr(i, 1));
      ++i;
    } else {
      size_t j = i;
      while (j < tree.size() && !IsSpace(tree[j]) && tree[j] != '(' && tree[j] != ')') ++j;
      atoms.push_back(tree.substr(i, j - i));
      i = j;
    }
  }
  std::string text;
  bool no_space = true;  // after "(" or at the start
  for (size_t i = 0; i + 3 < atoms.size(); ++i) {
    if (atoms[i] != "(" || atoms[i + 1] == "(" || atoms[i + 1] == ")" || atoms[i + 2] == "(" ||
        atoms[i + 2] == ")" || atoms[i + 3] != ")") {
      continue;
    }
    const std::string_view raw = atoms[i + 2];
    const std::string_view word = UnescapePtb(raw);
    if (!no_space && !AttachesLeft(word) && raw != "''") text.push_back(' ');
    text.append(word);
    no_space = word == "(" || word == "[" || word == "{" || word == "$" || raw == "``";
    i += 3;
  }
  return text;
}

class XmlReader final : public FormatReader {
 public:
  explicit XmlReader(const FileContext& context)
      : context_(context), max_(context.options->max_document_bytes) {
    parser_ = XML_ParserCreate(nullptr);
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &XmlReader::OnStart, &XmlReader::OnEnd);
    XML_SetCharacterDataHandler(parser_, &XmlReader::OnText);
    buf_.resize(kChunk);
  }
  ~XmlReader() override { XML_ParserFree(parser_); }

  DocumentStream::Next Read(InputDocument* doc, InputProblem* problem) override {
    for (;;) {
      while (!events_.empty()) {
        Event& e = events_.front();
        if (e.is_problem) {
          *problem = std::move(e.problem);
          events_.pop_front();
          return DocumentStream::Next::kProblem;
        }
        const bool emitted = AddSentence(&e.sentence, doc);
        events_.pop_front();
        if (emitted) return DocumentStream::Next::kDocument;
      }
      if (finished_) {
        if (has_story_) {
          has_story_ = false;
          if (TakeStory(doc)) return DocumentStream::Next::kDocument;
        }
        if (!fatal_.message.empty()) {
          *problem = std::move(fatal_);
          fatal_.message.clear();
          return DocumentStream::Next::kProblem;
        }
        return DocumentStream::Next::kEnd;
      }
      Feed();
    }
  }

 private:
  // Parses one more chunk of the file, queueing what the handlers find.
  void Feed() {
    // Bytes expat holds unparsed: the unfinished token at the end of what it was fed.
    const XML_Index at = XML_GetCurrentByteIndex(parser_);
    const uint64_t pending =
        at >= 0 && fed_ >= static_cast<uint64_t>(at) ? fed_ - static_cast<uint64_t>(at) : 0;
    if (pending > kMaxTokenBytes) {
      finished_ = true;
      SetFatal(XML_GetCurrentLineNumber(parser_),
               "an XML tag, comment or processing instruction longer than " +
                   std::to_string(kMaxTokenBytes >> 20) +
                   " MiB starts here; the rest of the file is not read");
      return;
    }
    const size_t want = std::max<size_t>(kChunk, static_cast<size_t>(pending));
    if (buf_.size() < want) buf_.resize(want);
    size_t n = 0;
    while (n < want) {  // a decoder may return less than asked
      const size_t got = context_.source->Read(buf_.data() + n, want - n);
      if (got == 0) break;
      n += got;
    }
    fed_ += n;
    if (n == 0) {
      finished_ = true;
      if (!context_.source->error().empty()) {
        SetFatal(XML_GetCurrentLineNumber(parser_), context_.source->error());
        return;
      }
      if (!any_bytes_) return;  // an empty file: no documents, no problem
      if (XML_Parse(parser_, nullptr, 0, 1) != XML_STATUS_OK) XmlError();
      return;
    }
    any_bytes_ = true;
    if (XML_Parse(parser_, buf_.data(), static_cast<int>(n), 0) != XML_STATUS_OK) {
      XmlError();
      finished_ = true;
    }
  }

  void XmlError() {
    const XML_Error code = XML_GetErrorCode(parser_);
    SetFatal(XML_GetCurrentLineNumber(parser_),
             std::string("malformed XML: ") + XML_ErrorString(code) + " (column " +
                 std::to_string(XML_GetCurrentColumnNumber(parser_) + 1) + ")");
  }

  void SetFatal(uint64_t line, std::string message) {
    fatal_.file = context_.file;
    fatal_.line = line;
    fatal_.message = std::move(message);
  }

  void QueueProblem(uint64_t line, std::string message) {
    Event e;
    e.is_problem = true;
    e.problem = InputProblem{context_.file, line, std::move(message)};
    events_.push_back(std::move(e));
  }

  static void OnStart(void* self_ptr, const XML_Char* name, const XML_Char** atts) {
    auto* self = static_cast<XmlReader*>(self_ptr);
    const std::string_view tag(name);
    if (tag == "Sentence") {
      if (self->in_sentence_) return;  // nested: its text belongs to the outer sentence
      self->in_sentence_ = true;
      self->current_ = SentenceRecord();
      self->current_.line = XML_GetCurrentLineNumber(self->parser_);
      for (size_t i = 0; atts[i] != nullptr && atts[i + 1] != nullptr; i += 2) {
        const std::string_view key(atts[i]);
        std::string* field = key == "id"       ? &self->current_.id
                             : key == "date"   ? &self->current_.date
                             : key == "source" ? &self->current_.source
                                               : nullptr;
        if (field == nullptr) continue;
        const std::string_view value(atts[i + 1]);
        if (value.size() > kMaxAttributeBytes) {
          if (self->current_.long_attribute.empty()) {
            self->current_.long_attribute = std::string(key);
            self->current_.long_attribute_bytes = value.size();
          }
          continue;
        }
        *field = value;
      }
    } else if (tag == "Text" && self->in_sentence_ && self->text_depth_ == 0) {
      self->text_depth_ = 1;
      self->current_.has_text = true;
      self->target_ = &self->current_.text;
      self->target_too_long_ = &self->current_.text_too_long;
    } else if (tag == "Parse" && self->in_sentence_ && self->text_depth_ == 0) {
      self->text_depth_ = 1;
      self->target_ = &self->current_.parse;
      self->target_too_long_ = &self->current_.parse_too_long;
    } else if (self->text_depth_ > 0) {
      ++self->text_depth_;
    }
  }

  static void OnEnd(void* self_ptr, const XML_Char* name) {
    auto* self = static_cast<XmlReader*>(self_ptr);
    if (self->text_depth_ > 0) {
      --self->text_depth_;
      // Elements inside <Text> separate words.
      if (!self->target_->empty()) self->target_->push_back(' ');
      return;
    }
    if (std::string_view(name) == "Sentence" && self->in_sentence_) {
      self->in_sentence_ = false;
      self->FinishSentence();
    }
  }

  static void OnText(void* self_ptr, const XML_Char* s, int len) {
    auto* self = static_cast<XmlReader*>(self_ptr);
    if (self->text_depth_ == 0 || *self->target_too_long_) return;
    std::string& text = *self->target_;
    if (text.size() + static_cast<size_t>(len) > self->max_) {
      *self->target_too_long_ = true;
      text.clear();
      return;
    }
    text.append(s, static_cast<size_t>(len));
  }

  // Checks the sentence just closed and queues it or a problem about it.
  void FinishSentence() {
    SentenceRecord& s = current_;
    const std::string named = s.id.empty() ? "<Sentence>" : "<Sentence id='" + s.id + "'>";
    if (!s.long_attribute.empty()) {
      return QueueProblem(s.line, named + " " + s.long_attribute + " attribute of " +
                                      std::to_string(s.long_attribute_bytes) +
                                      " bytes exceeds the " +
                                      std::to_string(kMaxAttributeBytes) +
                                      "-byte limit; sentence skipped");
    }
    if (s.id.empty()) return QueueProblem(s.line, "<Sentence> without id");
    if (!s.has_text && s.parse.empty() && !s.parse_too_long) {
      return QueueProblem(s.line, named + " has no <Text>");
    }
    if (s.text_too_long) {
      return QueueProblem(s.line, named + " <Text> exceeds the document limit (" +
                                      std::to_string(max_) + " bytes)");
    }
    // Collapse whitespace runs (line wrapping) to single spaces.
    std::string& t = s.text;
    size_t w = 0;
    bool space = false;
    for (char c : t) {
      if (IsSpace(c)) {
        space = true;
        continue;
      }
      if (space && w > 0) t[w++] = ' ';
      space = false;
      t[w++] = c;
    }
    t.resize(w);
    if (t.empty() && s.parse_too_long) {
      // The parse is only read when <Text> is empty (an oversized one next to a valid
      // <Text> is ignored).
      return QueueProblem(s.line, named + " has an empty <Text> and its <Parse> exceeds the "
                                          "document limit (" + std::to_string(max_) + " bytes)");
    }
    if (t.empty()) t = TextFromParse(s.parse);
    if (t.empty()) return QueueProblem(s.line, named + " has empty text");
    if (!s.date.empty()) {
      std::string date;
      if (!NormalizeDateTime(s.date, &date)) {
        return QueueProblem(s.line, "bad date '" + s.date.substr(0, 40) + "' in " + named);
      }
      s.date = std::move(date);
    }
    Event e;
    e.sentence = std::move(s);
    events_.push_back(std::move(e));
  }

  // Adds a checked sentence to the current story. When the sentence starts a new story,
  // the finished one goes to *doc and true is returned.
  bool AddSentence(SentenceRecord* s, InputDocument* doc) {
    const std::string_view key =
        context_.options->group_petrarch_stories ? StoryKey(s->id) : std::string_view(s->id);
    bool emitted = false;
    if (has_story_ && (key != story_.id || s->date != story_.date)) {
      has_story_ = false;
      emitted = TakeStory(doc);
    }
    if (!has_story_) {
      has_story_ = true;
      oversize_ = false;
      story_ = InputDocument();
      story_.id = std::string(key);
      story_.date = s->date;
      story_.source = s->source;
      story_.file = context_.file;
      story_.line = s->line;
      story_.mtime = context_.mtime;
    }
    if (oversize_) return emitted;
    const size_t sep = story_.text.empty() ? 0 : 2;
    if (story_.text.size() + sep + s->text.size() > max_) {
      oversize_ = true;
      QueueProblemFront(story_.line, "story '" + story_.id + "' exceeds the document limit (" +
                                         std::to_string(max_) + " bytes)");
      return emitted;
    }
    if (sep != 0) story_.text += "\n\n";
    InputPart part;
    part.id = std::move(s->id);
    part.line = s->line;
    part.begin = story_.text.size();
    story_.text += s->text;
    part.end = story_.text.size();
    story_.parts.push_back(std::move(part));
    return emitted;
  }

  // Moves the finished story to *doc; false when it was dropped as oversize.
  bool TakeStory(InputDocument* doc) {
    if (oversize_) return false;
    *doc = std::move(story_);
    return true;
  }

  // The oversize problem is reported next (the sentence that caused it is being consumed
  // from the front of the queue, so insert after it).
  void QueueProblemFront(uint64_t line, std::string message) {
    Event e;
    e.is_problem = true;
    e.problem = InputProblem{context_.file, line, std::move(message)};
    events_.insert(events_.begin() + (events_.empty() ? 0 : 1), std::move(e));
  }

  FileContext context_;
  uint64_t max_;
  XML_Parser parser_;
  std::vector<char> buf_;
  std::deque<Event> events_;
  bool finished_ = false;
  bool any_bytes_ = false;
  uint64_t fed_ = 0;  // bytes given to expat so far
  InputProblem fatal_;
  // Parse state.
  bool in_sentence_ = false;
  int text_depth_ = 0;                  // element depth inside <Text> or <Parse>
  std::string* target_ = nullptr;       // where their character data goes
  bool* target_too_long_ = nullptr;     // set when it would pass the document limit
  SentenceRecord current_;
  // The story being built.
  bool has_story_ = false;
  bool oversize_ = false;
  InputDocument story_;
};

}  // namespace

std::unique_ptr<FormatReader> NewXmlReader(const FileContext& context) {
  return std::make_unique<XmlReader>(context);
}

}  // namespace dyad::input::internal
