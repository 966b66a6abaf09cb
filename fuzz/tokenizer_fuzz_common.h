// Shared by the tokenizer fuzz targets (tokenizer_fuzz.cc, tokenizer_model_fuzz.cc): a
// model file holding a "text" section trained at start-up from a small CoNLL-U snippet
// (multiword tokens, abbreviations, an e-mail address, SpaceAfter=No), so no model file is
// needed to fuzz.
#ifndef DYAD_FUZZ_TOKENIZER_FUZZ_COMMON_H_
#define DYAD_FUZZ_TOKENIZER_FUZZ_COMMON_H_

#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/binary.h"
#include "syntax/conllu.h"
#include "train/tokenizer_train.h"

namespace dyad::fuzz {

inline constexpr char kTokenizerTrain[] =
    "# newpar\n"
    "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "1\tdo\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "3\tgo\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"
    "4\t.\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "\n"
    "1\tMr.\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tSmith\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"
    "3\t,\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "4\tsee\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "5\tbob@x.com\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "6\t$\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"
    "7\t5\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"
    "8\t!\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "\n";

// The bytes of a model file with the snippet-trained "text" section; aborts on failure.
inline std::string TrainedTextModel() {
  auto train = ReadConllu(kTokenizerTrain, "fuzz-train");
  auto tokenizer = train.ok() ? TrainTokenizer(*train, *train, nullptr)
                              : Result<Tokenizer>(train.status());
  if (!tokenizer.ok()) {
    std::fprintf(stderr, "fuzz: training the tokenizer: %s\n",
                 tokenizer.status().ToString().c_str());
    std::abort();
  }
  ModelFileWriter writer;
  tokenizer->Save(&writer);
  return writer.Serialize();
}

}  // namespace dyad::fuzz

#endif  // DYAD_FUZZ_TOKENIZER_FUZZ_COMMON_H_
