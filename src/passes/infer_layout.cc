// A1: per-tensor layout descriptors from annotations (kernel and command line) and defaults.
#include "passes/infer_layout.h"

#include <fmt/format.h>

#include "ir/mutator.h"
#include "passes/layout_spec.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"
#include "passes/vector_layout.h"

namespace tltt::passes {

using namespace ir;

namespace {

// Collects T.annotate_layout entries for tensor parameters and removes the statements.
class AnnotationCollector : public Mutator {
 public:
  using Mutator::visit;
  struct Entry {
    Buffer buffer;
    Attrs raw;
    Location loc;
  };
  std::vector<Entry> entries;
  PassContext* ctx = nullptr;

  Stmt visit(const AnnotateLayout* op) override {
    for (size_t i = 0; i < op->buffers.size(); ++i) {
      const Buffer& b = op->buffers[i];
      const Call* call = op->layouts[i].as<Call>();
      Location loc = op->layouts[i].loc().known() ? op->layouts[i].loc() : op->loc;
      if (call && is_tt_layout_call(*call)) {
        if (b->scope != MemScope::kGlobal) {
          ctx->error(loc) << "T.TTLayout annotates tensors (kernel parameters); '" << b->name
                          << "' is a " << mem_scope_name(b->scope) << " buffer";
          continue;
        }
        entries.push_back({b, layout_from_call(*call), loc});
      }
      // Other layouts (GPU fragment/swizzle layouts) have no meaning on Tenstorrent: CBs hold
      // whole tiles, so they are dropped.
    }
    return SeqStmt::make({}, op->loc);
  }
};

}  // namespace

Module infer_layout(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    f = reshape_vectors(f, ctx);
    for (const Param& p : f.params) {
      if (!p.is_buffer()) {
        continue;
      }
      const Buffer& b = p.buffer;
      if (b.rank() < 2) {
        ctx.error(b->loc) << "tensor '" << b->name
                          << "' must have at least 2 dimensions (tiles are 32x32)";
        continue;
      }
      for (size_t d = b.rank() - 2; d < b.rank(); ++d) {
        auto dim = as_const_int(b->shape[d]);
        if (!dim) {
          ctx.error(b->loc) << "tensor '" << b->name << "' has a non-constant dimension " << d
                            << "; shapes must be known at compile time";
        } else if (*dim % kTile != 0) {
          ctx.error(b->loc) << fmt::format(
              "tensor '{}' is not tile-aligned: dimension {} is {}, not a multiple of 32", b->name,
              d, *dim);
        }
      }
      if (!data_format(b->dtype)) {
        ctx.error(b->loc) << "tensor '" << b->name << "' has dtype " << b->dtype.str()
                          << ", which has no Tenstorrent tile format";
      }
    }
    AnnotationCollector collector;
    collector.ctx = &ctx;
    PrimFunc g = collector.mutate(f);
    std::map<std::string, std::pair<Attrs, Location>> raw;
    for (const auto& e : collector.entries) {
      raw[e.buffer->name] = {e.raw, e.loc};
    }
    for (const std::string& spec : ctx.cli_layouts) {
      auto eq = spec.find('=');
      std::string name = spec.substr(0, eq);
      bool known = false;
      for (const Param& p : f.params) {
        known |= p.is_buffer() && p.buffer->name == name;
      }
      if (eq == std::string::npos || !known) {
        ctx.error(ctx.cli_loc) << "--layout '" << spec << "' does not name a tensor parameter of "
                               << f.name;
        continue;
      }
      if (auto a = layout_from_cli(spec.substr(eq + 1), ctx.cli_loc, ctx)) {
        raw[name] = {*a, ctx.cli_loc};  // the command line overrides the kernel's annotation
      }
    }
    for (const Param& p : f.params) {
      if (!p.is_buffer()) {
        continue;
      }
      auto it = raw.find(p.buffer->name);
      Attrs r = it == raw.end() ? Attrs() : it->second.first;
      Location loc = it == raw.end() ? p.buffer->loc : it->second.second;
      if (auto layout = normalize_layout(p.buffer, r, loc, ctx)) {
        g.attrs.set(keys::kBufferPrefix + p.buffer->name, *layout);
      }
    }
    g.attrs.set(keys::kCoreGrid, std::vector<int64_t>{ctx.device.grid_x, ctx.device.grid_y});
    g.attrs.set(keys::kDevice, ctx.device.name);
    f = g;
  }
  return out;
}

}  // namespace tltt::passes
