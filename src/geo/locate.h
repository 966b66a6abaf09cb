// Place mentions and event locations (issue 13). For one document (or one chunk of a long
// one): finds the places its sentences name — after a locative preposition ("in Kandahar",
// "near the border town of Torkham", "in northern Helmand", "near parliament" and "in the
// capital" = the country's capital), before a region word
// ("Helmand province"), "X-based", a place noun's compound ("a Kabul hotel") — and its
// dateline's ("KABUL, Afghanistan (AP) —"); resolves each name among the gazetteer's
// candidates by the document's countries (its actors', its dateline's, its other places')
// and size; and gives every event the place attached to its verb or event noun, else its
// clause's, else its sentence's, else the dateline's, else the document's nearest place.
// An actor's country is never taken as the event's place.
// Thread-safety: a Locator is immutable after construction; Locate writes only its
// arguments.
#ifndef DYAD_GEO_LOCATE_H_
#define DYAD_GEO_LOCATE_H_

#include <string>
#include <string_view>
#include <vector>

#include "dyad/document.h"
#include "dyad/event.h"
#include "geo/gazetteer.h"

namespace dyad::geo {

struct PlaceMention {
  uint32_t sentence = 0;       // index into the sentences given to FindMentions
  uint32_t first = 0, last = 0;  // word span (0-based, inclusive)
  std::string text;
  std::string key;             // folded
  // kPossessive ("Kazakhstan's president declared") is weak: it places an event only when
  // its sentence names no other place and the story has no dateline.
  // kSeat: a place in a country's capital named by what stands there ("near parliament",
  // "outside the presidential palace", "in the Afghan capital"), or the country itself
  // ("in the streets", "across the country", "nationwide"); it has no key and is resolved
  // to seat_country (or its capital), else to the document's main country (or its capital).
  enum class Cue : uint8_t { kPreposition, kCityWord, kRegionWord, kBased, kCompound, kPossessive, kSeat } cue{};
  uint32_t place = kNoPlace;   // resolved
  uint32_t seat_country = kNoPlace;  // kSeat: the country named before the noun, if any
  bool seat_is_country = false;      // kSeat: "in the streets", "across the country",
                                     // "nationwide" name the country itself
};

class Locator {
 public:
  explicit Locator(const Gazetteer* gazetteer) : g_(gazetteer) {}

  // The place mentions of `sentences` (parsed), unresolved.
  std::vector<PlaceMention> FindMentions(const std::vector<Sentence>& sentences) const;
  // The dateline's place ("KABUL, Afghanistan (AP) —"), resolved; kNoPlace when none.
  uint32_t DatelinePlace(std::string_view dateline, std::string* text) const;
  // Chooses each mention's place given the document's countries (gazetteer indices).
  void Resolve(std::vector<PlaceMention>* mentions, const std::vector<uint32_t>& countries) const;
  // Sets the location of events[first_event..] whose sentence_index is
  // first_sentence + k for sentences[k].
  void Locate(std::string_view dateline, const std::vector<Sentence>& sentences,
              uint32_t first_sentence, std::vector<Event>* events, size_t first_event) const;
  // The location record of a place.
  EventLocation LocationOf(uint32_t place, std::string text, std::string from) const;

 private:
  bool Demonym(const std::string& key) const;
  bool SeatMention(const Sentence& s, uint32_t word, PlaceMention* m) const;
  uint32_t CountryNamed(const std::string& key) const;
  bool WellKnown(const std::string& key) const;
  const Gazetteer* g_;
};

}  // namespace dyad::geo

#endif  // DYAD_GEO_LOCATE_H_
