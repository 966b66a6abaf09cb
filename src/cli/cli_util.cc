#include "cli/cli_util.h"

#include <cstdlib>

namespace dyad::cli {

std::string DefaultModelPath() {
  if (const char* env = std::getenv("DYAD_MODEL"); env != nullptr && *env != '\0') return env;
  return DYAD_DEFAULT_MODEL;
}

}  // namespace dyad::cli
