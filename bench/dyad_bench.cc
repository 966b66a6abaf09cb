// dyad_bench: end-to-end throughput of the syntax pipeline, in the spirit of LevelDB's
// db_bench. Named scenarios run on a fixed, named corpus after one warm-up run; each is
// timed over N runs and printed as TSV with the commit and compiler:
//   tokenize  raw text → sentences, tokens, words
//   tag       tokenized sentences → UPOS, XPOS, lemma, feats
//   parse     tagged sentences → trees
//   e2e       raw text → parsed sentences through Engine::Annotate (with --threads)
// With a neural model (an "nn" section) "tag" is not run and "parse" is the network's
// tagging and parsing plus the lemmatizer (what the annotator runs after tokenization).
// Corpora: "ewt-train" / "ewt-test" (the raw text of the UD English-EWT file, built as the
// CoNLL 2018 task does; needs ../shared/data) or "sample" (data/sample/news.txt repeated
// to ~100k words). Usage: dyad_bench [--corpus NAME] [--runs N] [--threads N]
//                                    [--scenarios tokenize,tag,parse,e2e] [--model PATH]
//                                    [--kernel auto|default|avx2]
// --kernel selects the neural network's product kernels (src/syntax/nn/gemm.h; auto = the
// run-time choice); the one used is printed on stderr.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "base/binary.h"
#include "base/file.h"
#include <cstdlib>

#include "dyad/engine.h"
#include "syntax/conllu.h"
#include "syntax/neural.h"
#include "syntax/nn/gemm.h"
#include "syntax/parser.h"
#include "syntax/tagger.h"
#include "text/raw_text.h"
#include "text/tokenizer.h"

namespace {

using Clock = std::chrono::steady_clock;

long PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

struct Args {
  std::string corpus = "ewt-train";
  std::string model = DYAD_DEFAULT_MODEL;
  std::string scenarios = "tokenize,tag,parse,e2e";
  int runs = 3;
  int threads = 1;
  std::string kernel = "auto";
};

dyad::Result<std::string> LoadCorpus(const std::string& name) {
  const std::string shared = DYAD_SHARED_DATA;
  if (name == "ewt-train" || name == "ewt-test" || name == "ewt-dev") {
    const std::string path = shared + "/ud-en-ewt/en_ewt-ud-" + name.substr(4) + ".conllu";
    auto text = dyad::ReadFile(path);
    if (!text.ok()) return text.status();
    auto doc = dyad::ReadConllu(*text, path);
    if (!doc.ok()) return doc.status();
    return dyad::RawTextFromGold(*doc);
  }
  if (name == "sample") {
    auto text = dyad::ReadFile(std::string(DYAD_SOURCE_DIR) + "/data/sample/news.txt");
    if (!text.ok()) return text.status();
    std::string out;
    while (out.size() < 600000) out += *text + "\n\n";
    return out;
  }
  return dyad::Status::InvalidArgument("unknown corpus '" + name + "'");
}

// A run's wall-clock and process CPU seconds. CPU time is reported too because on a
// shared machine other processes stretch wall time but hardly the CPU time of a
// single-threaded run.
struct Timing {
  double wall = 1e30;
  double cpu = 1e30;
};

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

void Row(const Args& a, const char* scenario, int threads, uint64_t words, uint64_t sentences,
         Timing t) {
  std::printf("%s\t%s\t%s\t%s\t%d\t%llu\t%llu\t%.4f\t%.0f\t%.0f\t%.4f\t%.0f\t%ld\n", DYAD_COMMIT,
              __VERSION__, scenario, a.corpus.c_str(), threads,
              static_cast<unsigned long long>(words), static_cast<unsigned long long>(sentences),
              t.wall, words / t.wall, sentences / t.wall, t.cpu, words / t.cpu, PeakRssMiB());
  std::fflush(stdout);
}

bool Wants(const Args& a, const char* s) {
  return ("," + a.scenarios + ",").find(std::string(",") + s + ",") != std::string::npos;
}

int Run(const Args& a) {
  auto corpus = LoadCorpus(a.corpus);
  if (!corpus.ok()) {
    std::fprintf(stderr, "dyad_bench: %s\n", corpus.status().ToString().c_str());
    return 1;
  }
  auto model = dyad::ModelFile::Load(a.model);
  if (!model.ok()) {
    std::fprintf(stderr, "dyad_bench: %s\n", model.status().ToString().c_str());
    return 1;
  }
  auto tokenizer = dyad::Tokenizer::Load(*model);
  auto tagger = dyad::Tagger::Load(*model);
  const bool neural = model->HasSection("nn");
  auto parser = neural ? dyad::Result<dyad::Parser>(dyad::Status::NotFound("neural model"))
                       : dyad::Parser::Load(*model);
  auto network = neural ? dyad::NeuralParser::Load(*model)
                        : dyad::Result<dyad::NeuralParser>(dyad::Status::NotFound("no nn"));
  if (!tokenizer.ok() || !tagger.ok() || !(neural ? network.ok() : parser.ok())) {
    std::fprintf(stderr, "dyad_bench: cannot load %s\n", a.model.c_str());
    return 1;
  }
  std::printf("commit\tcompiler\tscenario\tcorpus\tthreads\twords\tsentences\tseconds\twords_per_s"
              "\tsentences_per_s\tcpu_seconds\tcpu_words_per_s\tpeak_rss_mib\n");
  dyad::Document base;
  base.text = *corpus;
  dyad::TokenizeStats ts;
  tokenizer->Tokenize(&base, &ts);
  uint64_t words = 0;
  for (const auto& s : base.sentences) words += s.words.size();
  const uint64_t sentences = base.sentences.size();

  auto best_of = [&](auto&& body) {
    body();  // warm-up
    Timing best;
    for (int r = 0; r < a.runs; ++r) {
      const auto t0 = Clock::now();
      const double c0 = CpuSeconds();
      body();
      best.cpu = std::min(best.cpu, CpuSeconds() - c0);
      best.wall = std::min(best.wall, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return best;
  };
  if (Wants(a, "tokenize")) {
    const Timing s = best_of([&] {
      dyad::Document d;
      d.text = *corpus;
      dyad::TokenizeStats st;
      tokenizer->Tokenize(&d, &st);
    });
    Row(a, "tokenize", 1, words, sentences, s);
  }
  dyad::Document tagged = base;
  auto tag_scratch = tagger->NewScratch();
  if (neural) {
    if (Wants(a, "parse")) {
      auto scratch = network->NewScratch();
      dyad::Document parsed = base;
      // Batches of 32 sentences, as the annotator runs them.
      std::vector<dyad::Sentence*> all;
      for (auto& sent : parsed.sentences) {
        if (!sent.words.empty()) all.push_back(&sent);
      }
      const Timing s = best_of([&] {
        for (size_t i = 0; i < all.size(); i += 32) {
          const int count = static_cast<int>(std::min<size_t>(32, all.size() - i));
          network->ParseBatch(all.data() + i, count, scratch.get());
          for (int k = 0; k < count; ++k) tagger->Lemmatize(all[i + k], tag_scratch.get());
        }
      });
      Row(a, "nn-tag+parse", 1, words, sentences, s);
    }
  } else if (Wants(a, "tag")) {
    const Timing s = best_of([&] {
      for (auto& sent : tagged.sentences) tagger->Tag(&sent, tag_scratch.get());
    });
    Row(a, "tag", 1, words, sentences, s);
  } else {
    for (auto& sent : tagged.sentences) tagger->Tag(&sent, tag_scratch.get());
  }
  if (!neural && Wants(a, "parse")) {
    auto scratch = parser->NewScratch();
    dyad::Document parsed = tagged;
    const Timing s = best_of([&] {
      for (auto& sent : parsed.sentences) parser->Parse(&sent, scratch.get());
    });
    Row(a, "parse", 1, words, sentences, s);
  }
  if (Wants(a, "e2e")) {
    dyad::EngineOptions options;
    options.model_path = a.model;
    options.no_dictionaries = true;
    auto engine = dyad::Engine::Open(options);
    if (!engine.ok()) {
      std::fprintf(stderr, "dyad_bench: %s\n", engine.status().ToString().c_str());
      return 1;
    }
    auto scratch = (*engine)->NewScratch();
    const Timing s = best_of([&] {
      dyad::Document d;
      d.text = *corpus;
      if (!(*engine)->Annotate(&d, scratch.get(), nullptr, dyad::AnnotateLevel::kParse, a.threads).ok()) {
        std::abort();
      }
    });
    Row(a, "e2e", a.threads, words, sentences, s);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--corpus") a.corpus = v;
    else if (k == "--model") a.model = v;
    else if (k == "--runs") a.runs = std::max(1, std::atoi(v.c_str()));
    else if (k == "--threads") a.threads = std::max(1, std::atoi(v.c_str()));
    else if (k == "--scenarios") a.scenarios = v;
    else if (k == "--kernel") a.kernel = v;
    else {
      std::fprintf(stderr, "dyad_bench: unknown option %s\n", k.c_str());
      return 2;
    }
  }
  if (a.kernel != "auto") {
    const bool ok = a.kernel == "default"  ? dyad::nn::SetGemmKernel(dyad::nn::GemmKernel::kDefault)
                    : a.kernel == "avx2" ? dyad::nn::SetGemmKernel(dyad::nn::GemmKernel::kAvx2Fma)
                                         : false;
    if (!ok) {
      std::fprintf(stderr, "dyad_bench: --kernel %s: unknown or not supported here\n", a.kernel.c_str());
      return 2;
    }
  }
  std::fprintf(stderr, "dyad_bench: neural product kernels: %s\n",
               dyad::nn::GemmKernelName(dyad::nn::ActiveGemmKernel()));
  return Run(a);
}
