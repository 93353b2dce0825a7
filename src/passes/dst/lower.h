// The state and the parts of D5 (dst-management, see dst_management.h): one Mutator over the
// compute kernel; GEMM groups are matched in gemm_match.cc, planned in gemm_plan.cc and emitted
// in gemm_emit.cc, the other compute ops are lowered in dst_management.cc.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ir/mutator.h"
#include "ir/tile_ops.h"
#include "ir/tt_ops.h"
#include "passes/pass.h"
#include "passes/pass_util.h"

namespace tltt::passes::dst {

// `for v in [0, n): body(v)`; with n == 1 the body is emitted once with v = 0.
ir::Stmt loop(const std::string& name, int64_t n, const std::function<ir::Stmt(ir::Expr)>& body,
              Location loc);
ir::Stmt call(const std::string& name, std::vector<ir::Expr> args, Location loc,
              ir::Attrs attrs = {});
ir::Stmt call(ir::TtOp op, std::vector<ir::Expr> args, Location loc, ir::Attrs attrs = {});
// pack `n` DST tiles starting at 0 into `cb` (reserve/pack/push).
ir::Stmt pack_block(const ir::Buffer& cb, int64_t n, Location loc);
int64_t largest_divisor(int64_t n, int64_t cap);
// The statements of a tile group evaluated side by side: tiles[j] is tile j's sequence (all of
// one shape); position by position, a statement equal in every tile (an init: it names CBs,
// not tiles or DST slots) is kept once, the others once per tile.
std::vector<ir::Stmt> zip_tile_group(const std::vector<std::vector<ir::Stmt>>& tiles);
// Whether one tile's evaluation is plain calls with at least one init, at most one of them
// configuring the unpacker and FPU and at most one the SFPU (hoist_inits.cc): an FPU and an SFPU
// init do not reconfigure each other, so both can run once ahead of every tile.
bool hoistable_inits(const std::vector<ir::Stmt>& tile);
// The tile group's statements with tile 0's inits appended to *inits (run once before the
// step) and every tile's other statements in turn: tile 0's ops, then tile 1's, ...
std::vector<ir::Stmt> hoist_tile_group(const std::vector<std::vector<ir::Stmt>>& tiles,
                                       std::vector<ir::Stmt>* inits);

// A sum into a fresh vector p (clear) that the next step only adds to the FPU form of other
// vectors and then lets die: `out = x fn y + p` (attention's `l = l * alpha + rowsum(s)`), or
// `out = x + p` without y. D5 computes `x fn y` into the reduction's DST tiles and reduces onto
// it: p never round-trips through its CB, and the step's copy of p and SFPU add are gone.
struct ReduceOnto {
  const ir::Call* reduce = nullptr;
  ir::SfpuBinaryFn fn = ir::SfpuBinaryFn::kMul;
  ir::Buffer x, y, out;        // y null: out = x + p
  std::vector<ir::Stmt> pops;  // the step's pops, p's left out (p is never pushed)
  size_t end_index = 0;
};
std::optional<ReduceOnto> match_reduce_onto(const std::vector<ir::Stmt>& stmts, size_t i);

// A later tt.copy_tiles of a tt.sfpu's result into another float block x, with x and the
// result untouched between (second_pack.cc): D5 packs the step's DST tiles into x too and
// drops the copy (statement copy_index) and its D4 init (init_index; copy_index without one).
struct SecondPack {
  ir::Buffer x;
  size_t copy_index = 0, init_index = 0;
};
std::optional<SecondPack> match_second_pack(const std::vector<ir::Stmt>& stmts, size_t i);
// `lowered` (a tt.sfpu's code) with each reserve..push run of o repeated into x.
ir::Stmt pack_also(const ir::Stmt& lowered, const ir::Buffer& o, const ir::Buffer& x);

// The reductions of one output vector (a tt.reduce, or a chain of sums into it: sfpu_ops.h),
// up to `cap` output tiles per DST acquire (reduce_emit.cc); with `onto`, a ReduceOnto's
// reduction, into onto->out.
ir::Stmt lower_reduce_parts(const std::vector<const ir::Call*>& parts, int64_t cap,
                            const ReduceOnto* onto = nullptr);

// One GEMM group of the compute kernel, as gemm_match.cc finds it.
struct GemmGroup {
  const ir::For* k_loop = nullptr;      // may be null: a single gemm
  std::vector<ir::Stmt> prologue;       // compute ops before the matmul step in the K loop body
  const ir::Call* transpose = nullptr;  // tt.transpose_tiles feeding the matmul's A, or null
  const ir::Call* mm = nullptr;
  std::vector<ir::Stmt> step_inits;  // D4's matmul_init in a K loop body of a mixed kernel
  std::vector<ir::Stmt> step_pops;   // the step's input pops (C4)
  const ir::Call* copy = nullptr;    // tt.copy_tiles(acc, out), or null: acc is read in its CB
  std::vector<ir::Stmt> between;     // statements between the matmul and the copy (input pops)
  size_t end_index = 0;              // last statement of the group
};

class Lower : public ir::Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  int64_t cap = 8;
  std::set<const ir::BufferNode*> cb_resident;  // accumulators other compute ops use
  std::vector<const ir::For*> loops;            // enclosing loops of the statement being lowered
  bool mixed = false;  // several compute ops: each packs after the packer served another CB
  // D4c: accumulator -> the per-row vector the next gemm into it reloads its partials times.
  std::map<const ir::BufferNode*, ir::Buffer> reload_scales;

  ir::Stmt visit(const ir::SeqStmt* op) override;   // dst_management.cc
  ir::Stmt visit(const ir::For* op) override;       // dst_management.cc
  ir::Stmt visit(const ir::Evaluate* op) override;  // dst_management.cc

 private:
  // gemm_match.cc
  static bool runs_other_compute(const ir::Stmt& body);
  static std::optional<size_t> match_step(const std::vector<ir::Stmt>& body, size_t at,
                                          GemmGroup& g);
  std::optional<GemmGroup> match_gemm(const std::vector<ir::Stmt>& stmts, size_t i);

  // gemm_emit.cc
  ir::Stmt lower_gemm(const GemmGroup& g);

  // dst_management.cc
  ir::Stmt lower_eltwise(const ir::Call* c, Location loc);
};

}  // namespace tltt::passes::dst
