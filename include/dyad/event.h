// The output record: one coded event — who did what to whom, when — with everything needed
// to explain it (the matched text and word spans of both actors, the verb, and the
// dictionary file:line of the pattern that fired). Engine::Code (engine.h) produces them;
// the writers print them as JSONL (doc/formats/events.md) or CSV/TSV
// (doc/formats/events-csv.md), the store keeps them (doc/formats/store.md).
// Ownership: plain values that own their strings. Thread-safety: plain values.
#ifndef DYAD_EVENT_H_
#define DYAD_EVENT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace dyad {

// One side of an event. An empty `code` is the null actor ("---" in PETRARCH output).
struct EventActor {
  std::string code;        // "RUSGOV", "---GOV" (agent without a known actor)
  std::string root;        // "RUS" (the country / organisation root, first 3 characters)
  std::string agent;       // "GOV" (what the agent dictionaries added), may be empty
  std::string text;        // the matched noun-phrase text, "Russian diplomats"
  uint32_t first_word = 0; // word span [first_word, last_word] in the sentence (0-based)
  uint32_t last_word = 0;
  std::string actor_loc;   // dictionary file:line of the actor entry, may be empty
  bool null() const { return code.empty(); }
};

// Where an event happened (doc/formats/events.md "location"): the place attached to its
// verb or event noun, else its clause's, else its sentence's, else the dateline's, else
// the document's nearest place. precision 0 = no location (the other fields are empty).
struct EventLocation {
  std::string text;          // the words that named it ("Kandahar", "KABUL")
  std::string name;          // the gazetteer's name ("Kandahar")
  uint32_t geonames_id = 0;  // 0 when unknown (regions and countries in dyad's gazetteer)
  std::string country;       // ISO 3166 alpha-3 (CAMEO's where they differ: KSV, TMP)
  std::string admin1;        // the first-level region's name; empty for a country
  double lat = 0, lon = 0;
  int precision = 0;         // 1 city or town, 2 region, 3 country; 0 none
  std::string from;          // "sentence", "dateline" or "document"
  bool empty() const { return precision == 0; }
};

struct Event {
  std::string doc_id;
  std::string sentence_id;   // the sentence's id, or its 0-based index as text
  uint32_t sentence_index = 0;  // 0-based index of the sentence in Document::sentences
  std::string date;          // YYYYMMDD
  EventActor source;
  EventActor target;         // null() when the event has no target
  std::string code;          // CAMEO event code ("042"); non-CAMEO dictionary codes kept
  std::string root_code;     // "04"
  int quad_class = 0;        // 1-4; 0 when `code` is not in the CAMEO table
  double goldstein = 0.0;    // 0 when `code` is not in the CAMEO table
  bool known_code = false;   // `code` is in the CAMEO table
  std::string plover_type;   // "CONSULT"; empty when unknown
  std::string plover_mode;   // may be empty
  uint32_t verb_word = 0;    // 0-based word index of the event verb
  std::string verb_text;     // its form
  std::string pattern;       // the verb pattern as written, or "VERB [code]" for a bare verb
  std::string pattern_loc;   // dictionary file:line of that pattern (or verb member)
  bool negated = false;      // the verb was negated (the code is the negated meaning)
  // Set when the learned event filter ran (EngineOptions::event_filter): the probability
  // it gives that a careful coder codes this event (events under its threshold are not
  // emitted), and the features that weighed most, "verb=accuse+1.21" (strongest first).
  // confidence is -1 and evidence empty when no filter ran.
  double confidence = -1.0;
  std::vector<std::string> evidence;
  // Every feature of the event, only with EngineOptions::event_features (what
  // `dyad train-filter` learns from); empty otherwise.
  std::vector<std::string> features;

  std::string date_text;     // the words of the sentence that gave `date`; empty when
                             // `date` is the document's date
  std::string sentence;      // the sentence text; may be empty
  EventLocation location;    // set by the Engine when it has a gazetteer
  // Added after the coder, by the one merge of a document's events (Engine::Code):
  uint32_t mentions = 1;     // identical (source, target, code) events merged into this one
  // Set only by `dyad code --one-a-day` / `dyad export --one-a-day`: every document that
  // reported the merged event.
  std::vector<std::string> doc_ids;
};

// The event as one line of JSON (no trailing newline), as `dyad code` writes it
// (doc/formats/events.md).
std::string EventToJson(const Event& event);

// "---" for the null actor, else the code.
inline std::string ActorCodeOrNull(const EventActor& a) { return a.null() ? "---" : a.code; }

}  // namespace dyad

#endif  // DYAD_EVENT_H_
