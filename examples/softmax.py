# Row softmax Y = softmax(X, axis=1), online form (classic): a first pass over column blocks
# keeps a running row maximum m and a running sum l of exp(x - m), rescaling l whenever m
# grows; a second pass writes exp(x - m) / l. exp(x) is computed as exp2(x * log2(e)).
import tilelang as tl
import tilelang.language as T


@tl.jit(out_idx=[1], pass_configs={"tl.enable_fast_math": True})
def online_softmax(M, N, block_M=32, block_N=128, num_stages=2, dtype="bfloat16"):
    accum_dtype = "float"
    log2e = 1.4426950408889634

    @T.prim_func
    def softmax(X: T.Tensor((M, N), dtype), Y: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M), threads=128) as bx:
            x_s = T.alloc_shared((block_M, block_N), dtype)
            y_s = T.alloc_shared((block_M, block_N), dtype)
            x = T.alloc_fragment((block_M, block_N), accum_dtype)
            m = T.alloc_fragment((block_M,), accum_dtype)
            m_prev = T.alloc_fragment((block_M,), accum_dtype)
            l = T.alloc_fragment((block_M,), accum_dtype)
            l_blk = T.alloc_fragment((block_M,), accum_dtype)

            T.fill(m, -T.infinity(accum_dtype))
            T.fill(l, 0)
            for k in T.Pipelined(T.ceildiv(N, block_N), num_stages=num_stages):
                T.copy(X[bx * block_M, k * block_N], x_s)
                T.copy(x_s, x)
                T.copy(m, m_prev)
                T.reduce_max(x, m, dim=1, clear=False)
                for i, j in T.Parallel(block_M, block_N):
                    x[i, j] = T.exp2((x[i, j] - m[i]) * log2e)
                T.reduce_sum(x, l_blk, dim=1)
                for i in T.Parallel(block_M):
                    l[i] = l[i] * T.exp2((m_prev[i] - m[i]) * log2e) + l_blk[i]
            for k in T.Pipelined(T.ceildiv(N, block_N), num_stages=num_stages):
                T.copy(X[bx * block_M, k * block_N], x_s)
                for i, j in T.Parallel(block_M, block_N):
                    y_s[i, j] = T.exp2((x_s[i, j] - m[i]) * log2e) / l[i]
                T.copy(y_s, Y[bx * block_M, k * block_N])

    return softmax


kernel = online_softmax(256, 512)
