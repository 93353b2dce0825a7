// Statement builders D5 shares between its GEMM and element-wise lowerings.
#include <algorithm>

#include "ir/equality.h"
#include "passes/dst/lower.h"

namespace tltt::passes::dst {

using namespace ir;

// `for v in [0, n): body(v)`; with n == 1 the body is emitted once with v = 0.
Stmt loop(const std::string& name, int64_t n, const std::function<Stmt(Expr)>& body, Location loc) {
  if (n == 1) {
    return body(cint(0, loc));
  }
  Var v = Variable::make(name, DataType::int32(), loc);
  return For::make(v, cint(0, loc), cint(n, loc), ForKind::kSerial, body(v), 0, {}, loc);
}

Stmt call(const std::string& name, std::vector<Expr> args, Location loc, Attrs attrs) {
  return call_stmt(name, std::move(args), std::move(attrs), loc);
}

Stmt call(TtOp op, std::vector<Expr> args, Location loc, Attrs attrs) {
  return tt_call_stmt(op, std::move(args), std::move(attrs), loc);
}

// pack `n` DST tiles starting at 0 into `cb` (reserve/pack/push).
Stmt pack_block(const Buffer& cb, int64_t n, Location loc) {
  Expr ref = buffer_ref(cb, loc);
  return seq({tt_call_stmt(TtOp::kCbReserveBack, {ref, cint(n, loc)}, {}, loc),
              loop(
                  "d", n,
                  [&](Expr d) {
                    return tt_call_stmt(TtOp::kPackTile, {d, ref}, {}, loc);
                  },
                  loc),
              tt_call_stmt(TtOp::kCbPushBack, {ref, cint(n, loc)}, {}, loc)},
             loc);
}

int64_t largest_divisor(int64_t n, int64_t cap) {
  int64_t s = 1;
  for (int64_t d = 1; d <= std::min(n, cap); ++d) {
    if (n % d == 0) {
      s = d;
    }
  }
  return s;
}

std::vector<Stmt> zip_tile_group(const std::vector<std::vector<Stmt>>& tiles) {
  std::vector<Stmt> out;
  for (size_t i = 0; i < tiles[0].size(); ++i) {
    bool same = std::all_of(tiles.begin(), tiles.end(),
                            [&](const auto& t) { return structural_equal(t[i], tiles[0][i]); });
    for (size_t j = 0; j < (same ? 1 : tiles.size()); ++j) {
      out.push_back(tiles[j][i]);
    }
  }
  return out;
}

}  // namespace tltt::passes::dst
