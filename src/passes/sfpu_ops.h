// The compute side of the tt ops shared by the passes after B3: the SFPU function table,
// operand access for the dataflow passes and the expansion of tt.sfpu / tt.reduce into
// DST-register code for D5.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ir/ir.h"
#include "ir/tile_ops.h"
#include "ir/tt_ops.h"
#include "passes/pass.h"

namespace tltt::passes {

// The SFPU unary functions (sim/include/ttsim/sfpu_functions.def): how TileLang spells each, the
// tile.* op B3 puts in tt.sfpu trees and the TT-Metalium call D5 emits for it.
using ir::SfpuBinaryFn;
using ir::SfpuFn;
struct SfpuFunction {
  SfpuFn fn;
  std::string tilelang;  // T.<tilelang>(x); "" when no TileLang function is this one
  std::string tile_op;   // tile.<tile_op>; "" when the compiler never emits it
  std::string metalium;  // <metalium>_tile_init / <metalium>_tile; "" when the SDK has none
};
const std::vector<SfpuFunction>& sfpu_functions();
const SfpuFunction& sfpu_function(SfpuFn fn);
// The function a TileLang math call names when B3 lowers it (it has a tile op), or nullptr.
const SfpuFunction* sfpu_function_of_tilelang(std::string_view name);
// The SDK call pair (<name>_tile_init / <name>_tile) of a binary SFPU function between two DST
// tiles.
const std::string& sfpu_binary_metalium(SfpuBinaryFn fn);

// The protocol-less compute ops (tt_ops.def: stage kProtocolLess, role kCompute).
bool is_compute_op(const ir::Call* c);
// GEMM accumulators whose value lives in their CB, not only in DST: some compute op other than
// the matmul and a copy out reads or writes them (an epilogue, attention's rescaled o, a fill
// the gemm adds to).
std::set<const ir::BufferNode*> cb_resident_accumulators(const ir::Stmt& body);
// The CBs a compute op reads (its input-CB operands; a matmul's accumulator is not read: it
// stays in DST) and the CB it writes (its output-CB operand).
std::vector<ir::Buffer> compute_reads(const ir::Call* c);
ir::Buffer compute_write(const ir::Call* c);

// DST tiles one evaluation of the tree needs (no spilling).
int64_t sfpu_dst_need(const ir::Expr& tree);
// Whether one evaluation of the tt.sfpu's tree for a tile is plain calls configuring at most one
// FPU operation and one SFPU function, each by one init: the inits can then run once ahead of
// all the step's tiles and each tile's ops back to back (D4b's hoist_inits, D5).
bool sfpu_inits_hoistable(const ir::Call* sfpu);

// The compute-kernel code of one tt.sfpu: wait for the inputs, per tile acquire DST, evaluate
// the tree (copy_tile / unary_bcast / FPU binary / SFPU ops, each after its init, fill_tile for
// a constant), pack, release. Inputs are popped where their values die (C3).
ir::Stmt lower_sfpu_call(const ir::Call* c, int64_t dst_capacity, PassContext& ctx);

// The FPU calls (init, op) of a binary function between two CBs (add, sub or mul), and of
// tt.binary's op ("add", "sub" or "mul").
std::pair<ir::TtOp, ir::TtOp> fpu_binary_calls(SfpuBinaryFn fn);
std::pair<ir::TtOp, ir::TtOp> fpu_binary_calls(const std::string& op);

// D5's integer calls (sfpu_int_ops.cc): whether a binary function is one of the SFPU's integer
// ops (AddInt on, sfpu_functions.def); its init and call between DST slots a and b (the result
// in a), with the SDK's DataFormat template; typecast_tile<IN, OUT> of tile.typecast `c` on
// slot dst; fill_tile_int<F> of an integer constant.
bool integer_binary(SfpuBinaryFn fn);
std::vector<ir::Stmt> int_binary_calls(SfpuBinaryFn fn, ir::Expr a, ir::Expr b, Location loc);
std::vector<ir::Stmt> typecast_calls(const ir::Call* c, ir::Expr dst, Location loc);
// The same between two dtypes (D5's on-chip copies between a float and an integer block).
std::vector<ir::Stmt> typecast_calls(ir::DataType from, ir::DataType to, ir::Expr dst,
                                     Location loc);
std::vector<ir::Stmt> fill_int_calls(const ir::IntImm* k, ir::Expr dst, Location loc);

// D5's calls for a tile.mask leaf into DST slot dst (sfpu_mask_ops.cc), for the block tile at
// (row_idx, col_idx); cb is the mask's reader tile. A run-time bound mask also uses the slot
// `scratch` (mask_needs_scratch).
bool mask_needs_scratch(const ir::Call* m);
std::vector<ir::Stmt> mask_calls(const ir::Call* m, ir::Expr cb, ir::Expr dst, ir::Expr scratch,
                                 ir::Expr row_idx, ir::Expr col_idx, Location loc);

// fill_tile(dst, v) (fill_tile_bitcast with the fp32 bits when v is not finite: no C++ literal
// spells infinity or NaN).
ir::Stmt fill_tile_stmt(ir::Expr dst, double v, Location loc);
// A tree leaf that is a float compute evaluates from its lets (B3's kernel values: `inv`,
// `inv * 2.0`): the only leaves that are neither calls nor blocks nor constants. Filled into a
// DST tile (fill_tile with the value).
bool is_kernel_value(const ir::Expr& e);

// The compute-kernel code of one tt.reduce: per output tile, reduce_tile over the input tiles
// into DST (folded into the old value with an SFPU max/min/add when not `clear`), pack.
ir::Stmt lower_reduce_call(const ir::Call* c);

// Sums into one vector folding into each other (B3's exact float32 sum: lo, then mid and hi
// with clear=false), with C4's pops between and after them: reduced into one DST tile per
// output tile and packed once (lower_reduce_chain). `pops` are the pops to emit after the
// fused reduction (the parts' inputs; the vector's old value when the first part folds into
// it); the intermediate vectors' pops are gone with the vectors. `end_index` is the chain's
// last statement.
struct ReduceChain {
  std::vector<const ir::Call*> parts;
  std::vector<ir::Stmt> pops;
  size_t end_index = 0;
};
std::optional<ReduceChain> match_reduce_chain(const std::vector<ir::Stmt>& stmts, size_t i);
ir::Stmt lower_reduce_chain(const std::vector<const ir::Call*>& parts);

}  // namespace tltt::passes
