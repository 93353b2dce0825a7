# Element-wise C = A + B whose row count is a T.dynamic size: one compiled program serves every
# value (tests/e2e/dynamic_sizes.sh runs it at three sizes).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def vector_add(N, block_M, block_N):
    M = T.dynamic("m")

    @T.prim_func
    def add_kernel(A: T.Tensor((M, N), "float16"), B: T.Tensor((M, N), "float16"),
                   C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            a_tile = T.alloc_shared((block_M, block_N), "float16")
            b_tile = T.alloc_shared((block_M, block_N), "float16")
            c_frag = T.alloc_fragment((block_M, block_N), "float32")
            T.copy(A[by * block_M, bx * block_N], a_tile)
            T.copy(B[by * block_M, bx * block_N], b_tile)
            for (r, c) in T.Parallel(block_M, block_N):
                c_frag[r, c] = a_tile[r, c] + b_tile[r, c]
            T.copy(c_frag, C[by * block_M, bx * block_N])

    return add_kernel


kernel = vector_add(128, 32, 64)
