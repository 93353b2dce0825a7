# A GEMM whose blocks move with T.Parallel element copies instead of T.copy: A's block is
# gathered element by element into shared memory and C is written back the same way, B uses
# T.copy; T.use_swizzle (a GPU rasterisation hint) is accepted and ignored.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def gemm_elementwise_moves(M, N, K, bm, bn, bk, dtype="float16"):

    @T.prim_func
    def kernel_fn(A: T.Tensor((M, K), dtype), B: T.Tensor((K, N), dtype),
                  C: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm), threads=256) as (bx, by):
            a_blk = T.alloc_shared((bm, bk), dtype)
            b_blk = T.alloc_shared((bk, bn), dtype)
            acc = T.alloc_fragment((bm, bn), "float32")
            T.use_swizzle(panel_size=4)
            T.clear(acc)
            for ko in T.Pipelined(T.ceildiv(K, bk), num_stages=2):
                for r, c in T.Parallel(bm, bk):
                    a_blk[r, c] = A[by * bm + r, ko * bk + c]
                T.copy(B[ko * bk, bx * bn], b_blk)
                T.gemm(a_blk, b_blk, acc)
            for r, c in T.Parallel(bm, bn):
                C[by * bm + r, bx * bn + c] = acc[r, c]

    return kernel_fn


kernel = gemm_elementwise_moves(256, 256, 128, 64, 128, 32)
