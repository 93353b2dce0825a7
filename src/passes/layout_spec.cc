// Layout annotation validation (error texts follow the v5 backend, tilelang.md §1.3.1); the
// parsing of both spellings is in layout_parse.cc.
#include "passes/layout_spec.h"

#include <fmt/format.h>

#include <fmt/ranges.h>

#include <cstdlib>
#include <memory>
#include <sstream>

#include "passes/halo_access.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

std::optional<std::vector<int64_t>> as_ints(const AttrValue& v) {
  if (v.is_int_list()) {
    return v.as_int_list();
  }
  if (v.is_list()) {
    std::vector<int64_t> out;
    for (const auto& e : v.as_list()) {
      if (!e.is_int()) {
        return std::nullopt;
      }
      out.push_back(e.as_int());
    }
    return out;
  }
  if (v.is_int()) {
    return std::vector<int64_t>{v.as_int()};
  }
  return std::nullopt;
}

namespace {

// A value as Python source (the fix-its must be pasteable into the kernel).
std::string python_literal(const AttrValue& v) {
  if (v.is_int()) {
    return std::to_string(v.as_int());
  }
  if (v.is_float()) {
    return fmt::format("{}", v.as_float());
  }
  if (v.is_bool()) {
    return v.as_bool() ? "True" : "False";
  }
  if (v.is_string()) {
    return "\"" + v.as_string() + "\"";
  }
  std::vector<std::string> items;
  if (v.is_int_list()) {
    for (int64_t i : v.as_int_list()) {
      items.push_back(std::to_string(i));
    }
  } else if (v.is_string_list()) {
    for (const auto& i : v.as_string_list()) {
      items.push_back("\"" + i + "\"");
    }
  } else if (v.is_list()) {
    for (const auto& i : v.as_list()) {
      items.push_back(python_literal(i));
    }
  } else if (v.is_dict()) {
    for (const auto& [k, i] : v.as_dict()) {
      items.push_back("\"" + k + "\": " + python_literal(i));
    }
    return "{" + fmt::format("{}", fmt::join(items, ", ")) + "}";
  }
  return "[" + fmt::format("{}", fmt::join(items, ", ")) + "]";
}

std::string cli_ints(const AttrValue& v) {
  std::vector<std::string> items;
  for (int64_t i : v.as_int_list()) {
    items.push_back(std::to_string(i));
  }
  return fmt::format("{}", fmt::join(items, "x"));
}

// A layout spelled the way the user gave it: `T.annotate_layout({A: {...}})` in the kernel, or
// `--layout 'A=...'` on the command line.
std::string spell_layout(const std::string& name, const Attrs& raw, bool cli) {
  if (!cli) {
    return fmt::format("T.annotate_layout({{{}: {}}})", name, python_literal(AttrValue(raw)));
  }
  std::vector<std::string> items;
  for (const char* k : {"memory", "layout", "order", "format"}) {
    if (raw.has(k)) {
      items.push_back(fmt::format("{}={}", k, raw.get_string(k, "")));
    }
  }
  if (const AttrValue* t = raw.find("tile_shape"); t && t->is_int_list()) {
    items.push_back("tile=" + cli_ints(*t));
  }
  if (const AttrValue* nd = raw.find("nd_shard"); nd && nd->is_dict()) {
    const Attrs& s = nd->as_dict();
    for (const auto& [k, key] :
         std::vector<std::pair<std::string, std::string>>{{"axes", "axes"},
                                                          {"grid", "grid"},
                                                          {"shard_shape_elems", "shard"},
                                                          {"halo", "halo"}}) {
      if (const AttrValue* v = s.find(k); v && v->is_int_list()) {
        items.push_back(key + "=" + cli_ints(*v));
      }
    }
    if (s.has("order") && !raw.has("order")) {
      items.push_back("order=" + s.get_string("order", ""));
    }
  }
  return fmt::format("--layout '{}={}'", name, fmt::join(items, ","));
}

// The annotation without any halo field (the fix-it for a halo on a tensor that is not sharded).
Attrs without_halo(const Attrs& raw) {
  Attrs out = raw;
  out.erase("halo");
  if (const AttrValue* nd = raw.find("nd_shard"); nd && nd->is_dict()) {
    Attrs s = nd->as_dict();
    s.erase("halo");
    out.set("nd_shard", AttrValue(s));
  }
  return out;
}

// The grid along a sharded axis closest to `g` whose shards tile the `dim` elements (and are
// whole tiles on the last two axes); 0 when there is none.
int64_t nearest_grid(int64_t dim, int64_t g, bool tiled) {
  for (int64_t d = 0; d <= dim; ++d) {
    for (int64_t cand : {g - d, g + d}) {
      if (cand >= 1 && cand <= dim && dim % cand == 0 && (!tiled || (dim / cand) % 32 == 0)) {
        return cand;
      }
    }
  }
  return 0;
}

}  // namespace

std::optional<Attrs> normalize_layout(const Buffer& tensor, const Attrs& raw, const Location& loc,
                                      PassContext& ctx, const Stmt& body) {
  const std::string& name = tensor->name;
  Attrs out;
  std::string memory = raw.get_string("memory", "DRAM");
  std::string layout = raw.get_string("layout", "interleaved");
  for (const auto& [k, v] : raw) {
    // `mesh` was read before the kernel was split over the mesh (mesh_reduce.h); one device
    // ignores it.
    if (k != "memory" && k != "layout" && k != "nd_shard" && k != "tile_shape" && k != "halo" &&
        k != "mesh" && k != "order" && k != "format") {
      ctx.error(loc) << "unknown layout keyword '" << k << "' for " << name
                     << " (known: memory, layout, nd_shard, tile_shape, mesh, order, format)";
      return std::nullopt;
    }
  }
  // The block order (B1): at the top level for any tensor, or in nd_shard for a sharded one.
  const AttrValue* order = raw.find("order");
  if (const AttrValue* nd = raw.find("nd_shard"); !order && nd && nd->is_dict()) {
    order = nd->as_dict().find("order");
  }
  if (order) {
    std::string text = order->is_string() ? order->as_string() : order->str();
    if (!order->is_string() || !block_order_from(text)) {
      for (char& ch : text) {  // echo it safely: the value is user text, possibly not UTF-8
        if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) > 0x7e) {
          ch = '?';
        }
      }
      ctx.error(loc) << "unsupported block order for " << name << ": '" << text
                     << "' (supported: row_major, col_major, block_linear)";
      return std::nullopt;
    }
  }
  const bool cli = loc.file == ctx.cli_loc.file;
  const AttrValue* nd = raw.find("nd_shard");
  const AttrValue* halo = raw.find("halo");
  if (!halo && nd && nd->is_dict()) {
    halo = nd->as_dict().find("halo");
  }
  if (halo && (layout != "sharded" || !nd)) {
    // Only shards exchange halos: an interleaved tensor's blocks read any rows directly.
    auto err = ctx.error(loc);
    err << "a halo is given for " << name
        << ", which is not sharded (halos are exchanged between the shards of a tensor with "
           "layout \"sharded\" and an nd_shard; other tensors are read whole)";
    for (const HaloAccess& a : halo_accesses(body, tensor)) {
      err.note(a.loc, "the access " + a.text + " " + a.reach());
    }
    err.note(loc, "try " + spell_layout(name, without_halo(raw), cli) +
                      " (an interleaved tensor needs no halo)");
    return std::nullopt;
  }
  if (memory != "DRAM" && memory != "L1") {
    ctx.error(loc) << "Invalid memory type for " << name << ": " << memory
                   << " (allowed: DRAM, L1)";
    return std::nullopt;
  }
  if (layout != "interleaved" && layout != "sharded") {
    ctx.error(loc) << "Invalid layout type for " << name << ": " << layout
                   << " (allowed: interleaved, sharded)";
    return std::nullopt;
  }
  std::vector<int64_t> tile_shape = {32, 32};
  if (const AttrValue* t = raw.find("tile_shape")) {
    auto ints = as_ints(*t);
    if (!ints || ints->size() != 2) {
      ctx.error(loc) << "Tile shape must be 2D for " << name << ": " << t->str();
      return std::nullopt;
    }
    if ((*ints)[0] != 32 || (*ints)[1] != 32) {
      ctx.error(loc) << "tile shape " << t->str() << " for " << name
                     << " is not supported (only 32x32 tiles)";
      return std::nullopt;
    }
  }
  out.set("memory", memory);
  out.set("layout", layout);
  out.set("dtype", tensor->dtype.str());
  out.set("tile_shape", tile_shape);
  if (!normalize_tile_format(tensor, raw, layout, loc, ctx, out)) {
    return std::nullopt;
  }

  if (layout == "sharded" && memory == "L1" && !nd) {
    ctx.error(loc) << "L1 sharded buffer " << name << " requires nd_shard specification";
    return std::nullopt;
  }
  if (nd && layout != "sharded") {
    ctx.error(loc) << "nd_shard given for " << name << " whose layout is " << layout
                   << " (use layout=\"sharded\")";
    return std::nullopt;
  }
  if (nd) {
    if (!nd->is_dict()) {
      ctx.error(loc) << "nd_shard for " << name << " must be a dictionary";
      return std::nullopt;
    }
    const Attrs& s = nd->as_dict();
    for (const char* req : {"axes", "grid"}) {
      if (!s.has(req)) {
        ctx.error(loc) << "ND shard missing required field: " << req;
        return std::nullopt;
      }
    }
    // The annotation with axis i's grid (and shard extent, if one was given) made to tile the
    // tensor: the fix-it of the misaligned-shard errors.
    auto shard_fix = [&](size_t i, int64_t dim, bool tiled) -> std::string {
      int64_t g = nearest_grid(dim, (*as_ints(*s.find("grid")))[i], tiled);
      if (g == 0) {
        return "";
      }
      Attrs fs = s;
      auto grid = *as_ints(*s.find("grid"));
      grid[i] = g;
      fs.set("grid", grid);
      if (const AttrValue* se = s.find("shard_shape_elems")) {
        auto v = *as_ints(*se);
        v[i] = dim / g;
        fs.set("shard_shape_elems", v);
      }
      fs.erase("align_tiles");
      Attrs fixed = raw;
      fixed.set("nd_shard", AttrValue(fs));
      return "try " + spell_layout(name, fixed, cli);
    };
    auto axes = as_ints(*s.find("axes"));
    auto grid = as_ints(*s.find("grid"));
    if (!axes || !grid || axes->size() != grid->size() || axes->empty()) {
      ctx.error(loc) << "nd_shard axes and grid of " << name
                     << " must be integer lists of the same length";
      return std::nullopt;
    }
    int64_t rank = static_cast<int64_t>(tensor.rank());
    std::vector<int64_t> shard_elems;
    if (const AttrValue* se = s.find("shard_shape_elems")) {
      auto v = as_ints(*se);
      if (!v || v->size() != axes->size()) {
        ctx.error(loc) << "nd_shard shard_shape_elems of " << name
                       << " must list one extent per sharded axis";
        return std::nullopt;
      }
      shard_elems = *v;
    }
    bool align = s.get_bool("align_tiles", true);
    int64_t shard_bytes = tensor->dtype.bytes();
    for (size_t i = 0; i < axes->size(); ++i) {
      int64_t ax = (*axes)[i];
      if (ax < 0 || ax >= rank) {
        ctx.error(loc) << "nd_shard axis " << ax << " is out of range for " << name << " of rank "
                       << rank;
        return std::nullopt;
      }
      int64_t dim = as_const_int(tensor->shape[ax]).value_or(0);
      int64_t g = (*grid)[i];
      if (g <= 0) {
        ctx.error(loc) << "nd_shard grid of " << name << " must be positive";
        return std::nullopt;
      }
      if (shard_elems.size() <= i) {
        shard_elems.push_back(dim % g == 0 ? dim / g : (dim + g - 1) / g);
      }
      int64_t se = shard_elems[i];
      bool tiled_axis = ax >= rank - 2;
      if (tiled_axis && (!align || se % kTile != 0)) {
        std::string fix = shard_fix(i, dim, true);
        auto err = ctx.error(loc);
        err << "L1 sharded buffer " << name << " must be tile-aligned (shard extent " << se
            << " on axis " << ax << " is not a multiple of 32)";
        if (!fix.empty()) {
          err.note(loc, fix);
        }
        return std::nullopt;
      }
      if (se * g != dim) {
        std::string fix = shard_fix(i, dim, tiled_axis);
        auto err = ctx.error(loc);
        err << fmt::format(
            "shards of {} do not tile the tensor: axis {} has {} elements but the grid {} x "
            "shard {} covers {}",
            name, ax, dim, g, se, se * g);
        if (!fix.empty()) {
          err.note(loc, fix);
        }
        return std::nullopt;
      }
    }
    // Bytes one core holds: the shard on the sharded axes, the full extent elsewhere.
    for (int64_t ax = 0; ax < rank; ++ax) {
      int64_t extent = as_const_int(tensor->shape[ax]).value_or(0);
      for (size_t i = 0; i < axes->size(); ++i) {
        if ((*axes)[i] == ax) {
          extent = shard_elems[i];
        }
      }
      shard_bytes *= extent;
    }
    if (memory == "L1" && shard_bytes > ctx.device.l1_budget) {
      ctx.error(loc) << "L1 tile size exceeds capacity for " << name << ": " << shard_bytes
                     << " bytes";
      return std::nullopt;
    }
    Attrs norm;
    norm.set("axes", *axes);
    norm.set("grid", *grid);
    norm.set("shard_shape_elems", shard_elems);
    norm.set("align_tiles", align);
    if (halo) {
      auto widths =
          check_halo(tensor, *halo, *axes, *grid, shard_elems, loc, ctx, [&](auto h, auto g) {
            Attrs fs = s;
            fs.erase("halo");
            fs.set("grid", g);
            if (s.has("shard_shape_elems")) {
              std::vector<int64_t> se;
              for (size_t i = 0; i < g.size(); ++i) {
                se.push_back(as_const_int(tensor->shape[(*axes)[i]]).value_or(0) / g[i]);
              }
              fs.set("shard_shape_elems", se);
            }
            fs.set("halo", h);
            Attrs fixed = without_halo(raw);
            fixed.set("nd_shard", AttrValue(fs));
            return "try " + spell_layout(name, fixed, cli);
          });
      if (!widths) {
        return std::nullopt;
      }
      norm.set("halo", *widths);
    }
    std::vector<int64_t> pg(grid->end() - std::min<size_t>(2, grid->size()), grid->end());
    if (pg.size() == 1) {
      pg.insert(pg.begin(), 1);
    }
    norm.set("projected_grid", pg);
    std::vector<int64_t> pst;
    for (size_t i = shard_elems.size() - std::min<size_t>(2, shard_elems.size());
         i < shard_elems.size(); ++i) {
      pst.push_back(shard_elems[i] / kTile);
    }
    if (pst.size() == 1) {
      pst.insert(pst.begin(), 1);
    }
    norm.set("projected_shard_tiles", pst);
    out.set("nd_shard", norm);
  }
  if (order) {
    out.set("order", order->as_string());
  }
  return out;
}

}  // namespace tltt::passes
