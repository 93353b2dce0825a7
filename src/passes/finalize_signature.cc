// E1: each kernel's runtime arguments in the canonical order (tensor addresses in parameter
// order, then start_id, count, Mt, Nt, Kt, ..., then any others), read as
// get_arg_val<uint32_t>(i); tt.runtime_args lists them per kernel.
#include "passes/finalize_signature.h"

#include <algorithm>

#include "ir/mutator.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

namespace {

const std::vector<std::string> kCanonical = {"start_id", "count",    "Mt",         "Nt", "Kt",
                                             "stride_m", "stride_n", "out_stride", "Sm", "Sn",
                                             "Gy",       "Gx",       "sy",         "sx"};

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
    return Call::make(DataType::int32(), "get_arg_val", {cint(index.at(name), op->loc)}, attrs,
                      op->loc);
  }
};

}  // namespace

Module finalize_signature(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    if (kernel_role(f).empty()) {
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
    for (const Param& p : f.params) {
      take(p.name() + "_addr");
    }
    for (const auto& name : kCanonical) {
      take(name);
    }
    std::vector<std::string> rest = used;
    std::sort(rest.begin(), rest.end());
    for (const auto& name : rest) {
      take(name);
    }
    Resolve r;
    Attrs types, descriptions;
    for (size_t i = 0; i < ordered.size(); ++i) {
      r.index[ordered[i]] = static_cast<int64_t>(i);
      types.set(ordered[i], "uint32");
      bool addr = ordered[i].size() > 5 && ordered[i].substr(ordered[i].size() - 5) == "_addr";
      descriptions.set(ordered[i], addr                       ? "tensor base address"
                                   : ordered[i] == "start_id" ? "first block id of this core"
                                   : ordered[i] == "count"    ? "number of blocks of this core"
                                                              : "");
    }
    f = r.mutate(f);
    f.attrs.set(keys::kRuntimeArgs, ordered);
    f.attrs.set(keys::kRuntimeArgsFinalized, true);
    Attrs info;
    info.set("types", types);
    info.set("descriptions", descriptions);
    info.set("count", static_cast<int64_t>(ordered.size()));
    f.attrs.set(keys::kRuntimeArgsInfo, info);
    Attrs cfg = dict_attr(f, keys::kPersistentConfig);
    cfg.set("pattern",
            "for (uint32_t block_id = start_id; block_id < start_id + count; ++block_id)");
    f.attrs.set(keys::kPersistentConfig, cfg);
  }
  return out;
}

}  // namespace tltt::passes
