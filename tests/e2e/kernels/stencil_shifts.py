# Windows off the tile grid in bfloat16 with 64x64 blocks: shifts of one row up, 17 columns
# right (the column origin is off the 16-element face rows too) and 2 rows down with 33 columns
# left (more than a tile), over a tensor whose columns are not a multiple of 32 (the last block
# reaches into the device padding and past the tensor, where the windows read zeros).
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def shifts(M, N, block_M, block_N, dtype="bfloat16"):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            a = T.alloc_shared((block_M, block_N), dtype)
            b = T.alloc_shared((block_M, block_N), dtype)
            c = T.alloc_shared((block_M, block_N), dtype)
            o = T.alloc_fragment((block_M, block_N), dtype)
            T.copy(A[by * block_M - 1, bx * block_N + 17], a)
            T.copy(A[by * block_M + 2, bx * block_N - 33], b)
            T.copy(A[by * block_M, bx * block_N], c)
            for i, j in T.Parallel(block_M, block_N):
                o[i, j] = a[i, j] + b[i, j] * 0.5 - c[i, j]
            T.copy(o, B[by * block_M, bx * block_N])

    return kernel


kernel = shifts(128, 176, 64, 64)
