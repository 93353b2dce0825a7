# Element-wise C = A + B in the eager form (output created with T.empty and returned).
import tilelang
import tilelang.language as T


@tilelang.jit
def vector_add(A, B, block_M, block_N, in_dtype=T.float16, out_dtype=T.float32):
    M, N = T.const("M, N")
    A: T.Tensor((M, N), in_dtype)
    B: T.Tensor((M, N), in_dtype)
    C = T.empty((M, N), out_dtype)

    with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M), threads=128) as (bx, by):
        a_tile = T.alloc_shared((block_M, block_N), in_dtype)
        b_tile = T.alloc_shared((block_M, block_N), in_dtype)
        c_frag = T.alloc_fragment((block_M, block_N), out_dtype)
        T.copy(A[by * block_M, bx * block_N], a_tile)
        T.copy(B[by * block_M, bx * block_N], b_tile)
        for r, c in T.Parallel(block_M, block_N):
            c_frag[r, c] = a_tile[r, c] + b_tile[r, c]
        T.copy(c_frag, C[by * block_M, bx * block_N])

    return C


kernel = vector_add.compile(M=512, N=1024, block_M=32, block_N=64)
