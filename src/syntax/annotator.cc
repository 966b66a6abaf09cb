// The syntax stage's annotator (annotator.h): text stage → tagger → parser.
// Tokenization runs on the calling thread (it is ~20x faster than parsing); tagging and
// parsing of the sentences may be spread over threads, each with its own scratch, each
// sentence handled independently — so the output does not depend on the thread count.
#include "syntax/annotator.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include "base/binary.h"
#include "base/utf8.h"
#include "syntax/neural.h"
#include "syntax/parser.h"
#include "syntax/tagger.h"
#include "text/tokenizer.h"

namespace dyad::syntax {

struct AnnotatorScratch::Impl {
  std::unique_ptr<TaggerScratch> tagger;
  std::unique_ptr<ParserScratch> parser;
  std::unique_ptr<NeuralScratch> neural;
};
AnnotatorScratch::AnnotatorScratch(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AnnotatorScratch::~AnnotatorScratch() = default;

class AnnotatorImpl {
 public:
  AnnotatorImpl(Tokenizer tokenizer, std::optional<Tagger> tagger, std::optional<Parser> parser,
                std::optional<NeuralParser> neural, std::string metadata)
      : tokenizer_(std::move(tokenizer)),
        tagger_(std::move(tagger)),
        parser_(std::move(parser)),
        neural_(std::move(neural)),
        metadata_(std::move(metadata)) {}
  bool can_parse() const {
    return tagger_.has_value() && (parser_.has_value() || neural_.has_value());
  }

  // Sentences [begin, end) of doc: the perceptron tagger and parser sentence by sentence,
  // or the neural network on them as one batch (tags and trees), with the perceptron
  // model's lemmatizer. Callers cut the document into the same ranges (multiples of
  // kChunk) for any thread count, so that the batches, and so the output, are the same.
  static constexpr size_t kChunk = 32;
  void TagAndParseRange(Document* doc, size_t begin, size_t end,
                        AnnotatorScratch::Impl* scratch) const {
    if (neural_) {
      // At most kChunk sentences a network pass, even if a caller passes a longer range.
      Sentence* batch[kChunk] = {};
      int count = 0;
      auto flush = [&] {
        if (count == 0) return;
        neural_->ParseBatch(batch, count, scratch->neural.get());
        for (int k = 0; k < count; ++k) tagger_->Lemmatize(batch[k], scratch->tagger.get());
        count = 0;
      };
      for (size_t i = begin; i < end; ++i) {
        if (doc->sentences[i].words.empty()) continue;
        batch[count++] = &doc->sentences[i];
        if (count == static_cast<int>(kChunk)) flush();
      }
      flush();
      return;
    }
    for (size_t i = begin; i < end; ++i) {
      Sentence& s = doc->sentences[i];
      if (s.words.empty()) continue;
      tagger_->Tag(&s, scratch->tagger.get());
      parser_->Parse(&s, scratch->parser.get());
    }
  }

  // Tags and parses doc's sentences over `threads` threads, each with its own buffers.
  void TagAndParseThreaded(Document* doc, int requested) const {
    const size_t n = doc->sentences.size();
    const int threads = std::max(1, std::min<int>(requested, static_cast<int>(n / 8 + 1)));
    auto work = [&](std::atomic<size_t>* next) {
      auto scratch = NewScratch();
      // Sentences are claimed in small chunks so uneven lengths balance out.
      for (;;) {
        const size_t start = next->fetch_add(kChunk);
        if (start >= n) break;
        TagAndParseRange(doc, start, std::min(n, start + kChunk), scratch->impl_.get());
      }
    };
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(work, &next);
    work(&next);
    for (auto& th : pool) th.join();
  }

  // Single-thread variant with caller-owned buffers.
  void TagAndParse(Document* doc, AnnotatorScratch* scratch) const {
    const size_t n = doc->sentences.size();
    for (size_t start = 0; start < n; start += kChunk) {
      TagAndParseRange(doc, start, std::min(n, start + kChunk), scratch->impl_.get());
    }
  }

  std::unique_ptr<AnnotatorScratch> NewScratch() const {
    auto impl = std::make_unique<AnnotatorScratch::Impl>();
    if (can_parse()) {
      impl->tagger = tagger_->NewScratch();
      if (parser_) impl->parser = parser_->NewScratch();
      if (neural_) impl->neural = neural_->NewScratch();
    }
    return std::unique_ptr<AnnotatorScratch>(new AnnotatorScratch(std::move(impl)));
  }

  const Tokenizer& tokenizer() const { return tokenizer_; }
  const std::string& metadata() const { return metadata_; }

 private:
  Tokenizer tokenizer_;
  std::optional<Tagger> tagger_;  // absent with tokenize_only
  std::optional<Parser> parser_;   // absent with tokenize_only or a neural model
  std::optional<NeuralParser> neural_;  // present for a model with an "nn" section
  std::string metadata_;
};

Annotator::Annotator(std::unique_ptr<AnnotatorImpl> impl) : impl_(std::move(impl)) {}
Annotator::Annotator(Annotator&&) noexcept = default;
Annotator& Annotator::operator=(Annotator&&) noexcept = default;
Annotator::~Annotator() = default;

Result<Annotator> Annotator::Load(const std::string& path, const AnnotatorOptions& options) {
  auto model = options.model_data.empty() ? ModelFile::Load(path)
                                          : ModelFile::Parse(options.model_data, path);
  if (!model.ok()) return model.status();
  std::string metadata;
  if (model->HasSection("meta")) {
    auto meta = model->Section("meta");
    if (!meta.ok()) return meta.status();
    metadata = std::string(*meta);
  }
  TokenizerOptions tokenizer_options;
  tokenizer_options.max_sentence_tokens = options.max_sentence_tokens;
  auto tokenizer = Tokenizer::Load(*model, tokenizer_options);
  if (!tokenizer.ok()) return tokenizer.status();
  std::optional<Tagger> tagger;
  std::optional<Parser> parser;
  std::optional<NeuralParser> neural;
  if (!options.tokenize_only) {
    auto t = Tagger::Load(*model);
    if (!t.ok()) return t.status();
    tagger.emplace(std::move(t).value());
    if (model->HasSection("nn")) {  // the neural architecture (neural.h)
      auto n = NeuralParser::Load(*model);
      if (!n.ok()) return n.status();
      neural.emplace(std::move(n).value());
    } else {
      auto p = Parser::Load(*model);
      if (!p.ok()) return p.status();
      parser.emplace(std::move(p).value());
    }
  }
  return Annotator(std::make_unique<AnnotatorImpl>(std::move(tokenizer).value(),
                                                   std::move(tagger), std::move(parser),
                                                   std::move(neural), std::move(metadata)));
}

std::unique_ptr<AnnotatorScratch> Annotator::NewScratch() const { return impl_->NewScratch(); }
bool Annotator::can_parse() const { return impl_->can_parse(); }

void Annotator::Tokenize(Document* doc, AnnotatorStats* stats) const {
  stats->repaired_bytes += RepairUtf8(&doc->text);
  TokenizeStats tstats;
  doc->sentences.clear();
  impl_->tokenizer().Tokenize(doc, &tstats);
  stats->capped_sentences += tstats.capped_sentences;
}

void Annotator::TagAndParse(Document* doc, AnnotatorScratch* scratch, int threads,
                            AnnotatorStats* stats) const {
  if (threads > 1 || scratch == nullptr) {
    impl_->TagAndParseThreaded(doc, threads);
  } else {
    impl_->TagAndParse(doc, scratch);
  }
  stats->documents += 1;
  stats->sentences += doc->sentences.size();
  for (const Sentence& s : doc->sentences) stats->words += s.words.size();
}

const std::string& Annotator::metadata() const { return impl_->metadata(); }

}  // namespace dyad::syntax
