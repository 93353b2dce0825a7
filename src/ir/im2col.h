// The geometry of a T.im2col call (ir/call_names.h kIm2colCall) and the element of the image each
// element of its patch block holds: one place for the reference interpreter, the passes that
// check and lower the call, and the reader's gather (D3), so they agree on TileLang's layout.
#pragma once

#include <cstdint>
#include <optional>

#include "ir/call_names.h"
#include "ir/ir.h"

namespace tltt::ir {

// An NHWC image [N, H, W, C] seen through a square KxK window with stride S, dilation D and
// padding P; the patch matrix has N * OH * OW rows (output pixels, row-major over n, oh, ow) and
// K * K * C columns ((kh, kw, c), c fastest), TileLang's T.im2col layout.
struct Im2colGeometry {
  int64_t n = 0, h = 0, w = 0, c = 0;
  int64_t kernel = 0, stride = 1, dilation = 1, pad = 0;
  int64_t out_h() const { return (h + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1; }
  int64_t out_w() const { return (w + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1; }
  int64_t rows() const { return n * out_h() * out_w(); }
  int64_t cols() const { return kernel * kernel * c; }

  // The image element (n, y, x, ch) that patch element (row, col) holds, or nullopt where it is
  // zero (the window reaches into the padding, or the block runs past the patch matrix).
  struct Pixel {
    int64_t n, y, x, ch;
  };
  std::optional<Pixel> source(int64_t row, int64_t col) const {
    if (row < 0 || row >= rows() || col < 0 || col >= cols()) {
      return std::nullopt;
    }
    int64_t ow = row % out_w(), oh = row / out_w() % out_h(), b = row / (out_w() * out_h());
    int64_t ch = col % c, kw = col / c % kernel, kh = col / (c * kernel);
    int64_t y = oh * stride + kh * dilation - pad, x = ow * stride + kw * dilation - pad;
    if (y < 0 || y >= h || x < 0 || x >= w) {
      return std::nullopt;
    }
    return Pixel{b, y, x, ch};
  }
};

// The geometry of an im2col call (the image shape the front end recorded, attrs image_n..c), else
// nullopt.
inline std::optional<Im2colGeometry> im2col_geometry(const Call& c) {
  if (c.name != kIm2colCall || c.args.size() != 4 || !c.args[0].as<RegionRef>() ||
      !c.args[1].as<RegionRef>()) {
    return std::nullopt;
  }
  Im2colGeometry g;
  g.n = c.attrs.get_int("image_n", 0);
  g.h = c.attrs.get_int("image_h", 0);
  g.w = c.attrs.get_int("image_w", 0);
  g.c = c.attrs.get_int("image_c", 0);
  g.kernel = c.attrs.get_int("kernel", 0);
  g.stride = c.attrs.get_int("stride", 1);
  g.dilation = c.attrs.get_int("dilation", 1);
  g.pad = c.attrs.get_int("pad", 0);
  if (g.n <= 0 || g.h <= 0 || g.w <= 0 || g.c <= 0 || g.kernel <= 0 || g.stride <= 0 ||
      g.dilation <= 0 || g.pad < 0 || g.out_h() <= 0 || g.out_w() <= 0) {
    return std::nullopt;
  }
  return g;
}

}  // namespace tltt::ir
