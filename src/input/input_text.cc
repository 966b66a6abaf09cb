// The whole-file readers (doc/formats/input.md): a plain-text or HTML file is one document
// whose id is its path. The file is read whole, up to max_document_bytes; a larger file,
// a file with a NUL byte in its first 8000 bytes (binary, by git's rule) and a corrupt
// compressed file are problems, and so is an empty or blank file (a document without text).
#include "base/utf8.h"
#include "input/input_internal.h"

namespace dyad::input::internal {

namespace {

// git's heuristic: a NUL byte in the first 8000 bytes means binary.
constexpr size_t kBinaryWindow = 8000;

class WholeFileReader final : public FormatReader {
 public:
  WholeFileReader(const FileContext& context, bool html) : context_(context), html_(html) {}

  DocumentStream::Next Read(InputDocument* doc, InputProblem* problem) override {
    if (done_) return DocumentStream::Next::kEnd;
    done_ = true;
    const uint64_t limit = context_.options->max_document_bytes;
    std::string data;
    if (!context_.source->ReadAll(limit, &data)) {
      return Problem(problem, context_.source->error());
    }
    if (data.size() > limit) {
      return Problem(problem, "file larger than the document limit (" + std::to_string(limit) +
                                  " bytes)");
    }
    const size_t nul = FirstNul(std::string_view(data).substr(0, kBinaryWindow));
    if (nul != std::string_view::npos) {
      return Problem(problem, "binary file (NUL byte at offset " + std::to_string(nul) + ")");
    }
    if (data.compare(0, 3, "\xEF\xBB\xBF") == 0) data.erase(0, 3);
    // A text or HTML file is one document: an empty one is a document without text (also
    // when its only characters are Unicode spaces: the tokenizer finds no word in it).
    if (IsBlankText(data)) return Problem(problem, "empty file: no text");
    if (html_) {
      HtmlArticle article;
      if (!ExtractHtml(data, &article)) {
        return Problem(problem, "HTML nested more than " + std::to_string(kMaxHtmlNesting) +
                                    " elements deep (estimated); skipped");
      }
      if (IsBlankText(article.text)) return Problem(problem, "no text found in the HTML");
      doc->text = std::move(article.text);
      doc->title = std::move(article.title);
      doc->date = std::move(article.date);
      doc->url = std::move(article.url);
      doc->source = std::move(article.source);
      doc->lang = std::move(article.lang);
    } else {
      doc->text = std::move(data);
    }
    doc->id = context_.file;
    doc->file = context_.file;
    doc->line = 0;
    doc->mtime = context_.mtime;
    return DocumentStream::Next::kDocument;
  }

 private:
  DocumentStream::Next Problem(InputProblem* problem, std::string message) {
    problem->file = context_.file;
    problem->line = 0;
    problem->message = std::move(message);
    return DocumentStream::Next::kProblem;
  }

  FileContext context_;
  bool html_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<FormatReader> NewTextReader(const FileContext& context) {
  return std::make_unique<WholeFileReader>(context, false);
}

std::unique_ptr<FormatReader> NewHtmlReader(const FileContext& context) {
  return std::make_unique<WholeFileReader>(context, true);
}

}  // namespace dyad::input::internal
