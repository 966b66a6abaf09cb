// JSON form of an Event (doc/formats/events.md).
#include "dyad/event.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace dyad {
namespace {

nlohmann::ordered_json ActorJson(const EventActor& a) {
  if (a.null() && a.text.empty()) return nlohmann::ordered_json(nullptr);
  nlohmann::ordered_json j;
  j["code"] = a.null() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(a.code);
  j["root"] = a.root;
  j["agent"] = a.agent;
  j["text"] = a.text;
  j["words"] = {a.first_word, a.last_word};
  if (!a.actor_loc.empty()) j["dict"] = a.actor_loc;
  return j;
}

nlohmann::ordered_json LocationJson(const EventLocation& l) {
  if (l.empty()) return nlohmann::ordered_json(nullptr);
  auto or_null = [](const std::string& s) {
    return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
  };
  nlohmann::ordered_json j;
  j["text"] = l.text;
  j["name"] = l.name;
  j["geonames_id"] = l.geonames_id == 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(l.geonames_id);
  j["country"] = or_null(l.country);
  j["admin1"] = or_null(l.admin1);
  j["lat"] = std::round(l.lat * 1e4) / 1e4;
  j["lon"] = std::round(l.lon * 1e4) / 1e4;
  j["precision"] = l.precision;
  j["from"] = l.from;
  return j;
}

}  // namespace

std::string EventToJson(const Event& e) {
  nlohmann::ordered_json j;
  j["doc_id"] = e.doc_id;
  j["sentence_id"] = e.sentence_id;
  j["date"] = e.date;
  j["date_text"] = e.date_text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.date_text);
  j["source"] = ActorJson(e.source);
  j["target"] = ActorJson(e.target);
  j["cameo"] = e.code;
  j["root_code"] = e.root_code;
  j["quad_class"] = e.known_code ? nlohmann::ordered_json(e.quad_class) : nlohmann::ordered_json(nullptr);
  j["goldstein"] = e.known_code ? nlohmann::ordered_json(e.goldstein) : nlohmann::ordered_json(nullptr);
  if (e.plover_type.empty()) {
    j["plover"] = nullptr;
  } else {
    j["plover"] = {{"type", e.plover_type},
                   {"mode", e.plover_mode.empty() ? nlohmann::ordered_json(nullptr)
                                                  : nlohmann::ordered_json(e.plover_mode)}};
  }
  j["verb"] = {{"word", e.verb_word}, {"text", e.verb_text}};
  j["negated"] = e.negated;
  j["pattern"] = {{"text", e.pattern}, {"dict", e.pattern_loc}};
  if (e.confidence >= 0) {
    j["filter"] = {{"confidence", std::round(e.confidence * 1000) / 1000}, {"evidence", e.evidence}};
  }
  if (!e.features.empty()) j["features"] = e.features;
  j["location"] = LocationJson(e.location);
  j["mentions"] = e.mentions;
  if (!e.doc_ids.empty()) j["doc_ids"] = e.doc_ids;
  j["sentence"] = e.sentence;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace dyad
