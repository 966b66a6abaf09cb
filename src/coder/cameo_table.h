// The CAMEO ontology as data: for every CAMEO event code (the 20 root codes "01".."20" and
// every 3- and 4-digit code) its name, Goldstein conflict-cooperation value, QuadClass and
// the PLOVER event type and mode it maps to. The table is written by the dyad authors from
// the public CAMEO codebook (Gerner, Schrodt, Yilmaz et al., version 1.1b3), the Goldstein
// (1992) scale as extended to CAMEO, and the PLOVER specification; see
// doc/formats/ontology.md. Thread-safety: immutable static data; every function is pure.
#ifndef DYAD_CODER_CAMEO_TABLE_H_
#define DYAD_CODER_CAMEO_TABLE_H_

#include <span>
#include <string_view>

namespace dyad::coder {

// QuadClass of the CAMEO root codes (the GDELT / Phoenix convention).
enum class QuadClass : int {
  kNone = 0,                 // not a CAMEO code
  kVerbalCooperation = 1,    // roots 01-05
  kMaterialCooperation = 2,  // roots 06-08
  kVerbalConflict = 3,       // roots 09-13
  kMaterialConflict = 4,     // roots 14-20
};

struct CameoCode {
  std::string_view code;         // "0211"; roots are two digits ("02")
  std::string_view name;         // "Appeal for economic cooperation"
  double goldstein;              // in [-10, 10]
  QuadClass quad;
  std::string_view plover_type;  // "REQUEST"; "NONE" where PLOVER has no counterpart
  std::string_view plover_mode;  // "economic"; empty when the type has no mode
};

// Every row of the table, sorted by code (as strings).
std::span<const CameoCode> AllCameoCodes();

// The row for `code`, or nullptr when `code` is not a CAMEO code. Codes from older
// dictionaries that extend CAMEO with a letter ("075A") or non-CAMEO WEIS codes ("903")
// return nullptr: the coder still emits the event, with an unknown ontology.
const CameoCode* FindCameoCode(std::string_view code);

// "02" for "0211", "19" for "190"; empty when `code` has fewer than two characters.
std::string_view CameoRootCode(std::string_view code);

}  // namespace dyad::coder

#endif  // DYAD_CODER_CAMEO_TABLE_H_
