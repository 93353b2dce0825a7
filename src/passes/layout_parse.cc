// Layout annotation parsing (see layout_spec.h): the layout constructor call and the
// command-line `--layout` spelling, both into one raw attribute dictionary (validated in
// layout_spec.cc).
#include <sstream>

#include "passes/layout_spec.h"

namespace tltt::passes {

using namespace ir;

bool is_tt_layout_call(const Call& call) {
  // `T.TTLayout(...)` (the constructor) or the front end's dict form
  // `T.annotate_layout({A: {"memory": "L1", ...}})`, which arrives as a `layout` call.
  return call.name == "T.TTLayout" || call.name == "TTLayout" || call.name == "layout";
}

Attrs layout_from_call(const Call& call) { return call.attrs; }

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) {
    out.push_back(cur);
  }
  return out;
}

std::optional<std::vector<int64_t>> int_list(const std::string& s) {
  std::vector<int64_t> out;
  for (const auto& part : split(s, 'x')) {
    if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    out.push_back(std::stoll(part));
  }
  return out;
}

}  // namespace

std::optional<Attrs> layout_from_cli(const std::string& spec, const Location& loc,
                                     PassContext& ctx) {
  Attrs raw;
  Attrs shard;
  for (const auto& item : split(spec, ',')) {
    auto eq = item.find('=');
    if (eq == std::string::npos) {
      ctx.error(loc) << "malformed --layout item '" << item << "' (expected key=value)";
      return std::nullopt;
    }
    std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "memory" || key == "layout" || key == "order" || key == "format") {
      raw.set(key, value);
    } else if (key == "axes" || key == "grid" || key == "shard" || key == "tile" || key == "halo") {
      auto ints = int_list(value);
      if (!ints) {
        ctx.error(loc) << "malformed --layout value '" << value << "' for '" << key
                       << "' (expected integers separated by 'x', e.g. 2x2)";
        return std::nullopt;
      }
      if (key == "tile") {
        raw.set("tile_shape", *ints);
      } else {
        shard.set(key == "shard" ? "shard_shape_elems" : key, *ints);
      }
    } else if (key == "mesh" || key == "mesh_axes") {
      // `mesh=replicated`, or `mesh=D[,mesh_axes=AxB]`: the `mesh` field's dictionary.
      auto ints = value == "replicated" ? std::nullopt : int_list(value);
      if (value != "replicated" && (!ints || (key == "mesh" && ints->size() != 1))) {
        ctx.error(loc) << "malformed --layout value '" << value << "' for '" << key
                       << "' (expected mesh=replicated, mesh=D or mesh_axes=0x1)";
        return std::nullopt;
      }
      if (key == "mesh" && !ints) {
        raw.set("mesh", value);
      } else {
        Attrs m =
            raw.has("mesh") && raw.find("mesh")->is_dict() ? raw.find("mesh")->as_dict() : Attrs();
        m.set(key == "mesh" ? "dim" : "axes", *ints);
        raw.set("mesh", m);
      }
    } else {
      ctx.error(loc)
          << "unknown --layout key '" << key
          << "' (known: memory, layout, axes, grid, shard, halo, order, tile, mesh, mesh_axes, "
             "format)";
      return std::nullopt;
    }
  }
  if (!shard.empty()) {
    raw.set("nd_shard", shard);
  }
  return raw;
}

}  // namespace tltt::passes
