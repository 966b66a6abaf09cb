// dyad in one object: news text in, coded events out.
//
//   auto engine = dyad::Engine::Open({});            // the built-in model and dictionaries
//   if (!engine.ok()) { /* engine.status().ToString() names the file and byte or line */ }
//   auto scratch = (*engine)->NewScratch();           // one per thread
//   dyad::Document doc;
//   doc.id = "d1";
//   doc.text = "Russia invited the Taliban to Moscow for talks.";
//   doc.date = "20240501";
//   std::vector<dyad::Event> events;
//   dyad::Status s = (*engine)->Code(&doc, scratch.get(), &events);
//
// Compile once, code many (RE2): Open() loads the model and compiles the dictionaries;
// after that every method is const and may be called from many threads at once, each
// thread with its own Scratch. The output never depends on the number of threads.
//
// One document's trip (doc/architecture.md): its dateline (text/dateline) dates it when
// it has no date and is blanked; the syntax stage splits, tokenizes, tags and parses it
// (long documents in chunks); the coder repairs each tree, finds actors, clauses and
// patterns and emits complete events (dated through dates/, with their sentence); geo/
// places each event (Event::location, when the engine has a gazetteer); last,
// identical events of the document are merged into one with a `mentions` count.
#ifndef DYAD_ENGINE_H_
#define DYAD_ENGINE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/event.h"
#include "dyad/status.h"

namespace dyad {

// Explicit dictionary files by kind (PETRARCH formats, doc/formats/dictionaries.md), for
// callers that name every file (a PETRARCH <Environment>), instead of directories.
struct DictionaryFiles {
  std::vector<std::string> verbs, actors, agents, discards, issues, ontology;
  bool empty() const {
    return verbs.empty() && actors.empty() && agents.empty() && discards.empty() &&
           issues.empty() && ontology.empty();
  }
};

struct EngineOptions {
  // Model file (doc/formats/model.md), or a shipped model's name: empty or "default"
  // ($DYAD_MODEL, else the installed model: DefaultModelPath()), "fast" (the greedy
  // perceptron model: FastModelPath()), "neural" (the BiLSTM tagger and biaffine parser:
  // NeuralModelPath(), the shipped default). See ResolveModelPath.
  std::string model_path;
  // When not empty, the model file's bytes (a model trained in memory); model_path is then
  // only its name in messages. Default empty.
  std::string model_data;
  // Load only the model's text stage (a model may hold only its "text" section): then
  // only Annotate(kTokenize) works. Default false.
  bool tokenize_only = false;
  // Load no model at all: the engine then codes only documents that arrive parsed
  // (Document::sentences with trees, e.g. read from CoNLL-U or a PETRARCH <Parse>), and
  // Annotate() fails. Default false.
  bool no_model = false;
  // Dictionary layers, bottom first, as `dyad code --dict`: "DIR" (or a single dictionary
  // FILE) replaces what is below, "+DIR" layers on top (on top of the built-in set when it
  // comes first). Empty (default): the built-in set (DefaultDictionaryDir()).
  std::vector<std::string> dictionaries;
  // When not empty, exactly these files are loaded and `dictionaries` is ignored.
  DictionaryFiles dictionary_files;
  // When not empty, this verb dictionary replaces the verb files of the set chosen by
  // `dictionaries` (dyad validate --verbs). Default empty.
  std::string verb_file;
  // Load no dictionaries: an engine for Annotate() only (dyad parse); Code() then fails.
  // Default false.
  bool no_dictionaries = false;
  // Events need a source and a target (PETRARCH's require_dyad). Default false, as
  // `dyad code`: real news is full of one-sided events (a protest, a strike, "50 people
  // were arrested", an attack by unknown gunmen), coded with the missing side null
  // (doc/formats/events.md) — except content-free statements ("said", "announced" with
  // no addressee), which the codebook does not count as news. True gives PETRARCH's
  // two-sided output (`dyad code --require-dyad`); `dyad validate` passes each record's
  // own setting (true unless the record says otherwise).
  bool require_dyad = false;
  // Code by PETRARCH's conventions, as its validation suites expect (dyad validate),
  // instead of the CAMEO codebook's and ICEWS's for real news (coder.h,
  // CoderOptions::codebook and document_places): with it, actors named by their sector
  // alone ("police", "protesters") keep no country, where real-news coding gives them
  // the sentence's place, the story's dateline or the document's leading country.
  // Default false.
  bool petrarch_conventions = false;
  // Budgets (RE2's max_mem): longer sentences are cut at max_sentence_tokens tokens and
  // skipped over max_sentence_words words; trees are walked to max_tree_depth. Each is
  // counted in CodeStats. Defaults 400 / 2000 / 256.
  uint32_t max_sentence_tokens = 400;
  uint32_t max_sentence_words = 2000;
  uint32_t max_tree_depth = 256;
  // Tree repairs (doc/repairs.md): all on by default; `repairs = false` turns every one
  // off, `disabled_repairs` names single rules to leave out.
  bool repairs = true;
  std::vector<std::string> disabled_repairs;
  // The learned event filter (doc/formats/event-filter.md): a model that gives each
  // candidate event the probability that a careful coder codes it, from its features
  // (code, verb, how its actors relate to the verb in the tree, modality, ...); events
  // under its threshold are dropped and the rest carry Event::confidence and
  // Event::evidence. Empty (default): DefaultEventFilterPath() when that file exists,
  // else none; "none": no filter; else a model file (an error when it cannot be read).
  // Never used with petrarch_conventions.
  std::string event_filter;
  // The gazetteer that places events (Event::location; doc/formats/gazetteer.md). Empty
  // (default): DefaultGazetteerPath() when that file exists, else none (events carry no
  // location); "none": no gazetteer; else a gazetteer file (an error when it cannot be
  // read). Never used with petrarch_conventions.
  std::string gazetteer;
  // Fill Event::features with every feature of each event (`dyad train-filter`).
  // Default false.
  bool event_features = false;
};

// Counts of one or more Code()/Annotate() calls; every field adds up.
struct CodeStats {
  uint64_t documents = 0;
  uint64_t sentences = 0;
  uint64_t words = 0;
  uint64_t repaired_bytes = 0;       // invalid UTF-8 / NUL bytes replaced by U+FFFD
  uint64_t capped_sentences = 0;     // cut at max_sentence_tokens
  uint64_t skipped_sentences = 0;    // over max_sentence_words, or not parsed
  uint64_t discarded_sentences = 0;  // a discard phrase matched
  uint64_t events = 0;               // after merging identical events of a document
  uint64_t mentions = 0;             // events before merging
  uint64_t events_dated_by_text = 0; // events whose date came from their sentence
  uint64_t dated_by_dateline = 0;    // documents dated by their dateline
  // Per tree repair, in Engine::RepairNames() order: sentences whose tree it changed.
  std::vector<uint64_t> repair_fires;

  void Add(const CodeStats& other);
};

// How far Annotate() goes.
enum class AnnotateLevel : uint8_t {
  kTokenize,  // sentences and tokens (and words) only
  kParse,     // + UPOS, XPOS, lemmas, features and a UD v2 tree
};

class Engine {
 public:
  // Per-thread buffers (fastText's State): reused across documents so that coding
  // allocates little. Create with NewScratch(); use from one thread at a time; the engine
  // must outlive it.
  class Scratch {
   public:
    ~Scratch();
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    struct Buffers;  // opaque: defined by the engine
    Buffers* buffers() { return buffers_.get(); }

   private:
    friend class Engine;
    explicit Scratch(std::unique_ptr<Buffers> buffers);
    std::unique_ptr<Buffers> buffers_;
  };

  // Loads the model and compiles the dictionaries. Malformed dictionary lines are skipped
  // and described in *dictionary_errors (may be null) as "file:line: message".
  // Errors: NotFound / IOError (a path), Corruption (model byte offset), Unsupported
  // (model format version), InvalidArgument (no verb dictionary, an unknown repair name,
  // an unusable --dict value).
  static Result<std::unique_ptr<Engine>> Open(const EngineOptions& options,
                                              std::vector<std::string>* dictionary_errors =
                                                  nullptr);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // A new scratch for one thread. The engine must outlive it.
  std::unique_ptr<Scratch> NewScratch() const;

  // Codes one document and appends its events to *events, in sentence order, each
  // complete (date, sentence, pattern, dictionary lines) and merged with identical ones
  // (same source, target and code: Event::mentions).
  //  - A document without sentences is annotated first: when doc->date is empty, a
  //    dateline at the start of its text dates it (date_origin kDateline); the dateline
  //    is blanked with spaces (byte offsets stay valid) so its place is not read as a
  //    subject; doc->text is repaired (invalid UTF-8 replaced).
  //  - A document that arrives with parsed sentences (every word has a head) is coded as
  //    it is; one with sentences but no trees is re-tagged and re-parsed first.
  // Afterwards doc->sentences keep their spans and ids, but not their words (the trees
  // are freed). Adds to *stats (may be null).
  // Errors: InvalidArgument when the engine was opened with no_dictionaries, or when the
  // document needs parsing and it was opened with no_model. REQUIRES: scratch came from this engine and is used by this thread only.
  [[nodiscard]] Status Code(Document* doc, Scratch* scratch, std::vector<Event>* events,
                            CodeStats* stats = nullptr) const;

  // The same, overriding the engine's require_dyad for this one call (PETRARCH
  // validation records carry their own).
  [[nodiscard]] Status Code(Document* doc, Scratch* scratch, std::vector<Event>* events,
                            CodeStats* stats, bool require_dyad) const;

  // Tokenize, tag and parse only (dyad parse, dyad tokenize): a document without
  // sentences is split from its text (doc->text repaired first); a document with
  // sentences keeps its words and is re-tagged and re-parsed (CoNLL-U input). `threads`
  // > 1 spreads the sentences of this one document over that many threads (the output
  // is identical). Errors: InvalidArgument when the engine has no model, or level kParse
  // with tokenize_only.
  // REQUIRES: scratch came from this engine and is used by this thread only.
  [[nodiscard]] Status Annotate(Document* doc, Scratch* scratch, CodeStats* stats = nullptr,
                                AnnotateLevel level = AnnotateLevel::kParse,
                                int threads = 1) const;

  // The model's "key: value" metadata lines (training data, dev scores, ...); empty with
  // no_model.
  const std::string& model_metadata() const;
  // The path the model was loaded from; empty with no_model.
  const std::string& model_path() const;
  // The dictionary set in use, as "built-in (DIR)", the --dict values, or the files.
  const std::string& dictionary_description() const;
  // The names of the tree repairs, in the order they run (CodeStats::repair_fires).
  static std::vector<std::string_view> RepairNames();

  class Impl;

 private:
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The model file format versions this library reads (doc/formats/model.md).
struct ModelFormats {
  uint32_t oldest = 0, newest = 0;
};
ModelFormats SupportedModelFormats();

// $DYAD_MODEL if set, else the model the library was built or installed with.
std::string DefaultModelPath();
// The fast (perceptron) model the library was built or installed with
// (models/dyad-en-fast.model).
std::string FastModelPath();
// The neural model the library was built or installed with (models/dyad-en.model, the
// default model).
std::string NeuralModelPath();
// A --model value to a file: "" and "default" -> DefaultModelPath(), "fast" ->
// FastModelPath(), "neural" -> NeuralModelPath(), anything else is a path (write "./fast"
// for a file named fast).
std::string ResolveModelPath(std::string_view name);
// $DYAD_DICT if set and not empty, else the dictionary set the library was built or
// installed with (data/dict/).
std::string DefaultDictionaryDir();
// $DYAD_EVENT_FILTER if set and not empty, else the event filter the library was built or
// installed with (models/event-filter.txt); the file may not exist (no filter then).
std::string DefaultEventFilterPath();
// $DYAD_GAZETTEER, else the build tree's gazetteer while it exists, else the installed one.
std::string DefaultGazetteerPath();

}  // namespace dyad

#endif  // DYAD_ENGINE_H_
