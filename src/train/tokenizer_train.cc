// Training of the text stage (the layers are described in src/text/tokenizer.cc). It
// builds the CoNLL 2018 raw text of the gold training and dev documents
// (text/raw_text.h), learns layer 2 (token boundaries), then layer 3's multiword lexicon
// and its context model, then layer 4 (sentence boundaries, on the stage's own tokens);
// the number of perceptron epochs of each layer is chosen on dev. Training is
// deterministic (fixed order, no randomness) and takes seconds. Thread-safety: every call
// owns its state.
#include "train/tokenizer_train.h"

#include <algorithm>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/binary.h"
#include "base/file.h"
#include "dyad/conllu.h"
#include "text/perceptron.h"
#include "text/raw_text.h"
#include "text/tokenizer_internal.h"

namespace dyad {

using text::HashedPerceptron;
using text::tokenizer_internal::Analysis;
using text::tokenizer_internal::Cp;
using text::tokenizer_internal::DecideSentences;
using text::tokenizer_internal::DecodeChunk;
using text::tokenizer_internal::kMaxMwtBytes;
using text::tokenizer_internal::kMaxMwtWords;
using text::tokenizer_internal::kMwtContextBits;
using text::tokenizer_internal::kSentenceBits;
using text::tokenizer_internal::kTokenBits;
using text::tokenizer_internal::LowerKey;
using text::tokenizer_internal::MakePTok;
using text::tokenizer_internal::Mistake;
using text::tokenizer_internal::MwtContextFeatures;
using text::tokenizer_internal::MwtLexicon;
using text::tokenizer_internal::NextChunkSymbol;
using text::tokenizer_internal::ParagraphReader;
using text::tokenizer_internal::PTok;
using text::tokenizer_internal::RuleAnalysis;
using text::tokenizer_internal::SegmentChunk;
using text::tokenizer_internal::SegmentScratch;
using text::tokenizer_internal::SkipSpace;

namespace {

constexpr int kMaxTokenEpochs = 12;
constexpr int kMaxSentenceEpochs = 15;
// A form seen at least this often both split and whole is decided in context.
constexpr int kMinAmbiguous = 3;
constexpr int kMwtContextEpochs = 5;

struct RawCorpus {
  std::string text;
  GoldSpans spans;
  std::vector<uint8_t> token_start;   // per byte
  std::vector<uint8_t> sentence_end;  // per byte: a gold sentence ends here
};

RawCorpus MakeCorpus(const Document& gold) {
  RawCorpus c;
  c.text = RawTextFromGold(gold, &c.spans);
  c.token_start.assign(c.text.size() + 1, 0);
  c.sentence_end.assign(c.text.size() + 1, 0);
  for (const auto& t : c.spans.tokens) c.token_start[t.begin] = 1;
  for (const auto& s : c.spans.sentences) c.sentence_end[s.end] = 1;
  return c;
}

// Runs layer 2 over a corpus: training (when `train` is set) or scoring. Returns the
// token F1 against the gold spans.
double TokenPass(const RawCorpus& c, const HashedPerceptron& model, HashedPerceptron* train) {
  std::vector<Cp> cps;
  SegmentScratch scratch;
  std::vector<uint32_t> starts;
  std::vector<uint8_t> gold;
  int64_t system = 0, correct = 0;
  size_t pos = 0, gold_i = 0;
  const std::string_view text = c.text;
  while (true) {
    int nl = 0;
    pos = SkipSpace(text, pos, text.size(), &nl);
    if (pos >= text.size()) break;
    const size_t end = DecodeChunk(text, pos, text.size(), &cps);
    const char32_t next_sym = NextChunkSymbol(text, end, text.size());
    gold.assign(cps.size(), 0);
    for (size_t i = 0; i < cps.size(); ++i) gold[i] = c.token_start[cps[i].off];
    starts.clear();
    SegmentChunk(cps, next_sym, model, &scratch, &starts, gold.data(), train);
    if (train == nullptr) {
      size_t b = 0;
      for (size_t k = 0; k <= starts.size(); ++k) {
        const size_t e = k < starts.size() ? starts[k] : cps.size();
        const uint32_t bb = cps[b].off;
        const uint32_t eb = e < cps.size() ? cps[e].off : static_cast<uint32_t>(end);
        ++system;
        while (gold_i < c.spans.tokens.size() && c.spans.tokens[gold_i].begin < bb) ++gold_i;
        if (gold_i < c.spans.tokens.size() && c.spans.tokens[gold_i].begin == bb &&
            c.spans.tokens[gold_i].end == eb) {
          ++correct;
        }
        b = e;
      }
    }
    pos = end;
  }
  const int64_t g = static_cast<int64_t>(c.spans.tokens.size());
  return g + system ? 2.0 * correct / static_cast<double>(g + system) : 0;
}

// Runs layer 4 over a corpus (tokens from `token_model`); returns the sentence F1.
double SentencePass(const RawCorpus& c, const HashedPerceptron& token_model,
                    const HashedPerceptron& model, HashedPerceptron* train) {
  ParagraphReader reader(c.text, token_model);
  std::vector<PTok> para;
  std::vector<uint64_t> feats;
  std::vector<uint8_t> ends, gold;
  int64_t system = 0, correct = 0;
  size_t gold_i = 0;
  while (reader.Next(&para)) {
    gold.assign(para.size(), 0);
    for (size_t t = 0; t < para.size(); ++t) gold[t] = c.sentence_end[para[t].end];
    DecideSentences(para, model, 0, &feats, &ends, &gold, train);
    size_t start = 0;
    for (size_t t = 0; t < para.size(); ++t) {
      if (!ends[t]) continue;
      const uint32_t b = para[start].begin, e = para[t].end;
      ++system;
      while (gold_i < c.spans.sentences.size() && c.spans.sentences[gold_i].begin < b) ++gold_i;
      if (gold_i < c.spans.sentences.size() && c.spans.sentences[gold_i].begin == b &&
          c.spans.sentences[gold_i].end == e) {
        ++correct;
      }
      start = t + 1;
    }
  }
  const int64_t g = static_cast<int64_t>(c.spans.sentences.size());
  return g + system ? 2.0 * correct / static_cast<double>(g + system) : 0;
}

MwtLexicon LearnMwtLexicon(const Document& train) {
  std::map<std::string, std::map<Analysis, int>> counts;
  for (const Sentence& s : train.sentences) {
    for (const Token& t : s.tokens) {
      const std::string_view form = train.TokenText(t);
      char buf[kMaxMwtBytes];
      const std::string_view key = LowerKey(form, buf);
      if (key.empty() || t.word_count > kMaxMwtWords) continue;
      Analysis a;
      bool ok = true;
      size_t off = 0;
      for (uint32_t k = 0; k + 1 < t.word_count; ++k) {
        off += s.words[t.first_word + k].form.size();
        if (off == 0 || off >= form.size()) ok = false;
        a.at[a.cuts++] = static_cast<uint8_t>(std::min<size_t>(off, 255));
      }
      if (ok) ++counts[std::string(key)][a];
    }
  }
  MwtLexicon lexicon;
  for (const auto& [form, analyses] : counts) {
    const Analysis* best = nullptr;
    const Analysis* best_split = nullptr;
    int best_count = 0, split_count = 0, whole_count = 0;
    for (const auto& [a, n] : analyses) {
      if (n > best_count) {
        best = &a;
        best_count = n;
      }
      if (a.cuts == 0) {
        whole_count = n;
      } else if (n > split_count) {
        best_split = &a;
        split_count = n;
      }
    }
    if (std::min(split_count, whole_count) >= kMinAmbiguous) {
      Analysis a = *best_split;
      a.ambiguous = 1;
      lexicon.emplace(form, a);
    } else if (best != nullptr && !(*best == RuleAnalysis(form))) {
      lexicon.emplace(form, *best);
    }
  }
  return lexicon;
}

// Learns the context model for the lexicon's ambiguous forms from the gold tokens.
HashedPerceptron TrainMwtContext(const Document& train, const MwtLexicon& lexicon) {
  struct Example {
    size_t sentence, token;
    bool split;
  };
  std::vector<std::vector<PTok>> sentences(train.sentences.size());
  std::vector<Example> examples;
  std::vector<Cp> cps;
  for (size_t si = 0; si < train.sentences.size(); ++si) {
    const Sentence& s = train.sentences[si];
    for (size_t ti = 0; ti < s.tokens.size(); ++ti) {
      const std::string_view form = train.TokenText(s.tokens[ti]);
      DecodeChunk(form, 0, form.size(), &cps);
      if (cps.empty()) {
        sentences[si].push_back(PTok{0, 0, true, 0, 0});
        continue;
      }
      sentences[si].push_back(MakePTok(cps, 0, cps.size(), 0, true));
      char buf[kMaxMwtBytes];
      const std::string_view key = LowerKey(form, buf);
      if (key.empty()) continue;
      if (auto it = lexicon.find(key); it != lexicon.end() && it->second.ambiguous) {
        examples.push_back({si, ti, s.tokens[ti].word_count > 1});
      }
    }
  }
  HashedPerceptron learner(kMwtContextBits);
  std::vector<uint64_t> feats;
  for (int epoch = 0; epoch < kMwtContextEpochs; ++epoch) {
    for (const Example& e : examples) {
      MwtContextFeatures(sentences[e.sentence], e.token, &feats);
      learner.Tick();
      if (Mistake(learner.Score(feats), e.split)) learner.Update(feats, e.split ? 1.0f : -1.0f);
    }
  }
  return learner.Averaged();
}

// Trains a perceptron of 2^bits weights for up to `max_epochs` passes (`train_pass`
// updates the learner) and returns the averaged weights of the epoch with the best dev F1
// (`dev_f1` of the averaged weights); logs each epoch as "text: WHAT epoch ...".
template <typename TrainPass, typename DevF1>
HashedPerceptron BestEpoch(int bits, int max_epochs, const char* what, TrainPass train_pass,
                           DevF1 dev_f1, std::ostream* log) {
  HashedPerceptron learner(bits), best_model(bits);
  double best = -1;
  int best_epoch = 0;
  for (int epoch = 1; epoch <= max_epochs; ++epoch) {
    train_pass(&learner);
    HashedPerceptron avg = learner.Averaged();
    const double f1 = dev_f1(avg);
    if (log) {
      *log << "text: " << what << " epoch " << epoch << " dev " << what << " F1 " << 100 * f1
           << "\n";
    }
    if (f1 > best) {
      best = f1;
      best_epoch = epoch;
      best_model = std::move(avg);
    }
  }
  if (log) *log << "text: " << what << " model from epoch " << best_epoch << "\n";
  return best_model;
}

}  // namespace

Result<Tokenizer> TrainTokenizer(const Document& train, const Document& dev, std::ostream* log) {
  if (train.sentences.empty()) return Status::InvalidArgument("text stage: empty training data");
  auto model = std::make_unique<TokenizerModel>();
  const RawCorpus train_c = MakeCorpus(train);
  const RawCorpus dev_c = MakeCorpus(dev.sentences.empty() ? train : dev);

  // Layer 2: tokens.
  model->tokens = BestEpoch(
      kTokenBits, kMaxTokenEpochs, "token",
      [&](HashedPerceptron* learner) { TokenPass(train_c, *learner, learner); },
      [&](const HashedPerceptron& avg) { return TokenPass(dev_c, avg, nullptr); }, log);

  // Layer 3: multiword lexicon.
  model->mwt = LearnMwtLexicon(train);
  model->mwt_context = TrainMwtContext(train, model->mwt);
  if (log) *log << "text: " << model->mwt.size() << " multiword lexicon entries\n";

  // Layer 4: sentences, on the stage's own tokens.
  const HashedPerceptron& tokens = model->tokens;
  model->sentences = BestEpoch(
      kSentenceBits, kMaxSentenceEpochs, "sentence",
      [&](HashedPerceptron* learner) { SentencePass(train_c, tokens, *learner, learner); },
      [&](const HashedPerceptron& avg) { return SentencePass(dev_c, tokens, avg, nullptr); },
      log);
  return TokenizerInternals::FromModel(std::move(model));
}

Result<std::string> TrainTextModel(const std::string& train_path, const std::string& dev_path,
                                   std::ostream* log) {
  auto read = [](const std::string& path) -> Result<Document> {
    auto data = ReadFile(path);
    if (!data.ok()) return data.status();
    return ReadConllu(*data, path);
  };
  auto train = read(train_path);
  if (!train.ok()) return train.status();
  Document dev;
  if (!dev_path.empty()) {
    auto d = read(dev_path);
    if (!d.ok()) return d.status();
    dev = std::move(*d);
  }
  auto tokenizer = TrainTokenizer(*train, dev, log);
  if (!tokenizer.ok()) return tokenizer.status();
  ModelFileWriter writer;
  tokenizer->Save(&writer);
  return writer.Serialize();
}

}  // namespace dyad
