# Element-wise C = A + B over 2-D tiles (classic factory form); inputs float16, output float32.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def vector_add(M, N, block_M, block_N, in_dtype="float16", out_dtype="float32"):

    @T.prim_func
    def add_kernel(A: T.Tensor((M, N), in_dtype), B: T.Tensor((M, N), in_dtype),
                   C: T.Tensor((M, N), out_dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
            a_tile = T.alloc_shared((block_M, block_N), in_dtype)
            b_tile = T.alloc_shared((block_M, block_N), in_dtype)
            c_frag = T.alloc_fragment((block_M, block_N), out_dtype)

            T.copy(A[by * block_M, bx * block_N], a_tile)
            T.copy(B[by * block_M, bx * block_N], b_tile)
            for (r, c) in T.Parallel(block_M, block_N):
                c_frag[r, c] = a_tile[r, c] + b_tile[r, c]
            T.copy(c_frag, C[by * block_M, bx * block_N])

    return add_kernel


kernel = vector_add(512, 1024, 32, 64)
