// The SFPU function table (sim/include/ttsim/sfpu_functions.def) as the passes see it: how
// TileLang spells each function, the tile op B3 emits and the TT-Metalium call D5 emits.
#include "passes/sfpu_ops.h"

namespace tltt::passes {

using namespace ir;

const std::vector<SfpuFunction>& sfpu_functions() {
  static const std::vector<SfpuFunction> table = {
#define TLTT_SFPU_UNARY(Id, tilelang, tile_op, metalium, instructions) \
  {SfpuFn::k##Id, tilelang, tile_op, metalium},
#include "sim/include/ttsim/sfpu_functions.def"
  };
  return table;
}

const SfpuFunction& sfpu_function(SfpuFn fn) { return sfpu_functions()[static_cast<size_t>(fn)]; }

const SfpuFunction* sfpu_function_of_tilelang(std::string_view name) {
  for (const SfpuFunction& f : sfpu_functions()) {
    if (!name.empty() && name == f.tilelang && !f.tile_op.empty()) {
      return &f;
    }
  }
  return nullptr;
}

const std::string& sfpu_binary_metalium(SfpuBinaryFn fn) {
  static const std::vector<std::string> table = {
#define TLTT_SFPU_BINARY(Id, tile_op, metalium, instructions) metalium,
#include "sim/include/ttsim/sfpu_functions.def"
  };
  return table[static_cast<size_t>(fn)];
}

}  // namespace tltt::passes
