// The reference interpreter: walks the original tile IR block by block in double precision.
// Semantics follow TileLang on a GPU: T.Parallel and every other loop kind run sequentially
// (parallel iterations of a race-free kernel do not observe each other), tile operations act on
// whole regions, and T.copy regions that reach past a global tensor are masked (reads give 0,
// writes are dropped) as TileLang's bounds predicates do; so are element loads and stores past
// the end of a global tensor. Other element loads and stores outside a buffer are errors.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ir/im2col.h"
#include "ir/ir.h"
#include "reference/reference.h"
#include "support/diagnostics.h"

namespace tltt::reference {
namespace {

using namespace tltt::ir;

struct RefError {
  Location loc;
  std::string message;
};

[[noreturn]] void fail(const Location& loc, std::string message) {
  throw RefError{loc, std::move(message)};
}

// One live buffer: a parameter tensor or an allocation of the current block.
struct Storage {
  std::string name;
  DataType dtype;
  bool global = false;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;
  double* data = nullptr;
  int64_t numel = 0;
  std::vector<double> owned;  // allocations own their values; parameters alias a Tensor

  void init_shape(std::vector<int64_t> s) {
    shape = std::move(s);
    strides.assign(shape.size(), 1);
    numel = 1;
    for (size_t i = shape.size(); i-- > 0;) {
      strides[i] = numel;
      numel *= shape[i];
    }
  }
  bool in_bounds(const std::vector<int64_t>& idx) const {
    for (size_t i = 0; i < idx.size(); ++i) {
      if (idx[i] < 0 || idx[i] >= shape[i]) {
        return false;
      }
    }
    return true;
  }
  int64_t offset(const std::vector<int64_t>& idx) const {
    int64_t off = 0;
    for (size_t i = 0; i < idx.size(); ++i) {
      off += idx[i] * strides[i];
    }
    return off;
  }
};

// A region with evaluated bounds.
struct RegionVal {
  Storage* st = nullptr;
  std::vector<int64_t> mins, exts;
  int64_t numel() const {
    int64_t n = 1;
    for (int64_t e : exts) {
      n *= e;
    }
    return n;
  }
  std::vector<int64_t> non_unit() const {
    std::vector<int64_t> out;
    for (int64_t e : exts) {
      if (e != 1) {
        out.push_back(e);
      }
    }
    return out;
  }
  // The buffer index of the flat row-major position `p` inside the region.
  void index_of(int64_t p, std::vector<int64_t>* idx) const {
    idx->resize(exts.size());
    for (size_t i = exts.size(); i-- > 0;) {
      (*idx)[i] = mins[i] + p % exts[i];
      p /= exts[i];
    }
  }
};

std::string shape_str(const std::vector<int64_t>& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) {
    out += (i ? ", " : "") + std::to_string(s[i]);
  }
  return out + "]";
}

std::string_view strip_prefix(std::string_view name) {
  for (std::string_view p : {"T.", "tir.", "tl.", "math.", "tvm.tir."}) {
    if (name.substr(0, p.size()) == p) {
      name.remove_prefix(p.size());
    }
  }
  return name;
}

// row[j] += a[kk] * b[kk * n + j] for kk = 0..k-1 in order: the inner loop of the reference
// GEMM, over contiguous rows so the compiler vectorizes it across j (interpreter.cc is built
// with -O3, see CMakeLists.txt, and cloned for AVX-512 and AVX2 where the CPU has them: 8 or 4
// doubles a step; the ISO C++ build does not contract, so the clones do not use FMA and every
// product is rounded before its sum exactly as before);
// no reassociation, so every element sums in k order.
__attribute__((target_clones("avx512f", "avx2", "default"))) void gemm_row(const double* a,
                                                                           const double* b,
                                                                           double* row, int64_t k,
                                                                           int64_t n) {
  for (int64_t kk = 0; kk < k; ++kk) {
    const double av = a[kk];
    const double* br = b + kk * n;
    for (int64_t j = 0; j < n; ++j) {
      row[j] += av * br[j];
    }
  }
}

// `count` distinct block indices out of [0, total), chosen by a SplitMix64 stream from `seed`
// (partial Fisher-Yates), sorted.
std::vector<int64_t> sample_blocks(int64_t total, int64_t count, uint64_t seed) {
  std::vector<int64_t> all(static_cast<size_t>(total));
  for (int64_t i = 0; i < total; ++i) {
    all[static_cast<size_t>(i)] = i;
  }
  uint64_t state = seed ^ 0x5eed5a3b1e5ull;
  auto next = [&state] {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  };
  for (int64_t i = 0; i < count; ++i) {
    const int64_t j = i + static_cast<int64_t>(next() % static_cast<uint64_t>(total - i));
    std::swap(all[static_cast<size_t>(i)], all[static_cast<size_t>(j)]);
  }
  all.resize(static_cast<size_t>(count));
  // The last block (every grid index at its end) is always checked: where sizes a user sets are
  // not multiples of the blocks, it holds the partial edge of each axis (padding read, writes
  // dropped, masked reductions), the block a random pick most often leaves out.
  if (std::find(all.begin(), all.end(), total - 1) == all.end()) {
    all.back() = total - 1;
  }
  std::sort(all.begin(), all.end());
  return all;
}

class Interpreter {
 public:
  Interpreter(std::map<std::string, Tensor>& tensors, Stats* stats)
      : tensors_(tensors), stats_(stats) {}
  Interpreter(std::map<std::string, Tensor>& tensors, Stats* stats, const BlockSample& sample)
      : tensors_(tensors), stats_(stats), sample_(sample) {}

  void run(const PrimFunc& func, const std::map<std::string, double>& scalars) {
    std::vector<Storage> params(func.params.size());
    for (size_t i = 0; i < func.params.size(); ++i) {
      const Param& p = func.params[i];
      if (!p.is_buffer()) {
        auto it = scalars.find(p.var->name);
        if (it == scalars.end()) {
          fail(p.var->loc,
               "the reference needs a value for scalar parameter '" + p.var->name + "'");
        }
        vars_[p.var.get()] = round_to_dtype(p.var->dtype, it->second);
        continue;
      }
      auto it = tensors_.find(p.buffer->name);
      if (it == tensors_.end()) {
        fail(p.buffer->loc, "no data for tensor parameter '" + p.buffer->name + "'");
      }
      Storage& st = params[i];
      st.name = p.buffer->name;
      st.dtype = p.buffer->dtype;
      st.global = true;
      st.init_shape(eval_shape(p.buffer));
      if (st.shape != it->second.shape) {
        fail(p.buffer->loc, "tensor '" + st.name + "' has shape " + shape_str(it->second.shape) +
                                ", the kernel expects " + shape_str(st.shape));
      }
      st.data = it->second.data.data();
      buffers_[p.buffer.get()] = &st;
    }
    exec(func.body);
  }

 private:
  std::vector<int64_t> eval_shape(const Buffer& b) {
    std::vector<int64_t> shape;
    for (const Expr& e : b->shape) {
      int64_t v = eval_int(e);
      if (v < 0) {
        fail(b->loc, "buffer '" + b->name + "' has a negative extent");
      }
      shape.push_back(v);
    }
    return shape;
  }

  Storage* storage(const Buffer& b, const Location& loc) {
    auto it = buffers_.find(b.get());
    if (it == buffers_.end()) {
      fail(loc, "buffer '" + b->name + "' is used outside its allocation");
    }
    return it->second;
  }

  int64_t eval_int(const Expr& e) {
    double v = eval(e);
    if (!std::isfinite(v)) {
      fail(e.loc(), "index expression is not finite");
    }
    return static_cast<int64_t>(std::llround(v));
  }

  // ---- Statements -----------------------------------------------------------------------

  void exec(const Stmt& s) {
    if (!s.defined()) {
      return;
    }
    switch (s->kind) {
      case NodeKind::kSeqStmt:
        for (const Stmt& c : s.as<SeqStmt>()->stmts) {
          exec(c);
        }
        return;
      case NodeKind::kKernelLaunch:
        return exec_launch(*s.as<KernelLaunch>());
      case NodeKind::kAllocate:
        return exec_allocate(*s.as<Allocate>());
      case NodeKind::kFor: {
        const auto& f = *s.as<For>();
        int64_t lo = eval_int(f.min), n = eval_int(f.extent);
        for (int64_t i = lo; i < lo + n; ++i) {
          vars_[f.var.get()] = static_cast<double>(i);
          exec(f.body);
        }
        vars_.erase(f.var.get());
        return;
      }
      case NodeKind::kWhile: {
        const auto& w = *s.as<While>();
        while (eval(w.cond) != 0) {
          exec(w.body);
        }
        return;
      }
      case NodeKind::kBufferStore: {
        const auto& st = *s.as<BufferStore>();
        double v = eval(st.value);
        store(st.buffer, st.indices, v, st.loc);
        return;
      }
      case NodeKind::kLetStmt: {
        const auto& l = *s.as<LetStmt>();
        vars_[l.var.get()] = eval(l.value);
        exec(l.body);
        vars_.erase(l.var.get());
        return;
      }
      case NodeKind::kIfThenElse: {
        const auto& i = *s.as<IfThenElse>();
        if (eval(i.cond) != 0) {
          exec(i.then_case);
        } else {
          exec(i.else_case);
        }
        return;
      }
      case NodeKind::kEvaluate: {
        const Call* c = s.as<Evaluate>()->value.as<Call>();
        if (c && c->name == kIm2colCall) {
          return exec_im2col(*c, s.loc());
        }
        eval(s.as<Evaluate>()->value);
        return;
      }
      case NodeKind::kCopy:
        return exec_copy(*s.as<Copy>());
      case NodeKind::kGemm:
        return exec_gemm(*s.as<Gemm>());
      case NodeKind::kFill:
        return exec_fill(*s.as<Fill>());
      case NodeKind::kReduce:
        return exec_reduce(*s.as<Reduce>());
      case NodeKind::kAtomicAdd:
        return exec_atomic_add(*s.as<AtomicAdd>());
      case NodeKind::kAnnotateLayout:
        return;  // a layout hint: no effect on values
      case NodeKind::kBufferView:
        return exec_view(*s.as<BufferView>());
      default:
        fail(s.loc(), std::string("the reference interpreter does not support '") +
                          node_kind_name(s->kind) + "' statements");
    }
  }

  void exec_launch(const KernelLaunch& k) {
    std::vector<int64_t> ext;
    for (const Expr& e : k.extents) {
      ext.push_back(eval_int(e));
    }
    if (k.vars.size() != ext.size()) {
      fail(k.loc, "T.Kernel binds a different number of names than it has grid extents");
    }
    int64_t total = 1;
    for (int64_t e : ext) {
      total *= e;
    }
    // Blocks run one after another; the first grid axis varies fastest. A sample runs a
    // deterministic random subset of them, in increasing order.
    std::vector<int64_t> blocks;
    if (sample_.max_blocks > 0 && sample_.max_blocks < total) {
      blocks = sample_blocks(total, sample_.max_blocks, sample_.seed);
    } else {
      blocks.resize(static_cast<size_t>(total));
      for (int64_t b = 0; b < total; ++b) {
        blocks[static_cast<size_t>(b)] = b;
      }
    }
    if (stats_) {
      stats_->blocks_total += total;
      stats_->blocks_run += static_cast<int64_t>(blocks.size());
    }
    for (int64_t b : blocks) {
      int64_t r = b;
      for (size_t i = 0; i < ext.size(); ++i) {
        vars_[k.vars[i].get()] = static_cast<double>(r % ext[i]);
        r /= ext[i];
      }
      exec(k.body);
    }
    for (const Var& v : k.vars) {
      vars_.erase(v.get());
    }
  }

  void exec_allocate(const Allocate& a) {
    Storage st;
    st.name = a.buffer->name;
    st.dtype = a.buffer->dtype;
    st.global = a.buffer->scope == MemScope::kGlobal;
    st.init_shape(eval_shape(a.buffer));
    st.owned.assign(static_cast<size_t>(st.numel), 0.0);
    st.data = st.owned.data();
    Storage*& slot = buffers_[a.buffer.get()];
    Storage* saved = slot;
    slot = &st;
    chain_.erase(&st);
    exec(a.body);
    chain_.erase(&st);
    buffers_[a.buffer.get()] = saved;
    if (!saved) {
      buffers_.erase(a.buffer.get());
    }
  }

  RegionVal region(const Region& r) {
    RegionVal out;
    out.st = storage(r.buffer, r.loc);
    if (r.ranges.size() != out.st->shape.size()) {
      fail(r.loc, "region of '" + r.buffer->name + "' has " + std::to_string(r.ranges.size()) +
                      " axes, the buffer has " + std::to_string(out.st->shape.size()));
    }
    for (const Range& rg : r.ranges) {
      out.mins.push_back(eval_int(rg.min));
      out.exts.push_back(eval_int(rg.extent));
      if (out.exts.back() < 0) {
        fail(r.loc, "region of '" + r.buffer->name + "' has a negative extent");
      }
    }
    return out;
  }

  // A region given by a point origin (every extent 1) takes its extents from the other operand,
  // aligned to its trailing axes, as TileLang does for `T.copy(A[y, x], A_shared)`.
  static void widen_point_origin(RegionVal& point, const RegionVal& other) {
    if (!point.non_unit().empty()) {
      return;
    }
    std::vector<int64_t> ext = other.non_unit();
    if (ext.size() > point.exts.size()) {
      return;
    }
    size_t off = point.exts.size() - ext.size();
    for (size_t i = 0; i < ext.size(); ++i) {
      point.exts[off + i] = ext[i];
    }
  }

  void check_region_bounds(const RegionVal& r, const Location& loc) {
    for (size_t i = 0; i < r.exts.size(); ++i) {
      if (r.exts[i] > 0 && (r.mins[i] < 0 || r.mins[i] + r.exts[i] > r.st->shape[i])) {
        fail(loc, "region [" + std::to_string(r.mins[i]) + ", " +
                      std::to_string(r.mins[i] + r.exts[i]) + ") of axis " + std::to_string(i) +
                      " of '" + r.st->name + "' is outside its extent " +
                      std::to_string(r.st->shape[i]));
      }
    }
  }

  static bool region_in_bounds(const RegionVal& r) {
    for (size_t i = 0; i < r.exts.size(); ++i) {
      if (r.mins[i] < 0 || r.mins[i] + r.exts[i] > r.st->shape[i]) {
        return false;
      }
    }
    return true;
  }

  // T.copy between regions that lie wholly inside their buffers (the common case): walks both
  // with strides instead of per-element index vectors, and skips the rounding when the dtypes
  // agree (stored values are already representable). False when the general path is needed.
  static bool copy_in_bounds(const RegionVal& src, const RegionVal& dst) {
    if (!region_in_bounds(src) || !region_in_bounds(dst)) {
      return false;
    }
    auto walk = [](const RegionVal& r, std::vector<int64_t>* ext, std::vector<int64_t>* stride) {
      for (size_t d = 0; d < r.exts.size(); ++d) {
        if (r.exts[d] != 1) {
          ext->push_back(r.exts[d]);
          stride->push_back(r.st->strides[d]);
        }
      }
      int64_t off = 0;
      for (size_t d = 0; d < r.exts.size(); ++d) {
        off += r.mins[d] * r.st->strides[d];
      }
      return off;
    };
    std::vector<int64_t> se, ss, de, ds;
    const double* sp = src.st->data + walk(src, &se, &ss);
    double* dp = dst.st->data + walk(dst, &de, &ds);
    if (se != de) {
      return false;
    }
    if (se.empty()) {
      se.push_back(1);
      ss.push_back(1);
      ds.push_back(1);
    }
    const bool same = src.st->dtype == dst.st->dtype;
    const DataType dt = dst.st->dtype;
    const size_t inner = se.size() - 1;
    const int64_t n_inner = se[inner], s_in = ss[inner], d_in = ds[inner];
    std::vector<int64_t> idx(inner, 0);
    while (true) {
      int64_t so = 0, dof = 0;
      for (size_t d = 0; d < inner; ++d) {
        so += idx[d] * ss[d];
        dof += idx[d] * ds[d];
      }
      for (int64_t q = 0; q < n_inner; ++q) {
        const double v = sp[so + q * s_in];
        dp[dof + q * d_in] = same ? v : round_to_dtype(dt, v);
      }
      size_t d = inner;
      while (d > 0 && ++idx[d - 1] == se[d - 1]) {
        idx[--d] = 0;
      }
      if (d == 0) {
        return true;
      }
    }
  }

  // A view of a buffer's memory with another shape (`T.Tensor(shape, dtype, A.data)`): the same
  // row-major values seen through the view's shape; only reshapes (same dtype and element count).
  void exec_view(const BufferView& v) {
    Storage* src = storage(v.source, v.loc);
    Storage st;
    st.name = v.buffer->name;
    st.dtype = v.buffer->dtype;
    st.global = src->global;
    st.init_shape(eval_shape(v.buffer));
    if (st.dtype != src->dtype || st.numel != src->numel) {
      fail(v.loc, "the reference interpreter supports views that only reshape a buffer ('" +
                      v.buffer->name + "' of '" + v.source->name + "')");
    }
    st.data = src->data;
    Storage*& slot = buffers_[v.buffer.get()];
    Storage* saved = slot;
    slot = &st;
    exec(v.body);
    buffers_[v.buffer.get()] = saved;
    if (!saved) {
      buffers_.erase(v.buffer.get());
    }
  }

  // T.im2col: the (block_M, block_K) block (nhw_step, c_step) of the image's patch matrix
  // (ir/im2col.h), zero where the window reaches into the padding.
  void exec_im2col(const Call& c, const Location& loc) {
    auto g = im2col_geometry(c);
    if (!g) {
      fail(loc, "T.im2col needs a rank-4 NHWC image of constant shape");
    }
    Storage* img = storage(c.args[0].as<RegionRef>()->region.buffer, loc);
    Storage* col = storage(c.args[1].as<RegionRef>()->region.buffer, loc);
    if (col->shape.size() != 2) {
      fail(loc, "the T.im2col column buffer must be 2-D (block_M, block_K)");
    }
    int64_t bm = col->shape[0], bk = col->shape[1];
    int64_t r0 = eval_int(c.args[2]) * bm, c0 = eval_int(c.args[3]) * bk;
    for (int64_t i = 0; i < bm; ++i) {
      for (int64_t j = 0; j < bk; ++j) {
        auto px = g->source(r0 + i, c0 + j);
        double v = px ? img->data[img->offset({px->n, px->y, px->x, px->ch})] : 0.0;
        col->data[col->offset({i, j})] = round_to_dtype(col->dtype, v);
      }
    }
  }

  void exec_copy(const Copy& c) {
    RegionVal src = region(c.src), dst = region(c.dst);
    widen_point_origin(src, dst);
    widen_point_origin(dst, src);
    if (src.non_unit() != dst.non_unit()) {
      fail(c.loc, "T.copy shapes differ: " + shape_str(src.exts) + " of '" + src.st->name +
                      "' vs " + shape_str(dst.exts) + " of '" + dst.st->name + "'");
    }
    if (!src.st->global) {
      check_region_bounds(src, c.src.loc.known() ? c.src.loc : c.loc);
    }
    if (!dst.st->global) {
      check_region_bounds(dst, c.dst.loc.known() ? c.dst.loc : c.loc);
    }
    if (copy_in_bounds(src, dst)) {
      return;
    }
    std::vector<int64_t> si, di;
    const int64_t n = src.numel();
    for (int64_t p = 0; p < n; ++p) {
      src.index_of(p, &si);
      dst.index_of(p, &di);
      if (!dst.st->in_bounds(di)) {
        continue;
      }
      double v = src.st->in_bounds(si) ? src.st->data[src.st->offset(si)] : 0.0;
      dst.st->data[dst.st->offset(di)] = round_to_dtype(dst.st->dtype, v);
    }
  }

  // The two matrix axes of a gemm operand: its region with leading unit axes dropped.
  static void matrix_axes(const RegionVal& r, const Location& loc, const char* what, size_t* ax0,
                          size_t* ax1) {
    size_t rank = r.exts.size();
    size_t first = 0;
    while (rank - first > 2 && r.exts[first] == 1) {
      ++first;
    }
    if (rank - first != 2) {
      fail(loc, std::string("T.gemm operand ") + what + " must be a 2-D region, got " +
                    shape_str(r.exts));
    }
    *ax0 = first;
    *ax1 = first + 1;
  }

  void exec_gemm(const Gemm& g) {
    RegionVal a = region(g.a), b = region(g.b), c = region(g.c);
    for (const RegionVal* r : {&a, &b, &c}) {
      check_region_bounds(*r, g.loc);
    }
    size_t a0, a1, b0, b1, c0, c1;
    matrix_axes(a, g.loc, "A", &a0, &a1);
    matrix_axes(b, g.loc, "B", &b0, &b1);
    matrix_axes(c, g.loc, "C", &c0, &c1);
    const int64_t m = g.transpose_a ? a.exts[a1] : a.exts[a0];
    const int64_t k = g.transpose_a ? a.exts[a0] : a.exts[a1];
    const int64_t kb = g.transpose_b ? b.exts[b1] : b.exts[b0];
    const int64_t n = g.transpose_b ? b.exts[b0] : b.exts[b1];
    if (k != kb || c.exts[c0] != m || c.exts[c1] != n) {
      fail(g.loc, "T.gemm shapes do not agree: A " + shape_str(a.exts) + ", B " +
                      shape_str(b.exts) + ", C " + shape_str(c.exts) +
                      (g.transpose_a ? " (A transposed)" : "") +
                      (g.transpose_b ? " (B transposed)" : ""));
    }
    // Operands are packed into contiguous row-major matrices (A as m x k, B as k x n) so the
    // product runs as a vectorizable i-k-j loop. Each C element still sums its products in k
    // order starting from its old value, exactly as the plain triple loop did.
    auto base_of = [](const RegionVal& r) {
      int64_t off = 0;
      for (size_t d = 0; d < r.exts.size(); ++d) {
        off += r.mins[d] * r.st->strides[d];
      }
      return off;
    };
    const double* ad = a.st->data + base_of(a);
    const double* bd = b.st->data + base_of(b);
    double* cd = c.st->data + base_of(c);
    const int64_t as0 = a.st->strides[a0], as1 = a.st->strides[a1];
    const int64_t bs0 = b.st->strides[b0], bs1 = b.st->strides[b1];
    const int64_t cs0 = c.st->strides[c0], cs1 = c.st->strides[c1];
    std::vector<double> ap(static_cast<size_t>(m * k)), bp(static_cast<size_t>(k * n));
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t kk = 0; kk < k; ++kk) {
        ap[i * k + kk] = g.transpose_a ? ad[kk * as0 + i * as1] : ad[i * as0 + kk * as1];
      }
    }
    for (int64_t kk = 0; kk < k; ++kk) {
      for (int64_t j = 0; j < n; ++j) {
        bp[kk * n + j] = g.transpose_b ? bd[j * bs0 + kk * bs1] : bd[kk * bs0 + j * bs1];
      }
    }
    std::vector<double> row(static_cast<size_t>(n));
    const bool c_is_f32 = c.st->dtype == DataType::float32();
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        row[j] = g.clear_accum ? 0.0 : cd[i * cs0 + j * cs1];
      }
      gemm_row(ap.data() + i * k, bp.data(), row.data(), k, n);
      if (c_is_f32) {  // the common float32 accumulator, rounded inline
        for (int64_t j = 0; j < n; ++j) {
          cd[i * cs0 + j * cs1] = static_cast<double>(static_cast<float>(row[j]));
        }
      } else {
        for (int64_t j = 0; j < n; ++j) {
          cd[i * cs0 + j * cs1] = round_to_dtype(c.st->dtype, row[j]);
        }
      }
    }
    int64_t& chain = chain_[c.st];
    chain = (g.clear_accum ? 0 : chain) + k;
    if (stats_) {
      stats_->gemm_count++;
      stats_->max_gemm_chain = std::max(stats_->max_gemm_chain, chain);
      stats_->gemm_in_dtype = a.st->dtype;
      stats_->gemm_accum_dtype = c.st->dtype;
    }
  }

  void exec_fill(const Fill& f) {
    RegionVal r = region(f.dst);
    if (!r.st->global) {
      check_region_bounds(r, f.loc);
    }
    double v = round_to_dtype(r.st->dtype, eval(f.value));
    std::vector<int64_t> idx;
    for (int64_t p = 0, n = r.numel(); p < n; ++p) {
      r.index_of(p, &idx);
      if (r.st->in_bounds(idx)) {
        r.st->data[r.st->offset(idx)] = v;
      }
    }
    chain_[r.st] = 0;
  }

  void exec_reduce(const Reduce& red) {
    RegionVal src = region(red.src), dst = region(red.dst);
    check_region_bounds(src, red.loc);
    check_region_bounds(dst, red.loc);
    const int64_t rank = static_cast<int64_t>(src.exts.size());
    if (red.dim < 0 || red.dim >= rank) {
      fail(red.loc, "reduction axis " + std::to_string(red.dim) + " is outside the " +
                        std::to_string(rank) + "-D source");
    }
    std::vector<int64_t> out_ext;
    for (int64_t d = 0; d < rank; ++d) {
      if (d != red.dim) {
        out_ext.push_back(src.exts[d]);
      }
    }
    RegionVal out_shape{nullptr, std::vector<int64_t>(out_ext.size(), 0), out_ext};
    if (out_shape.non_unit() != dst.non_unit()) {
      fail(red.loc, "reduction of " + shape_str(src.exts) + " along axis " +
                        std::to_string(red.dim) + " gives " + shape_str(out_ext) +
                        ", but the destination is " + shape_str(dst.exts));
    }
    const int64_t len = src.exts[red.dim];
    if (stats_) {
      stats_->max_reduce_len = std::max(stats_->max_reduce_len, len);
    }
    const bool is_sum =
        red.reduce_kind == ReduceKind::kSum || red.reduce_kind == ReduceKind::kAbsSum;
    const bool is_abs =
        red.reduce_kind == ReduceKind::kAbsSum || red.reduce_kind == ReduceKind::kAbsMax;
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<int64_t> oi, si(static_cast<size_t>(rank)), di;
    for (int64_t p = 0, n = out_shape.numel(); p < n; ++p) {
      out_shape.index_of(p, &oi);
      dst.index_of(p, &di);
      double& d = dst.st->data[dst.st->offset(di)];
      double acc = is_sum ? 0.0 : red.reduce_kind == ReduceKind::kMin ? inf : -inf;
      if (red.reduce_kind == ReduceKind::kAbsMax) {
        acc = 0.0;
      }
      for (int64_t r = 0; r < len; ++r) {
        for (int64_t dd = 0, o = 0; dd < rank; ++dd) {
          si[dd] = src.mins[dd] + (dd == red.dim ? r : oi[o++]);
        }
        double v = src.st->data[src.st->offset(si)];
        if (is_abs) {
          v = std::fabs(v);
        }
        if (is_sum) {
          acc += v;
        } else if (red.reduce_kind == ReduceKind::kMin) {
          acc = std::min(acc, v);
        } else {
          acc = std::max(acc, v);
        }
      }
      if (!red.clear) {
        if (is_sum) {
          acc += d;
        } else if (red.reduce_kind == ReduceKind::kMin) {
          acc = std::min(acc, d);
        } else {
          acc = std::max(acc, d);
        }
      }
      d = round_to_dtype(dst.st->dtype, acc);
    }
  }

  void exec_atomic_add(const AtomicAdd& a) {
    RegionVal dst = region(a.dst);
    std::vector<int64_t> di, si;
    if (const auto* rr = a.value.as<RegionRef>()) {
      RegionVal src = region(rr->region);
      widen_point_origin(dst, src);
      if (src.non_unit() != dst.non_unit()) {
        fail(a.loc,
             "T.atomic_add shapes differ: " + shape_str(src.exts) + " vs " + shape_str(dst.exts));
      }
      check_region_bounds(src, a.loc);
      for (int64_t p = 0, n = src.numel(); p < n; ++p) {
        src.index_of(p, &si);
        dst.index_of(p, &di);
        if (!dst.st->in_bounds(di)) {
          continue;
        }
        double& d = dst.st->data[dst.st->offset(di)];
        d = round_to_dtype(dst.st->dtype, d + src.st->data[src.st->offset(si)]);
      }
      return;
    }
    check_region_bounds(dst, a.loc);
    double v = eval(a.value);
    for (int64_t p = 0, n = dst.numel(); p < n; ++p) {
      dst.index_of(p, &di);
      double& d = dst.st->data[dst.st->offset(di)];
      d = round_to_dtype(dst.st->dtype, d + v);
    }
  }

  // ---- Element access --------------------------------------------------------------------

  // The offset of an element; -1 for an element past the end of a global tensor (TileLang
  // predicates those accesses: loads give 0, stores are dropped), and for a load before its
  // start (`load`): the -1 padding of a top-k index list picks no row, which sparse-attention
  // kernels mask out; the device's row gather reads zeros there (passes/row_gathers.h).
  int64_t element_offset(Storage* st, const std::vector<Expr>& indices, const Location& loc,
                         bool load = false) {
    if (indices.empty() && st->numel == 1) {
      return 0;  // T.alloc_var and one-element buffers used as scalars
    }
    if (indices.size() != st->shape.size()) {
      fail(loc, "'" + st->name + "' has " + std::to_string(st->shape.size()) +
                    " axes but is indexed with " + std::to_string(indices.size()));
    }
    int64_t off = 0;
    for (size_t i = 0; i < indices.size(); ++i) {
      int64_t v = eval_int(indices[i]);
      if (st->global && (v >= st->shape[i] || (load && v < 0))) {
        return -1;
      }
      if (v < 0 || v >= st->shape[i]) {
        fail(indices[i].loc().known() ? indices[i].loc() : loc,
             "index " + std::to_string(v) + " of axis " + std::to_string(i) + " of '" + st->name +
                 "' is outside its extent " + std::to_string(st->shape[i]));
      }
      off += v * st->strides[i];
    }
    return off;
  }

  void store(const Buffer& b, const std::vector<Expr>& indices, double v, const Location& loc) {
    Storage* st = storage(b, loc);
    if (int64_t off = element_offset(st, indices, loc); off >= 0) {
      st->data[off] = round_to_dtype(st->dtype, v);
    }
  }

  // ---- Expressions -----------------------------------------------------------------------

  double eval(const Expr& e) {
    switch (e->kind) {
      case NodeKind::kIntImm:
        return static_cast<double>(e.as<IntImm>()->value);
      case NodeKind::kFloatImm:
        return e.as<FloatImm>()->value;
      case NodeKind::kBoolImm:
        return e.as<BoolImm>()->value ? 1.0 : 0.0;
      case NodeKind::kVariable: {
        auto it = vars_.find(e.as<Variable>());
        if (it == vars_.end()) {
          fail(e.loc(), "variable '" + e.as<Variable>()->name + "' has no value here");
        }
        return it->second;
      }
      case NodeKind::kBinary:
        return eval_binary(*e.as<Binary>());
      case NodeKind::kUnary: {
        const auto& u = *e.as<Unary>();
        double a = eval(u.a);
        switch (u.op) {
          case UnaryOp::kNeg:
            return -a;
          case UnaryOp::kNot:
            return a == 0 ? 1.0 : 0.0;
          case UnaryOp::kBitNot:
            return round_to_dtype(u.dtype, static_cast<double>(~static_cast<int64_t>(a)));
        }
        break;
      }
      case NodeKind::kCompare: {
        const auto& c = *e.as<Compare>();
        double a = eval(c.a), b = eval(c.b);
        switch (c.op) {
          case CompareOp::kEQ:
            return a == b;
          case CompareOp::kNE:
            return a != b;
          case CompareOp::kLT:
            return a < b;
          case CompareOp::kLE:
            return a <= b;
          case CompareOp::kGT:
            return a > b;
          case CompareOp::kGE:
            return a >= b;
        }
        break;
      }
      case NodeKind::kLogical: {
        const auto& l = *e.as<Logical>();
        bool a = eval(l.a) != 0;
        if (l.op == LogicalOp::kAnd) {
          return a && eval(l.b) != 0;
        }
        return a || eval(l.b) != 0;
      }
      case NodeKind::kSelect: {
        // Only the chosen side is evaluated: guards like `if_then_else(j < N, x[j], 0)` protect
        // out-of-range loads.
        const auto& s = *e.as<Select>();
        return eval(s.cond) != 0 ? eval(s.true_value) : eval(s.false_value);
      }
      case NodeKind::kCast: {
        const auto& c = *e.as<Cast>();
        return round_to_dtype(c.dtype, eval(c.value));
      }
      case NodeKind::kBufferLoad: {
        const auto& l = *e.as<BufferLoad>();
        Storage* st = storage(l.buffer, l.loc);
        int64_t off = element_offset(st, l.indices, l.loc, /*load=*/true);
        return off < 0 ? 0.0 : st->data[off];
      }
      case NodeKind::kCall: {
        const auto& call = *e.as<Call>();
        double v = eval_call(call);
        if (call.dtype.is_float() && std::isfinite(v)) {
          note_float_arith(call.dtype);
          return round_to_dtype(call.dtype, v);
        }
        return v;
      }
      default:
        break;
    }
    fail(e.loc(), std::string("the reference interpreter cannot evaluate '") +
                      node_kind_name(e->kind) + "' here");
  }

  // Notes the least precise float type arithmetic ran in (for the tolerance).
  void note_float_arith(DataType dt) {
    if (!stats_ || !dt.is_float()) {
      return;
    }
    auto rank = [](DataType t) {
      return t.code() == DataType::Code::kBFloat ? 0 : t.bits() <= 16 ? 1 : t.bits() <= 32 ? 2 : 3;
    };
    if (!stats_->arith_dtype.is_float() || rank(dt) < rank(stats_->arith_dtype)) {
      stats_->arith_dtype = dt;
    }
  }

  // Float arithmetic yields a value of its dtype, as GPU code computes `half + half` in half.
  // Integer arithmetic wraps to its dtype, as C/CUDA and the SFPU's integer ops do (uint32
  // `a - b` with b > a is 2^32 - (b - a) before a later shift sees it).
  double eval_binary(const Binary& b) {
    double r = eval_binary_exact(b);
    if (b.dtype.is_float() && b.op != BinaryOp::kMin && b.op != BinaryOp::kMax) {
      note_float_arith(b.dtype);
      return round_to_dtype(b.dtype, r);
    }
    if (b.dtype.is_integer() && b.dtype.bits() < 64) {
      const double span = std::ldexp(1.0, b.dtype.bits());
      const double lo = b.dtype.is_int() ? -span / 2 : 0.0;
      if (r < lo || r >= lo + span) {
        return round_to_dtype(b.dtype, r);
      }
    }
    return r;
  }

  double eval_binary_exact(const Binary& b) {
    double x = eval(b.a), y = eval(b.b);
    const bool is_int = b.dtype.is_integer();
    if (b.dtype.is_float() && (b.op == BinaryOp::kMul || b.op == BinaryOp::kDiv) && stats_) {
      stats_->float_muls++;
    }
    auto need_nonzero = [&] {
      if (is_int && y == 0) {
        fail(b.loc, "integer division by zero");
      }
    };
    switch (b.op) {
      case BinaryOp::kAdd:
        return x + y;
      case BinaryOp::kSub:
        return x - y;
      case BinaryOp::kMul:
        return x * y;
      case BinaryOp::kDiv:
        need_nonzero();
        return is_int ? std::trunc(x / y) : x / y;
      case BinaryOp::kFloorDiv:
        need_nonzero();
        return std::floor(x / y);
      case BinaryOp::kFloorMod:
        need_nonzero();
        return x - std::floor(x / y) * y;
      case BinaryOp::kCeilDiv:
        need_nonzero();
        return std::ceil(x / y);
      case BinaryOp::kMin:
        return std::min(x, y);
      case BinaryOp::kMax:
        return std::max(x, y);
      case BinaryOp::kBitAnd:
        return static_cast<double>(static_cast<int64_t>(x) & static_cast<int64_t>(y));
      case BinaryOp::kBitOr:
        return static_cast<double>(static_cast<int64_t>(x) | static_cast<int64_t>(y));
      case BinaryOp::kBitXor:
        return static_cast<double>(static_cast<int64_t>(x) ^ static_cast<int64_t>(y));
      case BinaryOp::kShl:
        return round_to_dtype(
            b.dtype, static_cast<double>(static_cast<int64_t>(x) << static_cast<int64_t>(y)));
      case BinaryOp::kShr:
        return static_cast<double>(static_cast<int64_t>(x) >> static_cast<int64_t>(y));
    }
    fail(b.loc, "unknown binary operator");
  }

  double eval_call(const Call& c) {
    const std::string_view name = strip_prefix(c.name);
    const size_t n = c.args.size();
    auto arity = [&](size_t want) {
      if (n != want) {
        fail(c.loc, std::string(name) + " takes " + std::to_string(want) + " argument(s), got " +
                        std::to_string(n));
      }
    };
    auto dtype_limit = [&](bool max) {
      DataType t = c.dtype;
      if (t.code() == DataType::Code::kBFloat) {
        return (max ? 1 : -1) * 3.3895313892515355e38;
      }
      if (t.is_float() && t.bits() == 16) {
        return max ? 65504.0 : -65504.0;
      }
      if (t.is_float() && t.bits() == 32) {
        return static_cast<double>(max ? std::numeric_limits<float>::max()
                                       : std::numeric_limits<float>::lowest());
      }
      if (t.is_float()) {
        return max ? std::numeric_limits<double>::max() : std::numeric_limits<double>::lowest();
      }
      if (t.is_int()) {
        return max ? std::ldexp(1.0, t.bits() - 1) - 1 : -std::ldexp(1.0, t.bits() - 1);
      }
      return max ? std::ldexp(1.0, t.bits()) - 1 : 0.0;
    };
    if (name == "infinity") {
      return std::numeric_limits<double>::infinity();
    }
    if (name == "ninf") {
      return -std::numeric_limits<double>::infinity();
    }
    if (name == "max_value") {
      return dtype_limit(true);
    }
    if (name == "min_value") {
      return dtype_limit(false);
    }
    if (name == "if_then_else") {
      arity(3);
      return eval(c.args[0]) != 0 ? eval(c.args[1]) : eval(c.args[2]);
    }
    if (name == "cast" || name == "Cast") {
      if (n < 1) {
        fail(c.loc, "cast needs a value");
      }
      return round_to_dtype(c.dtype, eval(c.args.back()));
    }
    std::vector<double> v;
    v.reserve(n);
    for (const Expr& a : c.args) {
      v.push_back(eval(a));
    }
    struct Unary1 {
      std::string_view name;
      double (*fn)(double);
    };
    static const Unary1 kUnary[] = {
        {"exp", [](double x) { return std::exp(x); }},
        {"exp2", [](double x) { return std::exp2(x); }},
        {"exp10", [](double x) { return std::pow(10.0, x); }},
        {"expm1", [](double x) { return std::expm1(x); }},
        {"log", [](double x) { return std::log(x); }},
        {"log2", [](double x) { return std::log2(x); }},
        {"log10", [](double x) { return std::log10(x); }},
        {"log1p", [](double x) { return std::log1p(x); }},
        {"sqrt", [](double x) { return std::sqrt(x); }},
        {"rsqrt", [](double x) { return 1.0 / std::sqrt(x); }},
        {"tanh", [](double x) { return std::tanh(x); }},
        {"sigmoid", [](double x) { return 1.0 / (1.0 + std::exp(-x)); }},
        {"sin", [](double x) { return std::sin(x); }},
        {"cos", [](double x) { return std::cos(x); }},
        {"tan", [](double x) { return std::tan(x); }},
        {"erf", [](double x) { return std::erf(x); }},
        {"recip", [](double x) { return 1.0 / x; }},
        {"reciprocal", [](double x) { return 1.0 / x; }},
        {"relu", [](double x) { return x > 0 ? x : 0.0; }},
        {"square", [](double x) { return x * x; }},
        {"gelu", [](double x) { return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))); }},
        {"silu", [](double x) { return x / (1.0 + std::exp(-x)); }},
    };
    static const Unary1 kExact[] = {
        {"abs", [](double x) { return std::fabs(x); }},
        {"fabs", [](double x) { return std::fabs(x); }},
        {"floor", [](double x) { return std::floor(x); }},
        {"ceil", [](double x) { return std::ceil(x); }},
        {"round", [](double x) { return std::nearbyint(x); }},
        {"nearbyint", [](double x) { return std::nearbyint(x); }},
        {"trunc", [](double x) { return std::trunc(x); }},
        {"isnan", [](double x) { return std::isnan(x) ? 1.0 : 0.0; }},
        {"isinf", [](double x) { return std::isinf(x) ? 1.0 : 0.0; }},
        {"isfinite", [](double x) { return std::isfinite(x) ? 1.0 : 0.0; }},
    };
    for (const auto& u : kUnary) {
      if (u.name == name) {
        arity(1);
        if (stats_) {
          stats_->transcendentals++;
        }
        return u.fn(v[0]);
      }
    }
    for (const auto& u : kExact) {
      if (u.name == name) {
        arity(1);
        return u.fn(v[0]);
      }
    }
    if (name == "max" || name == "min") {
      if (n < 2) {
        fail(c.loc, std::string(name) + " needs at least two arguments");
      }
      double r = v[0];
      for (size_t i = 1; i < n; ++i) {
        r = name == "max" ? std::max(r, v[i]) : std::min(r, v[i]);
      }
      return r;
    }
    if (name == "clamp") {
      arity(3);
      return std::min(std::max(v[0], v[1]), v[2]);
    }
    if (name == "pow") {
      arity(2);
      if (stats_) {
        stats_->transcendentals++;
      }
      return std::pow(v[0], v[1]);
    }
    if (name == "fmod") {
      arity(2);
      return std::fmod(v[0], v[1]);
    }
    if (name == "use_swizzle") {
      return 0;  // a block-rasterisation hint: no effect on values
    }
    fail(c.loc, "the reference interpreter does not support the call '" + c.name + "'");
  }

  std::map<std::string, Tensor>& tensors_;
  Stats* stats_;
  BlockSample sample_;
  std::unordered_map<const BufferNode*, Storage*> buffers_;
  std::unordered_map<const Variable*, double> vars_;
  std::unordered_map<const Storage*, int64_t> chain_;
};

}  // namespace

bool param_shape(const ir::Param& param, std::vector<int64_t>* shape, DiagnosticEngine& diag) {
  shape->clear();
  for (const ir::Expr& e : param.buffer->shape) {
    auto v = ir::as_const_int(e);
    if (!v) {
      return diag.error(e.loc().known() ? e.loc() : param.buffer->loc)
             << "shape of tensor parameter '" << param.buffer->name
             << "' is not a constant; give its size with --set";
    }
    shape->push_back(*v);
  }
  return true;
}

bool run(const ir::PrimFunc& func, std::map<std::string, Tensor>& tensors,
         const std::map<std::string, double>& scalars, DiagnosticEngine& diag, Stats* stats) {
  return run(func, tensors, scalars, diag, stats, BlockSample{});
}

bool run(const ir::PrimFunc& func, std::map<std::string, Tensor>& tensors,
         const std::map<std::string, double>& scalars, DiagnosticEngine& diag, Stats* stats,
         const BlockSample& sample) {
  try {
    Interpreter interp(tensors, stats, sample);
    interp.run(func, scalars);
  } catch (const RefError& e) {
    return diag.error(e.loc) << "reference: " << e.message;
  }
  return true;
}

}  // namespace tltt::reference
