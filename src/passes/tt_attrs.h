// Attribute keys of the Tenstorrent pipeline's per-node hints, in one place so passes never
// spell them twice. What the pipeline decides about the device program lives in the module's
// device plan (ir/device_plan.h), not in attributes.
#pragma once
#include "ir/device_plan.h"

namespace tltt::passes::keys {

// The DST tiles B3 budgeted its tt.sfpu trees with; B4 fuses within it and removes it.
inline constexpr const char* kSfpuDstCapacity = "tt.sfpu_dst_capacity";

// Attributes of CB buffers (Buffer::attrs): the CB's geometry where C1/C2 create it and the
// index C3 gives it (the key of its entry in the plan's CB table).
inline constexpr const char* kCbFormat = "format";
inline constexpr const char* kCbPageSize = "page_size";
inline constexpr const char* kCbNumPages = "num_pages";
inline constexpr const char* kCbIndex = ir::kCbIndexAttr;

// Copies of a block C1 gives the CB of an on-chip buffer, and the output CB it makes for it,
// when an earlier pass chose them (A4 keeps a row block whole in L1 with one copy of the CBs no
// statement updates in place); without them C1 double-buffers.
inline constexpr const char* kCbDepth = "tt.cb_depth";
inline constexpr const char* kCbOutDepth = "tt.cb_out_depth";

// On a T.Kernel launch: B0 found a plain GEMM whose block grid is larger than the core grid and
// ranked the multicast tiling best; B1 then lays the cores out as the block grid, several
// blocks per core (WorkPartition::stride_col), so that D8 can multicast A and B.
inline constexpr const char* kMulticastTiling = "tt.multicast_tiling";

}  // namespace tltt::passes::keys
