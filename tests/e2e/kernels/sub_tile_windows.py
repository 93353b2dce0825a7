# On-chip blocks smaller than a tile read from tensor windows that move with a loop or with the
# T.Kernel block along the columns (an attention backward's [block_N] slice of the row
# log-sum-exp, a per-head [8] slice of sink values): B1 pads each block to whole tiles, the
# reader takes whole tiles from the window's origin (a shifted gather off the tile grid), and the
# padding (the next slice's values) is masked before the reductions and gemms that would sum it.
import tilelang
import tilelang.language as T


# P = exp(S - lse[j]) over [block_M, block_N] blocks with block_N = 16, summed over the key
# blocks of a pipelined loop: the lse slice moves with k, by 16 elements (off the tile grid).
@tilelang.jit(out_idx=[-1])
def lse_slices(M, N, block_M=32, block_N=16, dtype="float32"):

    @T.prim_func
    def main(S: T.Tensor((M, N), dtype), L: T.Tensor((1, N), dtype), V: T.Tensor((N, 32), dtype),
             O: T.Tensor((M, 32), dtype)):
        with T.Kernel(T.ceildiv(M, block_M)) as bx:
            s = T.alloc_fragment((block_M, block_N), dtype)
            lse = T.alloc_fragment((block_N,), dtype)
            v = T.alloc_shared((block_N, 32), dtype)
            acc = T.alloc_fragment((block_M, 32), dtype)
            T.clear(acc)
            for k in T.Pipelined(T.ceildiv(N, block_N), num_stages=1):
                T.copy(S[bx * block_M:(bx + 1) * block_M, k * block_N:(k + 1) * block_N], s)
                T.copy(L[0, k * block_N:(k + 1) * block_N], lse)
                T.copy(V[k * block_N:(k + 1) * block_N, :], v)
                for i, j in T.Parallel(block_M, block_N):
                    s[i, j] = T.exp(s[i, j] - lse[j])
                T.gemm(s, v, acc)
            T.copy(acc, O[bx * block_M:(bx + 1) * block_M, :])

    return main


kernel = lse_slices(64, 64)


# A per-head slice of H sink values (heads of 8 columns each) added to each row as a row
# broadcast, then the row sums: the slice and the block read at bh * 8 are padded to 32 columns
# and the sum sees 0 in the padding.
@tilelang.jit(out_idx=[-1])
def sink_rows(M, H, heads=8, dtype="float32"):

    @T.prim_func
    def main(X: T.Tensor((M, H * heads), dtype), Sinks: T.Tensor((1, H * heads), dtype),
             O: T.Tensor((H, M), dtype)):
        with T.Kernel(T.ceildiv(M, 32), H) as (bx, bh):
            x = T.alloc_fragment((32, heads), dtype)
            sinks = T.alloc_fragment((heads,), dtype)
            r = T.alloc_fragment((32,), dtype)
            T.copy(X[bx * 32:(bx + 1) * 32, bh * heads:(bh + 1) * heads], x)
            T.copy(Sinks[0, bh * heads:(bh + 1) * heads], sinks)
            for i, j in T.Parallel(32, heads):
                x[i, j] = x[i, j] * 0.5 + sinks[j]
            T.reduce_sum(x, r, dim=1)
            T.copy(r, O[bh, bx * 32:(bx + 1) * 32])

    return main
