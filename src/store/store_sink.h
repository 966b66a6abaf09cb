// The store's EventSink (`dyad code --db F`): each batch of coded documents becomes one
// transaction of the SQLite store (doc/formats/store.md), so a killed run leaves only
// whole documents behind. Thread-safety: one thread, as every EventSink.
#ifndef DYAD_STORE_STORE_SINK_H_
#define DYAD_STORE_STORE_SINK_H_

#include <cstdint>
#include <span>
#include <vector>

#include "dyad/run.h"
#include "store/event_store.h"

namespace dyad::store {

class StoreSink : public EventSink {
 public:
  // `store` is not owned and must outlive the sink.
  explicit StoreSink(EventStore* store) : store_(store) {}
  // Moves the batch's events into the store. Errors: the store's (IOError on a full disk).
  [[nodiscard]] Status Consume(std::span<CodedDocument> batch) override;
  [[nodiscard]] Status Finish() override { return Status::Ok(); }
  // Documents of the consumed batches that the store already held (written meanwhile by
  // another run on the same store): not stored again, so not counted as stored.
  uint64_t already_stored() const { return already_stored_; }

 private:
  EventStore* store_;
  std::vector<StoredDocument> docs_;
  uint64_t already_stored_ = 0;
};

}  // namespace dyad::store

#endif  // DYAD_STORE_STORE_SINK_H_
