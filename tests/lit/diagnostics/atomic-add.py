# T.atomic_add into a global tensor (issue 13, atomics): the blocks of the grid dimension the
# destination does not depend on (the split of a split-K GEMM) run in order as a serial loop
# inside one block, which copies C's block in once, adds each partial to it and copies the sum
# back: a deterministic sum, and an in-place update of C for A3. `tltt run` starts C from random
# values and checks its final contents (C + A @ B). Rejected forms: atomic-add-errors.py and
# atomic-add-overlap.py.
# RUN: %tltt compile %S/../../e2e/kernels/gemm_split_k.py --entry 'splitk(256, 256, 1024, 64, 64, 32, 4)' --remarks=A1,A3 --print-after=A1 -o %t 2>&1 | FileCheck %s --check-prefix=TILE
# RUN: %tltt run %S/../../e2e/kernels/gemm_split_k.py --entry 'splitk_elem(128, 128, 512, 64, 64, 32, 2)' --remarks=A1 2>&1 | FileCheck %s --check-prefix=ELEM
# RUN: %tltt run %S/../../e2e/kernels/gemm_split_k.py --entry 'splitk(128, 64, 256, 64, 64, 32, 4)' --device p150 | FileCheck %s --check-prefix=PASS
# RUN: %tltt run %s | FileCheck %s --check-prefix=PASS
# RUN: %tltt run %s --entry 'column_sums(128, 64, 32)' --device p150 --remarks=A1 2>&1 | FileCheck %s --check-prefix=COLS

# TILE: remark: T.atomic_add into 'C': the blocks of grid dimension(s) 'bz' < 4 add to the same region; strategy 'serialised split': they run in order as a serial loop inside one block (grid 4x4x4 -> 4x4)
# TILE-SAME: [infer-layout.atomic-add]
# TILE: remark: tensor 'C' is updated in place
# TILE: launch (bx < 4, by < 4) {
# TILE: copy C[by * 64 +: 64, bx * 64 +: 64] -> C_sum
# TILE-NEXT: for bz in serial(0 +: 4) {
# TILE: gemm a, b -> acc
# TILE: C_sum[i0, i1] = C_sum[i0, i1] + acc[i0, i1]
# TILE: copy C_sum -> C[by * 64 +: 64, bx * 64 +: 64]

# ELEM: remark: T.atomic_add into 'C': the blocks of grid dimension(s) 'bz' < 2
# ELEM: PASS

# COLS: remark: T.atomic_add into 'S': the blocks of grid dimension(s) 'bx' < 4 add to the same region; strategy 'serialised split': they run in order as a serial loop inside one block (grid 4 -> 1)
# COLS: remark: T.atomic_add into 'Q'
# COLS: PASS
# PASS: PASS
import tilelang
import tilelang.language as T


# Every block adds to a region of its own: the atomic add is an in-place update, no loop.
@tilelang.jit(out_idx=[])
def add_blocks(M, N, bm, bn):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            x = T.alloc_shared((bm, bn), "float32")
            T.copy(X[by * bm, bx * bn], x)
            T.atomic_add(Y[by * bm, bx * bn], x)

    return kernel


kernel = add_blocks(128, 128, 64, 64)


# Column sums and sums of squares of all blocks, as LayerNorm's backward accumulates dgamma and
# dbeta: two element-wise adds in one T.Parallel nest over 1-D tensors; the grid's only
# dimension is the split, so one block sums all of them.
@tilelang.jit(out_idx=[])
def column_sums(M, N, bm):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "bfloat16"), S: T.Tensor((N,), "float32"),
               Q: T.Tensor((N,), "float32")):
        with T.Kernel(T.ceildiv(M, bm)) as bx:
            x = T.alloc_shared((bm, N), "bfloat16")
            xx = T.alloc_fragment((bm, N), "float32")
            s = T.alloc_fragment((N,), "float32")
            q = T.alloc_fragment((N,), "float32")
            T.copy(X[bx * bm, 0], x)
            T.reduce_sum(x, s, dim=0)
            for i, j in T.Parallel(bm, N):
                xx[i, j] = x[i, j] * x[i, j]
            T.reduce_sum(xx, q, dim=0)
            for j in T.Parallel(N):
                T.atomic_add(S[j], s[j])
                T.atomic_add(Q[j], q[j])

    return kernel
