// The mesh host API (tt-metalium/distributed.hpp): buffers reads/writes and workload launches.
#pragma once
#include <cassert>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tt-metalium/host_api.hpp"
#include "tt-metalium/mesh_buffer.hpp"
#include "tt-metalium/mesh_command_queue.hpp"
#include "tt-metalium/mesh_config.hpp"
#include "tt-metalium/mesh_coord.hpp"
#include "tt-metalium/mesh_device.hpp"
#include "tt-metalium/mesh_event.hpp"
#include "tt-metalium/mesh_workload.hpp"

namespace tt::tt_metal::distributed {

void WriteMeshBufferBytes(MeshCommandQueue& cq, MeshBuffer& buffer, const void* src, size_t bytes);
void ReadMeshBufferBytes(MeshCommandQueue& cq, MeshBuffer& buffer, void* dst, size_t bytes);
void WriteShardBytes(MeshCommandQueue& cq, MeshBuffer& buffer, const void* src, size_t bytes,
                     const MeshCoordinate& coord);
void ReadShardBytes(MeshCommandQueue& cq, MeshBuffer& buffer, void* dst, size_t bytes,
                    const MeshCoordinate& coord);

template <typename T>
void EnqueueWriteMeshBuffer(MeshCommandQueue& cq, const std::shared_ptr<MeshBuffer>& buffer,
                            const std::vector<T>& src, bool blocking = false) {
  WriteMeshBufferBytes(cq, *buffer, src.data(), src.size() * sizeof(T));
}
template <typename T>
void EnqueueReadMeshBuffer(MeshCommandQueue& cq, std::vector<T>& dst,
                           const std::shared_ptr<MeshBuffer>& buffer, bool blocking = true) {
  dst.resize((buffer->size() + sizeof(T) - 1) / sizeof(T));
  ReadMeshBufferBytes(cq, *buffer, dst.data(), dst.size() * sizeof(T));
}
// One device's buffer (its shard, or its copy of a replicated buffer).
template <typename T>
void WriteShard(MeshCommandQueue& cq, const std::shared_ptr<MeshBuffer>& buffer,
                const std::vector<T>& src, const MeshCoordinate& coord, bool blocking = false) {
  WriteShardBytes(cq, *buffer, src.data(), src.size() * sizeof(T), coord);
}
template <typename T>
void ReadShard(MeshCommandQueue& cq, std::vector<T>& dst, const std::shared_ptr<MeshBuffer>& buffer,
               const MeshCoordinate& coord, bool blocking = true) {
  dst.resize((buffer->device_local_size() + sizeof(T) - 1) / sizeof(T));
  ReadShardBytes(cq, *buffer, dst.data(), dst.size() * sizeof(T), coord);
}

void EnqueueMeshWorkload(MeshCommandQueue& cq, MeshWorkload& workload, bool blocking);
void Finish(MeshCommandQueue& cq);
// Queues run synchronously: everything enqueued has completed by the time this is called.
inline void Synchronize(MeshDevice* device, std::optional<uint8_t> cq_id,
                        const std::vector<SubDeviceId>& sub_device_ids = {}) {}
// One process drives all simulated devices.
inline bool UsingDistributedEnvironment() { return false; }

}  // namespace tt::tt_metal::distributed
