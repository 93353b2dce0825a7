// Accumulating stores in T.Parallel nests (`o[i] += a[i, j]`, the T.alloc_reducer form) lowered
// as reductions (part of A1 infer-layout).
#pragma once
#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// A 2-D T.Parallel nest whose one statement is `r[v] = r[v] + e`, `T.max(r[v], e)` or
// `T.min(r[v], e)`, with `r` a 1-D on-chip buffer indexed by one loop variable `v` of the nest,
// folds `e` over the other loop variable into `r`: the nest becomes the block of terms (`e`
// itself when it is a whole on-chip block, else a new fragment `<r>_terms` filled by the nest)
// and a T.reduce_sum/max/min along that axis with clear=False. This is what a reducer
// (T.alloc_reducer, T.finalize_reducer) computes on a GPU; a tile program needs no replicas to
// combine. Remark `infer-layout.reducer`.
ir::PrimFunc lower_reducer_updates(const ir::PrimFunc& f, PassContext& ctx);

// First (reducer_split.cc): a 2-D T.Parallel nest whose statements (lets substituted) are stores,
// some of them such accumulating stores, becomes the nest of the other statements followed by
// one nest per accumulating store, when no other statement reads an accumulator and no
// accumulation reads what a later statement stores (`dx[i, j] = ..; dgamma[j] += dy[i, j] *
// xh[i, j]`, a norm's backward). Other nests are returned as they are.
ir::Stmt split_reducer_stores(const ir::Stmt& body);

// A 2-D T.Parallel nest over a whole on-chip block x whose last statement is a serial loop
// `for k: x[i, j] = x[i, j] + a[i, k] * b[k, j]` (either operand order, a as [k, i] or b as
// [j, k] for transposed operands, whole on-chip blocks the earlier statements do not touch)
// becomes the nest of the earlier statements, then T.gemm(a, b, x, clear_accum=False)
// (parallel_gemms.cc). Remark `infer-layout.parallel-gemm`.
ir::PrimFunc lower_parallel_gemms(const ir::PrimFunc& f, PassContext& ctx);

}  // namespace tltt::passes
