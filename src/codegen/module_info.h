// What the host program and the plan need from the lowered module, gathered once: tensors,
// CBs (union over the kernels), core ranges, per-core work and runtime-arg names per kernel.
#pragma once
#include <string>
#include <vector>

#include "ir/ir.h"

namespace tltt::codegen {

struct TensorInfo {
  ir::Buffer buffer;
  std::string name;
  std::vector<int64_t> shape;
  std::string dtype;
  std::string host_type;   // element type of the .bin file / host vector
  bool is_input = false;   // read from DATA_DIR
  bool is_output = false;  // written to DATA_DIR
  std::string memory;      // DRAM | L1
  std::string layout;      // interleaved | sharded
  int64_t page_size = 0;
  int64_t rows = 0, cols = 0;  // 2-D view for (un)tilizing: leading dims folded into rows
  // L1-sharded tensors (memory L1, layout sharded): the host shard spec from B1.
  std::string shard_layout;  // HEIGHT_SHARDED | WIDTH_SHARDED | BLOCK_SHARDED, else empty
  std::vector<int64_t> shard_shape, tensor_pages;  // elements / pages, [rows, cols]
  std::vector<std::pair<std::vector<int64_t>, std::vector<int64_t>>> shard_cores;  // start, extent
  // A 1-D tensor stored as vector tiles ("col": [L, 32], value i at (i, 0); "row": [32, L],
  // value j at (0, j)); `shape` is then [L] and rows x cols the padded device matrix.
  std::string vector;
};

// A float kernel scalar: read from DATA_DIR/<name>.bin (one element), passed to the kernels
// that use it as a runtime argument holding its fp32 bits.
struct ScalarInfo {
  std::string name, dtype, host_type;
};

struct CbInfo {
  int64_t index = 0;
  std::string name, format, role;
  int64_t page_size = 0, num_pages = 0;
};

struct CoreWork {
  int64_t x = 0, y = 0, start_id = 0, count = 0;
};

struct KernelInfo {
  std::string role, file;
  std::vector<std::string> runtime_args;
  std::vector<std::string> accessors;  // tensors whose TensorAccessorArgs go to compile args
};

struct ModuleInfo {
  std::string kernel_name, device;
  std::vector<TensorInfo> tensors;
  std::vector<ScalarInfo> scalars;
  std::vector<CbInfo> cbs;
  std::vector<std::pair<std::vector<int64_t>, std::vector<int64_t>>> core_ranges;  // start, extent
  std::vector<int64_t> core_grid;
  std::vector<CoreWork> work;
  KernelInfo reader, compute, writer;
  std::string math_fidelity = "HiFi4";
  bool fp32_dest_acc_en = false;
  std::string partition_mode;
  // local_shard with block rectangles (tt.block_stride): a core's blocks are
  // start_id + l / width * row + l % width for l < count; 0 when contiguous.
  int64_t block_stride_width = 0, block_stride_row = 0;
};

ModuleInfo gather(const ir::Module& lowered);

}  // namespace tltt::codegen
