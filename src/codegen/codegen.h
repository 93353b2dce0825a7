// TT-Metalium code generation from the lowered module: the three kernels (a printer over the
// role functions), the host program main.cpp, tt.plan.json (docs/plan-schema.md) and a
// CMakeLists.txt (the artifact set is described in README.md, "Artifacts").
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ir/ir.h"

namespace tltt::codegen {

// File name -> contents: reader.cpp, compute.cpp, writer.cpp, main.cpp, tt.plan.json,
// CMakeLists.txt, and the collective kernels of a kernel with a reduction split over a mesh.
std::map<std::string, std::string> generate(const ir::Module& lowered);

// One kernel's C++ source (`void kernel_main()` in the era-C spelling); `f` is one of the
// plan's kernels.
std::string emit_kernel(const ir::PrimFunc& f, const ir::DevicePlan& plan);
std::string emit_host(const ir::Module& lowered);
// The collective kernels a host program with an all-reduce runs (ag_sender.cpp, rs_*.cpp,
// tile_reader.cpp: the project's collectives, tests/sim_programs/20_mesh), else none.
std::map<std::string, std::string> ccl_kernel_files(const ir::DevicePlan& plan);
// The same for a function of several launches: its tensor-parallel programs' all-reduces and the
// all-gathers between programs that split a tensor differently over the mesh.
std::map<std::string, std::string> ccl_kernel_files(const ir::DevicePlan& top,
                                                    const std::vector<const ir::Module*>& launches);
std::string emit_plan(const ir::Module& lowered);
std::string emit_cmake(const ir::Module& lowered);

// Several device programs run in order by one host program (a function of several T.Kernel
// launches, driver/launches.h): `top` is the plan of the whole program (every tensor once,
// `scratch` naming those the host program only allocates), `launches` the lowered launches in
// order. Launch i's kernels are launch<i>_reader.cpp, ... and its plan launch<i>.plan.json;
// tt.plan.json is `top` without the scratch tensors. With `top.reshards`, the copy program's
// kernels reshard_reader.cpp and reshard_writer.cpp come too.
std::map<std::string, std::string> generate_launches(const ir::DevicePlan& top,
                                                     const std::vector<const ir::Module*>& launches,
                                                     const std::set<std::string>& scratch);
std::string emit_host_launches(const ir::DevicePlan& top,
                               const std::vector<const ir::Module*>& launches,
                               const std::set<std::string>& scratch);

}  // namespace tltt::codegen
