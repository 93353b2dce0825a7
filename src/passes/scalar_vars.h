// A1: kernel-local integer scalars (`T.alloc_var("int32")`, `T.alloc_local([1], "int32")`)
// written as lets, so that every kernel (reader, compute, writer) computes them alike from the
// values it has: grid indices, loop variables, runtime arguments and index-tensor elements (which
// D3 reads in the reader and hands to compute and the writer, passes/index_mailbox.h).
#pragma once

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// `f` with every on-chip one-element integer (or bool) buffer that is only read and written
// element 0 (loads, stores, T.fill/T.clear) replaced by values:
// - a store in straight-line code binds a let (`cur = bs[b]` -> `let cur = bs[b] { rest }`), a
//   later load reads the let's variable;
// - an `if` or a serial loop that only assigns such scalars (and binds lets) is evaluated here:
//   an `if` merges its branches with selects (`cur = T.if_then_else(c, a, cur)`), a loop is
//   unrolled (a constant trip count, or one bounded through the grid: `for i in T.serial(bz)`
//   runs up to the grid's last index with iterations past `bz` not applied), each iteration a
//   let; up to 64 iterations;
// - a scalar assigned in an `if` or loop that also does other work keeps the value assigned
//   there inside it (each iteration its own); reading it after that statement, or reading in a
//   loop a value the previous iteration assigned, is a located error, as is a read before the
//   first assignment.
// Other one-element buffers (float scalars, or integer ones copied as regions) are left alone.
ir::PrimFunc scalar_var_lets(const ir::PrimFunc& f, PassContext& ctx);

// Counting `while` loops as serial loops (counted_whiles.cc): the kernels carry no state from
// one iteration to the next, so a scalar advanced by a constant is written in closed form.
// Each `while v < n:` (or `v <= n`, `n > v`, `n >= v`) whose body ends with `v = v + c`:
// - v a one-element on-chip integer scalar (T.alloc_var, T.alloc_local([1])) used at element 0;
// - n free of every buffer the body writes (loads of tensors, grid indices, constants);
// - the body's last statement (through its allocations and lets) the only store of v, whose
//   value, with the body's lets inlined, is v's value at the top of the iteration plus a
//   positive integer constant c;
// becomes (v's loads before the final store all read its value before the loop)
//   for v_iter in T.serial(ceildiv(n - v, c)):   # n + 1 - v for `<=`
//     body, its reads of v being v + v_iter * c, its last store dropped
//   v = v + max(ceildiv(n - v, c), 0) * c
// (a trip count of zero or less runs no iteration). A1's scalar lets then compute the count in
// each kernel. Other `while`s are left for A1's located error.
ir::PrimFunc counted_whiles(const ir::PrimFunc& f);
// A1's located error for a `while` counted_whiles leaves (it names the form that is lowered).
const char* uncounted_while_error();

// Kernel-local float scalars (one-element on-chip float buffers) assigned outside T.Parallel
// nests from tensor elements: `s[0] = T[idx]` becomes the copy `T[idx +: 1] -> s`, and each
// float tensor element another such value reads (`s[0] = T.max(s[0], T[idx])`) is copied first
// into a one-element fragment of its own that the value reads instead (scalar_stores.cc). A1
// lays these blocks out as one tile with the value at (0, 0); B3 computes the assignments.
ir::PrimFunc stage_scalar_stores(const ir::PrimFunc& f);

// 1-D on-chip float buffers whose every element holds one value (each store the whole body of a
// 1-D T.Parallel nest, `v[i] = e` with e free of i and of on-chip loads; otherwise only loaded:
// a per-block value broadcast into a vector, `sinks[i] = Sinks[h]`) become one-element scalars:
// the nest the store `s[0] = e`, every load `s[0]` (scalar_stores.cc). Before scalar_elements,
// which stages the tensor elements such a store reads.
ir::PrimFunc scalarize_uniform_vectors(const ir::PrimFunc& f);

}  // namespace tltt::passes
