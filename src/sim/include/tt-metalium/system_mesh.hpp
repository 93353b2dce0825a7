// SystemMesh (tt-metalium/system_mesh.hpp): the physical mesh the host sees, one simulated device.
#pragma once
#include "tt-metalium/mesh_coord.hpp"

namespace tt::tt_metal::distributed {
class SystemMesh {
 public:
  static SystemMesh& instance() {
    static SystemMesh m;
    return m;
  }
  MeshShape shape() const { return MeshShape(1, 1); }
};
}  // namespace tt::tt_metal::distributed
