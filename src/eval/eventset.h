// Event sets: news passages with gold CAMEO events in the schema of realnews-dev
// (doc/formats/eventset.md) — the sets the project writes to train and test the learned
// event filter — and the matching of dyad's events against them, by the documented
// rules of that schema: an event falls in the gold sentence whose text contains its
// sentence (or that its sentence contains, or that shares at least half its words); it
// matches a gold event of that sentence when its root is one of the gold's roots and each
// side's code starts with one of the gold's prefixes ("*": any actor or none; symmetric
// events either way round). Required gold events are matched one to one (maximum
// bipartite matching), optional ones then take what is left.
// Thread-safety: pure functions.
#ifndef DYAD_EVAL_EVENTSET_H_
#define DYAD_EVAL_EVENTSET_H_

#include <string>
#include <string_view>
#include <vector>

#include "dyad/event.h"
#include "dyad/status.h"

namespace dyad::eval {

struct GoldEvent {
  int sent = 0;
  std::vector<std::string> src, tgt, roots;
  bool sym = false;
  bool optional = false;
};

struct SetDocument {
  std::string id;
  std::string date;  // YYYYMMDD
  std::string text;
  std::vector<std::string> sentences;
  std::vector<GoldEvent> gold;
};

// Reads an event set file. Errors name the file and the document.
Result<std::vector<SetDocument>> LoadEventSet(const std::string& path);

// Does `event` (placed in the gold event's sentence) match `gold` by root and sides?
bool GoldMatches(const GoldEvent& gold, const Event& event);

// The gold sentences of `doc` an event whose sentence text is `sentence` falls in.
std::vector<int> SentencesOf(const SetDocument& doc, std::string_view sentence);

// Per event of `events` (all of document `doc`): the gold events (indexes into
// doc.gold) it may match.
std::vector<std::vector<int>> MatchCandidates(const SetDocument& doc,
                                              const std::vector<Event>& events);

struct SetScore {
  int required = 0;  // required gold events
  int hit = 0;       // required gold events matched
  int emitted = 0;   // events scored
  int matched = 0;   // events matched to a gold event (required or optional)
  void Add(const SetScore& o) {
    required += o.required;
    hit += o.hit;
    emitted += o.emitted;
    matched += o.matched;
  }
  double recall() const { return required ? static_cast<double>(hit) / required : 0.0; }
  double precision() const { return emitted ? static_cast<double>(matched) / emitted : 0.0; }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
};

// Scores the events of one document whose `keep` flag is set (all when `keep` is empty),
// given their MatchCandidates.
SetScore ScoreDocument(const SetDocument& doc, const std::vector<std::vector<int>>& candidates,
                       const std::vector<bool>& keep);

}  // namespace dyad::eval

#endif  // DYAD_EVAL_EVENTSET_H_
