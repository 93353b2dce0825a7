// MeshWorkload (tt-metalium/mesh_workload.hpp): programs bound to device ranges of the mesh.
#pragma once
#include <utility>
#include <vector>

#include "tt-metalium/mesh_coord.hpp"
#include "tt-metalium/program.hpp"

namespace tt::tt_metal::distributed {

class MeshWorkload {
 public:
  MeshWorkload() = default;
  void add_program(const MeshCoordinateRange& range, Program&& program) {
    programs_.emplace_back(range, std::move(program));
  }
  std::vector<std::pair<MeshCoordinateRange, Program>>& get_programs() { return programs_; }
  size_t size() const { return programs_.size(); }

 private:
  std::vector<std::pair<MeshCoordinateRange, Program>> programs_;
};

inline void AddProgramToMeshWorkload(MeshWorkload& workload, Program&& program,
                                     const MeshCoordinateRange& range) {
  workload.add_program(range, std::move(program));
}

inline MeshWorkload CreateMeshWorkload() { return MeshWorkload(); }

}  // namespace tt::tt_metal::distributed
