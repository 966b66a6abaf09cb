// The one merge step of a document's events: identical events (same CAMEO code, source
// code and target code) of one document become the first of them, with the mentions
// summed. It is the only thing added to an event after it leaves the coder.
// Thread-safety: a pure function over the caller's vector.
#ifndef DYAD_PIPELINE_MERGE_H_
#define DYAD_PIPELINE_MERGE_H_

#include <vector>

#include "dyad/event.h"

namespace dyad {

// Merges events with the same (code, source code, target code) into the first of them,
// adding up Event::mentions; keeps the order of first mention. Linear in the number of
// events (hashed).
void MergeDocumentEvents(std::vector<Event>* events);

}  // namespace dyad

#endif  // DYAD_PIPELINE_MERGE_H_
