// Small helpers shared by the subcommands: the default model path.
#ifndef DYAD_CLI_CLI_UTIL_H_
#define DYAD_CLI_CLI_UTIL_H_

#include <string>

namespace dyad::cli {

// $DYAD_MODEL if set, else the model the build was configured with.
std::string DefaultModelPath();

}  // namespace dyad::cli

#endif  // DYAD_CLI_CLI_UTIL_H_
