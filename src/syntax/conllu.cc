#include "syntax/conllu.h"

#include <charconv>
#include <vector>

namespace dyad {
namespace {

// Splits `line` on tabs into exactly 10 fields; false otherwise.
bool SplitFields(std::string_view line, std::string_view (&f)[10]) {
  size_t start = 0;
  for (int i = 0; i < 10; ++i) {
    const size_t tab = line.find('\t', start);
    if (i == 9) {
      if (tab != std::string_view::npos) return false;
      f[i] = line.substr(start);
    } else {
      if (tab == std::string_view::npos) return false;
      f[i] = line.substr(start, tab - start);
      start = tab + 1;
    }
  }
  return true;
}

bool ParseInt(std::string_view s, int* v) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return ec == std::errc() && p == s.data() + s.size();
}

// Removes "SpaceAfter=No" from a MISC value; returns true if it was there.
bool TakeSpaceAfterNo(std::string_view misc, std::string* rest) {
  bool no_space = false;
  rest->clear();
  size_t start = 0;
  while (start <= misc.size()) {
    size_t bar = misc.find('|', start);
    if (bar == std::string_view::npos) bar = misc.size();
    const std::string_view item = misc.substr(start, bar - start);
    if (item == "SpaceAfter=No") {
      no_space = true;
    } else if (!item.empty() && item != "_") {
      if (!rest->empty()) *rest += '|';
      *rest += item;
    }
    start = bar + 1;
  }
  return no_space;
}

struct PendingMwt {
  int first = 0, last = 0;
  std::string form;
  bool space_after = true;
};

}  // namespace

// The reader's state between lines: the sentence being read and the sentences done.
class ConlluReader::Impl {
 public:
  Impl(std::string what, const ConlluReadOptions& options)
      : what_(std::move(what)), options_(options) {}

  Status AddLine(std::string_view line) {
    ++line_no_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (skipping_) {
      // The rest of a sentence over the word limit: dropped up to its blank line.
      if (line.empty()) skipping_ = false;
      return Status::Ok();
    }
    return Line(line);
  }

  Status Finish() {
    if (skipping_) {
      skipping_ = false;
      return Status::Ok();
    }
    return FinishSentence();
  }

  Document TakeDocument() {
    Document out = std::move(doc_);
    doc_ = Document();
    return out;
  }
  size_t sentences() const { return doc_.sentences.size(); }

 private:
  Status Error(const std::string& msg) const {
    return Status::InvalidArgument(what_ + ":" + std::to_string(line_no_) + ": " + msg);
  }

  Status Line(std::string_view line) {
    if (line.empty()) return FinishSentence();
    if (line[0] == '#') {
      if (!words_.empty()) return Error("comment inside a sentence");
      std::string_view c = line.substr(1);
      if (!c.empty() && c[0] == ' ') c.remove_prefix(1);
      if (c.rfind("sent_id", 0) == 0 && c.find('=') != std::string_view::npos) {
        std::string_view v = c.substr(c.find('=') + 1);
        while (!v.empty() && v[0] == ' ') v.remove_prefix(1);
        sentence_.id = std::string(v);
      } else if (c.rfind("text =", 0) == 0 || c.rfind("text=", 0) == 0) {
        // Rebuilt from the tokens on output.
      } else {
        if (c.rfind("newpar", 0) == 0 || c.rfind("newdoc", 0) == 0) sentence_.new_paragraph = true;
        sentence_.comments.emplace_back(c);
      }
      return Status::Ok();
    }
    std::string_view f[10];
    if (!SplitFields(line, f)) return Error("expected 10 tab-separated fields");
    const std::string_view id = f[0];
    if (id.find('.') != std::string_view::npos) return Status::Ok();  // empty node
    const size_t dash = id.find('-');
    if (dash != std::string_view::npos) {
      int a = 0, b = 0;
      if (!ParseInt(id.substr(0, dash), &a) || !ParseInt(id.substr(dash + 1), &b) || a > b ||
          a != static_cast<int>(words_.size()) + 1) {
        return Error("bad multiword token range '" + std::string(id) + "'");
      }
      if (f[1].empty()) return Error("empty FORM");
      std::string rest;
      mwt_.first = a;
      mwt_.last = b;
      mwt_.form = std::string(f[1]);
      mwt_.space_after = !TakeSpaceAfterNo(f[9], &rest);
      return Status::Ok();
    }
    int n = 0;
    if (!ParseInt(id, &n) || n != static_cast<int>(words_.size()) + 1) {
      return Error("word id '" + std::string(id) + "' out of sequence");
    }
    if (words_.size() >= options_.max_sentence_words) {
      // Dropped whole; its remaining lines are skipped (AddLine).
      sentence_ = Sentence();
      words_.clear();
      token_forms_.clear();
      heads_lines_.clear();
      mwt_ = PendingMwt();
      skipping_ = true;
      return Status::ResourceExhausted(
          what_ + ":" + std::to_string(line_no_) + ": sentence longer than " +
          std::to_string(options_.max_sentence_words) + " words; skipped");
    }
    if (f[1].empty()) return Error("empty FORM");
    Word w;
    w.form = std::string(f[1]);
    w.lemma = std::string(f[2]);
    if (f[3] != "_") {
      w.upos = UposFromName(f[3]);
      if (w.upos == Upos::kNone) return Error("unknown UPOS '" + std::string(f[3]) + "'");
    }
    w.xpos = f[4] == "_" ? std::string() : std::string(f[4]);
    w.feats = f[5] == "_" ? std::string() : std::string(f[5]);
    if (f[6] == "_") {
      w.head = -1;
    } else if (!ParseInt(f[6], &w.head) || w.head < 0) {
      return Error("bad HEAD '" + std::string(f[6]) + "'");
    }
    w.deprel = f[7] == "_" ? std::string() : std::string(f[7]);
    const bool no_space = TakeSpaceAfterNo(f[9], &w.misc);
    heads_lines_.push_back(line_no_);
    if (mwt_.first != 0 && n >= mwt_.first && n <= mwt_.last) {
      if (n == mwt_.first) {
        Token t;
        t.first_word = static_cast<uint32_t>(words_.size());
        t.word_count = static_cast<uint32_t>(mwt_.last - mwt_.first + 1);
        t.space_after = mwt_.space_after;
        token_forms_.push_back(mwt_.form);
        sentence_.tokens.push_back(t);
      }
      w.token = static_cast<uint32_t>(sentence_.tokens.size() - 1);
      if (n == mwt_.last) mwt_ = PendingMwt();
    } else {
      if (mwt_.first != 0) return Error("multiword token range not followed by its words");
      Token t;
      t.first_word = static_cast<uint32_t>(words_.size());
      t.word_count = 1;
      t.space_after = !no_space;
      token_forms_.push_back(w.form);
      sentence_.tokens.push_back(t);
      w.token = static_cast<uint32_t>(sentence_.tokens.size() - 1);
    }
    words_.push_back(std::move(w));
    return Status::Ok();
  }

  Status FinishSentence() {
    if (words_.empty()) {
      if (mwt_.first != 0) return Error("multiword token without words");
      // Comments without words (e.g. trailing newdoc) are dropped.
      sentence_ = Sentence();
      return Status::Ok();
    }
    if (mwt_.first != 0) return Error("sentence ends inside a multiword token");
    const int n = static_cast<int>(words_.size());
    for (int i = 0; i < n; ++i) {
      if (words_[i].head > n) {
        return Status::InvalidArgument(what_ + ":" + std::to_string(heads_lines_[i]) +
                                       ": HEAD " + std::to_string(words_[i].head) +
                                       " beyond the sentence's " + std::to_string(n) + " words");
      }
    }
    if (!doc_.text.empty()) doc_.text += '\n';
    sentence_.begin = static_cast<uint32_t>(doc_.text.size());
    for (size_t i = 0; i < sentence_.tokens.size(); ++i) {
      Token& t = sentence_.tokens[i];
      t.begin = static_cast<uint32_t>(doc_.text.size());
      doc_.text += token_forms_[i];
      t.end = static_cast<uint32_t>(doc_.text.size());
      if (t.space_after && i + 1 < sentence_.tokens.size()) doc_.text += ' ';
    }
    sentence_.end = static_cast<uint32_t>(doc_.text.size());
    sentence_.words = std::move(words_);
    doc_.sentences.push_back(std::move(sentence_));
    sentence_ = Sentence();
    words_.clear();
    token_forms_.clear();
    heads_lines_.clear();
    return Status::Ok();
  }

  const std::string what_;
  const ConlluReadOptions options_;
  size_t line_no_ = 0;
  bool skipping_ = false;  // inside a sentence over max_sentence_words
  Document doc_;
  Sentence sentence_;
  std::vector<Word> words_;
  std::vector<std::string> token_forms_;
  std::vector<size_t> heads_lines_;
  PendingMwt mwt_;
};

namespace {

void AppendField(std::string_view v, std::string* out) {
  if (v.empty()) {
    *out += '_';
  } else {
    for (char c : v) *out += (c == '\t' || c == '\n') ? ' ' : c;
  }
}

}  // namespace

ConlluReader::ConlluReader(std::string what, const ConlluReadOptions& options)
    : impl_(std::make_unique<Impl>(std::move(what), options)) {}
ConlluReader::~ConlluReader() = default;
Status ConlluReader::AddLine(std::string_view line) { return impl_->AddLine(line); }
Status ConlluReader::Finish() { return impl_->Finish(); }
Document ConlluReader::TakeDocument() { return impl_->TakeDocument(); }
size_t ConlluReader::sentences() const { return impl_->sentences(); }

Result<Document> ReadConllu(std::string_view data, const std::string& what,
                            const ConlluReadOptions& options) {
  ConlluReader reader(what, options);
  size_t pos = 0;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string_view::npos) nl = data.size();
    DYAD_RETURN_IF_ERROR(reader.AddLine(data.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  DYAD_RETURN_IF_ERROR(reader.Finish());
  return reader.TakeDocument();
}

void AppendConllu(const Document& doc, const Sentence& s, std::string* out) {
  bool has_par = false;
  for (const std::string& c : s.comments) has_par |= c.rfind("newpar", 0) == 0 || c.rfind("newdoc", 0) == 0;
  if (s.new_paragraph && !has_par) *out += "# newpar\n";
  for (const std::string& c : s.comments) {
    *out += "# ";
    *out += c;
    *out += '\n';
  }
  if (!s.id.empty()) {
    *out += "# sent_id = ";
    *out += s.id;
    *out += '\n';
  }
  *out += "# text = ";
  for (char c : doc.SentenceText(s)) *out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  *out += '\n';
  for (size_t ti = 0; ti < s.tokens.size(); ++ti) {
    const Token& t = s.tokens[ti];
    const bool last_token = ti + 1 == s.tokens.size();
    // SpaceAfter=No is meaningful inside a sentence only.
    const bool no_space = !t.space_after && !last_token;
    if (t.word_count > 1) {
      *out += std::to_string(t.first_word + 1) + "-" + std::to_string(t.first_word + t.word_count);
      *out += '\t';
      AppendField(doc.TokenText(t), out);
      *out += no_space ? "\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n" : "\t_\t_\t_\t_\t_\t_\t_\t_\n";
    }
    for (uint32_t k = 0; k < t.word_count; ++k) {
      const uint32_t wi = t.first_word + k;
      const Word& w = s.words[wi];
      *out += std::to_string(wi + 1);
      *out += '\t';
      AppendField(w.form, out);
      *out += '\t';
      AppendField(w.lemma, out);
      *out += '\t';
      *out += UposName(w.upos);
      *out += '\t';
      AppendField(w.xpos, out);
      *out += '\t';
      AppendField(w.feats, out);
      *out += '\t';
      *out += w.head < 0 ? std::string("_") : std::to_string(w.head);
      *out += '\t';
      AppendField(w.deprel, out);
      *out += "\t_\t";
      std::string misc = w.misc;
      if (no_space && t.word_count == 1) misc = misc.empty() ? "SpaceAfter=No" : misc + "|SpaceAfter=No";
      AppendField(misc, out);
      *out += '\n';
    }
  }
  *out += '\n';
}

std::string WriteConllu(const Document& doc) {
  std::string out;
  for (const Sentence& s : doc.sentences) AppendConllu(doc, s, &out);
  return out;
}

}  // namespace dyad
