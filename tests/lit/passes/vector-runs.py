# A1 lays out a tensor of rank >= 2 that the kernel only copies 1-D runs of to and from 1-D
# on-chip vectors (per-row statistics [batch, heads, seq]) as one vector tile per index of its
# other dimensions, oriented like the vector it is copied with: per-row ([L, 32]) for a
# reduction's result or a `v[i]` broadcast, per-column ([32, L]) for a `v[j]` broadcast. A run
# along a dimension other than the last moves that dimension last (dim_order).
# RUN: %tltt compile %s --entry 'stats(2, 2, 64, "write")' --remarks=A1 2>&1 | FileCheck %s --check-prefix=WRITE
# RUN: %tltt compile %s --entry 'stats(2, 2, 64, "write")' --stop-after=infer-layout --print-after=infer-layout | FileCheck %s --check-prefix=PLAN
# RUN: %tltt compile %s --entry 'stats(2, 2, 64, "write")' -o %t && FileCheck %s --check-prefix=HOST < %t/main.cpp
# RUN: %tltt compile %s --entry 'stats(2, 2, 64, "read_cols")' --remarks=A1 2>&1 | FileCheck %s --check-prefix=COLS
# RUN: %tltt compile %s --entry 'stats(2, 2, 64, "read_cols")' -o %t2 && FileCheck %s --check-prefix=HOSTCOLS < %t2/main.cpp
# RUN: %tltt compile %s --entry 'stats(2, 2, 64, "heads_last")' --stop-after=infer-layout --print-after=infer-layout | FileCheck %s --check-prefix=LAST
# RUN: %tltt compile %s --entry 'stats(2, 32, 64, "block")' --remarks=A1 2>&1 | FileCheck %s --check-prefix=BLOCK
import tilelang
import tilelang.language as T


@tilelang.jit
def stats(batch, heads, seq, form):
    X = T.Tensor((batch, heads, seq, 32), "float32")
    S = T.Tensor((batch, seq, heads) if form == "heads_last" else (batch, heads, seq), "float32")
    Y = T.Tensor((batch, heads, seq, 32), "float32")

    @T.prim_func
    def kernel(X: X, S: S, Y: Y):
        with T.Kernel(heads, seq // 32, batch) as (h, bs, b):
            x = T.alloc_fragment((32, 32), "float32")
            y = T.alloc_fragment((32, 32), "float32")
            v = T.alloc_fragment((32,), "float32")
            T.copy(X[b, h, bs * 32:(bs + 1) * 32, :], x)
            if form == "write":
                T.reduce_sum(x, v, 1)
                T.copy(v, S[b, h, bs * 32:(bs + 1) * 32])
            elif form == "heads_last":
                T.reduce_max(x, v, 1)
                T.copy(v, S[b, bs * 32:(bs + 1) * 32, h])
            elif form == "read_cols":
                T.copy(S[b, h, bs * 32:(bs + 1) * 32], v)
                for i, j in T.Parallel(32, 32):
                    y[i, j] = x[i, j] - v[j]
                T.copy(y, Y[b, h, bs * 32:(bs + 1) * 32, :])
            else:
                # S read as a 2-D block: tiled as usual, no vector tiles.
                T.copy(S[b, 0:32, bs * 32:(bs + 1) * 32], y)
                for i, j in T.Parallel(32, 32):
                    y[i, j] = x[i, j] + y[i, j]
                T.copy(y, Y[b, h, bs * 32:(bs + 1) * 32, :])

    return kernel


# WRITE: remark: tensor 'S': per-row ([L, 32]) vector tiles of dimension 2, one per index of dimensions 0, 1: its accesses copy runs of dimension 2 to and from 1-D buffers (first at line 32) [infer-layout.vector-runs]
# WRITE: remark: tensor 'S': DRAM interleaved, 2x2 matrices of 2x1 tiles of 4096 bytes
# PLAN: tensor S: float32[2, 2, 64] DRAM interleaved, col vector [2, 2, 64, 32]
# PLAN: copy v -> S[b +: 1, h +: 1, bs * 32 +: 32, 0 +: 32]
# HOST-NOT: permute_dims
# HOST: gather_vector(untilize_nfaces(tiled, 256, 32), 256, true, 64)
# COLS: remark: tensor 'S': per-column ([32, L]) vector tiles of dimension 2, one per index of dimensions 0, 1
# COLS: remark: tensor 'S': DRAM interleaved, 2x2 matrices of 1x2 tiles of 4096 bytes
# HOSTCOLS: read_tensor(data_dir, "S", 256, host)
# HOSTCOLS-NEXT: return 1;
# HOSTCOLS-NEXT: }
# HOSTCOLS-NEXT: host = spread_vector(host, false, 64);
# HOSTCOLS-NEXT: tilize_nfaces(host, 128, 64)
# LAST: tensor S: float32[2, 64, 2] DRAM interleaved, col vector [2, 2, 64, 32], dims [0, 2, 1]
# LAST: copy v -> S[b +: 1, h +: 1, bs * 32 +: 32, 0 +: 32]
# BLOCK-NOT: [infer-layout.vector-runs]
# BLOCK: remark: tensor 'S': DRAM interleaved, 2 matrices of 1x2 tiles
