// Reader of PETRARCH validation files (PETR.UnitTest.records*.xml, PETR2_GSR_validation.xml):
// an <Environment> naming the dictionaries, then <Sentence date= id=> records, each with
// <EventCoding sourcecode= targetcode= eventcode=/> expectations (or noevents="True"), a
// <Text> and usually a <Parse> holding a CoNLL-U (UD v1 or v2) tree. <Config option= value=/>
// elements between records change coding options for the records that follow.
//
// These files are not well-formed XML (free text outside elements, self-closing <Sentence/>
// followed by the record's content), so this is a small tolerant scanner, not an XML parser:
// it recognises the handful of elements above, skips comments, and decodes the five
// predefined entities. A malformed record does not stop reading: the record carries a
// non-OK `error` naming "<file>:<line>" and the scanner resumes at the next <Sentence>.
// Thread-safety: pure functions.
#ifndef DYAD_INPUT_PETRARCH_VALIDATION_H_
#define DYAD_INPUT_PETRARCH_VALIDATION_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "dyad/document.h"

namespace dyad::input {

struct ValidationEnvironment {
  std::string verb_file;                 // <Verbfile>
  std::vector<std::string> actor_files;  // <Actorfile>, comma-separated in the file
  std::string agent_file;                // <Agentfile>
  std::string discard_file;              // <Discardfile>
  std::string issue_file;                // <Issuefile>
  std::string include;                   // <Include> categories, verbatim
};

// One expected event; codes verbatim ("ARN", "---GOV", "050").
struct ExpectedEvent {
  std::string source;
  std::string target;
  std::string code;
  bool operator==(const ExpectedEvent&) const = default;
  auto operator<=>(const ExpectedEvent&) const = default;
};

struct ValidationRecord {
  std::string id;
  std::string date;       // as written: YYYYMMDD (sometimes YYMMDD)
  std::string category;   // "source" or "category" attribute
  int line = 0;           // line of the <Sentence> tag (1-based)
  std::vector<ExpectedEvent> expected;  // empty with noevents="True"
  bool no_events = false;
  // <EventCoding error="..."/>: PETRARCH is expected to reject the record (a dateline,
  // a discard, a broken parse); no events are expected.
  std::string expected_error;
  std::string text;       // <Text>, whitespace collapsed
  std::string parse;      // raw <Parse> content (CoNLL-U), empty when absent
  int parse_line = 0;     // line of the first line of `parse`
  // The <Config> options in effect for this record (option → value, as written).
  std::map<std::string, std::string> options;
  // Non-OK when the record is malformed: InvalidArgument "<file>:<line>: <problem>".
  Status error;
};

struct ValidationFile {
  ValidationEnvironment environment;
  std::vector<ValidationRecord> records;
};

// Scans `data`; `what` names the file in messages. Never fails on a malformed record (the
// record's `error` says why); returns InvalidArgument only when `data` contains no
// <Sentence> record at all and is not empty of content.
Result<ValidationFile> ReadValidationFile(std::string_view data, const std::string& what);

// Parses a record's CoNLL-U <Parse> into a Document (UD v1 "CONJ" is read as CCONJ; the
// document gets the record's id and date). Errors: InvalidArgument "<what>:<line>: ..."
// with the line number in the validation file; InvalidArgument when the parse is empty.
Result<Document> ParseRecordTree(const ValidationRecord& record, const std::string& what);

}  // namespace dyad::input

#endif  // DYAD_INPUT_PETRARCH_VALIDATION_H_
