#include "geo/gazetteer.h"

#include <algorithm>
#include <cmath>

#include "base/binary.h"
#include "base/file.h"
#include "geo/fold.h"

namespace dyad::geo {
namespace {

constexpr std::string_view kMagic = "DYADGAZT";
constexpr uint64_t kMaxGazetteerBytes = 1ull << 30;
constexpr size_t kHeaderBytes = 8 + 4 + 8 + 4;  // magic, version, payload length, crc
constexpr uint32_t kMaxCount = 1u << 24;

uint32_t WordCount(std::string_view key) {
  return key.empty() ? 0 : static_cast<uint32_t>(std::count(key.begin(), key.end(), ' ') + 1);
}

}  // namespace

void GazetteerBuilder::AddName(std::string_view name, uint32_t place, uint8_t flags) {
  std::string key = FoldPlaceName(name);
  if (key.empty()) return;
  std::string seen_key = key;
  seen_key.push_back('\0');
  seen_key.append(std::to_string(place));
  auto [it, inserted] = seen_.emplace(std::move(seen_key), names_.size());
  if (!inserted) {
    names_[it->second].flags |= flags;
    return;
  }
  names_.push_back({std::move(key), place, flags});
}

std::string GazetteerBuilder::Serialize() const {
  BinaryWriter w;
  w.PutU32(static_cast<uint32_t>(places_.size()));
  for (const Place& p : places_) {
    w.PutU8(static_cast<uint8_t>(p.kind));
    w.PutU32(p.geonames_id);
    w.PutU32(p.population);
    w.PutF32(p.lat);
    w.PutF32(p.lon);
    w.PutU32(p.country);
    w.PutU32(p.region);
    w.PutString(p.name);
    w.PutString(p.code);
  }
  w.PutU32(static_cast<uint32_t>(names_.size()));
  for (const NameEntry& n : names_) {
    w.PutString(n.key);
    w.PutU32(n.place);
    w.PutU8(n.flags);
  }
  const std::string payload = w.Release();
  BinaryWriter h;
  std::string out(kMagic);
  h.PutU32(kGazetteerVersion);
  h.PutU64(payload.size());
  h.PutU32(Crc32(payload));
  out += h.data();
  out += payload;
  return out;
}

Result<Gazetteer> Gazetteer::Parse(std::string_view bytes, const std::string& what) {
  BinaryReader header(bytes.substr(0, std::min(bytes.size(), kHeaderBytes)), what);
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic) {
    return header.Error("not a dyad gazetteer (bad magic)");
  }
  DYAD_RETURN_IF_ERROR(header.Skip(kMagic.size()));
  uint32_t version = 0, crc = 0;
  uint64_t length = 0;
  DYAD_RETURN_IF_ERROR(header.GetU32(&version));
  if (version != kGazetteerVersion) {
    return Status::Unsupported(what + ": gazetteer format version " + std::to_string(version) +
                               " (this dyad reads " + std::to_string(kGazetteerVersion) + ")");
  }
  DYAD_RETURN_IF_ERROR(header.GetU64(&length));
  DYAD_RETURN_IF_ERROR(header.GetU32(&crc));
  const std::string_view payload = bytes.substr(kHeaderBytes);
  if (payload.size() != length) {
    return BinaryReader(bytes, what, 0).Error(
        "payload is " + std::to_string(payload.size()) + " bytes, header says " +
        std::to_string(length) + (payload.size() < length ? " (truncated)" : " (trailing bytes)"));
  }
  if (Crc32(payload) != crc) {
    return BinaryReader(payload, what, kHeaderBytes).Error("checksum mismatch in the payload");
  }
  BinaryReader r(payload, what, kHeaderBytes);
  Gazetteer g;
  uint32_t n = 0;
  DYAD_RETURN_IF_ERROR(r.GetU32(&n));
  if (n > kMaxCount) return r.Error("place count " + std::to_string(n) + " is too large");
  g.places_.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    Place& p = g.places_[i];
    const size_t at = r.position();
    uint8_t kind = 0;
    DYAD_RETURN_IF_ERROR(r.GetU8(&kind));
    if (kind < 1 || kind > 3) {
      return BinaryReader(payload, what, kHeaderBytes).Error(
          "place " + std::to_string(i) + " at byte " + std::to_string(kHeaderBytes + at) +
          ": unknown kind " + std::to_string(kind));
    }
    p.kind = static_cast<PlaceKind>(kind);
    DYAD_RETURN_IF_ERROR(r.GetU32(&p.geonames_id));
    DYAD_RETURN_IF_ERROR(r.GetU32(&p.population));
    DYAD_RETURN_IF_ERROR(r.GetF32(&p.lat));
    DYAD_RETURN_IF_ERROR(r.GetF32(&p.lon));
    DYAD_RETURN_IF_ERROR(r.GetU32(&p.country));
    DYAD_RETURN_IF_ERROR(r.GetU32(&p.region));
    DYAD_RETURN_IF_ERROR(r.GetString(&p.name));
    DYAD_RETURN_IF_ERROR(r.GetString(&p.code));
    const bool bad_country = p.country >= n;
    const bool bad_region = p.region != kNoPlace && p.region >= n;
    if (bad_country || bad_region || !std::isfinite(p.lat) || !std::isfinite(p.lon)) {
      return r.Error("place " + std::to_string(i) + " (starting at byte " +
                     std::to_string(kHeaderBytes + at) + ") has an out-of-range field");
    }
  }
  DYAD_RETURN_IF_ERROR(r.GetU32(&n));
  if (n > kMaxCount) return r.Error("name count " + std::to_string(n) + " is too large");
  g.names_.resize(n);
  for (NameEntry& e : g.names_) {
    DYAD_RETURN_IF_ERROR(r.GetString(&e.key));
    DYAD_RETURN_IF_ERROR(r.GetU32(&e.place));
    DYAD_RETURN_IF_ERROR(r.GetU8(&e.flags));
    if (e.place >= g.places_.size()) return r.Error("a name's place index is out of range");
  }
  DYAD_RETURN_IF_ERROR(r.ExpectEnd());
  for (const Place& p : g.places_) {
    if (g.places_[p.country].kind != PlaceKind::kCountry) {
      return Status::Corruption(what + ": place '" + p.name + "' has a country that is not one");
    }
  }
  g.BuildIndex();
  return g;
}

Result<Gazetteer> Gazetteer::Load(const std::string& path) {
  // Checked before the whole file is read: a gazetteer is a few MB.
  const std::string_view magics[] = {kMagic};
  auto bytes = ReadFileWithMagic(path, kMaxGazetteerBytes, magics, "a dyad gazetteer");
  if (!bytes.ok()) return bytes.status();
  return Parse(*bytes, path);
}

void Gazetteer::BuildIndex() {
  index_.reserve(names_.size());
  for (const NameEntry& e : names_) {
    index_[e.key].push_back({e.place, e.flags});
    max_name_words_ = std::max(max_name_words_, WordCount(e.key));
    if ((e.flags & kNameSeat) && places_[e.place].kind == PlaceKind::kCity) {
      capitals_.emplace(places_[e.place].country, e.place);
    }
  }
  for (uint32_t i = 0; i < places_.size(); ++i) {
    if (places_[i].kind == PlaceKind::kCountry) countries_.emplace(places_[i].code, i);
  }
}

const std::vector<Gazetteer::Hit>& Gazetteer::Find(std::string_view key) const {
  static const std::vector<Hit> kNone;
  auto it = index_.find(std::string(key));
  return it == index_.end() ? kNone : it->second;
}

uint32_t Gazetteer::CountryByCode(std::string_view alpha3) const {
  auto it = countries_.find(std::string(alpha3));
  return it == countries_.end() ? kNoPlace : it->second;
}

uint32_t Gazetteer::CapitalOf(uint32_t country) const {
  auto it = capitals_.find(country);
  return it == capitals_.end() ? kNoPlace : it->second;
}

double Gazetteer::PriorScore(const Hit& hit) const {
  // Size counts most: log10 of the population, 4.2 (15,000) .. 7.4 (25 million), over 4;
  // a country's bare name wins over any region or city of that name; a city the country
  // dictionary names (capitals, major cities) gets a little more.
  const Place& p = places_[hit.place];
  const double size = std::log10(1.0 + p.population) / 4;
  switch (p.kind) {
    case PlaceKind::kCountry:
      return 2.0 + size / 25;
    case PlaceKind::kRegion:
      return size;  // a state loses to its same-named city of the dictionary ("Washington")
    case PlaceKind::kCity:
      break;
  }
  return size + ((hit.flags & kNameCapital) ? 0.4 : 0.0);
}

std::vector<Gazetteer::Candidate> Gazetteer::Lookup(std::string_view name) const {
  std::vector<Candidate> out;
  for (const Hit& h : Find(FoldPlaceName(name))) out.push_back({h.place, h.flags, PriorScore(h)});
  std::stable_sort(out.begin(), out.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  return out;
}

}  // namespace dyad::geo
