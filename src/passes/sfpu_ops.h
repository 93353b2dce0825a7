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

// A CB read by several compute ops of one block is popped after its last reader only: in
// every statement sequence, a cb_pop_front(cb, n) followed by cb_wait_front(cb, n) of the same
// CB and count (and no push of it in between) is dropped, the later wait then returns at once.
ir::Stmt drop_early_pops(const ir::Stmt& body);

}  // namespace tltt::passes
