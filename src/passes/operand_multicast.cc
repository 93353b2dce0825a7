// D8 operand-multicast: operand reuse across cores. With one T.Kernel block per core and the
// cores laid out as the block grid (core (x, y) computes block y * width + x), a reader CB whose
// tile ids depend on the block's y coordinate alone (and on loops inside the block) holds the
// same tiles on every core of a row: the GEMM's A panel. One x-only CB is shared by a column:
// B. The core in column 0 (row 0) then reads the block from DRAM and multicasts it into the
// same CB slot of the others, which report room for it first (the receivers' CB write pointers
// match the sender's: every core of the rectangle runs the same reserve/push sequence). A block
// grid larger than the core grid is multicast when B1 laid the cores out as a tiling of it
// (several blocks per core, the same block row along a core row at every step).
#include "passes/operand_multicast.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "device/device.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/operand_multicast_rewrite.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

std::string multicast_arg_name(const std::string& tensor, RuntimeArgKind kind) {
  return tensor + "_" + to_string(kind);
}

namespace {

// What the reader does with each CB it fills, from its structure.
struct CbReads {
  std::set<std::string> tensors;
  bool uses_x = false, uses_y = false, other = false;  // vars of the tile ids
  int64_t tiles = 0;                                   // per transfer (cb_reserve_back)
};

class Analysis : public Visitor {
 public:
  using Visitor::visit;
  const KernelPlan* reader = nullptr;
  int64_t width = 0;
  const Variable *block_id = nullptr, *x = nullptr, *y = nullptr;
  std::set<const Variable*> inner;  // loop variables inside the persistent loop
  // Coordinates that are functions of `block_id // width` alone (the same along a core row):
  // `y`, and on a grid with further coordinates of extent 1 `block_id / width % height` and
  // `block_id / (width * height)`.
  std::set<const Variable*> ys;
  std::vector<const For*> loops;  // the serial loops around the visited statement
  std::set<const Variable*> xs;   // scalars computed from the block's x
  std::map<const Variable*, std::string> accessor;
  std::map<const Variable*, int64_t> ptr;  // get_write_ptr(cb) lets -> CB index
  std::map<int64_t, CbReads> cbs;
  std::set<int64_t> rejected;
  bool conditional = false;
  bool strided = false;  // B2's loop runs over l, the block id is the let its body starts with

  void visit(const For* op) override {
    if (op->for_kind == ForKind::kPersistent) {
      block_id = op->var.get();
      if (const LetStmt* l = op->body.as<LetStmt>(); l && strided) {
        block_id = l->var.get();
      }
    } else if (block_id) {
      inner.insert(op->var.get());
      loops.push_back(op);
      Visitor::visit(op);
      loops.pop_back();
      return;
    }
    Visitor::visit(op);
  }
  // Whether `block_id` occurs in `e`, and only as `block_id // c` with c a multiple of the width.
  bool row_only(const Expr& e, bool& seen) const {
    if (const Variable* v = e.as<Variable>()) {
      return v != block_id;
    }
    if (const Binary* b = e.as<Binary>()) {
      auto c = const_value(b->b);
      if (b->op == BinaryOp::kFloorDiv && b->a.as<Variable>() == block_id && c && *c > 0 &&
          *c % width == 0) {
        seen = true;
        return true;
      }
      return row_only(b->a, seen) && row_only(b->b, seen);
    }
    return !vars_in(e).count(block_id);
  }
  void visit(const IfThenElse* op) override {
    conditional = true;
    Visitor::visit(op);
  }
  void visit(const LetStmt* op) override {
    const Call* c = op->value.as<Call>();
    const Binary* b = op->value.as<Binary>();
    if (is_tt_op(c, TtOp::kTensorAccessor)) {
      auto slot = const_value(tt::TensorAccessor::cta_slot(c));
      if (slot && *slot >= 0 && *slot < static_cast<int64_t>(reader->accessors.size())) {
        accessor[op->var.get()] = reader->accessors[*slot];
      }
    } else if (is_tt_op(c, TtOp::kGetWritePtr)) {
      ptr[op->var.get()] = tt::GetWritePtr::cb(c)->attrs.get_int(kCbIndexAttr, -1);
    } else if (b && block_id && b->a.as<Variable>() == block_id && const_value(b->b) == width) {
      if (b->op == BinaryOp::kFloorMod) {
        x = op->var.get();
      } else if (b->op == BinaryOp::kFloorDiv) {
        y = op->var.get();
        ys.insert(y);
      }
    } else if (bool seen = false; block_id && row_only(op->value, seen) && seen) {
      ys.insert(op->var.get());
    } else if (block_id) {
      // Scalars computed from the block's x (a causal key loop's trip count).
      for (const Variable* u : vars_in(op->value)) {
        if (u == x || u == block_id || xs.count(u)) {
          xs.insert(op->var.get());
        }
      }
    }
    Visitor::visit(op);
  }
  void classify(const Expr& e, CbReads& r) const {
    for (const Variable* u : vars_in(e)) {
      r.uses_x |= u == x;
      r.uses_y |= ys.count(u) > 0;
      r.other |= u != x && !ys.count(u) && !inner.count(u);
    }
  }
  void visit(const Call* op) override {
    Visitor::visit(op);
    if (is_tt_op(op, TtOp::kCbReserveBack)) {
      int64_t cb = tt::CbReserveBack::cb(op)->attrs.get_int(kCbIndexAttr, -1);
      auto n = const_value(tt::CbReserveBack::pages(op));
      CbReads& r = cbs[cb];
      if (!n || (r.tiles && r.tiles != *n)) {
        rejected.insert(cb);
      }
      r.tiles = n.value_or(0);
      // Every core of the group must run the transfer as often: the bounds of the loops around
      // it count as uses (a causal key loop's extent depends on the block's x).
      for (const For* l : loops) {
        for (const Expr& e : {l->min, l->extent}) {
          for (const Variable* u : vars_in(e)) {
            r.uses_x |= u == x || xs.count(u) > 0;
            r.uses_y |= ys.count(u) > 0;
          }
        }
      }
      return;
    }
    // Every other call that addresses a CB slot must be a tile read from a tensor.
    const bool read = is_tt_op(op, TtOp::kNocAsyncReadTile);
    for (size_t i = 0; i < op->args.size(); ++i) {
      for (const Variable* v : vars_in(op->args[i])) {
        auto p = ptr.find(v);
        if (p == ptr.end()) {
          continue;
        }
        const Variable* acc = read ? tt::NocAsyncReadTile::accessor(op).as<Variable>() : nullptr;
        if (!read || !op->args[i].same_as(tt::NocAsyncReadTile::l1_addr(op)) || !acc ||
            !accessor.count(acc)) {
          rejected.insert(p->second);
          continue;
        }
        CbReads& r = cbs[p->second];
        r.tensors.insert(accessor[acc]);
        classify(tt::NocAsyncReadTile::tile(op), r);
      }
    }
  }
};

}  // namespace

Module operand_multicast(const Module& m, PassContext& ctx) {
  Module out = m;
  DevicePlan& plan = out.plan;
  const KernelPlan* reader = plan.find_kernel(KernelRole::kReader);
  PrimFunc* f = nullptr;
  for (PrimFunc& fn : out.functions) {
    f = reader && fn.name == reader->function ? &fn : f;
  }
  if (!f || !plan.partition) {
    return out;
  }
  WorkPartition& part = *plan.partition;
  auto kept = [&](const std::string& why) {
    ctx.remark(f->loc, "kept") << "no operand multicast: " << why;
    return out;
  };
  if (plan.mesh && plan.mesh->by_offsets()) {
    return kept(
        "on a mesh split by block offsets the devices' block ranges are not laid out "
        "as the block grid");
  }
  // Further coordinates of extent 1 (attention's batch) only on B0e's multicast tiling
  // (stride_col > 0): on other partitions of such grids the multicast groups did not match
  // the blocks' rows (varlen sink attention read wrong Sinks rows), so they stay unicast.
  const bool two_d = part.block_grid.size() == 2 ||
                     (part.block_grid.size() > 2 && part.stride_col > 0 &&
                      std::all_of(part.block_grid.begin() + 2, part.block_grid.end(),
                                  [](int64_t e) { return e == 1; }));
  if (part.mode != PartitionMode::kGlobal || !two_d) {
    return kept("the work is not a global partition of a 2-D T.Kernel grid");
  }
  if (part.order != BlockOrder::kRowMajor) {
    return kept(fmt::format("the blocks are traversed in {} order, not laid out as the block grid",
                            to_string(part.order)));
  }
  int64_t width = part.block_grid[0], height = part.block_grid[1];
  // B1's multicast tiling already lays the cores out as the block grid, several blocks each;
  // otherwise the block grid must fit the core grid, one block per core.
  const bool tiled = part.stride_col > 0;
  const int64_t cores_x = tiled ? part.grid.x : width, cores_y = tiled ? part.grid.y : height;
  if (!tiled && (width > plan.device_grid.x || height > plan.device_grid.y)) {
    return kept(
        fmt::format("the {}x{} block grid does not fit the {}x{} core grid one block per "
                    "core",
                    width, height, plan.device_grid.x, plan.device_grid.y));
  }
  Analysis a;
  a.reader = reader;
  a.width = width;
  a.strided = part.stride_width > 0;
  a.visit(f->body);
  if (a.conditional) {
    return kept("the reader's transfers are conditional");
  }
  if (!a.block_id) {
    return kept("the reader has no persistent block loop");
  }
  std::vector<McastOperand> chosen;
  mcast::Rewrite rw;
  // Rows of at least two of the device's largest NoC bursts are multicast row by row, with one
  // block per core. Measured at 2048^3: Wormhole's 256x256x256 blocks (16 KiB rows, two 8 KiB
  // bursts) 1.2% faster; Blackhole's 224x192x256 (16 KiB rows of A, 12 KiB of B, one 16 KiB
  // burst) 1.6% slower with A's rows alone multicast so, unchanged with both. On B1's tiling
  // (several blocks per core, A and B on one RISC: D9 does not apply) Wormhole's 4096^3
  // 256x256x64 with B's 16 KiB rows multicast so ran 3.5% slower.
  rw.min_row_bytes = tiled ? std::numeric_limits<int64_t>::max()
                           : 2 * static_cast<int64_t>(ctx.device.desc->noc_max_burst);
  // D4a's sliced transfers go row by row whatever their rows' size: otherwise the receivers
  // get the first K step whole and the slices gain nothing (Blackhole's 224x192x256 blocks,
  // 14 / 12 KiB rows: see docs/performance.md).
  rw.sliced_rows = !tiled;
  double before = 0, after = 0;  // tiles read from DRAM per block step, over all cores
  std::vector<std::string> kept_local;
  // A tensor read into several CBs (two elements of one scalar tensor) stays local: the host
  // program names a multicast operand's semaphores after its tensor.
  std::map<std::string, int> readers;
  for (const auto& [cb, r] : a.cbs) {
    for (const std::string& t : r.tensors) {
      ++readers[t];
    }
  }
  for (const auto& [cb, r] : a.cbs) {
    const CbPlan* c = plan.find_cb(cb);
    if (r.tensors.empty()) {
      continue;  // not filled from a tensor
    }
    // Tile ids that ignore the block's x are shared by a row (also when they ignore y too, or
    // the grid is one column wide and B2 does not recover x at all: unknown variables count
    // as `other`).
    bool shared = !a.rejected.count(cb) && r.tensors.size() == 1 && !r.other &&
                  !(r.uses_x && r.uses_y) && c && r.tiles > 0 && readers[*r.tensors.begin()] == 1;
    McastAxis axis = r.uses_x || (!r.uses_y && width < 2) ? McastAxis::kColumn : McastAxis::kRow;
    int64_t group = axis == McastAxis::kRow ? cores_x : cores_y;
    before += static_cast<double>(r.tiles) * cores_x * cores_y;
    // The handshake of one transfer overlaps compute on the previous one only when the CB
    // holds two transfers; a single group member has nobody to multicast to.
    if (!shared || group < 2 || c->num_pages < 2 * r.tiles) {
      after += static_cast<double>(r.tiles) * cores_x * cores_y;
      kept_local.push_back(c ? c->name : std::to_string(cb));
      continue;
    }
    after += static_cast<double>(r.tiles) * cores_x * cores_y / group;
    chosen.push_back({*r.tensors.begin(), cb, axis});
    rw.page[cb] = c->page_size;
    ctx.remark(f->loc, "operand") << fmt::format(
        "'{}' (CB {}, {} tiles per transfer) is the same on every core of a {}: the core in {} 0 "
        "reads it and multicasts it to the other {}; {}x fewer DRAM reads of it, for one "
        "semaphore handshake per transfer, overlapped with compute by the CB's {} pages",
        *r.tensors.begin(), c->name, r.tiles, to_string(axis),
        axis == McastAxis::kRow ? "column" : "row", group - 1, group, c->num_pages);
  }
  if (chosen.empty()) {
    return kept("no reader CB is shared by the cores of a row or a column");
  }
  for (const McastOperand& op : chosen) {
    rw.mcast[op.cb] = &op;
  }
  Stmt body = rw.run(f->body);
  if (rw.completed != rw.opened) {
    return kept("a multicast CB's reads do not end at a read barrier");
  }
  body = seq({body, tt_call_stmt(TtOp::kNocAsyncWriteBarrier, {}),
              tt_call_stmt(TtOp::kNocAsyncAtomicBarrier, {})});
  *f = f->with_body(body);
  plan.multicast = chosen;
  // One block per core, in the block grid's layout: a row of blocks is a row of cores (B1's
  // multicast tiling is laid out so already).
  if (!tiled) {
    part.grid = {width, height};
    part.ranges = {CoreRange{{0, 0}, {width, height}}};
    part.work.clear();
    for (int64_t y = 0; y < height; ++y) {
      for (int64_t x = 0; x < width; ++x) {
        part.work.push_back({{x, y}, y * width + x, 1});
      }
    }
  }
  for (KernelPlan& k : plan.kernels) {
    if (k.role == KernelRole::kReader) {
      k.noc = 0;  // multicast rectangles are given start to end in NoC 0's direction
    }
  }
  ctx.remark(f->loc, "decision") << fmt::format(
      "{} operand(s) multicast on a {}x{} core rectangle ({}): DRAM reads per step {:.0f} tiles "
      "instead of {:.0f}{}{}; alternative without multicast: every core reads every operand "
      "itself",
      chosen.size(), cores_x, cores_y,
      tiled ? "several blocks per core, B1's multicast tiling" : "one block per core", after,
      before,
      rw.row_transfers == 0 ? ""
                            : fmt::format("; {} transfer(s) multicast row by row, each row as "
                                          "its reads complete (overlapping the next row's reads)",
                                          rw.row_transfers),
      kept_local.empty() ? ""
                         : fmt::format(" (read by every core: {})", fmt::join(kept_local, ", ")));
  return out;
}

}  // namespace tltt::passes
