// The gazetteer: cities, first-level regions and countries with coordinates, population
// and GeoNames ids, and the names under which they are found (doc/formats/gazetteer.md).
// Built once by tools/geo-export (from the GeoNames data installed by Debian's
// libgeonames, CC BY 4.0, and dyad's own country dictionary) into a checksummed file that
// Gazetteer::Load reads in a few milliseconds. Lookup is by folded name (geo/fold.h):
// case-insensitive, accents folded.
// Thread-safety: a loaded Gazetteer is immutable and safe to share; GazetteerBuilder is a
// single-thread value.
#ifndef DYAD_GEO_GAZETTEER_H_
#define DYAD_GEO_GAZETTEER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace dyad::geo {

inline constexpr uint32_t kGazetteerVersion = 1;
inline constexpr uint32_t kNoPlace = 0xFFFFFFFFu;

// The precision code of an event's location: 1 city or town, 2 region, 3 country.
enum class PlaceKind : uint8_t { kCity = 1, kRegion = 2, kCountry = 3 };

struct Place {
  PlaceKind kind = PlaceKind::kCity;
  uint32_t geonames_id = 0;  // 0 when the source has none (regions, countries)
  uint32_t population = 0;
  float lat = 0, lon = 0;
  uint32_t country = kNoPlace;  // index of its country (a country: itself)
  uint32_t region = kNoPlace;   // index of its first-level region (a city), else kNoPlace
  std::string name;             // "Kandahar", "Helmand", "Afghanistan"
  std::string code;             // a country: ISO 3166 alpha-3 ("AFG"); a region: its
                                // GeoNames admin1 code ("10"); a city: empty
};

// How a name names its place (flags of a name entry).
enum NameFlags : uint8_t {
  kNameOfficial = 1,    // the place's own name in the source data
  kNameDictionary = 2,  // a name or demonym of a country in dyad's country dictionary
  kNameIso = 4,         // an ISO 3166 short, common or official country name
  kNameCapital = 8,     // a city the country dictionary names (a capital or major city)
  kNameSeat = 16,       // the country's capital: the first city of its dictionary entry
};

struct NameEntry {
  std::string key;  // folded (FoldPlaceName)
  uint32_t place = 0;
  uint8_t flags = 0;
};

class Gazetteer {
 public:
  // Errors: Corruption "<what>: byte N: ..." (bad magic, checksum, truncation, an index
  // out of range, trailing bytes), Unsupported (another format version).
  static Result<Gazetteer> Parse(std::string_view bytes, const std::string& what);
  // Errors: NotFound / IOError (naming the path), and Parse's.
  static Result<Gazetteer> Load(const std::string& path);

  const std::vector<Place>& places() const { return places_; }
  const Place& place(uint32_t i) const { return places_[i]; }
  const Place& country_of(const Place& p) const { return places_[p.country]; }
  size_t name_count() const { return names_.size(); }

  struct Hit {
    uint32_t place;
    uint8_t flags;
  };
  // Every place named `key` (already folded), in file order; empty when none.
  const std::vector<Hit>& Find(std::string_view folded_key) const;
  // The country with this alpha-3 code, or kNoPlace.
  uint32_t CountryByCode(std::string_view alpha3) const;
  // The capital city of country place `country` (a name flagged kNameSeat), or kNoPlace.
  uint32_t CapitalOf(uint32_t country) const;
  // The longest number of words of any name (mention finders try no longer spans).
  uint32_t max_name_words() const { return max_name_words_; }

  // A candidate for a name with its prior score (no context): countries over regions
  // over cities, larger places over smaller, cities the country dictionary names over
  // other cities.
  struct Candidate {
    uint32_t place;
    uint8_t flags;
    double score;
  };
  // Folds `name`, finds it, and scores every place; best first.
  std::vector<Candidate> Lookup(std::string_view name) const;
  double PriorScore(const Hit& hit) const;

 private:
  std::vector<Place> places_;
  std::vector<NameEntry> names_;
  std::unordered_map<std::string, std::vector<Hit>> index_;
  std::unordered_map<std::string, uint32_t> countries_;
  std::unordered_map<uint32_t, uint32_t> capitals_;  // country index -> city index
  uint32_t max_name_words_ = 0;
  friend class GazetteerBuilder;
  void BuildIndex();
};

// Writes a gazetteer file: places then names, as doc/formats/gazetteer.md says.
class GazetteerBuilder {
 public:
  uint32_t AddPlace(Place p) {
    places_.push_back(std::move(p));
    return static_cast<uint32_t>(places_.size() - 1);
  }
  Place& place(uint32_t i) { return places_[i]; }
  size_t place_count() const { return places_.size(); }
  // Adds `name` (folded here) for `place`; a repeated (name, place) pair merges its flags.
  void AddName(std::string_view name, uint32_t place, uint8_t flags);
  std::string Serialize() const;

 private:
  std::vector<Place> places_;
  std::vector<NameEntry> names_;
  std::unordered_map<std::string, size_t> seen_;  // key + '\0' + place -> names_ index
};

}  // namespace dyad::geo

#endif  // DYAD_GEO_GAZETTEER_H_
