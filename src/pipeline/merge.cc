// The one merge step of a document's events (merge.h).
#include "pipeline/merge.h"

#include <string>
#include <unordered_map>

namespace dyad {

void MergeDocumentEvents(std::vector<Event>* events) {
  std::vector<Event>& ev = *events;
  // (source, target, code) → index of its first mention; a hash keeps a document with
  // thousands of distinct events linear.
  std::unordered_map<std::string, size_t> first;
  size_t kept = 0;
  for (size_t i = 0; i < ev.size(); ++i) {
    std::string key = ev[i].code;
    key += '\x1f';
    key += ev[i].source.code;
    key += '\x1f';
    key += ev[i].target.code;
    auto [it, inserted] = first.emplace(std::move(key), kept);
    if (!inserted) {
      ev[it->second].mentions += ev[i].mentions;
      continue;
    }
    if (kept != i) ev[kept] = std::move(ev[i]);
    ++kept;
  }
  ev.resize(kept);
}

}  // namespace dyad
