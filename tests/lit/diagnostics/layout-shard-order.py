# The block orders are row_major, col_major and block_linear (docs/layouts.md "Block order");
# another order is a located error at A1, not an annotation silently ignored.
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def copy_rows(M, N, bm):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(T.ceildiv(M, bm)) as bx:
            # expected-error@+1 {{unsupported block order for A: 'hilbert' (supported: row_major, col_major, block_linear)}}
            T.annotate_layout({A: T.TTLayout(memory="L1", layout="sharded",
                                             nd_shard={"axes": [0], "grid": [4], "order": "hilbert"})})
            a = T.alloc_shared((bm, N), "bfloat16")
            T.copy(A[bx * bm, 0], a)
            T.copy(a, B[bx * bm, 0])

    return kernel


kernel = copy_rows(128, 64, 32)
