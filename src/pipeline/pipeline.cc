// The syntax pipeline (include/dyad/pipeline.h): text stage → tagger → parser.
// Tokenization runs on the calling thread (it is ~20x faster than parsing); tagging and
// parsing of the sentences are spread over worker threads, each with its own scratch,
// each sentence handled independently — so the output does not depend on the thread
// count.
#include "dyad/pipeline.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "base/binary.h"
#include "base/utf8.h"
#include "syntax/parser.h"
#include "syntax/tagger.h"
#include "text/tokenizer.h"

namespace dyad {

struct PipelineScratch::Impl {
  std::unique_ptr<TaggerScratch> tagger;
  std::unique_ptr<ParserScratch> parser;
};
PipelineScratch::PipelineScratch(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PipelineScratch::~PipelineScratch() = default;

class PipelineImpl {
 public:
  PipelineImpl(Tokenizer tokenizer, Tagger tagger, Parser parser, std::string metadata,
               PipelineOptions options)
      : tokenizer_(std::move(tokenizer)),
        tagger_(std::move(tagger)),
        parser_(std::move(parser)),
        metadata_(std::move(metadata)),
        options_(options) {}

  void Annotate(Document* doc, PipelineStats* stats) const {
    const size_t n = doc->sentences.size();
    const int threads = std::max(1, std::min<int>(options_.threads, static_cast<int>(n / 8 + 1)));
    auto work = [&](std::atomic<size_t>* next) {
      auto tag_scratch = tagger_.NewScratch();
      auto parse_scratch = parser_.NewScratch();
      // Sentences are claimed in small chunks so uneven lengths balance out.
      constexpr size_t kChunk = 16;
      for (;;) {
        const size_t start = next->fetch_add(kChunk);
        if (start >= n) break;
        const size_t end = std::min(n, start + kChunk);
        for (size_t i = start; i < end; ++i) {
          Sentence& s = doc->sentences[i];
          if (s.words.empty()) continue;
          tagger_.Tag(&s, tag_scratch.get());
          parser_.Parse(&s, parse_scratch.get());
        }
      }
    };
    std::atomic<size_t> next{0};
    if (threads == 1) {
      work(&next);
    } else {
      std::vector<std::thread> pool;
      for (int t = 1; t < threads; ++t) pool.emplace_back(work, &next);
      work(&next);
      for (auto& th : pool) th.join();
    }
    stats->documents += 1;
    stats->sentences += n;
    for (const Sentence& s : doc->sentences) stats->words += s.words.size();
  }

  // Single-thread variant with caller-owned buffers.
  void Annotate(Document* doc, PipelineScratch* scratch, PipelineStats* stats) const {
    for (Sentence& s : doc->sentences) {
      if (s.words.empty()) continue;
      tagger_.Tag(&s, scratch->impl_->tagger.get());
      parser_.Parse(&s, scratch->impl_->parser.get());
      stats->words += s.words.size();
    }
    stats->documents += 1;
    stats->sentences += doc->sentences.size();
  }
  std::unique_ptr<PipelineScratch> NewScratch() const {
    auto impl = std::make_unique<PipelineScratch::Impl>();
    impl->tagger = tagger_.NewScratch();
    impl->parser = parser_.NewScratch();
    return std::unique_ptr<PipelineScratch>(new PipelineScratch(std::move(impl)));
  }

  const Tokenizer& tokenizer() const { return tokenizer_; }
  const std::string& metadata() const { return metadata_; }

 private:
  Tokenizer tokenizer_;
  Tagger tagger_;
  Parser parser_;
  std::string metadata_;
  PipelineOptions options_;
};

Pipeline::Pipeline(std::unique_ptr<PipelineImpl> impl) : impl_(std::move(impl)) {}
Pipeline::Pipeline(Pipeline&&) noexcept = default;
Pipeline& Pipeline::operator=(Pipeline&&) noexcept = default;
Pipeline::~Pipeline() = default;

Result<Pipeline> Pipeline::Load(const std::string& path, const PipelineOptions& options) {
  auto model = ModelFile::Load(path);
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
  auto tagger = Tagger::Load(*model);
  if (!tagger.ok()) return tagger.status();
  auto parser = Parser::Load(*model);
  if (!parser.ok()) return parser.status();
  return Pipeline(std::make_unique<PipelineImpl>(std::move(tokenizer).value(),
                                                 std::move(tagger).value(),
                                                 std::move(parser).value(), std::move(metadata),
                                                 options));
}

void Pipeline::RunText(Document* doc, PipelineStats* stats) const {
  stats->repaired_bytes += RepairUtf8(&doc->text);
  TokenizeStats tstats;
  doc->sentences.clear();
  impl_->tokenizer().Tokenize(doc, &tstats);
  stats->capped_sentences += tstats.capped_sentences;
  impl_->Annotate(doc, stats);
}

std::unique_ptr<PipelineScratch> Pipeline::NewScratch() const { return impl_->NewScratch(); }

void Pipeline::RunText(Document* doc, PipelineScratch* scratch, PipelineStats* stats) const {
  stats->repaired_bytes += RepairUtf8(&doc->text);
  TokenizeStats tstats;
  doc->sentences.clear();
  impl_->tokenizer().Tokenize(doc, &tstats);
  stats->capped_sentences += tstats.capped_sentences;
  impl_->Annotate(doc, scratch, stats);
}

void Pipeline::RunTokenized(Document* doc, PipelineStats* stats) const {
  impl_->Annotate(doc, stats);
}

const std::string& Pipeline::metadata() const { return impl_->metadata(); }

}  // namespace dyad
