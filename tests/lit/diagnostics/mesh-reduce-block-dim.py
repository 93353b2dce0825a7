# A mesh annotation may shard only a dimension a reduction loop walks: M, addressed by the block
# index `by`, is the data-parallel split the compiler chooses itself.
# RUN: %tltt compile %s --mesh 1x2 --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def gemm(M, N, K):

    @T.prim_func
    def kernel(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(N // 64, M // 64) as (bx, by):
            # expected-note@+1 {{the mesh annotation}}
            T.annotate_layout({A: T.TTLayout(mesh={"dim": 0, "axes": [1]})})
            a = T.alloc_shared((64, 32), "bfloat16")
            b = T.alloc_shared((32, 64), "bfloat16")
            acc = T.alloc_fragment((64, 64), "float32")
            T.clear(acc)
            for ko in T.Pipelined(K // 32, num_stages=2):
                # expected-error@+1 {{dimension 0 of 'A' is sharded over the mesh but indexed here by `by * 64`: a sharded dimension must be walked by a reduction loop as `k * c + r` (0 <= r, r + extent <= c); `by` is a block index, and the split of the block grid is chosen by the compiler (leave this tensor unannotated)}}
                T.copy(A[by * 64, ko * 32], a)
                T.copy(B[ko * 32, bx * 64], b)
                T.gemm(a, b, acc)
            T.copy(acc, C[by * 64, bx * 64])

    return kernel


kernel = gemm(128, 128, 256)
