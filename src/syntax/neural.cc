// The neural tagger and parser (neural.h).
#include "syntax/neural.h"

#include <algorithm>
#include <cmath>

#include "base/hash.h"

namespace dyad {
namespace {

constexpr uint32_t kNeuralSectionVersion = 2;
constexpr uint64_t kPrefixSeed = 0x6e6e0100, kSuffixSeed = 0x6e6e0200, kShapeSeed = 0x6e6e0300;

}  // namespace

int NeuralWordFeatures(std::string_view form, std::string* lower, uint64_t* word_key,
                       uint64_t* keys) {
  lower->clear();
  for (const char c : form) lower->push_back(tagger_internal::LowerAscii(c));
  const std::string_view l(*lower);
  *word_key = hash::Bytes(l);
  int n = 0;
  for (size_t k = 1; k <= 3 && k <= l.size(); ++k) keys[n++] = hash::Bytes(l.substr(0, k), kPrefixSeed + k);
  for (size_t k = 1; k <= 5 && k <= l.size(); ++k) {
    keys[n++] = hash::Bytes(l.substr(l.size() - k), kSuffixSeed + k);
  }
  // The shape, built after the lowercased form in the same buffer (no allocation once it
  // has grown): "Xxxx" → "Xx", "1,234" → "d,d", "U.S." → "X.X."; letters and digits by
  // class, other ASCII bytes as they are, a non-ASCII character as 'u', runs cut to 2, at
  // most 8 characters.
  const size_t base = lower->size();
  std::string& buf = *lower;
  buf.push_back('\0');
  const size_t start = buf.size();
  for (const char ch : form) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) == 0x80) continue;
    char k = static_cast<char>(c);
    if (c >= 'A' && c <= 'Z') k = 'X';
    else if (c >= 'a' && c <= 'z') k = 'x';
    else if (c >= '0' && c <= '9') k = 'd';
    else if (c >= 0x80) k = 'u';
    const size_t s = buf.size() - start;
    if (s >= 2 && buf[buf.size() - 1] == k && buf[buf.size() - 2] == k) continue;
    buf.push_back(k);
    if (buf.size() - start == 8) break;
  }
  keys[n++] = hash::Bytes(std::string_view(buf).substr(start), kShapeSeed);
  buf.resize(base);
  return n;
}

void NeuralParser::BuildMaps() {
  word_map_.Reset(word_keys.size());
  for (size_t i = 0; i < word_keys.size(); ++i) {
    word_map_.Insert(tagger_internal::Fold(word_keys[i]), static_cast<uint32_t>(i));
  }
  feat_map_.Reset(feat_keys.size());
  for (size_t i = 0; i < feat_keys.size(); ++i) {
    feat_map_.Insert(tagger_internal::Fold(feat_keys[i]), static_cast<uint32_t>(i));
  }
}

void NeuralParser::ClearBatch(NeuralScratch* s) const {
  s->word.clear();
  s->feat_begin.assign(1, 0);
  s->feat.clear();
  s->offsets.assign(1, 0);
  s->char_begin.assign(1, 0);
  s->chars.clear();
}

void NeuralParser::EncodeMore(const std::vector<Word>& words, NeuralScratch* s) const {
  s->word.push_back(1);  // ROOT
  s->feat_begin.push_back(static_cast<int>(s->feat.size()));
  s->char_begin.push_back(static_cast<int>(s->chars.size()));
  uint64_t keys[kNeuralMaxFeatures];
  for (const Word& w : words) {
    uint64_t word_key = 0;
    const int n = NeuralWordFeatures(w.form, &s->lower, &word_key, keys);
    s->word.push_back(WordRow(word_key));
    for (int k = 0; k < n; ++k) {
      const int row = FeatRow(keys[k]);
      if (row >= 0) s->feat.push_back(row);
    }
    s->feat_begin.push_back(static_cast<int>(s->feat.size()));
    const size_t n_chars = w.form.size(), half = kNeuralMaxChars / 2;
    for (size_t i = 0; i < n_chars; ++i) {
      if (n_chars > kNeuralMaxChars && i == half) i = n_chars - half;
      s->chars.push_back(nn::kCharPad + 1 + static_cast<unsigned char>(w.form[i]));
    }
    s->char_begin.push_back(static_cast<int>(s->chars.size()));
  }
  s->offsets.push_back(static_cast<int>(s->word.size()));
}

void NeuralParser::Encode(const std::vector<Word>& words, NeuralScratch* s) const {
  ClearBatch(s);
  EncodeMore(words, s);
}

nn::NetInput NeuralParser::Input(const NeuralScratch& s) const {
  nn::NetInput in;
  in.m = static_cast<int>(s.word.size());
  in.batch = static_cast<int>(s.offsets.size()) - 1;
  in.offsets = s.offsets.data();
  in.word = s.word.data();
  in.feat_begin = s.feat_begin.data();
  in.feat = s.feat.data();
  in.char_begin = s.char_begin.data();
  in.chars = s.chars.data();
  return in;
}

void NeuralParser::DecodeTree(int k, NeuralScratch* s) const {
  const int o = s->offsets[k], m = s->offsets[k + 1] - o, n = m - 1;
  auto arc = nn::Net<float>::ArcScores(&s->ws, k);
  int* heads = s->heads.data() + o;
  heads[0] = 0;
  if (m == 1) return;  // an empty sentence
  int roots = 0;
  for (int i = 1; i < m; ++i) {
    Eigen::Index best = 0;
    arc.col(i).maxCoeff(&best);
    heads[i] = static_cast<int>(best);
    roots += best == 0;
  }
  // A tree iff one root word and every word reaches the root (no cycle).
  bool tree = roots == 1;
  if (tree) {
    s->mst.assign(static_cast<size_t>(m), 0);  // 0 unvisited, 1 on the current path, 2 done
    for (int i = 1; i < m && tree; ++i) {
      int j = i;
      while (j != 0 && s->mst[j] == 0) {
        s->mst[j] = 1;
        j = heads[j];
      }
      if (j != 0 && s->mst[j] == 1) tree = false;
      for (j = i; j != 0 && s->mst[j] == 1; j = heads[j]) s->mst[j] = 2;
    }
  }
  if (tree) return;
  // Log-softmax per dependent (column), then Chu-Liu/Edmonds with the root word fixed.
  s->logp.resize(static_cast<size_t>(m) * m);
  int root_word = 1;
  float best_root = -1e30f;
  for (int i = 1; i < m; ++i) {
    const float mx = arc.col(i).maxCoeff();
    const float lz = mx + std::log((arc.col(i).array() - mx).exp().sum());
    for (int j = 0; j < m; ++j) s->logp[static_cast<size_t>(i) * m + j] = arc(j, i) - lz;
    if (s->logp[static_cast<size_t>(i) * m] > best_root) {
      best_root = s->logp[static_cast<size_t>(i) * m];
      root_word = i;
    }
  }
  s->arcs.clear();
  s->arcs.push_back({0, root_word, best_root});
  for (int i = 1; i < m; ++i) {
    if (i == root_word) continue;
    for (int j = 1; j < m; ++j) {
      if (j != i) s->arcs.push_back({j, i, s->logp[static_cast<size_t>(i) * m + j]});
    }
  }
  if (MaxSpanningTree(n, s->arcs, &s->mst)) {
    for (int i = 1; i < m; ++i) heads[i] = s->mst[i];
  }
}

void NeuralParser::Parse(Sentence* sentence, NeuralScratch* s) const {
  ParseBatch(&sentence, 1, s);
}

void NeuralParser::ParseBatch(Sentence* const* sentences, int count, NeuralScratch* s) const {
  ClearBatch(s);
  for (int k = 0; k < count; ++k) EncodeMore(sentences[k]->words, s);
  const nn::NetInput in = Input(*s);
  if (in.m == count) return;  // only empty sentences
  net.Forward(in, &s->ws, nullptr);
  s->heads.resize(static_cast<size_t>(in.m));
  for (int k = 0; k < count; ++k) DecodeTree(k, s);
  net.Labels(s->heads.data(), &s->ws);
  auto lab = s->ws.lab(net.cfg.labels, in.m);
  auto tag = s->ws.tag(net.cfg.classes, in.m);
  for (int k = 0; k < count; ++k) {
    const int o = s->offsets[k];
    std::vector<Word>& words = sentences[k]->words;
    for (size_t i = 1; i <= words.size(); ++i) {
      const int t = o + static_cast<int>(i);
      Word& w = words[i - 1];
      Eigen::Index c = 0;
      tag.col(t).maxCoeff(&c);
      w.upos = classes[c].upos;
      w.xpos.assign(classes[c].xpos);
      w.head = s->heads[t];
      int label = root_label;  // exactly the root word is "root"
      if (w.head != 0) {
        label = -1;
        for (int l = 0; l < net.cfg.labels; ++l) {
          if (l != root_label && (label < 0 || lab(l, t) > lab(label, t))) label = l;
        }
      }
      w.deprel.assign(labels[label]);
    }
  }
}

void NeuralParser::Save(ModelFileWriter* writer) const {
  BinaryWriter w;
  w.PutU32(kNeuralSectionVersion);
  const nn::NetConfig& c = net.cfg;
  for (int v : {c.words, c.feats, c.classes, c.labels, c.word_dim, c.feat_dim, c.hidden,
                c.layers, c.arc, c.label, c.char_dim, c.char_filters}) {
    w.PutU32(static_cast<uint32_t>(v));
  }
  w.PutVector(word_keys);
  w.PutVector(feat_keys);
  w.PutU32(static_cast<uint32_t>(classes.size()));
  for (const TagClass& k : classes) {
    w.PutU8(static_cast<uint8_t>(k.upos));
    w.PutString(k.xpos);
  }
  w.PutU32(static_cast<uint32_t>(labels.size()));
  for (const std::string& l : labels) w.PutString(l);
  w.PutU32(static_cast<uint32_t>(root_label));
  auto& mutable_net = const_cast<nn::Net<float>&>(net);  // Params() is not const
  std::vector<float> values;
  for (const nn::Param<float>* p : mutable_net.Params()) {
    w.PutU32(static_cast<uint32_t>(p->w.rows()));
    w.PutU32(static_cast<uint32_t>(p->w.cols()));
    values.assign(p->w.data(), p->w.data() + p->w.size());
    w.PutVector(values);
  }
  writer->AddSection("nn", w.Release());
}

Result<NeuralParser> NeuralParser::Load(const ModelFile& model) {
  auto rr = model.SectionReader("nn");
  if (!rr.ok()) return rr.status();
  BinaryReader& r = rr.value();
  uint32_t version = 0;
  DYAD_RETURN_IF_ERROR(r.GetU32(&version));
  if (version != 1 && version != kNeuralSectionVersion) {
    return Status::Unsupported("nn section version " + std::to_string(version) +
                               " (this dyad reads " + std::to_string(kNeuralSectionVersion) + ")");
  }
  NeuralParser p;
  nn::NetConfig c;
  uint32_t v[10];
  for (uint32_t& x : v) DYAD_RETURN_IF_ERROR(r.GetU32(&x));
  for (uint32_t x : v) {
    if (x == 0 || x > (1u << 24)) return r.Error("implausible network size " + std::to_string(x));
  }
  if (v[7] > 8) return r.Error("implausible layer count " + std::to_string(v[7]));
  uint32_t char_dim = 0, char_filters = 0;
  if (version >= 2) {
    DYAD_RETURN_IF_ERROR(r.GetU32(&char_dim));
    DYAD_RETURN_IF_ERROR(r.GetU32(&char_filters));
    if (char_dim > 1024 || char_filters > 4096 || (char_filters > 0 && char_dim == 0)) {
      return r.Error("implausible character CNN size");
    }
  }
  c.char_dim = static_cast<int>(char_dim);
  c.char_filters = static_cast<int>(char_filters);
  c.words = static_cast<int>(v[0]);
  c.feats = static_cast<int>(v[1]);
  c.classes = static_cast<int>(v[2]);
  c.labels = static_cast<int>(v[3]);
  c.word_dim = static_cast<int>(v[4]);
  c.feat_dim = static_cast<int>(v[5]);
  c.hidden = static_cast<int>(v[6]);
  c.layers = static_cast<int>(v[7]);
  c.arc = static_cast<int>(v[8]);
  c.label = static_cast<int>(v[9]);
  DYAD_RETURN_IF_ERROR(r.GetVector(&p.word_keys));
  DYAD_RETURN_IF_ERROR(r.GetVector(&p.feat_keys));
  if (p.word_keys.size() + 2 != v[0] || p.feat_keys.size() != v[1]) {
    return r.Error("vocabulary sizes differ from the network's");
  }
  uint32_t count = 0;
  DYAD_RETURN_IF_ERROR(r.GetU32(&count));
  if (count != v[2]) return r.Error("class count differs from the network's");
  for (uint32_t i = 0; i < count; ++i) {
    TagClass k;
    uint8_t upos = 0;
    DYAD_RETURN_IF_ERROR(r.GetU8(&upos));
    if (upos >= kNumUpos) return r.Error("bad UPOS id " + std::to_string(upos));
    k.upos = static_cast<Upos>(upos);
    DYAD_RETURN_IF_ERROR(r.GetString(&k.xpos));
    p.classes.push_back(std::move(k));
  }
  DYAD_RETURN_IF_ERROR(r.GetU32(&count));
  if (count != v[3]) return r.Error("label count differs from the network's");
  p.labels.resize(count);
  for (std::string& l : p.labels) DYAD_RETURN_IF_ERROR(r.GetString(&l));
  uint32_t root = 0;
  DYAD_RETURN_IF_ERROR(r.GetU32(&root));
  if (root >= count) return r.Error("root label id out of range");
  p.root_label = static_cast<int>(root);
  p.net.Init(c, 0);
  std::vector<float> values;
  for (nn::Param<float>* q : p.net.Params()) {
    uint32_t rows = 0, cols = 0;
    DYAD_RETURN_IF_ERROR(r.GetU32(&rows));
    DYAD_RETURN_IF_ERROR(r.GetU32(&cols));
    if (rows != q->w.rows() || cols != q->w.cols()) {
      return r.Error("parameter shape " + std::to_string(rows) + "x" + std::to_string(cols) +
                     " differs from the network's");
    }
    DYAD_RETURN_IF_ERROR(r.GetVector(&values));
    if (values.size() != static_cast<size_t>(rows) * cols) {
      return r.Error("parameter size differs from its shape");
    }
    for (float f : values) {
      if (!std::isfinite(f)) return r.Error("parameter value not finite");
    }
    q->w = Eigen::Map<const Eigen::MatrixXf>(values.data(), rows, cols);
    q->g.resize(0, 0);  // inference needs no gradients
  }
  DYAD_RETURN_IF_ERROR(r.ExpectEnd());
  p.BuildMaps();
  return p;
}

}  // namespace dyad
