// dyad parse [FILE|-]: raw text → CoNLL-U (sentences, tokens, tags, lemmas, trees).
// dyad parse --tokenized FILE.conllu: re-tag and re-parse the given words.
// Raw input is processed in blocks of whole paragraphs (about 1 MiB each) so memory stays
// bounded on large files; sentence ids run on across blocks. CoNLL-U is streamed: read,
// parsed and written a few hundred sentences at a time; a sentence over the reader's
// word limit is reported (file:line) and skipped, and the run exits 5.
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "dyad/conllu.h"
#include "dyad/engine.h"
#include "input/input.h"

namespace dyad::cli {
namespace {

struct ParseArgs {
  std::string input = "-";
  std::string model;
  int threads = 1;
  bool tokenized = false;
};

// Splits `text` into blocks of about `target` bytes, cutting only at blank lines
// (paragraph breaks) when one is near, else at a newline, else anywhere.
std::vector<std::string_view> Blocks(std::string_view text, size_t target) {
  std::vector<std::string_view> blocks;
  while (!text.empty()) {
    if (text.size() <= target * 2) {
      blocks.push_back(text);
      break;
    }
    size_t cut = text.find("\n\n", target);
    if (cut == std::string_view::npos || cut > target * 2) cut = text.find('\n', target);
    if (cut == std::string_view::npos || cut > target * 2) cut = target * 2;
    // Never cut inside a UTF-8 sequence.
    while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;
    blocks.push_back(text.substr(0, cut));
    text.remove_prefix(cut);
  }
  return blocks;
}

// Exit status of a run that finished but skipped sentences (as `dyad code`'s).
constexpr int kExitSkipped = 5;
// Sentences parsed at a time with --tokenized: enough to keep --threads busy.
constexpr size_t kTokenizedBatch = 256;
// A CoNLL-U line longer than this is malformed (a word line is a few hundred bytes).
constexpr uint64_t kMaxConlluLine = 1 << 20;

// --tokenized: CoNLL-U in, parsed CoNLL-U out, a batch of sentences at a time (issue 14:
// the whole file was held, about 7 bytes of memory per input byte, and one sentence over
// 10,000 words ended the run). *skipped counts the sentences left out.
Status ParseTokenized(const ParseArgs& args, const Engine& engine, Engine::Scratch* scratch,
                      CodeStats* stats, uint64_t* skipped) {
  auto lines = input::LineStream::Open(args.input, kMaxConlluLine);
  if (!lines.ok()) return lines.status();
  const std::string what = args.input == "-" ? "<stdin>" : args.input;
  ConlluReader reader(what);
  auto flush = [&]() -> Status {
    Document doc = reader.TakeDocument();
    if (doc.sentences.empty()) return Status::Ok();
    DYAD_RETURN_IF_ERROR(
        engine.Annotate(&doc, scratch, stats, AnnotateLevel::kParse, args.threads));
    const std::string out = WriteConllu(doc);
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size()) {
      return Status::IOError("<stdout>: write failed");
    }
    return Status::Ok();
  };
  std::string_view line;
  bool too_long = false;
  while ((*lines)->Next(&line, &too_long)) {
    if (too_long) {
      return Status::InvalidArgument(what + ":" + std::to_string((*lines)->line_number()) +
                                     ": line longer than " + std::to_string(kMaxConlluLine) +
                                     " bytes");
    }
    if (Status s = reader.AddLine(line); !s.ok()) {
      if (s.code() != Status::Code::kResourceExhausted) return s;
      std::fprintf(stderr, "dyad parse: %s\n", s.message().c_str());
      ++*skipped;
    }
    if (reader.sentences() >= kTokenizedBatch) DYAD_RETURN_IF_ERROR(flush());
  }
  DYAD_RETURN_IF_ERROR((*lines)->status());
  DYAD_RETURN_IF_ERROR(reader.Finish());
  return flush();
}

Status RunParse(const ParseArgs& args, uint64_t* skipped) {
  auto engine = OpenParseEngine(args.model);
  if (!engine.ok()) return engine.status();
  auto scratch = (*engine)->NewScratch();
  CodeStats stats;
  if (args.tokenized) {
    DYAD_RETURN_IF_ERROR(ParseTokenized(args, **engine, scratch.get(), &stats, skipped));
  } else {
    auto input = input::ReadWholeFile(args.input);
    if (!input.ok()) return input.status();
    uint64_t sentence_number = 0;
    for (std::string_view block : Blocks(*input, 1 << 20)) {
      Document doc;
      doc.id = args.input;
      doc.text = std::string(block);
      DYAD_RETURN_IF_ERROR((*engine)->Annotate(&doc, scratch.get(), &stats,
                                               AnnotateLevel::kParse, args.threads));
      std::string out;
      for (Sentence& s : doc.sentences) {
        s.id = std::to_string(++sentence_number);
        AppendConllu(doc, s, &out);
      }
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
  }
  if (std::fflush(stdout) != 0) return Status::IOError("<stdout>: write failed");
  if (*skipped > 0) {
    std::fprintf(stderr, "dyad parse: %llu sentence(s) skipped\n",
                 static_cast<unsigned long long>(*skipped));
  }
  if (stats.repaired_bytes > 0 || stats.capped_sentences > 0) {
    std::fprintf(stderr, "dyad parse: %llu invalid UTF-8/NUL bytes replaced, %llu overlong sentences cut\n",
                 static_cast<unsigned long long>(stats.repaired_bytes),
                 static_cast<unsigned long long>(stats.capped_sentences));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Engine>> OpenParseEngine(const std::string& model) {
  EngineOptions options;
  options.model_path = model;
  options.no_dictionaries = true;
  return Engine::Open(options);
}

void RegisterParse(CLI::App& app) {
  static ParseArgs args;
  auto* cmd = app.add_subcommand("parse", "Raw text (or --tokenized CoNLL-U) to parsed CoNLL-U");
  cmd->add_option("FILE", args.input, "input file, - for stdin (default)");
  cmd->add_option("--model", args.model, "model file (default: $DYAD_MODEL or the shipped model)");
  cmd->add_option("--threads", args.threads, "worker threads; output is identical for any value")
      ->check(CLI::Range(1, 256));
  cmd->add_flag("--tokenized", args.tokenized,
                "input is CoNLL-U: keep its sentences and words, re-tag and re-parse them "
                "(a sentence of over 10,000 words is skipped: exit status 5)");
  cmd->callback([] {
    uint64_t skipped = 0;
    const int code = Report(RunParse(args, &skipped));
    SetExitCode(code == 0 && skipped > 0 ? kExitSkipped : code);
  });
}

}  // namespace dyad::cli
