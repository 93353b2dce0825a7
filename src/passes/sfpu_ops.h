// The tt.sfpu fused tile operation shared by the passes after B3: operand access for the
// dataflow passes and its expansion into DST-register code for D5.
#pragma once
#include <string>
#include <vector>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

inline constexpr const char* kSfpuOp = "tt.sfpu";

// tt.sfpu(in0, .., in_{k-1}, out, tree): the inputs, the output.
std::vector<ir::Buffer> sfpu_inputs(const ir::Call* c);
ir::Buffer sfpu_output(const ir::Call* c);

// DST tiles one evaluation of the tree needs (no spilling).
int64_t sfpu_dst_need(const ir::Expr& tree);

// The compute-kernel code of one tt.sfpu: wait for the inputs, per tile acquire DST, evaluate
// the tree (copy_tile / FPU binary / SFPU ops, each after its init), pack, release; pop inputs.
ir::Stmt lower_sfpu_call(const ir::Call* c, int64_t dst_capacity, PassContext& ctx);

}  // namespace tltt::passes
