// Cutting a prim_func of several T.Kernel launches (and scratch tensors) into one function per
// launch (launches.h).
#include "driver/launches.h"

#include <fmt/format.h>

#include <set>

#include "ir/visitor.h"

namespace tltt::driver {

using namespace ir;

namespace {

// The buffers and variables a statement refers to.
struct Uses : Visitor {
  using Visitor::visit;
  std::set<const BufferNode*> buffers;
  std::set<const Variable*> vars;
  void visit_buffer(const Buffer& b) override { buffers.insert(b.get()); }
  void visit(const Variable* op) override { vars.insert(op); }
};

std::string shape_text(const Buffer& b) {
  std::string s;
  for (const Expr& e : b->shape) {
    std::optional<int64_t> v = as_const_int(e);
    s += (s.empty() ? "" : ", ") + (v ? std::to_string(*v) : std::string("?"));
  }
  return "[" + s + "]";
}

}  // namespace

std::optional<LaunchSplit> split_launches(const PrimFunc& f, DiagnosticEngine& diag) {
  // Peel what surrounds the launches: scratch allocations and the function's lets.
  LaunchSplit out;
  std::vector<const LetStmt*> lets;
  Stmt s = f.body;
  while (true) {
    if (s->kind == NodeKind::kAllocate && s.as<Allocate>()->buffer->scope == MemScope::kGlobal) {
      out.scratch.push_back(s.as<Allocate>()->buffer);
      s = s.as<Allocate>()->body;
    } else if (s->kind == NodeKind::kLetStmt) {
      lets.push_back(s.as<LetStmt>());
      s = s.as<LetStmt>()->body;
    } else {
      break;
    }
  }
  std::vector<Stmt> launches;
  if (s->kind == NodeKind::kKernelLaunch) {
    launches.push_back(s);
  } else if (s->kind == NodeKind::kSeqStmt) {
    for (const Stmt& e : s.as<SeqStmt>()->stmts) {
      if (e->kind != NodeKind::kKernelLaunch) {
        return std::nullopt;  // host code between launches: the pipeline reports the launches
      }
      launches.push_back(e);
    }
  }
  if (launches.empty() || (launches.size() == 1 && out.scratch.empty())) {
    return std::nullopt;
  }
  for (size_t i = 0; i < launches.size(); ++i) {
    Stmt body = launches[i];
    for (auto it = lets.rbegin(); it != lets.rend(); ++it) {
      body = LetStmt::make((*it)->var, (*it)->value, body, (*it)->loc);
    }
    Uses uses;
    uses.visit(body);
    PrimFunc g = f.with_body(body);
    g.name = launches.size() == 1 ? f.name : fmt::format("{}_launch{}", f.name, i);
    g.params.clear();
    for (const Param& p : f.params) {
      if (p.is_buffer() ? uses.buffers.count(p.buffer.get()) > 0
                        : uses.vars.count(p.var.get()) > 0) {
        g.params.push_back(p);
      }
    }
    std::string scratch;
    for (const Buffer& b : out.scratch) {
      if (uses.buffers.count(b.get())) {
        g.params.push_back(Param{b, {}});
        scratch += (scratch.empty() ? "" : ", ") + ("'" + b->name + "'");
      }
    }
    diag.remark(launches[i]->loc, "launches", "split") << fmt::format(
        "T.Kernel launch {} of {} of '{}' is device program {} ('{}'); the host program "
        "runs the programs in order, each after the previous one has finished{}",
        i + 1, launches.size(), f.name, i, g.name,
        scratch.empty() ? "" : "; it uses the scratch tensor(s) " + scratch);
    out.launches.push_back(std::move(g));
  }
  for (const Buffer& b : out.scratch) {
    diag.remark(b->loc, "launches", "scratch") << fmt::format(
        "scratch tensor '{}' {}{} (T.alloc_global) is a DRAM buffer the host program "
        "allocates; it is neither read from nor written to the caller's data",
        b->name, b->dtype.str(), shape_text(b));
  }
  return out;
}

namespace {

// The fields of a tensor's plan both programs must agree on to share its buffer.
TensorPlan storage_of(TensorPlan t) {
  t.access = TensorAccess::kUnused;
  t.order.reset();
  t.ordered_update = false;
  t.nd_shard.reset();
  return t;
}

std::string storage_text(const TensorPlan& t) {
  std::string dims;
  for (int64_t d : t.device_shape) {
    dims += (dims.empty() ? "" : ", ") + std::to_string(d);
  }
  return fmt::format("{} {} {} [{}]{}", t.device_dtype.value_or(t.dtype).str(), to_string(t.memory),
                     to_string(t.layout), dims,
                     t.dim_order.empty() ? "" : " (dimensions permuted)");
}

int fidelity_rank(const std::string& f) {
  const char* order[] = {"LoFi", "HiFi2", "HiFi3", "HiFi4"};
  for (int i = 0; i < 4; ++i) {
    if (f == order[i]) {
      return i;
    }
  }
  return 4;
}

}  // namespace

std::optional<DevicePlan> merge_launch_plans(const PrimFunc& f, const LaunchSplit& split,
                                             const std::vector<const DevicePlan*>& plans,
                                             DiagnosticEngine& diag) {
  size_t widest = 0;
  for (size_t i = 1; i < plans.size(); ++i) {
    if (plans[i]->partition->work.size() > plans[widest]->partition->work.size()) {
      widest = i;
    }
  }
  DevicePlan top = *plans[widest];
  top.kernel = f.name;
  top.tensors.clear();
  top.scalars.clear();
  std::vector<std::string> names;
  for (const Param& p : f.params) {
    names.push_back(p.name());
  }
  for (const Buffer& b : split.scratch) {
    names.push_back(b->name);
  }
  bool ok = true;
  for (const std::string& name : names) {
    std::optional<TensorPlan> merged;
    std::optional<ScalarPlan> scalar;
    size_t first = 0;
    for (size_t i = 0; i < plans.size(); ++i) {
      if (const TensorPlan* t = plans[i]->find_tensor(name)) {
        if (!merged) {
          merged = *t;
          first = i;
          continue;
        }
        if (storage_of(*t) != storage_of(*merged)) {
          diag.error(split.launches[i].body->loc) << fmt::format(
              "tensor '{}' is stored as {} by device program {} and as {} by device "
              "program {}: the programs of one function share its buffer, so they must "
              "agree (annotate its layout)",
              name, storage_text(*merged), first, storage_text(*t), i);
          ok = false;
        }
        bool reads = merged->is_input() || t->is_input();
        bool writes = merged->is_output() || t->is_output();
        merged->access = reads && writes ? TensorAccess::kReadWrite
                         : writes        ? TensorAccess::kOutput
                                         : TensorAccess::kInput;
        merged->ordered_update |= t->ordered_update;
      }
      for (const ScalarPlan& sc : plans[i]->scalars) {
        if (sc.name == name && !scalar) {
          scalar = sc;
        }
      }
    }
    if (merged) {
      top.tensors.push_back(*merged);
    } else if (scalar) {
      top.scalars.push_back(*scalar);
    }
  }
  for (const DevicePlan* p : plans) {
    if (p->compute && top.compute &&
        fidelity_rank(p->compute->math_fidelity) < fidelity_rank(top.compute->math_fidelity)) {
      top.compute->math_fidelity = p->compute->math_fidelity;
    }
    if (p->compute && top.compute) {
      top.compute->fp32_dest_acc_en &= p->compute->fp32_dest_acc_en;
    }
  }
  if (!ok) {
    return std::nullopt;
  }
  return top;
}

}  // namespace tltt::driver
