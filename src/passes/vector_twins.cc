// Transposed twins of vectors read against their orientation (see vector_layout.h): the loads
// of one T.Parallel nest read the twin, made by a copy at the top of the nest.
#include <fmt/format.h>

#include "ir/mutator.h"
#include "passes/vector_layout.h"

namespace tltt::passes {

using namespace ir;

bool transposed_vectors(const Buffer& a, const Buffer& b) {
  std::string ka = vector_kind(a), kb = vector_kind(b);
  return !ka.empty() && !kb.empty() && ka != kb;
}

namespace {

class TwinLoads : public Mutator {
 public:
  using Mutator::visit;
  const std::vector<VectorTwin>* twins = nullptr;
  Expr visit(const BufferLoad* op) override {
    for (const VectorTwin& t : *twins) {
      if (t.loads.count(op)) {
        return BufferLoad::make(t.twin, op->indices, op->loc);
      }
    }
    return Mutator::visit(op);
  }
  Stmt visit(const For* op) override {
    Stmt s = Mutator::visit(op);
    for (const VectorTwin& t : *twins) {
      if (t.nest == op) {
        Location loc = op->loc;
        Stmt copy = Copy::make(Region::full(t.vector, loc), Region::full(t.twin, loc), {}, loc);
        s = Allocate::make(t.twin, SeqStmt::make({copy, s}, loc), loc);
      }
    }
    return s;
  }
};

}  // namespace

Stmt add_vector_twins(const Stmt& body, std::vector<VectorTwin>& twins, PassContext& ctx) {
  if (twins.empty()) {
    return body;
  }
  for (VectorTwin& t : twins) {
    const Buffer& v = t.vector;
    t.twin = Buffer::make(v->name + "_t", v->dtype, v->shape, v->scope, v->attrs, v->loc);
    ctx.remark(t.nest->loc, "vector-twin") << fmt::format(
        "vector '{}' is read in this nest as a per-{} value, against its orientation: the nest "
        "reads '{}', a transposed copy of it made before the nest",
        v->name, t.kind == "col" ? "row" : "column", t.twin->name);
  }
  TwinLoads tw;
  tw.twins = &twins;
  return tw.mutate(body);
}

}  // namespace tltt::passes
