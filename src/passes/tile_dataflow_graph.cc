// C3: the tile dataflow graph. Every CB gets its producer and consumer kernels from the tt ops
// that write and read it; CBs filled by the reader are inputs (indices 0..15), CBs drained by
// the writer outputs (16..23), the others intermediates (24..31, then 8..15 when those run out).
// Compute's pops are placed by the next pass, C4 (compute_pops.h).
#include "passes/tile_dataflow_graph.h"

#include <fmt/format.h>

#include <set>

#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

struct CbInfo {
  std::set<std::string> producers;  // reader / compute
  std::set<std::string> consumers;  // compute / writer
};

void add_edge(AttrList& edges, const std::string& src, const std::string& dst,
              const std::string& op) {
  Attrs e;
  e.set("src", src);
  e.set("dst", dst);
  e.set("op", op);
  edges.push_back(e);
}

}  // namespace

Module tile_dataflow_graph(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    std::map<const BufferNode*, CbInfo> info;
    AttrList edges;
    int64_t compute_ops = 0;
    post_order_visit(f.body, [&](const Node* n) {
      if (n->kind != NodeKind::kEvaluate) {
        return;
      }
      const Call* c = static_cast<const Evaluate*>(n)->value.as<Call>();
      if (!c) {
        return;
      }
      if (is_tt_op(c, TtOp::kReadTiles)) {
        Buffer cb = tt::ReadTiles::cb(c);
        info[cb.get()].producers.insert("reader");
        add_edge(edges, tt::ReadTiles::src(c)->buffer->name, cb->name, "read_tiles");
      } else if (is_tt_op(c, TtOp::kMaskTile)) {
        info[tt::MaskTile::cb(c).get()].producers.insert("reader");
      } else if (is_tt_op(c, TtOp::kWriteTiles)) {
        Buffer cb = tt::WriteTiles::cb(c);
        info[cb.get()].consumers.insert("writer");
        add_edge(edges, cb->name, tt::WriteTiles::dst(c)->buffer->name, "write_tiles");
      } else if (is_compute_op(c)) {
        ++compute_ops;
        Buffer o = compute_write(c);
        for (const Buffer& b : compute_reads(c)) {
          info[b.get()].consumers.insert("compute");
          add_edge(edges, b->name, o->name, c->name.substr(3));
        }
        info[o.get()].producers.insert("compute");
        if (is_tt_op(c, TtOp::kMatmul)) {
          info[o.get()].consumers.insert("compute");  // partial reload
        }
      }
    });

    // CBs in source order (post-order lists inner allocations first).
    std::vector<const Allocate*> allocs;
    post_order_visit(f.body, [&](const Node* n) {
      if (n->kind == NodeKind::kAllocate &&
          static_cast<const Allocate*>(n)->buffer->scope == MemScope::kCB) {
        allocs.push_back(static_cast<const Allocate*>(n));
      }
    });
    std::reverse(allocs.begin(), allocs.end());

    int next_in = 0, next_out = 16, next_mid = 24, next_spare = 8;
    BufferSubstituter subst;
    Attrs indices;
    AttrList nodes;
    for (const Allocate* a : allocs) {
      const Buffer& b = a->buffer;
      const CbInfo& ci = info[b.get()];
      if (ci.producers.size() > 1) {
        ctx.error(a->loc) << "circular buffer '" << b->name
                          << "' is written both by T.copy from a tensor and by compute; "
                             "give each producer its own buffer";
        continue;
      }
      std::string role;
      int index = -1;
      if (ci.producers.count("reader")) {
        role = "input";
        index = next_in < 8 ? next_in++ : -1;
      } else if (ci.consumers.count("writer")) {
        role = "output";
        index = next_out < 24 ? next_out++ : -1;
      } else {
        role = "intermediate";
        index = next_mid < 32 ? next_mid++ : (next_spare < 16 ? next_spare++ : -1);
      }
      if (index < 0 || index >= ctx.device.max_cbs) {
        ctx.error(a->loc) << fmt::format(
            "too many circular buffers: no free {} CB index left for '{}' (at most 32 CBs)", role,
            b->name);
        continue;
      }
      ctx.remark(a->loc, "cb-index") << fmt::format(
          "CB '{}' gets index {}: it is {} ({})", b->name, index, role,
          role == "input"    ? "filled by the reader; inputs take 0..7"
          : role == "output" ? "drained by the writer; outputs take 16..23"
                             : "produced and consumed by compute; intermediates take 24..31");
      Attrs attrs = b->attrs;
      attrs.set(keys::kCbIndex, static_cast<int64_t>(index));
      attrs.set(keys::kCbRole, role);
      subst.map[b.get()] = b.with_attrs(attrs);
      indices.set(b->name, static_cast<int64_t>(index));
      Attrs node;
      node.set("name", b->name);
      node.set("index", static_cast<int64_t>(index));
      node.set("role", role);
      node.set("producers", std::vector<std::string>(ci.producers.begin(), ci.producers.end()));
      node.set("consumers", std::vector<std::string>(ci.consumers.begin(), ci.consumers.end()));
      nodes.push_back(node);
    }
    if (ctx.failed()) {
      continue;
    }
    f = subst.mutate(f);
    Attrs dfg;
    dfg.set("nodes", nodes);
    dfg.set("edges", edges);
    Attrs stats;
    stats.set("num_cbs", static_cast<int64_t>(nodes.size()));
    stats.set("num_edges", static_cast<int64_t>(edges.size()));
    stats.set("num_compute_ops", compute_ops);
    dfg.set("stats", stats);
    f.attrs.set(keys::kTileDfg, dfg);
    f.attrs.set(keys::kCbIndices, indices);
  }
  return out;
}

}  // namespace tltt::passes
