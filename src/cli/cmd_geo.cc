// dyad geo lookup NAME [--gazetteer FILE]: the gazetteer's candidates for a place name
// with their prior scores (countries over regions over cities, larger over smaller, the
// cities dyad's country dictionary names over others), best first; the scores a document's
// context adds are in geo/locate.cc. Exit status 0 when the name is found, 1 when not.
#include <chrono>
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "dyad/engine.h"
#include "geo/gazetteer.h"

namespace dyad::cli {
namespace {

const char* KindName(geo::PlaceKind k) {
  switch (k) {
    case geo::PlaceKind::kCity: return "city";
    case geo::PlaceKind::kRegion: return "region";
    case geo::PlaceKind::kCountry: return "country";
  }
  return "?";
}

int Lookup(const std::string& path_arg, const std::string& name) {
  const std::string path = path_arg.empty() ? DefaultGazetteerPath() : path_arg;
  const auto start = std::chrono::steady_clock::now();
  auto g = geo::Gazetteer::Load(path);
  if (!g.ok()) return Report(g.status());
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "gazetteer %s: %zu places, %zu names, loaded in %.0f ms\n", path.c_str(),
               g->places().size(), g->name_count(), ms);
  const auto candidates = g->Lookup(name);
  if (candidates.empty()) {
    std::printf("%s: not in the gazetteer\n", name.c_str());
    return 1;
  }
  std::printf("score  kind     geonames  country  admin1 / name (population, lat, lon)\n");
  for (const auto& c : candidates) {
    const geo::Place& p = g->place(c.place);
    const std::string admin1 = p.region != geo::kNoPlace ? g->place(p.region).name + " / " : "";
    std::printf("%5.2f  %-7s  %8u  %-7s  %s%s (%u, %.4f, %.4f)%s\n", c.score, KindName(p.kind),
                p.geonames_id, g->country_of(p).code.c_str(), admin1.c_str(), p.name.c_str(),
                p.population, p.lat, p.lon, (c.flags & geo::kNameCapital) ? " [dictionary city]" : "");
  }
  return 0;
}

}  // namespace

void RegisterGeo(CLI::App& app) {
  auto* geo_cmd = app.add_subcommand("geo", "Gazetteer tools (doc/formats/gazetteer.md)");
  geo_cmd->require_subcommand(1);
  static std::string name, path;
  auto* lookup = geo_cmd->add_subcommand("lookup", "Show the gazetteer's candidates for a place name");
  lookup->add_option("NAME", name, "a place name, e.g. \"Hyderabad\"")->required();
  lookup->add_option("--gazetteer", path, "gazetteer file (default: the build's)");
  lookup->callback([] { SetExitCode(Lookup(path, name)); });
}

}  // namespace dyad::cli
