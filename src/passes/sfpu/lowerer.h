// The state and the parts of B3 (lower-to-sfpu, see lower_to_sfpu.h): one Mutator whose methods
// live in one file per job of this folder (nest splitting, expression mapping, masks, block
// access, spilling, vector stores, reductions, fills).
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ir/mutator.h"
#include "ir/tt_ops.h"
#include "passes/dst_mode.h"
#include "passes/pass.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes::sfpu {

bool on_chip(const ir::Buffer& b);

// How a nest reads or writes an on-chip block.
enum class Access { kNone, kWhole, kBcastCol, kBcastRow, kBcastScalar };

class Lowerer : public ir::Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  int64_t lowered = 0;
  std::set<const ir::BufferNode*> accumulators;  // T.gemm C buffers: their fills are C2's
  ir::Buffer scaler;                             // the reduce scaler tile, made on first use
  int64_t dst_capacity = 0;                      // DST tiles of one acquire (the device's rule)
  std::map<std::string, std::pair<ir::Buffer, ir::Attrs>>
      masks;  // triangle tiles, by relation/values
  std::set<const ir::Variable*> scalar_params;
  int64_t onchip_bytes = 0;    // bytes of the kernel's on-chip blocks before this lowering
  int64_t onchip_buffers = 0;  // and their number (each becomes a CB)

  ir::Stmt visit(const ir::For* op) override;          // nest_split.cc
  ir::Stmt visit(const ir::Reduce* op) override;       // reduce.cc
  ir::Stmt visit(const ir::SeqStmt* op) override;      // fill.cc
  ir::Stmt visit(const ir::Fill* op) override;         // fill.cc
  ir::Stmt visit(const ir::BufferStore* op) override;  // fill.cc: kernel-local float scalars

 private:
  std::vector<const ir::For*> nest_;
  std::string nest_vector_;  // a 1-D nest's vector orientation ("col" or "row"; lower_nest)
  std::vector<ir::Buffer> inputs_;
  std::set<const ir::Fill*> absorbed_;
  std::string scalar_store_;  // the float scalar whose assignment scalar_tree maps, if any
  // Integer vectors a nest reads as broadcasts, converted to float32 vectors first (typecast):
  // the converted block and the step that fills it (map_int.cc, lower_nest).
  struct Converted {
    const ir::BufferNode* source;
    ir::Buffer block;
    ir::Stmt step;
  };
  std::vector<Converted> converted_;

  // reduce.cc
  bool exact_float32_sum(const ir::Buffer& in, const ir::Buffer& dst, const Location& loc);
  static std::vector<ir::Buffer> split_float32(const ir::Buffer& in, std::vector<ir::Stmt>& stmts,
                                               std::vector<ir::Buffer>& temps, const Location& loc);

  // fill.cc
  static bool starts_accumulation(const ir::Stmt& next, const ir::Buffer& c);
  static bool touches(const ir::Stmt& s, const ir::Buffer& b);
  ir::Expr scalar_tree(const ir::Expr& e, const Location& at);
  ir::Stmt region_fill(const ir::Fill* op);

  // spill.cc
  ir::Stmt lower_nest(const ir::For* op);
  ir::Stmt fused_op(const ir::Expr& tree, const ir::Buffer& out, const Location& loc) const;
  ir::Expr spill_candidate(const ir::Expr& e) const;
  static ir::Expr replace_node(const ir::Expr& tree, const ir::Node* target, const ir::Expr& with);

  // vector_store.cc
  ir::Stmt vector_store(const ir::BufferStore* store);
  ir::Stmt computed_vector_store(const ir::BufferStore* store);

  // access.cc
  static bool tile_shaped(const ir::Buffer& b);
  void report_sub_tile(const ir::Buffer& b, const Location& loc);
  static bool touches_global(const ir::Expr& e);
  bool is_var(const ir::Expr& e, size_t d, int64_t extent) const;
  Access access(const ir::Buffer& b, const std::vector<ir::Expr>& idx) const;
  bool plain_binary(const ir::BufferStore* store) const;
  static bool runtime_scalar(const ir::Expr& e);
  bool kernel_value(const ir::Expr& e) const;
  ir::Expr fail(const Location& loc, const std::string& what);
  std::optional<ir::Expr> offset_of(const ir::Expr& e, const ir::Variable* v) const;

  // map_expr.cc
  ir::Expr leaf(const ir::BufferLoad* ld);
  ir::Expr map(const ir::Expr& e0);
  ir::Expr map_binary(const ir::Binary* b);
  ir::Expr map_call(const ir::Call* c);
  // map_int.cc: integer expressions (SFPU integer ops) and int <-> float T.Cast (typecast).
  ir::Expr map_int(const ir::Expr& e);
  ir::Expr typecast(const ir::Cast* c);
  ir::Expr converted_vector(const ir::Cast* c);
  ir::Expr position_value(const ir::Expr& e);
  ir::Expr int_select(const ir::Select* sel);

  // mask.cc
  ir::Expr map_select(const ir::Select* sel);  // mask.cc
  ir::Expr map_bound_select(const ir::Select* sel);
  ir::Expr select_with_mask(const ir::Select* sel,
                            const std::function<ir::Expr(double, double)>& mask);
  ir::Expr mask_tile(const std::string& relation, double t, double f, std::vector<ir::Expr> args,
                     ir::Attrs extra, const Location& loc);

  // runtime_mask.cc
  static ir::CompareOp mirror(ir::CompareOp op);
  bool nest_free(const ir::Expr& e) const;
  int position_axis(size_t d) const;
  std::optional<ir::Expr> map_position_equality(const ir::Select* sel);
  ir::Expr map_runtime_bound(const ir::Select* sel, const ir::Expr& x, const ir::Expr& n,
                             ir::CompareOp op);
  std::optional<ir::Expr> map_block_select(const ir::Select* sel);
  ir::Expr normalize_condition(const ir::Expr& e);
  ir::Expr map_flag_select(const ir::Select* sel);

  // select.cc
  static bool reads_on_chip(const ir::Expr& e);
  ir::Expr map_data_select(const ir::Select* sel);
  // The bound tile values are clamped to in a select on an infinity test (|x| <= 3e38, finite
  // in bfloat16 too).
  static constexpr double kFiniteBound = 3.0e38;
  ir::Expr weighted(const ir::Expr& value, const ir::Expr& m, const Location& loc,
                    bool finite = false);
  ir::Expr blend(const ir::Expr& x, const ir::Expr& y, const ir::Expr& m, const ir::Expr& m_not,
                 const Location& loc, bool finite = false);
};

}  // namespace tltt::passes::sfpu
