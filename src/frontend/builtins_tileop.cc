// Tile-operation builtins: T.copy (with point-origin extent inference), T.gemm, T.clear/T.fill,
// T.reduce_*, T.atomic_add, T.cumsum, with shape checks on compile-time extents.
#include <fmt/format.h>

#include "frontend/expr_ops.h"
#include "frontend/interp.h"
#include "ir/call_names.h"
#include "ir/printer.h"

namespace tltt::fe {

namespace {

bool is_point(const Value& v) { return v.kind == VK::kExpr && v.expr.as<ir::BufferLoad>(); }

// The extents with every extent-1 axis removed, when all are compile-time constants.
std::optional<std::vector<int64_t>> squeezed(const ir::Region& r) {
  std::vector<int64_t> out;
  for (const auto& rg : r.ranges) {
    auto c = ir::as_const_int(rg.extent);
    if (!c) {
      return std::nullopt;
    }
    if (*c != 1) {
      out.push_back(*c);
    }
  }
  return out;
}

std::string shape_str(const std::vector<int64_t>& v) {
  return fmt::format("[{}]", fmt::join(v, ", "));
}

std::string extents_str(const ir::Region& r) {
  std::string s = "[";
  for (size_t i = 0; i < r.ranges.size(); ++i) {
    s += (i ? ", " : "") + ir::print(r.ranges[i].extent);
  }
  return s + "]";
}

void check_bounds(const ir::Region& r, const Location& loc, const std::string& op,
                  bool clip_dynamic = false) {
  for (size_t i = 0; i < r.ranges.size(); ++i) {
    auto mn = ir::as_const_int(r.ranges[i].min);
    auto ext = ir::as_const_int(r.ranges[i].extent);
    auto size = ir::as_const_int(r.buffer->shape[i]);
    if (mn && *mn < 0) {
      user_error(
          loc, fmt::format("{}: negative start {} on axis {} of '{}'", op, *mn, i, r.buffer->name));
    }
    if (mn && ext && size && *mn + *ext > *size) {
      user_error(loc, fmt::format("{}: region [{}:{}] is out of bounds for axis {} of '{}' "
                                  "(size {})",
                                  op, *mn, *mn + *ext, i, r.buffer->name, *size));
    }
    // A tile longer than the whole axis at a block-dependent origin (`X[bx * 256, ...]` of an
    // axis of 244) is the partial last block of a size the user set: T.copy's meaning clips it
    // to the tensor, like any partial edge block (B1 pads the device tensor to whole blocks).
    if (!mn && ext && size && *ext > *size && !clip_dynamic) {
      user_error(loc, fmt::format("{}: extent {} exceeds axis {} of '{}' (size {})", op, *ext, i,
                                  r.buffer->name, *size));
    }
  }
}

// Gives a single-element region (from `A[i, j]`) the extents of the other copy operand.
ir::Region extend_point(const ir::Region& point, const ir::Region& other, const Location& loc,
                        const std::string& side) {
  std::vector<ir::Expr> ext;
  for (const auto& rg : other.ranges) {
    ext.push_back(rg.extent);
  }
  while (ext.size() > point.ranges.size()) {
    auto c = ir::as_const_int(ext.front());
    if (!c || *c != 1) {
      user_error(loc, fmt::format("T.copy: {} '{}' has rank {} but the other operand has {} "
                                  "non-unit dimensions",
                                  side, point.buffer->name, point.ranges.size(), ext.size()));
    }
    ext.erase(ext.begin());
  }
  ir::Region r = point;
  size_t pad = point.ranges.size() - ext.size();
  for (size_t i = 0; i < ext.size(); ++i) {
    r.ranges[pad + i].extent = ext[i];
  }
  return r;
}

// The trailing 2-D shape of a gemm operand (other axes must have extent 1).
std::optional<std::pair<int64_t, int64_t>> matrix_shape(const ir::Region& r, const Location& loc,
                                                        const char* which) {
  if (r.ranges.size() < 2) {
    user_error(loc, fmt::format("T.gemm: operand {} ('{}') must be 2-dimensional, has rank {}",
                                which, r.buffer->name, r.ranges.size()));
  }
  for (size_t i = 0; i + 2 < r.ranges.size(); ++i) {
    auto c = ir::as_const_int(r.ranges[i].extent);
    if (c && *c != 1) {
      user_error(loc, fmt::format("T.gemm: operand {} ('{}') must be 2-dimensional, its region "
                                  "has extents {}",
                                  which, r.buffer->name, extents_str(r)));
    }
  }
  auto a = ir::as_const_int(r.ranges[r.ranges.size() - 2].extent);
  auto b = ir::as_const_int(r.ranges.back().extent);
  if (!a || !b) {
    return std::nullopt;
  }
  return std::make_pair(*a, *b);
}

Value copy(Interp& in, CallArgs& a) {
  std::vector<Location> locs;
  auto b = bind_args(
      a, "T.copy",
      {"src", "dst", "coalesced_width?", "disable_tma?", "eviction_policy?", "loop_layout?"},
      &locs);
  KernelBuilder& kb = in.require_kernel(a.callee_loc, "T.copy");
  const Value& src = *b[0];
  const Value& dst = *b[1];
  ir::Region rs = in.to_region(src, locs[0], "T.copy source");
  ir::Region rd = in.to_region(dst, locs[1], "T.copy destination");
  if (is_point(src) && is_point(dst)) {
    user_error(a.loc,
               "T.copy cannot infer the copy extent: both operands are single elements; "
               "use a slice or a whole buffer on one side");
  }
  if (is_point(src)) {
    rs = extend_point(rs, rd, locs[0], "source");
  } else if (is_point(dst)) {
    rd = extend_point(rd, rs, locs[1], "destination");
  }
  auto s1 = squeezed(rs), s2 = squeezed(rd);
  if (s1 && s2 && *s1 != *s2) {
    user_error(a.loc, "T.copy shape mismatch: source '" + rs.buffer->name + "' region " +
                          extents_str(rs) + " vs destination '" + rd.buffer->name + "' region " +
                          extents_str(rd));
  }
  check_bounds(rs, locs[0], "T.copy", true);
  check_bounds(rd, locs[1], "T.copy", true);
  ir::Attrs attrs;
  if (b[2] && b[2]->kind != VK::kNone) {
    attrs.set("coalesced_width", in.to_int(*b[2], locs[2], "coalesced_width"));
  }
  kb.emit(ir::Copy::make(rs, rd, attrs, a.loc));
  return Value::none();
}

Value gemm(Interp& in, CallArgs& a) {
  std::vector<Location> locs;
  auto b = bind_args(a, "T.gemm",
                     {"A", "B", "C", "transpose_A?", "transpose_B?", "policy?", "clear_accum?",
                      "k_pack?", "wg_wait?", "mbar?"},
                     &locs);
  KernelBuilder& kb = in.require_kernel(a.callee_loc, "T.gemm");
  ir::Region ra = in.to_region(*b[0], locs[0], "T.gemm operand A");
  ir::Region rb = in.to_region(*b[1], locs[1], "T.gemm operand B");
  ir::Region rc = in.to_region(*b[2], locs[2], "T.gemm operand C");
  bool ta = b[3] ? in.to_bool(*b[3], locs[3], "transpose_A") : false;
  bool tb = b[4] ? in.to_bool(*b[4], locs[4], "transpose_B") : false;
  bool clear = b[6] ? in.to_bool(*b[6], locs[6], "clear_accum") : false;
  if (b[7] && b[7]->kind != VK::kNone) {
    int64_t k = in.to_int(*b[7], locs[7], "k_pack");
    if (k < 1) {
      user_error(locs[7], "k_pack must be at least 1");
    }
  }
  if (b[9] && b[9]->kind != VK::kNone) {
    user_error(locs[9],
               "T.gemm(mbar=...) is a GPU-only option and is not supported on "
               "Tenstorrent");
  }
  auto sa = matrix_shape(ra, locs[0], "A");
  auto sb = matrix_shape(rb, locs[1], "B");
  auto sc = matrix_shape(rc, locs[2], "C");
  if (sa && sb && sc) {
    int64_t m = ta ? sa->second : sa->first, ka = ta ? sa->first : sa->second;
    int64_t kb2 = tb ? sb->second : sb->first, n = tb ? sb->first : sb->second;
    if (ka != kb2) {
      user_error(a.loc, fmt::format("T.gemm shape mismatch: A{} is {}x{} and B{} is {}x{}, so the "
                                    "K extents differ ({} vs {})",
                                    ta ? "^T" : "", m, ka, tb ? "^T" : "", kb2, n, ka, kb2));
    }
    if (sc->first != m || sc->second != n) {
      user_error(a.loc, fmt::format("T.gemm shape mismatch: A @ B is {}x{} but C '{}' is {}x{}", m,
                                    n, rc.buffer->name, sc->first, sc->second));
    }
  }
  if (!rc.buffer->dtype.is_float() && !rc.buffer->dtype.is_int()) {
    user_error(locs[2], "T.gemm accumulator '" + rc.buffer->name + "' has non-numeric dtype " +
                            rc.buffer->dtype.str());
  }
  kb.emit(ir::Gemm::make(ra, rb, rc, ta, tb, clear, {}, a.loc));
  return Value::none();
}

Value fill(Interp& in, CallArgs& a, bool is_clear) {
  std::vector<Location> locs;
  auto b = is_clear ? bind_args(a, "T.clear", {"buffer"}, &locs)
                    : bind_args(a, "T.fill", {"buffer", "value"}, &locs);
  KernelBuilder& kb = in.require_kernel(a.callee_loc, is_clear ? "T.clear" : "T.fill");
  ir::Region r = in.to_region(*b[0], locs[0], is_clear ? "T.clear target" : "T.fill target");
  ir::DataType t = r.buffer->dtype;
  ir::Expr value =
      is_clear ? ir::make_zero(t, a.loc) : cast_to(in.to_expr(*b[1], locs[1], t), t, locs[1]);
  kb.emit(ir::Fill::make(r, value, a.loc));
  return Value::none();
}

Value reduce(Interp& in, CallArgs& a, ir::ReduceKind kind, const std::string& name) {
  std::vector<Location> locs;
  auto b = bind_args(a, name, {"buffer", "out", "dim?", "clear?"}, &locs);
  KernelBuilder& kb = in.require_kernel(a.callee_loc, name);
  ir::Region src = in.to_region(*b[0], locs[0], name + " source");
  ir::Region dst = in.to_region(*b[1], locs[1], name + " destination");
  int64_t rank = static_cast<int64_t>(src.ranges.size());
  int64_t dim = b[2] ? in.to_int(*b[2], locs[2], "dim") : -1;
  int64_t d = dim < 0 ? dim + rank : dim;
  if (d < 0 || d >= rank) {
    user_error(b[2] ? locs[2] : a.loc,
               fmt::format("{}: dim {} is out of range for a source of rank {}", name, dim, rank));
  }
  bool clear = b[3] ? in.to_bool(*b[3], locs[3], "clear") : true;
  // dst must match src without the reduced axis (ignoring unit axes).
  std::vector<int64_t> expect;
  bool known = true;
  for (int64_t i = 0; i < rank; ++i) {
    if (i == d) {
      continue;
    }
    auto c = ir::as_const_int(src.ranges[i].extent);
    if (!c) {
      known = false;
    } else if (*c != 1) {
      expect.push_back(*c);
    }
  }
  auto got = squeezed(dst);
  if (known && got && *got != expect) {
    user_error(a.loc, fmt::format("{}: destination '{}' has shape {} but reducing source '{}' {} "
                                  "along dim {} gives {}",
                                  name, dst.buffer->name, extents_str(dst), src.buffer->name,
                                  extents_str(src), d, shape_str(expect)));
  }
  kb.emit(ir::Reduce::make(kind, src, dst, d, clear, a.loc));
  return Value::none();
}

Value atomic_add(Interp& in, CallArgs& a) {
  std::vector<Location> locs;
  auto b = bind_args(a, "T.atomic_add",
                     {"dst", "value", "memory_order?", "return_prev?", "use_tma?"}, &locs);
  if (b[4]) {
    in.remark(locs[4], "'use_tma' selects a GPU copy engine; ignored on Tenstorrent");
  }
  KernelBuilder& kb = in.require_kernel(a.callee_loc, "T.atomic_add");
  ir::Region dst = in.to_region(*b[0], locs[0], "T.atomic_add destination");
  const Value& v = *b[1];
  ir::Expr value;
  if (v.kind == VK::kBuffer || v.kind == VK::kBufferSlice) {
    ir::Region src = in.to_region(v, locs[1], "T.atomic_add value");
    if (is_point(*b[0])) {
      dst = extend_point(dst, src, locs[0], "destination");
    }
    auto s1 = squeezed(src), s2 = squeezed(dst);
    if (s1 && s2 && *s1 != *s2) {
      user_error(a.loc, "T.atomic_add shape mismatch: destination region " + extents_str(dst) +
                            " vs value region " + extents_str(src));
    }
    value = ir::RegionRef::make(src, locs[1]);
  } else {
    ir::DataType t = dst.buffer->dtype;
    value = cast_to(in.to_expr(v, locs[1], t), t, locs[1]);
  }
  check_bounds(dst, locs[0], "T.atomic_add");
  if (b[3] && in.to_bool(*b[3], locs[3], "return_prev")) {
    // return_prev=True: the element's value before the add, read by the kernel (a slot claimed
    // in a shared counter). An `atomic_add` call bound to a variable where the call stands, so
    // the add happens once however often the value is used; A1 (infer-layout) rejects it until
    // it has a lowering.
    if (!is_point(*b[0]) || value.as<ir::RegionRef>()) {
      user_error(a.loc,
                 "T.atomic_add(..., return_prev=True) needs a buffer element and a scalar "
                 "value");
    }
    ir::Attrs attrs;
    attrs.set(ir::kAtomicReturnPrev, true);
    ir::Expr prev = ir::Call::make(dst.buffer->dtype, ir::kAtomicAddCall,
                                   {ir::RegionRef::make(dst, locs[0]), value}, attrs, a.loc);
    ir::Var var = ir::Variable::make(in.name_hint().empty() ? "prev" : in.name_hint() + "_prev",
                                     dst.buffer->dtype, a.loc);
    kb.let(var, prev, a.loc);
    return Value::of_expr(var);
  }
  kb.emit(ir::AtomicAdd::make(dst, value, {}, a.loc));
  return Value::none();
}

// T.atomic_addx2 / T.atomic_addx4(dst, value): the GPU's packed (half2, float4, ...) atomic add
// of `width` consecutive elements along the last axis, starting at the elements dst and value
// (buffer elements). On Tenstorrent it is the atomic add of that `width`-element region.
BuiltinFn atomic_add_packed(std::string name, int64_t width) {
  return [name, width](Interp& in, CallArgs& a) {
    std::vector<Location> locs;
    auto b = bind_args(a, name, {"dst", "value", "return_prev?"}, &locs);
    KernelBuilder& kb = in.require_kernel(a.callee_loc, name);
    ir::Region regions[2];
    for (int k = 0; k < 2; ++k) {
      if (!is_point(*b[k])) {
        user_error(locs[k],
                   name + " expects a buffer element (e.g. B[i, 4 * j]), got " + type_name(*b[k]));
      }
      regions[k] = in.to_region(*b[k], locs[k], name + (k == 0 ? " destination" : " value"));
      regions[k].ranges.back().extent = ir::make_int(width, locs[k]);
      check_bounds(regions[k], locs[k], name);
    }
    kb.emit(ir::AtomicAdd::make(regions[0], ir::RegionRef::make(regions[1], locs[1]), {}, a.loc));
    return Value::none();
  };
}

// T.cumsum(src, dst=None, dim=0, reverse=False): the inclusive prefix sum of src along `dim`
// into dst (in place without dst). The tile IR has no scan statement, so it is written out as
// loops: serial loops over the other axes around a serial scan,
//   dst[.., 0] = src[.., 0];  dst[.., k + 1] = dst[.., k] + src[.., k + 1]
// (mirrored from the last element when reverse). Accumulation is in dst's dtype.
Value cumsum(Interp& in, CallArgs& a) {
  std::vector<Location> locs;
  auto b = bind_args(a, "T.cumsum", {"src", "dst?", "dim?", "reverse?"}, &locs);
  KernelBuilder& kb = in.require_kernel(a.callee_loc, "T.cumsum");
  ir::Region src = in.to_region(*b[0], locs[0], "T.cumsum source");
  bool has_dst = b[1] && b[1]->kind != VK::kNone;
  ir::Region dst = has_dst ? in.to_region(*b[1], locs[1], "T.cumsum destination") : src;
  int64_t rank = static_cast<int64_t>(src.ranges.size());
  int64_t dim = b[2] ? in.to_int(*b[2], locs[2], "dim") : 0;
  int64_t d = dim < 0 ? dim + rank : dim;
  if (d < 0 || d >= rank) {
    user_error(b[2] ? locs[2] : a.loc,
               fmt::format("T.cumsum: dim {} is out of range for a source of rank {}", dim, rank));
  }
  bool reverse = b[3] ? in.to_bool(*b[3], locs[3], "reverse") : false;
  if (dst.ranges.size() != src.ranges.size()) {
    user_error(a.loc, fmt::format("T.cumsum: destination '{}' has rank {} but source '{}' has "
                                  "rank {}",
                                  dst.buffer->name, dst.ranges.size(), src.buffer->name, rank));
  }
  for (int64_t i = 0; i < rank; ++i) {
    auto s = ir::as_const_int(src.ranges[i].extent);
    auto t = ir::as_const_int(dst.ranges[i].extent);
    if (s && t && *s != *t) {
      user_error(a.loc, fmt::format("T.cumsum: destination '{}' {} and source '{}' {} differ in "
                                    "shape",
                                    dst.buffer->name, extents_str(dst), src.buffer->name,
                                    extents_str(src)));
    }
  }
  check_bounds(src, locs[0], "T.cumsum");
  check_bounds(dst, has_dst ? locs[1] : locs[0], "T.cumsum");
  const Location& loc = a.loc;
  std::vector<ir::Var> outer;
  std::vector<ir::Expr> idx(rank);  // offsets inside the regions; axis d filled per statement
  for (int64_t i = 0; i < rank; ++i) {
    if (i == d) {
      continue;
    }
    outer.push_back(ir::Variable::make(fmt::format("cumsum_i{}", i), ir::DataType::int32(), loc));
    idx[i] = outer.back();
  }
  auto at = [&](const ir::Region& r, ir::Expr k) {
    std::vector<ir::Expr> out;
    for (int64_t i = 0; i < rank; ++i) {
      out.push_back(make_binary(ir::BinaryOp::kAdd, r.ranges[i].min, i == d ? k : idx[i], loc));
    }
    return out;
  };
  ir::DataType t = dst.buffer->dtype;
  auto load = [&](const ir::Region& r, ir::Expr k) {
    return cast_to(ir::BufferLoad::make(r.buffer, at(r, k), loc), t, loc);
  };
  ir::Expr n = src.ranges[d].extent;
  ir::Expr one = ir::make_int(1, loc);
  ir::Var k = ir::Variable::make("cumsum_k", ir::DataType::int32(), loc);
  // Scan from `first` to `first + step * (n - 1)`, element `cur` taking `prev` + src[cur].
  ir::Expr first = reverse ? make_binary(ir::BinaryOp::kSub, n, one, loc) : ir::make_int(0, loc);
  ir::Expr prev = reverse ? make_binary(ir::BinaryOp::kSub, first, k, loc) : ir::Expr(k);
  ir::Expr cur = reverse ? make_binary(ir::BinaryOp::kSub, prev, one, loc)
                         : make_binary(ir::BinaryOp::kAdd, prev, one, loc);
  std::vector<ir::Stmt> body;
  if (has_dst) {
    body.push_back(ir::BufferStore::make(dst.buffer, at(dst, first), load(src, first), loc));
  }
  ir::Expr sum = make_binary(ir::BinaryOp::kAdd, load(dst, prev), load(src, cur), loc);
  body.push_back(ir::For::make(
      k, ir::make_int(0, loc), make_binary(ir::BinaryOp::kSub, n, one, loc), ir::ForKind::kSerial,
      ir::BufferStore::make(dst.buffer, at(dst, cur), sum, loc), 0, {}, loc));
  ir::Stmt s = ir::SeqStmt::make(body, loc);
  for (int64_t i = rank - 1, v = static_cast<int64_t>(outer.size()) - 1; i >= 0; --i) {
    if (i == d) {
      continue;
    }
    s = ir::For::make(outer[v--], ir::make_int(0, loc), src.ranges[i].extent, ir::ForKind::kSerial,
                      s, 0, {}, loc);
  }
  kb.emit(s);
  return Value::none();
}

// T.im2col(img, col, nhw_step, c_step, kernel, stride, dilation, pad): one (block_M, block_K)
// patch matrix of an NHWC image for a convolution as a GEMM. It has no tile-IR statement: an
// `im2col` call (image and column buffer as region operands, the block steps as arguments, the
// convolution geometry and the image's shape as attrs; ir/im2col.h) that C2 lowers to a gather.
Value im2col(Interp& in, CallArgs& a) {
  std::vector<Location> locs;
  auto b = bind_args(a, "T.im2col",
                     {"img", "col", "nhw_step", "c_step", "kernel", "stride?", "dilation?", "pad?"},
                     &locs);
  KernelBuilder& kb = in.require_kernel(a.callee_loc, "T.im2col");
  ir::Region img = in.to_region(*b[0], locs[0], "T.im2col image");
  ir::Region col = in.to_region(*b[1], locs[1], "T.im2col column buffer");
  ir::Attrs attrs;
  const char* names[] = {"kernel", "stride", "dilation", "pad"};
  const int64_t defaults[] = {0, 1, 1, 0};
  for (int i = 0; i < 4; ++i) {
    const std::optional<Value>& v = b[4 + i];
    attrs.set(names[i],
              v && v->kind != VK::kNone ? in.to_int(*v, locs[4 + i], names[i]) : defaults[i]);
  }
  // The image's logical shape: A1 pads its tiled dimensions, the patch geometry must not move.
  if (img.buffer->shape.size() == 4) {
    const char* dims[] = {"image_n", "image_h", "image_w", "image_c"};
    for (size_t i = 0; i < 4; ++i) {
      if (const auto* v = img.buffer->shape[i].as<ir::IntImm>()) {
        attrs.set(dims[i], v->value);
      }
    }
  }
  std::vector<ir::Expr> args = {
      ir::RegionRef::make(img, locs[0]), ir::RegionRef::make(col, locs[1]),
      cast_to(in.to_expr(*b[2], locs[2]), ir::DataType::int32(), locs[2]),
      cast_to(in.to_expr(*b[3], locs[3]), ir::DataType::int32(), locs[3])};
  kb.emit(ir::Evaluate::make(
      ir::Call::make(ir::DataType::void_type(), "im2col", std::move(args), attrs, a.loc), a.loc));
  return Value::none();
}

}  // namespace

void register_tileop_builtins() {
  auto& r = builtin_registry();
  r["T.copy"] = copy;
  r["T.gemm"] = gemm;
  r["T.clear"] = [](Interp& in, CallArgs& a) { return fill(in, a, true); };
  r["T.fill"] = [](Interp& in, CallArgs& a) { return fill(in, a, false); };
  r["T.atomic_add"] = atomic_add;
  r["T.atomic_addx2"] = atomic_add_packed("T.atomic_addx2", 2);
  r["T.atomic_addx4"] = atomic_add_packed("T.atomic_addx4", 4);
  r["T.cumsum"] = cumsum;
  r["T.im2col"] = im2col;
  const std::pair<const char*, ir::ReduceKind> kReduce[] = {
      {"T.reduce_sum", ir::ReduceKind::kSum},       {"T.reduce_max", ir::ReduceKind::kMax},
      {"T.reduce_min", ir::ReduceKind::kMin},       {"T.reduce_abssum", ir::ReduceKind::kAbsSum},
      {"T.reduce_absmax", ir::ReduceKind::kAbsMax},
  };
  for (const auto& [name, kind] : kReduce) {
    std::string n = name;
    ir::ReduceKind k = kind;
    r[n] = [n, k](Interp& in, CallArgs& a) { return reduce(in, a, k, n); };
  }
}

}  // namespace tltt::fe
