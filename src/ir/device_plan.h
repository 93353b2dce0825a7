// The device plan: everything the pipeline decides about the device program (tensors and their
// layout, the work partition per core, CBs, compute configuration, kernels and their typed
// runtime arguments), owned by the module. Passes write its fields; codegen and the runner read
// it; tt.plan.json is its serialization (to_json / from_json, docs/plan-schema.md).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/dtype.h"

namespace tltt::ir {

// The attribute of a CB Buffer that holds its index: the key of its entry in DevicePlan::cbs.
inline constexpr const char* kCbIndexAttr = "cb_index";

enum class KernelRole : uint8_t { kReader, kCompute, kWriter };
enum class MemoryKind : uint8_t { kDram, kL1 };
enum class TensorLayoutKind : uint8_t { kInterleaved, kSharded };
// How the kernel touches a tensor (A3, from dataflow).
enum class TensorAccess : uint8_t { kUnused, kInput, kOutput, kReadWrite };
// 1-D tensors stored as vector tiles: "col" [L, 32] (value i at (i, 0)), "row" [32, L].
enum class VectorKind : uint8_t { kNone, kCol, kRow };
enum class PartitionMode : uint8_t { kGlobal, kLocalShard };
enum class CbRole : uint8_t { kInput, kOutput, kIntermediate };
// What a runtime argument holds; the host program derives its value from the kind alone.
enum class RuntimeArgKind : uint8_t {
  kTensorAddress,  // base address of tensor `name`
  kBlockStart,     // first block id of the core
  kBlockCount,     // number of blocks of the core
  kScalarBits,     // fp32 bit pattern of kernel scalar `name`
  // The multicast of operand `name` (DevicePlan::multicast), per core: 1 on the core that reads
  // it and multicasts it; the receivers' NoC rectangle (physical, inclusive) and count; the
  // sender's NoC coordinates; the ids of the sender's and the receivers' semaphores.
  kMcastSender,
  kMcastStartX,
  kMcastStartY,
  kMcastEndX,
  kMcastEndY,
  kMcastReceivers,
  kMcastSenderX,
  kMcastSenderY,
  kMcastSenderSemaphore,
  kMcastReceiverSemaphore,
  // The semaphore that orders the reads of tensor `name` after the core's previous write of it
  // (TensorPlan::ordered_update); the host creates it with the value 1.
  kUpdateSemaphore,
};
// The order in which the blocks of a T.Kernel grid's first two dimensions are traversed (B1 deals
// contiguous ranges of the traversal to the cores; B2 decodes a position into block coordinates)
// and, for sharded tensors, the order of the cores their shards are placed on (docs/layouts.md
// "Block order"): row-major (bx fastest), column-major (by fastest), block-linear (the grid cut
// into side x side tiles, traversed row-major, Z-order inside a tile).
enum class BlockOrder : uint8_t { kRowMajor, kColMajor, kBlockLinear };
// How a tensor's tiles are stored in its device buffer (A1, from the layout annotation's
// `format` key, docs/layouts.md): in its dtype's own format, or as Tenstorrent block floats —
// Bfp8_b (per 16 values one shared 8-bit exponent, 7-bit mantissas with sign: 1088 B a tile) or
// Bfp4_b (3-bit mantissas: 576 B). The unpacker converts them to the compute format, the packer
// writes them; the host program packs and unpacks float32 tiles.
enum class TileFormat : uint8_t { kPlain, kBfp8b, kBfp4b };
// Which cores share a multicast operand: those of one row (same y) or of one column (same x).
enum class McastAxis : uint8_t { kRow, kColumn };
// How the devices of a Reshard's destination storage get their chunks of the tensor from its
// source storage (ir/mesh_chunks.h decides it; docs/multi-device.md, "Several launches on a
// mesh"). kCopy: they hold it alike (always so on one device), every device copies page p of its
// chunk to page p. kAllGather: an all-gather over the fabric gives every device all chunks of the
// source (none is needed when the source holds it whole on every device), then each copies its
// chunk of the destination out of the whole tensor. kAllReduce: the source holds partial sums
// (TensorPlan::mesh_partial), all-reduced over the fabric right after the program writing them;
// each device copies its chunk of the destination out of the sum.
enum class MeshCollective : uint8_t { kCopy, kAllGather, kAllReduce };

const char* to_string(KernelRole r);
const char* to_string(MemoryKind m);
const char* to_string(TensorLayoutKind l);
const char* to_string(TensorAccess a);
const char* to_string(VectorKind v);
const char* to_string(PartitionMode m);
const char* to_string(CbRole r);
const char* to_string(RuntimeArgKind k);
const char* to_string(McastAxis a);
const char* to_string(MeshCollective c);
const char* to_string(BlockOrder o);
const char* to_string(TileFormat f);  // "plain", "bfp8_b", "bfp4_b"
// "bfp8_b" / "bfp4_b" / "plain"; nullopt for anything else.
std::optional<TileFormat> tile_format_from(const std::string& name);
// The facts of a tile format, one row each (device_plan.cc): its name in the plan and the layout
// key, the SDK's DataFormat, the stem of the SDK's host packing (pack_fp32_vec_as_<stem>_tiles),
// a datum's magnitude bits and a tile's bytes (64 shared exponents, then 1024 datums of 8 or 4
// bits). kPlain's row is empty: the dtype's own format decides.
struct TileFormatInfo {
  TileFormat format;
  const char* name;
  const char* data_format;
  const char* host_stem;
  int mantissa_bits;
  int64_t tile_bytes;
};
const TileFormatInfo& tile_format_info(TileFormat f);
// "row_major", "col_major", "block_linear"; nullopt for anything else.
std::optional<BlockOrder> block_order_from(const std::string& name);

struct CoreCoord {
  int64_t x = 0, y = 0;
  bool operator==(const CoreCoord&) const = default;
};

struct CoreRange {
  CoreCoord start, extent;
  bool operator==(const CoreRange&) const = default;
};

// The normalised N-D shard annotation of an L1/DRAM-sharded tensor (A1, docs/layouts.md).
struct NdShard {
  std::vector<int64_t> axes, grid, shard_shape_elems, projected_grid, projected_shard_tiles;
  bool align_tiles = true;
  // Per sharded axis, the rows (columns) of the adjacent shards each core's blocks also read
  // (the declared halo); empty when none was declared.
  std::vector<int64_t> halo;
  bool operator==(const NdShard&) const = default;
};

// The host ShardSpecBuffer of an L1-sharded tensor (B1).
struct HostShardSpec {
  std::string memory_layout;                       // HEIGHT_SHARDED | WIDTH_SHARDED | BLOCK_SHARDED
  std::vector<int64_t> shard_shape, tensor_pages;  // elements / pages, [rows, cols]
  std::vector<CoreRange> cores;
  // ShardOrientation::COL_MAJOR: shard k on the k-th core of `cores` taken column by column
  // (B1's column-major order); else ROW_MAJOR.
  bool col_major = false;
  bool operator==(const HostShardSpec&) const = default;
};

// An input exchanged over the fabric on a mesh split by block offsets (docs/multi-device.md,
// "Halo exchange"), in pages of the tilized tensor (tile rows times the tiles of a row): device d
// (row-major) owns pages [own[d], own[d + 1]) (the host writes them to it alone), its blocks read
// [need_first[d], need_end[d]), the pages it needs and does not own come from its neighbours over
// the fabric before compute, and its buffer holds the `window` pages from window_first[d] (a
// multiple of the DRAM banks: the kernel's page ids of the whole tensor land in the window
// through a base address shifted by window_first[d] / banks pages per bank). `format`: the
// tt::DataFormat of its tiles, which the exchange moves.
struct MeshHalo {
  std::vector<int64_t> own, need_first, need_end, window_first;
  int64_t window = 0, banks = 1;
  std::string format;
  bool operator==(const MeshHalo&) const = default;
};

struct TensorPlan {
  std::string name;
  DataType dtype = DataType::bfloat16();
  std::vector<int64_t> shape;  // logical shape (the .bin file)
  // Shape on the device ([..., L, 32] / [..., 32, L] for vectors: one matrix per outer index).
  std::vector<int64_t> device_shape;
  VectorKind vector = VectorKind::kNone;
  // The logical dimensions in device order when the tiled ones are not the last two (A1); empty
  // when the device order is the logical one.
  std::vector<int64_t> dim_order;
  MemoryKind memory = MemoryKind::kDram;
  TensorLayoutKind layout = TensorLayoutKind::kInterleaved;
  std::vector<int64_t> tile_shape = {32, 32};
  std::optional<NdShard> nd_shard;
  std::optional<HostShardSpec> shard_spec;
  // The block order the tensor's annotation asks for (`order`, A1); unset: B1 chooses.
  std::optional<BlockOrder> order;
  TensorAccess access = TensorAccess::kUnused;
  int64_t page_size = 0;  // bytes of one tile (one page)
  // On a mesh (DevicePlan::mesh): per logical dimension, the T.Kernel dimension whose part of the
  // block grid selects each device's chunk of it, or -1 when every device holds the whole
  // dimension; empty when the tensor is replicated. `shape` and the rest describe one device's
  // chunk.
  // kMeshDevices in mesh_dims: the dimension is cut into devices() chunks, device d (row-major)
  // holding chunk d (a tensor-parallel split of a reduction, docs/multi-device.md).
  std::vector<int64_t> mesh_dims;
  // On a mesh split by block offsets (MeshPlan::block_offsets), set on every tensor the kernel
  // writes: per logical dimension, the T.Kernel dimension whose block index addresses it as
  // `b * size + r` (0 <= r < size) or -1, and that size. An element belongs to the block whose
  // coordinates are its indices divided by the sizes; the host program takes it from the device
  // that ran that block.
  std::vector<int64_t> mesh_block_dims, mesh_block_sizes;
  // Set on an input whose blocks read their neighbours' rows, on a 1-D mesh split by block
  // offsets: each device holds its own rows and the halo exchanged over the fabric (MeshHalo).
  std::optional<MeshHalo> mesh_halo;
  // Set on an output of a tensor-parallel reduction: each device computes partial sums over its
  // part of the reduction in this dtype (float32), the host program all-reduces them over the
  // mesh and converts the sum to `dtype`. `page_size` is the partial dtype's.
  std::optional<DataType> mesh_partial;
  // Set when the device stores the tensor in another dtype than `dtype` (the .bin file's): an
  // 8-bit float in bfloat16, tfloat32 in float32 (A1, docs/formats.md). The host program
  // converts at upload and download; `page_size` is the device dtype's.
  std::optional<DataType> device_dtype;
  // The block-float format of the device buffer (kPlain: the device dtype's); `page_size` is the
  // block-float tile's (1088 / 576 B) when set.
  TileFormat tile_format = TileFormat::kPlain;
  // Set when a core reads regions of the tensor again after writing them (A1's ordered
  // read-modify-writes of T.atomic_add inside loops): each read of it waits until the core's
  // previous write of it has landed, a token in semaphore `<name>_update_sem` (D3).
  bool ordered_update = false;
  bool operator==(const TensorPlan&) const = default;
  // A tensor the kernel writes is an output: the host reads it back.
  bool is_output() const {
    return access == TensorAccess::kOutput || access == TensorAccess::kReadWrite;
  }
  // Every other tensor, and one that is also read, is filled from the host.
  bool is_input() const { return !is_output() || access == TensorAccess::kReadWrite; }
};

// A kernel scalar: a runtime argument holding its 32-bit pattern (fp32 bits, or the integer).
struct ScalarPlan {
  std::string name;
  DataType dtype = DataType::float32();
  // The value the program was compiled for (an integer scalar a grid extent depends on, given
  // with --set): the host program refuses any other.
  std::optional<int64_t> value;
  bool operator==(const ScalarPlan&) const = default;
};

struct CoreWork {
  CoreCoord core;
  int64_t start_id = 0, count = 0;  // blocks [start_id, start_id + count)
  bool operator==(const CoreWork&) const = default;
};

struct WorkPartition {
  PartitionMode mode = PartitionMode::kGlobal;
  CoreCoord grid;                   // bounding box of the cores used
  std::vector<CoreRange> ranges;    // the cores used
  std::vector<int64_t> block_grid;  // T.Kernel extents
  std::vector<CoreWork> work;       // per core, in core order
  // Block rectangles: a core's l-th block is
  // start_id + l / stride_width * stride_row + l % stride_width * max(stride_col, 1); 0 when
  // contiguous. local_shard: the blocks of a core's shard (stride_col 0). Global with
  // stride_col > 0: the cores form a stride_col-wide rectangle laid out as the block grid, each
  // running the blocks at its position in every tile of that rectangle (GEMM operand multicast
  // with several blocks per core: the cores of a row share the block row at every step).
  int64_t stride_width = 0, stride_row = 0, stride_col = 0;
  // The traversal the contiguous ranges are taken from (global partitions without a block
  // stride; row-major otherwise): the core's l-th block is position start_id + l of it.
  BlockOrder order = BlockOrder::kRowMajor;
  int64_t order_side = 0;  // block-linear: the side of the Z-ordered tiles
  bool operator==(const WorkPartition&) const = default;
};

// The mesh the program runs on (`--mesh RxC`) and how the T.Kernel block grid is split over its
// devices: block_split[k] equal parts of dimension k (the product is rows * cols). Device d
// (row-major over the mesh) computes part (d's mixed-radix digits, the outermost T.Kernel
// dimension most significant) of every dimension: a contiguous range of block ids.
inline constexpr int64_t kMeshDevices = -2;  // TensorPlan::mesh_dims: split over every device

struct MeshPlan {
  int64_t rows = 1, cols = 1;
  std::vector<int64_t> block_split;
  // The split by block offsets (uneven grids, blocks that read their neighbours' rows): every
  // device holds the whole tensors and runs block ids [block_offsets[d], block_offsets[d] +
  // block_counts[d]) of the whole grid (block_split all 1), its cores' start ids and counts
  // shifted and clipped by the host program (per-device runtime arguments). Empty otherwise.
  std::vector<int64_t> block_offsets, block_counts;
  bool by_offsets() const { return !block_offsets.empty(); }
  int64_t devices() const { return rows * cols; }
  // Device d's part of each T.Kernel dimension.
  std::vector<int64_t> block_part(int64_t d) const;
  bool operator==(const MeshPlan&) const = default;
};

struct CbPlan {
  int64_t index = 0;
  std::string name, format;  // format: tt::DataFormat name
  int64_t page_size = 0, num_pages = 0;
  CbRole role = CbRole::kIntermediate;
  std::vector<KernelRole> producers, consumers;
  bool operator==(const CbPlan&) const = default;
};

struct ComputeConfig {
  std::string math_fidelity = "HiFi4";  // LoFi | HiFi2 | HiFi3 | HiFi4
  bool fp32_dest_acc_en = false;
  bool math_approx_mode = false;
  int64_t dst_capacity = 8;  // tiles of DST per acquire
  bool operator==(const ComputeConfig&) const = default;
};

struct RuntimeArg {
  RuntimeArgKind kind = RuntimeArgKind::kBlockStart;
  std::string name;  // the tensor or scalar of kTensorAddress / kScalarBits
  bool operator==(const RuntimeArg&) const = default;
};

struct KernelPlan {
  KernelRole role = KernelRole::kReader;
  std::string function;                  // the PrimFunc of this kernel
  std::vector<RuntimeArg> runtime_args;  // in get_arg_val index order (E1)
  std::vector<std::string> accessors;    // tensors bound to TensorAccessors, in slot order (D2)
  // The NoC of a data-movement kernel's transactions (D7); unset: its processor's default
  // (reader on RISCV_1 -> NoC 1, writer on RISCV_0 -> NoC 0).
  std::optional<int64_t> noc;
  bool operator==(const KernelPlan&) const = default;
};

// An operand read from DRAM once per row (column) of the partition's core rectangle by the core
// in column (row) 0, which multicasts each block into the same CB of the other cores of its row
// (column) after they report room for it (D8 operand-multicast).
struct McastOperand {
  std::string tensor;
  int64_t cb = 0;  // the CB the reads fill
  McastAxis axis = McastAxis::kRow;
  bool operator==(const McastOperand&) const = default;
};

// A T.dynamic size the one compiled program takes at run time (`NAME=VALUE` on the host
// program's command line, docs/plan-schema.md `dynamic`): the T.Kernel dimensions whose extent is
// ceildiv(size, block) and the tensor dimensions equal to the size, whose device extent is
// round_up(ceildiv(size, block) * block, 32) (the reach of the partial last block, padded).
struct DynamicExtent {
  int64_t dim = 0, block = 1;
  bool operator==(const DynamicExtent&) const = default;
};
struct DynamicTensorDim {
  std::string tensor;
  int64_t dim = 0, block = 1;
  bool operator==(const DynamicTensorDim&) const = default;
};
// A sharded tensor whose sharded axis `dim` is the size (a 2-D tensor, `grid` shards along the
// axis: the shard grid and its cores stay fixed): the host program computes the shard extent
// size / grid and the tensor's pages along the axis from the size, and refuses a size that is not
// a multiple of `multiple` (grid shards of whole tiles and whole blocks). Each core of the
// local_shard partition then runs blocks / cores consecutive blocks, in shard order.
struct DynamicShard {
  std::string tensor;
  int64_t dim = 0, grid = 1, multiple = 32;
  bool operator==(const DynamicShard&) const = default;
};
struct DynamicSize {
  std::string name;
  std::vector<DynamicExtent> grid;
  std::vector<DynamicTensorDim> tensors;
  std::vector<DynamicShard> shards;
  bool operator==(const DynamicSize&) const = default;
};

// A function of several T.Kernel launches whose device programs store one tensor in different
// ways (memory, interleaved or sharded, shard spec; the same tiles): the host program allocates
// one buffer per storage and, before device program `before`, copies every page of the tensor
// from storage `from` into storage `to` with a data-movement program (reshard_reader.cpp /
// reshard_writer.cpp). A storage is named by the first device program that stores the tensor
// that way; the tensor's entry in `tensors` is the storage of the first program using it, where
// the host program uploads it and from where it reads it back (`before` equal to the number of
// programs: the copy back after the last one). `collective` is how a mesh's devices get their
// chunks (kCopy on one device).
struct Reshard {
  std::string tensor;
  int64_t before = 0, from = 0, to = 0;
  MeshCollective collective = MeshCollective::kCopy;
  bool operator==(const Reshard&) const = default;
};

struct DevicePlan {
  std::string kernel;  // the TileLang kernel
  std::string device;  // device model name
  CoreCoord device_grid;
  std::optional<MeshPlan> mesh;     // set for `--mesh`: one program on every device of the mesh
  std::vector<TensorPlan> tensors;  // tensor parameters in declaration order
  std::vector<ScalarPlan> scalars;  // scalar parameters in declaration order
  std::optional<WorkPartition> partition;
  std::vector<CbPlan> cbs;  // by index
  std::optional<ComputeConfig> compute;
  std::vector<KernelPlan> kernels;  // reader, compute, writer once D1 ran
  std::vector<McastOperand> multicast;
  // Set by the driver (not a pass) when one program serves every value of the kernel's T.dynamic
  // sizes: the host program computes the shapes, block grid and work partition at run time.
  std::vector<DynamicSize> dynamic;
  // Set by the driver for a function of several launches (driver/launches.h): the copies between
  // the storages of a tensor the device programs store differently, in program order.
  std::vector<Reshard> reshards;

  bool operator==(const DevicePlan&) const = default;
  bool empty() const { return *this == DevicePlan{}; }
  TensorPlan* find_tensor(const std::string& name);
  const TensorPlan* find_tensor(const std::string& name) const;
  KernelPlan* find_kernel(KernelRole role);
  const KernelPlan* find_kernel(KernelRole role) const;
  // The kernel implemented by function `function`, else nullptr.
  const KernelPlan* kernel_of(const std::string& function) const;
  const CbPlan* find_cb(int64_t index) const;
  const McastOperand* find_multicast(const std::string& tensor) const;
  // `NAME=VALUE` of each T.dynamic size (`dynamic`) at the size this plan describes, read from
  // the tensor dimensions equal to it: the host program's size arguments.
  std::vector<std::string> size_args() const;
  // The whole tensor's shape: `t.shape` times the mesh parts of its split dimensions.
  std::vector<int64_t> global_shape(const TensorPlan& t) const;
  // Device d's chunk of each logical dimension of `t` (0 for whole dimensions).
  std::vector<int64_t> chunk_of(const TensorPlan& t, int64_t d) const;

  // The compact text form printed at the top of IR dumps.
  std::string str() const;
};

// Whether two device programs store a tensor the same way (one buffer serves both), and whether
// they store the same tiles (a Reshard copies pages between the two): only the memory, the
// interleaved or sharded layout and the shard spec differ.
bool same_storage(const TensorPlan& a, const TensorPlan& b);
bool same_tiles(const TensorPlan& a, const TensorPlan& b);

// tt.plan.json (schema_version 2).
std::string to_json(const DevicePlan& plan);
// nullopt with a message in *error when `text` is not a valid plan.
std::optional<DevicePlan> from_json(const std::string& text, std::string* error);

}  // namespace tltt::ir
