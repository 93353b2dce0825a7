// C4a's model of a held row block (held_rows_cost.h): compute cycles of the tile statements of a
// loop and the DRAM cycles of its tensor reads, from the device description's terms. Each
// compute statement is charged its unpack, math and pack one after the other: the steps of
// these kernels hand their results to the next through CBs, so they meet at every step.
#include "passes/held_rows_cost.h"

#include <algorithm>

#include "device/device.h"
#include "ir/tile_ops.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

// SFPU instructions per 32-lane vector, as the simulator's function table declares them.
int unary_instructions(SfpuFn fn) {
  static const int table[] = {
#define TLTT_SFPU_UNARY(Id, tilelang, tile_op, metalium, instructions) instructions,
#include "sim/include/ttsim/sfpu_functions.def"
  };
  return table[static_cast<size_t>(fn)];
}
int binary_instructions(SfpuBinaryFn fn) {
  static const int table[] = {
#define TLTT_SFPU_BINARY(Id, tile_op, metalium, instructions) instructions,
#include "sim/include/ttsim/sfpu_functions.def"
  };
  return table[static_cast<size_t>(fn)];
}

// Tiles of an operand: its region's constant extents (a chunk of a held block), else the whole
// buffer.
double tiles_of(const Expr& e) {
  Buffer b = ref_buffer(e);
  if (!b.defined()) {
    return 0;
  }
  if (const Region* r = ref_region(e)) {
    double elems = 1;
    for (const Range& x : r->ranges) {
      std::optional<int64_t> n = const_value(x.extent);
      if (!n) {
        return static_cast<double>(buffer_tiles(b));
      }
      elems *= static_cast<double>(*n);
    }
    return elems / static_cast<double>(kTile * kTile);
  }
  return static_cast<double>(buffer_tiles(b));
}
double bytes_of(const Expr& e) {
  Buffer b = ref_buffer(e);
  return b.defined() ? tiles_of(e) * static_cast<double>(tile_bytes(b->dtype)) : 0.0;
}

// SFPU instructions per vector of a tt.sfpu tree (FPU-able leaves and broadcasts are free).
double tree_instructions(const Expr& e) {
  const Call* c = e.as<Call>();
  if (!c) {
    return 0;
  }
  double n = 0;
  if (std::optional<TileOp> op = tile_op_of(e)) {
    n += op->kind == TileOpKind::kUnary    ? unary_instructions(op->fn)
         : op->kind == TileOpKind::kBinary ? binary_instructions(op->binary)
                                           : 0;
  }
  for (const Expr& a : c->args) {
    n += tree_instructions(a);
  }
  return n;
}

class Estimate : public Visitor {
 public:
  using Visitor::visit;
  explicit Estimate(const device::Timing& t) : t_(t) {}
  double compute = 0, dram_bytes = 0;

  void visit(const For* op) override {
    double saved = trips_;
    trips_ *= static_cast<double>(const_value(op->extent).value_or(1));
    Visitor::visit(op);
    trips_ = saved;
  }
  void visit(const Evaluate* op) override {
    const Call* c = op->value.as<Call>();
    std::optional<TtOp> k = c ? tt_op_of(c) : std::nullopt;
    if (!k) {
      return;
    }
    std::vector<Expr> in;
    Expr out;
    double math = 0;
    switch (*k) {
      case TtOp::kReadTiles:
        dram_bytes += trips_ * bytes_of(tt::ReadTiles::cb_arg(c));
        return;
      case TtOp::kCopyTiles:
        in = {c->args[0]};
        out = c->args[1];
        math = tiles_of(out) * t_.compute.eltwise_tile_cycles;
        break;
      case TtOp::kBinary:
        in = {c->args[0], c->args[1]};
        out = c->args[2];
        math = tiles_of(out) * t_.compute.eltwise_tile_cycles;
        break;
      case TtOp::kReduce:
        in = {c->args[0]};
        out = c->args[2];
        math = tiles_of(c->args[0]) * t_.compute.reduce_phase_cycles;
        break;
      case TtOp::kSfpu: {
        in.assign(c->args.begin(), c->args.end() - 2);
        out = c->args[c->args.size() - 2];
        math =
            tiles_of(out) * (t_.compute.eltwise_tile_cycles +
                             t_.compute.sfpu_vectors_per_tile * tree_instructions(c->args.back()) +
                             t_.compute.sfpu_op_overhead);
        break;
      }
      default:
        return;  // matmuls are B0's; data movement other than DRAM reads costs no compute here
    }
    double unpack = 0;
    for (const Expr& e : in) {
      unpack += bytes_of(e) / t_.compute.unpack_bytes_per_cycle +
                tiles_of(e) * t_.compute.unpack_tile_overhead;
    }
    double pack = bytes_of(out) / t_.compute.pack_bytes_per_cycle +
                  tiles_of(out) * t_.compute.pack_tile_overhead;
    compute +=
        trips_ * (unpack + math + pack + t_.compute.init_cycles + 4 * t_.compute.dst_sync_cycles);
  }

 private:
  const device::Timing& t_;
  double trips_ = 1;
};

}  // namespace

double HeldRowsCost::block() const { return std::max(load_dram, load_compute) + later_compute; }

double HeldRowsCost::gain() const {
  return load_dram > load_compute ? std::min(later_compute, load_dram - load_compute) : 0.0;
}

HeldRowsCost estimate_held_rows(const For* load, const std::vector<const For*>& later,
                                int64_t cores, const DeviceModel& dev) {
  const device::Timing& t = dev.desc->timing;
  HeldRowsCost r;
  Estimate e(t);
  e.visit(load);
  r.load_compute = e.compute;
  // All cores read at once: each gets its share of the DRAM banks, at most its NoC interface.
  double share =
      std::min(t.dram_bytes_per_cycle() / static_cast<double>(std::max<int64_t>(cores, 1)),
               t.noc.niu_bytes_per_cycle);
  r.load_dram = e.dram_bytes / share;
  for (const For* f : later) {
    Estimate l(t);
    l.visit(f);
    r.later_compute += l.compute;
  }
  return r;
}

}  // namespace tltt::passes
