// The IR verifier.
#include "ir/verifier.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "ir/printer.h"
#include "ir/tile_ops.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"

namespace tltt::ir {

namespace {

class Verifier : public Visitor {
 public:
  using Visitor::visit;
  std::vector<VerifyError> errors;

  void run(const PrimFunc& f) {
    std::set<std::string> names;
    for (const auto& p : f.params) {
      if (!names.insert(p.name()).second) {
        error(f.loc, "duplicate parameter name '" + p.name() + "'");
      }
      if (p.is_buffer()) {
        if (p.buffer->scope != MemScope::kGlobal) {
          error(p.buffer->loc, "parameter buffer '" + p.buffer->name + "' must be global");
        }
        for (const auto& s : p.buffer->shape) {
          visit(s);
        }
        buffers_.insert(p.buffer.get());
      } else {
        bind(p.var, f.loc);
      }
    }
    if (!f.body.defined()) {
      error(f.loc, "function '" + f.name + "' has no body");
      return;
    }
    visit(f.body);
  }

  void enter_stmt(const StmtNode* s) override {
    if (s->loc.known()) {
      stmt_loc_ = s->loc;
    }
  }

  void visit(const Variable* op) override {
    if (!vars_.count(op)) {
      // The variable node carries its binding location; report at the using statement.
      error(stmt_loc_.known() ? stmt_loc_ : op->loc,
            "use of undefined variable '" + op->name + "'");
    }
  }

  void visit_buffer(const Buffer& b) override {
    if (!buffers_.count(b.get())) {
      error(b->loc, "use of buffer '" + b->name + "' outside its allocation");
    }
  }

  void visit_region(const Region& r) override {
    Visitor::visit_region(r);
    for (const auto& rg : r.ranges) {
      check_index(rg.min, r.loc, "region minimum");
      check_index(rg.extent, r.loc, "region extent");
      if (auto e = as_const_int(rg.extent); e && *e <= 0) {
        error(r.loc, fmt::format("region of '{}' has non-positive extent {}", r.buffer->name, *e));
      }
    }
  }

  void visit(const BufferLoad* op) override {
    Visitor::visit(op);
    check_indices(op->buffer, op->indices, op->loc);
  }

  void visit(const BufferStore* op) override {
    Visitor::visit(op);
    check_indices(op->buffer, op->indices, op->loc);
    if (op->value.dtype() != op->buffer->dtype) {
      error(op->loc, fmt::format("store of {} value into {} buffer '{}'", op->value.dtype().str(),
                                 op->buffer->dtype.str(), op->buffer->name));
    }
  }

  // Every tt.* call conforms to its declaration in tt_ops.def (other tt.* names are unknown),
  // every tile.* call of a tt.sfpu tree to tile_ops.def.
  void visit(const Call* op) override {
    Visitor::visit(op);
    if (std::string p = tile_op_problem(op); !p.empty()) {
      error(op->loc.known() ? op->loc : stmt_loc_, p);
    }
    if (std::optional<TtOp> tt = tt_op_of(op)) {
      if (std::string p = tt_op_problem(op, *tt); !p.empty()) {
        error(op->loc.known() ? op->loc : stmt_loc_, p);
      }
    } else if (op->name.rfind("tt.", 0) == 0) {
      error(op->loc.known() ? op->loc : stmt_loc_,
            "unknown tt op '" + op->name + "' (not declared in ir/tt_ops.def)");
    }
  }

  void visit(const Select* op) override {
    Visitor::visit(op);
    if (!op->cond.dtype().is_bool()) {
      error(op->loc, "select condition is not bool");
    }
  }

  void visit(const KernelLaunch* op) override {
    if (in_launch_) {
      error(op->loc, "nested kernel launch");
    }
    if (op->extents.empty() || op->extents.size() > 3) {
      error(op->loc, fmt::format("kernel launch with {} grid dimensions (1 to 3 allowed)",
                                 op->extents.size()));
    }
    for (const auto& e : op->extents) {
      visit(e);
      check_index(e, op->loc, "grid extent");
      if (auto c = as_const_int(e); c && *c <= 0) {
        error(op->loc, fmt::format("grid extent {} is not positive", *c));
      }
    }
    for (const auto& v : op->vars) {
      bind(v, op->loc);
    }
    in_launch_ = true;
    visit(op->body);
    in_launch_ = false;
    for (const auto& v : op->vars) {
      vars_.erase(v.get());
    }
  }

  void visit(const Allocate* op) override {
    for (const auto& s : op->buffer->shape) {
      visit(s);
      // A zero extent is a placeholder the front end keeps (`T.alloc_local(0, ...)`); A1
      // rejects it before any pass gives buffers storage.
      if (auto c = as_const_int(s); c && *c < 0) {
        error(op->loc, fmt::format("buffer '{}' has negative dimension {}", op->buffer->name, *c));
      }
    }
    if (!buffers_.insert(op->buffer.get()).second) {
      error(op->loc, "buffer '" + op->buffer->name + "' allocated twice");
    }
    visit(op->body);
    buffers_.erase(op->buffer.get());
  }

  void visit(const BufferView* op) override {
    visit_buffer(op->source);
    for (const auto& s : op->buffer->shape) {
      visit(s);
    }
    if (!buffers_.insert(op->buffer.get()).second) {
      error(op->loc, "buffer '" + op->buffer->name + "' defined twice");
    }
    visit(op->body);
    buffers_.erase(op->buffer.get());
  }

  void visit(const While* op) override {
    Visitor::visit(op);
    if (!op->cond.dtype().is_bool()) {
      error(op->loc, "while condition is not bool");
    }
  }

  void visit(const For* op) override {
    visit(op->min);
    visit(op->extent);
    check_index(op->min, op->loc, "loop start");
    check_index(op->extent, op->loc, "loop extent");
    if (!op->var->dtype.is_integer()) {
      error(op->loc, "loop variable '" + op->var->name + "' is not an integer");
    }
    if (op->num_stages < 0) {
      error(op->loc, "negative num_stages");
    }
    if (op->num_stages != 0 && op->for_kind != ForKind::kPipelined) {
      error(op->loc, "num_stages on a non-pipelined loop");
    }
    bind(op->var, op->loc);
    visit(op->body);
    vars_.erase(op->var.get());
  }

  void visit(const LetStmt* op) override {
    visit(op->value);
    if (op->value.dtype() != op->var->dtype) {
      error(op->loc, fmt::format("let '{}' of type {} bound to {} value", op->var->name,
                                 op->var->dtype.str(), op->value.dtype().str()));
    }
    bind(op->var, op->loc);
    visit(op->body);
    vars_.erase(op->var.get());
  }

  void visit(const IfThenElse* op) override {
    Visitor::visit(op);
    if (!op->cond.dtype().is_bool()) {
      error(op->loc, "if condition is not bool");
    }
  }

  void visit(const Fill* op) override {
    Visitor::visit(op);
    if (op->value.dtype() != op->dst.buffer->dtype) {
      error(op->loc,
            fmt::format("fill value of type {} for {} buffer '{}'", op->value.dtype().str(),
                        op->dst.buffer->dtype.str(), op->dst.buffer->name));
    }
  }

  void visit(const Reduce* op) override {
    Visitor::visit(op);
    if (op->dim < 0 || op->dim >= static_cast<int64_t>(op->src.ranges.size())) {
      error(op->loc,
            fmt::format("reduce dim {} out of range for rank {}", op->dim, op->src.ranges.size()));
    }
  }

 private:
  std::set<const Variable*> vars_;
  std::set<const BufferNode*> buffers_;
  bool in_launch_ = false;
  Location stmt_loc_;

  void error(const Location& loc, std::string msg) { errors.push_back({loc, std::move(msg)}); }

  void bind(const Var& v, const Location& loc) {
    if (!vars_.insert(v.get()).second) {
      error(loc, "variable '" + v->name + "' bound again inside its own scope");
    }
  }

  void check_index(const Expr& e, const Location& loc, const char* what) {
    if (e.defined() && !e.dtype().is_integer()) {
      error(loc, fmt::format("{} '{}' is not an integer", what, print(e)));
    }
  }

  void check_indices(const Buffer& b, const std::vector<Expr>& idx, const Location& loc) {
    if (idx.size() != b.rank()) {
      error(loc, fmt::format("buffer '{}' of rank {} indexed with {} indices", b->name, b.rank(),
                             idx.size()));
    }
    for (const auto& i : idx) {
      check_index(i, loc, "index");
    }
  }
};

}  // namespace

std::vector<VerifyError> verify(const PrimFunc& f) {
  Verifier v;
  v.run(f);
  return v.errors;
}

std::vector<VerifyError> verify(const Module& m) {
  std::vector<VerifyError> all;
  std::set<std::string> names;
  for (const auto& f : m.functions) {
    if (!names.insert(f.name).second) {
      all.push_back({f.loc, "duplicate function name '" + f.name + "'"});
    }
    auto errs = verify(f);
    all.insert(all.end(), errs.begin(), errs.end());
  }
  return all;
}

std::string format_verify_errors(const std::vector<VerifyError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    out += e.loc.str() + ": " + e.message + "\n";
  }
  return out;
}

}  // namespace tltt::ir
