# Tensor-parallel GEMM: examples/gemm.py with A and B sharded along K over the devices of a mesh.
# `tltt run examples/gemm_tensor_parallel.py --mesh 2x4`: each of the 8 devices computes float32
# partial sums of C over its eighth of K, and the compiler's host program all-reduces them over
# the mesh (docs/multi-device.md). On one device (no --mesh) the mesh annotations are ignored.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def matmul(M, N, K, block_M, block_N, block_K, dtype="bfloat16", accum_dtype="float32"):

    @T.prim_func
    def gemm(
            A: T.Tensor((M, K), dtype),
            B: T.Tensor((K, N), dtype),
            C: T.Tensor((M, N), dtype),
    ):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            # K (A's dimension 1, B's dimension 0) cut into equal chunks over both mesh axes;
            # C needs no annotation: it is the sum over K, all-reduced.
            T.annotate_layout({
                A: T.TTLayout(mesh={"dim": 1, "axes": [0, 1]}),
                B: T.TTLayout(mesh={"dim": 0, "axes": [0, 1]}),
            })
            A_tile = T.alloc_shared((block_M, block_K), dtype)
            B_tile = T.alloc_shared((block_K, block_N), dtype)
            acc = T.alloc_fragment((block_M, block_N), accum_dtype)

            T.clear(acc)
            for ko in T.Pipelined(T.ceildiv(K, block_K), num_stages=2):
                T.copy(A[by * block_M, ko * block_K], A_tile)
                T.copy(B[ko * block_K, bx * block_N], B_tile)
                T.gemm(A_tile, B_tile, acc)

            T.copy(acc, C[by * block_M, bx * block_N])

    return gemm


kernel = matmul(256, 256, 256, 64, 64, 32)
