// Host side of the simulated fabric: connection runtime arguments and packet sizes.
#include "tt-metalium/fabric.hpp"

#include <string>

#include "sim/core/settings.h"
#include "sim/host/settings.h"
#include "sim/timing/cost_params.h"
#include "ttsim/abi.h"
#include "ttsim/error.hpp"

namespace tt::tt_fabric {

namespace {
FabricConfig g_config = FabricConfig::DISABLED;
}

void SetFabricConfig(FabricConfig config) { g_config = config; }
FabricConfig GetFabricConfig() { return g_config; }

size_t get_tt_fabric_max_payload_size_bytes() {
  return static_cast<size_t>(
      ttsim::cost_params(ttsim::selected_arch(), ttsim::Settings::from_env().data_dir)
          .eth.packet_payload_bytes);
}
size_t get_tt_fabric_packet_header_size_bytes() { return sizeof(ttsim_packet_header); }
size_t get_tt_fabric_channel_buffer_size_bytes() {
  return get_tt_fabric_max_payload_size_bytes() + get_tt_fabric_packet_header_size_bytes();
}

void append_fabric_connection_rt_args(const FabricNodeId& src, const FabricNodeId& dst,
                                      uint32_t link_idx, tt::tt_metal::Program&,
                                      const tt::tt_metal::CoreCoord&,
                                      std::vector<uint32_t>& worker_args, tt::tt_metal::CoreType) {
  if (src == dst) {
    throw tt::tt_metal::SimulatorError(
        "append_fabric_connection_rt_args: source and destination are both device " +
        std::to_string(src.chip_id));
  }
  if (*src.mesh_id != *dst.mesh_id) {
    throw tt::tt_metal::SimulatorError(
        "append_fabric_connection_rt_args: the devices are on different meshes (the simulator "
        "models one mesh)");
  }
  // Read back by WorkerToFabricEdmSender::build_from_args; the kernel's own device is the one
  // it runs on, checked to neighbour `dst` when the connection opens.
  worker_args.push_back(dst.chip_id);
  worker_args.push_back(link_idx);
}

}  // namespace tt::tt_fabric
