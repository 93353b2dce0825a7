// C4: compute's CB pops, placed by the liveness of CB values (see compute_pops.h, cb_liveness.h).
#include "passes/compute_pops.h"

#include "passes/cb_liveness.h"

namespace tltt::passes {

ir::Module compute_pops(const ir::Module& m, PassContext&) {
  ir::Module out = m;
  for (ir::PrimFunc& f : out.functions) {
    f.body = insert_compute_pops(f.body);
  }
  return out;
}

}  // namespace tltt::passes
