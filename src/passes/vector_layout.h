// 1-D per-row / per-column vectors (reduction results, `m[i]`, gamma) as vector tiles, the way
// the hardware leaves a reduction: used by B3 before it maps element-wise nests.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// Attribute on a reshaped vector buffer: "col" (a per-row vector [L] stored as [L, 32], value
// i in row i, column 0: what reduce over dim 1 leaves and a column broadcast reads) or "row"
// (a per-column vector [L] stored as [32, L], value j in row 0, column j). Global tensors also
// get kVectorLogicalShape (their logical shape): the host program pads them into that layout.
inline constexpr const char* kVectorAttr = "tt.vector";
inline constexpr const char* kVectorLogicalShape = "tt.vector_logical_shape";
// Attribute on an on-chip vector of one element ([1], a value known only at run time): B3 reads
// its element as a scalar broadcast, also after padding made it a whole tile.
inline constexpr const char* kScalarElementAttr = "tt.scalar_element";

// Gives every 1-D buffer of `f` (on-chip and tensor parameters), and every tensor parameter of
// rank >= 2 that the kernel only copies 1-D runs of to and from 1-D on-chip buffers (per-row
// statistics `Delta[b, h, s0:s1]`; one vector per index of its other dimensions, which become
// outer dimensions, remark `infer-layout.vector-runs`), an orientation from how it is
// produced and used (reduce dim, `v[i]` vs `v[j]` in 2-D T.Parallel nests, copies and 1-D nests
// that tie buffers together) and rewrites it and all its accesses to the 2-D vector-tile form.
// A load in a 2-D nest against the orientation decided before reads a transposed twin of the
// vector (a copy made before the nest); other conflicting uses get a located error.
ir::PrimFunc reshape_vectors(const ir::PrimFunc& f, PassContext& ctx);

// Integer variables bound inside a T.Parallel nest to pure index arithmetic (`r = by * 32 + i`,
// no loads or calls) replaced by their values, so that every analysis of a tensor index (B3's
// staging of a nest's loads and stores, the stencil's shifted windows, the mesh split) sees the
// index itself, as if the kernel had written it inline (index_lets.cc). So are elements of integer
// tensors the function never writes read at such indices (`idx = TopkIndices[b, s, base + i]`).
ir::PrimFunc inline_index_lets(const ir::PrimFunc& f);
// On-chip 2-D blocks whose every use is a T.copy or T.gemm region over all their rows and a
// constant column range (`Q_shared[:, :D]`, `Q_shared[:, D:]`), the ranges' boundaries multiples
// of 32 and none crossing another's boundary, split into one block per part (`<name>_c<first
// column>`), each region the whole part; blocks with any other use stay (column_parts.cc).
ir::PrimFunc split_block_columns(const ir::PrimFunc& f);
// Tensors read only as scalars, element by element at indices that are the same for every
// element of their T.Parallel nest (`S[bz]`, `sink = S[bx]`, `d[0] = D[bz]`), as tensors of
// one element per vector tile (a trailing unit dimension), each read a copy of the element's
// tile into a one-element on-chip vector (B3: a scalar broadcast) (scalar_elements.cc).
ir::PrimFunc scalar_elements(const ir::PrimFunc& f);
// On-chip buffers copied whole from a tensor region and read only in `if` conditions (a
// block-sparse mask row) are replaced by reads of the tensor's elements (scalar_elements.cc).
ir::PrimFunc forward_condition_copies(const ir::PrimFunc& f);

// On a T.copy between a 1-D on-chip vector and a tensor run: the tensor dimension the run is
// along (an integer), for runs of one element, whose regions have no dimension of extent > 1.
inline constexpr const char* kRunDimAttr = "tt.run_dim";

// `S[base + i, c] = v[i]` in a 1-D T.Parallel nest over a whole on-chip vector (one index of a
// tensor of rank >= 2 runs with i, the others do not use it) as `T.copy(v, S[base:base + L, c])`
// (vector_run_stores.cc), before reshape_vectors decides the tensor's vector runs; under a
// constant bound `if i < k:` the copy of the vector's first k elements `T.copy(v[0:k], ..)`.
ir::PrimFunc vector_run_stores(const ir::PrimFunc& f);
// The mirror image: `v[i] = f(S[base + i, c], ..)` in a 1-D T.Parallel nest that stores whole
// on-chip vectors reads each such run as `T.copy(S[base:base + L, c], run)` (the store itself
// when f is the bare run), so S becomes a vector-run tensor too (vector_run_loads.cc).
ir::PrimFunc vector_run_loads(const ir::PrimFunc& f);

// "col", "row" or "" for a buffer after reshape_vectors.
std::string vector_kind(const ir::Buffer& b);

// A vector loaded in one T.Parallel nest against the orientation decided before (`g[i] - g[j]`,
// a per-row statistic read per column): those loads read `twin`, a copy of it in orientation
// `kind` (vector_twins.cc).
struct VectorTwin {
  ir::Buffer vector;
  const ir::For* nest = nullptr;
  std::string kind;
  std::set<const ir::BufferLoad*> loads;
  ir::Buffer twin;
};
// Makes each twin's buffer and rewrites `body`: the loads read the twin, and the nest starts
// with a copy of the vector into the twin (C2: a tile-by-tile transposition).
ir::Stmt add_vector_twins(const ir::Stmt& body, std::vector<VectorTwin>& twins, PassContext& ctx);
// Whether a and b are vectors of opposite orientations (a vector and its twin).
bool transposed_vectors(const ir::Buffer& a, const ir::Buffer& b);

}  // namespace tltt::passes
