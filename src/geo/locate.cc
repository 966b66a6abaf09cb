#include "geo/locate.h"

#include <algorithm>
#include <cstdlib>

#include "geo/fold.h"

namespace dyad::geo {
namespace {

constexpr uint32_t kMaxSpanWords = 7;  // tokens: "Port - au - Prince"

bool In(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool Capitalized(std::string_view w) {
  if (w.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(w[0]);
  // An ASCII capital or a Latin letter of U+00C0..U+02FF ("Öland"); not '’' (U+2019).
  return (c >= 'A' && c <= 'Z') || (c >= 0xC3 && c <= 0xCB);
}

// Words that may stand inside a place name ("Dera Ismail Khan", "Port-au-Prince",
// "Rio de Janeiro", "Bosnia and Herzegovina").
bool Connector(std::string_view w) {
  return In(w, {"-", "the", "al", "el", "de", "da", "do", "du", "la", "le", "of", "and", "upon", "au", "en", "ad", "as"});
}

// Month and weekday names that are also towns ("March", "Sunday"): dates, not places.
bool DateWord(std::string_view lower) {
  return In(lower, {"january", "february", "march", "april", "may", "june", "july", "august",
                    "september", "october", "november", "december", "monday", "tuesday",
                    "wednesday", "thursday", "friday", "saturday", "sunday"});
}

bool LocativePreposition(std::string_view w) {
  return In(w, {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within",
                "into", "from", "to", "toward", "towards", "through", "on", "off", "nearby", "between"});
}

// Words between a preposition and the name: "in the northern", "near the border town of".
bool Filler(std::string_view w) {
  return In(w, {"the", "northern", "southern", "eastern", "western", "central", "north", "south",
                "east", "west", "northeastern", "northwestern", "southeastern", "southwestern",
                "downtown", "restive", "neighbouring", "neighboring", "occupied", "coastal",
                "capital", "rural", "remote", "war-torn", "besieged", "much", "parts", "part",
                "most", "all", "of", "areas", "area"});
}

bool CityWord(std::string_view w) {
  return In(w, {"city", "town", "village", "capital", "port", "suburb", "outskirts", "township",
                "cities", "towns", "villages"});
}

bool RegionWord(std::string_view w) {
  return In(w, {"province", "region", "state", "district", "governorate", "oblast", "county",
                "prefecture", "provinces", "regions", "states", "territory", "division", "department"});
}

// The word of span [a, b] whose head is outside it (0-based), or a.
uint32_t SpanHead(const Sentence& s, uint32_t a, uint32_t b) {
  for (uint32_t i = a; i <= b; ++i) {
    const int32_t h = s.words[i].head - 1;
    if (h < static_cast<int32_t>(a) || h > static_cast<int32_t>(b)) return i;
  }
  return a;
}

bool IsPredicate(const Word& w) { return w.upos == Upos::kVERB; }

}  // namespace

bool Locator::WellKnown(const std::string& key) const {
  // A city the country dictionary names, or one of a million people: "a Kabul hotel",
  // not "her Asia tour".
  for (const Gazetteer::Hit& h : g_->Find(key)) {
    const Place& p = g_->place(h.place);
    if ((h.flags & kNameCapital) || (p.kind == PlaceKind::kCity && p.population >= 1000000)) return true;
  }
  return false;
}

bool Locator::Demonym(const std::string& key) const {
  // A name only dyad's country dictionary gives ("Kenyan", "Afghans", "Pakistani") that
  // reads as a demonym is an adjective, not a place.
  const auto& hits = g_->Find(key);
  if (hits.empty()) return false;
  for (const Gazetteer::Hit& h : hits) {
    if (h.flags != kNameDictionary) return false;
  }
  auto ends = [&](std::string_view suffix) {
    return key.size() > suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends("an") || ends("ans") || ends("ese") || ends("ish") || ends("i") || ends("is") ||
         ends("ic") || ends("ot") || ends("ots");
}

uint32_t Locator::CountryNamed(const std::string& key) const {
  for (const Gazetteer::Hit& h : g_->Find(key)) {
    if (g_->place(h.place).kind == PlaceKind::kCountry) return h.place;
  }
  return kNoPlace;
}

// "near parliament", "outside the presidential palace", "in the capital", "in the Somali
// capital": after a locative preposition, a noun for what stands in a country's capital.
// The country may be named on the way back to the preposition ("the Kenyan parliament").
bool Locator::SeatMention(const Sentence& s, uint32_t i, PlaceMention* m) const {
  const std::vector<Word>& w = s.words;
  const auto n = static_cast<uint32_t>(w.size());
  const std::string noun = Lower(w[i].form);
  const std::string prev = i > 0 ? Lower(w[i - 1].form) : std::string();
  // "in the streets", "across the country", "nationwide": the document's country itself.
  const bool country_level = noun == "nationwide" ||
                             ((noun == "country" || noun == "nation" || noun == "streets") && prev == "the" &&
                              !(i + 1 < n && (Lower(w[i + 1].form) == "'s" || w[i + 1].form == "\u2019s" ||
                                              w[i + 1].upos == Upos::kNOUN)));
  if (noun == "nationwide") {
    m->first = m->last = i;
    m->text = std::string(w[i].form);
    m->key.clear();
    m->cue = PlaceMention::Cue::kSeat;
    m->seat_country = kNoPlace;
    m->seat_is_country = true;
    return true;
  }
  if (country_level) {
    // handled with the preposition below
  } else if (noun == "capital") {
    // The noun alone: not "the capital Kabul", "the capital of", "capital punishment".
    if (i + 1 < n && (w[i + 1].upos == Upos::kNOUN || w[i + 1].upos == Upos::kPROPN ||
                      Capitalized(w[i + 1].form) || Lower(w[i + 1].form) == "of")) {
      return false;
    }
  } else if (!(noun == "parliament" || (noun == "palace" && (prev == "presidential" || prev == "royal")) ||
               (noun == "court" && prev == "supreme") || (noun == "assembly" && prev == "national"))) {
    return false;
  }
  uint32_t country = kNoPlace;
  int32_t j = static_cast<int32_t>(i) - 1;
  if (country_level) j = static_cast<int32_t>(i) - 2;  // before "the"
  const bool walk = !country_level;
  while (walk && j >= 0) {
    const std::string l = Lower(w[j].form);
    if (Filler(l) || In(l, {"presidential", "royal", "supreme", "national", "federal", "country", "'s",
                            "\u2019s", "its", "their"})) {
      --j;
      continue;
    }
    if (country == kNoPlace && Capitalized(w[j].form)) {
      // "Kenyan", "Sri Lankan", "Afghanistan 's".
      uint32_t c = CountryNamed(FoldPlaceName(w[j].form));
      int32_t k = j;
      if (c == kNoPlace && j > 0) {
        c = CountryNamed(FoldPlaceName(std::string(w[j - 1].form) + " " + std::string(w[j].form)));
        k = j - 1;
      }
      if (c != kNoPlace) {
        country = c;
        j = k - 1;
        continue;
      }
    }
    break;
  }
  if (j < 0) return false;
  const std::string prep = Lower(w[j].form);
  if (!LocativePreposition(prep) || prep == "between") return false;
  m->first = static_cast<uint32_t>(j) + 1;
  m->last = i;
  m->text.clear();
  for (uint32_t k = m->first; k <= i; ++k) {
    if (k > m->first) m->text += ' ';
    m->text += w[k].form;
  }
  m->key.clear();
  m->cue = PlaceMention::Cue::kSeat;
  m->seat_country = country;
  m->seat_is_country = country_level;
  return true;
}

std::vector<PlaceMention> Locator::FindMentions(const std::vector<Sentence>& sentences) const {
  std::vector<PlaceMention> out;
  const uint32_t max_words = std::min(kMaxSpanWords, std::max<uint32_t>(g_->max_name_words(), 1));
  for (uint32_t si = 0; si < sentences.size(); ++si) {
    const std::vector<Word>& w = sentences[si].words;
    const uint32_t n = static_cast<uint32_t>(w.size());
    for (uint32_t i = 0; i < n; ++i) {
      std::string_view form = w[i].form;
      bool based = false;
      // "Kabul-based" kept as one token.
      if (form.size() > 6 && Lower(form.substr(form.size() - 6)) == "-based") {
        form = form.substr(0, form.size() - 6);
        based = true;
      }
      if (PlaceMention seat; !based && SeatMention(sentences[si], i, &seat)) {
        seat.sentence = si;
        out.push_back(std::move(seat));
        continue;
      }
      if (!Capitalized(form)) continue;
      // The longest name starting here.
      uint32_t best_len = 0;
      std::string best_key, best_text;
      std::string text;
      for (uint32_t k = 0; k < max_words && i + k < n && !based; ++k) {
        const std::string_view f = w[i + k].form;
        if (k > 0 && !Capitalized(f) && !Connector(Lower(f))) break;
        if (k > 0) text += (f == "-" || w[i + k - 1].form == "-") ? "" : " ";
        text += f;
        if (!Capitalized(f)) continue;
        std::string key = FoldPlaceName(text);
        if (!g_->Find(key).empty()) {
          best_len = k + 1;
          best_key = std::move(key);
          best_text = text;
        }
      }
      if (based) {
        best_key = FoldPlaceName(form);
        if (g_->Find(best_key).empty()) continue;
        best_len = 1;
        best_text = std::string(form);
      }
      if (best_len == 0 || (best_len == 1 && DateWord(best_key))) continue;
      if (Demonym(best_key)) continue;
      // Inside a longer name: "the European Union", "Northern Ireland" when only
      // "Ireland" is known, "Paris Saint-Germain".
      const uint32_t after = i + best_len;
      const std::string after_lower = after < n ? Lower(w[after].form) : std::string();
      const std::string before_lower = i > 0 ? Lower(w[i - 1].form) : std::string();
      const bool capital_before = i > 0 && Capitalized(w[i - 1].form) &&
                                  !Demonym(FoldPlaceName(w[i - 1].form)) &&
                                  !LocativePreposition(before_lower) && !Filler(before_lower) &&
                                  !In(before_lower, {"a", "an", "and", "but", "while", "after", "before",
                                                     "as", "when", "since", "until", "meanwhile"});
      const bool capital_after = after < n && Capitalized(w[after].form) && !RegionWord(after_lower) &&
                                 after_lower != "city";
      // "the University of Tehran", "the Bank of England": a one-word name before "of".
      const bool name_of = best_len == 1 && after_lower == "of";
      // "the Somali capital (Mogadishu)": the capital, not the country, is the place.
      const bool of_capital = after_lower == "capital";
      if (!based && (capital_before || capital_after || name_of || of_capital)) {
        i += best_len - 1;
        continue;
      }
      const uint32_t a = i, b = i + best_len - 1;
      PlaceMention m;
      m.sentence = si;
      m.first = a;
      m.last = b;
      m.text = best_text;
      m.key = best_key;
      bool cue = false;
      const std::string next = b + 1 < n ? Lower(w[b + 1].form) : std::string();
      if (based || (next == "-" && b + 2 < n && Lower(w[b + 2].form) == "based")) {
        m.cue = PlaceMention::Cue::kBased;
        cue = true;
      } else if (RegionWord(next)) {
        m.cue = PlaceMention::Cue::kRegionWord;
        cue = true;
      } else if (next == "city" && !(b + 2 < n && Lower(w[b + 2].form) == "council")) {
        m.cue = PlaceMention::Cue::kCityWord;
        cue = true;
      }
      if (!cue && a > 0) {
        // Back over fillers to a preposition: "in the northern city of X", "near X".
        int32_t j = static_cast<int32_t>(a) - 1;
        bool city_word = false, region_word = false;
        if (CityWord(Lower(w[j].form)) && Lower(w[j].form) != "outskirts") {
          // "the capital Mogadishu", "the town Kidal".
          city_word = true;
          cue = true;
        } else if (j >= 1 && Lower(w[j].form) == "of" && (CityWord(Lower(w[j - 1].form)) || RegionWord(Lower(w[j - 1].form)))) {
          city_word = CityWord(Lower(w[j - 1].form));
          region_word = !city_word;
          j -= 2;
          while (j >= 0 && (Filler(Lower(w[j].form)) || In(Lower(w[j].form), {"border", "frontline", "a", "key", "strategic", "holy", "ancient", "southern", "port"}))) --j;
          cue = true;
        } else {
          while (j >= 0 && (Filler(Lower(w[j].form)) || Demonym(FoldPlaceName(w[j].form)))) --j;
          cue = j >= 0 && LocativePreposition(Lower(w[j].form));
          // "the capital, Kabul," / "in Kabul's" are the same cue.
        }
        if (cue) {
          m.cue = city_word ? PlaceMention::Cue::kCityWord
                  : region_word ? PlaceMention::Cue::kRegionWord
                                : PlaceMention::Cue::kPreposition;
        }
      }
      if (!cue) {
        // A compound of a common noun: "a Kabul hotel", "the Kandahar airport".
        const uint32_t h = SpanHead(sentences[si], a, b);
        const int32_t head = w[h].head - 1;
        if (w[h].deprel == "compound" && head > static_cast<int32_t>(b) &&
            head < static_cast<int32_t>(n) && w[head].upos == Upos::kNOUN && WellKnown(m.key)) {
          m.cue = PlaceMention::Cue::kCompound;
          cue = true;
        }
      }
      if (!cue && (next == "'s" || next == "\u2019s")) {
        m.cue = PlaceMention::Cue::kPossessive;
        cue = true;
      }
      if (!cue) continue;
      out.push_back(std::move(m));
      i = b;
    }
  }
  return out;
}

uint32_t Locator::DatelinePlace(std::string_view dateline, std::string* text) const {
  // "KABUL, Afghanistan (AP) —", "NEW DELHI, Aug 21 (Reuters) -", "Kabul:"
  size_t end = dateline.find_first_of(",(:\xE2");
  std::string_view name = dateline.substr(0, end);
  while (!name.empty() && (name.back() == ' ' || name.back() == '-')) name.remove_suffix(1);
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  const std::string key = FoldPlaceName(name);
  if (key.empty() || g_->Find(key).empty()) return kNoPlace;
  // The word after the comma may name the country or region ("Afghanistan", "Pakistan").
  std::vector<uint32_t> context;
  if (end != std::string_view::npos && dateline[end] == ',') {
    std::string_view rest = dateline.substr(end + 1);
    rest = rest.substr(0, rest.find_first_of(",(:-\xE2"));
    for (const Gazetteer::Hit& h : g_->Find(FoldPlaceName(rest))) {
      context.push_back(g_->place(h.place).country);
      if (g_->place(h.place).kind == PlaceKind::kRegion) context.push_back(h.place);
    }
  }
  std::vector<PlaceMention> one(1);
  one[0].key = key;
  one[0].cue = PlaceMention::Cue::kCityWord;  // a dateline names a city
  Resolve(&one, context);
  if (text != nullptr) *text = std::string(name);
  return one[0].place;
}

void Locator::Resolve(std::vector<PlaceMention>* mentions,
                      const std::vector<uint32_t>& countries) const {
  auto in_context = [&](uint32_t i) {
    return std::find(countries.begin(), countries.end(), i) != countries.end();
  };
  for (PlaceMention& m : *mentions) {
    if (m.cue == PlaceMention::Cue::kSeat) continue;  // resolved by Locate
    double best = -1e9;
    m.place = kNoPlace;
    for (const Gazetteer::Hit& h : g_->Find(m.key)) {
      const Place& p = g_->place(h.place);
      double score = g_->PriorScore(h);
      if (in_context(p.country)) score += 0.8;
      if (p.region != kNoPlace && in_context(p.region)) score += 1.0;
      if (m.cue == PlaceMention::Cue::kRegionWord && p.kind == PlaceKind::kRegion) score += 3.0;
      if (m.cue == PlaceMention::Cue::kCityWord && p.kind == PlaceKind::kCity) score += 2.5;
      if (score > best) {
        best = score;
        m.place = h.place;
      }
    }
  }
}

EventLocation Locator::LocationOf(uint32_t place, std::string text, std::string from) const {
  EventLocation l;
  if (place == kNoPlace) return l;
  const Place& p = g_->place(place);
  l.text = std::move(text);
  l.name = p.name;
  l.geonames_id = p.geonames_id;
  l.country = g_->country_of(p).code;
  if (p.kind == PlaceKind::kRegion) l.admin1 = p.name;
  if (p.kind == PlaceKind::kCity && p.region != kNoPlace) l.admin1 = g_->place(p.region).name;
  l.lat = p.lat;
  l.lon = p.lon;
  l.precision = static_cast<int>(p.kind);
  l.from = std::move(from);
  return l;
}

// How closely a mention is tied to the event's verb (lower is closer): 10 its own
// oblique ("fired ... in Nairobi"); 20 through one of its arguments ("held talks in
// Beijing") or a clause above or below it; 25 through its subject ("officials from
// Tehran held"), which names who rather than where; 30 another clause of the sentence.
int LinkLevel(const Sentence& s, const PlaceMention& m, uint32_t verb) {
  const auto size = static_cast<int32_t>(s.words.size());
  int32_t at = static_cast<int32_t>(SpanHead(s, m.first, m.last));
  int32_t clause = -1;
  bool via_subject = false;
  for (int guard = 0; at >= 0 && at < size && guard < 64; ++guard) {
    if (static_cast<uint32_t>(at) == verb) {
      if (clause < 0 && guard == 1) return 10;
      return via_subject ? 25 : 20;
    }
    if (guard > 0 && s.words[at].deprel.rfind("nsubj", 0) == 0) via_subject = true;
    if (clause < 0 && IsPredicate(s.words[at]) && static_cast<uint32_t>(at) != m.first) clause = at;
    at = s.words[at].head - 1;
  }
  if (clause >= 0) {
    // Is the mention's predicate above the event verb?
    int32_t v = static_cast<int32_t>(verb);
    for (int guard = 0; v >= 0 && v < size && guard < 64; ++guard) {
      if (v == clause) return 20;
      v = s.words[v].head - 1;
    }
  }
  return 30;
}

void Locator::Locate(std::string_view dateline, const std::vector<Sentence>& sentences,
                     uint32_t first_sentence, std::vector<Event>* events,
                     size_t first_event) const {
  if (first_event >= events->size()) return;
  std::string dateline_text;
  const uint32_t dateline_place = dateline.empty() ? kNoPlace : DatelinePlace(dateline, &dateline_text);
  // The document's countries: its actors' and its dateline's.
  std::vector<uint32_t> countries;
  auto add = [&](uint32_t c) {
    if (c != kNoPlace && std::find(countries.begin(), countries.end(), c) == countries.end()) countries.push_back(c);
  };
  if (dateline_place != kNoPlace) add(g_->place(dateline_place).country);
  // How often the actors name each country (the main country of "near parliament").
  std::vector<std::pair<uint32_t, int>> actor_counts;
  for (size_t k = first_event; k < events->size(); ++k) {
    const Event& e = (*events)[k];
    for (const EventActor* a : {&e.source, &e.target}) {
      if (a->code.size() < 3) continue;
      const uint32_t c = g_->CountryByCode(std::string_view(a->code).substr(0, 3));
      if (c == kNoPlace) continue;
      add(c);
      auto it = std::find_if(actor_counts.begin(), actor_counts.end(), [&](const auto& p) { return p.first == c; });
      if (it == actor_counts.end()) actor_counts.emplace_back(c, 1);
      else ++it->second;
    }
  }
  std::vector<PlaceMention> mentions = FindMentions(sentences);
  // Names with one candidate add its country, and a region itself, to the context of the
  // ambiguous ones ("in Hyderabad ... in Sindh": the Hyderabad in Sindh).
  for (const PlaceMention& m : mentions) {
    const auto& hits = g_->Find(m.key);
    if (hits.size() != 1) continue;
    add(g_->place(hits[0].place).country);
    if (g_->place(hits[0].place).kind == PlaceKind::kRegion) add(hits[0].place);
  }
  Resolve(&mentions, countries);
  // "near parliament", "in the capital": the capital of the country named with it, else of
  // the document's main country (its dateline's, else the one its actors name most).
  uint32_t main_country = dateline_place != kNoPlace ? g_->place(dateline_place).country : kNoPlace;
  if (main_country == kNoPlace) {
    int most = 0;
    for (const auto& [c, count] : actor_counts) {
      if (count > most) {
        most = count;
        main_country = c;
      }
    }
  }
  for (PlaceMention& m : mentions) {
    if (m.cue != PlaceMention::Cue::kSeat) continue;
    const uint32_t c = m.seat_country != kNoPlace ? m.seat_country : main_country;
    m.place = c == kNoPlace ? kNoPlace : m.seat_is_country ? c : g_->CapitalOf(c);
    if (m.place == kNoPlace) m.place = m.seat_country;  // the country itself
  }
  for (size_t k = first_event; k < events->size(); ++k) {
    Event& e = (*events)[k];
    if (e.sentence_index < first_sentence) continue;
    const uint32_t si = e.sentence_index - first_sentence;
    if (si >= sentences.size()) continue;
    const Sentence& s = sentences[si];
    const PlaceMention* best = nullptr;
    int best_level = 100;
    int best_distance = 0;
    const PlaceMention* weak = nullptr;
    for (const PlaceMention& m : mentions) {
      if (m.sentence != si || m.place == kNoPlace) continue;
      if (m.cue == PlaceMention::Cue::kPossessive) {
        if (weak == nullptr) weak = &m;
        continue;
      }
      int level = LinkLevel(s, m, e.verb_word);
      if (m.seat_is_country) {
        // "nationwide", "in the streets" place only their own clause's events; a named
        // place tied as closely wins, and one reached through another clause or the
        // subject ("Paris police fired ... and thousands marched nationwide") too.
        if (level > 20) continue;
        level += level == 10 ? 1 : 6;
      }
      const int distance = std::abs(static_cast<int>(m.first) - static_cast<int>(e.verb_word));
      if (level < best_level || (level == best_level && distance < best_distance)) {
        best = &m;
        best_level = level;
        best_distance = distance;
      }
    }
    if (best != nullptr) {
      e.location = LocationOf(best->place, best->text, "sentence");
      continue;
    }
    if (dateline_place != kNoPlace) {
      e.location = LocationOf(dateline_place, dateline_text, "dateline");
      continue;
    }
    if (weak != nullptr) {
      e.location = LocationOf(weak->place, weak->text, "sentence");
      continue;
    }
    // The document's nearest place: the last one before the sentence, else the first after.
    const PlaceMention* near = nullptr;
    for (const PlaceMention& m : mentions) {
      if (m.place == kNoPlace || m.cue == PlaceMention::Cue::kPossessive) continue;
      if (m.sentence < si) near = &m;
      if (m.sentence > si) {
        if (near == nullptr) near = &m;
        break;
      }
    }
    if (near != nullptr) e.location = LocationOf(near->place, near->text, "document");
  }
}

}  // namespace dyad::geo
