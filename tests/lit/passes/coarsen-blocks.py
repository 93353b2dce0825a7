# A1 groups the blocks of a one-row-per-block (or one-column-per-block) kernel 32 at a time into
# tile-high (tile-wide) blocks, and says why it cannot when the grid or the indexing does not fit.
# RUN: %tltt compile %s --entry 'rows(256, 64, "ok")' --remarks=A1 2>&1 | FileCheck %s --check-prefix=ROWS
# RUN: %tltt compile %s --entry 'rows(256, 64, "ok")' --stop-after=infer-layout --print-after=infer-layout | FileCheck %s --check-prefix=IR
# RUN: %tltt compile %s --entry 'cols(64, 128)' --remarks=A1 2>&1 | FileCheck %s --check-prefix=COLS
# RUN: %tltt compile %s --entry 'rows(100, 64, "ok")' --remarks=A1 -o %t 2>&1 | FileCheck %s --check-prefix=PARTIAL
# RUN: not %tltt compile %s --entry 'rows(100, 64, "fewer")' -o %t 2>&1 | FileCheck %s --check-prefix=GRID
# RUN: not %tltt compile %s --entry 'rows(256, 64, "scalar_use")' -o %t 2>&1 | FileCheck %s --check-prefix=USE
# RUN: %tltt compile %s --entry 'scaled(100, 64, False)' --stop-after=infer-layout --print-after=infer-layout | FileCheck %s --check-prefix=SHARED
# RUN: not %tltt compile %s --entry 'scaled(96, 64, True)' -o %t 2>&1 | FileCheck %s --check-prefix=SHAREDSTORE
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def rows(M, N, case):

    @T.prim_func
    # ROWS: coarsen-blocks.py:[[@LINE+6]]:9: remark: blocks of one row: 32 consecutive values of grid dimension 'r' form one 32-row block (grid 256 -> 8); on-chip buffers grow to 32 rows [infer-layout.coarsen]
    # A grid over exactly the tensors' rows may end with a partial group (the device padding);
    # a grid over fewer rows than the tensors have may not.
    # PARTIAL: coarsen-blocks.py:[[@LINE+3]]:9: remark: blocks of one row: 32 consecutive values of grid dimension 'r' form one 32-row block (grid 100 -> 4, the last one partial); on-chip buffers grow to 32 rows [infer-layout.coarsen]
    # GRID: coarsen-blocks.py:[[@LINE+2]]:9: error: blocks of one row cannot be grouped into 32-row tiles: grid dimension 'r' has extent 97, neither a multiple of 32 nor the row count of every tensor it indexes
    def kernel(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(M - 3 if case == "fewer" else M) as r:
            # IR: launch (r < 8) {
            # IR: alloc x: fragment float32[32, 64]
            x = T.alloc_fragment((1, N), "float32")
            s = T.alloc_fragment((1,), "float32")
            # IR: copy X[r * 32 +: 32, 0 +: 64] -> x
            T.copy(X[r, 0:N], x)
            T.reduce_sum(x, s, dim=1)
            # IR: for i in parallel(0 +: 32) {
            for i, j in T.Parallel(1, N):
                if case == "scalar_use":
                    # USE: coarsen-blocks.py:[[@LINE+1]]:31: error: cannot group the one-row blocks of this kernel into tiles: 'r' is used here other than as the row of a tensor region or as `r + i` with `i` a T.Parallel loop over the block
                    x[i, j] = x[i, j] * r
                else:
                    x[i, j] = x[i, j] - s[i]
            T.copy(x, Y[r, 0:N])

    return kernel


# A vector shared by the rows (a scale along the row) keeps its shape; per-row statistics stored
# element by element into a 1-D tensor follow the rows. A shared vector that a nest stores to
# could accumulate over the rows, so the kernel is left as written (and rejected later).
@tilelang.jit(out_idx=[-2, -1])
def scaled(M, N, store_shared):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), g: T.Tensor((N,), "float32"),
               Y: T.Tensor((M, N), "float32"), S: T.Tensor((M,), "float32")):
        # SHARED: launch (r < 4) {
        with T.Kernel(M) as r:
            # SHARED: alloc x: fragment float32[32, 64]
            x = T.alloc_fragment((1, N), "float32")
            # SHARED: alloc gs: shared float32[32, 64] {tt.vector = "row"}
            gs = T.alloc_shared((N,), "float32")
            s = T.alloc_fragment((1,), "float32")
            T.copy(X[r, 0:N], x)
            T.copy(g, gs)
            T.reduce_sum(x, s, dim=1)
            # SHARED: for i in parallel(0 +: 32) {
            # SHARED-NEXT: S[r * 32 + i, 0] = s[i, 0]
            for i in T.Parallel(1):
                S[r + i] = s[i]
            for i, j in T.Parallel(1, N):
                # SHAREDSTORE: error: element-wise loop over 'x' of shape [1, 64]: blocks smaller than a 32x32 tile
                x[i, j] = x[i, j] * gs[j]
                if store_shared:
                    gs[j] = x[i, j]
            T.copy(x, Y[r, 0:N])

    return kernel


@tilelang.jit(out_idx=[-1])
def cols(M, N):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        # COLS: remark: blocks of one column: 32 consecutive values of grid dimension 'c' form one 32-column block (grid 128 -> 4); on-chip buffers grow to 32 columns [infer-layout.coarsen]
        with T.Kernel(N) as c:
            x = T.alloc_fragment((M, 1), "float32")
            T.copy(X[0:M, c], x)
            for i, j in T.Parallel(M, 1):
                x[i, j] = x[i, j] * 2.0
            T.copy(x, Y[0:M, c])

    return kernel
