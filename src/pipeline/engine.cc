// The Engine (include/dyad/engine.h): one document, start to end.
//
// Design notes:
//  - Open() is the only place that loads: the model (syntax/annotator), the dictionary
//    layers (dict/layers) compiled into a DictionarySet, two coders over that one set (the
//    engine's require_dyad and its opposite, so a caller may flip it per document without
//    a second load), and the date resolver. All immutable afterwards.
//  - Code() decides everything about one document, in this order: its dateline (date,
//    blanking), the syntax stage (long texts in chunks so their trees never all live at
//    once), the coder (its events leave it complete: dated, with their sentence), then
//    the one merge of identical events of the document (merge.h), which adds only
//    `mentions`. The runner (runner.cc) only schedules calls.
//  - Per-thread buffers live in Scratch; nothing in the engine is mutable after Open().
#include "dyad/engine.h"

#include <sys/stat.h>

#include <unordered_map>
#include <utility>

#include "base/binary.h"
#include "base/date.h"
#include "base/utf8.h"
#include "coder/coder.h"
#include "coder/event_filter.h"
#include "dict/dictionary.h"
#include "dict/layers.h"
#include "pipeline/merge.h"
#include "syntax/annotator.h"
#include "geo/gazetteer.h"
#include "geo/locate.h"
#include "text/dateline.h"

namespace dyad {
namespace {

bool Exists(const char* path) {
  struct stat st;
  return ::stat(path, &st) == 0;
}

// Documents longer than this are parsed in chunks (see Engine::Impl::CodeText).
constexpr size_t kChunkBytes = 256u << 10;

// A sentence end the tokenizer found in a chunk is the one it finds in the whole text when
// at least this many tokens follow it in the chunk: its features look at most 3 tokens
// ahead and bucket the distance to the paragraph's end at 50 tokens (text/tokenizer.cc).
constexpr size_t kTrustedTokensAfter = 64;

// The end of the chunk of `text` starting at `pos`: at a blank line near `target` bytes
// on, else a line break, else a space, else a UTF-8 character boundary.
size_t ChunkEnd(std::string_view text, size_t pos, size_t target) {
  if (text.size() - pos <= target * 2) return text.size();
  const size_t limit = pos + target * 2;
  for (std::string_view sep : {std::string_view("\n\n"), std::string_view("\n"),
                               std::string_view(" ")}) {
    const size_t at = text.find(sep, pos + target);
    if (at != std::string_view::npos && at < limit) return at + sep.size();
  }
  size_t cut = limit;
  while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) ++cut;
  return cut;
}

// How many of a chunk's first sentences end where they end in the whole text: those
// followed by at least kTrustedTokensAfter tokens. 0 when none is (a chunk of a few
// enormous tokens).
size_t TrustedSentences(const std::vector<Sentence>& sentences) {
  size_t after = 0;
  for (size_t i = sentences.size(); i-- > 0;) {
    if (after >= kTrustedTokensAfter) return i + 1;
    after += sentences[i].tokens.size();
  }
  return 0;
}

bool IsParsed(const Document& doc) {
  for (const Sentence& s : doc.sentences) {
    for (const Word& w : s.words) {
      if (w.head < 0) return false;
    }
  }
  return true;
}

// Per-rule counts (repair_fires) added element by element; the shorter list grows.
void AddPerRule(const std::vector<uint64_t>& from, std::vector<uint64_t>* into) {
  if (into->size() < from.size()) into->resize(from.size());
  for (size_t i = 0; i < from.size(); ++i) (*into)[i] += from[i];
}

void AddAnnotatorStats(const syntax::AnnotatorStats& a, CodeStats* stats) {
  stats->words += a.words;
  stats->repaired_bytes += a.repaired_bytes;
  stats->capped_sentences += a.capped_sentences;
}

void AddCoderStats(const coder::CoderStats& c, CodeStats* stats) {
  stats->discarded_sentences += c.discarded_sentences;
  stats->skipped_sentences += c.skipped_sentences;
  AddPerRule(c.repair_fires, &stats->repair_fires);
}

}  // namespace

void CodeStats::Add(const CodeStats& o) {
  documents += o.documents;
  sentences += o.sentences;
  words += o.words;
  repaired_bytes += o.repaired_bytes;
  capped_sentences += o.capped_sentences;
  skipped_sentences += o.skipped_sentences;
  discarded_sentences += o.discarded_sentences;
  events += o.events;
  mentions += o.mentions;
  events_dated_by_text += o.events_dated_by_text;
  dated_by_dateline += o.dated_by_dateline;
  AddPerRule(o.repair_fires, &repair_fires);
}

ModelFormats SupportedModelFormats() { return {kMinModelVersion, kModelVersion}; }

std::string DefaultModelPath() {
  if (const char* env = std::getenv("DYAD_MODEL"); env != nullptr && *env != '\0') return env;
  // The build tree's model while it exists, else the installed one.
  if (Exists(DYAD_DEFAULT_MODEL)) return DYAD_DEFAULT_MODEL;
  return DYAD_INSTALLED_MODEL;
}

std::string FastModelPath() {
  if (Exists(DYAD_FAST_MODEL)) return DYAD_FAST_MODEL;
  return DYAD_INSTALLED_FAST_MODEL;
}

std::string NeuralModelPath() {
  if (Exists(DYAD_NEURAL_MODEL)) return DYAD_NEURAL_MODEL;
  return DYAD_INSTALLED_NEURAL_MODEL;
}

std::string ResolveModelPath(std::string_view name) {
  if (name.empty() || name == "default") return DefaultModelPath();
  if (name == "fast") return FastModelPath();
  if (name == "neural") return NeuralModelPath();
  return std::string(name);
}

std::string DefaultEventFilterPath() {
  if (const char* env = std::getenv("DYAD_EVENT_FILTER"); env != nullptr && *env != '\0')
    return env;
  if (Exists(DYAD_DEFAULT_FILTER)) return DYAD_DEFAULT_FILTER;
  return DYAD_INSTALLED_FILTER;
}

std::string DefaultGazetteerPath() {
  if (const char* env = std::getenv("DYAD_GAZETTEER"); env != nullptr && *env != '\0') return env;
  if (Exists(DYAD_DEFAULT_GAZETTEER)) return DYAD_DEFAULT_GAZETTEER;
  return DYAD_INSTALLED_GAZETTEER;
}

std::string DefaultDictionaryDir() {
  if (const char* env = std::getenv("DYAD_DICT"); env != nullptr && *env != '\0') return env;
  if (Exists(DYAD_DEFAULT_DICT)) return DYAD_DEFAULT_DICT;
  return DYAD_INSTALLED_DICT;
}

struct Engine::Scratch::Buffers {
  std::unique_ptr<syntax::AnnotatorScratch> annotate;  // null when the engine has no model
  coder::CoderScratch code;
  std::vector<Event> document_events;  // the document's events, merged
};
Engine::Scratch::Scratch(std::unique_ptr<Buffers> buffers) : buffers_(std::move(buffers)) {}
Engine::Scratch::~Scratch() = default;

namespace {

// The file an optional-file option names: none for "none"; the option itself when given;
// else the default file when it exists.
std::string OptionalFile(const std::string& option, const std::string& default_path) {
  if (option == "none") return std::string();
  if (!option.empty()) return option;
  return Exists(default_path.c_str()) ? default_path : std::string();
}

}  // namespace

class Engine::Impl {
 public:
  EngineOptions options;
  std::string model_path;
  std::unique_ptr<syntax::Annotator> annotator;  // null with no_model
  std::unique_ptr<dict::DictionarySet> dicts;    // the coders point into it
  // Over the same dictionaries: events need both sides / may have a null side.
  std::unique_ptr<coder::Coder> dyadic, monadic;
  std::unique_ptr<coder::EventFilter> event_filter;  // null: none
  std::string dictionary_description;
  // The gazetteer and the locator over it (null: events get no location).
  std::unique_ptr<geo::Gazetteer> gazetteer;
  std::unique_ptr<geo::Locator> locator;

  Status CodeText(Document* doc, Scratch::Buffers* scratch, const coder::Coder& coder,
                  CodeStats* stats) const;
  void CodePart(Document* part, size_t offset, Scratch::Buffers* scratch, const coder::Coder& coder,
                Document* doc, CodeStats* stats) const;
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Open(const EngineOptions& options,
                                             std::vector<std::string>* dictionary_errors) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (!options.no_model) {
    impl->model_path = ResolveModelPath(options.model_path);
    syntax::AnnotatorOptions annotator_options;
    annotator_options.max_sentence_tokens = options.max_sentence_tokens;
    annotator_options.tokenize_only = options.tokenize_only;
    annotator_options.model_data = options.model_data;
    auto annotator = syntax::Annotator::Load(impl->model_path, annotator_options);
    if (!annotator.ok()) return annotator.status();
    impl->annotator = std::make_unique<syntax::Annotator>(std::move(annotator).value());
  }

  if (options.no_dictionaries) return std::unique_ptr<Engine>(new Engine(std::move(impl)));
  std::vector<dict::Diagnostic> diagnostics;
  dict::DictionaryPaths paths;
  if (!options.dictionary_files.empty()) {
    const DictionaryFiles& f = options.dictionary_files;
    paths.verbs = f.verbs;
    paths.actors = f.actors;
    paths.agents = f.agents;
    paths.discards = f.discards;
    paths.issues = f.issues;
    paths.ontology = f.ontology;
    impl->dictionary_description = "files";
  } else {
    const std::string builtin = DefaultDictionaryDir();
    auto resolved = dict::ResolveLayers(options.dictionaries, builtin, &diagnostics);
    if (!resolved.ok()) return resolved.status();
    paths = std::move(resolved).value();
    for (const std::string& d : options.dictionaries) {
      impl->dictionary_description += (impl->dictionary_description.empty() ? "" : " ") + d;
    }
    if (options.dictionaries.empty()) impl->dictionary_description = "built-in (" + builtin + ")";
    if (!options.verb_file.empty()) paths.verbs = {options.verb_file};
  }
  auto dicts = dict::DictionarySet::Load(paths, dict::LoadOptions(), &diagnostics);
  if (!dicts.ok()) return dicts.status();
  impl->dicts = std::make_unique<dict::DictionarySet>(std::move(dicts).value());
  if (dictionary_errors != nullptr) {
    for (const dict::Diagnostic& d : diagnostics) {
      if (d.severity == dict::Diagnostic::Severity::kError) {
        dictionary_errors->push_back(d.ToString());
      }
    }
  }

  coder::CoderOptions coder_options;
  coder_options.max_sentence_words = options.max_sentence_words;
  coder_options.max_tree_depth = options.max_tree_depth;
  coder_options.repairs = options.repairs;
  coder_options.disabled_repairs = options.disabled_repairs;
  coder_options.codebook = !options.petrarch_conventions;
  coder_options.document_places = !options.petrarch_conventions;
  if (!options.petrarch_conventions) {
    if (const std::string path = OptionalFile(options.event_filter, DefaultEventFilterPath());
        !path.empty()) {
      auto filter = coder::EventFilter::Load(path);
      if (!filter.ok()) return filter.status();
      impl->event_filter = std::make_unique<coder::EventFilter>(std::move(filter).value());
    }
    if (const std::string path = OptionalFile(options.gazetteer, DefaultGazetteerPath());
        !path.empty()) {
      auto gazetteer = geo::Gazetteer::Load(path);
      if (!gazetteer.ok()) return gazetteer.status();
      impl->gazetteer = std::make_unique<geo::Gazetteer>(std::move(gazetteer).value());
      impl->locator = std::make_unique<geo::Locator>(impl->gazetteer.get());
    }
  }
  coder_options.event_filter = impl->event_filter.get();
  coder_options.event_features = options.event_features;
  coder_options.require_dyad = true;
  auto dyadic = coder::Coder::Create(impl->dicts.get(), coder_options);
  if (!dyadic.ok()) return dyadic.status();
  coder_options.require_dyad = false;
  auto monadic = coder::Coder::Create(impl->dicts.get(), coder_options);
  if (!monadic.ok()) return monadic.status();
  impl->dyadic = std::make_unique<coder::Coder>(std::move(dyadic).value());
  impl->monadic = std::make_unique<coder::Coder>(std::move(monadic).value());
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

std::unique_ptr<Engine::Scratch> Engine::NewScratch() const {
  auto buffers = std::make_unique<Scratch::Buffers>();
  if (impl_->annotator) buffers->annotate = impl_->annotator->NewScratch();
  return std::unique_ptr<Scratch>(new Scratch(std::move(buffers)));
}

const std::string& Engine::model_metadata() const {
  static const std::string kNone;
  return impl_->annotator ? impl_->annotator->metadata() : kNone;
}
const std::string& Engine::model_path() const { return impl_->model_path; }
const std::string& Engine::dictionary_description() const {
  return impl_->dictionary_description;
}
std::vector<std::string_view> Engine::RepairNames() { return coder::RepairNames(); }

Status Engine::Annotate(Document* doc, Scratch* scratch_handle, CodeStats* stats,
                        AnnotateLevel level, int threads) const {
  Scratch::Buffers* scratch = scratch_handle->buffers();
  if (!impl_->annotator) {
    return Status::InvalidArgument("document '" + doc->id + "': the engine has no model");
  }
  if (level == AnnotateLevel::kParse && !impl_->annotator->can_parse()) {
    return Status::InvalidArgument("document '" + doc->id +
                                   "': the engine loaded only the text stage");
  }
  CodeStats local;
  CodeStats* st = stats != nullptr ? stats : &local;
  syntax::AnnotatorStats a;
  if (doc->sentences.empty()) {
    impl_->annotator->Tokenize(doc, &a);
  } else {
    ClearAnnotations(doc);
  }
  if (level == AnnotateLevel::kParse) {
    impl_->annotator->TagAndParse(doc, scratch->annotate.get(), threads, &a);
  } else {
    for (const Sentence& s : doc->sentences) a.words += s.words.size();
  }
  AddAnnotatorStats(a, st);
  ++st->documents;
  st->sentences += doc->sentences.size();
  return Status::Ok();
}

Status Engine::Code(Document* doc, Scratch* scratch, std::vector<Event>* events,
                    CodeStats* stats) const {
  return Code(doc, scratch, events, stats, impl_->options.require_dyad);
}

Status Engine::Code(Document* doc, Scratch* scratch_handle, std::vector<Event>* events,
                    CodeStats* stats, bool require_dyad) const {
  Scratch::Buffers* scratch = scratch_handle->buffers();
  if (!impl_->dyadic) {
    return Status::InvalidArgument("document '" + doc->id +
                                   "': the engine was opened without dictionaries");
  }
  const coder::Coder& coder = require_dyad ? *impl_->dyadic : *impl_->monadic;
  CodeStats local;
  CodeStats* st = stats != nullptr ? stats : &local;
  scratch->document_events.clear();
  if (doc->sentences.empty()) {
    DYAD_RETURN_IF_ERROR(impl_->CodeText(doc, scratch, coder, st));
  } else {
    if (!IsParsed(*doc)) {
      if (!impl_->annotator || !impl_->annotator->can_parse()) {
        return Status::InvalidArgument("document '" + doc->id +
                                       "' is not parsed and the engine has no model");
      }
      syntax::AnnotatorStats a;
      ClearAnnotations(doc);
      impl_->annotator->TagAndParse(doc, scratch->annotate.get(), 1, &a);
      AddAnnotatorStats(a, st);
    } else {
      for (const Sentence& s : doc->sentences) st->words += s.words.size();
    }
    // The given trees are coded as one part at offset 0; *doc keeps their spans.
    Document part = std::move(*doc);
    *doc = Document();
    doc->id = part.id;
    doc->date = part.date;
    doc->date_origin = part.date_origin;
    doc->meta = part.meta;
    impl_->CodePart(&part, 0, scratch, coder, doc, st);
    doc->text = std::move(part.text);
  }
  ++st->documents;
  st->sentences += doc->sentences.size();
  st->events += scratch->document_events.size();
  for (Event& e : scratch->document_events) {
    st->mentions += e.mentions;
    if (!e.date_text.empty()) ++st->events_dated_by_text;
    events->push_back(std::move(e));
  }
  scratch->document_events.clear();
  return Status::Ok();
}

Status Engine::Impl::CodeText(Document* doc, Scratch::Buffers* scratch, const coder::Coder& coder,
                              CodeStats* stats) const {
  if (!annotator || !annotator->can_parse()) {
    return Status::InvalidArgument("document '" + doc->id +
                                   "' has text to parse and the engine has no model");
  }
  if (doc->date.empty()) {
    const int32_t reference = date::FromUnixTime(doc->meta.mtime);
    if (auto dl = text::FindDateline(doc->text, reference); dl.has_value() && dl->date > 0) {
      doc->date = date::Format(dl->date);
      doc->date_origin = DateOrigin::kDateline;
      ++stats->dated_by_dateline;
    }
  }
  // Blank the dateline so the parser does not take its place name for a subject.
  if (const size_t n = text::DatelineLength(doc->text); n > 0) {
    doc->meta.dateline.assign(doc->text, 0, n);
    for (size_t i = 0; i < n; ++i) {
      if (doc->text[i] != '\n') doc->text[i] = ' ';
    }
  }
  stats->repaired_bytes += doc->meta.repaired_bytes;
  doc->sentences.clear();
  // One part of doc's text, tokenized ...
  auto tokenize = [&](std::string text, syntax::AnnotatorStats* a) -> Document {
    Document part;
    part.id = doc->id;
    part.date = doc->date;
    part.meta.dateline = doc->meta.dateline;
    part.text = std::move(text);
    annotator->Tokenize(&part, a);
    return part;
  };
  // ... then parsed and coded, at byte `offset` of doc's text.
  auto parse_and_code = [&](Document* part, size_t offset, syntax::AnnotatorStats* a) {
    annotator->TagAndParse(part, scratch->annotate.get(), 1, a);
    AddAnnotatorStats(*a, stats);
    CodePart(part, offset, scratch, coder, doc, stats);
  };
  if (doc->text.size() <= kChunkBytes) {
    syntax::AnnotatorStats a;
    Document part = tokenize(std::move(doc->text), &a);
    parse_and_code(&part, 0, &a);
    // The text comes back repaired (invalid UTF-8 replaced) by Tokenize.
    doc->text = std::move(part.text);
    return Status::Ok();
  }
  // Budget: a long document (a book, a year of a feed in one file) is parsed in chunks of
  // about kChunkBytes, so its trees never all live at once; memory stays that of one chunk.
  // A chunk ends at a blank line when one is near (a paragraph always ends a sentence).
  // Otherwise it was cut at a line break or a space, maybe inside a sentence (issue 14: a
  // long one-paragraph text lost the events of the sentences cut in two), so only the
  // sentences the tokenizer ended well before the cut are kept, and the next chunk starts
  // where the last of them ends: the others are tokenized again there.
  stats->repaired_bytes += RepairUtf8(&doc->text);
  const std::string_view text = doc->text;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = ChunkEnd(text, pos, kChunkBytes);
    syntax::AnnotatorStats a;
    Document part = tokenize(std::string(text.substr(pos, end - pos)), &a);
    const bool at_paragraph = end == text.size() || text.substr(pos, end - pos).ends_with("\n\n");
    if (const size_t keep = TrustedSentences(part.sentences);
        !at_paragraph && keep > 0 && keep < part.sentences.size()) {
      // A dropped sentence cut at the token cap is counted when it is tokenized again.
      for (size_t i = keep; i < part.sentences.size(); ++i) {
        if (part.sentences[i].tokens.size() >= options.max_sentence_tokens &&
            a.capped_sentences > 0) {
          --a.capped_sentences;
        }
      }
      const uint32_t kept_end = part.sentences[keep - 1].end;
      part.sentences.resize(keep);
      part.text.resize(kept_end);
      end = pos + kept_end;
    }
    parse_and_code(&part, pos, &a);
    pos = end;
  }
  return Status::Ok();
}

// Codes one parsed part of `doc` (all of it, or one chunk of a long one) at byte `offset`
// of doc->text: its events join the document's (merged), its sentences join doc's as
// spans and ids with the trees freed.
void Engine::Impl::CodePart(Document* part, size_t offset, Scratch::Buffers* scratch,
                            const coder::Coder& coder, Document* doc, CodeStats* stats) const {
  // The coder's events are complete; the part's sentences number on from doc's.
  coder::CoderStats coder_stats;
  const size_t first_event = scratch->document_events.size();
  const auto first_sentence = static_cast<uint32_t>(doc->sentences.size());
  coder.CodeDocument(*part, &scratch->code, &scratch->document_events, &coder_stats,
                     first_sentence);
  if (locator) {
    locator->Locate(part->meta.dateline, part->sentences, first_sentence,
                    &scratch->document_events, first_event);
    // An actor named by its sector alone that the coder could place in no country
    // ("---COP": "police" in a story datelined in a city the actor dictionary does not
    // know) takes the country of the event's place, as ICEWS does (not PETRARCH's suites).
    if (!options.petrarch_conventions) {
      for (size_t i = first_event; i < scratch->document_events.size(); ++i) {
        Event& e = scratch->document_events[i];
        if (e.location.empty() || e.location.country.size() != 3) continue;
        for (EventActor* a : {&e.source, &e.target}) {
          if (a->code.size() > 3 && a->code.starts_with("---")) {
            a->code.replace(0, 3, e.location.country);
            a->root = e.location.country;
          }
        }
      }
    }
  }
  AddCoderStats(coder_stats, stats);
  for (Sentence& s : part->sentences) {
    std::vector<Word>().swap(s.words);
    std::vector<Token>().swap(s.tokens);
    s.begin += static_cast<uint32_t>(offset);
    s.end += static_cast<uint32_t>(offset);
    doc->sentences.push_back(std::move(s));
  }
  // Merged part by part, so a long document holds its distinct events, not every mention
  // (a 36 MB text once held 450,000 of them).
  MergeDocumentEvents(&scratch->document_events);
}

}  // namespace dyad
