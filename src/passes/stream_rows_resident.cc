// A4's L1 estimate of a row block (stream_rows.h), and the alternative to streaming it: keeping
// the whole row block in L1 with one copy of the CBs that can do with one, so the row is read
// from DRAM once instead of once per pass over it.
#include <fmt/format.h>

#include <algorithm>

#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/stream_rows_plan.h"
#include "passes/tt_attrs.h"

namespace tltt::passes::stream {

using namespace ir;

namespace {

int64_t tiles_of(int64_t elems) { return (elems + kTile - 1) / kTile; }

}  // namespace

int64_t cb_bytes(const std::vector<Buffer>& allocs, const RowKernel& k, int64_t cols,
                 const BufferSet* single) {
  int64_t total = 2 * tile_bytes(DataType::bfloat16());
  for (const Buffer& b : allocs) {
    bool wide = k.wide.count(b.get()) != 0;
    int64_t tiles = 1;
    for (size_t d = 0; d < b.rank(); ++d) {
      int64_t e = wide && d + 1 == b.rank() ? cols : as_const_int(b->shape[d]).value_or(1);
      tiles *= d + 2 >= b.rank() ? tiles_of(e) : e;
    }
    // C1 double-buffers every CB unless told otherwise; the twin and a reduction's temporary
    // are always double-buffered.
    int64_t own = single && single->count(b.get()) ? 1 : 2, out = single && wide ? 1 : 2;
    int64_t copies = own + out * static_cast<int64_t>(k.out_cb.count(b.get())) +
                     2 * static_cast<int64_t>(k.twinned.count(b.get()) + k.temp.count(b.get()));
    total += copies * tiles * tile_bytes(b->dtype);
  }
  return total;
}

BufferSet single_copy(const RowKernel& k) {
  // One copy of a CB is enough when each block's value is produced once, whole, and consumed
  // before the next block's is produced: written by one statement that does not read it. A
  // block updated in place is read and written by one compute step, which needs a second copy
  // to write into while it still holds the first. A twinned block (loaded, then updated in
  // place) is read only by the copy into its twin, which keeps two copies: one copy of it is
  // enough when one statement loads it.
  std::map<const BufferNode*, int> writers, loads;
  BufferSet in_place;
  for (const StmtInfo& si : k.stmts) {
    BufferSet reads, writes;
    post_order_visit(si.stmt, [&](const Node* n) {
      switch (n->kind) {
        case NodeKind::kBufferLoad:
          reads.insert(static_cast<const BufferLoad*>(n)->buffer.get());
          break;
        case NodeKind::kBufferStore:
          writes.insert(static_cast<const BufferStore*>(n)->buffer.get());
          break;
        case NodeKind::kCopy: {
          const Copy* c = static_cast<const Copy*>(n);
          reads.insert(c->src.buffer.get());
          writes.insert(c->dst.buffer.get());
          if (c->src.buffer->scope == MemScope::kGlobal) {
            ++loads[c->dst.buffer.get()];
          }
          break;
        }
        case NodeKind::kFill:
          writes.insert(static_cast<const Fill*>(n)->dst.buffer.get());
          break;
        case NodeKind::kReduce:
          reads.insert(static_cast<const Reduce*>(n)->src.buffer.get());
          writes.insert(static_cast<const Reduce*>(n)->dst.buffer.get());
          break;
        default:
          break;
      }
    });
    for (const BufferNode* w : writes) {
      ++writers[w];
      if (reads.count(w)) {
        in_place.insert(w);
      }
    }
  }
  BufferSet out;
  for (const BufferNode* b : k.wide) {
    bool one = k.twinned.count(b) ? loads[b] == 1 : writers[b] == 1 && !in_place.count(b);
    if (one && !k.temp.count(b)) {
      out.insert(b);
    }
  }
  return out;
}

Stmt keep_resident(const std::vector<Buffer>& allocs, const RowKernel& k, const BufferSet& single,
                   const Stmt& body) {
  BufferSubstituter sub;
  for (const Buffer& b : allocs) {
    if (!k.wide.count(b.get())) {
      continue;
    }
    Attrs attrs = b->attrs;
    attrs.set(keys::kCbDepth, int64_t{single.count(b.get()) ? 1 : 2});
    attrs.set(keys::kCbOutDepth, int64_t{1});
    sub.map[b.get()] = Buffer::make(b->name, b->dtype, b->shape, b->scope, attrs, b->loc);
  }
  return sub.mutate(body);
}

namespace {

// The loads both kinds of held block start from: a copy from a tensor into a wide block that
// nothing else writes and that has no twin. `keep(copy, passes)` decides with the number of
// passes (groups) that read statement t.
template <typename Keep>
Held whole_block_loads(const RowKernel& k, Keep keep) {
  std::map<const BufferNode*, int> writers;
  for (const StmtInfo& si : k.stmts) {
    for (const BufferNode* w : si.writes) {
      ++writers[w];
    }
  }
  Held out;
  for (size_t t = 0; t < k.stmts.size(); ++t) {
    const Copy* c = k.stmts[t].stmt.as<Copy>();
    if (!c || c->src.buffer->scope != MemScope::kGlobal || !k.wide.count(c->dst.buffer.get()) ||
        writers[c->dst.buffer.get()] != 1 || k.twinned.count(c->dst.buffer.get())) {
      continue;
    }
    auto passes = std::count_if(k.groups.begin(), k.groups.end(), [&](const Group& g) {
      return std::find(g.body.begin(), g.body.end(), t) != g.body.end();
    });
    if (keep(*c, passes)) {
      out[c->dst.buffer.get()] = t;
    }
  }
  return out;
}

}  // namespace

Held held_loads(const RowKernel& k) {
  return whole_block_loads(k, [](const Copy&, int64_t passes) { return passes > 1; });
}

Held invariant_loads(const RowKernel& k) {
  // The same region for every block: B2 can then load it once per core.
  return whole_block_loads(k, [](const Copy& c, int64_t passes) {
    return passes > 0 && std::all_of(c.src.ranges.begin(), c.src.ranges.end(), [](const Range& r) {
             return const_value(r.min) && const_value(r.extent);
           });
  });
}

int64_t held_bytes(const std::vector<Buffer>& allocs, const Held& held) {
  int64_t total = 0;
  for (const Buffer& b : allocs) {
    if (held.count(b.get())) {
      total += buffer_tiles(b) * tile_bytes(b->dtype);
    }
  }
  return total;
}

ChunkChoice choose_chunks(const std::vector<Buffer>& allocs, const RowKernel& k, int64_t budget,
                          int64_t fixed, int64_t per_tile) {
  int64_t row_tiles = (k.width + kTile - 1) / kTile, fit = (budget / 2 - fixed) / per_tile;
  ChunkChoice out;
  int64_t least = (row_tiles + fit - 1) / fit, n = least;
  for (int64_t c = least; c <= std::min(2 * least, row_tiles); ++c) {
    if (c * ((row_tiles + c - 1) / c) < n * ((row_tiles + n - 1) / n)) {
      n = c;
    }
  }
  // Blocks loaded once but read by several passes stay whole in L1 when the chunks still fit
  // in half of what they leave: the first pass loads them chunk by chunk and the others copy
  // their chunks from L1, so each row is read from DRAM once. The chunks then divide the row,
  // so none reaches past it.
  out.held = held_loads(k);
  auto fit_beside = [&](const Held& h) {
    return ((budget - held_bytes(allocs, h)) / 2 - fixed) / per_tile;
  };
  // Loads of the same region for every block (gamma, beta) join them, loaded whole (B2 then
  // reads them once per core instead of once per row block), while chunks of at least 4 tiles
  // (or the whole row) still fit beside them.
  out.invariant = invariant_loads(k);
  Held both = out.held;
  both.insert(out.invariant.begin(), out.invariant.end());
  if (both.size() > out.held.size() && fit_beside(both) >= std::min<int64_t>(4, row_tiles)) {
    out.held = both;
  } else {
    out.invariant.clear();
  }
  int64_t held_fit = fit_beside(out.held);
  if (!out.held.empty() && held_fit >= 1 && k.width % kTile == 0) {
    n = (row_tiles + held_fit - 1) / held_fit;
    while (row_tiles % n != 0) {
      ++n;
    }
    out.kept = held_bytes(allocs, out.held);
  } else {
    out.held.clear();
    out.invariant.clear();
  }
  out.n = n;
  return out;
}

std::string describe_single(const std::vector<Buffer>& allocs, const RowKernel& k,
                            const BufferSet& single) {
  std::string own, out;
  for (const Buffer& b : allocs) {
    if (single.count(b.get())) {
      own += fmt::format("{}'{}'", own.empty() ? "" : ", ", b->name);
    }
    if (k.out_cb.count(b.get())) {
      out += fmt::format("{}'{}'", out.empty() ? "" : ", ", b->name);
    }
  }
  std::string text = own.empty() ? "" : "of " + own;
  if (!out.empty()) {
    text += fmt::format("{}of the output CB of {}", text.empty() ? "" : " and ", out);
  }
  return text.empty() ? "of no CB" : text;
}

}  // namespace tltt::passes::stream
