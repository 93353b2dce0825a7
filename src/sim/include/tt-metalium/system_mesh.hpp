// SystemMesh (tt-metalium/system_mesh.hpp): the physical mesh the host sees, $TTSIM_MESH (RxC)
// simulated devices, else one.
#pragma once
#include "tt-metalium/mesh_coord.hpp"

namespace tt::tt_metal::distributed {
class SystemMesh {
 public:
  static SystemMesh& instance() {
    static SystemMesh m;
    return m;
  }
  MeshShape shape() const;
};
}  // namespace tt::tt_metal::distributed
