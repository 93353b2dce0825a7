// Host boilerplate shared by the era-C (MeshDevice / MeshBuffer / MeshWorkload) acceptance
// programs: buffers, circular buffers and running one program on a unit mesh.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

namespace simhost {

using namespace tt::tt_metal;
using MeshBufferPtr = std::shared_ptr<distributed::MeshBuffer>;

constexpr uint32_t kBf16TileBytes = 32 * 32 * 2;

inline MeshBufferPtr make_buffer(distributed::MeshDevice& mesh, uint64_t bytes, uint64_t page_bytes,
                                 BufferType type = BufferType::DRAM) {
  distributed::DeviceLocalBufferConfig local{.page_size = page_bytes, .buffer_type = type};
  distributed::ReplicatedBufferConfig global{.size = bytes};
  return distributed::MeshBuffer::create(global, local, &mesh);
}

// One CB of `pages` pages of `page_bytes` in `format` on every core of `cores`.
template <typename Cores>
CBHandle make_cb(Program& program, const Cores& cores, uint32_t index, uint32_t pages,
                 uint32_t page_bytes, tt::DataFormat format = tt::DataFormat::Float16_b) {
  CircularBufferConfig cfg =
      CircularBufferConfig(pages * page_bytes, {{static_cast<uint8_t>(index), format}})
          .set_page_size(index, page_bytes);
  return CreateCircularBuffer(program, cores, cfg);
}

// Interleaved-tensor compile-time args for the kernels' TensorAccessorArgs<...>().
inline void append_accessor(std::vector<uint32_t>& ct_args, const MeshBufferPtr& buf) {
  TensorAccessorArgs(*buf).append_to(ct_args);
}

// Enqueues `program` on the whole (unit) mesh and waits for it.
inline void run(distributed::MeshDevice& mesh, Program& program) {
  distributed::MeshWorkload workload;
  distributed::MeshCoordinateRange range(mesh.shape());
  workload.add_program(range, std::move(program));
  distributed::EnqueueMeshWorkload(mesh.mesh_command_queue(), workload, false);
  distributed::Finish(mesh.mesh_command_queue());
}

template <typename T>
void write(distributed::MeshDevice& mesh, MeshBufferPtr& buf, const std::vector<T>& data) {
  distributed::EnqueueWriteMeshBuffer(mesh.mesh_command_queue(), buf, data, false);
}

template <typename T>
std::vector<T> read(distributed::MeshDevice& mesh, MeshBufferPtr& buf) {
  std::vector<T> out(buf->size() / sizeof(T));  // replicated reads do not resize
  distributed::EnqueueReadMeshBuffer(mesh.mesh_command_queue(), out, buf, true);
  return out;
}

// Cores in the order split_work_to_cores assigns work (column-major, row_wise = false).
inline CoreCoord nth_core(uint32_t i, const CoreCoord& grid) { return {i / grid.y, i % grid.y}; }

}  // namespace simhost
