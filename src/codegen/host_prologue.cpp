// The fixed first part of every generated host program (includes and file/buffer helpers),
// embedded into tltt at build time. host_emitter.cc copies the text after the begin marker and
// keeps a `// @section NAME` ... `// @end` block only when the program needs it (vectors: vector
// tensors; sharded: L1-sharded tensors; mesh: tensors split over a device mesh; partial: outputs
// of a reduction split over a mesh; float8: tensors of 8-bit floats, stored as bfloat16; reshard:
// copies between the storages of a tensor several device programs store differently; bfp:
// tensors stored as Bfp8_b / Bfp4_b block-float tiles, whose float32 values the SDK's helpers
// pack and unpack; partial also for bfp, whose bfloat16 tensors round back). main() is
// continued by the emitter, from the creation of the mesh on. It is plain C++ so it can be read and
// edited as such; clang-format leaves it alone because the text must stay what the generated
// programs contain.
// clang-format off
// @begin
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>
// @section bfp
#include <tt-metalium/bfloat4.hpp>
#include <tt-metalium/bfloat8.hpp>
// @end

using namespace tt::tt_metal;

namespace {

// Tensors in the caller's memory instead of DATA_DIR files. A process that runs this program
// in-process (the Python module: docs/python.md) binds every parameter's row-major elements with
// tltt_host_bind before calling the entry, so read_tensor and write_tensor copy straight from
// and to its arrays; a `tltt run` executable binds nothing and uses the files.
struct BoundTensor {
  std::string name;
  void* data;
  uint64_t count;
  uint32_t element_bytes;
};

std::vector<BoundTensor>& bound_tensors() {
  static std::vector<BoundTensor> tensors;
  return tensors;
}

// The bound memory of tensor `name` holding `count` elements of `bytes` bytes each, or null
// (with a message) when it was bound differently or not at all.
void* bound_data(const char* name, size_t count, size_t bytes) {
  for (const BoundTensor& t : bound_tensors()) {
    if (t.name == name && t.count == count && t.element_bytes == bytes) {
      return t.data;
    }
  }
  std::fprintf(stderr, "error: no tensor '%s' of %zu %zu-byte elements was bound\n", name, count,
               bytes);
  return nullptr;
}

template <typename T>
bool read_tensor(const std::string& data_dir, const char* name, size_t count,
                 std::vector<T>& out) {
  if (!bound_tensors().empty()) {
    const T* data = static_cast<const T*>(bound_data(name, count, sizeof(T)));
    if (data) {
      out.assign(data, data + count);
    }
    return data != nullptr;
  }
  const std::string path = data_dir + "/" + name + ".bin";
  std::ifstream in(path, std::ios::binary);
  out.assign(count, T{});
  if (!in.read(reinterpret_cast<char*>(out.data()), count * sizeof(T))) {
    std::fprintf(stderr, "error: cannot read %zu elements from %s\n", count, path.c_str());
    return false;
  }
  return true;
}

template <typename T>
bool write_tensor(const std::string& data_dir, const char* name, const std::vector<T>& data) {
  if (!bound_tensors().empty()) {
    void* dst = bound_data(name, data.size(), sizeof(T));
    if (dst) {
      std::memcpy(dst, data.data(), data.size() * sizeof(T));
    }
    return dst != nullptr;
  }
  const std::string path = data_dir + "/" + name + ".bin";
  std::ofstream out(path, std::ios::binary);
  if (!out.write(reinterpret_cast<const char*>(data.data()), data.size() * sizeof(T))) {
    std::fprintf(stderr, "error: cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

// @section vectors
// Vector tensors live on the device as vector tiles, one matrix per run of `n` elements (a 1-D
// tensor is one run; a statistics tensor [b, h, n] has b * h): value i of a per-row vector at
// (i, 0) of an [n, 32] matrix, of a per-column vector at (0, i) of a [32, n] matrix.
template <typename T>
std::vector<T> spread_vector(const std::vector<T>& v, bool per_row, size_t n) {
  std::vector<T> m(v.size() * 32, T{});
  for (size_t i = 0; i < v.size(); ++i) {
    m[per_row ? i * 32 : i / n * 32 * n + i % n] = v[i];
  }
  return m;
}

template <typename T>
std::vector<T> gather_vector(const std::vector<T>& m, size_t count, bool per_row, size_t n) {
  std::vector<T> v(count);
  for (size_t i = 0; i < count; ++i) {
    v[i] = m[per_row ? i * 32 : i / n * 32 * n + i % n];
  }
  return v;
}

// @section permuted
// A tensor whose tiled dimensions are not its last two lives on the device with its dimensions
// in `order` (outer dimensions first, the two tiled ones last), so that each outer index holds a
// whole matrix of tiles. `to_device` moves row-major logical data into that order; false moves
// device-order data back.
template <typename T>
std::vector<T> permute_dims(const std::vector<T>& v, const std::vector<size_t>& shape,
                            const std::vector<size_t>& order, bool to_device) {
  const size_t rank = shape.size();
  std::vector<size_t> stride(rank, 1);
  for (size_t d = rank - 1; d > 0; --d) {
    stride[d - 1] = stride[d] * shape[d];
  }
  std::vector<T> out(v.size());
  std::vector<size_t> idx(rank, 0);  // position in device order
  for (size_t n = 0; n < v.size(); ++n) {
    size_t logical = 0;
    for (size_t i = 0; i < rank; ++i) {
      logical += idx[i] * stride[order[i]];
    }
    if (to_device) {
      out[n] = v[logical];
    } else {
      out[logical] = v[n];
    }
    for (size_t i = rank; i-- > 0;) {
      if (++idx[i] < shape[order[i]]) {
        break;
      }
      idx[i] = 0;
    }
  }
  return out;
}

// @end
// @section padding
// Tensors whose last two dimensions are not whole tiles (or that partial blocks reach past) are
// padded with zeros on the device: each of `batch` matrices of `rows x cols` elements becomes
// `prows x pcols`; outputs drop the padding again.
template <typename T>
std::vector<T> pad_matrices(const std::vector<T>& v, size_t batch, size_t rows, size_t cols,
                            size_t prows, size_t pcols) {
  std::vector<T> m(batch * prows * pcols, T{});
  for (size_t b = 0; b < batch; ++b) {
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < cols; ++c) {
        m[(b * prows + r) * pcols + c] = v[(b * rows + r) * cols + c];
      }
    }
  }
  return m;
}

template <typename T>
std::vector<T> unpad_matrices(const std::vector<T>& m, size_t batch, size_t rows, size_t cols,
                              size_t prows, size_t pcols) {
  std::vector<T> v(batch * rows * cols);
  for (size_t b = 0; b < batch; ++b) {
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < cols; ++c) {
        v[(b * rows + r) * cols + c] = m[(b * prows + r) * pcols + c];
      }
    }
  }
  return v;
}

// @end
std::shared_ptr<distributed::MeshBuffer> make_buffer(distributed::MeshDevice& mesh,
                                                     uint64_t bytes, uint64_t page_bytes,
                                                     BufferType type) {
  distributed::DeviceLocalBufferConfig local{.page_size = page_bytes, .buffer_type = type};
  distributed::ReplicatedBufferConfig global{.size = bytes};
  return distributed::MeshBuffer::create(global, local, &mesh);
}

// @section sharded
// The sharding of a device-local buffer config: `sharding_args` (current TT-Metalium) or the
// earlier `buffer_layout` + `shard_parameters` fields, whichever the headers provide.
template <typename Config>
void set_sharding(Config& local, const ShardSpecBuffer& spec, TensorMemoryLayout layout) {
  if constexpr (requires { local.sharding_args; }) {
    local.sharding_args = decltype(local.sharding_args)(spec, layout);
  } else {
    local.buffer_layout = layout;
    local.shard_parameters = spec;
  }
}

std::shared_ptr<distributed::MeshBuffer> make_sharded_buffer(distributed::MeshDevice& mesh,
                                                             uint64_t bytes, uint64_t page_bytes,
                                                             const ShardSpecBuffer& spec,
                                                             TensorMemoryLayout layout,
                                                             BufferType type) {
  distributed::DeviceLocalBufferConfig local{.page_size = page_bytes, .buffer_type = type};
  set_sharding(local, spec, layout);
  distributed::ReplicatedBufferConfig global{.size = bytes};
  return distributed::MeshBuffer::create(global, local, &mesh);
}

// @end
// @section mesh
// A tensor split over the mesh: device d holds one chunk of it, chunk index[j] of the parts[j]
// equal chunks of each dimension j (parts 1: the whole dimension). chunk_offsets lists the
// chunk's elements, row-major, as offsets into the row-major whole tensor of `shape`.
std::vector<size_t> chunk_offsets(const std::vector<size_t>& shape,
                                  const std::vector<size_t>& parts,
                                  const std::vector<size_t>& index) {
  const size_t rank = shape.size();
  std::vector<size_t> local(rank), stride(rank, 1);
  size_t n = 1;
  for (size_t j = 0; j < rank; ++j) {
    local[j] = shape[j] / parts[j];
    n *= local[j];
  }
  for (size_t j = rank - 1; j > 0; --j) {
    stride[j - 1] = stride[j] * shape[j];
  }
  std::vector<size_t> offsets(n);
  std::vector<size_t> idx(rank, 0);  // position in the chunk
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < rank; ++j) {
      offsets[i] += (index[j] * local[j] + idx[j]) * stride[j];
    }
    for (size_t j = rank; j-- > 0;) {
      if (++idx[j] < local[j]) {
        break;
      }
      idx[j] = 0;
    }
  }
  return offsets;
}

template <typename T>
std::vector<T> take_chunk(const std::vector<T>& whole, const std::vector<size_t>& shape,
                          const std::vector<size_t>& parts, const std::vector<size_t>& index) {
  std::vector<T> chunk;
  for (size_t o : chunk_offsets(shape, parts, index)) {
    chunk.push_back(whole[o]);
  }
  return chunk;
}

template <typename T>
void put_chunk(std::vector<T>& whole, const std::vector<size_t>& shape,
               const std::vector<size_t>& parts, const std::vector<size_t>& index,
               const std::vector<T>& chunk) {
  const std::vector<size_t> offsets = chunk_offsets(shape, parts, index);
  for (size_t i = 0; i < offsets.size(); ++i) {
    whole[offsets[i]] = chunk[i];
  }
}

// A buffer split over the mesh: every device holds its own `device_bytes` (its tilized chunk),
// stored as `local` says. The global buffer is the chunks one after the other in row-major
// device order, seen as a rows x (cols * n) matrix of elements whose 1 x n shard (r, c) lives on
// device (r, c).
std::shared_ptr<distributed::MeshBuffer> make_split_buffer(
    distributed::MeshDevice& mesh, uint64_t device_bytes, uint64_t element_bytes,
    const distributed::DeviceLocalBufferConfig& local) {
  const size_t n = device_bytes / element_bytes;
  distributed::ShardedBufferConfig global{.global_size = device_bytes * mesh.num_devices(),
                                          .global_buffer_shape = {mesh.num_rows(),
                                                                  mesh.num_cols() * n},
                                          .shard_shape = {1, n}};
  return distributed::MeshBuffer::create(global, local, &mesh);
}
// Each device's chunk interleaved over its banks.
std::shared_ptr<distributed::MeshBuffer> make_split_buffer(distributed::MeshDevice& mesh,
                                                           uint64_t device_bytes,
                                                           uint64_t element_bytes,
                                                           uint64_t page_bytes, BufferType type) {
  return make_split_buffer(mesh, device_bytes, element_bytes,
                           {.page_size = page_bytes, .buffer_type = type});
}

// @end
// @section split_sharded
// Each device's chunk sharded over its cores by `spec`, as a one-device sharded buffer is.
std::shared_ptr<distributed::MeshBuffer> make_split_sharded_buffer(
    distributed::MeshDevice& mesh, uint64_t device_bytes, uint64_t element_bytes,
    uint64_t page_bytes, const ShardSpecBuffer& spec, TensorMemoryLayout layout, BufferType type) {
  distributed::DeviceLocalBufferConfig local{.page_size = page_bytes, .buffer_type = type};
  set_sharding(local, spec, layout);
  return make_split_buffer(mesh, device_bytes, element_bytes, local);
}

// @end
// @section partial
// float32 values rounded to bfloat16 bit patterns (to nearest, ties to even; NaN stays NaN): the
// all-reduced float32 partial sums of a tensor-parallel kernel become its bfloat16 output.
std::vector<uint16_t> to_bfloat16(const std::vector<float>& values) {
  std::vector<uint16_t> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t bits = 0;
    std::memcpy(&bits, &values[i], sizeof(bits));
    if ((bits & 0x7fffffffu) > 0x7f800000u) {
      out[i] = static_cast<uint16_t>((bits >> 16) | 0x40u);
      continue;
    }
    bits += 0x7fffu + ((bits >> 16) & 1u);
    out[i] = static_cast<uint16_t>(bits >> 16);
  }
  return out;
}

// @end
// @section bfp
// The float32 values of tilized elements, which the SDK's block-float packing takes: bfloat16
// bit patterns widened exactly, float32 as it is.
std::vector<float> to_float32(const std::vector<uint16_t>& bits) {
  std::vector<float> out(bits.size());
  for (size_t i = 0; i < bits.size(); ++i) {
    const uint32_t wide = static_cast<uint32_t>(bits[i]) << 16;
    std::memcpy(&out[i], &wide, sizeof(wide));
  }
  return out;
}
std::vector<float> to_float32(std::vector<float> values) { return values; }

// @end
// @section float8
// 8-bit float tensors live on the device as bfloat16, which holds each of their values exactly
// (docs/formats.md): decoded at upload, rounded back (to nearest even; finite values beyond the
// largest one saturate, infinities stay infinite where the format has them, else become NaN) at
// download. `fn`: no infinities, all-ones is NaN; `fnuz`: no infinities, no -0, 0x80 is NaN.
struct Float8Format {
  int exp_bits, man_bits, bias;
  bool ieee, fnuz;
};

double float8_max(const Float8Format& f) {
  const int top = (1 << f.exp_bits) - 1;
  if (f.ieee) {
    return std::ldexp(2.0 - std::ldexp(1.0, -f.man_bits), top - 1 - f.bias);
  }
  return std::ldexp(2.0 - std::ldexp(1.0, (f.fnuz ? 0 : 1) - f.man_bits), top - f.bias);
}

std::vector<uint16_t> float8_to_bfloat16(const std::vector<uint8_t>& in, const Float8Format& f) {
  std::vector<uint16_t> out(in.size());
  const int top = (1 << f.exp_bits) - 1;
  for (size_t i = 0; i < in.size(); ++i) {
    const uint8_t b = in[i];
    const int e = (b & 0x7f) >> f.man_bits, m = b & ((1 << f.man_bits) - 1);
    const float sign = (b & 0x80) ? -1.0f : 1.0f;
    float v;
    if ((f.fnuz && b == 0x80) || (!f.ieee && !f.fnuz && (b & 0x7f) == 0x7f) ||
        (f.ieee && e == top && m != 0)) {
      v = std::numeric_limits<float>::quiet_NaN();
    } else if (f.ieee && e == top) {
      v = sign * std::numeric_limits<float>::infinity();
    } else if (e == 0) {
      v = sign * std::ldexp(static_cast<float>(m), 1 - f.bias - f.man_bits);
    } else {
      v = sign * std::ldexp(static_cast<float>((1 << f.man_bits) + m), e - f.bias - f.man_bits);
    }
    uint32_t bits = 0;
    std::memcpy(&bits, &v, sizeof(bits));
    out[i] = static_cast<uint16_t>(bits >> 16);  // exact: the value has at most 4 mantissa bits
  }
  return out;
}

std::vector<uint8_t> bfloat16_to_float8(const std::vector<uint16_t>& in, const Float8Format& f) {
  std::vector<uint8_t> out(in.size());
  const int top = (1 << f.exp_bits) - 1;
  const uint8_t nan = f.fnuz ? 0x80 : 0x7f;
  const int emin = 1 - f.bias;
  for (size_t i = 0; i < in.size(); ++i) {
    const uint32_t bits = static_cast<uint32_t>(in[i]) << 16;
    float v = 0;
    std::memcpy(&v, &bits, sizeof(v));
    const uint8_t sign = std::signbit(v) ? 0x80 : 0;
    double a = std::fabs(static_cast<double>(v));
    if (std::isnan(v)) {
      out[i] = nan;
      continue;
    }
    if (std::isinf(a)) {
      out[i] = f.ieee ? static_cast<uint8_t>(sign | (top << f.man_bits)) : nan;
      continue;
    }
    int e = 0;
    std::frexp(a, &e);
    const double quantum = std::ldexp(1.0, std::max(e - 1, emin) - f.man_bits);
    const double q = a / quantum, fl = std::floor(q);
    const bool up = q - fl > 0.5 || (q - fl == 0.5 && std::fmod(fl, 2.0) != 0);
    a = std::min((up ? fl + 1 : fl) * quantum, float8_max(f));
    if (a == 0) {
      out[i] = f.fnuz ? 0 : sign;
      continue;
    }
    std::frexp(a, &e);
    int exp_field = 0, mant = 0;
    if (e - 1 < emin) {
      mant = static_cast<int>(a / std::ldexp(1.0, emin - f.man_bits));
    } else {
      exp_field = e - 1 + f.bias;
      mant = static_cast<int>(a / std::ldexp(1.0, e - 1 - f.man_bits)) - (1 << f.man_bits);
    }
    out[i] = static_cast<uint8_t>(sign | (exp_field << f.man_bits) | mant);
  }
  return out;
}

// @end
// A core of the partition and its blocks [start_id, start_id + count).
struct CoreWork {
  uint32_t x, y, start_id, count;
};
// @section sizes
// One program serves every value of the kernel's T.dynamic size: it comes as NAME=VALUE after
// DATA_DIR, and the shapes, block grid and work partition are computed from it.
int64_t runtime_size(int argc, char** argv, const char* name) {
  const std::string prefix = std::string(name) + "=";
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]).rfind(prefix, 0) == 0) {
      return std::stoll(std::string(argv[i]).substr(prefix.size()));
    }
  }
  return 0;
}

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// The device extent of a dimension of `size` elements cut into blocks of `block`: the reach of
// the partial last block, rounded up to whole tiles (the plan's `dynamic` section).
int64_t padded_extent(int64_t size, int64_t block) {
  return ceil_div(ceil_div(size, block) * block, 32) * 32;
}

// The balanced global work partition (docs/plan-schema.md, `partition`): the first
// min(cores, blocks) cores of a grid `grid_x` cores wide in row-major order, contiguous block
// ranges whose counts differ by at most one.
std::vector<CoreWork> partition_blocks(int64_t blocks, int64_t grid_x, int64_t grid_y) {
  const int64_t cores = blocks < grid_x * grid_y ? blocks : grid_x * grid_y;
  const int64_t base = blocks / cores, rem = blocks % cores;
  std::vector<CoreWork> work;
  for (int64_t c = 0; c < cores; ++c) {
    const int64_t start = c * base + (c < rem ? c : rem);
    work.push_back({uint32_t(c % grid_x), uint32_t(c / grid_x), uint32_t(start),
                    uint32_t(base + (c < rem ? 1 : 0))});
  }
  return work;
}
// @end
// @section ranges
// The cores of `cores` work items: full rows of a grid `grid_x` wide, then a partial row.
std::vector<CoreRange> partition_ranges(int64_t cores, int64_t grid_x) {
  std::vector<CoreRange> ranges;
  if (cores / grid_x > 0) {
    ranges.push_back(CoreRange({0, 0}, {size_t(grid_x - 1), size_t(cores / grid_x - 1)}));
  }
  if (cores % grid_x > 0) {
    ranges.push_back(CoreRange({0, size_t(cores / grid_x)},
                               {size_t(cores % grid_x - 1), size_t(cores / grid_x)}));
  }
  return ranges;
}
// @end
// @section reshard
// A tensor two device programs store differently (the plan's `reshards`): copies its tiles from
// `src` into `dst`, page p to page p, whatever the storage of each (interleaved or sharded, DRAM
// or L1), with reshard_reader.cpp / reshard_writer.cpp through a two-page CB of `format`. Each
// work item is a core and the pages it copies: `rows` runs of `cols` pages from `start`, `stride`
// pages apart (a contiguous range: one run; a shard of an L1-sharded destination: its tile rows).
struct ReshardWork {
  uint32_t x, y, start, rows, cols, stride;
};
// Runs `program` on every device of the mesh `buffer` lives on (each copies its own part).
void enqueue_on_every_device(distributed::MeshCommandQueue& cq, distributed::MeshBuffer& buffer,
                             Program program) {
  distributed::MeshWorkload workload;
  workload.add_program(distributed::MeshCoordinateRange(buffer.device()->shape()),
                       std::move(program));
  distributed::EnqueueMeshWorkload(cq, workload, false);
}
// One core's share of a copy between two buffers, page by page: `rows` runs of `cols` pages read
// from page `src_start` on (runs `src_stride` apart) and written from `dst_start` on (runs
// `dst_stride` apart).
struct PageCopy {
  CoreCoord core;
  uint32_t src_start, rows, cols, src_stride, dst_start, dst_stride;
};
// The program of such a copy: reshard_reader.cpp / reshard_writer.cpp on each core through a
// two-page CB of `format`, whatever the storage of each buffer (interleaved or sharded, DRAM or
// L1).
Program page_copy_program(distributed::MeshBuffer& src, distributed::MeshBuffer& dst,
                          uint32_t page_bytes, tt::DataFormat format,
                          const std::vector<PageCopy>& copies) {
  Program program = CreateProgram();
  std::vector<CoreRange> ranges;
  for (const PageCopy& c : copies) {
    ranges.push_back(CoreRange(c.core, c.core));
  }
  const CoreRangeSet cores(ranges);
  CreateCircularBuffer(program, cores,
                       CircularBufferConfig(2 * page_bytes, {{0, format}}).set_page_size(0, page_bytes));
  std::vector<uint32_t> reader_args, writer_args;
  TensorAccessorArgs(src).append_to(reader_args);
  TensorAccessorArgs(dst).append_to(writer_args);
  KernelHandle reader = CreateKernel(
      program, "reshard_reader.cpp", cores,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default,
                         .compile_args = reader_args});
  KernelHandle writer = CreateKernel(
      program, "reshard_writer.cpp", cores,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default,
                         .compile_args = writer_args});
  const uint32_t src_addr = static_cast<uint32_t>(src.address());
  const uint32_t dst_addr = static_cast<uint32_t>(dst.address());
  for (const PageCopy& c : copies) {
    SetRuntimeArgs(program, reader, c.core, {src_addr, c.src_start, c.rows, c.cols, c.src_stride});
    SetRuntimeArgs(program, writer, c.core, {dst_addr, c.dst_start, c.rows, c.cols, c.dst_stride});
  }
  return program;
}
void reshard_on(distributed::MeshCommandQueue& cq, distributed::MeshBuffer& src,
                distributed::MeshBuffer& dst, uint32_t page_bytes, tt::DataFormat format,
                const std::vector<ReshardWork>& work) {
  std::vector<PageCopy> copies;
  for (const ReshardWork& w : work) {
    copies.push_back({CoreCoord{w.x, w.y}, w.start, w.rows, w.cols, w.stride, w.start, w.stride});
  }
  enqueue_on_every_device(cq, src, page_copy_program(src, dst, page_bytes, format, copies));
}
// Into an L1-sharded destination, on its shard cores (one work item per shard, on the core
// holding it): each reads its own shard's pages from `src` straight into its L1 with
// reshard_shard_reader.cpp, all reads in flight and one barrier, as TTNN's reshard does.
void reshard_to_shards(distributed::MeshCommandQueue& cq, distributed::MeshBuffer& src,
                       distributed::MeshBuffer& dst, uint32_t page_bytes,
                       const std::vector<ReshardWork>& work) {
  Program program = CreateProgram();
  std::vector<CoreRange> ranges;
  for (const ReshardWork& w : work) {
    ranges.push_back(CoreRange({w.x, w.y}, {w.x, w.y}));
  }
  const CoreRangeSet cores(ranges);
  std::vector<uint32_t> reader_args;
  TensorAccessorArgs(src).append_to(reader_args);
  KernelHandle reader = CreateKernel(
      program, "reshard_shard_reader.cpp", cores,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default,
                         .compile_args = reader_args});
  const uint32_t src_addr = static_cast<uint32_t>(src.address());
  const uint32_t dst_addr = static_cast<uint32_t>(dst.address());
  for (const ReshardWork& w : work) {
    SetRuntimeArgs(program, reader, CoreCoord{w.x, w.y},
                   {src_addr, w.start, w.rows, w.cols, w.stride, dst_addr, page_bytes});
  }
  enqueue_on_every_device(cq, src, std::move(program));
}
// Into an interleaved destination: the first min(pages, cores) cores of the `grid_x` x `grid_y`
// worker grid in row-major order, each a contiguous page range (counts differing by at most one).
void reshard(distributed::MeshCommandQueue& cq, distributed::MeshBuffer& src,
             distributed::MeshBuffer& dst, uint32_t pages, uint32_t page_bytes,
             tt::DataFormat format, uint32_t grid_x, uint32_t grid_y) {
  const uint32_t n = pages < grid_x * grid_y ? pages : grid_x * grid_y;
  std::vector<ReshardWork> work;
  for (uint32_t c = 0; c < n; ++c) {
    const uint32_t start = c * (pages / n) + (c < pages % n ? c : pages % n);
    const uint32_t count = pages / n + (c < pages % n ? 1 : 0);
    work.push_back({c % grid_x, c / grid_x, start, 1, count, 0});
  }
  reshard_on(cq, src, dst, page_bytes, format, work);
}
// On a mesh, between two storages the devices hold differently (the plan's all-gather and
// all-reduce reshards): each device copies its chunk of `dst` out of `src`, where every device
// holds the whole tensor (all chunks of the earlier split, all-gathered, or the all-reduced
// sum). A work item is a rectangle of tiles on one core of that device (the `grid_x`-wide worker
// grid, row-major): `rows` runs of `cols` pages from `src_start`, `src_stride` pages apart, into
// as many runs from `dst_start`, `dst_stride` apart, with reshard_reader.cpp / reshard_writer.cpp.
struct TakeWork {
  uint32_t device, src_start, rows, cols, src_stride, dst_start, dst_stride;
};
void mesh_take(distributed::MeshCommandQueue& cq, distributed::MeshBuffer& src,
               distributed::MeshBuffer& dst, uint32_t page_bytes, tt::DataFormat format,
               uint32_t grid_x, const std::vector<TakeWork>& work) {
  distributed::MeshDevice& mesh = *src.device();
  const uint32_t mesh_cols = static_cast<uint32_t>(mesh.num_cols());
  distributed::MeshWorkload workload;
  for (uint32_t d = 0; d < mesh.num_devices(); ++d) {
    std::vector<PageCopy> copies;
    for (const TakeWork& w : work) {
      if (w.device == d) {
        const uint32_t k = static_cast<uint32_t>(copies.size());
        copies.push_back({CoreCoord{k % grid_x, k / grid_x}, w.src_start, w.rows, w.cols,
                          w.src_stride, w.dst_start, w.dst_stride});
      }
    }
    if (!copies.empty()) {
      workload.add_program(distributed::MeshCoordinateRange(
                               distributed::MeshCoordinate(d / mesh_cols, d % mesh_cols)),
                           page_copy_program(src, dst, page_bytes, format, copies));
    }
  }
  distributed::EnqueueMeshWorkload(cq, workload, false);
}
// @end
// @section offsets
// Device d's cores on a mesh split by block offsets: the compiled contiguous ranges (of the
// largest device's count) clipped to the device's `count` blocks and shifted by its `offset`
// (the runtime arguments start_id and count); cores left without a block are dropped, the rest
// stay the first cores in row-major order.
std::vector<CoreWork> device_work(const std::vector<CoreWork>& work, uint32_t offset,
                                  uint32_t count) {
  std::vector<CoreWork> out;
  for (const CoreWork& w : work) {
    const uint32_t lo = std::min(w.start_id, count), hi = std::min(w.start_id + w.count, count);
    if (hi > lo) {
      out.push_back({w.x, w.y, offset + lo, hi - lo});
    }
  }
  return out;
}

// Device d of the split (the d-th block range): the devices in snake order over the mesh (row 0
// left to right, row 1 right to left, ...), so devices d and d + 1, which run adjacent block
// ranges, are neighbours joined by Ethernet (a halo exchange between them is one fabric hop, on
// a 2-D mesh too). ccl::snake_route orders the devices the same way.
distributed::MeshCoordinate split_device(uint32_t d, uint32_t cols) {
  const uint32_t r = d / cols, c = d % cols;
  return distributed::MeshCoordinate(r, r % 2 ? cols - 1 - c : c);
}

// The device windows of an input sharded by rows with a halo exchange: device d's buffer holds
// `window` pages from page window_first[d] on, of which the host writes the pages d owns,
// [own[d], own[d + 1]) of the tilized whole tensor `tiles` (`page` elements each); the pages d
// reads of its neighbours' rows arrive over the fabric. All windows in row-major order of the
// devices' coordinates (device d is split_device(d, cols)), as the sharded MeshBuffer takes them.
template <typename T>
std::vector<T> halo_windows(const std::vector<T>& tiles, size_t page,
                            const std::vector<uint32_t>& own,
                            const std::vector<uint32_t>& window_first, size_t window,
                            uint32_t cols) {
  std::vector<T> out(window_first.size() * window * page);
  for (uint32_t d = 0; d < window_first.size(); ++d) {
    const distributed::MeshCoordinate at = split_device(d, cols);
    const size_t shard = at[0] * cols + at[1];
    std::copy(tiles.begin() + own[d] * page, tiles.begin() + own[d + 1] * page,
              out.begin() + (shard * window + own[d] - window_first[d]) * page);
  }
  return out;
}

// Copies into `whole` the elements of `part` (one device's copy of an output) whose block
// (per logical dimension j addressed by T.Kernel dimension block_dims[j] in blocks of
// block_sizes[j]; row-major block id over `grid`, dimension 0 fastest) lies in [lo, hi).
template <typename T>
void put_blocks(std::vector<T>& whole, const std::vector<T>& part,
                const std::vector<size_t>& shape, const std::vector<int64_t>& block_dims,
                const std::vector<int64_t>& block_sizes, const std::vector<int64_t>& grid,
                int64_t lo, int64_t hi) {
  std::vector<size_t> idx(shape.size(), 0);
  for (size_t i = 0; i < whole.size(); ++i) {
    int64_t id = 0, stride = 1;
    bool inside = true;
    for (size_t k = 0; k < grid.size(); ++k) {
      int64_t b = 0;
      for (size_t j = 0; j < shape.size(); ++j) {
        if (block_dims[j] == int64_t(k)) {
          b = int64_t(idx[j]) / block_sizes[j];
        }
      }
      inside &= b < grid[k];
      id += b * stride;
      stride *= grid[k];
    }
    if (inside && id >= lo && id < hi) {
      whole[i] = part[i];
    }
    for (size_t j = shape.size(); j-- > 0;) {
      if (++idx[j] < shape[j]) {
        break;
      }
      idx[j] = 0;
    }
  }
}
// @end

}  // namespace

// The binding interface (runner/build.h names these symbols): `data` holds `count` row-major
// elements of `element_bytes` bytes and stays valid until tltt_host_unbind.
extern "C" void tltt_host_bind(const char* name, void* data, uint64_t count,
                               uint32_t element_bytes) {
  bound_tensors().push_back({name, data, count, element_bytes});
}

extern "C" void tltt_host_unbind() { bound_tensors().clear(); }

int main(int argc, char** argv) {
// @section fixed
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DATA_DIR\n", argv[0]);
    return 2;
  }
// @end
// @section sizes
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DATA_DIR SIZE=VALUE...\n", argv[0]);
    return 2;
  }
// @end
  const std::string data_dir = argv[1];
