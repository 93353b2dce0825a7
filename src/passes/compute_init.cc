// D4: compute configuration and engine initialisation. fp32 DST accumulation is enabled when a
// compute CB holds float32 tiles (then DST holds 4 tiles in half-sync mode, else 8); fidelity
// is HiFi4. The user's pass_configs / command-line options override both (pass.h). The kernel
// starts with compute_kernel_hw_startup(first op's CBs); when the kernel uses one kind of operation
// its init follows once, otherwise an init precedes every op. A copy out of a GEMM accumulator is
// the matmul's pack (D5), not a copy, and needs no init.
#include "passes/compute_init.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/dst_mode.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

// Where the user's compute options come from, for remarks and errors.
constexpr const char* kUserChoice = "chosen by the kernel's pass_configs or the command line";

// Fused trees and reductions: D5 emits the init of each of their hardware ops.
bool fused(const Call* c) { return is_tt_op(c, TtOp::kSfpu) || is_tt_op(c, TtOp::kReduce); }

// Steps that D5 brackets with their own init and the re-init of the op they feed.
bool self_initialising(const Call* c) { return is_tt_op(c, TtOp::kTransposeTiles); }

// The init call for a compute op, or an undefined Stmt when none is needed.
Stmt init_for(const Call* c, const std::set<const BufferNode*>& accumulators) {
  Location loc = c->loc;
  if (fused(c) || self_initialising(c)) {
    return {};  // D5 emits the init of every op of a fused tree / reduction, and of these steps.
  }
  if (is_tt_op(c, TtOp::kMatmul)) {
    return tt_call_stmt(
        TtOp::kMatmulInit,
        {tt::Matmul::a_arg(c), tt::Matmul::b_arg(c), cint(tt::Matmul::transpose_b(c) ? 1 : 0, loc)},
        {}, loc);
  }
  if (is_tt_op(c, TtOp::kBinary)) {
    return tt_call_stmt(fpu_binary_calls(tt::Binary::op(c)).first,
                        {tt::Binary::a_arg(c), tt::Binary::b_arg(c)}, {}, loc);
  }
  if (accumulators.count(tt::CopyTiles::src(c).get())) {
    return {};
  }
  return tt_call_stmt(TtOp::kCopyTileToDstInitShort, {tt::CopyTiles::src_arg(c)}, {}, loc);
}

std::string signature(const Call* c) {
  std::string s = c->name + c->attrs.str();
  for (const Expr& a : c->args) {
    if (Buffer b = ref_buffer(a); b.defined()) {
      s += "," + std::to_string(b->attrs.get_int(keys::kCbIndex, -1));
    }
  }
  return s;
}

class InsertInits : public Mutator {
 public:
  using Mutator::visit;
  std::set<const BufferNode*> accumulators;
  Stmt visit(const Evaluate* op) override {
    const Call* c = op->value.as<Call>();
    if (!c || !is_compute_op(c)) {
      return op;
    }
    Stmt init = init_for(c, accumulators);
    return init.defined() ? SeqStmt::make({init, Stmt(op)}, op->loc) : Stmt(op);
  }
};

}  // namespace

Module compute_init(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    if (kernel_role(m, f) != "compute") {
      continue;
    }
    std::vector<const Call*> ops;
    std::set<const BufferNode*> accumulators;
    bool fp32 = dst_fp32(f.body, ctx);
    if (!fp32 && any_compute_block(f.body, [](const DataType& t) { return t.is_integer(); })) {
      ctx.error(f.loc) << "fp32_dest_acc_en is off (" << kUserChoice
                       << "), but integer blocks take part in this kernel's compute: DST holds "
                          "integers only in its 32-bit mode (drop the option, or compute in a "
                          "float dtype)";
    }
    std::string fidelity = ctx.math_fidelity.value_or("HiFi4");
    post_order_visit(f.body, [&](const Node* n) {
      if (n->kind != NodeKind::kEvaluate) {
        return;
      }
      const Call* c = static_cast<const Evaluate*>(n)->value.as<Call>();
      if (!is_compute_op(c)) {
        return;
      }
      ops.push_back(c);
      bool mm = is_tt_op(c, TtOp::kMatmul);
      if (mm || is_tt_op(c, TtOp::kBinary)) {
        Buffer a = mm ? tt::Matmul::a(c) : tt::Binary::a(c);
        Buffer b = mm ? tt::Matmul::b(c) : tt::Binary::b(c);
        std::string fa = a->attrs.get_string(keys::kCbFormat, ""),
                    fb = b->attrs.get_string(keys::kCbFormat, "");
        // The unpacker configures srcA and srcB separately, but both registers hold one
        // exponent width: bfloat16 and the block floats built on its 8-bit exponent (Bfp8_b,
        // Bfp4_b: a bfloat16 activation against block-float weights) mix; others do not.
        auto bf16_family = [](const std::string& fmt) {
          return fmt == "Float16_b" || fmt == "Bfp8_b" || fmt == "Bfp4_b";
        };
        if (fa != fb && !(bf16_family(fa) && bf16_family(fb))) {
          ctx.error(c->loc) << "operands '" << a->name << "' (" << fa << ") and '" << b->name
                            << "' (" << fb << ") of this "
                            << (mm ? "T.gemm" : "element-wise operation")
                            << " have different data formats; the unpacker is configured for one "
                               "input format (use the same dtype for both)";
        }
      }
      if (mm) {
        accumulators.insert(tt::Matmul::c(c).get());
      }
    });
    for (const BufferNode* b : cb_resident_accumulators(f.body)) {
      accumulators.erase(b);  // read from its CB: copies of it need their init
    }
    ctx.remark(f.loc, "config") << fmt::format(
        "compute config: {} fidelity ({}), fp32_dest_acc_en={} ({}), DST holds {} tiles", fidelity,
        ctx.math_fidelity ? kUserChoice : "exact products for bf16/fp16 inputs", fp32,
        ctx.fp32_dest_acc_en ? kUserChoice
        : fp32               ? "a float32 or integer buffer takes part in compute"
                             : "every compute buffer is 16-bit",
        ctx.device.dst_tiles(fp32));
    // math_approx_mode says the kernel uses an approximate SFPU function (B4a's fast
    // exponential): TT-Metalium's flag for it, and the runner's tolerance.
    bool approx = false;
    post_order_visit(f.body, [&](const Node* n) {
      approx |= n->kind == NodeKind::kCall &&
                static_cast<const Call*>(n)->name == tile_op_name(SfpuFn::kExpFast);
    });
    out.plan.compute = ComputeConfig{fidelity, fp32, approx, ctx.device.dst_tiles(fp32)};
    if (ops.empty()) {
      continue;
    }
    // The op whose CBs configure the hardware: the first one that is not a pack (nor a
    // transposition or fill feeding it).
    const Call* first = ops.front();
    for (const Call* c : ops) {
      if (!self_initialising(c)) {
        first = c;
        break;
      }
    }
    std::set<std::string> kinds;
    for (const Call* c : ops) {
      if (init_for(c, accumulators).defined()) {
        kinds.insert(signature(c));
      }
    }
    Location loc = first->loc;
    std::vector<Expr> startup;
    bool any_fused = std::any_of(ops.begin(), ops.end(), fused);
    if (fused(first)) {
      std::vector<Buffer> in = compute_reads(first);
      Buffer o = compute_write(first);
      startup = {buffer_ref(in.empty() ? o : in[0], loc), buffer_ref(o, loc)};
    } else if (is_tt_op(first, TtOp::kCopyTiles)) {
      startup = {tt::CopyTiles::src_arg(first), tt::CopyTiles::dst_arg(first)};
    } else if (is_tt_op(first, TtOp::kTransposeTiles)) {
      startup = {tt::TransposeTiles::src_arg(first), tt::TransposeTiles::dst_arg(first)};
    } else if (is_tt_op(first, TtOp::kMatmul)) {
      Expr out_cb = tt::Matmul::c_arg(first);
      // A matmul's result leaves through the CB its accumulator is copied to.
      for (const Call* c : ops) {
        if (is_tt_op(c, TtOp::kCopyTiles) && tt::CopyTiles::src(c).same_as(ref_buffer(out_cb))) {
          out_cb = tt::CopyTiles::dst_arg(c);
        }
      }
      startup = {tt::Matmul::a_arg(first), tt::Matmul::b_arg(first), out_cb};
    } else {
      startup = {tt::Binary::a_arg(first), tt::Binary::b_arg(first), tt::Binary::out_arg(first)};
    }
    std::vector<Stmt> prologue = {tt_call_stmt(TtOp::kComputeKernelHwStartup, startup, {}, loc)};
    Stmt body = f.body;
    // Fused trees leave the engine in their last op's state: every other op re-inits.
    if (kinds.size() <= 1 && !any_fused) {
      if (Stmt init = init_for(first, accumulators); init.defined()) {
        prologue.push_back(init);
      }
    } else {
      InsertInits ins;
      ins.accumulators = accumulators;
      body = ins.mutate(body);
    }
    f.body = prepend_in_scope(body, prologue);
  }
  return out;
}

}  // namespace tltt::passes
