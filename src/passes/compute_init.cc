// D4: compute configuration and engine initialisation. fp32 DST accumulation is enabled when a
// compute CB holds float32 tiles (then DST holds 4 tiles in half-sync mode, else 8); fidelity
// is HiFi4. The kernel starts with compute_kernel_hw_startup(first op's CBs); when the kernel
// uses one kind of operation its init follows once, otherwise an init precedes every op.
// A copy out of a GEMM accumulator is the matmul's pack (D5), not a copy, and needs no init.
#include "passes/compute_init.h"

#include <fmt/format.h>

#include <set>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

// Steps that D5 brackets with their own init and the re-init of the op they feed.
bool self_initialising(const std::string& n) { return n == "tt.transpose_tiles"; }

// The init call for a compute op, or an undefined Stmt when none is needed.
Stmt init_for(const Call* c, const std::set<const BufferNode*>& accumulators) {
  Location loc = c->loc;
  if (c->name == kSfpuOp || c->name == kReduceOp || self_initialising(c->name)) {
    return {};  // D5 emits the init of every op of a fused tree / reduction, and of these steps.
  }
  if (c->name == "tt.matmul") {
    return call_stmt(
        "matmul_init",
        {c->args[0], c->args[1], cint(c->attrs.get_bool("transpose_b", false) ? 1 : 0, loc)}, {},
        loc);
  }
  if (c->name == "tt.binary") {
    std::string op = c->attrs.get_string("op", "add");
    return call_stmt(op + "_tiles_init", {c->args[0], c->args[1]}, {}, loc);
  }
  if (accumulators.count(ref_buffer(c->args[0]).get())) {
    return {};
  }
  return call_stmt("copy_tile_to_dst_init_short", {c->args[0]}, {}, loc);
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
    if (!c || !is_compute_op(c->name)) {
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
    bool fp32 = false;
    post_order_visit(f.body, [&](const Node* n) {
      if (n->kind != NodeKind::kEvaluate) {
        return;
      }
      const Call* c = static_cast<const Evaluate*>(n)->value.as<Call>();
      if (!c || !is_compute_op(c->name)) {
        return;
      }
      ops.push_back(c);
      if (c->name == "tt.matmul" || c->name == "tt.binary") {
        Buffer a = ref_buffer(c->args[0]), b = ref_buffer(c->args[1]);
        std::string fa = a->attrs.get_string(keys::kCbFormat, ""),
                    fb = b->attrs.get_string(keys::kCbFormat, "");
        if (fa != fb) {
          ctx.error(c->loc) << "operands '" << a->name << "' (" << fa << ") and '" << b->name
                            << "' (" << fb << ") of this "
                            << (c->name == "tt.matmul" ? "T.gemm" : "element-wise operation")
                            << " have different data formats; the unpacker is configured for one "
                               "input format (use the same dtype for both)";
        }
      }
      if (c->name == "tt.matmul") {
        accumulators.insert(ref_buffer(c->args[2]).get());
      }

      for (const Expr& a : c->args) {
        if (Buffer b = ref_buffer(a); b.defined() && b->dtype == DataType::float32()) {
          fp32 = true;
        }
      }
    });
    for (const BufferNode* b : cb_resident_accumulators(f.body)) {
      accumulators.erase(b);  // read from its CB: copies of it need their init
    }
    ctx.remark(f.loc, "config") << fmt::format(
        "compute config: HiFi4 fidelity (exact products for bf16/fp16 inputs), "
        "fp32_dest_acc_en={} ({}), DST holds {} tiles",
        fp32, fp32 ? "a float32 buffer takes part in compute" : "every compute buffer is 16-bit",
        fp32 ? 4 : 8);
    out.plan.compute = ComputeConfig{"HiFi4", fp32, false, fp32 ? 4 : 8};
    if (ops.empty()) {
      continue;
    }
    // The op whose CBs configure the hardware: the first one that is not a pack (nor a
    // transposition or fill feeding it).
    const Call* first = ops.front();
    for (const Call* c : ops) {
      if (!self_initialising(c->name)) {
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
    bool fused = false;
    for (const Call* c : ops) {
      fused |= c->name == kSfpuOp || c->name == kReduceOp;
    }
    if (first->name == kSfpuOp || first->name == kReduceOp) {
      std::vector<Buffer> in = compute_reads(first);
      Buffer o = compute_write(first);
      startup = {buffer_ref(in.empty() ? o : in[0], loc), buffer_ref(o, loc)};
    } else if (first->name == "tt.copy_tiles" || first->name == "tt.transpose_tiles") {
      startup = {first->args[0], first->args[1]};
    } else {
      Expr out_cb = first->args[2];
      // A matmul's result leaves through the CB its accumulator is copied to.
      if (first->name == "tt.matmul") {
        for (const Call* c : ops) {
          if (c->name == "tt.copy_tiles" && ref_buffer(c->args[0]).same_as(ref_buffer(out_cb))) {
            out_cb = c->args[1];
          }
        }
      }
      startup = {first->args[0], first->args[1], out_cb};
    }
    std::vector<Stmt> prologue = {call_stmt("compute_kernel_hw_startup", startup, {}, loc)};
    Stmt body = f.body;
    // Fused trees leave the engine in their last op's state: every other op re-inits.
    if (kinds.size() <= 1 && !fused) {
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
