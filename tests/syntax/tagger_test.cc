// Tests of the tagger (src/syntax/tagger.h) and its lemmatizer: learning a tiny corpus,
// save/load round trips, corrupted models, odd inputs, determinism; and, in the slow suite
// (TaggerSlow.*), accuracy on UD English-EWT dev when ../shared/data is present.
#include "syntax/tagger.h"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "base/file.h"
#include "eval/parse_score.h"
#include "syntax/conllu.h"
#include "syntax/lemmatizer.h"
#include "train/lemmatizer_builder.h"
#include "train/tagger_train.h"

namespace dyad {
namespace {

// One sentence per string: space-separated "form/UPOS/XPOS/lemma[/feats]".
std::string ToConllu(const std::vector<std::string>& sentences) {
  std::string out;
  for (const std::string& s : sentences) {
    std::istringstream words(s);
    std::string item;
    int id = 0;
    while (words >> item) {
      std::vector<std::string> f;
      size_t start = 0;
      for (size_t slash; (slash = item.find('/', start)) != std::string::npos; start = slash + 1) {
        f.push_back(item.substr(start, slash - start));
      }
      f.push_back(item.substr(start));
      if (f.size() == 4) f.push_back("_");
      ++id;
      out += std::to_string(id) + "\t" + f[0] + "\t" + f[3] + "\t" + f[1] + "\t" + f[2] + "\t" +
             f[4] + "\t" + (id == 1 ? "0\troot" : "1\tdep") + "\t_\t_\n";
    }
    out += "\n";
  }
  return out;
}

const std::vector<std::string> kTiny = {
    "The/DET/DT/the/Definite=Def dogs/NOUN/NNS/dog/Number=Plur barked/VERB/VBD/bark ./PUNCT/././",
    "A/DET/DT/a/Definite=Ind dog/NOUN/NN/dog/Number=Sing walked/VERB/VBD/walk home/ADV/RB/home "
    "./PUNCT/././",
    "She/PRON/PRP/she/Case=Nom saw/VERB/VBD/see the/DET/DT/the/Definite=Def cats/NOUN/NNS/cat "
    "./PUNCT/././",
    "Cats/NOUN/NNS/cat jumped/VERB/VBD/jump ./PUNCT/././",
    "John/PROPN/NNP/John talked/VERB/VBD/talk to/ADP/IN/to Mary/PROPN/NNP/Mary ./PUNCT/././",
    "The/DET/DT/the/Definite=Def cat/NOUN/NN/cat can/AUX/MD/can run/VERB/VB/run ./PUNCT/././",
    "They/PRON/PRP/they/Case=Nom want/VERB/VBP/want to/PART/TO/to run/VERB/VB/run "
    "./PUNCT/././",
    "Mary/PROPN/NNP/Mary likes/VERB/VBZ/like big/ADJ/JJ/big dogs/NOUN/NNS/dog/Number=Plur "
    "./PUNCT/././",
};

Document Parse(const std::string& conllu) {
  auto doc = ReadConllu(conllu, "test");
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return std::move(doc).value();
}

Document Untagged(const Document& gold) {
  Document d = gold;
  for (Sentence& s : d.sentences) {
    for (Word& w : s.words) {
      w.upos = Upos::kNone;
      w.xpos.clear();
      w.lemma.clear();
      w.feats.clear();
    }
  }
  return d;
}

Tagger TrainTiny(int epochs = 10) {
  const Document train = Parse(ToConllu(kTiny));
  TaggerTrainOptions options;
  options.epochs = epochs;
  auto tagger = TrainTagger(train, train, options, nullptr);
  EXPECT_TRUE(tagger.ok()) << tagger.status().ToString();
  return std::move(tagger).value();
}

void TagAll(const Tagger& tagger, Document* doc) {
  auto scratch = tagger.NewScratch();
  for (Sentence& s : doc->sentences) tagger.Tag(&s, scratch.get());
}

std::string SaveToString(const Tagger& tagger) {
  ModelFileWriter w;
  tagger.Save(&w);
  return w.Serialize();
}

TEST(Tagger, LearnsTinyCorpus) {
  const Document gold = Parse(ToConllu(kTiny));
  const Tagger tagger = TrainTiny();
  Document sys = Untagged(gold);
  TagAll(tagger, &sys);
  for (size_t i = 0; i < gold.sentences.size(); ++i) {
    for (size_t j = 0; j < gold.sentences[i].words.size(); ++j) {
      const Word& g = gold.sentences[i].words[j];
      const Word& w = sys.sentences[i].words[j];
      EXPECT_EQ(UposName(w.upos), UposName(g.upos)) << g.form;
      EXPECT_EQ(w.xpos, g.xpos) << g.form;
      EXPECT_EQ(w.lemma, g.lemma) << g.form;
      EXPECT_EQ(w.feats, g.feats) << g.form;
    }
  }
}

TEST(Tagger, TrainingLogsEveryEpoch) {
  const Document train = Parse(ToConllu(kTiny));
  TaggerTrainOptions options;
  options.epochs = 3;
  std::ostringstream log;
  ASSERT_TRUE(TrainTagger(train, train, options, &log).ok());
  EXPECT_NE(log.str().find("epoch 1/3"), std::string::npos) << log.str();
  EXPECT_NE(log.str().find("epoch 3/3"), std::string::npos) << log.str();
  EXPECT_NE(log.str().find("dev UPOS"), std::string::npos) << log.str();
}

TEST(Tagger, TrainsWithoutDevDataKeepingTheLastEpoch) {
  const Document train = Parse(ToConllu(kTiny));
  TaggerTrainOptions options;
  options.epochs = 6;
  auto tagger = TrainTagger(train, Document(), options, nullptr);
  ASSERT_TRUE(tagger.ok()) << tagger.status().ToString();
  EXPECT_NE(tagger->Description().find("epoch 6 of 6"), std::string_view::npos)
      << tagger->Description();
  Document sys = Untagged(train);
  TagAll(*tagger, &sys);
  EXPECT_EQ(sys.sentences[0].words[1].xpos, "NNS");
}

TEST(Tagger, RejectsEmptyTrainingData) {
  const Document empty;
  auto tagger = TrainTagger(empty, empty, {}, nullptr);
  ASSERT_FALSE(tagger.ok());
  EXPECT_EQ(tagger.status().code(), Status::Code::kInvalidArgument);
}

// Replica mixing (TaggerTrainOptions::replicas) must not change what a model can learn:
// one, two and three replicas all reproduce the tiny corpus, and the description says how
// many were mixed.
TEST(Tagger, EveryReplicaCountLearnsTinyCorpus) {
  const Document gold = Parse(ToConllu(kTiny));
  for (const int replicas : {1, 2, 3}) {
    TaggerTrainOptions options;
    options.replicas = replicas;
    auto tagger = TrainTagger(gold, gold, options, nullptr);
    ASSERT_TRUE(tagger.ok()) << tagger.status().ToString();
    EXPECT_NE(tagger->Description().find(std::to_string(replicas) + " replicas"),
              std::string_view::npos)
        << tagger->Description();
    Document sys = Untagged(gold);
    TagAll(*tagger, &sys);
    for (size_t i = 0; i < gold.sentences.size(); ++i) {
      for (size_t j = 0; j < gold.sentences[i].words.size(); ++j) {
        EXPECT_EQ(sys.sentences[i].words[j].xpos, gold.sentences[i].words[j].xpos)
            << replicas << " replicas: " << gold.sentences[i].words[j].form;
      }
    }
  }
}

// The replicas differ only in their shuffles, so mixing them is not a no-op: a model of
// three replicas is a different model from that of the first replica alone.
TEST(Tagger, ReplicasAreMixedIntoTheModel) {
  const Document train = Parse(ToConllu(kTiny));
  TaggerTrainOptions one, three;
  one.replicas = 1;
  three.replicas = 3;
  one.epochs = three.epochs = 2;
  auto a = TrainTagger(train, Document(), one, nullptr);
  auto b = TrainTagger(train, Document(), three, nullptr);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(SaveToString(*a), SaveToString(*b));
}

TEST(Tagger, TrainingIsDeterministic) {
  EXPECT_EQ(SaveToString(TrainTiny(4)), SaveToString(TrainTiny(4)));
}

TEST(Tagger, SaveLoadRoundTripGivesIdenticalTags) {
  const Tagger tagger = TrainTiny();
  auto file = ModelFile::Parse(SaveToString(tagger), "tiny.model");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  auto loaded = Tagger::Load(*file);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->Description(), tagger.Description());
  // Known and unknown words alike.
  Document a = Untagged(Parse(ToConllu(kTiny) + ToConllu({
      "Zorgs/X/X/x blorped/X/X/x the/X/X/x wugs/X/X/x quickly/X/X/x ./X/X/x",
      "Mary/X/X/x jumped/X/X/x 42/X/X/x times/X/X/x !/X/X/x"})));
  Document b = a;
  TagAll(tagger, &a);
  TagAll(*loaded, &b);
  EXPECT_EQ(WriteConllu(a), WriteConllu(b));
  // Saving the loaded model reproduces the file.
  EXPECT_EQ(SaveToString(*loaded), SaveToString(tagger));
}

TEST(Tagger, MissingSectionIsNotFound) {
  ModelFileWriter w;
  w.AddSection("parser", "xyz");
  auto file = ModelFile::Parse(w.Serialize(), "other.model");
  ASSERT_TRUE(file.ok());
  auto loaded = Tagger::Load(*file);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Status::Code::kNotFound);
}

// Rebuilds a model file with `section`'s payload replaced (the container's checksums are
// recomputed, so the tagger's own validation is what is tested).
std::string WithSection(const ModelFile& file, const std::string& section,
                        const std::string& payload) {
  ModelFileWriter w;
  for (const std::string& name : file.SectionNames()) {
    w.AddSection(name, name == section ? payload : std::string(file.Section(name).value()));
  }
  return w.Serialize();
}

TEST(Tagger, RejectsEveryTruncatedSection) {
  auto file = ModelFile::Parse(SaveToString(TrainTiny(2)), "tiny.model");
  ASSERT_TRUE(file.ok());
  for (const std::string section : {"tagger", "lemmatizer"}) {
    const std::string payload(file->Section(section).value());
    for (size_t n = 0; n < payload.size(); ++n) {
      auto bad = ModelFile::Parse(WithSection(*file, section, payload.substr(0, n)), "bad");
      ASSERT_TRUE(bad.ok());
      auto loaded = Tagger::Load(*bad);
      ASSERT_FALSE(loaded.ok()) << section << " truncated to " << n;
      EXPECT_EQ(loaded.status().code(), Status::Code::kCorruption) << loaded.status().ToString();
      EXPECT_NE(loaded.status().message().find("byte "), std::string::npos);
    }
    // Trailing bytes are corruption too.
    auto bad = ModelFile::Parse(WithSection(*file, section, payload + "x"), "bad");
    ASSERT_TRUE(bad.ok());
    EXPECT_EQ(Tagger::Load(*bad).status().code(), Status::Code::kCorruption);
  }
}

TEST(Tagger, SurvivesEveryCorruptedByte) {
  // Each byte of each section flipped: loading either fails cleanly or yields a tagger
  // that tags without crashing (a flipped weight is still a weight).
  auto file = ModelFile::Parse(SaveToString(TrainTiny(2)), "tiny.model");
  ASSERT_TRUE(file.ok());
  const Document text = Untagged(Parse(ToConllu(kTiny)));
  int rejected = 0, accepted = 0;
  for (const std::string section : {"tagger", "lemmatizer"}) {
    const std::string payload(file->Section(section).value());
    for (size_t i = 0; i < payload.size(); ++i) {
      for (const unsigned char mask : {0x01, 0x80, 0xff}) {
        std::string corrupt = payload;
        corrupt[i] = static_cast<char>(corrupt[i] ^ mask);
        auto bad = ModelFile::Parse(WithSection(*file, section, corrupt), "bad");
        ASSERT_TRUE(bad.ok());
        auto loaded = Tagger::Load(*bad);
        if (!loaded.ok()) {
          const Status::Code code = loaded.status().code();
          EXPECT_TRUE(code == Status::Code::kCorruption || code == Status::Code::kUnsupported)
              << loaded.status().ToString();
          ++rejected;
          continue;
        }
        ++accepted;
        Document d = text;
        TagAll(*loaded, &d);
        for (const Sentence& s : d.sentences) {
          for (const Word& w : s.words) ASSERT_LT(static_cast<int>(w.upos), kNumUpos);
        }
      }
    }
  }
  EXPECT_GT(rejected, 0);
  EXPECT_GT(accepted, 0);
}

TEST(Tagger, TagsUnknownWordsAndOddInput) {
  const Tagger tagger = TrainTiny();
  Document doc = Untagged(Parse(ToConllu({
      "Xyzzy/X/X/x blorked/X/X/x 3.14/X/X/x ü-ber/X/X/x @#$%/X/X/x ./X/X/x",
      "plugh/X/X/x"})));
  Sentence empty;
  doc.sentences.push_back(empty);
  TagAll(tagger, &doc);
  for (const Sentence& s : doc.sentences) {
    for (const Word& w : s.words) {
      EXPECT_NE(w.upos, Upos::kNone) << w.form;
      EXPECT_FALSE(w.xpos.empty()) << w.form;
      EXPECT_FALSE(w.lemma.empty()) << w.form;
    }
  }
  EXPECT_TRUE(doc.sentences.back().words.empty());
  // A past-tense suffix learned from "walked", "talked", "jumped".
  EXPECT_EQ(doc.sentences[0].words[1].xpos, "VBD");
  EXPECT_EQ(doc.sentences[0].words[1].lemma, "blork");
}

TEST(Tagger, TagsAVeryLongSentence) {
  const Tagger tagger = TrainTiny();
  Sentence s;
  const std::vector<std::string> forms = {"the", "dogs", "walked", "to", "Mary", "zzyzx", "."};
  for (int i = 0; i < 5000; ++i) {
    Word w;
    w.form = forms[i % forms.size()];
    s.words.push_back(w);
  }
  auto scratch = tagger.NewScratch();
  tagger.Tag(&s, scratch.get());
  for (const Word& w : s.words) ASSERT_NE(w.upos, Upos::kNone);
  EXPECT_EQ(s.words[1].xpos, "NNS");
  EXPECT_EQ(s.words[1].lemma, "dog");
  // The scratch is reusable for a short sentence afterwards.
  Sentence t;
  t.words.resize(1);
  t.words[0].form = "cats";
  tagger.Tag(&t, scratch.get());
  EXPECT_EQ(t.words[0].lemma, "cat");
}

TEST(Lemmatizer, KnownWordsTableAndSuffixRules) {
  using tagger_internal::LemmaTagKey;
  tagger_internal::LemmatizerBuilder b;
  auto add = [&](const char* form, const char* lemma, const char* xpos, Upos upos) {
    Word w;
    w.form = form;
    w.lemma = lemma;
    w.xpos = xpos;
    w.upos = upos;
    b.Add(w);
  };
  for (const char* verb : {"walk", "talk", "jump", "look", "kick"}) {
    add((std::string(verb) + "ing").c_str(), verb, "VBG", Upos::kVERB);
  }
  add("went", "go", "VBD", Upos::kVERB);
  add("Paris", "Paris", "NNP", Upos::kPROPN);
  add("London", "London", "NNP", Upos::kPROPN);
  add("The", "the", "DT", Upos::kDET);
  const tagger_internal::Lemmatizer lem = b.Build();
  std::string lemma, feats;
  const uint64_t vbg = LemmaTagKey(Upos::kVERB, "VBG");
  lem.Apply("sulking", "sulking", vbg, &lemma, &feats);
  EXPECT_EQ(lemma, "sulk");
  lem.Apply("went", "went", LemmaTagKey(Upos::kVERB, "VBD"), &lemma, &feats);
  EXPECT_EQ(lemma, "go");
  lem.Apply("Berlin", "berlin", LemmaTagKey(Upos::kPROPN, "NNP"), &lemma, &feats);
  EXPECT_EQ(lemma, "Berlin");
  lem.Apply("the", "the", LemmaTagKey(Upos::kDET, "DT"), &lemma, &feats);
  EXPECT_EQ(lemma, "the");  // via the lowercased form of "The"
  // A rule never cuts a multi-byte character: identity instead.
  lem.Apply("é", "é", vbg, &lemma, &feats);
  EXPECT_EQ(lemma, "é");

  BinaryWriter w;
  lem.Save(&w);
  tagger_internal::Lemmatizer copy;
  BinaryReader r(w.data(), "lemmatizer");
  ASSERT_TRUE(copy.Load(&r).ok());
  copy.Apply("sulking", "sulking", vbg, &lemma, &feats);
  EXPECT_EQ(lemma, "sulk");
}

// ---- Slow suite: UD English-EWT. ----

Result<Document> ReadEwt(const std::string& name) {
  const std::string path = std::string(DYAD_SHARED_DATA) + "/ud-en-ewt/" + name;
  auto data = ReadFile(path);
  if (!data.ok()) return data.status();
  return ReadConllu(*data, path);
}

TEST(TaggerSlow, EwtDevAccuracy) {
  auto train = ReadEwt("en_ewt-ud-train.conllu");
  auto dev = ReadEwt("en_ewt-ud-dev.conllu");
  if (!train.ok() || !dev.ok()) {
    GTEST_SKIP() << "UD English-EWT not found under " << DYAD_SHARED_DATA << "/ud-en-ewt";
  }
  std::ostringstream log;
  auto tagger = TrainTagger(*train, *dev, {}, &log);
  ASSERT_TRUE(tagger.ok()) << tagger.status().ToString();
  Document sys = Untagged(*dev);
  const auto start = std::chrono::steady_clock::now();
  TagAll(*tagger, &sys);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto score = Evaluate(*dev, sys);
  ASSERT_TRUE(score.ok()) << score.status().ToString();
  // Measured 95.33 / 94.68 / 97.32 (seed 1, three replicas, pruned; one replica: 95.20 /
  // 94.60 / 97.23); slack for platform and seed noise.
  EXPECT_GE(score->upos.f1(), 0.950) << log.str();
  EXPECT_GE(score->xpos.f1(), 0.944) << log.str();
  EXPECT_GE(score->lemmas.f1(), 0.969) << log.str();
  std::cout << log.str() << score->Table() << "tagging: " << score->words.gold / secs
            << " words/s\n";
  ModelFileWriter w;
  tagger->Save(&w);
  EXPECT_LE(w.Serialize().size(), 6u << 20);  // the tagger's model budget
}

}  // namespace
}  // namespace dyad
