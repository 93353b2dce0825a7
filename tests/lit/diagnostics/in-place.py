# In-place updates of a tensor (issue 13, data movement forms). The reader and the writer run at
# the same time, so a tensor both read and written is accepted only when every access is a T.copy
# of one and the same region and the value copied back is computed from the block copied in:
# the data dependence then orders each block's write after its read. `tltt run` starts the
# tensor from random values and checks its final contents against the reference.
# RUN: %tltt run %s --entry 'accumulate(200, 256, 64, 64)' --remarks=A3 2>&1 | FileCheck %s --check-prefix=ACC
# RUN: %tltt run %s --entry 'accumulate(256, 256, 64, 64)' --device p150 | FileCheck %s --check-prefix=PASS
# RUN: %tltt run %s --entry 'gemm_accumulate(128, 128, 128, 64, 64, 32)' | FileCheck %s --check-prefix=PASS
# The forms that are rejected: tests/lit/diagnostics/in-place-errors.py.
import tilelang
import tilelang.language as T


# Y += X, one block at a time.
@tilelang.jit(out_idx=[])
def accumulate(M, N, bm, bn):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), "float32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            x = T.alloc_shared((bm, bn), "float32")
            y = T.alloc_shared((bm, bn), "float32")
            s = T.alloc_fragment((bm, bn), "float32")
            T.copy(X[by * bm, bx * bn], x)
            T.copy(Y[by * bm, bx * bn], y)
            for i, j in T.Parallel(bm, bn):
                s[i, j] = x[i, j] + y[i, j]
            T.copy(s, Y[by * bm, bx * bn])

    return kernel


# C += A @ B: the accumulator starts from C's block.
@tilelang.jit(out_idx=[])
def gemm_accumulate(M, N, K, bm, bn, bk):

    @T.prim_func
    def kernel(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
               C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            a = T.alloc_shared((bm, bk), "bfloat16")
            b = T.alloc_shared((bk, bn), "bfloat16")
            acc = T.alloc_fragment((bm, bn), "float32")
            T.copy(C[by * bm, bx * bn], acc)
            for k in T.Pipelined(T.ceildiv(K, bk), num_stages=2):
                T.copy(A[by * bm, k * bk], a)
                T.copy(B[k * bk, bx * bn], b)
                T.gemm(a, b, acc)
            T.copy(acc, C[by * bm, bx * bn])

    return kernel


# ACC: remark: tensor 'Y' is updated in place: each block copies one region of it in, computes from it and copies the result back to the same region [attach-tensor-accessors.access]
# ACC: PASS
# PASS: PASS
