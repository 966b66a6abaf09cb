// The whole syntax model, trained (model_train.h).
#include "train/model_train.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "base/binary.h"
#include "base/file.h"
#include "eval/parse_score.h"
#include "syntax/conllu.h"
#include "syntax/parser.h"
#include "syntax/tagger.h"
#include "text/tokenizer.h"
#include "train/parser_train.h"
#include "train/tagger_train.h"
#include "train/tokenizer_train.h"

namespace dyad {
namespace {


// Parses --parser-members into one ParserTrainOptions per member.
Result<std::vector<ParserTrainOptions>> MemberOptions(const ModelTrainOptions& args) {
  std::vector<ParserTrainOptions> members;
  std::stringstream list(args.parser_members);
  std::string item;
  while (std::getline(list, item, ',')) {
    ParserTrainOptions o;
    o.epochs = args.parser_epochs;
    o.seed = args.seed + members.size();
    o.replicas = args.parser_replicas;
    o.beam_cost_budget = args.parser_beam_budget;
    o.max_beam_words = args.max_beam_words;
    std::stringstream fields(item);
    std::string direction, beam, budget;
    std::getline(fields, direction, ':');
    std::getline(fields, beam, ':');
    std::getline(fields, budget, ':');
    char* end = nullptr;
    const long b = std::strtol(beam.c_str(), &end, 10);
    const bool beam_ok = !beam.empty() && *end == '\0' && b >= 1 && b <= 64;
    double c = o.beam_cost_budget;
    bool budget_ok = true;
    if (!budget.empty()) {
      c = std::strtod(budget.c_str(), &end);
      budget_ok = *end == '\0' && c >= 1.0 && c <= 64.0;
    }
    if ((direction != "l2r" && direction != "r2l") || !beam_ok || !budget_ok ||
        !fields.eof()) {
      return Status::InvalidArgument("--parser-members: '" + item +
                                     "' is not DIRECTION:BEAM[:BUDGET] (l2r or r2l, beam "
                                     "1..64, budget 1..64), e.g. l2r:8,r2l:8:1.5,l2r:1");
    }
    o.right_to_left = direction == "r2l";
    o.beam = static_cast<int>(b);
    o.beam_cost_budget = c;
    members.push_back(o);
  }
  if (members.empty() || members.size() > 8) {
    return Status::InvalidArgument("--parser-members: 1 to 8 members");
  }
  return members;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

Result<Document> ReadGold(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  return ReadConllu(*text, path);
}

// Reads `path` and appends its sentences (with their text) to *doc.
Status AppendGold(const std::string& path, Document* doc) {
  auto more = ReadGold(path);
  if (!more.ok()) return more.status();
  const auto shift = static_cast<uint32_t>(doc->text.size());
  doc->text += more->text;
  for (Sentence& s : more->sentences) {
    s.begin += shift;
    s.end += shift;
    for (Token& t : s.tokens) {
      t.begin += shift;
      t.end += shift;
    }
    doc->sentences.push_back(std::move(s));
  }
  return Status::Ok();
}

// Copies the predicted tags of one sentence's words onto the same words with gold trees.
void CopyTags(const Sentence& tagged, Sentence* gold) {
  for (size_t j = 0; j < gold->words.size(); ++j) {
    Word& g = gold->words[j];
    const Word& t = tagged.words[j];
    g.upos = t.upos;
    g.xpos = t.xpos;
    g.lemma = t.lemma;
    g.feats = t.feats;
  }
}

// Re-tags every sentence of `doc` from its forms (gold tags are cleared first).
void TagAll(const Tagger& tagger, Document* doc) {
  ClearAnnotations(doc);
  auto scratch = tagger.NewScratch();
  for (Sentence& s : doc->sentences) tagger.Tag(&s, scratch.get());
}

// Jackknifed tags for `train`: fold f (every k-th block of sentences) is tagged by a
// tagger trained on the other folds.
Status JackknifeTags(const Document& train, const Document& dev, const ModelTrainOptions& args,
                     Document* tagged_train) {
  const int k = args.folds;
  std::vector<Status> statuses(k);
  auto run_fold = [&](int f) {
    Document rest, held;
    const size_t n = train.sentences.size();
    for (size_t i = 0; i < n; ++i) {
      // Contiguous blocks keep documents together, as a new text would arrive.
      const int fold = static_cast<int>(i * k / n);
      (fold == f ? held : rest).sentences.push_back(train.sentences[i]);
    }
    rest.text = held.text = train.text;
    TaggerTrainOptions options;
    options.epochs = args.tagger_epochs;
    options.replicas = args.tagger_replicas;
    options.seed = args.seed + static_cast<uint64_t>(f) + 1;
    auto tagger = TrainTagger(rest, dev, options, nullptr);
    if (!tagger.ok()) {
      statuses[f] = tagger.status();
      return;
    }
    Document copy = held;
    TagAll(*tagger, &copy);
    // Write back into the fold's positions (folds are disjoint: no locking needed).
    size_t j = 0;
    for (size_t i = 0; i < n; ++i) {
      if (static_cast<int>(i * k / n) == f) CopyTags(copy.sentences[j++], &tagged_train->sentences[i]);
    }
  };
  std::atomic<int> next{0};
  auto worker = [&] {
    for (int f; (f = next.fetch_add(1)) < k;) run_fold(f);
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < args.threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  for (const Status& s : statuses) DYAD_RETURN_IF_ERROR(s);
  return Status::Ok();
}

// Writes the model file: `meta` plus the dev scores and training time, the stages' sections.
// Compressed: the parsers' hashed weight tables shrink to about 2/3 (binary.h).
template <typename ParserT>
Status WriteModel(const std::string& meta, const EvalResult& scores, const Tokenizer& tokenizer,
                  const Tagger& tagger, const ParserT& parser, const std::string& out,
                  std::chrono::steady_clock::time_point start) {
  std::ostringstream m;
  m << meta << "dev_upos: " << 100 * scores.upos.f1() << "\n"
    << "dev_xpos: " << 100 * scores.xpos.f1() << "\n"
    << "dev_lemmas: " << 100 * scores.lemmas.f1() << "\n"
    << "dev_uas: " << 100 * scores.uas.f1() << "\n"
    << "dev_las: " << 100 * scores.las.f1() << "\n"
    << "training_seconds: " << static_cast<int>(Seconds(start)) << "\n";
  ModelFileWriter writer;
  writer.AddSection("meta", m.str());
  tokenizer.Save(&writer);
  tagger.Save(&writer);
  parser.Save(&writer);
  const std::string bytes = writer.SerializeCompressed(19);
  DYAD_RETURN_IF_ERROR(WriteFileAtomic(out, bytes));
  std::cerr << "wrote " << out << " (" << bytes.size() / 1024 << " KiB) in " << Seconds(start)
            << " s\n";
  return Status::Ok();
}

// The tagger of the model (for the neural architecture: only its lemmatizer is used).
Result<Tagger> TrainMainTagger(const ModelTrainOptions& args, const Document& train,
                               const Document& dev) {
  TaggerTrainOptions options;
  options.epochs = args.tagger_epochs;
  options.replicas = args.tagger_replicas;
  options.seed = args.seed;
  return TrainTagger(train, dev, options, &std::cerr);
}

std::string TrainingData(const ModelTrainOptions& args, size_t sentences) {
  std::string files = args.train;
  for (const std::string& f : args.also_train) files += ", " + f;
  return files + " (" + std::to_string(sentences) + " sentences; UD English-EWT, CC BY-SA 4.0" +
         (args.also_train.empty() ? "" : ", and the files named") + ")";
}

// The text stage (tokenizer, sentence splitter), trained on --text-train when given, else
// on the training data.
Result<Tokenizer> TrainTextStage(const ModelTrainOptions& args, const Document& train,
                                 const Document& dev) {
  std::cerr << "== text stage" << (args.text_train.empty() ? "" : " (" + args.text_train + ")")
            << "\n";
  if (args.text_train.empty()) return TrainTokenizer(train, dev, &std::cerr);
  auto text_train = ReadGold(args.text_train);
  if (!text_train.ok()) return text_train.status();
  return TrainTokenizer(*text_train, dev, &std::cerr);
}

// --arch neural: text stage, perceptron tagger (for its lemmatizer), neural network.
Status TrainNeuralModel(const ModelTrainOptions& args, const Document& train, const Document& dev,
                        std::chrono::steady_clock::time_point start) {
  auto tokenizer = TrainTextStage(args, train, dev);
  if (!tokenizer.ok()) return tokenizer.status();
  std::cerr << "== tagger, for its lemmatizer (" << Seconds(start) << " s)\n";
  auto tagger = TrainMainTagger(args, train, dev);
  if (!tagger.ok()) return tagger.status();
  std::cerr << "== neural tagger and parser (" << Seconds(start) << " s)\n";
  NeuralTrainOptions o;
  o.epochs = args.nn_epochs;
  o.batch_words = args.nn_batch_words;
  o.lr = args.nn_lr;
  o.lr_decay = args.nn_lr_decay;
  o.net.char_dim = args.nn_char_dim;
  o.net.char_filters = args.nn_char_filters;
  o.seed = args.seed;
  o.net.hidden = args.nn_hidden;
  o.net.layers = args.nn_layers;
  o.checkpoint = args.checkpoint.empty() ? args.out + ".checkpoint" : args.checkpoint;
  auto parser = TrainNeural(train, dev, o, &std::cerr);
  if (!parser.ok()) return parser.status();

  Document dev_system = dev;
  {
    auto scratch = parser->NewScratch();
    auto tag_scratch = tagger->NewScratch();
    for (Sentence& s : dev_system.sentences) {
      parser->Parse(&s, scratch.get());
      tagger->Lemmatize(&s, tag_scratch.get());
    }
  }
  auto scores = Evaluate(dev, dev_system);
  if (!scores.ok()) return scores.status();
  std::cerr << "dev (gold tokenization):\n" << scores->Table();
  const nn::NetConfig& c = parser->net.cfg;
  std::ostringstream meta;
  meta << "format: " << kModelVersion << "\n"
       << "dyad: " << DYAD_VERSION << "\n"
       << "architecture: neural\n"
       << "training_data: " << TrainingData(args, train.sentences.size()) << "\n"
       << "dev_data: " << args.dev << "\n"
       << "seed: " << args.seed << "\n"
       << "tagger_epochs: " << args.tagger_epochs << "\n"
       << "tagger_replicas: " << args.tagger_replicas << "\n"
       << "nn_epochs: " << args.nn_epochs << "\n"
       << "nn_network: " << c.layers << "x BiLSTM " << c.hidden << ", words " << c.word_dim
       << ", features " << c.feat_dim << ", characters " << c.char_dim << "x" << c.char_filters
       << ", arc " << c.arc << ", label " << c.label << "\n"
       << "nn_lr: " << args.nn_lr << " x " << args.nn_lr_decay << " per epoch\n"
       << (args.text_train.empty() ? "" : "text_train: " + args.text_train + "\n");
  DYAD_RETURN_IF_ERROR(
      WriteModel(meta.str(), *scores, *tokenizer, *tagger, *parser, args.out, start));
  std::remove(o.checkpoint.c_str());
  return Status::Ok();
}

}  // namespace

Status TrainModel(const ModelTrainOptions& args) {
  const auto start = std::chrono::steady_clock::now();
  auto train = ReadGold(args.train);
  if (!train.ok()) return train.status();
  for (const std::string& path : args.also_train) DYAD_RETURN_IF_ERROR(AppendGold(path, &*train));
  auto dev = ReadGold(args.dev);
  if (!dev.ok()) return dev.status();
  std::cerr << "train: " << train->sentences.size() << " sentences, dev: "
            << dev->sentences.size() << " sentences\n";
  if (args.arch == "neural") return TrainNeuralModel(args, *train, *dev, start);
  if (args.arch != "perceptron") {
    return Status::InvalidArgument("--arch: '" + args.arch + "' is not perceptron or neural");
  }

  auto tokenizer = TrainTextStage(args, *train, *dev);
  if (!tokenizer.ok()) return tokenizer.status();

  std::cerr << "== tagger (" << Seconds(start) << " s)\n";
  auto tagger = TrainMainTagger(args, *train, *dev);
  if (!tagger.ok()) return tagger.status();

  Document train_tagged = *train;
  if (args.folds >= 2) {
    std::cerr << "== jackknifing tags over " << args.folds << " folds (" << Seconds(start)
              << " s)\n";
    DYAD_RETURN_IF_ERROR(JackknifeTags(*train, *dev, args, &train_tagged));
  }
  Document dev_tagged = *dev;
  TagAll(*tagger, &dev_tagged);
  Document dev_for_parser = *dev;
  for (size_t i = 0; i < dev->sentences.size(); ++i) {
    CopyTags(dev_tagged.sentences[i], &dev_for_parser.sentences[i]);
  }

  std::cerr << "== parser (" << Seconds(start) << " s)\n";
  auto member_options = MemberOptions(args);
  if (!member_options.ok()) return member_options.status();
  // Members train on up to --threads threads; each logs into its own buffer, printed in
  // member order when all are done, so the log does not depend on timing.
  const size_t count = member_options->size();
  std::vector<std::optional<Result<Parser>>> trained(count);
  std::vector<std::ostringstream> logs(count);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t k = next++; k < count; k = next++) {
      trained[k] = TrainParser(train_tagged, dev_for_parser, (*member_options)[k], &logs[k]);
    }
  };
  {
    std::vector<std::thread> pool;
    const int n = std::max(1, std::min<int>(args.threads, static_cast<int>(count)));
    for (int t = 1; t < n; ++t) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
  }
  std::vector<Parser> members;
  for (size_t k = 0; k < count; ++k) {
    std::cerr << "-- parser member " << k + 1 << " of " << count << " ("
              << ((*member_options)[k].right_to_left ? "right-to-left" : "left-to-right")
              << ", beam " << (*member_options)[k].beam << ")\n"
              << logs[k].str();
    if (!trained[k]->ok()) return trained[k]->status();
    members.push_back(std::move(*trained[k]).value());
  }
  auto parser = TuneParserEnsemble(std::move(members), dev_for_parser, &std::cerr);
  if (!parser.ok()) return parser.status();

  // Final dev scores with gold tokenization, predicted tags and trees.
  Document dev_system = *dev;
  TagAll(*tagger, &dev_system);
  {
    auto scratch = parser->NewScratch();
    for (Sentence& s : dev_system.sentences) parser->Parse(&s, scratch.get());
  }
  auto scores = Evaluate(*dev, dev_system);
  if (!scores.ok()) return scores.status();
  std::cerr << "parser: " << parser->num_members() << " member(s); member 1 decodes with beam "
            << parser->beam() << ", margin " << parser->beam_margin() << ", greedy above "
            << parser->max_beam_words() << " words (trained with beam "
            << parser->train_beam() << ")\n";
  std::cerr << "dev (gold tokenization):\n" << scores->Table();

  std::ostringstream meta;
  meta << "format: " << kModelVersion << "\n"
       << "dyad: " << DYAD_VERSION << "\n"
       << "training_data: " << TrainingData(args, train->sentences.size()) << "\n"
       << "dev_data: " << args.dev << "\n"
       << "seed: " << args.seed << "\n"
       << "jackknife_folds: " << args.folds << "\n"
       << "tagger_epochs: " << args.tagger_epochs << "\n"
       << "tagger_replicas: " << args.tagger_replicas << "\n"
       << "parser_epochs: " << args.parser_epochs << "\n"
       << "parser_train_beam: " << parser->train_beam() << "\n"
       << "parser_beam: " << parser->beam() << "\n"
       << "parser_beam_margin: " << parser->beam_margin() << "\n"
       << "parser_max_beam_words: " << parser->max_beam_words() << "\n"
       << "parser_members: " << args.parser_members << "\n"
       << "parser_replicas: " << args.parser_replicas << "\n";
  return WriteModel(meta.str(), *scores, *tokenizer, *tagger, *parser, args.out, start);
}


}  // namespace dyad
