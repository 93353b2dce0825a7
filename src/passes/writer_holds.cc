// Loops whose copies out of an on-chip block find it produced before the loop (see
// writer_holds.h): C4 marks them, D3 keeps the block at the CB's front through them.
#include "passes/writer_holds.h"

#include <optional>
#include <set>

#include "ir/mutator.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The CB a tile op fills (the table's output CB operand): a read, mask, local copy or gather
// into it, or a compute op's output (a K loop's partial sums included: the loop then produces
// the value itself). Later-stage calls (cb_reserve_back, ...) are not tile ops.
const BufferNode* produced(const Call* c) {
  std::optional<TtOp> op = c ? tt_op_of(c) : std::nullopt;
  if (!op || tt_op_info(*op).stage != TtStage::kProtocolLess) {
    return nullptr;
  }
  for (const TtOperandInfo& o : tt_op_info(*op).operands) {
    if (o.kind == TtOperandKind::kCbOut) {
      return ref_buffer(tt_operand(c, o)).get();
    }
  }
  return nullptr;
}

// Tiles a copy out covers (whole tiles, a padded block's rows counting as its tiles).
int64_t copied_tiles(const Region& dst) {
  size_t rank = dst.ranges.size();
  int64_t n = 1;
  for (size_t d = rank < 2 ? 0 : rank - 2; d < rank; ++d) {
    std::optional<int64_t> e = const_value(dst.ranges[d].extent);
    if (!e) {
      return -1;
    }
    n *= (*e + kTile - 1) / kTile;
  }
  return n;
}

const Call* call_of(const Node* n) {
  return n->kind == NodeKind::kEvaluate ? static_cast<const Evaluate*>(n)->value.as<Call>()
                                        : nullptr;
}

class Mark : public Mutator {
 public:
  using Mutator::visit;
  std::vector<const Call*>* held = nullptr;
  std::set<const BufferNode*> covered;  // CBs an enclosing marked loop already holds

  Stmt visit(const For* op) override {
    std::set<const BufferNode*> writes, made, bad;
    std::vector<const Call*> copies;
    post_order_visit(op->body, [&](const Node* n) {
      const Call* c = call_of(n);
      if (const BufferNode* p = produced(c)) {
        made.insert(p);
      }
      if (!is_tt_op(c, TtOp::kWriteTiles)) {
        return;
      }
      Buffer cb = tt::WriteTiles::cb(c);
      if (covered.count(cb.get())) {
        return;
      }
      writes.insert(cb.get());
      copies.push_back(c);
      if (copied_tiles(*tt::WriteTiles::dst(c)) != buffer_tiles(cb) ||
          !cb->attrs.has(keys::kCbIndex)) {
        bad.insert(cb.get());
      }
    });
    std::vector<int64_t> marks;
    std::set<const BufferNode*> mine;
    for (const Call* c : copies) {
      const BufferNode* b = tt::WriteTiles::cb(c).get();
      if (made.count(b) || bad.count(b)) {
        continue;
      }
      if (mine.insert(b).second) {
        marks.push_back(tt::WriteTiles::cb(c)->attrs.get_int(keys::kCbIndex, -1));
      }
      if (held) {
        held->push_back(c);
      }
    }
    if (marks.empty()) {
      return Mutator::visit(op);
    }
    covered.insert(mine.begin(), mine.end());
    Stmt body = mutate(op->body);
    for (const BufferNode* b : mine) {
      covered.erase(b);
    }
    return For::make(op->var, op->min, op->extent, op->for_kind, body, op->num_stages,
                     op->attrs.with(kWriterHolds, marks), op->loc);
  }
};

}  // namespace

Stmt mark_writer_holds(const Stmt& body, std::vector<const Call*>* held) {
  Mark m;
  m.held = held;
  return m.mutate(body);
}

std::vector<int64_t> writer_holds_of(const For* f) {
  const AttrValue* v = f->attrs.find(kWriterHolds);
  return v && v->is_int_list() ? v->as_int_list() : std::vector<int64_t>{};
}

}  // namespace tltt::passes
