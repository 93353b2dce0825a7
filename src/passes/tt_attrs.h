// Attribute keys of the Tenstorrent pipeline (tilelang.md §1.4), in one place so passes never
// spell them twice.
#pragma once

namespace tltt::passes::keys {

inline constexpr const char* kBufferPrefix = "tt.buffer.";  // + tensor name
inline constexpr const char* kCbDescriptors = "tt.cb_descriptors";
inline constexpr const char* kCbSummary = "tt.cb_summary";
inline constexpr const char* kAccessorPrefix = "tt.tensor_accessor.";  // + tensor name
inline constexpr const char* kAccessorSummary = "tt.accessor_summary";
inline constexpr const char* kPartitionMode = "tt.partition_mode";
inline constexpr const char* kCoreGrid = "tt.core_grid";
inline constexpr const char* kCoreRanges = "tt.core_ranges";
inline constexpr const char* kGridTiles = "tt.grid_tiles";
inline constexpr const char* kGridExtents = "tt.grid_extents";
inline constexpr const char* kNumCores = "tt.num_cores";
inline constexpr const char* kWorkPartition = "tt.work_partition";
inline constexpr const char* kRuntimeArgs = "tt.runtime_args";
inline constexpr const char* kShardGrid = "tt.shard_grid";
inline constexpr const char* kBlockStride = "tt.block_stride";  // local_shard block rectangles
inline constexpr const char* kTransformedToCore = "tt.transformed_to_core";
inline constexpr const char* kSharedToCbMap = "tt.shared_to_cb_map";
inline constexpr const char* kTileDfg = "tt.tile_dfg";
inline constexpr const char* kCbIndices = "tt.cb_indices";
inline constexpr const char* kKernelRole = "tt.kernel_role";
inline constexpr const char* kAccessorOrder = "tt.accessor_order";
inline constexpr const char* kCbProtocolInserted = "tt.cb_protocol_inserted";
inline constexpr const char* kComputeInitInserted = "tt.compute_init_inserted";
inline constexpr const char* kComputeInitInfo = "tt.compute_init_info";
inline constexpr const char* kComputeConfig = "tt.compute_config";
inline constexpr const char* kDstManagementInserted = "tt.dst_management_inserted";
inline constexpr const char* kDstPattern = "tt.dst_pattern";
inline constexpr const char* kRuntimeArgsFinalized = "tt.runtime_args_finalized";
inline constexpr const char* kRuntimeArgsInfo = "tt.runtime_args_info";
inline constexpr const char* kPersistentConfig = "tt.persistent_config";
inline constexpr const char* kDevice = "tt.device";
inline constexpr const char* kParamRoles = "tt.param_roles";
// The DST tiles B3 budgeted its tt.sfpu trees with; B4 fuses within it and removes it.
inline constexpr const char* kSfpuDstCapacity = "tt.sfpu_dst_capacity";

// Attributes of CB buffers (Buffer::attrs).
inline constexpr const char* kCbFormat = "format";
inline constexpr const char* kCbPageSize = "page_size";
inline constexpr const char* kCbNumPages = "num_pages";
inline constexpr const char* kCbRole = "role";
inline constexpr const char* kCbIndex = "cb_index";

}  // namespace tltt::passes::keys
