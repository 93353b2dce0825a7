// T.im2col (a convolution's patch matrix as a GEMM operand, ir/im2col.h) through the pipeline:
// A1 checks what the reader's gather serves, C2 lowers the call to tt.read_im2col, D3 expands
// that into the reserve / gather / push of the patch block's CB.
#pragma once

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// A1: every T.im2col of `f` can be gathered: an NHWC tensor parameter of known shape with
// channels a multiple of 16 (a face row of a tile), a 2-D on-chip block of whole tiles of the
// image's dtype (2 or 4 bytes). Located errors otherwise; true when there were none.
bool check_im2col(const ir::PrimFunc& f, PassContext& ctx);

// C2: the im2col call `c` (its column buffer a CB) as tt.read_im2col.
ir::Stmt lower_im2col(const ir::Call* c, Location loc);

// D3: tt.read_im2col `c` as cb_reserve_back, im2col_gather into the reserved pages, the read
// barrier and cb_push_back.
ir::Stmt expand_im2col(const ir::Call* c, PassContext& ctx, Location loc);

}  // namespace tltt::passes
