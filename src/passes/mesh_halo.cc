// The halo exchange of a mesh split by block offsets (mesh_halo.h): which rows of each input the
// devices' blocks read, from the IR's reads, and the pages each device owns and holds.
#include "passes/mesh_halo.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "ir/im2col.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

int64_t elements(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t e : shape) {
    n *= e;
  }
  return n;
}

// One read of an input's rows: rows [coef * b_k + lo, coef * b_k + hi) of its matrix, or, under
// T.im2col, the image rows of patch blocks coef * b_k + [lo, hi] (rows of `block` output pixels).
struct RowRead {
  int k = -1;
  int64_t coef = 0, lo = 0, hi = 0;
  std::optional<Im2colGeometry> im2col;
  int64_t block = 0;
  bool halo = false;  // reaches outside its own block's rows
  Location loc;
};

// Every read of the candidate inputs; a tensor some read of which does not address its rows by
// one block index is dropped (it stays replicated).
class RowReads : public Visitor {
 public:
  using Visitor::visit;
  std::map<const Variable*, int> blocks;  // block index -> T.Kernel dimension
  std::map<const BufferNode*, std::vector<RowRead>> reads;
  std::set<const BufferNode*> dropped;

  void enter_stmt(const StmtNode* s) override { loc_ = s->loc; }
  void visit(const For* op) override {
    visit(op->min);
    visit(op->extent);
    auto lo = bounds(op->min, ranges_), n = bounds(op->extent, ranges_);
    if (lo && n) {
      ranges_[op->var.get()] = {lo->lo, lo->hi + n->hi - 1};
    }
    visit(op->body);
  }
  void visit(const LetStmt* op) override {
    visit(op->value);
    if (auto b = bounds(op->value, ranges_)) {
      ranges_[op->var.get()] = *b;
    }
    visit(op->body);
  }
  void visit_region(const Region& r) override {
    if (!reads.count(r.buffer.get())) {
      Visitor::visit_region(r);
      return;
    }
    auto ext = r.ranges.empty() ? std::nullopt : const_value(r.ranges[0].extent);
    row(r.buffer, r.ranges.size() == 2 && ext ? r.ranges[0].min : Expr(), ext.value_or(0),
        r.loc.known() ? r.loc : loc_);
  }
  void visit(const BufferLoad* op) override {
    if (!reads.count(op->buffer.get())) {
      Visitor::visit(op);
      return;
    }
    row(op->buffer, op->indices.size() == 2 ? op->indices[0] : Expr(), 1,
        op->loc.known() ? op->loc : loc_);
  }
  void visit(const Call* op) override {
    auto g = im2col_geometry(*op);
    const RegionRef* img = g ? op->args[0].as<RegionRef>() : nullptr;
    if (!img || !reads.count(img->region.buffer.get())) {
      Visitor::visit(op);
      return;
    }
    const Buffer& t = img->region.buffer;
    const RegionRef* patch = op->args[1].as<RegionRef>();
    RowRead rd = affine(op->args[2]);
    rd.im2col = g;
    rd.block = patch->region.buffer->shape.empty()
                   ? 0
                   : const_value(patch->region.buffer->shape[0]).value_or(0);
    rd.halo = g->kernel > 1;
    rd.loc = op->loc.known() ? op->loc : loc_;
    if (rd.k < 0 || rd.block <= 0) {
      dropped.insert(t.get());
      return;
    }
    rd.hi += 1;  // patch blocks [coef * b + lo, coef * b + hi]
    reads[t.get()].push_back(rd);
  }

 private:
  Location loc_;
  VarRanges ranges_;

  // `index` as `coef * b + r` for one block index b, r bounded: [lo, hi] of r.
  RowRead affine(const Expr& index) {
    RowRead rd;
    for (const auto& [v, k] : blocks) {
      if (!index.defined() || !uses_var(index, v)) {
        continue;
      }
      auto aff = rd.k < 0 ? affine_in(index, v) : std::nullopt;
      auto rest = aff ? bounds(aff->rest, ranges_) : std::nullopt;
      if (!aff || aff->coef <= 0 || !rest) {
        return RowRead{};
      }
      rd = RowRead{k, aff->coef, rest->lo, rest->hi};
    }
    return rd;
  }
  void row(const Buffer& t, const Expr& index, int64_t extent, Location loc) {
    RowRead rd = affine(index);
    if (rd.k < 0 || extent <= 0) {
      dropped.insert(t.get());
      return;
    }
    rd.hi += extent;  // rows [coef * b + lo, coef * b + hi + extent)
    rd.halo = rd.lo < 0 || rd.hi > rd.coef;
    rd.loc = loc;
    reads[t.get()].push_back(rd);
  }
};

struct Needs {
  std::vector<int64_t> first, end;  // per device, tile rows; first == end: none
};

// The tile rows of the tensor (its pages, `row_pages` a tile row) device d's blocks read, for
// each of `devices` equal block ranges of the grid. A matrix read's element rows are clipped to
// the `rows` of the tensor; an image's row (n, y) is matrix n * H + y of `image_tiles` tile rows
// (the W x C matrices of an NHWC image, W padded to whole tiles).
Needs needs_of(const std::vector<RowRead>& reads, const std::vector<int64_t>& extents,
               int64_t devices, int64_t rows, int64_t image_tiles) {
  int64_t blocks = 1;
  for (int64_t e : extents) {
    blocks *= e;
  }
  Needs n;
  for (int64_t d = 0, at = 0; d < devices; ++d) {
    const int64_t count = blocks / devices + (d < blocks % devices ? 1 : 0);
    // The range of each block index over the device's block ids (dimension 0 fastest).
    std::vector<int64_t> kmin(extents.size(), INT64_MAX), kmax(extents.size(), INT64_MIN);
    for (int64_t id = at; id < at + count; ++id) {
      int64_t rest = id;
      for (size_t k = 0; k < extents.size(); rest /= extents[k], ++k) {
        kmin[k] = std::min(kmin[k], rest % extents[k]);
        kmax[k] = std::max(kmax[k], rest % extents[k]);
      }
    }
    at += count;
    int64_t lo = INT64_MAX, hi = 0;
    for (const RowRead& r : reads) {
      int64_t a = r.coef * kmin[r.k] + r.lo, b = r.coef * kmax[r.k] + r.hi;
      if (const auto& g = r.im2col) {
        // Patch rows [a * block, b * block) are output pixels; each reads the image rows of its
        // window (n, oy * S - P + [0, D * (K - 1)]), which grow with the pixel.
        const int64_t p0 = std::max<int64_t>(a * r.block, 0);
        const int64_t p1 = std::min(b * r.block, g->rows()) - 1;
        if (p1 < p0) {
          continue;
        }
        auto image_row = [&](int64_t p, bool last) {
          const int64_t oy = p / g->out_w() % g->out_h(), nb = p / (g->out_w() * g->out_h());
          int64_t y = oy * g->stride - g->pad + (last ? g->dilation * (g->kernel - 1) : 0);
          return nb * g->h + std::clamp<int64_t>(y, 0, g->h - 1);
        };
        a = image_row(p0, false) * image_tiles;
        b = (image_row(p1, true) + 1) * image_tiles;
      } else {
        a = std::max<int64_t>(a, 0) / 32;
        b = (std::min(b, rows) + 31) / 32;
      }
      if (a < b) {
        lo = std::min(lo, a);
        hi = std::max(hi, b);
      }
    }
    n.first.push_back(lo < hi ? lo : 0);
    n.end.push_back(lo < hi ? hi : 0);
  }
  return n;
}

// The devices' tile rows: each owns [own[d], own[d + 1]), cut halfway between where one
// device's need ends and the next one's begins; false when some device needs rows beyond its
// neighbours' shards (the exchange runs between neighbours only). `width`: the most tile rows a
// device needs beyond its neighbours'.
bool own_rows(const Needs& n, int64_t tile_rows, std::vector<int64_t>& own, int64_t& width) {
  const int64_t devices = static_cast<int64_t>(n.first.size());
  own.assign(devices + 1, 0);
  own[devices] = tile_rows;
  for (int64_t d = 1; d < devices; ++d) {
    own[d] = std::clamp<int64_t>((n.end[d - 1] + n.first[d]) / 2, own[d - 1], tile_rows);
  }
  width = 0;
  for (int64_t d = 0; d < devices; ++d) {
    if (n.first[d] == n.end[d]) {
      continue;
    }
    const int64_t lo = own[std::max<int64_t>(d - 1, 0)], hi = own[std::min(d + 2, devices)];
    width = std::max({width, lo - n.first[d], n.end[d] - hi});
  }
  return width <= 0;
}

}  // namespace

bool plan_halos(const PrimFunc& f, const KernelLaunch* launch, const std::vector<int64_t>& extents,
                PassContext& ctx, DevicePlan& plan) {
  const MeshPlan& mesh = *plan.mesh;
  for (TensorPlan& t : plan.tensors) {
    t.mesh_halo.reset();
  }
  RowReads reads;
  for (size_t k = 0; k < launch->vars.size(); ++k) {
    reads.blocks[launch->vars[k].get()] = static_cast<int>(k);
  }
  std::map<const BufferNode*, TensorPlan*> candidates;
  for (const Param& p : f.params) {
    TensorPlan* t = p.is_buffer() ? plan.find_tensor(p.buffer->name) : nullptr;
    const int64_t rank = p.is_buffer() ? static_cast<int64_t>(p.buffer->shape.size()) : 0;
    if (!t || t->access != TensorAccess::kInput || t->memory != MemoryKind::kDram ||
        t->layout != TensorLayoutKind::kInterleaved || t->nd_shard || t->shard_spec ||
        !t->dim_order.empty() || t->vector != VectorKind::kNone || t->device_dtype ||
        t->tile_shape != std::vector<int64_t>{32, 32} || rank < 2 ||
        static_cast<int64_t>(t->device_shape.size()) != rank || t->device_shape[rank - 1] % 32 ||
        t->device_shape[rank - 2] % 32) {
      continue;
    }
    candidates[p.buffer.get()] = t;
    reads.reads[p.buffer.get()];
  }
  reads.visit(f.body);
  bool ok = true;
  for (const Param& p : f.params) {
    auto it = p.is_buffer() ? candidates.find(p.buffer.get()) : candidates.end();
    if (it == candidates.end() || reads.dropped.count(p.buffer.get()) ||
        reads.reads[p.buffer.get()].empty()) {
      continue;
    }
    const std::vector<RowRead>& rd = reads.reads[p.buffer.get()];
    // Plain reads address the rows of a matrix; T.im2col the rows of an image.
    const bool image = rd.front().im2col.has_value();
    if (std::any_of(rd.begin(), rd.end(), [&](const RowRead& r) {
          return r.im2col.has_value() != image || (!image && p.buffer->shape.size() != 2);
        })) {
      continue;
    }
    // Reads that stay inside their own blocks' rows need no exchange when two devices' block
    // ranges share a block row: replicating costs no device time, an exchange a fabric round.
    if (std::none_of(rd.begin(), rd.end(), [](const RowRead& r) { return r.halo; })) {
      continue;
    }
    TensorPlan& t = *it->second;
    // Pages in tile rows: the matrices of the leading dimensions one after the other.
    const int64_t rank = static_cast<int64_t>(t.device_shape.size());
    const int64_t row_pages = t.device_shape[rank - 1] / 32;
    const int64_t matrix_tiles = t.device_shape[rank - 2] / 32;
    const int64_t tile_rows = elements(t.device_shape) / t.device_shape[rank - 1] / 32;
    const int64_t rows = t.shape[0];
    const Needs n = needs_of(rd, extents, mesh.devices(), rows, matrix_tiles);
    std::vector<int64_t> own;
    int64_t width = 0;
    if (!own_rows(n, tile_rows, own, width)) {
      const auto halo = std::find_if(rd.begin(), rd.end(), [](const RowRead& r) { return r.halo; });
      // Fix-it: the largest line of devices whose shards hold the halo.
      int64_t serves = 1;
      for (int64_t d = mesh.devices() - 1; d > 1; --d) {
        std::vector<int64_t> o;
        int64_t w = 0;
        if (own_rows(needs_of(rd, extents, d, rows, matrix_tiles), tile_rows, o, w)) {
          serves = d;
          break;
        }
      }
      // The devices in snake order (split_device): on a 2-D mesh a line of them serves too.
      auto err = ctx.error(halo->loc);
      err << fmt::format(
          "the blocks of a device read {} tile row{} of '{}' beyond the shards of its "
          "neighbours on the {}x{} mesh: the halo exchange brings a device the rows of its two "
          "neighbours (the devices before and after it in snake order) only, so a halo must "
          "not be wider than a neighbour's shard",
          width, width == 1 ? "" : "s", t.name, mesh.rows, mesh.cols);
      err.note(halo->loc, fmt::format("try `--mesh {}`: with {} devices every shard holds the "
                                      "rows its neighbour's blocks read (or larger blocks)",
                                      mesh.cols == 1 ? fmt::format("{}x1", serves)
                                                     : fmt::format("1x{}", serves),
                                      serves));
      ok = false;
      continue;
    }
    auto format = data_format(t.dtype);
    if (!format) {
      continue;
    }
    MeshHalo h;
    const int64_t banks = std::max(ctx.device.dram_banks, 1);
    h.banks = banks;
    h.format = *format;
    for (int64_t d = 0; d < mesh.devices(); ++d) {
      h.own.push_back(own[d] * row_pages);
      const int64_t first = n.first[d] * row_pages, end = n.end[d] * row_pages;
      h.need_first.push_back(first);
      h.need_end.push_back(std::max(first, end));
      // The window holds what the device owns and what it reads, from a multiple of the banks.
      const int64_t lo = std::min(first, own[d] * row_pages) / banks * banks;
      const int64_t hi = std::max(end, own[d + 1] * row_pages);
      h.window_first.push_back(lo);
      h.window = std::max(h.window, hi - lo);
    }
    h.own.push_back(own.back() * row_pages);
    std::vector<std::string> per;
    for (int64_t d = 0; d < mesh.devices(); ++d) {
      per.push_back(fmt::format("device {} owns pages [{}, {}) and reads [{}, {})", d, h.own[d],
                                h.own[d + 1], h.need_first[d], h.need_end[d]));
    }
    ctx.remark(rd.front().loc, "halo") << fmt::format(
        "'{}' is not replicated over the mesh: {}; each device holds {} of the {} pages, and the "
        "pages it reads from its neighbours' shards come over the fabric before compute (a halo "
        "exchange)",
        t.name, fmt::join(per, "; "), h.window, tile_rows * row_pages);
    t.mesh_halo = std::move(h);
  }
  return ok;
}

}  // namespace tltt::passes
