// The OpenAPI 3.0 description of `dyad serve`'s JSON API, served at /api/openapi.json and
// kept beside doc/formats/serve-api.md (a test checks every path and parameter of the API
// is in both). Thread-safety: immutable data.
#ifndef DYAD_SERVE_OPENAPI_H_
#define DYAD_SERVE_OPENAPI_H_

#include <string_view>

namespace dyad::serve {

std::string_view OpenApiJson();

}  // namespace dyad::serve

#endif  // DYAD_SERVE_OPENAPI_H_
