// D5's tile groups with D4b's hoist_inits: which inits of a tile's evaluation may run once
// ahead of a whole step, and the group's statements with them taken out.
#include <algorithm>

#include "passes/dst/lower.h"

namespace tltt::passes::dst {

using namespace ir;

namespace {

// An init call (`*_init`, `*_init_short`): it configures hardware, names no tile or slot.
bool is_init(const Call* c) {
  const std::string& n = c->name;
  auto ends = [&](std::string_view t) {
    return n.size() >= t.size() && n.compare(n.size() - t.size(), t.size(), t) == 0;
  };
  return ends("_init") || ends("_init_short");
}

// An init that configures the unpacker and the FPU (as opposed to the SFPU's inits): two of them
// in one tile's evaluation reconfigure each other, an FPU and an SFPU init do not (the SFPU
// keeps its own address modifier and constants).
bool is_fpu_init(const Call* c) {
  static const TtOp kFpu[] = {TtOp::kCopyTileToDstInitShort,
                              TtOp::kMatmulInit,
                              TtOp::kMmBlockInitShort,
                              TtOp::kTransposeWhInitShort,
                              TtOp::kAddTilesInit,
                              TtOp::kSubTilesInit,
                              TtOp::kMulTilesInit,
                              TtOp::kAddBcastColsInitShort,
                              TtOp::kSubBcastColsInitShort,
                              TtOp::kMulBcastColsInitShort,
                              TtOp::kAddBcastRowsInitShort,
                              TtOp::kMulBcastRowsInitShort,
                              TtOp::kReduceInit,
                              TtOp::kUnaryBcastInit};
  return std::any_of(std::begin(kFpu), std::end(kFpu), [&](TtOp op) { return is_tt_op(c, op); });
}

}  // namespace

// One tile's evaluation has only plain calls, at most one FPU init and one SFPU init, and at
// least one init: its inits can run once ahead of every tile.
bool hoistable_inits(const std::vector<Stmt>& tile) {
  int fpu = 0, sfpu = 0;
  for (const Stmt& s : tile) {
    const Call* c = as_call_stmt(s);
    if (!c) {
      return false;
    }
    if (is_init(c)) {
      ++(is_fpu_init(c) ? fpu : sfpu);
    }
  }
  return fpu <= 1 && sfpu <= 1 && fpu + sfpu >= 1;
}

std::vector<Stmt> hoist_tile_group(const std::vector<std::vector<Stmt>>& tiles,
                                   std::vector<Stmt>* inits) {
  for (const Stmt& s : tiles[0]) {
    if (is_init(as_call_stmt(s))) {
      inits->push_back(s);
    }
  }
  std::vector<Stmt> out;
  for (const std::vector<Stmt>& tile : tiles) {
    for (const Stmt& s : tile) {
      if (!is_init(as_call_stmt(s))) {
        out.push_back(s);
      }
    }
  }
  return out;
}

}  // namespace tltt::passes::dst
