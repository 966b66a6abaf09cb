// The store's EventSink (store_sink.h).
#include "store/store_sink.h"

#include <string>

namespace dyad::store {

Status StoreSink::Consume(std::span<CodedDocument> batch) {
  docs_.clear();
  for (CodedDocument& cd : batch) {
    StoredDocument& sd = docs_.emplace_back();
    const Document& doc = cd.doc;
    sd.id = doc.id;
    sd.date = doc.date;
    sd.title = doc.meta.title;
    sd.url = doc.meta.url;
    sd.source = doc.meta.source;
    sd.lang = doc.meta.lang;
    if (doc.date_origin != DateOrigin::kMissing) {
      sd.date_origin = std::string(DateOriginName(doc.date_origin));
    }
    sd.origin = doc.meta.Origin();
    sd.sentences.reserve(doc.sentences.size());
    for (size_t i = 0; i < doc.sentences.size(); ++i) {
      const Sentence& s = doc.sentences[i];
      sd.sentences.push_back(
          StoredSentence{static_cast<uint32_t>(i), s.id, std::string(doc.SentenceText(s))});
    }
    sd.events = std::move(cd.events);
  }
  size_t skipped = 0;
  DYAD_RETURN_IF_ERROR(store_->WriteBatch(std::span<const StoredDocument>(docs_), &skipped));
  already_stored_ += skipped;
  return Status::Ok();
}

}  // namespace dyad::store
