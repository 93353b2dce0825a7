// GPU-only kernel-language constructs (thread bindings, barriers, TMA, tensor memory, warp MMA,
// thread-block clusters, CUDA source, tensor-core emitter classes): the front end reads them into
// `gpu_only` calls naming the construct (ir::kGpuOnlyCall), so that a whole kernel parses and
// A1 (infer-layout) names what has no Tenstorrent lowering. A host-side value that depends on one
// (a shape, a dtype, a compile-time condition) is a located error naming the construct.
#include <memory>

#include <fmt/format.h>

#include "frontend/interp.h"

namespace tltt::fe {

namespace {

// The constructs that only exist for GPU code generation, by qualified name: PTX/warp
// instructions (T.mma_*, T.wgmma, T.shfl, ...), barriers, TMA, tensor memory, clusters, and
// CUDA/HIP source injected with T.import_source, CUDA's random-number generator (T.rng_*),
// per-warp register allocation hints, warp votes, a cluster's tile scheduler, warp-specialized
// roles and pipelines (T.WSRole, T.WSPipeline).
const char* const kGpuPrefixes[] = {"T.ptx_",
                                    "T.barrier",
                                    "T.mbarrier",
                                    "T.tma_",
                                    "T.wgmma",
                                    "T.cp_async",
                                    "T.fence",
                                    "T.shfl",
                                    "T.warpgroup",
                                    "T.sync_",
                                    "T.tcgen05",
                                    "T.alloc_tmem",
                                    "T.Cluster",
                                    "T.cluster",
                                    "T.warp_",
                                    "T.ws",
                                    "T.vote",
                                    "tilelang.cuda.",
                                    "tilelang.tools.cuda.",
                                    "T.fp8.",
                                    "T.clc_",
                                    "T.mma_",
                                    "T.alloc_cluster",
                                    "T.block_rank_in_cluster",
                                    "T.tvm_warp",
                                    "T.annotate_producer_reg",
                                    "T.annotate_consumer_reg",
                                    "T.dp4a",
                                    "T.rng_",
                                    "T.PersistentTileScheduler",
                                    "T.WS",
                                    "T.any_sync",
                                    "T.all_sync",
                                    "T.ballot",
                                    "T.comm_reducer",
                                    "T.tvm_thread_allreduce"};
const char* const kGpuNames[] = {
    "T.sync_grid", "T.sync_threads", "T.alloc_barrier", "T.set_max_nreg", "T.inc_max_nreg",
    "T.dec_max_nreg", "T.wait_wgmma", "T.access_ptr", "T.get_thread_binding", "T.get_block_binding",
    "T.create_tma_descriptor", "T.get_warp_idx", "T.get_lane_idx", "T.tvm_storage_sync",
    "T.call_extern", "T.thread_binding", "T.launch_thread", "T.import_source",
    // Memory-ordered atomic loads and stores (memory_order=
    // "acquire"/"release") synchronize GPU blocks through global
    // memory; Tenstorrent cores synchronize with semaphores.
    "T.atomic_load", "T.atomic_store"};

// String operands (CUDA source, thread tags) are kept short in the IR.
constexpr size_t kMaxStringOperand = 40;

}  // namespace

bool Interp::gpu_only_name(const std::string& qualified) {
  for (const char* p : kGpuPrefixes) {
    if (qualified.rfind(p, 0) == 0) {
      return true;
    }
  }
  for (const char* n : kGpuNames) {
    if (qualified == n) {
      return true;
    }
  }
  // The tensor-core code emitters of TileLang and of libraries built on it (BitBLAS's
  // `...mma_macro_generator.TensorCoreIntrinEmitter`) write warp-level MMA instructions. A GEMM
  // warp policy's `compute_warp_partition(M, N, num_warps)` (however GemmWarpPolicy was
  // imported) splits a GPU block's warps over a tile: a question only GPU code generation asks
  // (a Tenstorrent core has no warps), so its answer is GPU-only.
  std::string last = qualified.substr(qualified.rfind('.') + 1);
  return last.find("IntrinEmitter") != std::string::npos || last == "compute_warp_partition";
}

const Value* Interp::find_gpu_only(const Value& v) {
  // A GPU-only builtin passed uncalled (a warp-specialization id T.WSID as an annotation key)
  // makes its user GPU-only too.
  if (v.kind == VK::kGpuOnly || (v.kind == VK::kBuiltin && gpu_only_name(v.s))) {
    return &v;
  }
  if (v.is_sequence() || v.kind == VK::kDict) {
    for (const auto* part : {&v.items, &v.values}) {
      for (const auto& x : *part) {
        if (const Value* g = find_gpu_only(x)) {
          return g;
        }
      }
    }
  }
  return nullptr;
}

const Value* Interp::find_gpu_only(const CallArgs& args) {
  for (const auto& a : args.args) {
    if (const Value* g = find_gpu_only(a)) {
      return g;
    }
  }
  for (const auto& kv : args.kwargs) {
    if (const Value* g = find_gpu_only(kv.second)) {
      return g;
    }
  }
  return nullptr;
}

void Interp::gpu_only_error(const Value& v, const Location& loc) {
  user_error(loc, ir::gpu_only_message(v.s));
}

void Interp::gpu_only_operand(const Value& v, const Location& loc, std::vector<ir::Expr>* out) {
  switch (v.kind) {
    case VK::kNone:
      return;
    case VK::kTuple:
    case VK::kList:
      for (const auto& x : v.items) {
        gpu_only_operand(x, loc, out);
      }
      return;
    case VK::kBuffer:
      out->push_back(ir::RegionRef::make(ir::Region::full(v.buffer, loc), loc));
      return;
    case VK::kBufferSlice:
      out->push_back(ir::RegionRef::make(to_region(v, loc, "an operand"), loc));
      return;
    case VK::kStr:
      out->push_back(ir::StringImm::make(
          v.s.size() <= kMaxStringOperand ? v.s : v.s.substr(0, kMaxStringOperand) + "...", loc));
      return;
    case VK::kDType:
      out->push_back(ir::StringImm::make(v.dtype.str(), loc));
      return;
    case VK::kBool:
    case VK::kInt:
    case VK::kFloat:
    case VK::kExpr:
    case VK::kGpuOnly:
      out->push_back(to_expr(v, loc));
      return;
    default:
      out->push_back(ir::StringImm::make(type_name(v), loc));
      return;
  }
}

Value Interp::gpu_only_call(const std::string& construct, const CallArgs& args,
                            const std::string& use) {
  Value v;
  v.kind = VK::kGpuOnly;
  v.s = construct;
  auto bound = std::make_shared<BoundBuiltin>();
  bound->args = args.args;
  bound->kwargs = args.kwargs;
  v.bound = bound;
  if (builder_ == nullptr) {
    return v;  // a host-side value: usable only by kernel code
  }
  ir::Attrs attrs;
  attrs.set(ir::kGpuOnlyConstruct, construct);
  if (!use.empty()) {
    attrs.set(ir::kGpuOnlyUse, use);
  }
  std::vector<ir::Expr> operands;
  for (size_t i = 0; i < args.args.size(); ++i) {
    gpu_only_operand(args.args[i], args.arg_locs[i], &operands);
  }
  for (size_t k = 0; k < args.kwargs.size(); ++k) {
    const auto& [name, x] = args.kwargs[k];
    if (attrs.has(name)) {
      continue;
    }
    if (x.kind == VK::kInt) {
      attrs.set(name, x.i);
    } else if (x.kind == VK::kBool) {
      attrs.set(name, x.b);
    } else if (x.kind == VK::kFloat) {
      attrs.set(name, x.f);
    } else if (x.kind == VK::kStr && x.s.size() <= kMaxStringOperand) {
      attrs.set(name, x.s);
    } else {
      gpu_only_operand(x, args.kw_locs[k], &operands);
    }
  }
  v.expr = ir::Call::make(ir::DataType::int32(), ir::kGpuOnlyCall, operands, attrs,
                          args.callee_loc.known() ? args.callee_loc : args.loc);
  return v;
}

Value Interp::gpu_only_use(const Value& obj, std::vector<Value> operands, const std::string& use,
                           const Location& loc) {
  if (builder_ == nullptr) {
    gpu_only_error(obj, loc);
  }
  CallArgs args;
  args.loc = args.callee_loc = loc;
  for (auto& x : operands) {
    args.args.push_back(std::move(x));
    args.arg_locs.push_back(loc);
  }
  return gpu_only_call(obj.s, args, use);
}

ir::Expr Interp::gpu_only_expr(const Value& v, const Location& loc) {
  if (v.expr.defined()) {
    return v.expr;
  }
  if (builder_ == nullptr) {
    gpu_only_error(v, loc);
  }
  // A host-side GPU-only value (an emitter's attribute, say) read by kernel code.
  ir::Attrs attrs;
  attrs.set(ir::kGpuOnlyConstruct, v.s);
  return ir::Call::make(ir::DataType::int32(), ir::kGpuOnlyCall, {}, attrs, loc);
}

Value Interp::gpu_only_launch(const Value& ctx, const Location& loc) {
  auto spec = std::make_shared<LaunchSpec>();
  if (ctx.bound) {
    std::vector<ir::Expr> extents;
    for (const auto& a : ctx.bound->args) {
      gpu_only_operand(a, loc, &extents);
    }
    for (const auto& e : extents) {
      if (!e.dtype().is_integer()) {
        user_error(loc, "'" + ctx.s + "' grid extents must be integers");
      }
    }
    spec->extents = extents;
  }
  if (spec->extents.empty()) {
    spec->extents.push_back(ir::make_int(1, loc));  // one block, as T.Kernel()
    spec->no_grid = true;
  }
  if (spec->extents.size() > 3) {
    user_error(loc, fmt::format("'{}' takes 0 to 3 grid dimensions (got {})", ctx.s,
                                spec->extents.size()));
  }
  spec->attrs.set(ir::kGpuOnlyConstruct, ctx.s);
  Value v;
  v.kind = VK::kLaunchSpec;
  v.launch = spec;
  return v;
}

}  // namespace tltt::fe
