// Tagging, loading and saving (see tagger_model.h for the design; training is in
// tagger_train.cc). Model sections, both starting with a u32 section version (1), all
// integers little-endian, vectors as u64 count + elements (BinaryWriter::PutVector):
//   "tagger":     string description; u32 class count, then per class u8 UPOS id + string
//                 XPOS; tag dictionary: vector<u32> folded word keys, vector<u32> ambiguity
//                 classes; weights: vector<u32> folded feature keys, vector<u8> row lengths,
//                 vector<u8> classes, vector<i16> quantized weights, f32 scale.
//   "lemmatizer": see Lemmatizer::Save (strings, edit scripts, u32-keyed tables).
// Load validates every count, index and offset, so a damaged section yields Corruption
// with its byte offset, never out-of-bounds reads at tagging time.
#include <algorithm>
#include <cmath>
#include <utility>

#include "base/hash.h"
#include "syntax/tagger.h"
#include "syntax/tagger_model.h"

namespace dyad {

using tagger_internal::Feat;
using tagger_internal::kNumFeatures;
using tagger_internal::kNumStatic;
using tagger_internal::kPad;
using tagger_internal::WordInfo;

namespace {

constexpr uint32_t kTaggerSectionVersion = 1;
constexpr uint32_t kLemmatizerSectionVersion = 1;

// Hash of the word's shape: letters → X/x, digits → d, other ASCII kept, non-ASCII → U;
// runs longer than two collapse (so "Washington" → "Xxx", "1,234" → "d,dd"); capped at 16.
uint64_t ShapeHash(std::string_view form) {
  uint64_t h = 0x51ed270b27u;
  char last = 0;
  int run = 0, n = 0;
  for (const char c : form) {
    char k;
    if (c >= 'A' && c <= 'Z') k = 'X';
    else if (c >= 'a' && c <= 'z') k = 'x';
    else if (c >= '0' && c <= '9') k = 'd';
    else if (static_cast<unsigned char>(c) >= 0x80) k = 'U';
    else k = c;
    run = (k == last) ? run + 1 : 1;
    last = k;
    if (run > 2) continue;
    h = hash::FnvStep(h, static_cast<unsigned char>(k));
    if (++n == 16) break;
  }
  return hash::Mix(h);
}

uint64_t Flags(std::string_view form, size_t index) {
  bool upper = false, lower = false, digit = false, hyphen = false, nonascii = false;
  for (const char c : form) {
    upper |= (c >= 'A' && c <= 'Z');
    lower |= (c >= 'a' && c <= 'z');
    digit |= (c >= '0' && c <= '9');
    hyphen |= (c == '-');
    nonascii |= static_cast<unsigned char>(c) >= 0x80;
  }
  const bool initial_cap = !form.empty() && form[0] >= 'A' && form[0] <= 'Z';
  return uint64_t{upper} | uint64_t{lower} << 1 | uint64_t{digit} << 2 |
         uint64_t{hyphen} << 3 | uint64_t{nonascii} << 4 | uint64_t{initial_cap} << 5 |
         uint64_t{index == 0} << 6 | uint64_t{std::min<size_t>(form.size(), 4)} << 8;
}

void FillPadding(WordInfo* in, uint64_t seed) {
  in->lower = in->form = in->shape = in->flags = in->amb = in->form_amb = seed;
  for (uint64_t& s : in->suf) s = seed;
  for (uint64_t& p : in->pre) p = seed;
  in->lower_begin = in->lower_size = 0;
}

}  // namespace

void TaggerModel::Prepare(const std::vector<Word>& words, const tagger_internal::TagDict& dict,
                          TaggerScratchImpl* s) const {
  const size_t n = words.size();
  s->lower.clear();
  s->info.resize(n + 2 * kPad);
  s->feats.resize(n * kNumFeatures);
  s->pred.resize(n);
  s->scores.resize(classes.size());
  static const uint64_t kBegin = hash::Bytes("<s>"), kEnd = hash::Bytes("</s>");
  static const uint64_t kUnknown = hash::Bytes("<unk>");
  for (int k = 0; k < kPad; ++k) {
    FillPadding(&s->info[k], kBegin);
    FillPadding(&s->info[n + kPad + k], kEnd);
  }
  for (size_t i = 0; i < n; ++i) {
    const std::string_view form = words[i].form;
    WordInfo& in = s->info[i + kPad];
    in.lower_begin = static_cast<uint32_t>(s->lower.size());
    in.lower_size = static_cast<uint32_t>(form.size());
    for (const char c : form) s->lower.push_back(tagger_internal::LowerAscii(c));
    const std::string_view lower =
        std::string_view(s->lower).substr(in.lower_begin, in.lower_size);
    in.lower = hash::Bytes(lower);
    in.form = hash::Bytes(form, 1);
    in.shape = ShapeHash(form);
    in.flags = Flags(form, i);
    for (size_t k = 0; k < 4; ++k) {
      const size_t len = std::min(lower.size(), k + 1);
      in.suf[k] = hash::Bytes(lower.substr(lower.size() - len), 10 + k);
    }
    for (size_t k = 0; k < 3; ++k) in.pre[k] = hash::Bytes(lower.substr(0, k + 1), 20 + k);
    const uint32_t d = dict.map.Find(tagger_internal::Fold(in.lower));
    in.amb = d == tagger_internal::FlatMap::kMissing ? kUnknown : dict.amb[d];
    const uint32_t e = dict.map.Find(tagger_internal::Fold(in.form));
    in.form_amb = e == tagger_internal::FlatMap::kMissing ? kUnknown : dict.amb[e];
  }
  for (size_t i = 0; i < n; ++i) {
    const WordInfo* in = s->info.data() + i + kPad;
    uint64_t* f = s->feats.data() + i * kNumFeatures;
    f[0] = Feat(0, 0);
    f[1] = Feat(1, in[0].lower);
    f[2] = Feat(2, in[0].form);
    for (int k = 0; k < 4; ++k) f[3 + k] = Feat(3 + k, in[0].suf[k]);
    for (int k = 0; k < 3; ++k) f[7 + k] = Feat(7 + k, in[0].pre[k]);
    f[10] = Feat(10, in[0].shape);
    f[11] = Feat(11, in[0].flags);
    f[12] = Feat(12, in[-1].lower);
    f[13] = Feat(13, in[-2].lower);
    f[14] = Feat(14, in[1].lower);
    f[15] = Feat(15, in[2].lower);
    f[16] = Feat(16, in[-1].suf[2]);
    f[17] = Feat(17, in[1].suf[2]);
    f[18] = Feat(18, in[0].amb);
    f[19] = Feat(19, in[1].amb);
    f[20] = Feat(20, in[2].amb);
    f[21] = Feat(21, hash::MixCombine(in[0].lower, in[1].lower));
    f[22] = Feat(22, hash::MixCombine(in[-1].lower, in[0].lower));
    f[23] = Feat(23, hash::MixCombine(in[0].amb, in[1].amb));
    f[24] = Feat(24, in[-1].shape);
    f[25] = Feat(25, in[1].shape);
    f[26] = Feat(26, in[1].form);
    f[27] = Feat(27, hash::MixCombine(in[0].suf[2], in[1].amb));
    f[28] = Feat(28, hash::MixCombine(in[-1].lower, in[1].lower));
    f[29] = Feat(29, in[2].suf[2]);
    f[30] = Feat(30, hash::MixCombine(in[0].form_amb, in[0].flags));
    f[31] = Feat(31, in[1].form_amb);
  }
  static_assert(kNumStatic == 32);
}

void TaggerModel::Decode(const std::vector<Word>& words, TaggerScratchImpl* s) const {
  Prepare(words, tagdict, s);
  const int num_classes = static_cast<int>(classes.size());
  int prev1 = 0, prev2 = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    const uint64_t* f = Dynamic(s, i, prev1, prev2);
    float* scores = s->scores.data();
    std::fill(scores, scores + num_classes, 0.0f);
    weights.Score(f, kNumFeatures, scores);
    int best = 0;
    for (int c = 1; c < num_classes; ++c) {
      if (scores[c] > scores[best]) best = c;
    }
    s->pred[i] = static_cast<uint8_t>(best);
    prev2 = prev1;
    prev1 = best + 1;
  }
}

Tagger::Tagger(std::unique_ptr<TaggerModel> model) : model_(std::move(model)) {}
Tagger::Tagger(Tagger&&) noexcept = default;
Tagger& Tagger::operator=(Tagger&&) noexcept = default;
Tagger::~Tagger() = default;

std::unique_ptr<TaggerScratch> Tagger::NewScratch() const {
  auto s = std::make_unique<TaggerScratchImpl>();
  s->scores.resize(model_->classes.size());
  return s;
}

void Tagger::Tag(Sentence* sentence, TaggerScratch* scratch) const {
  auto* s = static_cast<TaggerScratchImpl*>(scratch);
  std::vector<Word>& words = sentence->words;
  if (words.empty()) return;
  model_->Decode(words, s);
  for (size_t i = 0; i < words.size(); ++i) {
    const tagger_internal::TagClass& c = model_->classes[s->pred[i]];
    Word& w = words[i];
    w.upos = c.upos;
    w.xpos.assign(c.xpos);
    const WordInfo& in = s->info[i + kPad];
    const std::string_view lower =
        std::string_view(s->lower).substr(in.lower_begin, in.lower_size);
    model_->lemmatizer.Apply(w.form, lower, c.lemma_tag, &w.lemma, &w.feats);
  }
}

void Tagger::Lemmatize(Sentence* sentence, TaggerScratch* scratch) const {
  auto* s = static_cast<TaggerScratchImpl*>(scratch);
  for (Word& w : sentence->words) {
    s->lower.clear();
    for (const char c : w.form) s->lower.push_back(tagger_internal::LowerAscii(c));
    model_->lemmatizer.Apply(w.form, s->lower, tagger_internal::LemmaTagKey(w.upos, w.xpos),
                             &w.lemma, &w.feats);
  }
}

std::string_view Tagger::Description() const { return model_->description; }

void Tagger::Save(ModelFileWriter* writer) const {
  const TaggerModel& m = *model_;
  BinaryWriter w;
  w.PutU32(kTaggerSectionVersion);
  w.PutString(m.description);
  w.PutU32(static_cast<uint32_t>(m.classes.size()));
  for (const auto& c : m.classes) {
    w.PutU8(static_cast<uint8_t>(c.upos));
    w.PutString(c.xpos);
  }
  w.PutVector(m.tagdict.keys);
  w.PutVector(m.tagdict.amb);
  w.PutVector(m.weights.keys);
  std::vector<uint8_t> lengths(m.weights.keys.size());
  for (size_t r = 0; r < lengths.size(); ++r) {
    lengths[r] = static_cast<uint8_t>(m.weights.row_begin[r + 1] - m.weights.row_begin[r]);
  }
  w.PutVector(lengths);
  const auto& entries = m.weights.entries;  // BuildMap has moved cls and w here
  std::vector<uint8_t> cls(entries.size());
  std::vector<int16_t> q(entries.size());
  for (size_t j = 0; j < entries.size(); ++j) {
    cls[j] = static_cast<uint8_t>(entries[j].cls);
    q[j] = static_cast<int16_t>(std::lround(entries[j].w / m.weights.scale));
  }
  w.PutVector(cls);
  w.PutVector(q);
  w.PutF32(m.weights.scale);
  writer->AddSection("tagger", w.Release());

  BinaryWriter l;
  l.PutU32(kLemmatizerSectionVersion);
  m.lemmatizer.Save(&l);
  writer->AddSection("lemmatizer", l.Release());
}

namespace {

Status ReadVersion(BinaryReader* r, uint32_t expected, const char* section) {
  uint32_t v = 0;
  DYAD_RETURN_IF_ERROR(r->GetU32(&v));
  if (v != expected) {
    return Status::Unsupported(std::string(section) + " section version " + std::to_string(v) +
                               " (this dyad reads " + std::to_string(expected) + ")");
  }
  return Status::Ok();
}

}  // namespace

Result<Tagger> Tagger::Load(const ModelFile& model) {
  auto m = std::make_unique<TaggerModel>();
  {
    auto rr = model.SectionReader("tagger");
    if (!rr.ok()) return rr.status();
    BinaryReader& r = rr.value();
    DYAD_RETURN_IF_ERROR(ReadVersion(&r, kTaggerSectionVersion, "tagger"));
    DYAD_RETURN_IF_ERROR(r.GetString(&m->description));
    uint32_t num_classes = 0;
    DYAD_RETURN_IF_ERROR(r.GetU32(&num_classes));
    if (num_classes == 0 || num_classes > tagger_internal::kMaxClasses) {
      return r.Error("implausible class count " + std::to_string(num_classes));
    }
    for (uint32_t i = 0; i < num_classes; ++i) {
      tagger_internal::TagClass c;
      uint8_t upos = 0;
      DYAD_RETURN_IF_ERROR(r.GetU8(&upos));
      if (upos >= kNumUpos) return r.Error("bad UPOS id " + std::to_string(upos));
      c.upos = static_cast<Upos>(upos);
      DYAD_RETURN_IF_ERROR(r.GetString(&c.xpos));
      c.lemma_tag = tagger_internal::LemmaTagKey(c.upos, c.xpos);
      m->classes.push_back(std::move(c));
    }
    DYAD_RETURN_IF_ERROR(r.GetVector(&m->tagdict.keys));
    DYAD_RETURN_IF_ERROR(r.GetVector(&m->tagdict.amb));
    if (m->tagdict.amb.size() != m->tagdict.keys.size()) {
      return r.Error("tag dictionary arrays differ in length");
    }
    tagger_internal::Weights& wt = m->weights;
    std::vector<uint8_t> lengths;
    std::vector<int16_t> q;
    DYAD_RETURN_IF_ERROR(r.GetVector(&wt.keys));
    DYAD_RETURN_IF_ERROR(r.GetVector(&lengths));
    DYAD_RETURN_IF_ERROR(r.GetVector(&wt.cls));
    DYAD_RETURN_IF_ERROR(r.GetVector(&q));
    DYAD_RETURN_IF_ERROR(r.GetF32(&wt.scale));
    if (lengths.size() != wt.keys.size() || q.size() != wt.cls.size()) {
      return r.Error("weight arrays differ in length");
    }
    if (!std::isfinite(wt.scale) || wt.scale <= 0) return r.Error("bad weight scale");
    wt.row_begin.assign(1, 0);
    uint64_t total = 0;
    for (const uint8_t len : lengths) {
      total += len;
      if (total > wt.cls.size()) return r.Error("weight rows exceed the weights");
      wt.row_begin.push_back(static_cast<uint32_t>(total));
    }
    if (total != wt.cls.size()) return r.Error("weight rows do not cover the weights");
    for (const uint8_t c : wt.cls) {
      if (c >= num_classes) return r.Error("weight of class " + std::to_string(c) +
                                           " beyond the " + std::to_string(num_classes));
    }
    wt.w.resize(q.size());
    for (size_t j = 0; j < q.size(); ++j) wt.w[j] = static_cast<float>(q[j]) * wt.scale;
    DYAD_RETURN_IF_ERROR(r.ExpectEnd());
    wt.BuildMap();
    m->tagdict.BuildMap();
    if (wt.map.size() != wt.keys.size() || m->tagdict.map.size() != m->tagdict.keys.size()) {
      return r.Error("duplicate keys in the tagger tables");
    }
  }
  {
    auto rr = model.SectionReader("lemmatizer");
    if (!rr.ok()) return rr.status();
    BinaryReader& r = rr.value();
    DYAD_RETURN_IF_ERROR(ReadVersion(&r, kLemmatizerSectionVersion, "lemmatizer"));
    DYAD_RETURN_IF_ERROR(m->lemmatizer.Load(&r));
    DYAD_RETURN_IF_ERROR(r.ExpectEnd());
  }
  return Tagger(std::move(m));
}

}  // namespace dyad
