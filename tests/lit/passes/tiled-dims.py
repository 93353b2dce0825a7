# A1 chooses the tiled dimensions of a rank-3+ tensor from the dimensions its accesses span:
# BSHD [batch, seq, heads, dim] tensors accessed as X[b, rows, h, :] tile on (seq, dim) with batch
# and heads outer; BHSD tensors and batched GEMM operands keep their last two.
# RUN: %tltt compile %s --entry 'copy_rows(2, 64, 2, 64, "bshd")' --remarks=A1 --verify-diagnostics
# RUN: %tltt compile %s --entry 'copy_rows(2, 64, 2, 64, "bshd")' --stop-after=infer-layout --print-after=infer-layout | FileCheck %s --check-prefix=PLAN
# RUN: %tltt compile %s --entry 'copy_rows(2, 2, 64, 64, "bhsd")' --remarks=A1 2>&1 | FileCheck %s --check-prefix=BHSD
# RUN: %tltt compile %s --entry 'copy_rows(2, 64, 2, 64, "bshd")' -o %t && FileCheck %s --check-prefix=HOST < %t/main.cpp
# RUN: %tltt compile %s --entry 'copy_rows(2, 64, 2, 64, "bshd")' -o %t && FileCheck %s --check-prefix=JSON < %t/tt.plan.json
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def copy_rows(d0, d1, d2, dim, form):

    @T.prim_func
    def kernel(
            # expected-remark@+2 {{tensor 'X': tiles on dimensions 1 and 3, outer dimensions 0, 2: its accesses span only those two (first at line 28)}}
            # expected-remark@+1 {{tensor 'X': DRAM interleaved, 2x2 matrices of 2x2 tiles of 2048 bytes (the default: no T.annotate_layout or --layout names it)}}
            X: T.Tensor((d0, d1, d2, dim), "bfloat16"),
            # expected-remark@+2 {{tensor 'Y': tiles on dimensions 1 and 3, outer dimensions 0, 2: its accesses span only those two (first at line 34)}}
            # expected-remark@+1 {{tensor 'Y': DRAM interleaved, 2x2 matrices of 2x2 tiles of 2048 bytes (the default: no T.annotate_layout or --layout names it)}}
            Y: T.Tensor((d0, d1, d2, dim), "bfloat16")):
        with T.Kernel(2, 2, 2) as (bx, h, b):
            x = T.alloc_shared((32, dim), "bfloat16")
            y = T.alloc_fragment((32, dim), "float32")
            if form == "bshd":
                T.copy(X[b, bx * 32:(bx + 1) * 32, h, :], x)
            else:
                T.copy(X[b, h, bx * 32:(bx + 1) * 32, :], x)
            for i, j in T.Parallel(32, dim):
                y[i, j] = x[i, j] * 2.0
            if form == "bshd":
                T.copy(y, Y[b, bx * 32:(bx + 1) * 32, h, :])
            else:
                T.copy(y, Y[b, h, bx * 32:(bx + 1) * 32, :])

    return kernel


# PLAN: tensor X: bfloat16[2, 64, 2, 64] DRAM interleaved, dims [0, 2, 1, 3] tiled [2, 2, 64, 64]
# PLAN: copy X[b +: 1, h +: 1, bx * 32 +: 32, 0 +: 64] -> x
# BHSD-NOT: [infer-layout.tiled-dims]
# BHSD: remark: tensor 'X': DRAM interleaved, 2x2 matrices of 2x2 tiles of 2048 bytes
# HOST: host = permute_dims(host, {2, 64, 2, 64}, {0, 2, 1, 3}, true);
# HOST: permute_dims(untilize_nfaces(tiled, 256, 64), {2, 64, 2, 64}, {0, 2, 1, 3}, false)
# JSON: "dim_order": [
