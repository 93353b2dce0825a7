// A1 helper: 8-bit floats and tfloat32 retyped to the Tensix format the device stores them in
// (see storage_formats.h; the numerics are in docs/formats.md).
#include "passes/storage_formats.h"

#include <fmt/format.h>

#include "ir/mutator.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

DataType storage_dtype(DataType t) {
  if (t.float8_spec()) {
    return DataType::bfloat16();
  }
  return t.code() == DataType::Code::kTFloat ? DataType::float32() : t;
}

namespace {

class Retyper : public BufferSubstituter {
 public:
  using BufferSubstituter::visit;
  Buffer mutate_buffer(const Buffer& b) override {
    DataType t = storage_dtype(b->dtype);
    if (t == b->dtype) {
      return b;
    }
    auto it = map.find(b.get());
    if (it == map.end()) {
      it = map.emplace(b.get(), Buffer::make(b->name, t, b->shape, b->scope, b->attrs, b->loc))
               .first;
    }
    return it->second;
  }
  // A conversion to an 8-bit float converts to bfloat16 on the device; the rounding to the
  // narrow format happens when the host program reads the tensor back.
  Expr visit(const Cast* op) override {
    Expr v = mutate(op->value);
    DataType t = storage_dtype(op->dtype);
    return v.same_as(op->value) && t == op->dtype ? Expr(op) : Cast::make(t, v, op->loc);
  }
  Expr visit(const FloatImm* op) override {
    DataType t = storage_dtype(op->dtype);
    return t == op->dtype ? Expr(op) : FloatImm::make(op->value, t, op->loc);
  }
};

}  // namespace

PrimFunc store_in_tensix_formats(const PrimFunc& f, PassContext& ctx,
                                 std::map<std::string, DataType>* stored) {
  Retyper r;
  PrimFunc g = mutate_with_params(r, f);
  for (const Param& p : f.params) {
    if (!p.is_buffer() || storage_dtype(p.buffer->dtype) == p.buffer->dtype) {
      continue;
    }
    const Buffer& b = p.buffer;
    DataType t = storage_dtype(b->dtype);
    (*stored)[b->name] = b->dtype;
    if (t == DataType::float32()) {
      ctx.remark(b->loc, "storage-format") << fmt::format(
          "tensor '{}' ({}) is stored and computed on the device as float32 (tfloat32 is a GPU "
          "tensor-core compute type over float32 storage)",
          b->name, b->dtype.str());
      continue;
    }
    ctx.remark(b->loc, "storage-format") << fmt::format(
        "tensor '{}' ({}) is stored on the device as {}, which holds every {} value exactly; "
        "the host program converts it at upload and download, rounding results to nearest even "
        "(saturating)",
        b->name, b->dtype.str(), t.str(), b->dtype.str());
  }
  return g;
}

}  // namespace tltt::passes
