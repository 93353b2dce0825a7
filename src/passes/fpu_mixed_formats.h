// Pass D4d `fpu-mixed-formats` (see passes.def): a bfloat16 block added to or subtracted from a
// float32 broadcast vector on the FPU, straight from the two CBs.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// Sets the tile attribute fpu_formats (tile_ops.def) on every tile.add / tile.sub of a tt.sfpu
// tree in the compute kernel whose operands are a whole bfloat16 block and a row or column
// broadcast of a float32 vector (a column one for sub, the block first). D5 then emits
// <op>_tiles_bcast_<cols|rows> for it: the FPU unpacks each operand from its own CB format,
// instead of copy_tile and unary_bcast into two DST slots and an SFPU add/sub. The bfloat16
// block is exact in the FPU's source register and the vector passes through one on both paths
// (unary_bcast is an FPU copy), so no precision is lost; the tree needs one DST slot fewer, so
// D4b groups more tiles per acquire. Without this pass D5 keeps such pairs on the SFPU.
ir::Module fpu_mixed_formats(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
