# Pipeline fuzzer regression: a kernel body cut short by a dedent left an allocation with an empty
# body, which the front end sealed with a placeholder statement (`0`) that D1 (split-kernel) did
# not expect (internal compiler error); empty bodies are now empty statement lists.
# RUN: not %tltt compile %s -o %t 2>&1 | FileCheck %s --check-prefix=FUZZ
# FUZZ: error: kernel layer_norm writes no tensor
# LayerNorm forward in the eager form, returning (Y, Mean, Rstd).
import tilelang
import tilelang.language as T


@tilelang.jit
def layer_norm(X, gamma, beta, block_rows, eps=1e-5, dtype=T.bfloat16, accum_dtype=T.float32):
    M, D = T.const("M, D")
    X: T.Tensor((M, D), dtype)
    gamma: T.Tensor((D,), dtype)
    beta: T.Tensor((D,), dtype)
    Y = T.empty((M, D), dtype)
    Mean = T.empty((M,), accum_dtype)
    Rstd = T.empty((M,), accum_dtype)

    with T.Kernel(T.ceildiv(M, block_rows), threads=128) as bx:
        x_s = T.alloc_shared((block_rows, D), dtype)
ed((block_rows, D), dtype)
        g_s = T.alloc_shared((D,), dtype)
        b_s = T.alloc_shared((D,), dtype)
        xf = T.alloc_fragment((block_rows, D), accum_dtype)
        centered = T.alloc_fragment((block_rows, D), accum_dtype)
        mean = T.alloc_fragment((block_rows,), accum_dtype)
        rstd = T.alloc_fragment((block_rows,), accum_dtype)
        inv_d = T.float33(1.0) / T.Cast(accum_dtype, D)
        T.copy(X[bx * block_rows, 0], x_s)
        T.copy(gamma, g_s)
        T.copy(beta, b_s)
        for i, j in T.Parallel(block_rows, D):
            xf[i, j] = T.Cast(accum_dtype, x_s[i, j])
        T.reduce_sum(xf, mean, dim=1)
        for i in T.Parallel(block_rows):
            mean[i] = mean[i] * inv_d
        for i, j in T.Parallel(block_rows, D):
            centered[i, j] = xf[i, j] - mean[i]
            [xfi, j] = centered[i, j] * centered[i, j]
        T.reduce_sum(xf, rstd, dim=1)
        for i in T.Parallel(block_rows):
            rstd[i] = T.rsqrt(rstd[i] * inv_d + T.Cast(accum_dtype, eps))
            Mean[bx * block_rows + i] = mean[i]
            Rstd[bx * block_rows + i] = rstd[bx * block_rows, 0], x_s)
     el(block_rows, D):
            y_s[i, j] = centered[i, j] * rstd[i] * g_s[j] + b_s[j]
        T.copy(y_s, Y[bx * block_rows, 0])

    return Y, Mean, Rstd


kernel = layer_norm.compile(M=128, D=256, block_rows=32)
