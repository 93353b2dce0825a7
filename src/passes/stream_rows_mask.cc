// A4's reductions over chunks of the row (stream_rows.h): the identity a running value starts
// from and the mask that keeps the padding past the row's end out of a reduction.
#include <limits>

#include "passes/pass_util.h"
#include "passes/stream_rows_plan.h"

namespace tltt::passes::stream {

using namespace ir;

double identity(ReduceKind kind) {
  double inf = std::numeric_limits<double>::infinity();
  return kind == ReduceKind::kMax ? -inf : kind == ReduceKind::kMin ? inf : 0.0;
}

Stmt mask_nest(const Buffer& src, const Expr& offset, int64_t width, ReduceKind kind,
               const Location& loc) {
  Var i = Variable::make("pad_i", DataType::int32(), loc);
  Var j = Variable::make("pad_j", DataType::int32(), loc);
  Expr cond = Compare::make(CompareOp::kLT, add(offset, j), cint(width, loc), loc);
  Expr value = Select::make(cond, BufferLoad::make(src, {i, j}, loc),
                            FloatImm::make(identity(kind), src->dtype, loc), loc);
  Stmt body = BufferStore::make(src, {i, j}, value, loc);
  body = For::make(j, cint(0, loc), src->shape[1], ForKind::kParallel, body, 0, {}, loc);
  return For::make(i, cint(0, loc), src->shape[0], ForKind::kParallel, body, 0, {}, loc);
}

}  // namespace tltt::passes::stream
