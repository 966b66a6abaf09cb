// DictionarySet loading, the phrase matcher and the small lookups of dictionary.h.
// The per-format parsing lives in verb_reader.cc, actor_reader.cc and
// list_readers.cc (agents, discards, issues, ontology).
#include "dict/dictionary.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>

#include "base/file.h"
#include "base/hash.h"
#include "dict/readers.h"

namespace dyad::dict {

std::string SourceLoc::ToString() const {
  std::string s(file);
  s += ':';
  s += std::to_string(line);
  return s;
}

std::string Diagnostic::ToString() const {
  std::string s = file;
  if (line > 0) {
    s += ':';
    s += std::to_string(line);
  }
  s += severity == Severity::kError ? ": error: " : ": warning: ";
  s += message;
  return s;
}

std::string LowercaseWord(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string EventCode::ToString() const {
  std::string s = "[";
  // `[:173]` stays as written; a lone null code is `[---]`.
  s += code.empty() ? (reciprocal.empty() ? "---" : "") : code;
  if (!reciprocal.empty()) s += ":" + reciprocal;
  s += "]";
  return s;
}

// ---------------------------------------------------------------------------------------
// PhraseMatcher

uint32_t PhraseMatcher::FindEdge(uint64_t key) const {
  if (edges_.empty()) return 0;
  const size_t mask = edges_.size() - 1;
  for (size_t i = hash::Mix(key) & mask;; i = (i + 1) & mask) {
    const Edge& e = edges_[i];
    if (e.child == 0) return 0;
    if (e.key == key) return e.child;
  }
}

void PhraseMatcher::InsertEdge(uint64_t key, uint32_t child) {
  if ((edge_count_ + 1) * 2 > edges_.size()) {
    std::vector<Edge> old = std::move(edges_);
    edges_.assign(old.empty() ? 64 : old.size() * 2, Edge());
    edge_count_ = 0;
    for (const Edge& e : old) {
      if (e.child != 0) InsertEdge(e.key, e.child);
    }
  }
  const size_t mask = edges_.size() - 1;
  size_t i = hash::Mix(key) & mask;
  while (edges_[i].child != 0) i = (i + 1) & mask;
  edges_[i] = Edge{key, child};
  ++edge_count_;
}

bool PhraseMatcher::Add(std::span<const std::string> words, uint32_t value) {
  assert(!words.empty());
  uint32_t node = 0;
  for (const std::string& w : words) {
    auto it = word_ids_.find(std::string_view(w));
    if (it == word_ids_.end()) {
      it = word_ids_.emplace(w, static_cast<uint32_t>(word_ids_.size())).first;
    }
    const uint64_t key = (static_cast<uint64_t>(node) << 32) | it->second;
    uint32_t child = FindEdge(key);
    if (child == 0) {
      child = static_cast<uint32_t>(values_.size());
      values_.push_back(kNoValue);
      InsertEdge(key, child);
    }
    node = child;
  }
  if (values_[node] != kNoValue) return false;
  values_[node] = value;
  ++phrases_;
  return true;
}

uint32_t PhraseMatcher::Child(uint32_t node, std::string_view word) const {
  auto w = word_ids_.find(word);
  if (w == word_ids_.end()) return 0;
  return FindEdge((static_cast<uint64_t>(node) << 32) | w->second);
}

PhraseMatcher::Match PhraseMatcher::LongestMatch(std::span<const std::string_view> words,
                                                 size_t start) const {
  Match best;
  uint32_t node = 0;
  for (size_t i = start; i < words.size(); ++i) {
    node = Child(node, words[i]);
    if (node == 0) break;
    if (values_[node] != kNoValue) best = Match{values_[node], static_cast<uint32_t>(i - start + 1)};
  }
  return best;
}

void PhraseMatcher::AllMatches(std::span<const std::string_view> words, size_t start,
                               std::vector<Match>* out) const {
  uint32_t node = 0;
  for (size_t i = start; i < words.size(); ++i) {
    node = Child(node, words[i]);
    if (node == 0) break;
    if (values_[node] != kNoValue) {
      out->push_back(Match{values_[node], static_cast<uint32_t>(i - start + 1)});
    }
  }
}

PhraseMatcher::Match PhraseMatcher::Find(std::span<const std::string_view> words) const {
  if (words.empty()) return {};
  uint32_t node = 0;
  for (std::string_view w : words) {
    node = Child(node, w);
    if (node == 0) return {};
  }
  if (values_[node] == kNoValue) return {};
  return Match{values_[node], static_cast<uint32_t>(words.size())};
}

// ---------------------------------------------------------------------------------------
// Lookups

std::span<const VerbFormRef> VerbDictionary::FindVerb(std::string_view word) const {
  auto it = verb_index_.find(word);
  if (it == verb_index_.end()) return {};
  return it->second;
}

int32_t VerbDictionary::FindSynset(std::string_view name) const {
  std::string key(name);
  if (!key.empty() && key[0] == '&') key.erase(0, 1);
  while (!key.empty() && key.back() == '_') key.pop_back();
  for (char& c : key) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  auto it = synset_index_.find(key);
  return it == synset_index_.end() ? -1 : it->second;
}

template <typename Visit>
bool VerbDictionary::VisitClosure(int32_t synset, Visit visit) const {
  if (visit(synset)) return true;
  const Synset& first = synsets_[synset];
  if (first.includes.empty()) return false;  // the common case: no nesting
  // Per thread: a visit stamp per synset index and a walk stack. A stamp equal to this
  // walk's number marks a synset already visited (shared sub-synsets are walked once).
  thread_local std::vector<uint64_t> stamps;
  thread_local std::vector<int32_t> stack;
  thread_local uint64_t walk = 0;
  if (stamps.size() < synsets_.size()) stamps.resize(synsets_.size(), 0);
  const uint64_t now = ++walk;
  stamps[synset] = now;
  stack.clear();
  stack.push_back(synset);
  while (!stack.empty()) {
    const int32_t s = stack.back();
    stack.pop_back();
    for (int32_t c : synsets_[s].includes) {
      if (stamps[c] == now) continue;
      stamps[c] = now;
      if (visit(c)) return true;
      stack.push_back(c);
    }
  }
  return false;
}

bool VerbDictionary::SynsetContains(int32_t synset,
                                    std::span<const std::string_view> words) const {
  if (synset < 0 || static_cast<size_t>(synset) >= synset_matchers_.size()) return false;
  if (!synsets_[synset].valid) return false;
  return VisitClosure(synset, [&](int32_t s) { return synset_matchers_[s].Find(words).found(); });
}

PhraseMatcher::Match VerbDictionary::SynsetMatch(int32_t synset,
                                                 std::span<const std::string_view> words,
                                                 size_t start) const {
  if (synset < 0 || static_cast<size_t>(synset) >= synset_matchers_.size()) return {};
  if (!synsets_[synset].valid) return {};
  PhraseMatcher::Match best;
  VisitClosure(synset, [&](int32_t s) {
    const PhraseMatcher::Match m = synset_matchers_[s].LongestMatch(words, start);
    if (m.length > best.length) best = m;
    return false;
  });
  return best;
}

std::vector<std::vector<std::string>> VerbDictionary::ExpandedPhrases(int32_t synset) const {
  std::vector<std::vector<std::string>> out;
  if (synset < 0 || static_cast<size_t>(synset) >= synsets_.size()) return out;
  const Synset& syn = synsets_[synset];
  if (!syn.valid) return out;
  // Members in the order written: a nested synset's expansion in its place, an own
  // phrase followed by its plural (as `own` holds them). Iterative (chains of nested
  // synsets may be long); each frame is (synset, next member, next own phrase).
  struct Frame {
    int32_t synset;
    size_t member, cursor;
  };
  std::vector<Frame> stack{{synset, 0, 0}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    const Synset& s = synsets_[f.synset];
    if (f.member >= s.phrases.size()) {
      stack.pop_back();
      continue;
    }
    const size_t i = f.member++;
    const auto& phrase = s.phrases[i];
    if (phrase.size() == 1 && !phrase[0].empty() && phrase[0][0] == '&') {
      const int32_t child = FindSynset(phrase[0]);
      if (child >= 0 && synsets_[child].valid && stack.size() <= synsets_.size()) {
        stack.push_back({child, 0, 0});
      }
      continue;
    }
    const size_t count = s.plurals && !s.no_plural[i] ? 2 : 1;
    for (size_t k = 0; k < count && f.cursor < s.own.size(); ++k) out.push_back(s.own[f.cursor++]);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  std::set<std::vector<std::string>> seen;
  std::vector<std::vector<std::string>> unique;
  for (auto& p : out) {
    if (seen.insert(p).second) unique.push_back(std::move(p));
  }
  return unique;
}

std::string_view Actor::CodeAt(int32_t date) const {
  const DatedCode* fallback = nullptr;
  for (const DatedCode& c : codes) {
    if (!c.restricted()) {
      fallback = &c;
    } else if (date != 0 && c.first <= date && date <= c.last) {
      return c.code;
    }
  }
  if (fallback != nullptr) return fallback->code;
  if (date == 0 && !codes.empty()) return codes.front().code;
  return {};
}

const ActorPhrase* ActorDictionary::LongestMatch(std::span<const std::string_view> words,
                                                 size_t start, size_t* length) const {
  const PhraseMatcher::Match m = matcher_.LongestMatch(words, start);
  if (length != nullptr) *length = m.length;
  return m.found() ? &phrases_[m.value] : nullptr;
}

uint32_t ActorDictionary::ResolveActor(const ActorPhrase& phrase, int32_t date) const {
  if (phrase.shadowed.empty() || date == 0) return phrase.actor;
  // Candidates latest first: phrase.actor, then shadowed from the back. Three tiers:
  //  1. the narrowest date-restricted code containing `date` (ties: the later record);
  //  2. else the latest record with an unrestricted code (PETRARCH-2's "last wins",
  //     skipping records whose every code is restricted to other dates);
  //  3. else the last record.
  uint32_t best = phrase.actor;
  int64_t best_span = INT64_MAX;
  int64_t unrestricted = -1;
  auto consider = [&](uint32_t actor) {
    for (const DatedCode& c : actors_[actor].codes) {
      if (!c.restricted()) {
        if (unrestricted < 0) unrestricted = actor;
        continue;
      }
      if (date < c.first || date > c.last) continue;
      const int64_t span = static_cast<int64_t>(c.last) - c.first;
      if (span < best_span) {
        best_span = span;
        best = actor;
      }
    }
  };
  consider(phrase.actor);
  for (auto it = phrase.shadowed.rbegin(); it != phrase.shadowed.rend(); ++it) consider(*it);
  if (best_span != INT64_MAX) return best;
  if (unrestricted >= 0) return static_cast<uint32_t>(unrestricted);
  return phrase.actor;
}

std::string_view ActorDictionary::CodeAt(const ActorPhrase& phrase, int32_t date) const {
  return actors_[ResolveActor(phrase, date)].CodeAt(date);
}

const AgentEntry* AgentDictionary::LongestMatch(std::span<const std::string_view> words,
                                                size_t start, size_t* length) const {
  const PhraseMatcher::Match m = matcher_.LongestMatch(words, start);
  if (length != nullptr) *length = m.length;
  return m.found() ? &entries_[m.value] : nullptr;
}

// ---------------------------------------------------------------------------------------
// Paths and kinds

DictionaryPaths DictionaryPaths::Phoenix(const std::string& dir) {
  const std::string d = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  DictionaryPaths p;
  p.verbs = {d + "CAMEO.2.0.txt"};
  p.actors = {d + "Phoenix.Countries.actors.txt", d + "Phoenix.International.actors.txt",
              d + "Phoenix.MilNonState.actors.txt"};
  p.agents = {d + "Phoenix.agents.txt"};
  p.discards = {d + "Phoenix.discards.txt"};
  p.issues = {d + "Phoenix.IssueCoding.txt"};
  p.ontology = {d + "PETR.Internal.Coding.Ontology.txt"};
  return p;
}

bool DictionaryPaths::empty() const { return size() == 0; }

size_t DictionaryPaths::size() const {
  size_t n = verbs.size() + actors.size() + agents.size() + discards.size() + issues.size() +
             ontology.size();
  for (const DictionaryPaths& o : overlays) n += o.size();
  return n;
}

std::vector<std::string>* DictionaryPaths::ListOf(DictionaryKind kind) {
  switch (kind) {
    case DictionaryKind::kVerbs: return &verbs;
    case DictionaryKind::kActors: return &actors;
    case DictionaryKind::kAgents: return &agents;
    case DictionaryKind::kDiscards: return &discards;
    case DictionaryKind::kIssues: return &issues;
    case DictionaryKind::kOntology: return &ontology;
    case DictionaryKind::kUnknown: break;
  }
  return nullptr;
}

void DictionaryPaths::AddOverlay(DictionaryPaths top) { overlays.push_back(std::move(top)); }

Result<DictionaryPaths> DictionaryPaths::FromDirectory(const std::string& dir,
                                                       std::vector<Diagnostic>* warnings,
                                                       bool every_file) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (!fs::exists(st)) return Status::NotFound(dir + ": no such dictionary directory");
  if (!fs::is_directory(st)) return Status::InvalidArgument(dir + ": not a directory");
  const std::string d = dir.back() == '/' ? dir : dir + "/";
  if (!every_file && fs::is_regular_file(d + "CAMEO.2.0.txt", ec) &&
      fs::is_regular_file(d + "Phoenix.Countries.actors.txt", ec)) {
    return Phoenix(dir);
  }
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.' || name.size() < 4 ||
        name.compare(name.size() - 4, 4, ".txt") != 0) {
      continue;
    }
    std::error_code fec;
    if (it->is_regular_file(fec)) names.push_back(name);
  }
  if (ec) return Status::IOError(dir + ": cannot list: " + ec.message());
  std::sort(names.begin(), names.end());
  DictionaryPaths p;
  for (const std::string& name : names) {
    const std::string path = d + name;
    if (std::vector<std::string>* list = p.ListOf(GuessKind(name)); list != nullptr) {
      list->push_back(path);
    } else if (warnings != nullptr) {
      warnings->push_back(Diagnostic{Diagnostic::Severity::kWarning, path, 0,
                                     "not read: cannot tell the dictionary kind from the "
                                     "name (expected verbs/CAMEO, actors, agents, "
                                     "discards, issue or ontology in it)"});
    }
  }
  if (p.empty()) return Status::InvalidArgument(dir + ": no dictionary file (*.txt) in it");
  return p;
}

std::map<std::string, size_t> CountEventCodes(const VerbDictionary& verbs) {
  std::map<std::string, size_t> uses;
  auto add = [&](const EventCode& c) {
    if (!c.code.empty()) ++uses[c.code];
    if (!c.reciprocal.empty() && c.reciprocal != c.code) ++uses[c.reciprocal];
  };
  std::vector<uint8_t> live_block(verbs.blocks().size(), 0);
  for (uint32_t m = 0; m < verbs.members().size(); ++m) {
    if (verbs.hidden(m)) continue;
    const VerbMember& member = verbs.members()[m];
    live_block[member.block] = 1;
    add(member.code);
  }
  for (const VerbPattern& p : verbs.patterns()) {
    if (live_block[p.block]) add(p.code);
  }
  return uses;
}

DictionaryKind GuessKind(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string name = LowercaseWord(slash == std::string_view::npos ? path : path.substr(slash + 1));
  auto has = [&](std::string_view s) { return name.find(s) != std::string::npos; };
  if (has("verb") || name.rfind("cameo", 0) == 0) return DictionaryKind::kVerbs;
  if (has("actor")) return DictionaryKind::kActors;
  if (has("agent")) return DictionaryKind::kAgents;
  if (has("discard")) return DictionaryKind::kDiscards;
  if (has("issue")) return DictionaryKind::kIssues;
  if (has("ontology")) return DictionaryKind::kOntology;
  return DictionaryKind::kUnknown;
}

std::string_view KindName(DictionaryKind kind) {
  switch (kind) {
    case DictionaryKind::kVerbs: return "verbs";
    case DictionaryKind::kActors: return "actors";
    case DictionaryKind::kAgents: return "agents";
    case DictionaryKind::kDiscards: return "discards";
    case DictionaryKind::kIssues: return "issues";
    case DictionaryKind::kOntology: return "ontology";
    case DictionaryKind::kUnknown: break;
  }
  return "unknown";
}

// ---------------------------------------------------------------------------------------
// Loading

DictionarySet::DictionarySet()
    : verbs_(std::make_unique<VerbDictionary>()),
      actors_(std::make_unique<ActorDictionary>()),
      agents_(std::make_unique<AgentDictionary>()),
      discards_(std::make_unique<DiscardDictionary>()),
      issues_(std::make_unique<IssueDictionary>()) {}
DictionarySet::DictionarySet(DictionarySet&&) noexcept = default;
DictionarySet& DictionarySet::operator=(DictionarySet&&) noexcept = default;
DictionarySet::~DictionarySet() = default;

class Loader {
 public:
  Loader(const LoadOptions& options, std::vector<Diagnostic>* diagnostics)
      : options_(options), diagnostics_(diagnostics) {}

  // Files read from now on belong to layer `layer` (0 = base).
  void SetLayer(int layer) { layer_ = layer; }

  // Parses `text` as a `kind` file (FromText).
  Status AddText(DictionaryKind kind, std::string_view file, std::string_view text) {
    std::string kept;
    LongLineFilter filter(&kept);
    filter.Add(text);
    return AddLines(kind, file, std::move(kept), filter.Finish());
  }

  // Reads a dictionary file, never holding an over-long line (LongLineFilter).
  Status AddFile(DictionaryKind kind, const std::string& path) {
    std::string kept;
    LongLineFilter filter(&kept);
    DYAD_RETURN_IF_ERROR(ReadFilePieces(path, kMaxDictionaryFileBytes, [&](std::string_view piece) {
      filter.Add(piece);
      return Status::Ok();
    }));
    return AddLines(kind, path, std::move(kept), filter.Finish());
  }

  DictionarySet Finish() { return std::move(set_); }

 private:
  // The largest dictionary file read (the PETRARCH and dyad dictionaries are a few MB).
  static constexpr uint64_t kMaxDictionaryFileBytes = 1ull << 30;

  // Reads `text` (by value: it may be converted from Latin-1), from which the lines in
  // `dropped` were left out for their length.
  Status AddLines(DictionaryKind kind, std::string_view file, std::string text,
                  const std::vector<LongLineFilter::Dropped>& dropped) {
    set_.file_names_.push_back(std::make_unique<std::string>(file));
    const std::string_view name = *set_.file_names_.back();
    FileStats stats;
    stats.file = std::string(file);
    stats.kind = kind;
    stats.layer = layer_;
    ParseContext ctx(name, options_.strict, diagnostics_, &stats);
    for (const LongLineFilter::Dropped& d : dropped) {
      if (!ctx.Error(d.line, "line of " + std::to_string(d.bytes) + " bytes is longer than " +
                                 std::to_string(kMaxDictionaryLineBytes) + " bytes; skipped")) {
        return ctx.status();
      }
    }
    int first_line = 0;
    if (const size_t n = ConvertLatin1(&text, &first_line); n > 0) {
      stats.latin1 = true;
      ctx.Warning(first_line, std::to_string(n) +
                                  " byte(s) not valid UTF-8, read as Latin-1 and converted "
                                  "(first on this line)");
    }
    for (char c : text) stats.lines += c == '\n';
    if (!text.empty() && text.back() != '\n') ++stats.lines;
    switch (kind) {
      case DictionaryKind::kVerbs:
        stats.entries = VerbReader::Read(text, options_.verb_format, &ctx, set_.verbs_.get());
        break;
      case DictionaryKind::kActors:
        stats.entries = ActorReader::Read(text, &ctx, set_.actors_.get());
        break;
      case DictionaryKind::kAgents:
        stats.entries = AgentReader::Read(text, &ctx, set_.agents_.get());
        break;
      case DictionaryKind::kDiscards:
        stats.entries = DiscardReader::Read(text, &ctx, set_.discards_.get());
        break;
      case DictionaryKind::kIssues:
        stats.entries = IssueReader::Read(text, &ctx, set_.issues_.get());
        break;
      case DictionaryKind::kOntology:
        stats.entries = ReadOntology(text, &ctx, &set_.ontology_);
        break;
      case DictionaryKind::kUnknown:
        return Status::InvalidArgument(std::string(file) + ": unknown dictionary kind");
    }
    set_.file_stats_.push_back(std::move(stats));
    block_layer_.resize(set_.verbs_->blocks_.size(), layer_);
    actor_layer_.resize(set_.actors_->actors_.size(), layer_);
    return ctx.status();
  }

 public:
  // Applies the layering rules of DictionaryPaths to what was read (a no-op when
  // everything came from one layer).
  void ApplyLayers() {
    // Actors: a phrase's lower-layer records are dropped when a higher layer defines it.
    ActorDictionary& actors = *set_.actors_;
    for (ActorPhrase& p : actors.phrases_) {
      if (p.shadowed.empty()) continue;
      const int top = actor_layer_[p.actor];
      std::erase_if(p.shadowed, [&](uint32_t a) { return actor_layer_[a] < top; });
    }
    // Verbs: a member is hidden when a higher layer has a member of the same base form.
    VerbDictionary& verbs = *set_.verbs_;
    std::map<std::vector<std::string>, int> top_layer;
    for (const VerbMember& m : verbs.members_) {
      int& t = top_layer.try_emplace(m.forms[0].words, -1).first->second;
      t = std::max(t, block_layer_[m.block]);
    }
    verbs.hidden_.assign(verbs.members_.size(), 0);
    bool any = false;
    for (uint32_t i = 0; i < verbs.members_.size(); ++i) {
      const VerbMember& m = verbs.members_[i];
      if (block_layer_[m.block] < top_layer[m.forms[0].words]) {
        verbs.hidden_[i] = 1;
        any = true;
      }
    }
    if (!any) {
      verbs.hidden_.clear();
      return;
    }
    for (auto& [word, refs] : verbs.verb_index_) {
      std::erase_if(refs, [&](const VerbFormRef& r) { return verbs.hidden_[r.member] != 0; });
    }
    std::erase_if(verbs.verb_index_, [](const auto& entry) { return entry.second.empty(); });
  }

 private:
  LoadOptions options_;
  std::vector<Diagnostic>* diagnostics_;
  DictionarySet set_;
  int layer_ = 0;
  std::vector<int> block_layer_;  // Layer of each verb block read.
  std::vector<int> actor_layer_;  // Layer of each actor record read.
};

namespace {
// The layers of `paths` in reading order: the base first, then each overlay (its own
// overlays right after it).
void FlattenLayers(const DictionaryPaths& paths, std::vector<const DictionaryPaths*>* out) {
  out->push_back(&paths);
  for (const DictionaryPaths& o : paths.overlays) FlattenLayers(o, out);
}
}  // namespace

Result<DictionarySet> DictionarySet::Load(const DictionaryPaths& paths,
                                          const LoadOptions& options,
                                          std::vector<Diagnostic>* diagnostics) {
  Loader loader(options, diagnostics);
  std::vector<const DictionaryPaths*> layers;
  FlattenLayers(paths, &layers);
  // The ontology is one table: the topmost layer that has one supplies it.
  size_t ontology_layer = layers.size();
  for (size_t i = layers.size(); i-- > 0;) {
    if (!layers[i]->ontology.empty()) {
      ontology_layer = i;
      break;
    }
  }
  for (size_t i = 0; i < layers.size(); ++i) {
    const DictionaryPaths& layer = *layers[i];
    loader.SetLayer(static_cast<int>(i));
    static const std::vector<std::string> kNone;
    const std::pair<DictionaryKind, const std::vector<std::string>*> groups[] = {
        {DictionaryKind::kVerbs, &layer.verbs},
        {DictionaryKind::kActors, &layer.actors},
        {DictionaryKind::kAgents, &layer.agents},
        {DictionaryKind::kDiscards, &layer.discards},
        {DictionaryKind::kIssues, &layer.issues},
        {DictionaryKind::kOntology, i == ontology_layer ? &layer.ontology : &kNone},
    };
    for (const auto& [kind, files] : groups) {
      for (const std::string& path : *files) DYAD_RETURN_IF_ERROR(loader.AddFile(kind, path));
    }
  }
  loader.ApplyLayers();
  return loader.Finish();
}

Result<DictionarySet> DictionarySet::FromText(DictionaryKind kind, std::string_view file,
                                              std::string_view text, const LoadOptions& options,
                                              std::vector<Diagnostic>* diagnostics) {
  Loader loader(options, diagnostics);
  DYAD_RETURN_IF_ERROR(loader.AddText(kind, file, text));
  return loader.Finish();
}

}  // namespace dyad::dict
