// Forwarding header: the event record is public (include/dyad/event.h); the coder's code
// names it as coder::Event.
#ifndef DYAD_CODER_EVENT_H_
#define DYAD_CODER_EVENT_H_
#include "dyad/event.h"
namespace dyad::coder {
using ::dyad::ActorCodeOrNull;
using ::dyad::Event;
using ::dyad::EventActor;
using ::dyad::EventToJson;
}  // namespace dyad::coder
#endif  // DYAD_CODER_EVENT_H_
