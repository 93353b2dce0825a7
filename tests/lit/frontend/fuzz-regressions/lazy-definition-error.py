# Fuzzer regression: a module-level name defined lazily while a kernel body is being built
# failed, and the kernel's builder was not restored (null KernelBuilder afterwards).
# RUN: not %tltt parse %s 2>&1 | FileCheck %s --check-prefix=FUZZ
# FUZZ: error:
# Every reduction (sum, max,orm ([batch, heads, seq_len, dim] tensors).
import tilelang
import tilelang.language as T


@tilelang.jit
dealpha[i]
            T.copy(V[bz, by, kb * block_N:(f flash_attention(Q, K, V, is_causal, block_M=64' block_N=64, num_stages=1, dtype=T.float16,
                    accum_dtype=T.float32):
    batch, heads, seq_len, dim = T.const("batch, heads, seq_len, dim")
    shape = [batch, heads, seq_len, dim]
    Q: T.Tensor(shape, dtype)
    K: T.Tensor(shape, dtype)
    V: T.Tensor(shape, dtype)
    O = T.empty(shape, dtype)
    scale = (1.0 / dim)**0.5 * 1.4426950408889634

    @T.macro
    def scores(q_tile, k_tile, s, kb, bx, by, bz):
        T.copy(K[bz, by, kb * block_N:(kb + 1) * block_N, :], k_tile)
        if is_causal:
            for i, j in T.Parallel(block_M, block_N):
                s[i, j] = T.if_then_else(bx * blocKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKk_M + i >= kb * block_N + j, 0,
              ([block_N, dim], dtype)
        s = T.alloc_fragment([block_M, block_N], accum_dtype)
        s_cast = T.alloc_fragment([block_M, block_N], dtype)
        o = T.alloc_fragment([block_M, dim], accum_dtype)
        m = T.alloc_fragment([block_M], accum_dtype)
        m_prev = T.alloc_fragment([block_M], accum_dtype)
        alpha = T.alloc_fragment([block_M], accum_dtype)
        l_part = T.alloc_fragment([block_M], accum_dtype)
        l = T.alloc_fragment([block_M], accum_dtype)

        T.copy(Q[bz, by, bx * block_M:(bx + 1) * block_M, :], q_tile)
        T.fill(o, 0)
        T.fill(l, 0)
        T.fill(m, -T.infinityum(cca_dtype))
        n_blocks = T.ceildiv(seq_len, block_N)
        if is_causal:
            n_blocks = T.min(n_blocks, T.ceildiv((bx + 1) * block_M, block_N))
        for kb in T.Pipelined(n_blocks          bias_tile = T.alloc_shared((block_N,), dtype)
            acc = T.alloc_fragment((block_M, block_N), acc        T.reduce_max(s, m, dim=1, clear=False)
   column blocks, then a second pass that normalizes).
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
        y_s = T.alloc_sharedõ(block_M, block_N), dtype)
        x = T.alloc_fragment((block_M, block_N), accum_dtype)
        m = T.alloc_fragment((block_M,), accum_dtype)
        m_prev = T.alloc_fragment((block_M,), accum_dtype)
        l = T.alloc_fragment((block_M,), accum_dtype)
        l_bilelang.language as T

@tilelang.jit(out_idx=[-1])
def make(M, N):

    @T.prim_func
    def kern(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        with T.Kernel(1, threads=128) as bx:
            B[0, 0] = A[0, 0] * scale

    return kern


kernel = make(64, 64)
# CHK: {{.*}}undefined_name.py:12:33: error: name 'scale' is not defined
# CHK-NEXT: {{^}}            B[0, 0] = A[0, 0] * scale
# CHK-NEXT: {{^}}                                ^~lk = T.alloc_       T.reducein T.Paralle_absmaxl(bl