# Blocks of fewer rows than a tile that move with the T.Kernel block (16- or 8-row blocks, the
# upstream AMD attention and kda chunk forms): B1 pads each [block_M, ...] block to whole tiles.
# The reader gathers 32 rows from the block's origin (the rows after its own are never read back
# into them), the fill, the gemms and the row reduction act on the padded tiles, the gemm whose
# K axis is the block's rows (s @ x) sees that axis's padding set to 0 first, and the writer
# stores only the block's own rows, so blocks that share a tile of O keep each other's rows.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def row_window_blocks(M, N, block_M=16, dtype="bfloat16"):
    accum = "float32"

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), W: T.Tensor((N, N), dtype), O: T.Tensor((M, N), dtype)):
        with T.Kernel(T.ceildiv(M, block_M)) as bx:
            x = T.alloc_shared((block_M, N), dtype)
            w = T.alloc_shared((N, N), dtype)
            s = T.alloc_fragment((block_M, block_M), accum)
            sc = T.alloc_shared((block_M, block_M), dtype)
            acc = T.alloc_fragment((block_M, N), accum)
            bias = T.alloc_fragment((block_M, N), accum)
            m = T.alloc_fragment((block_M,), accum)
            o = T.alloc_shared((block_M, N), dtype)
            T.copy(X[bx * block_M:(bx + 1) * block_M, :], x)
            T.copy(W, w)
            T.fill(bias, 0.25)
            T.clear(s)
            T.gemm(x, x, s, transpose_B=True)
            for i, j in T.Parallel(block_M, block_M):
                sc[i, j] = s[i, j] * (1.0 / N)
            T.clear(acc)
            T.gemm(sc, x, acc)
            T.gemm(x, w, acc)
            T.reduce_max(acc, m, dim=1)
            for i, j in T.Parallel(block_M, N):
                acc[i, j] = T.exp(acc[i, j] - m[i]) + bias[i, j]
            T.copy(acc, o)
            T.copy(o, O[bx * block_M:(bx + 1) * block_M, :])

    return main


kernel = row_window_blocks(80, 64)


# Whole-tile blocks stored at a row origin off the tile grid (`off + bx * 32`, as varlen kernels
# store at `seq_start + bx * 64`): the writer stores the block's rows one by one into the tiles
# they straddle, keeping the rows of the tiles it shares with the next block (rows before `off`
# are never written: zeros of the fresh output, on the device and in the reference).
@tilelang.jit(out_idx=[-1])
def shifted_rows(M, N, off=8, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, N), dtype), O: T.Tensor((M + off, N), dtype)):
        with T.Kernel(T.ceildiv(M, 32)) as bx:
            x = T.alloc_fragment((32, N), dtype)
            T.copy(X[bx * 32, 0], x)
            for i, j in T.Parallel(32, N):
                x[i, j] = x[i, j] * 2.0 + 1.0
            T.copy(x, O[off + bx * 32, 0])

    return main
