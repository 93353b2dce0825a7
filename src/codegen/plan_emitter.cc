// tt.plan.json (schema_version 1, docs/plan-schema.md) and the artifacts' CMakeLists.txt.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "codegen/codegen.h"
#include "codegen/module_info.h"

namespace tltt::codegen {

using namespace ir;
using nlohmann::ordered_json;

std::string emit_plan(const Module& lowered) {
  ModuleInfo info = gather(lowered);
  ordered_json plan;
  plan["schema_version"] = 1;
  plan["generator"] = "tltt";
  plan["kernel"] = info.kernel_name;
  plan["device"] = info.device;
  plan["partition_mode"] = info.partition_mode;
  plan["core_grid"] = info.core_grid;
  ordered_json ranges = ordered_json::array();
  for (const auto& [start, ext] : info.core_ranges) {
    ranges.push_back({{"start", start}, {"extent", ext}});
  }
  plan["core_ranges"] = ranges;
  ordered_json params = ordered_json::array();
  for (const TensorInfo& t : info.tensors) {
    ordered_json p = {{"name", t.name},         {"shape", t.shape},
                      {"dtype", t.dtype},       {"role", t.is_output ? "output" : "input"},
                      {"memory", t.memory},     {"layout", t.layout},
                      {"tile_shape", {32, 32}}, {"padded_shape", t.shape}};
    if (!t.vector.empty()) {
      p["padded_shape"] = std::vector<int64_t>{t.rows, t.cols};
      p["vector"] = t.vector;
    }
    if (!t.shard_layout.empty()) {
      ordered_json cores = ordered_json::array();
      for (const auto& [start, ext] : t.shard_cores) {
        cores.push_back({{"start", start}, {"extent", ext}});
      }
      p["shard_spec"] = {{"memory_layout", t.shard_layout},
                         {"shard_shape", t.shard_shape},
                         {"orientation", "ROW_MAJOR"},
                         {"tensor_pages", t.tensor_pages},
                         {"core_ranges", cores}};
    }
    params.push_back(p);
  }
  for (const ScalarInfo& sc : info.scalars) {
    params.push_back({{"name", sc.name},
                      {"shape", std::vector<int64_t>{}},
                      {"dtype", sc.dtype},
                      {"role", "input"},
                      {"kind", "scalar"}});
  }
  plan["params"] = params;
  ordered_json cbs = ordered_json::array();
  for (const CbInfo& c : info.cbs) {
    cbs.push_back({{"index", c.index},
                   {"name", c.name},
                   {"format", c.format},
                   {"page_size", c.page_size},
                   {"num_pages", c.num_pages},
                   {"role", c.role}});
  }
  plan["cbs"] = cbs;
  plan["kernels"] = {{"reader",
                      {{"file", "reader.cpp"},
                       {"processor", "RISCV_1"},
                       {"noc", "RISCV_1_default"},
                       {"runtime_args", info.reader.runtime_args},
                       {"accessors", info.reader.accessors}}},
                     {"compute",
                      {{"file", "compute.cpp"},
                       {"math_fidelity", info.math_fidelity},
                       {"fp32_dest_acc_en", info.fp32_dest_acc_en},
                       {"runtime_args", info.compute.runtime_args}}},
                     {"writer",
                      {{"file", "writer.cpp"},
                       {"processor", "RISCV_0"},
                       {"noc", "RISCV_0_default"},
                       {"runtime_args", info.writer.runtime_args},
                       {"accessors", info.writer.accessors}}}};
  ordered_json work = ordered_json::object();
  ordered_json args = ordered_json::object();
  for (const CoreWork& w : info.work) {
    std::string key = fmt::format("({},{})", w.x, w.y);
    work[key] = ordered_json::array({{{"start_id", w.start_id}, {"count", w.count}}});
    ordered_json per = ordered_json::object();
    for (const KernelInfo* k : {&info.reader, &info.compute, &info.writer}) {
      ordered_json vals = ordered_json::array();
      for (const auto& name : k->runtime_args) {
        if (name == "start_id") {
          vals.push_back(w.start_id);
        } else if (name == "count") {
          vals.push_back(w.count);
        } else {
          vals.push_back(name);  // resolved by the host (a buffer address)
        }
      }
      per[k->role] = vals;
    }
    args[key] = per;
  }
  plan["work_partition"] = work;
  if (info.block_stride_width > 0) {
    plan["block_stride"] = {{"width", info.block_stride_width}, {"row", info.block_stride_row}};
  }
  plan["runtime_args_per_core"] = args;
  return plan.dump(2) + "\n";
}

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
  for (const PrimFunc& f : lowered.functions) {
    std::string role = f.attrs.get_string("tt.kernel_role", "");
    if (!role.empty()) {
      files[role + ".cpp"] = emit_kernel(f);
    }
  }
  files["main.cpp"] = emit_host(lowered);
  files["tt.plan.json"] = emit_plan(lowered);
  files["CMakeLists.txt"] = emit_cmake(lowered);
  return files;
}

}  // namespace tltt::codegen
