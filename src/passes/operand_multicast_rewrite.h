// D8 operand-multicast's rewrite of the reader (see operand_multicast.h): the multicast CBs'
// reads run on the sender only, the receivers report room instead; the sender multicasts what
// it read (row by row as the reads complete, when a transfer reads whole CB rows one after the
// other) and the receivers wait for the data.
#pragma once
#include <cstdint>
#include <map>
#include <vector>

#include "ir/device_plan.h"
#include "ir/ir.h"

namespace tltt::passes::mcast {

class Rewrite {
 public:
  std::map<int64_t, const ir::McastOperand*> mcast;
  std::map<int64_t, int64_t> page;
  int64_t completed = 0, opened = 0;
  int64_t row_transfers = 0;  // transfers multicast row by row
  // Smaller rows stay in one multicast: each multicast costs its transaction and its
  // per-destination packet overhead (operand_multicast.cc sets it from the device).
  int64_t min_row_bytes = 0;
  // Transfers D4a slices (`tt.slice_rows`) are multicast row by row whatever their rows' size
  // when set: the receivers can only start on the first slice if it is signalled on its own.
  bool sliced_rows = false;

  ir::Stmt run(const ir::Stmt& s);

 private:
  struct Frame {
    const ir::McastOperand* op;
    const ir::Variable* ptr;
    int64_t tiles;
    bool done = false;
    bool rows = false;        // multicast row by row: the barrier only raises the flags
    ir::Expr cb;              // the CB operand of the transfer's reserve
    int64_t slice_pages = 0;  // > 0: the sender signals and pushes slice by slice (D4a)
    int64_t slices = 0;
  };
  std::vector<Frame> frames_;

  ir::Stmt sequence(const std::vector<ir::Stmt>& stmts, Location loc);
  ir::Stmt by_rows(Frame& f, const ir::Stmt& reads);
  ir::Expr arg(const Frame& f, ir::RuntimeArgKind k);
  ir::Stmt ready(const Frame& f, Location loc);
  ir::Stmt complete(const Frame& f, Location loc);
};

}  // namespace tltt::passes::mcast
