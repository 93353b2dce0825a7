# A reduction split over the mesh leaves partial sums on every device; only a plain sum (the
# T.gemm accumulator copied out unchanged) is all-reduced: an epilogue applied before the sum
# (here a ReLU) is an error at the write.
# RUN: %tltt compile %s --mesh 2x4 --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def gemm_relu(M, N, K):

    @T.prim_func
    def kernel(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(N // 64, M // 64) as (bx, by):
            T.annotate_layout({A: T.TTLayout(mesh={"dim": 1, "axes": [0, 1]})})
            a = T.alloc_shared((64, 32), "bfloat16")
            b = T.alloc_shared((32, 64), "bfloat16")
            acc = T.alloc_fragment((64, 64), "float32")
            T.clear(acc)
            for ko in T.Pipelined(K // 32, num_stages=2):
                T.copy(A[by * 64, ko * 32], a)
                T.copy(B[ko * 32, bx * 64], b)
                T.gemm(a, b, acc)
            for i, j in T.Parallel(64, 64):
                # expected-error@+1 {{'C' is written here from partial results: with the reduction loop `ko` split over the devices of the mesh, each device holds a partial sum}}
                C[by * 64 + i, bx * 64 + j] = T.max(acc[i, j], 0)

    return kernel


kernel = gemm_relu(128, 128, 256)
