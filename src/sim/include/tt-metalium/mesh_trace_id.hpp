// MeshTraceId (tt-metalium/mesh_trace_id.hpp): names a captured trace of a mesh device.
#pragma once
#include <cstdint>

namespace tt::tt_metal::distributed {
struct MeshTraceId {
  uint32_t id = 0;
  constexpr uint32_t operator*() const { return id; }
  constexpr bool operator==(const MeshTraceId&) const = default;
};
}  // namespace tt::tt_metal::distributed
