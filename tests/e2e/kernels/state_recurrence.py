# Two forms of the chunked delta-rule kernels (issue 13): a state block carried across the
# iterations of a loop (read at the top of each iteration, written back at its end, given its
# first value before the loop), and a GEMM accumulator updated in place by a plain element-wise
# sum (`acc = acc + r`, which C2 lowers to an FPU add): its CB needs room for the new value
# behind the old one (C1 gives it two copies; one copy deadlocked the compute kernel).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def recurrence(S=128, D=64, bs=32, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((S, D), dtype), H0: T.Tensor((D, D), dtype), Y: T.Tensor((S, D), dtype)):
        with T.Kernel(1) as bx:
            h_s = T.alloc_shared((D, D), dtype)
            h = T.alloc_fragment((D, D), "float32")
            x = T.alloc_shared((bs, D), dtype)
            y = T.alloc_fragment((bs, D), "float32")
            T.copy(H0, h_s)
            T.copy(h_s, h)
            for s in T.Pipelined(S // bs, num_stages=1):
                T.copy(X[s * bs, 0], x)
                T.gemm(x, h_s, y, clear_accum=True)
                T.copy(y, Y[s * bs, 0])
                for i, j in T.Parallel(D, D):
                    h[i, j] = h[i, j] * 0.5
                T.copy(h, h_s)

    return main


@tilelang.jit(out_idx=[-1])
def gemm_residual(M=64, N=64, K=64, bm=64, bn=32, dtype="bfloat16"):

    @T.prim_func
    def main(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype), R: T.Tensor((M, N), dtype),
             C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            a = T.alloc_shared((bm, K), dtype)
            b = T.alloc_shared((K, bn), dtype)
            r = T.alloc_shared((bm, bn), dtype)
            r_f = T.alloc_fragment((bm, bn), "float32")
            acc = T.alloc_fragment((bm, bn), "float32")
            T.copy(A[by * bm, 0], a)
            T.copy(B[0, bx * bn], b)
            T.gemm(a, b, acc, clear_accum=True)
            T.copy(R[by * bm, bx * bn], r)
            T.copy(r, r_f)
            for i, j in T.Parallel(bm, bn):
                acc[i, j] = acc[i, j] + r_f[i, j]
            T.copy(acc, C[by * bm, bx * bn])

    return main


kernel = recurrence()
