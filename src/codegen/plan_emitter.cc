// tt.plan.json (the device plan's serialization, docs/plan-schema.md), the artifacts'
// CMakeLists.txt and the file set of one compiled kernel.
#include "codegen/codegen.h"
#include "support/assert.h"
#include "support/embedded.h"

namespace tltt::embedded {
const std::vector<File>& reshard_kernels();  // reshard_reader.cpp, reshard_*.cpp
}  // namespace tltt::embedded

namespace tltt::codegen {

using namespace ir;

std::string emit_plan(const Module& lowered) { return to_json(lowered.plan); }

std::string emit_cmake(const Module& lowered) {
  return R"(# Builds the generated host program `program` from main.cpp: against TT-Metalium when
# TT_METAL_HOME is set, else against the tltt simulator (find_package(ttsim)). Kernels are
# compiled at run time from reader.cpp / compute.cpp / writer.cpp in the working directory.
cmake_minimum_required(VERSION 3.16)
project(tltt_program LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
add_executable(program main.cpp)
if(DEFINED ENV{TT_METAL_HOME})
  find_package(TT-Metalium REQUIRED)
  target_link_libraries(program PRIVATE TT::Metalium)
else()
  find_package(ttsim REQUIRED)
  target_link_libraries(program PRIVATE ttsim::ttsim)
endif()
)";
}

std::map<std::string, std::string> generate(const Module& lowered) {
  std::map<std::string, std::string> files;
  for (const KernelPlan& k : lowered.plan.kernels) {
    const PrimFunc* f = lowered.find(k.function);
    TILE_ASSERT(f) << "the plan's kernel " << k.function << " is not in the module";
    files[std::string(to_string(k.role)) + ".cpp"] = emit_kernel(*f, lowered.plan);
  }
  files["main.cpp"] = emit_host(lowered);
  files.merge(ccl_kernel_files(lowered.plan));
  files["tt.plan.json"] = emit_plan(lowered);
  files["CMakeLists.txt"] = emit_cmake(lowered);
  return files;
}

std::map<std::string, std::string> generate_launches(const DevicePlan& top,
                                                     const std::vector<const Module*>& launches,
                                                     const std::set<std::string>& scratch) {
  std::map<std::string, std::string> files;
  for (size_t i = 0; i < launches.size(); ++i) {
    const Module& m = *launches[i];
    const std::string prefix = "launch" + std::to_string(i) + "_";
    for (const KernelPlan& k : m.plan.kernels) {
      const PrimFunc* f = m.find(k.function);
      TILE_ASSERT(f) << "the plan's kernel " << k.function << " is not in the module";
      files[prefix + to_string(k.role) + ".cpp"] = emit_kernel(*f, m.plan);
    }
    files["launch" + std::to_string(i) + ".plan.json"] = emit_plan(m);
  }
  files["main.cpp"] = emit_host_launches(top, launches, scratch);
  files.merge(ccl_kernel_files(top, launches));  // all-gathers, all-reduces of partial sums
  if (!top.reshards.empty()) {
    for (const embedded::File& f : embedded::reshard_kernels()) {
      files[std::string(f.name)] = std::string(f.text);
    }
  }
  DevicePlan params = top;
  std::erase_if(params.tensors, [&](const TensorPlan& t) { return scratch.count(t.name) > 0; });
  files["tt.plan.json"] = to_json(params);
  files["CMakeLists.txt"] = emit_cmake(*launches.front());
  return files;
}

}  // namespace tltt::codegen
