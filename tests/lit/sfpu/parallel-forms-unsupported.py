# The T.Parallel nests no lowering takes get a located error naming the construct that stops
# them (C2, src/passes/parallel_forms.cc): a serial loop inside the nest, a tensor element read
# as one run-time scalar for every element (of a tensor also read otherwise: tensors read
# only as scalars are staged by A1, tests/lit/sfpu/tensor-scalars.py), a tensor load under a
# condition at an index that is not a window of the nest (`X[i, j // 2]`; windows are staged by
# A1, tests/lit/passes/tensor-windows.py), a tensor store that is not a whole-tile copy (a
# diagonal write; a transposed one is swapped by A1, tests/lit/passes/vector-run-rows.py).
# RUN: not %tltt compile %s --stop-after=C2 --entry 'k(0)' 2>&1 | FileCheck %s --check-prefix=LOOP
# RUN: not %tltt compile %s --stop-after=C2 --entry 'k(1)' 2>&1 | FileCheck %s --check-prefix=SCALAR
# RUN: not %tltt compile %s --stop-after=C2 --entry 'k(2)' 2>&1 | FileCheck %s --check-prefix=COND
# RUN: not %tltt compile %s --stop-after=C2 --entry 'k(3)' 2>&1 | FileCheck %s --check-prefix=STORE
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[2])
def k(mode):
    M = 64
    dt = "float32"

    @T.prim_func
    def main(X: T.Tensor((M, M), dt), V: T.Tensor((M,), dt), Y: T.Tensor((M, M), dt)):
        with T.Kernel(1) as bx:
            x = T.alloc_shared((M, M), dt)
            y = T.alloc_fragment((M, M), dt)
            v = T.alloc_fragment((M,), dt)
            T.copy(X[0, 0], x)
            if mode == 0:
                for i, j in T.Parallel(M, M):
                    y[i, j] = x[i, j] * 0.5
                    for kk in T.serial(M):
                        y[i, j] += x[kk, i] * x[kk, j]
            if mode == 1:
                T.copy(V[0], v)  # V also read as a vector: its elements are not scalar reads
                for i in T.Parallel(M):
                    v[i] = V[bx]
                for i, j in T.Parallel(M, M):
                    y[i, j] = x[i, j] * v[i]
            if mode == 2:
                for i, j in T.Parallel(M, M):
                    if i < j:
                        y[i, j] = X[i, j // 2]
                    else:
                        y[i, j] = 0.0
            if mode == 3:
                T.copy(x, y)
                for i, j in T.Parallel(M, M):
                    Y[i, i] = y[i, j]
            if mode != 3:
                T.copy(y, Y[0, 0])

    return main


kernel = k(0)

# LOOP: parallel-forms-unsupported.py:31:21: error: a loop over 'kk' inside a T.Parallel nest (each element computed by its own serial loop; write a sum of products as T.gemm, other reductions as T.reduce_*) is not supported
# SCALAR: parallel-forms-unsupported.py:36:28: error: element 'V[bx{{.*}}]' of tensor 'V' read as one scalar for every element of a T.Parallel nest (a value known only at run time, broadcast) is not supported
# COND: parallel-forms-unsupported.py:42:35: error: a load of tensor 'X' ('X[i, j // 2]') under a condition (`if` or T.if_then_else) in a T.Parallel nest
# STORE: parallel-forms-unsupported.py:48:21: error: a store to tensor 'Y' at [i, i] in a T.Parallel nest (tensors are written by whole-tile copies
