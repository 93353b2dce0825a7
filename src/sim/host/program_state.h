// The simulator-side contents of a tt::tt_metal::Program.
#pragma once
#include <map>
#include <memory>
#include <vector>

#include "sim/core/program_desc.h"
#include "tt-metalium/buffer.hpp"
#include "tt-metalium/program.hpp"

namespace tt::tt_metal::detail {

struct ProgramState {
  ttsim::ProgramDesc desc;
  std::vector<std::map<uint32_t, RuntimeArgsData>> rt_views;  // per kernel, per core index
  std::vector<RuntimeArgsData> common_views;
  uint32_t next_group = 0;
  std::vector<std::shared_ptr<Buffer>> kept_buffers;  // AssignGlobalBufferToProgram
};

}  // namespace tt::tt_metal::detail
