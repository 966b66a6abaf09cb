// JSON form of an Event (doc/formats/events.md).
#include "coder/event.h"

#include <nlohmann/json.hpp>

namespace dyad::coder {
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

}  // namespace

std::string EventToJson(const Event& e) {
  nlohmann::ordered_json j;
  j["doc_id"] = e.doc_id;
  j["sentence_id"] = e.sentence_id;
  j["date"] = e.date;
  j["source"] = ActorJson(e.source);
  j["target"] = ActorJson(e.target);
  j["code"] = e.code;
  j["root_code"] = e.root_code;
  j["quad_class"] = e.known_code ? nlohmann::ordered_json(e.quad_class) : nlohmann::ordered_json(nullptr);
  j["goldstein"] = e.known_code ? nlohmann::ordered_json(e.goldstein) : nlohmann::ordered_json(nullptr);
  j["plover_type"] = e.plover_type.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.plover_type);
  j["plover_mode"] = e.plover_mode.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.plover_mode);
  j["verb"] = {{"word", e.verb_word}, {"text", e.verb_text}};
  j["negated"] = e.negated;
  j["pattern"] = {{"text", e.pattern}, {"dict", e.pattern_loc}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace dyad::coder
