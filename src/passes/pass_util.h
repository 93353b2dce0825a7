// Small helpers shared by the passes: expression building and folding, bounds of affine index
// expressions, tile formats, tt.* call helpers and buffer substitution.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "ir/mutator.h"

namespace tltt::ir {
enum class TtOp;  // ir/tt_ops.h
}

namespace tltt::passes {

// ---- Expressions (int32 unless stated).
ir::Expr cint(int64_t v, Location loc = {});
ir::Expr add(ir::Expr a, ir::Expr b);
ir::Expr sub(ir::Expr a, ir::Expr b);
ir::Expr mul(ir::Expr a, ir::Expr b);
ir::Expr floordiv(ir::Expr a, ir::Expr b);
ir::Expr floormod(ir::Expr a, ir::Expr b);
ir::Expr cmp(ir::CompareOp op, ir::Expr a, ir::Expr b);
// Constant folding and the identities x+0, x*1, x*0, 0/x (integer expressions only).
ir::Expr simplify(const ir::Expr& e);
// `e` without float-to-float casts (the unpacker/packer convert formats for free).
ir::Expr strip_float_casts(ir::Expr e);
// `e` with every buffer load replaced by fn(load); fn returns ir::Expr(load) to keep one.
ir::Expr map_loads(const ir::Expr& e, const std::function<ir::Expr(const ir::BufferLoad*)>& fn);
// The value of a float or integer constant, through float casts and negation.
std::optional<double> const_float(const ir::Expr& e);
// The fp32 bit pattern of `v` (SFPU scalar and fill arguments).
uint32_t float_bits(double v);
// The T.Parallel loops nested directly in `outer` (outer first).
std::vector<const ir::For*> parallel_nest(const ir::For* outer);
// Whether `r` covers its whole buffer.
bool region_is_full(const ir::Region& r);
// Whether `e` mentions the variable `v`.
bool uses_var(const ir::Expr& e, const ir::Variable* v);
// The variables `e` reads.
std::set<const ir::Variable*> vars_in(const ir::Expr& e);
// The buffers `s` mentions: regions of tile statements (copies, GEMMs, fills, reductions,
// atomic adds, operands of calls), loads, stores, views and their sources. `on_call`, when given,
// sees each statement-level call first; returning true means it has accounted for the call's
// buffers itself and its operands are not walked.
std::set<const ir::BufferNode*> buffers_in(
    const ir::Stmt& s, const std::function<bool(const ir::Call*)>& on_call = {});
// Whether `e` reads a buffer (its value depends on data, not only on indices and scalars).
bool loads_buffer(const ir::Expr& e);
// `index == base + v` (or `v + base`, or `v`) with `base` free of every variable in `vars`:
// returns base (0 for `v`).
std::optional<ir::Expr> split_index(const ir::Expr& index, const ir::Variable* v,
                                    const std::vector<const ir::Variable*>& vars);
std::optional<int64_t> const_value(const ir::Expr& e);
// e / d when e is provably a multiple of d (constants, products with a multiple of d, sums of
// such), else nullopt.
std::optional<ir::Expr> exact_div(const ir::Expr& e, int64_t d);

// `coef * v + rest` with `rest` free of v.
struct Affine {
  int64_t coef = 0;
  ir::Expr rest;
};
// `e` as an affine function of `v`, or nullopt (v under a division, a product of two
// non-constants, a call, ...).
std::optional<Affine> affine_in(const ir::Expr& e, const ir::Variable* v);

struct Interval {
  int64_t lo = 0;
  int64_t hi = 0;  // inclusive
};
using VarRanges = std::map<const ir::Variable*, Interval>;
// Bounds of an integer expression given the ranges of its variables; nullopt if unknown.
std::optional<Interval> bounds(const ir::Expr& e, const VarRanges& ranges);

// ---- Tiles and formats.
inline constexpr int64_t kTile = 32;
using ir::data_format;  // the TT-Metalium DataFormat of a dtype (ir/dtype.h)
// Bytes of one 32x32 tile in that dtype's format.
int64_t tile_bytes(ir::DataType t);
// Tiles covered by a buffer whose last two dims are multiples of 32 (product of the others).
int64_t buffer_tiles(const ir::Buffer& b);
// [rows, cols] of tiles of the last two dims.
std::vector<int64_t> tile_grid(const ir::Buffer& b);

// ---- tt.* calls.
ir::Stmt call_stmt(const std::string& name, std::vector<ir::Expr> args, ir::Attrs attrs = {},
                   Location loc = {});
ir::Expr call_expr(ir::DataType t, const std::string& name, std::vector<ir::Expr> args,
                   ir::Attrs attrs = {}, Location loc = {});
// The Call of `Evaluate(Call)` statements, else nullptr.
const ir::Call* as_call_stmt(const ir::Stmt& s);
// The T.Kernel launches in `body`, in post order.
std::vector<const ir::KernelLaunch*> kernel_launches(const ir::Stmt& body);
// `body` with the T.Kernel launch `old` (found by identity) replaced by `with`.
ir::Stmt replace_launch(const ir::Stmt& body, const ir::KernelLaunch* old, ir::Stmt with);
// `m` applied to `f`'s body and to its buffer parameters, for mutators that replace tensor
// buffers (the signature must name the new buffers too).
ir::PrimFunc mutate_with_params(ir::Mutator& m, const ir::PrimFunc& f);
// A whole-buffer operand (used for CBs in calls).
ir::Expr buffer_ref(const ir::Buffer& b, Location loc = {});
// The buffer of a RegionRef operand, else an undefined Buffer.
ir::Buffer ref_buffer(const ir::Expr& e);
// The region of a RegionRef operand.
const ir::Region* ref_region(const ir::Expr& e);
// `tt.runtime_arg("name")`: resolved into get_arg_val by E1.
ir::Expr runtime_arg(const std::string& name, Location loc = {});

// ---- Structure.
ir::Stmt seq(std::vector<ir::Stmt> stmts, Location loc = {});

// A reader's fill of `pages` pages of CB `cb` by a helper that gathers them itself (D3's
// convolution and shifted-window reads): cb_reserve_back, `l1_write_addr` = get_write_ptr,
// `gather`(l1_write_addr, args...), the read barrier, cb_push_back.
ir::Stmt gathered_fill(const ir::Buffer& cb, int64_t pages, ir::TtOp gather,
                       std::vector<ir::Expr> args, Location loc);
// Replaces buffers by identity everywhere (loads, stores, regions, allocations).
class BufferSubstituter : public ir::Mutator {
 public:
  using Mutator::visit;
  std::map<const ir::BufferNode*, ir::Buffer> map;
  ir::Buffer mutate_buffer(const ir::Buffer& b) override {
    auto it = map.find(b.get());
    return it == map.end() ? b : it->second;
  }
};
// Puts `stmts` before `body`, inside the CB allocations that open it (kernel start-up code).
ir::Stmt prepend_in_scope(const ir::Stmt& body, std::vector<ir::Stmt> stmts);
// Every Allocate'd CB buffer under `s` (outer first).
std::vector<ir::Buffer> allocated_cbs(const ir::Stmt& s);
// The role of kernel `f` in m's device plan ("reader", "compute", "writer"), or "" before D1.
std::string kernel_role(const ir::Module& m, const ir::PrimFunc& f);

}  // namespace tltt::passes
