# Where a T.fill of the accumulator stands decides the result, as in TileLang: inside the K loop
# it restarts the accumulation every step (C = v + A_last @ B_last); after the K loop it
# overwrites the product (C = v).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def fill_placement(M, N, K, bm, bn, bk, inside, value=1.5, dtype="bfloat16",
                   acc_dtype="float32"):

    @T.prim_func
    def kernel(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype),
               C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=128) as (bx, by):
            a_s = T.alloc_shared((bm, bk), dtype)
            b_s = T.alloc_shared((bk, bn), dtype)
            acc = T.alloc_fragment((bm, bn), acc_dtype)
            for ko in T.Pipelined(T.ceildiv(K, bk), num_stages=2):
                if inside:
                    T.fill(acc, value)
                T.copy(A[by * bm, ko * bk], a_s)
                T.copy(B[ko * bk, bx * bn], b_s)
                T.gemm(a_s, b_s, acc)
            if not inside:
                T.fill(acc, value)
            T.copy(acc, C[by * bm, bx * bn])

    return kernel


kernel = fill_placement(128, 128, 128, 64, 64, 32, True)
