// The labeled dependency parser: greedy arc-eager parsing (src/syntax/transition.h) with
// two hashed linear models (decoding, loading and saving; the trainer is src/train/).
//
// Design. A move classifier scores the four arc-eager moves from the Zhang & Nivre (2011)
// rich non-local features (src/syntax/parser_features.h); when a move adds an arc, a
// separate label classifier picks the UD relation from arc features plus the move
// features of that configuration. Splitting the decision keeps the move table at 4
// weights per feature row (instead of 2 + 2L) and scores labels only once per word.
// The root is not attached by moves but chosen at the end (src/syntax/transition.h). Weights live in dense tables indexed by the top bits of the feature hash
// (the hashing trick), so there is no feature dictionary to store or to look up;
// collisions cost a little accuracy and buy a fixed, small memory footprint.
//
// Training (averaged perceptron, dynamic oracle, replicas, beam tuning) is not here: it
// lives in src/train/parser_train.cc, which builds a Parser through ParserInternals (parser_internal.h).
//
// Beam search (Zhang & Clark 2008; Zhang & Nivre 2011), optional: with
// ParserTrainOptions::beam > 1 the move model is trained globally (max-violation updates,
// Huang et al. 2012) and decoded with a beam. A full beam of k costs about k times the
// greedy parse, so decoding uses selective branching (cf. Choi & McCallum 2013): only
// candidates within a margin of the step's best enter the beam, and confident steps cost
// what a greedy step costs. The width and margin are tuned on dev after training under a
// cost budget (TuneBeam, src/train/) and stored in the model, and sentences longer than
// max_beam_words decode greedily (beam states are copied, O(k n^2) per sentence).
// Figures: doc/experiments/parser-beam.md.
//
// Right-to-left parsing (ParserTrainOptions::right_to_left) runs the same moves over the
// reversed sentence: ComputeParserWords stores the words last-first and Position maps
// positions back. An ensemble (Parser::Ensemble) parses with every member and combines
// their trees by weighted arc votes (src/syntax/tree_vote.h; Sagae & Lavie 2006); members
// vote cheapest first and stop early once the remaining weight cannot change the outcome.
// Figures: doc/experiments/parser-ensemble.md.
//
// Greedy parsing is linear: at most 2n moves, each with a fixed number of features;
// ParserScratch holds every buffer, so steady-state parsing allocates nothing (deprel
// strings fit in the small-string buffer; an ensemble allocates only when the votes form
// a cycle). A final fix-up gives the tree exactly one root.
//
// Model section "parser" (doc/formats/model.md): u32 format version, u32 feature version,
// u32 move hash bits, u32 label hash bits, u32 label count + label strings, u32 root label,
// u32 best epoch, f32 dev UAS, f32 dev LAS, [version >= 2: u32 train beam, u32 beam,
// i64 margin (as u64), u32 max beam words], [version >= 3: u32 flags, bit 0 =
// right-to-left], i16 vector move weights, i16 vector label weights (rows padded to a
// multiple of 8 labels), u64 vector lexicon keys, u32 vector lexicon values (vectors: u64
// count + raw little-endian elements). Ensemble members 2.. are sections "parser.2", ...
// of the same layout; "parser.ensemble" holds u32 version, u32 member count, f32 weights.
// Thread-safety: see parser.h.
#include "syntax/parser.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "syntax/parser_features.h"
#include "syntax/parser_internal.h"
#include "syntax/transition.h"
#include "syntax/tree_vote.h"

namespace dyad {

using parser_internal::kMaxBeam;
using parser_internal::kMaxHashBits;
using parser_internal::kMaxLabels;
using parser_internal::kMinHashBits;

namespace {
// Parser section versions: 1 = greedy only; 2 = adds the decoding settings (train beam,
// beam, margin, max beam words); 3 = adds u32 flags (bit 0: right-to-left). Versions 1
// and 2 still load (as left-to-right parsers; version 1 as a greedy one).
constexpr uint32_t kParserFormatVersion = 3;
// Section "parser.ensemble": u32 version, u32 member count, f32 weight per member.
constexpr uint32_t kEnsembleFormatVersion = 1;
constexpr uint32_t kMinParserFormatVersion = 1;
}  // namespace

ParserScratch::ParserScratch(std::unique_ptr<Buffers> buffers)
    : buffers_(std::move(buffers)) {}
ParserScratch::~ParserScratch() = default;

namespace parser_internal {
namespace {

// The label of head -> dep, scored from the arc features plus the first `move_count`
// entries of s->features (the move features of the current configuration, when the arc
// comes from a move).
int PredictLabel(const ParserModel& m, ParserScratch::Buffers* s, int head, int dep,
                 int move_count) {
  if (head == 0) return m.root_label;
  const int k = ExtractLabelFeatures(s->state, s->words.data(), head, dep,
                                     s->features + move_count);
  ScoreLabels(m.label_w.data(), m.label_bits, m.label_stride, s->features, move_count + k,
              s->label_scores.data());
  return BestLabel(s->label_scores.data(), static_cast<int>(m.labels.size()), m.root_label);
}

// Attaches the words left headless when the buffer emptied: the first becomes the root
// if the root has no dependent yet, the others depend on the root's dependent.
void FixUpTree(const ParserModel& m, ParserScratch::Buffers* s) {
  ArcEagerState& st = s->state;
  int root_child = st.RootHasChild() ? st.Right1(0) : -1;
  for (int d = 1; d <= st.n(); ++d) {
    if (st.Head(d) >= 0) continue;
    if (root_child < 0) {
      st.AddArc(0, d, m.root_label);
      root_child = d;
    } else {
      st.AddArc(root_child, d, PredictLabel(m, s, root_child, d, 0));
    }
  }
}

// Parses `sentence` with one model into s->state, whose word positions are the model's
// (reversed for a right-to-left model: see Position).
void DecodeWithModel(const ParserModel& m, const Sentence& sentence, ParserScratch::Buffers* s) {
  const int n = static_cast<int>(sentence.words.size());
  ComputeParserWords(sentence, &m.lexicon, m.right_to_left, &s->words);
  s->label_scores.resize(static_cast<size_t>(m.label_stride));
  if (m.beam > 1 && n <= m.max_beam_words) {
    const BeamTables<int16_t> tb{m.move_w.data(), m.move_bits, m.label_w.data(), m.label_bits,
                                 m.label_stride, static_cast<int>(m.labels.size()),
                                 m.root_label};
    BeamDecode<int16_t, int64_t, NoBeamTrainer>(tb, s->words.data(), n, m.beam, &s->beam,
                                                nullptr, m.beam_margin);
    s->state = s->beam.items[0];
    FixUpTree(m, s);
    return;
  }
  ArcEagerState& st = s->state;
  st.Init(n);
  int32_t scores[kNumMoves];
  while (!st.Terminal()) {
    const int k = ExtractMoveFeatures(st, s->words.data(), s->features);
    ScoreMoves(m.move_w.data(), m.move_bits, s->features, k, scores);
    const Move move = BestLegal(st, scores);
    int label = -1;
    if (move == Move::kLeftArc) {
      label = PredictLabel(m, s, st.Buffer(0), st.Stack(0), std::min(k, kLabelMoveFeatures));
    } else if (move == Move::kRightArc) {
      label = PredictLabel(m, s, st.Stack(0), st.Buffer(0), std::min(k, kLabelMoveFeatures));
    }
    st.Apply(move, label);
  }
  FixUpTree(m, s);
}

// Word d of the sentence (1-based; 0 = root) is word Position(m, n, d) for model m, and
// back: the map is its own inverse.
inline int Position(const ParserModel& m, int n, int d) {
  return m.right_to_left && d > 0 ? n + 1 - d : d;
}
}  // namespace

void MemberTree(const ParserModel& m, const std::vector<int>& label_map,
                const Sentence& sentence, ParserScratch::Buffers* s, std::vector<int>* heads,
                std::vector<int>* labels) {
  const int n = static_cast<int>(sentence.words.size());
  DecodeWithModel(m, sentence, s);
  heads->resize(static_cast<size_t>(n) + 1);
  labels->resize(static_cast<size_t>(n) + 1);
  for (int d = 1; d <= n; ++d) {
    const int p = Position(m, n, d);
    (*heads)[d] = Position(m, n, s->state.Head(p));
    (*labels)[d] = label_map[s->state.Label(p)];
  }
}

void ParseWithModel(const ParserModel& m, Sentence* sentence, ParserScratch::Buffers* s) {
  const int n = static_cast<int>(sentence->words.size());
  if (n == 0) return;
  DecodeWithModel(m, *sentence, s);
  for (int d = 1; d <= n; ++d) {
    const int p = Position(m, n, d);
    Word& w = sentence->words[d - 1];
    w.head = Position(m, n, s->state.Head(p));
    w.deprel = m.labels[s->state.Label(p)];
  }
}

}  // namespace parser_internal

Parser::Parser(std::unique_ptr<ParserModel> model) : model_(std::move(model)) {}
Parser::Parser(Parser&&) noexcept = default;
Parser& Parser::operator=(Parser&&) noexcept = default;
Parser::~Parser() = default;

std::unique_ptr<ParserScratch> Parser::NewScratch() const {
  auto b = std::make_unique<ParserScratch::Buffers>();
  b->label_scores.resize(static_cast<size_t>(model_->label_stride));
  return std::make_unique<ParserScratch>(std::move(b));
}

void Parser::SetBeam(int beam) { model_->beam = std::clamp(beam, 1, kMaxBeam); }
void Parser::SetBeamMargin(int64_t margin) { model_->beam_margin = std::max<int64_t>(-1, margin); }
void Parser::SetMaxBeamWords(int words) { model_->max_beam_words = std::max(0, words); }
int Parser::beam() const { return model_->beam; }
int64_t Parser::beam_margin() const { return model_->beam_margin; }
int Parser::max_beam_words() const { return model_->max_beam_words; }
int Parser::train_beam() const { return model_->train_beam; }

void Parser::Parse(Sentence* sentence, ParserScratch* scratch) const {
  ParserScratch::Buffers* s = scratch->buffers();
  const int n = static_cast<int>(sentence->words.size());
  if (others_.empty() || n == 0 || n > kMaxEnsembleWords) {
    parser_internal::ParseWithModel(*model_, sentence, s);
    return;
  }
  // Members vote in eval_order_ (cheap ones first). While every member so far agrees on
  // the whole tree, and their weight exceeds the weight still to come, no later vote can
  // change any word's best arc or label, so the vote is decided without the others: an
  // exact shortcut.
  s->voter.Reset(n);
  bool unanimous = true;
  float cast = 0, remaining = 0;
  for (float w : weights_) remaining += w;
  for (size_t i = 0; i < eval_order_.size(); ++i) {
    const int k = eval_order_[i];
    // The first member's tree goes straight into the result buffers.
    std::vector<int>& heads = i == 0 ? s->heads : s->member_heads;
    std::vector<int>& labels = i == 0 ? s->labels : s->member_labels;
    parser_internal::MemberTree(k == 0 ? *model_ : *others_[k - 1], label_maps_[k], *sentence,
                                s, &heads, &labels);
    for (int d = 1; d <= n; ++d) {
      s->voter.Vote(d, heads[d], labels[d], weights_[k]);
      if (heads[d] != s->heads[d] || labels[d] != s->labels[d]) unanimous = false;
    }
    cast += weights_[k];
    remaining -= weights_[k];
    if (unanimous && cast > remaining) break;
  }
  if (!unanimous || cast <= remaining) {
    s->voter.Decide(label_maps_[0][model_->root_label], &s->heads, &s->labels);
  }
  for (int d = 1; d <= n; ++d) {
    Word& w = sentence->words[d - 1];
    w.head = s->heads[d];
    w.deprel = labels_[s->labels[d]];
  }
}

int Parser::num_members() const { return 1 + static_cast<int>(others_.size()); }
float Parser::member_weight(int i) const { return weights_.empty() ? 1.0f : weights_[i]; }
bool Parser::member_right_to_left(int i) const {
  return i == 0 ? model_->right_to_left : others_[i - 1]->right_to_left;
}

Result<Parser> Parser::Ensemble(std::vector<Parser> members, std::vector<float> weights) {
  if (members.empty() || members.size() > 8) {
    return Status::InvalidArgument("parser ensemble: 1 to 8 members");
  }
  if (weights.size() != members.size()) {
    return Status::InvalidArgument("parser ensemble: one weight per member");
  }
  for (size_t k = 0; k < members.size(); ++k) {
    if (!(weights[k] > 0 && std::isfinite(weights[k]))) {
      return Status::InvalidArgument("parser ensemble: weights must be positive");
    }
    if (!members[k].others_.empty()) {
      return Status::InvalidArgument("parser ensemble: a member is itself an ensemble");
    }
  }
  Parser result(std::move(members[0].model_));
  for (size_t k = 1; k < members.size(); ++k) result.others_.push_back(std::move(members[k].model_));
  if (result.others_.empty()) return result;
  result.weights_ = std::move(weights);
  // Voting order: member 0, then greedy members, then beam members (each group in order).
  result.eval_order_.push_back(0);
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t k = 0; k < result.others_.size(); ++k) {
      if ((result.others_[k]->beam > 1) == (pass == 1)) {
        result.eval_order_.push_back(static_cast<int>(k) + 1);
      }
    }
  }
  std::unordered_map<std::string, int> ids;
  for (size_t k = 0; k <= result.others_.size(); ++k) {
    const ParserModel& m = k == 0 ? *result.model_ : *result.others_[k - 1];
    std::vector<int> map;
    for (const std::string& label : m.labels) {
      auto [it, added] = ids.emplace(label, static_cast<int>(result.labels_.size()));
      if (added) result.labels_.push_back(label);
      map.push_back(it->second);
    }
    result.label_maps_.push_back(std::move(map));
  }
  return result;
}

namespace {
void SaveModel(const ParserModel& m, std::string name, ModelFileWriter* writer) {
  BinaryWriter w;
  w.PutU32(kParserFormatVersion);
  w.PutU32(kParserFeatureVersion);
  w.PutU32(static_cast<uint32_t>(m.move_bits));
  w.PutU32(static_cast<uint32_t>(m.label_bits));
  w.PutU32(static_cast<uint32_t>(m.labels.size()));
  for (const std::string& l : m.labels) w.PutString(l);
  w.PutU32(static_cast<uint32_t>(m.root_label));
  w.PutU32(m.best_epoch);
  w.PutF32(m.dev_uas);
  w.PutF32(m.dev_las);
  w.PutU32(static_cast<uint32_t>(m.train_beam));
  w.PutU32(static_cast<uint32_t>(m.beam));
  w.PutU64(static_cast<uint64_t>(m.beam_margin));
  w.PutU32(static_cast<uint32_t>(m.max_beam_words));
  w.PutU32(m.right_to_left ? 1u : 0u);  // flags (version 3)
  w.PutVector(m.move_w);
  w.PutVector(m.label_w);
  w.PutVector(m.lexicon.keys());
  w.PutVector(m.lexicon.values());
  writer->AddSection(std::move(name), w.Release());
}
}  // namespace

void Parser::Save(ModelFileWriter* writer) const {
  SaveModel(*model_, "parser", writer);
  if (others_.empty()) return;
  for (size_t k = 0; k < others_.size(); ++k) {
    SaveModel(*others_[k], "parser." + std::to_string(k + 2), writer);
  }
  BinaryWriter w;
  w.PutU32(kEnsembleFormatVersion);
  w.PutU32(static_cast<uint32_t>(weights_.size()));
  for (float x : weights_) w.PutF32(x);
  writer->AddSection("parser.ensemble", w.Release());
}

namespace {
Result<std::unique_ptr<ParserModel>> LoadModel(const ModelFile& file, std::string_view name) {
  Result<BinaryReader> reader = file.SectionReader(name);
  if (!reader.ok()) return reader.status();
  BinaryReader& r = *reader;
  auto m = std::make_unique<ParserModel>();
  uint32_t version = 0, feature_version = 0, move_bits = 0, label_bits = 0, num_labels = 0;
  DYAD_RETURN_IF_ERROR(r.GetU32(&version));
  if (version < kMinParserFormatVersion || version > kParserFormatVersion) {
    return r.Error("unsupported parser format version " + std::to_string(version));
  }
  DYAD_RETURN_IF_ERROR(r.GetU32(&feature_version));
  if (feature_version != kParserFeatureVersion) {
    return r.Error("unsupported parser feature version " + std::to_string(feature_version));
  }
  DYAD_RETURN_IF_ERROR(r.GetU32(&move_bits));
  DYAD_RETURN_IF_ERROR(r.GetU32(&label_bits));
  if (move_bits < kMinHashBits || move_bits > kMaxHashBits || label_bits < kMinHashBits ||
      label_bits > kMaxHashBits) {
    return r.Error("hash bits out of range 8..26");
  }
  DYAD_RETURN_IF_ERROR(r.GetU32(&num_labels));
  if (num_labels == 0 || num_labels > kMaxLabels) {
    return r.Error("bad label count " + std::to_string(num_labels));
  }
  m->labels.resize(num_labels);
  for (std::string& l : m->labels) DYAD_RETURN_IF_ERROR(r.GetString(&l));
  uint32_t root_label = 0;
  DYAD_RETURN_IF_ERROR(r.GetU32(&root_label));
  if (root_label >= num_labels) return r.Error("root label id out of range");
  DYAD_RETURN_IF_ERROR(r.GetU32(&m->best_epoch));
  DYAD_RETURN_IF_ERROR(r.GetF32(&m->dev_uas));
  DYAD_RETURN_IF_ERROR(r.GetF32(&m->dev_las));
  if (version >= 2) {
    uint32_t train_beam = 0, beam = 0, max_beam_words = 0;
    uint64_t margin = 0;
    DYAD_RETURN_IF_ERROR(r.GetU32(&train_beam));
    DYAD_RETURN_IF_ERROR(r.GetU32(&beam));
    DYAD_RETURN_IF_ERROR(r.GetU64(&margin));
    DYAD_RETURN_IF_ERROR(r.GetU32(&max_beam_words));
    const auto signed_margin = static_cast<int64_t>(margin);
    if (train_beam < 1 || train_beam > kMaxBeam || beam < 1 || beam > kMaxBeam) {
      return r.Error("beam width out of range 1..64");
    }
    if (signed_margin < -1 || max_beam_words > (1u << 30)) {
      return r.Error("bad beam margin or max beam words");
    }
    m->train_beam = static_cast<int>(train_beam);
    m->beam = static_cast<int>(beam);
    m->beam_margin = signed_margin;
    m->max_beam_words = static_cast<int>(max_beam_words);
    if (version >= 3) {
      uint32_t flags = 0;
      DYAD_RETURN_IF_ERROR(r.GetU32(&flags));
      if (flags > 1) return r.Error("unknown parser flags " + std::to_string(flags));
      m->right_to_left = (flags & 1) != 0;
    }
  } else {
    m->beam = m->train_beam = 1;  // version 1: a greedy model
  }
  m->move_bits = static_cast<int>(move_bits);
  m->label_bits = static_cast<int>(label_bits);
  m->root_label = static_cast<int>(root_label);
  m->label_stride = static_cast<int>((num_labels + 7) / 8 * 8);
  const uint64_t move_size = (uint64_t{1} << move_bits) * kNumMoves;
  const uint64_t label_size = (uint64_t{1} << label_bits) * m->label_stride;
  DYAD_RETURN_IF_ERROR(r.GetVector(&m->move_w, move_size));
  if (m->move_w.size() != move_size) return r.Error("move weight table has the wrong size");
  DYAD_RETURN_IF_ERROR(r.GetVector(&m->label_w, label_size));
  if (m->label_w.size() != label_size) return r.Error("label weight table has the wrong size");
  std::vector<uint64_t> keys;
  std::vector<uint32_t> values;
  DYAD_RETURN_IF_ERROR(r.GetVector(&keys));
  DYAD_RETURN_IF_ERROR(r.GetVector(&values));
  if (keys.size() != values.size() || (keys.size() & (keys.size() - 1)) != 0) {
    return r.Error("lexicon table sizes are inconsistent");
  }
  m->lexicon.Assign(std::move(keys), std::move(values));
  DYAD_RETURN_IF_ERROR(r.ExpectEnd());
  return m;
}
}  // namespace

Result<Parser> Parser::Load(const ModelFile& file) {
  auto primary = LoadModel(file, "parser");
  if (!primary.ok()) return primary.status();
  Parser parser(std::move(primary).value());
  if (!file.HasSection("parser.ensemble")) return parser;
  Result<BinaryReader> reader = file.SectionReader("parser.ensemble");
  if (!reader.ok()) return reader.status();
  BinaryReader& r = *reader;
  uint32_t version = 0, count = 0;
  DYAD_RETURN_IF_ERROR(r.GetU32(&version));
  if (version != kEnsembleFormatVersion) {
    return r.Error("unsupported parser ensemble version " + std::to_string(version));
  }
  DYAD_RETURN_IF_ERROR(r.GetU32(&count));
  if (count < 2 || count > 8) return r.Error("bad ensemble member count " + std::to_string(count));
  std::vector<float> weights(count);
  for (float& x : weights) {
    DYAD_RETURN_IF_ERROR(r.GetF32(&x));
    if (!(x > 0 && std::isfinite(x))) return r.Error("ensemble weights must be positive");
  }
  DYAD_RETURN_IF_ERROR(r.ExpectEnd());
  std::vector<Parser> members;
  members.push_back(std::move(parser));
  for (uint32_t k = 2; k <= count; ++k) {
    auto m = LoadModel(file, "parser." + std::to_string(k));
    if (!m.ok()) return m.status();
    members.push_back(Parser(std::move(m).value()));
  }
  return Ensemble(std::move(members), std::move(weights));
}

}  // namespace dyad
