// Tensor-parallel split of a reduction over the devices of a mesh (`--mesh RxC` with a mesh
// annotation sharding a dimension that a reduction loop walks, e.g. K of a GEMM): every device
// runs the whole block grid over its part of the reduction, its output holds partial sums, and
// the host program all-reduces them. Also reads the mesh annotations of the layout language.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// Attribute on an output of a split reduction: the tensor's own dtype (the per-device kernel
// writes float32 partial sums; TensorPlan::mesh_partial).
inline constexpr const char* kMeshPartialAttr = "tt.mesh_partial";

// A tensor's `mesh` layout field: `"replicated"`, or `{"dim": d, "axes": [...]}` (dimension d
// cut into equal chunks over the devices of the given mesh axes, row-major).
struct MeshAnnotation {
  std::optional<int64_t> dim;  // nullopt: replicated
  std::vector<int64_t> axes;
  Location loc;
};
using MeshAnnotations = std::map<std::string, MeshAnnotation>;

// The mesh fields of `f`'s layout annotations and of `--layout` (which overrides them), validated
// against the tensors and the mesh; errors are located at the annotation.
MeshAnnotations mesh_annotations(const ir::PrimFunc& f, PassContext& ctx, const ir::MeshPlan& mesh);

// True when an annotation shards a dimension (the reduction split applies).
bool shards_a_dimension(const MeshAnnotations& annotations);

// Splits the reduction loop that walks the annotated dimensions over the mesh: the loop's extent
// is divided by the device count, every tensor the loop indexes is cut along the dimension it
// walks (TensorPlan::mesh_dims kMeshDevices), the block grid is not split, and each output
// (written after the loop as the plain T.gemm accumulator) becomes float32 partial sums with
// kMeshPartialAttr. What cannot be split is a located error. Remark `infer-layout.mesh`.
ir::PrimFunc split_reduction_over_mesh(const ir::PrimFunc& f, PassContext& ctx, ir::MeshPlan* mesh,
                                       const MeshAnnotations& annotations);

// After the data-parallel split: a tensor annotated replicated must not have been split.
void check_replicated(const ir::PrimFunc& f, PassContext& ctx, const MeshAnnotations& annotations);

}  // namespace tltt::passes
