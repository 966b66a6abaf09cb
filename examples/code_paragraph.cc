// Codes a paragraph through the installed dyad library and prints who did what to whom.
// Build: cmake -S examples -B build-example -DCMAKE_PREFIX_PATH=<dyad install prefix>
#include <cstdio>

#include "dyad/engine.h"

int main() {
  auto engine = dyad::Engine::Open({});  // the installed model and dictionaries
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    return 1;
  }
  auto scratch = (*engine)->NewScratch();
  dyad::Document doc;
  doc.id = "example";
  doc.date = "20240501";
  doc.text = "Russia invited the Taliban to Moscow for talks. The Taliban rejected the "
             "invitation. Germany condemned the attack on the embassy in Kabul.";
  std::vector<dyad::Event> events;
  if (dyad::Status s = (*engine)->Code(&doc, scratch.get(), &events); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  for (const dyad::Event& e : events) {
    std::printf("%s %s -> %s %s  (%s: %s)\n", e.date.c_str(),
                dyad::ActorCodeOrNull(e.source).c_str(), dyad::ActorCodeOrNull(e.target).c_str(),
                e.code.c_str(), e.verb_text.c_str(), e.pattern.c_str());
  }
  return events.empty() ? 2 : 0;
}
