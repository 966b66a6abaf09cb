// geo-export: builds dyad's gazetteer file (doc/formats/gazetteer.md) at build time.
//
//   geo-export LIBGEONAMES_SO ISO_3166_JSON COUNTRIES_DICT OUT
//
// Reads, from what Debian installs:
//  * the GeoNames cities (15,000+ inhabitants, CC BY 4.0, geonames.org) that libgeonames
//    carries as a GVariant array inside a GResource section of its shared library. This
//    tool reads that data only: it opens the library file as bytes, finds the ELF section
//    ".gresource.geonames" and decodes it with GLib (LGPL); no libgeonames (GPL-3) code is
//    linked or called, and no GeoNames data is kept in dyad's repository.
//  * ISO 3166-1 alpha-2 -> alpha-3 codes and country names from iso-codes' JSON.
//  * dyad's own country dictionary (names, demonyms and the cities it names).
// and writes one checksummed file in the build tree. Exit status 0 on success, 1 on an
// error (printed to stderr).
#include <elf.h>
#include <gio/gio.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "base/file.h"
#include "geo/fold.h"
#include "geo/gazetteer.h"

namespace {

using dyad::geo::GazetteerBuilder;
using dyad::geo::kNoPlace;
using dyad::geo::Place;
using dyad::geo::PlaceKind;

[[noreturn]] void Die(const std::string& msg) {
  std::fprintf(stderr, "geo-export: %s\n", msg.c_str());
  std::exit(1);
}

// The bytes of ELF section `name` of a 64-bit little-endian ELF file.
std::string_view ElfSection(std::string_view elf, std::string_view name) {
  if (elf.size() < sizeof(Elf64_Ehdr) || std::memcmp(elf.data(), ELFMAG, SELFMAG) != 0 ||
      elf[EI_CLASS] != ELFCLASS64) {
    Die("not a 64-bit ELF file");
  }
  Elf64_Ehdr eh;
  std::memcpy(&eh, elf.data(), sizeof eh);
  auto section = [&](size_t i) {
    Elf64_Shdr sh;
    const size_t at = eh.e_shoff + i * sizeof(Elf64_Shdr);
    if (at + sizeof sh > elf.size()) Die("truncated ELF section table");
    std::memcpy(&sh, elf.data() + at, sizeof sh);
    if (sh.sh_type != SHT_NOBITS && sh.sh_offset + sh.sh_size > elf.size()) Die("bad ELF section");
    return sh;
  };
  const Elf64_Shdr strtab = section(eh.e_shstrndx);
  for (size_t i = 0; i < eh.e_shnum; ++i) {
    const Elf64_Shdr sh = section(i);
    if (sh.sh_name >= strtab.sh_size) continue;
    const char* n = elf.data() + strtab.sh_offset + sh.sh_name;
    if (name == n) return elf.substr(sh.sh_offset, sh.sh_size);
  }
  Die("no section " + std::string(name) + " (is this libgeonames?)");
}

struct City {
  uint32_t id;
  std::string name, admin1, state, cc, country;
  uint32_t population;
  double lat, lon;
};

std::vector<City> ReadCities(const std::string& so_path) {
  auto bytes = dyad::ReadFile(so_path);
  if (!bytes.ok()) Die(bytes.status().ToString());
  const std::string_view section = ElfSection(*bytes, ".gresource.geonames");
  GBytes* data = g_bytes_new(section.data(), section.size());
  GError* err = nullptr;
  GResource* res = g_resource_new_from_data(data, &err);
  if (res == nullptr) Die(std::string("GResource: ") + err->message);
  GBytes* compiled = g_resource_lookup_data(res, "/com/lomiri/geonames/cities.compiled",
                                            G_RESOURCE_LOOKUP_FLAGS_NONE, &err);
  if (compiled == nullptr) Die(std::string("cities.compiled: ") + err->message);
  // (geonames id, name, admin1 code, admin1 name, country code, country name, time zone,
  // population, latitude, longitude)
  GVariant* v = g_variant_new_from_bytes(G_VARIANT_TYPE("a(sssssssudd)"), compiled, TRUE);
  std::vector<City> out;
  const gsize n = g_variant_n_children(v);
  for (gsize i = 0; i < n; ++i) {
    GVariant* c = g_variant_get_child_value(v, i);
    const char *id, *name, *admin1, *state, *cc, *country, *tz;
    City city;
    g_variant_get(c, "(&s&s&s&s&s&s&sudd)", &id, &name, &admin1, &state, &cc, &country, &tz,
                  &city.population, &city.lat, &city.lon);
    char* end = nullptr;
    city.id = static_cast<uint32_t>(std::strtoul(id, &end, 10));
    if (end == id || *end != '\0' || std::strlen(cc) != 2 || std::fabs(city.lat) > 90 ||
        std::fabs(city.lon) > 180) {
      Die("unexpected record " + std::to_string(i) + " in cities.compiled (its layout changed?)");
    }
    city.name = name;
    city.admin1 = admin1;
    city.state = state;
    city.cc = cc;
    city.country = country;
    out.push_back(std::move(city));
    g_variant_unref(c);
  }
  g_variant_unref(v);
  g_bytes_unref(compiled);
  g_resource_unref(res);
  g_bytes_unref(data);
  if (out.size() < 1000) Die("only " + std::to_string(out.size()) + " cities");
  return out;
}

// Words that are no place when a name is cut down to them ("East Province" -> "East",
// "Union City" -> "Union", "University City" -> "University").
bool GenericWord(const std::string& name) {
  static const char* kWords[] = {"east", "west", "north", "south", "central", "northern", "southern",
                                 "eastern", "western", "union", "asia", "africa", "europe", "america",
                                 "university", "capital", "federal", "national", "new", "lake", "river",
                                 "coast", "island", "islands", "valley", "mountain", "city", "garden",
                                 "park", "port", "border", "upper", "lower", "middle", "greater",
                                 "metropolitan", "special", "autonomous", "free", "republic", "state",
                                 "district", "region", "province", "county", "sea", "gulf", "bay"};
  const std::string key = dyad::geo::FoldPlaceName(name);
  for (const char* w : kWords) {
    if (key == w) return true;
  }
  return false;
}

// Region names also go without their type word: "Donetsk Oblast" -> "Donetsk".
std::string StripRegionWord(const std::string& name) {
  static const char* kSuffixes[] = {" Province", " Oblast", " Region", " Governorate", " State",
                                    " Prefecture", " District", " Division", " Department",
                                    " Krai", " Territory", " County", " Emirate",
                                    " Uyghur Autonomous Region", " Autonomous Region"};
  for (const char* s : kSuffixes) {
    const size_t k = std::strlen(s);
    if (name.size() > k && name.compare(name.size() - k, k, s) == 0) return name.substr(0, name.size() - k);
  }
  static const char* kPrefixes[] = {"Province of ", "State of ", "Region of ", "Departamento de ",
                                    "Provincia de ", "Estado de ", "Al ", "Al-", "As ", "Ash "};
  for (const char* p : kPrefixes) {
    const size_t k = std::strlen(p);
    if (name.size() > k && name.compare(0, k, p) == 0) return name.substr(k);
  }
  return std::string();
}

struct DictCountry {
  std::string code;
  std::vector<std::string> phrases;
};

// dyad's country dictionary: records whose one undated code is a bare 3-letter root.
std::vector<DictCountry> ReadCountryDictionary(const std::string& path) {
  std::ifstream in(path);
  if (!in) Die("cannot read " + path);
  std::vector<DictCountry> out;
  std::vector<std::string> phrases;
  std::vector<std::string> codes;
  auto flush = [&] {
    std::string code;
    for (const std::string& c : codes) {
      if (c.size() == 3 && std::all_of(c.begin(), c.end(), [](char x) { return x >= 'A' && x <= 'Z'; })) code = c;
    }
    if (!code.empty() && !phrases.empty()) out.push_back({code, phrases});
    phrases.clear();
    codes.clear();
  };
  std::string line;
  while (std::getline(in, line)) {
    if (const size_t h = line.find('#'); h != std::string::npos) line.resize(h);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    if (line.empty()) continue;
    const bool indented = std::isspace(static_cast<unsigned char>(line[0]));
    if (!indented && line[0] != '+' && line[0] != '[') flush();
    size_t pos = line.find_first_not_of(" \t");
    if (line[pos] == '+') ++pos;
    if (line[pos] != '[') {
      const size_t end = line.find_first_of(" \t[", pos);
      std::string phrase = line.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
      for (char& c : phrase) if (c == '_') c = ' ';
      phrases.push_back(phrase);
    }
    for (size_t b = line.find('['); b != std::string::npos; b = line.find('[', b + 1)) {
      const size_t e = line.find(']', b);
      if (e == std::string::npos) break;
      const std::string item = line.substr(b + 1, e - b - 1);
      if (item.find_first_of(" <>-") == std::string::npos) codes.push_back(item);
    }
  }
  flush();
  return out;
}

// The one region of `country` whose folded name starts with `key` and a space, else kNoPlace.
uint32_t RegionStartingWith(const std::map<std::pair<std::string, uint32_t>, uint32_t>& regions,
                            const std::string& key, uint32_t country) {
  uint32_t found = kNoPlace;
  for (auto it = regions.lower_bound({key + " ", 0}); it != regions.end(); ++it) {
    if (it->first.first.compare(0, key.size() + 1, key + " ") != 0) break;
    if (it->first.second != country) continue;
    if (found != kNoPlace && found != it->second) return kNoPlace;
    found = it->second;
  }
  return found;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: geo-export LIBGEONAMES_SO ISO_3166_JSON COUNTRIES_DICT OUT\n");
    return 2;
  }
  const std::vector<City> cities = ReadCities(argv[1]);

  // ISO 3166-1: alpha-2 -> alpha-3 and names. CAMEO's own codes where dyad's dictionary
  // uses them (Kosovo KSV, Timor-Leste TMP).
  std::map<std::string, nlohmann::json> iso;
  {
    auto text = dyad::ReadFile(argv[2]);
    if (!text.ok()) Die(text.status().ToString());
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.contains("3166-1")) Die(std::string(argv[2]) + ": not iso-codes JSON");
    for (const auto& c : j["3166-1"]) iso[c.value("alpha_2", "")] = c;
  }
  auto alpha3 = [&](const std::string& cc) -> std::string {
    if (cc == "XK") return "KSV";
    if (cc == "TL") return "TMP";
    auto it = iso.find(cc);
    return it == iso.end() ? std::string() : it->second.value("alpha_3", "");
  };

  GazetteerBuilder b;
  std::map<std::string, uint32_t> country_of_cc;
  std::map<std::pair<std::string, std::string>, uint32_t> region_of;
  std::map<uint32_t, double> weight;  // population-weighted centroids of countries and regions
  for (const City& c : cities) {
    if (!country_of_cc.count(c.cc)) {
      const std::string code = alpha3(c.cc);
      if (code.empty()) continue;
      Place p;
      p.kind = PlaceKind::kCountry;
      p.name = c.country;
      p.code = code;
      const uint32_t i = b.AddPlace(p);
      b.place(i).country = i;
      country_of_cc[c.cc] = i;
    }
  }
  auto accumulate = [&](uint32_t i, const City& c) {
    Place& p = b.place(i);
    const double w = std::max<double>(c.population, 1);
    const double total = weight[i];
    p.lat = static_cast<float>((p.lat * total + c.lat * w) / (total + w));
    p.lon = static_cast<float>((p.lon * total + c.lon * w) / (total + w));
    weight[i] = total + w;
    p.population += c.population;
  };
  std::vector<uint32_t> city_place(cities.size(), kNoPlace);
  for (size_t k = 0; k < cities.size(); ++k) {
    const City& c = cities[k];
    auto cit = country_of_cc.find(c.cc);
    if (cit == country_of_cc.end()) continue;
    uint32_t region = kNoPlace;
    if (!c.admin1.empty() && !c.state.empty()) {
      auto [it, added] = region_of.emplace(std::make_pair(c.cc, c.admin1), 0);
      if (added) {
        Place r;
        r.kind = PlaceKind::kRegion;
        r.name = c.state;
        r.code = c.admin1;
        r.country = cit->second;
        it->second = b.AddPlace(r);
      }
      region = it->second;
      accumulate(region, c);
    }
    accumulate(cit->second, c);
    Place p;
    p.kind = PlaceKind::kCity;
    p.geonames_id = c.id;
    p.population = c.population;
    p.lat = static_cast<float>(c.lat);
    p.lon = static_cast<float>(c.lon);
    p.country = cit->second;
    p.region = region;
    p.name = c.name;
    city_place[k] = b.AddPlace(p);
  }
  // Names: cities, regions (also without "Province", "Oblast"...), countries.
  std::map<std::pair<std::string, uint32_t>, uint32_t> city_by_name;  // (key, country)
  std::map<std::pair<std::string, uint32_t>, uint32_t> region_by_name;
  for (size_t k = 0; k < cities.size(); ++k) {
    if (city_place[k] == kNoPlace) continue;
    // "Washington, D.C." is also found as "Washington".
    // "Marawi City" also as "Marawi".
    std::vector<std::string> names = {cities[k].name};
    if (const size_t comma = cities[k].name.find(", "); comma != std::string::npos) {
      names.push_back(cities[k].name.substr(0, comma));
    }
    // "Washington D.C.", "Bogota D.C." (a capital district) also without "D.C.".
    if (const std::string& n = cities[k].name; n.size() > 5 && n.compare(n.size() - 5, 5, " D.C.") == 0) {
      names.push_back(n.substr(0, n.size() - 5));
    }
    if (const std::string& n = cities[k].name; n.size() > 5 && n.compare(n.size() - 5, 5, " City") == 0) {
      if (!GenericWord(n.substr(0, n.size() - 5))) names.push_back(n.substr(0, n.size() - 5));
    }
    for (const std::string& name : names) {
      b.AddName(name, city_place[k], dyad::geo::kNameOfficial);
      // The dictionary's city of a name is the country's most populous city of that name.
      auto [it, added] = city_by_name.emplace(
          std::make_pair(dyad::geo::FoldPlaceName(name), b.place(city_place[k]).country), city_place[k]);
      if (!added && b.place(it->second).population < cities[k].population) it->second = city_place[k];
    }
  }
  for (const auto& [key, i] : region_of) {
    const Place& r = b.place(i);
    b.AddName(r.name, i, dyad::geo::kNameOfficial);
    region_by_name.emplace(std::make_pair(dyad::geo::FoldPlaceName(r.name), r.country), i);
    if (std::string s = StripRegionWord(r.name); !s.empty() && !GenericWord(s)) {
      b.AddName(s, i, dyad::geo::kNameOfficial);
      region_by_name.emplace(std::make_pair(dyad::geo::FoldPlaceName(s), r.country), i);
    }
  }
  std::map<std::string, uint32_t> country_by_code;
  for (const auto& [cc, i] : country_of_cc) {
    b.AddName(b.place(i).name, i, dyad::geo::kNameOfficial);
    country_by_code[b.place(i).code] = i;
    if (auto it = iso.find(cc); it != iso.end()) {
      for (const char* field : {"name", "common_name", "official_name"}) {
        if (it->second.contains(field)) b.AddName(it->second.value(field, ""), i, dyad::geo::kNameIso);
      }
    }
  }
  // dyad's country dictionary: a phrase that names a city (or region) of its country marks
  // that place as one the dictionary knows; any other phrase is a name of the country.
  for (const DictCountry& d : ReadCountryDictionary(argv[3])) {
    auto cit = country_by_code.find(d.code);
    if (cit == country_by_code.end()) continue;
    // The first city of a country's entry is its capital (the dictionary's convention:
    // names and demonyms, then the capital, then other cities).
    bool capital_seen = false;
    for (const std::string& phrase : d.phrases) {
      const std::string key = dyad::geo::FoldPlaceName(phrase);
      if (auto it = city_by_name.find({key, cit->second}); it != city_by_name.end()) {
        b.AddName(phrase, it->second,
                  dyad::geo::kNameCapital | (capital_seen ? 0 : dyad::geo::kNameSeat));
        capital_seen = true;
      } else if (auto rt = region_by_name.find({key, cit->second}); rt != region_by_name.end()) {
        b.AddName(phrase, rt->second, dyad::geo::kNameDictionary);
      } else if (uint32_t r = RegionStartingWith(region_by_name, key, cit->second); r != kNoPlace) {
        b.AddName(phrase, r, dyad::geo::kNameDictionary);  // "Xinjiang" -> "Xinjiang Uyghur ..."
      } else {
        b.AddName(phrase, cit->second, dyad::geo::kNameDictionary);
      }
    }
  }
  const std::string out = b.Serialize();
  if (dyad::Status s = dyad::WriteFileAtomic(argv[4], out); !s.ok()) Die(s.ToString());
  std::fprintf(stderr, "geo-export: %zu places (%zu cities, %zu regions, %zu countries), %zu bytes\n",
               b.place_count(), cities.size(), region_of.size(), country_of_cc.size(), out.size());
  return 0;
}
