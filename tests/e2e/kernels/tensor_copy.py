# T.copy from one tensor straight to another (issue 13, data movement forms). C1 stages the copy
# through an on-chip block (the NoC only moves tiles between DRAM and L1), and a copy that
# changes the dtype through a second block, converted in compute.
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def convert(M, N, block_M, block_N, src_dtype, dst_dtype):

    @T.prim_func
    def kernel(X: T.Tensor((M, N), src_dtype), Y: T.Tensor((M, N), dst_dtype)):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            T.copy(X[by * block_M:(by + 1) * block_M, bx * block_N:(bx + 1) * block_N],
                   Y[by * block_M:(by + 1) * block_M, bx * block_N:(bx + 1) * block_N])

    return kernel


# [batch, seq, heads, dim] to [batch, heads, seq, dim], one sequence block of one head per block.
@tilelang.jit(out_idx=[-1])
def bshd_to_bhsd(batch, seq, heads, dim, block_S):

    @T.prim_func
    def kernel(Q: T.Tensor((batch, seq, heads, dim), "bfloat16"),
               O: T.Tensor((batch, heads, seq, dim), "bfloat16")):
        with T.Kernel(T.ceildiv(seq, block_S), heads, batch) as (bs, h, b):
            T.copy(Q[b, bs * block_S:(bs + 1) * block_S, h, :],
                   O[b, h, bs * block_S:(bs + 1) * block_S, :])

    return kernel


kernel = convert(256, 256, 64, 64, "bfloat16", "float32")
