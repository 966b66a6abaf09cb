// Integration of the stages through a tiny model trained here, in-process, from a
// generated treebank (no third-party data): training → model file → Engine::Open →
// Engine::Annotate on raw text and on re-tokenized CoNLL-U. Exact-output properties: the trees the model
// was trained on are reproduced, thread counts never change the output, spans tile the
// text, and every parse is a tree with one root.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "base/binary.h"
#include "base/file.h"
#include "dyad/engine.h"
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

// One generated sentence "DET? SUBJ VERB DET? OBJ (in PLACE)? ." as CoNLL-U lines.
std::string GenerateTreebank(int sentences, uint32_t seed) {
  const char* subjects[][2] = {{"Russia", "PROPN"}, {"China", "PROPN"}, {"Kenya", "PROPN"},
                               {"France", "PROPN"}, {"Brazil", "PROPN"}};
  const char* nouns[] = {"minister", "army", "government", "delegation", "president"};
  const char* verbs[][2] = {{"met", "meet"}, {"criticized", "criticize"}, {"thanked", "thank"},
                            {"invited", "invite"}, {"accused", "accuse"}};
  const char* places[] = {"Moscow", "Paris", "Nairobi", "Beijing", "Brasilia"};
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  std::string out;
  for (int i = 0; i < sentences; ++i) {
    std::vector<std::string> lines;
    int id = 0;
    auto add = [&](const std::string& form, const std::string& lemma, const char* upos,
                   const char* xpos, int head, const char* rel) {
      ++id;
      lines.push_back(std::to_string(id) + "\t" + form + "\t" + lemma + "\t" + upos + "\t" + xpos +
                      "\t_\t" + std::to_string(head) + "\t" + rel + "\t_\t_");
    };
    const bool subj_noun = pick(2);
    int subj;
    if (subj_noun) {
      add("The", "the", "DET", "DT", 2, "det");
      add(nouns[pick(5)], "x", "NOUN", "NN", 3, "nsubj");
      subj = 2;
    } else {
      add(subjects[pick(5)][0], "x", "PROPN", "NNP", 2, "nsubj");
      subj = 1;
    }
    const int verb = subj + 1;
    const int v = pick(5);
    add(verbs[v][0], verbs[v][1], "VERB", "VBD", 0, "root");
    add("the", "the", "DET", "DT", verb + 2, "det");
    add(nouns[pick(5)], "x", "NOUN", "NN", verb, "obj");
    const bool place = pick(2);
    if (place) {
      add("in", "in", "ADP", "IN", verb + 4, "case");
      add(places[pick(5)], "x", "PROPN", "NNP", verb, "obl");
    }
    add(".", ".", "PUNCT", ".", verb, "punct");
    // Lemmas of nouns and names are their forms.
    for (std::string& l : lines) {
      const size_t a = l.find('\t'), b = l.find('\t', a + 1), c = l.find('\t', b + 1);
      if (l.substr(b + 1, c - b - 1) == "x") l.replace(b + 1, 1, l.substr(a + 1, b - a - 1));
    }
    // SpaceAfter=No before the final period.
    lines[lines.size() - 2] = lines[lines.size() - 2].substr(0, lines[lines.size() - 2].size() - 1) +
                              "SpaceAfter=No";
    if (i % 3 == 0) out += "# newpar\n";  // paragraphs of three sentences
    for (const std::string& l : lines) out += l + "\n";
    out += "\n";
  }
  return out;
}

class TinyModel : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto train = ReadConllu(GenerateTreebank(300, 1), "train");
    auto dev = ReadConllu(GenerateTreebank(60, 2), "dev");
    ASSERT_TRUE(train.ok() && dev.ok());
    auto tokenizer = TrainTokenizer(*train, *dev, nullptr);
    ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().ToString();
    TaggerTrainOptions topt;
    topt.epochs = 3;
    auto tagger = TrainTagger(*train, *dev, topt, nullptr);
    ASSERT_TRUE(tagger.ok()) << tagger.status().ToString();
    ParserTrainOptions popt;
    popt.epochs = 5;
    popt.move_hash_bits = 12;
    popt.label_hash_bits = 10;
    auto parser = TrainParser(*train, *dev, popt, nullptr);
    ASSERT_TRUE(parser.ok()) << parser.status().ToString();
    ModelFileWriter w;
    tokenizer->Save(&w);
    tagger->Save(&w);
    parser->Save(&w);
    // One file per process: ctest runs each test as its own process, in parallel, and
    // TearDownTestSuite removes the file (a shared name let one test delete another's).
    path_ = (std::filesystem::temp_directory_path() /
             ("dyad_tiny_test." + std::to_string(getpid()) + ".model"))
                .string();
    ASSERT_TRUE(WriteFileAtomic(path_, w.Serialize()).ok());
    dev_ = new Document(std::move(dev).value());
  }
  static void TearDownTestSuite() {
    std::remove(path_.c_str());
    delete dev_;
  }
  static std::string path_;
  static Document* dev_;
};
std::string TinyModel::path_;
Document* TinyModel::dev_ = nullptr;

// An annotate-only engine over the tiny model.
std::unique_ptr<Engine> OpenTiny(const std::string& path) {
  EngineOptions options;
  options.model_path = path;
  options.no_dictionaries = true;
  auto engine = Engine::Open(options);
  EXPECT_TRUE(engine.ok()) << engine.status().ToString();
  return engine.ok() ? std::move(engine).value() : nullptr;
}

TEST_F(TinyModel, ReproducesTheTreesItLearned) {
  auto engine = OpenTiny(path_);
  ASSERT_NE(engine, nullptr);
  auto scratch = engine->NewScratch();
  Document system = *dev_;
  ClearAnnotations(&system);
  CodeStats stats;
  ASSERT_TRUE(engine->Annotate(&system, scratch.get(), &stats).ok());
  auto r = Evaluate(*dev_, system);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->upos.correct, r->upos.gold);
  EXPECT_EQ(r->las.correct, r->las.gold) << WriteConllu(system);
  EXPECT_EQ(stats.sentences, dev_->sentences.size());
}

TEST_F(TinyModel, RawTextGivesTreesAndTiledSpans) {
  auto engine = OpenTiny(path_);
  ASSERT_NE(engine, nullptr);
  auto scratch = engine->NewScratch();
  Document doc;
  doc.text = "Russia met the minister in Paris. The army thanked the delegation.\n\n"
             "Kenya invited the president.";
  ASSERT_TRUE(engine->Annotate(&doc, scratch.get()).ok());
  ASSERT_EQ(doc.sentences.size(), 3u);
  EXPECT_TRUE(doc.sentences[2].new_paragraph);
  uint32_t last_end = 0;
  for (const Sentence& s : doc.sentences) {
    int roots = 0;
    for (const Word& w : s.words) {
      roots += w.head == 0;
      EXPECT_GE(w.head, 0);
      EXPECT_LE(w.head, static_cast<int>(s.words.size()));
    }
    EXPECT_EQ(roots, 1);
    for (const Token& t : s.tokens) {
      EXPECT_GE(t.begin, last_end);
      EXPECT_LT(t.begin, t.end);
      for (uint32_t i = last_end; i < t.begin; ++i) EXPECT_TRUE(std::isspace(doc.text[i]));
      last_end = t.end;
    }
  }
  EXPECT_EQ(doc.sentences[0].words[1].deprel, "root");
  EXPECT_EQ(doc.sentences[0].words[0].deprel, "nsubj");
}

TEST_F(TinyModel, ThreadCountDoesNotChangeOutput) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "China accused the army in Moscow. The minister met the president.\n\n";
  auto engine = OpenTiny(path_);
  ASSERT_NE(engine, nullptr);
  auto scratch = engine->NewScratch();
  std::string outputs[3];
  const int threads[3] = {1, 2, 4};
  for (int k = 0; k < 3; ++k) {
    Document doc;
    doc.text = text;
    ASSERT_TRUE(engine->Annotate(&doc, scratch.get(), nullptr, AnnotateLevel::kParse, threads[k]).ok());
    outputs[k] = WriteConllu(doc);
  }
  EXPECT_EQ(outputs[0], outputs[1]);
  EXPECT_EQ(outputs[0], outputs[2]);
}

TEST_F(TinyModel, ScratchIsReusedAcrossDocuments) {
  auto engine = OpenTiny(path_);
  ASSERT_NE(engine, nullptr);
  auto reused = engine->NewScratch();
  for (const char* text : {"China accused the army in Moscow. The minister met the president.",
                           "", "The army met the minister in China."}) {
    Document a, b;
    a.text = b.text = text;
    CodeStats sa, sb;
    auto fresh = engine->NewScratch();
    ASSERT_TRUE(engine->Annotate(&a, fresh.get(), &sa).ok());
    ASSERT_TRUE(engine->Annotate(&b, reused.get(), &sb).ok());
    EXPECT_EQ(WriteConllu(a), WriteConllu(b)) << text;
    EXPECT_EQ(sa.sentences, sb.sentences);
    EXPECT_EQ(sa.words, sb.words);
  }
}

TEST_F(TinyModel, TokenizeLevelLeavesWordsUntagged) {
  auto engine = OpenTiny(path_);
  ASSERT_NE(engine, nullptr);
  auto scratch = engine->NewScratch();
  Document doc;
  doc.text = "Russia met the minister in Paris.";
  ASSERT_TRUE(engine->Annotate(&doc, scratch.get(), nullptr, AnnotateLevel::kTokenize).ok());
  ASSERT_EQ(doc.sentences.size(), 1u);
  ASSERT_FALSE(doc.sentences[0].words.empty());
  for (const Word& w : doc.sentences[0].words) EXPECT_EQ(w.head, -1);
}

TEST_F(TinyModel, CodeWithoutDictionariesIsAnError) {
  auto engine = OpenTiny(path_);
  ASSERT_NE(engine, nullptr);
  auto scratch = engine->NewScratch();
  Document doc;
  doc.id = "d";
  doc.text = "Russia met the minister in Paris.";
  std::vector<Event> events;
  const Status s = engine->Code(&doc, scratch.get(), &events);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
}

TEST_F(TinyModel, TruncatedModelIsCorruptionNotACrash) {
  auto bytes = ReadFile(path_);
  ASSERT_TRUE(bytes.ok());
  for (size_t cut : {size_t{0}, size_t{7}, bytes->size() / 3, bytes->size() - 1}) {
    const std::string p = path_ + ".cut";
    ASSERT_TRUE(WriteFileAtomic(p, bytes->substr(0, cut)).ok());
    EngineOptions options;
    options.model_path = p;
    options.no_dictionaries = true;
    auto engine = Engine::Open(options);
    EXPECT_FALSE(engine.ok());
    std::remove(p.c_str());
  }
}

}  // namespace
}  // namespace dyad
