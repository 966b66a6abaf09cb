// Internal: the per-format readers behind DictionarySet::Load(). Each reads the text of
// one file (already converted to UTF-8) into its dictionary, reporting malformed lines to
// the ParseContext, and returns the number of entries read. A reader stops early when
// the context is stopped (strict mode). Thread-safety: a reader mutates only the
// dictionary it is given; distinct dictionaries may be read concurrently.
#ifndef DYAD_DICT_READERS_H_
#define DYAD_DICT_READERS_H_

#include <optional>
#include <string_view>
#include <vector>

#include "dict/dictionary.h"
#include "dict/reader_util.h"

namespace dyad::dict {

class VerbReader {
 public:
  // Reads one verb file: synsets, blocks, members, patterns, transformations; then
  // resolves the synset references of the new patterns (against every synset read so
  // far), expands the synsets, builds the verb-form index and orders each block's
  // patterns. Returns the number of patterns.
  static size_t Read(std::string_view text, LoadOptions::VerbFormatChoice format,
                     ParseContext* ctx, VerbDictionary* dict);

 private:
  struct FileReader;  // verb_reader.cc: one file's reading, phase by phase
};

class ActorReader {
 public:
  // Returns the number of actor records.
  static size_t Read(std::string_view text, ParseContext* ctx, ActorDictionary* dict);
};

class AgentReader {
 public:
  // Returns the number of agent lines (before expansion).
  static size_t Read(std::string_view text, ParseContext* ctx, AgentDictionary* dict);

 private:
  // Adds the agent `phrase` (a copy of `proto` with its words) and its plural: `plural`
  // as written, none when empty, the regular plural of the last word when nullopt. A
  // phrase written again replaces the earlier entry (with a warning unless that was a
  // plural); a plural replaces only another plural.
  static void AddAgent(const AgentEntry& proto, std::string_view phrase,
                       std::optional<std::string_view> plural, int line, ParseContext* ctx,
                       AgentDictionary* dict);
};

class DiscardReader {
 public:
  static size_t Read(std::string_view text, ParseContext* ctx, DiscardDictionary* dict);
};

class IssueReader {
 public:
  // Returns the number of issue lines (before expansion).
  static size_t Read(std::string_view text, ParseContext* ctx, IssueDictionary* dict);
};

// Reads PETR.Internal.Coding.Ontology.txt lines `CODE:EXPR # comment`.
size_t ReadOntology(std::string_view text, ParseContext* ctx, std::vector<OntologyEntry>* out);

}  // namespace dyad::dict

#endif  // DYAD_DICT_READERS_H_
