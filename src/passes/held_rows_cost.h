// C4a's model (held_rows_writer.cc): whether a second copy of a held row block, with its chunk
// copies on the writer RISC, can shorten a row block. Estimates from the device description's
// compute and DRAM terms, per row block on one core.
#pragma once
#include <cstdint>
#include <vector>

#include "ir/ir.h"
#include "passes/device_model.h"

namespace tltt::passes {

struct HeldRowsCost {
  double load_dram = 0;      // cycles of the loading loop's DRAM reads (the core's share)
  double load_compute = 0;   // compute cycles of the loading loop (its chunks are read meanwhile)
  double later_compute = 0;  // compute cycles of the loops that copy chunks from L1
  // Without C4a the reader fills the block during the loading loop and only feeds L1 copies
  // after it, so a block takes max(load_dram, load_compute) + later_compute. With a second copy
  // the next block's reads run during the later loops too: at best min(later_compute,
  // load_dram - load_compute) less; nothing when the loading loop's compute already hides its
  // reads (online softmax: the exponentials of the first loop).
  double block() const;
  double gain() const;
};

// The estimate for the loop `load` (the loop around a held block's load) and the loops
// `later` (the other loops that copy chunks from it), with `cores` cores reading DRAM at once.
HeldRowsCost estimate_held_rows(const ir::For* load, const std::vector<const ir::For*>& later,
                                int64_t cores, const DeviceModel& dev);

}  // namespace tltt::passes
