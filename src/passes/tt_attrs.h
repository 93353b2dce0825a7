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

}  // namespace tltt::passes::keys
