// E1: each kernel's runtime arguments in the canonical order (tensor addresses in parameter
// order, then start_id, count, then kernel scalars by name), read as get_arg_val<uint32_t>(i);
// the plan's kernel lists them with their kind, so the host never decodes a name.
#include "passes/finalize_signature.h"

#include <fmt/format.h>

#include <algorithm>

#include "ir/mutator.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/operand_multicast.h"
#include "passes/pass_util.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The name a tt.runtime_arg refers to.
const std::string& arg_name(const Call* c) {
  const StringImm* s = tt::RuntimeArg::name_arg(c).as<StringImm>();
  TILE_ASSERT(s) << c->name << " takes one string (the argument's name)";
  return s->value;
}

class Resolve : public Mutator {
 public:
  using Mutator::visit;
  std::map<std::string, int64_t> index;
  Expr visit(const Call* op) override {
    if (!is_tt_op(op, TtOp::kRuntimeArg)) {
      return Mutator::visit(op);
    }
    const std::string& name = arg_name(op);
    Attrs attrs;
    attrs.set("template", "uint32_t");
    return tt_call(TtOp::kGetArgVal, DataType::int32(), {cint(index.at(name), op->loc)}, attrs,
                   op->loc);
  }
};

}  // namespace

std::string scalar_arg_name(const std::string& param) { return "scalar:" + param; }

Module finalize_signature(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    if (kernel_role(m, f).empty()) {
      continue;
    }
    std::vector<std::string> used;
    post_order_visit(f.body, [&](const Node* n) {
      if (n->kind == NodeKind::kCall) {
        const auto* c = static_cast<const Call*>(n);
        if (is_tt_op(c, TtOp::kRuntimeArg)) {
          const std::string& name = arg_name(c);
          if (std::find(used.begin(), used.end(), name) == used.end()) {
            used.push_back(name);
          }
        }
      }
    });
    std::vector<std::string> ordered;
    auto take = [&](const std::string& name) {
      if (std::find(used.begin(), used.end(), name) != used.end() &&
          std::find(ordered.begin(), ordered.end(), name) == ordered.end()) {
        ordered.push_back(name);
      }
    };
    // The kind of every argument comes from what introduced it: D2 binds `<tensor>_addr`, B2
    // `start_id` and `count`, B3 a kernel scalar by the scalar parameter's name.
    std::map<std::string, RuntimeArg> kinds = {{"start_id", {RuntimeArgKind::kBlockStart, ""}},
                                               {"count", {RuntimeArgKind::kBlockCount, ""}}};
    for (const Param& p : f.params) {
      if (p.is_buffer()) {
        take(p.name() + "_addr");
        kinds[p.name() + "_addr"] = {RuntimeArgKind::kTensorAddress, p.name()};
      } else {
        kinds[scalar_arg_name(p.name())] = {RuntimeArgKind::kScalarBits, p.name()};
      }
    }
    // D8 names each argument of an operand's multicast from the plan's typed kind.
    for (const McastOperand& mc : m.plan.multicast) {
      for (int k = static_cast<int>(RuntimeArgKind::kMcastSender);
           k <= static_cast<int>(RuntimeArgKind::kMcastReceiverSemaphore); ++k) {
        auto kind = static_cast<RuntimeArgKind>(k);
        kinds[multicast_arg_name(mc.tensor, kind)] = {kind, mc.tensor};
      }
    }
    // D3 names the semaphore of a tensor with ordered updates.
    for (const TensorPlan& t : m.plan.tensors) {
      if (t.ordered_update) {
        kinds[t.name + "_update_sem"] = {RuntimeArgKind::kUpdateSemaphore, t.name};
      }
    }
    take("start_id");
    take("count");
    // The rest by name, a kernel scalar by its parameter's name (the order of the slots does
    // not depend on the prefix that keeps scalars apart).
    std::vector<std::string> rest = used;
    auto shown = [](const std::string& name) {
      const std::string prefix = scalar_arg_name("");
      return name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
    };
    std::stable_sort(rest.begin(), rest.end(), [&](const std::string& a, const std::string& b) {
      return shown(a) < shown(b);
    });
    for (const auto& name : rest) {
      take(name);
    }
    Resolve r;
    std::vector<RuntimeArg> args;
    for (size_t i = 0; i < ordered.size(); ++i) {
      r.index[ordered[i]] = static_cast<int64_t>(i);
      auto kind = kinds.find(ordered[i]);
      TILE_ASSERT(kind != kinds.end()) << "runtime argument '" << ordered[i] << "' of " << f.name
                                       << " is neither a tensor address, a block range, a "
                                          "multicast argument nor a kernel scalar";
      args.push_back(kind->second);
    }
    f = r.mutate(f);
    std::string listed;
    for (size_t i = 0; i < args.size(); ++i) {
      listed += fmt::format("{}{}: {}{}", i ? ", " : "", i, to_string(args[i].kind),
                            args[i].name.empty() ? "" : " " + args[i].name);
    }
    ctx.remark(f.loc, "runtime-args")
        << fmt::format("{} reads {} runtime argument(s) with get_arg_val: {}", f.name, args.size(),
                       listed.empty() ? "none" : listed);
    for (KernelPlan& k : out.plan.kernels) {
      if (k.function == f.name) {
        k.runtime_args = args;
      }
    }
  }
  return out;
}

}  // namespace tltt::passes
