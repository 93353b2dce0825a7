# Row softmax in the eager form: the same online algorithm as softmax.py (running max and sum
# over column blocks, then a second pass that normalizes).
import tilelang
import tilelang.language as T


@tilelang.jit
def online_softmax(X, block_M=32, block_N=128, num_stages=2, dtype=T.bfloat16,
                   accum_dtype=T.float32):
    M, N = T.const("M, N")
    X: T.Tensor((M, N), dtype)
    Y = T.empty((M, N), dtype)
    log2e = 1.4426950408889634

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

    return Y


kernel = online_softmax.compile(M=256, N=512)
