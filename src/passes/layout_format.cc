// The layout annotation's `format` key (layout_spec.h): block-float device buffers (Bfp8_b,
// Bfp4_b) for a tensor's tiles, the formats of Tenstorrent's GEMM tables besides bfloat16.
#include <cctype>

#include "passes/layout_spec.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The canonical name of a user spelling: bfp8_b / bfloat8_b / Bfp8_b (any case), the same for
// 4 bits; nullopt for anything else.
std::optional<TileFormat> parse_format(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (text.rfind("bfloat", 0) == 0) {
    text = "bfp" + text.substr(6);  // TTNN's spelling
  }
  std::optional<TileFormat> f = tile_format_from(text);
  return f && *f != TileFormat::kPlain ? f : std::nullopt;
}

}  // namespace

bool normalize_tile_format(const Buffer& tensor, const Attrs& raw, const std::string& layout,
                           const Location& loc, PassContext& ctx, Attrs& out) {
  const AttrValue* v = raw.find("format");
  if (!v) {
    return true;
  }
  const std::string& name = tensor->name;
  auto f = v->is_string() ? parse_format(v->as_string()) : std::nullopt;
  if (!f) {
    std::string text = v->is_string() ? v->as_string() : v->str();
    for (char& ch : text) {  // echo it safely: the value is user text, possibly not UTF-8
      if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) > 0x7e) {
        ch = '?';
      }
    }
    ctx.error(loc) << "unsupported tile format for " << name << ": '" << text
                   << "' (supported: bfp8_b, bfp4_b; without `format` a tensor's tiles are "
                      "stored in its dtype)";
    return false;
  }
  // The unpacker turns block floats into the compute engine's float formats and the packer
  // writes them from float results: a tensor of integers has no block-float form.
  const DataType t = tensor->dtype;
  if (!(t == DataType::bfloat16() || t == DataType::float32())) {
    ctx.error(loc) << "tile format " << to_string(*f) << " for " << name
                   << " needs a bfloat16 or float32 tensor (the host program packs block floats "
                      "from those); "
                   << name << " is " << t.str();
    return false;
  }
  if (tensor.rank() < 2) {
    ctx.error(loc) << "tile format " << to_string(*f) << " for " << name
                   << " needs a tensor of at least two dimensions: a 1-D tensor is stored as "
                      "vector tiles, which are not block floats";
    return false;
  }
  if (layout != "interleaved") {
    ctx.error(loc) << "tile format " << to_string(*f) << " for " << name
                   << " is only supported on interleaved tensors (DRAM or L1), not " << layout
                   << " ones yet";
    return false;
  }
  out.set("format", std::string(to_string(*f)));
  return true;
}

void check_tile_format_plan(const TensorPlan& t, const DevicePlan& plan, const Location& loc,
                            PassContext& ctx) {
  if (t.tile_format == TileFormat::kPlain) {
    return;
  }
  if (plan.mesh || !t.mesh_dims.empty() || t.mesh_partial) {
    ctx.error(loc) << "tile format " << to_string(t.tile_format) << " for " << t.name
                   << " is only supported on one device: the mesh's chunking, halo exchange and "
                      "all-reduce move elements, not block-float tiles";
  } else if (t.device_dtype) {
    ctx.error(loc) << "tile format " << to_string(t.tile_format) << " for " << t.name << ": a "
                   << t.dtype.str() << " tensor is already stored as " << t.device_dtype->str()
                   << " on the device (docs/formats.md)";
  }
}

std::optional<TileFormat> cb_tile_format(const std::string& buffer,
                                         const std::set<TileFormat>& streamed_from,
                                         std::optional<TileFormat> packed_to, const Location& loc,
                                         PassContext& ctx) {
  if (streamed_from.empty()) {
    return packed_to.value_or(TileFormat::kPlain);
  }
  if (streamed_from.size() > 1) {
    ctx.error(loc) << "buffer '" << buffer << "' is filled from tensors of different tile formats "
                   << "(block floats and plain tiles): its CB holds tiles of one format";
    return std::nullopt;
  }
  const TileFormat in = *streamed_from.begin();
  if (packed_to && *packed_to != in) {
    ctx.error(loc) << "buffer '" << buffer << "' is copied between tensors of different tile "
                   << "formats (" << to_string(in) << " and " << to_string(*packed_to)
                   << ") without a compute step to convert them";
    return std::nullopt;
  }
  return in;
}

TileFormat layout_tile_format(const Attrs& layout) {
  const AttrValue* v = layout.find("format");
  return v && v->is_string() ? tile_format_from(v->as_string()).value_or(TileFormat::kPlain)
                             : TileFormat::kPlain;
}

}  // namespace tltt::passes
