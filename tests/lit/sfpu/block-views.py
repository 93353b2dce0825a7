# T.reshape views of on-chip blocks (A1, src/passes/onchip_views.h): a view that keeps the last
# dimension ([64, 64] as [2, 32, 64] or [4, 16, 64]) is folded into the block: the 3-D nest over
# it becomes a 2-D nest over the block (leading loops merged into one row loop, other uses of
# them as `row // 32` and `row % 32`), a region of one leading index becomes a row range. Other
# views get a located error that says why.
# RUN: %tltt compile %s --entry 'k(0)' --stop-after=A1 --print-after=A1 2>&1 | FileCheck %s --check-prefix=FOLD
# RUN: not %tltt compile %s --entry 'k(1)' --stop-after=A1 2>&1 | FileCheck %s --check-prefix=LAST
# RUN: %tltt compile %s --entry 'k(2)' --stop-after=A1 --print-after=A1 2>&1 | FileCheck %s --check-prefix=ROWS
# RUN: not %tltt compile %s --entry 'k(3)' --stop-after=A1 2>&1 | FileCheck %s --check-prefix=SPAN
# RUN: not %tltt compile %s --entry 'k(4)' --stop-after=A1 2>&1 | FileCheck %s --check-prefix=REDUCE
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[2, 3])
def k(mode):
    M = 64
    dt = "float32"

    @T.prim_func
    def main(X: T.Tensor((M, M), dt), G: T.Tensor((M,), dt), Y: T.Tensor((M, M), dt),
             Z: T.Tensor((2, 16, M), dt)):
        with T.Kernel(1) as bx:
            s = T.alloc_fragment((M, M), dt)
            g = T.alloc_fragment((M,), dt)
            o = T.alloc_fragment((2, 32), dt)
            T.copy(X[0, 0], s)
            T.copy(G[0], g)
            if mode == 0:
                v = T.reshape(s, (2, 32, M))
                for a, r, n in T.Parallel(2, 32, M):
                    v[a, r, n] = v[a, r, n] * g[n] + a
                T.copy(v[1, 0:32, 0:M], Y[32, 0])
            if mode == 1:
                v = T.reshape(s, (M, 2, 32))
                for a, r, n in T.Parallel(M, 2, 32):
                    v[a, r, n] = v[a, r, n] * 2.0
            if mode == 2:
                v = T.reshape(s, (4, 16, M))
                for a, r, n in T.Parallel(4, 16, M):
                    v[a, r, n] = v[a, r, n] * 2.0
            if mode == 3:
                v = T.reshape(s, (2, 32, M))
                T.copy(v[0:2, 0:16, 0:M], Z[0:2, 0:16, 0:M])
            if mode == 4:
                v = T.reshape(s, (2, 32, M))
                T.reduce_sum(v, o, dim=2)
            T.copy(s, Y[0, 0])

    return main


kernel = k(0)

# FOLD-NOT: T.reshape
# FOLD: for a_row in parallel(0 +: 64) {
# FOLD-NEXT: for n in parallel(0 +: 64) {
# FOLD-NEXT: s[a_row, n] = s[a_row, n] * g[0, n] + cast(float32, a_row // 32)
# FOLD: copy s[32 +: 32, 0 +: 64] -> Y[32 +: 32, 0 +: 64]
# LAST: block-views.py:35:21: error: 'T.reshape' (buffer 'v', a view of on-chip block 's' with shape [64, 2, 32]) has no Tenstorrent lowering: it changes the last dimension (64 into 32); a view maps onto the same tiles only when it keeps the last dimension and splits the rows
# ROWS-NOT: T.reshape
# ROWS: for a_row in parallel(0 +: 64) {
# ROWS-NEXT: for n in parallel(0 +: 64) {
# ROWS-NEXT: s[a_row, n] = s[a_row, n] * 2.0f
# SPAN: block-views.py:44:24: error: region of 'v' (a T.reshape view of on-chip block 's') spans several indices of dimension 0: only regions of one index of each leading dimension map onto rows of the block
# REDUCE: block-views.py:47:17: error: T.reduce of 'v', a T.reshape view of on-chip block 's' with 3 dimensions, has no Tenstorrent lowering yet; reduce a 2-D block, or the whole view along its last dimension into a vector of one element per row of the block
