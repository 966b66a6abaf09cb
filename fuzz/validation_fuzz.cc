// libFuzzer target for the PETRARCH validation-file reader: any bytes must give a
// ValidationFile or a Status — never a crash, hang or sanitizer report — and every
// record's <Parse> must go through ParseRecordTree the same way.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "input/petrarch_validation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = dyad::input::ReadValidationFile(text, "fuzz.xml");
  if (!file.ok()) return 0;
  for (const dyad::input::ValidationRecord& rec : file->records) {
    auto doc = dyad::input::ParseRecordTree(rec, "fuzz.xml");
    (void)doc.ok();
  }
  return 0;
}
