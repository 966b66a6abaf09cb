// The OpenAPI document of `dyad serve` (see openapi.h). Hand-written JSON: the API is
// small, and one literal is easier to review than code that builds it.
#include "serve/openapi.h"

#include <string>

namespace dyad::serve {
namespace {

constexpr std::string_view kOpenApi = R"json({
  "openapi": "3.0.3",
  "info": {
    "title": "dyad serve",
    "version": "1",
    "description": "Read-only JSON API over a dyad event store (doc/formats/store.md), and coding of posted text. Errors are {\"error\": message, \"parameter\": name or null}; an unknown parameter, a repeated one or a malformed value is a 400. See doc/formats/serve-api.md."
  },
  "components": {
    "parameters": {
      "from": {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "first event date, YYYY-MM-DD (inclusive)"},
      "to": {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "last event date, YYYY-MM-DD (inclusive)"},
      "source": {"name": "source", "in": "query", "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,32}$"}, "description": "prefix of the source actor code (RUS, RUSGOV)"},
      "target": {"name": "target", "in": "query", "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,32}$"}, "description": "prefix of the target actor code"},
      "actor": {"name": "actor", "in": "query", "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,32}$"}, "description": "prefix of either side's actor code"},
      "cameo": {"name": "cameo", "in": "query", "schema": {"type": "string", "pattern": "^[A-Za-z0-9]{1,8}$"}, "description": "prefix of the CAMEO event code (04, 042)"},
      "quad_class": {"name": "quad_class", "in": "query", "schema": {"type": "string", "pattern": "^[1-4](,[1-4]){0,3}$"}, "description": "QuadClass 1-4, or a comma list"},
      "plover": {"name": "plover", "in": "query", "schema": {"type": "string"}, "description": "PLOVER event type (CONSULT)"},
      "country": {"name": "country", "in": "query", "schema": {"type": "string", "pattern": "^[A-Za-z]{3}$"}, "description": "ISO 3166 alpha-3 country of the event's location"},
      "bbox": {"name": "bbox", "in": "query", "schema": {"type": "string"}, "description": "min_lon,min_lat,max_lon,max_lat of the event's location"},
      "q": {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 512}, "description": "words that must all be in the event's sentence (SQLite FTS5; word* matches a prefix); at most 16 words"}
    },
    "schemas": {
      "Error": {"type": "object", "properties": {"error": {"type": "string"}, "parameter": {"type": "string", "nullable": true}}},
      "Event": {"type": "object", "description": "dyad code's JSONL event (doc/formats/events.md) with its id in the store", "properties": {"id": {"type": "integer"}}},
      "Spans": {"type": "object", "nullable": true, "description": "source, verb and target as {words: [first, last], start, end (UTF-16 code units), byte_start, byte_end}, each null when absent"}
    },
    "responses": {
      "BadRequest": {"description": "unknown parameter or malformed value", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    }
  },
  "paths": {
    "/api/summary": {
      "get": {"summary": "the store: last event id, documents, date range, schema version, full-text index present", "responses": {"200": {"description": "summary"}}}
    },
    "/api/events": {
      "get": {
        "summary": "a page of events matching the filters, in store order",
        "parameters": [
          "@filters@",
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
          {"name": "after", "in": "query", "schema": {"type": "string"}, "description": "keyset cursor: the next of the previous page"}
        ],
        "responses": {
          "200": {"description": "{events: [Event], next: cursor or null}", "content": {"application/json": {"schema": {"type": "object", "properties": {"events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}, "next": {"type": "string", "nullable": true}}}}}},
          "400": {"$ref": "#/components/responses/BadRequest"}
        }
      }
    },
    "/api/events/{id}": {
      "get": {
        "summary": "one event with its sentence, the word spans of source, verb and target, the pattern and its dictionary file:line",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "responses": {
          "200": {"description": "{event, sentence, spans, pattern, pattern_loc}", "content": {"application/json": {"schema": {"type": "object", "properties": {"event": {"$ref": "#/components/schemas/Event"}, "sentence": {"type": "string"}, "spans": {"$ref": "#/components/schemas/Spans"}, "pattern": {"type": "string"}, "pattern_loc": {"type": "string"}}}}}},
          "404": {"description": "no such event"}
        }
      }
    },
    "/api/series": {
      "get": {
        "summary": "events and mean Goldstein per day, week (from Monday) or month, in total and per QuadClass",
        "parameters": [
          "@filters@",
          {"name": "interval", "in": "query", "schema": {"type": "string", "enum": ["day", "week", "month"], "default": "month"}}
        ],
        "responses": {
          "200": {"description": "{interval, series: [{period, events, goldstein, by_quad_class: [{events, goldstein} x4]}]}"},
          "400": {"$ref": "#/components/responses/BadRequest"}
        }
      }
    },
    "/api/network": {
      "get": {
        "summary": "the actor network of the filter: the heaviest directed (source, target) code pairs",
        "parameters": [
          "@filters@",
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}, "description": "number of edges"}
        ],
        "responses": {
          "200": {"description": "{nodes: [{id, events}], edges: [{source, target, events, goldstein}]}"},
          "400": {"$ref": "#/components/responses/BadRequest"}
        }
      }
    },
    "/api/code": {
      "post": {
        "summary": "code a text through the server's Engine (not stored)",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "maxLength": 65536}, "date": {"type": "string", "format": "date"}}}}}},
        "responses": {
          "200": {"description": "{events: [Event with spans], sentences}"},
          "400": {"$ref": "#/components/responses/BadRequest"},
          "413": {"description": "body over 1 MiB or text over 64 KiB"},
          "415": {"description": "not application/json"},
          "503": {"description": "busy, or coding took longer than the time limit"}
        }
      }
    },
    "/api/openapi.json": {
      "get": {"summary": "this document", "responses": {"200": {"description": "OpenAPI 3.0"}}}
    }
  }
})json";

// The filters every query endpoint takes, put where kOpenApi says "@filters@" (OpenAPI 3.0
// has no $ref for a list of parameters).
constexpr std::string_view kFilters =
    R"json({"$ref": "#/components/parameters/from"}, {"$ref": "#/components/parameters/to"},
          {"$ref": "#/components/parameters/source"}, {"$ref": "#/components/parameters/target"},
          {"$ref": "#/components/parameters/actor"}, {"$ref": "#/components/parameters/cameo"},
          {"$ref": "#/components/parameters/quad_class"}, {"$ref": "#/components/parameters/plover"},
          {"$ref": "#/components/parameters/country"}, {"$ref": "#/components/parameters/bbox"},
          {"$ref": "#/components/parameters/q"})json";

}  // namespace

std::string_view OpenApiJson() {
  static const std::string doc = [] {
    std::string s(kOpenApi);
    constexpr std::string_view kMark = "\"@filters@\"";
    for (size_t at; (at = s.find(kMark)) != std::string::npos;) s.replace(at, kMark.size(), kFilters);
    return s;
  }();
  return doc;
}

}  // namespace dyad::serve
