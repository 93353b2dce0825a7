# B4a `fast-exponential` divides the fast exponential by its value at 0 (125/128) where its
# values rescale a running state once per iteration of a loop: an online softmax-weighted row
# mean over column blocks, `acc = acc * exp2(m_prev - m) + rowsum(p * v)`, `l` likewise, y = acc /
# l (flash attention's output rescale). The factor of every block whose maximum did not move is
# then exactly 1; with the plain fast exponential it was 125/128, compounding over the blocks
# (the first of 16 blocks weighed 0.70 against the last). The exponential of the weights p stays
# plain tile.exp_fast: its errors average out in the sums.
# RUN: %tltt compile %s --stop-after=B4a --print-after=B4a --remarks=B4a 2>&1 | FileCheck %s
# RUN: %tltt run %s | FileCheck %s --check-prefix=RESULT
import tilelang as tl
import tilelang.language as T


@tl.jit(out_idx=[2], pass_configs={"tl.enable_fast_math": True})
def weighted_mean(M, N, block_M=32, block_N=32):
    accum = "float"
    log2e = 1.4426950408889634

    @T.prim_func
    def main(X: T.Tensor((M, N), "bfloat16"), V: T.Tensor((M, N), "bfloat16"),
             Y: T.Tensor((M,), accum)):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as bx:
            x = T.alloc_fragment((block_M, block_N), accum)
            v = T.alloc_fragment((block_M, block_N), accum)
            m = T.alloc_fragment((block_M,), accum)
            m_prev = T.alloc_fragment((block_M,), accum)
            f = T.alloc_fragment((block_M,), accum)
            l = T.alloc_fragment((block_M,), accum)
            acc = T.alloc_fragment((block_M,), accum)
            s = T.alloc_fragment((block_M,), accum)
            t = T.alloc_fragment((block_M,), accum)
            T.fill(m, -T.infinity(accum))
            T.fill(l, 0)
            T.fill(acc, 0)
            for k in T.Pipelined(T.ceildiv(N, block_N), num_stages=1):
                T.copy(X[bx * block_M, k * block_N], x)
                T.copy(V[bx * block_M, k * block_N], v)
                T.copy(m, m_prev)
                T.reduce_max(x, m, dim=1, clear=False)
                for i in T.Parallel(block_M):
                    f[i] = T.exp2((m_prev[i] - m[i]) * log2e)
                for i, j in T.Parallel(block_M, block_N):
                    x[i, j] = T.exp2((x[i, j] - m[i]) * log2e)
                T.reduce_sum(x, s, dim=1)
                for i, j in T.Parallel(block_M, block_N):
                    x[i, j] = x[i, j] * v[i, j]
                T.reduce_sum(x, t, dim=1)
                for i in T.Parallel(block_M):
                    l[i] = l[i] * f[i] + s[i]
                for i in T.Parallel(block_M):
                    acc[i] = acc[i] * f[i] + t[i]
            for i in T.Parallel(block_M):
                acc[i] = acc[i] / l[i]
            T.copy(acc, Y[bx * block_M])

    return main


kernel = weighted_mean(64, 512)

# CHECK: fast-exponential-rescale.py:40:17: remark: exp and exp2 use the fast exponential divided by its value at 0 (125/128){{.*}} [fast-exponential.unit-at-zero]
# CHECK: fast-exponential-rescale.py:42:17: remark: exp and exp2 use the SFPU's fast approximate exponential {{.*}} [fast-exponential.fast]
# CHECK: tt.sfpu(region(m_prev), region(m), region(f), tile.mul(tile.exp_fast({{.*}}), 1.024f))
# CHECK: tt.sfpu(region(x), region(m), region(x), tile.exp_fast(
# RESULT: PASS pcc
