// The halo a tensor's accesses would need: how far each access reaches past the block its
// kernel instance works on (A1's halo diagnostic states it per access).
#pragma once
#include <string>
#include <vector>

#include "ir/ir.h"

namespace tltt::passes {

// One access of a tensor whose index is its block position plus a constant offset on some axis.
struct HaloAccess {
  Location loc;
  std::string text;             // the access as printed IR, e.g. `A[(by + 1) * 32 + i, j]`
  std::vector<int64_t> offset;  // per axis: elements past the block (negative: before it)
};

// Every load, store or copy region of `tensor` in `body` whose index, with every variable at 0,
// is not 0 on some axis (`(by + 1) * 32 + i` reaches 32 elements past the block `by` selects).
std::vector<HaloAccess> halo_accesses(const ir::Stmt& body, const ir::Buffer& tensor);

}  // namespace tltt::passes
