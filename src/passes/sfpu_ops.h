// The tt.sfpu fused tile operation shared by the passes after B3: operand access for the
// dataflow passes and its expansion into DST-register code for D5.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

inline constexpr const char* kSfpuOp = "tt.sfpu";
// tt.reduce(in, scaler, out) attrs {op: sum|max|min, dim: row|col (the axis reduced, TT
// naming), clear}: reduce_tile over the block into the vector `out`; for min, `in` holds -x
// (the hardware has SUM and MAX only).
inline constexpr const char* kReduceOp = "tt.reduce";

// tt.mask_tile(cb) attrs {relation, true_value, false_value}: the reader fills one tile of
// `cb` with true_value where (row relation column) holds and false_value elsewhere.
inline constexpr const char* kMaskTileOp = "tt.mask_tile";

// The protocol-less compute ops (tt.matmul, tt.binary, tt.copy_tiles, tt.transpose_tiles,
// tt.sfpu, tt.reduce): the
// CBs one reads (a matmul's accumulator is not: it stays in DST) and the CB it writes.
bool is_compute_op(const std::string& name);
// GEMM accumulators whose value lives in their CB, not only in DST: some compute op other than
// the matmul and a copy out reads or writes them (an epilogue, attention's rescaled o, a fill
// the gemm adds to).
std::set<const ir::BufferNode*> cb_resident_accumulators(const ir::Stmt& body);
std::vector<ir::Buffer> compute_reads(const ir::Call* c);
ir::Buffer compute_write(const ir::Call* c);

// tt.sfpu(in0, .., in_{k-1}, out, tree): the inputs, the output.
std::vector<ir::Buffer> sfpu_inputs(const ir::Call* c);
ir::Buffer sfpu_output(const ir::Call* c);

// DST tiles one evaluation of the tree needs (no spilling).
int64_t sfpu_dst_need(const ir::Expr& tree);

// The compute-kernel code of one tt.sfpu: wait for the inputs, per tile acquire DST, evaluate
// the tree (copy_tile / unary_bcast / FPU binary / SFPU ops, each after its init, fill_tile for
// a constant), pack, release. Inputs are popped where their values die (C3).
ir::Stmt lower_sfpu_call(const ir::Call* c, int64_t dst_capacity, PassContext& ctx);

// fill_tile(dst, v) (fill_tile_bitcast with the fp32 bits when v is not finite: no C++ literal
// spells infinity or NaN).
ir::Stmt fill_tile_stmt(ir::Expr dst, double v, Location loc);

// The compute-kernel code of one tt.reduce: per output tile, reduce_tile over the input tiles
// into DST (folded into the old value with an SFPU max/min/add when not `clear`), pack.
ir::Stmt lower_reduce_call(const ir::Call* c);

}  // namespace tltt::passes
