# Values of an output block that are never copied out: a T.clear of the block the loop then
# overwrites before every copy out (form 0, the pattern of a backward pass that clears all its
# fragments up front), and a block every iteration overwrites but only the code after the loop
# copies out (form 1). The writer copies out every value compute pushes, in order, so compute
# must not push these (C4 drops the first and computes the second in the last iteration only).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def drained_writes(M, N, bm=64, bn=32, form=0, dtype="bfloat16", acc="float32"):

    @T.prim_func
    def kernel(W: T.Tensor((M, bm), dtype), X: T.Tensor((M, N), dtype),
               Y: T.Tensor((M, N if form == 0 else bn), dtype)):
        with T.Kernel(T.ceildiv(M, bm)) as b:
            w_s = T.alloc_shared((bm, bm), dtype)
            x_s = T.alloc_shared((bm, bn), dtype)
            prod = T.alloc_fragment((bm, bn), acc)
            out = T.alloc_fragment((bm, bn), acc)
            T.clear(out)
            T.copy(W[b * bm, 0], w_s)
            for k in T.Pipelined(T.ceildiv(N, bn), num_stages=0):
                T.copy(X[b * bm, k * bn], x_s)
                T.gemm(w_s, x_s, prod, clear_accum=True, transpose_A=True)
                for i, j in T.Parallel(bm, bn):
                    out[i, j] = prod[i, j] * 0.5 + x_s[i, j]
                if form == 0:
                    T.copy(out, Y[b * bm, k * bn])
            if form == 1:
                T.copy(out, Y[b * bm, 0])

    return kernel


kernel = drained_writes(128, 128)
