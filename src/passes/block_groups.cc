// Helpers of B0a and B0d (block_groups.h).
#include "passes/block_groups.h"

#include <vector>

#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

std::optional<std::pair<int, int64_t>> strided_axis(const Region& r, const Variable* v) {
  std::optional<std::pair<int, int64_t>> out;
  for (size_t d = 0; d < r.ranges.size(); ++d) {
    if (uses_var(r.ranges[d].extent, v)) {
      return std::pair<int, int64_t>{-1, 0};
    }
    if (!uses_var(r.ranges[d].min, v)) {
      continue;
    }
    auto a = affine_in(r.ranges[d].min, v);
    auto ext = const_value(r.ranges[d].extent);
    if (out || !a || !ext || a->coef != *ext || const_value(a->rest).value_or(1) != 0) {
      return std::pair<int, int64_t>{-1, 0};
    }
    out = std::pair<int, int64_t>{static_cast<int>(d), *ext};
  }
  return out;
}

int onchip_axis(const Region& r, int d) {
  int n = 0;
  for (int i = 0; i < d; ++i) {
    n += const_value(r.ranges[i].extent).value_or(2) != 1;
  }
  return n;
}

void for_each_subexpr(const Expr& e, const std::function<void(const Expr&)>& fn) {
  fn(e);
  if (const auto* x = e.as<Binary>()) {
    for_each_subexpr(x->a, fn), for_each_subexpr(x->b, fn);
  } else if (const auto* x = e.as<Compare>()) {
    for_each_subexpr(x->a, fn), for_each_subexpr(x->b, fn);
  } else if (const auto* x = e.as<Logical>()) {
    for_each_subexpr(x->a, fn), for_each_subexpr(x->b, fn);
  } else if (const auto* x = e.as<Select>()) {
    for_each_subexpr(x->cond, fn), for_each_subexpr(x->true_value, fn),
        for_each_subexpr(x->false_value, fn);
  } else if (const auto* x = e.as<Cast>()) {
    for_each_subexpr(x->value, fn);
  } else if (const auto* x = e.as<Unary>()) {
    for_each_subexpr(x->a, fn);
  } else if (const auto* x = e.as<Call>()) {
    for (const Expr& arg : x->args) {
      for_each_subexpr(arg, fn);
    }
  } else if (const auto* x = e.as<BufferLoad>()) {
    for (const Expr& i : x->indices) {
      for_each_subexpr(i, fn);
    }
  }
}

int64_t grouped_block_bytes(const Stmt& body, const std::function<bool(const BufferNode*)>& grown,
                            int64_t g) {
  int64_t total = 0;
  post_order_visit(body, [&](const Node* n) {
    if (n->kind != NodeKind::kAllocate) {
      return;
    }
    // Whole 32x32 tiles: the last two dimensions round up to 32, and a vector of n values takes
    // n / 32 tiles (a tile per 32 values: 32 times its bytes).
    const Buffer& b = static_cast<const Allocate*>(n)->buffer;
    std::vector<int64_t> dims;
    for (const Expr& e : b->shape) {
      dims.push_back(const_value(e).value_or(0));
    }
    if (dims.size() == 1) {
      dims.push_back(32);
    }
    int64_t bytes = b->dtype.bytes();
    for (size_t i = 0; i < dims.size(); ++i) {
      bytes *= i + 2 >= dims.size() ? (dims[i] + 31) / 32 * 32 : dims[i];
    }
    total += grown(b.get()) ? bytes * g : bytes;
  });
  return total;
}

}  // namespace tltt::passes
