// Host side of the fabric (tt-metalium/fabric.hpp): the node ids of a mesh's devices, the
// runtime arguments that give a kernel a connection to a routing plane towards a neighbouring
// device, and the packet sizes. The simulator always routes the 1-D fabric (see
// src/sim/abi/fabric.cc); the fabric configuration a program selects is accepted.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tt-metalium/core_coord.hpp"
#include "tt-metalium/kernel_types.hpp"

namespace tt::tt_metal {
class Program;
}

namespace tt::tt_fabric {

struct MeshId {
  uint32_t id = 0;
  constexpr uint32_t operator*() const { return id; }
  constexpr bool operator==(const MeshId&) const = default;
};

class FabricNodeId {
 public:
  FabricNodeId(MeshId mesh_id, uint32_t chip_id) : mesh_id(mesh_id), chip_id(chip_id) {}
  bool operator==(const FabricNodeId&) const = default;
  MeshId mesh_id;
  uint32_t chip_id;  // the device's row-major index in its mesh
};

enum class FabricConfig : uint32_t {
  DISABLED = 0,
  FABRIC_1D = 1,
  FABRIC_1D_RING = 2,
  FABRIC_2D = 3,
  FABRIC_2D_TORUS_X = 4,
  FABRIC_2D_TORUS_Y = 5,
  FABRIC_2D_TORUS_XY = 6,
  CUSTOM = 7,
};

// Accepted for every configuration: simulated packets follow the 1-D routes of abi/fabric.cc.
void SetFabricConfig(FabricConfig config);
FabricConfig GetFabricConfig();

// Payload bytes of a fabric packet (the default channel size) and of its header.
size_t get_tt_fabric_max_payload_size_bytes();
size_t get_tt_fabric_packet_header_size_bytes();
size_t get_tt_fabric_channel_buffer_size_bytes();

// Appends to `worker_args` what WorkerToFabricEdmSender::build_from_args reads on `worker_core`:
// a connection from `src` to its neighbour `dst` over Ethernet link `link_idx` of that pair.
void append_fabric_connection_rt_args(
    const FabricNodeId& src_fabric_node_id, const FabricNodeId& dst_fabric_node_id,
    uint32_t link_idx, tt::tt_metal::Program& worker_program,
    const tt::tt_metal::CoreCoord& worker_core, std::vector<uint32_t>& worker_args,
    tt::tt_metal::CoreType core_type = tt::tt_metal::CoreType::WORKER);

}  // namespace tt::tt_fabric
