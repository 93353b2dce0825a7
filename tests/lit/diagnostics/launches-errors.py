# What stays unsupported with several T.Kernel launches (docs/atomics.md, "Scratch tensors and
# several launches"): two launches may store a tensor in other memory or another sharding (the
# host program copies it between them, docs/layouts.md "Resharding between kernels") and in
# other plain interleaved tiles (the host program re-tiles it, tests/lit/codegen/relayout.py),
# but not in other tiles when one of them is block-float: here the first launch stores the
# scratch tensor (and its input) in bfp8_b tiles, the second in float32 ones; the error is at the second launch,
# naming both storages.
# RUN: %tltt compile %s --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def other_tiles(M, N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        D = T.alloc_global((M, N), "float32")
        with T.Kernel(T.ceildiv(M, 96)) as bx:
            T.annotate_layout({A: T.TTLayout(format="bfp8_b"), D: T.TTLayout(format="bfp8_b")})
            a = T.alloc_shared((96, N), "float32")
            T.copy(A[bx * 96, 0], a)
            T.copy(a, D[bx * 96, 0])
        # expected-error@+1 {{tensor 'D' is stored as float32 in bfp8_b tiles DRAM interleaved [192, 32] by device program 0 and as float32 DRAM interleaved [160, 32] by device program 1: the programs of one function can store a tensor in other memory or another sharding (the host program copies it between them), and in other plain tiles of interleaved storage on one device (the host program re-tiles it), but not in other tiles that are block-float, of another dtype, sharded or split over a mesh}}
        with T.Kernel(T.ceildiv(M, 32)) as bx:
            d = T.alloc_shared((32, N), "float32")
            T.copy(D[bx * 32, 0], d)
            T.copy(d, B[bx * 32, 0])

    return kernel


kernel = other_tiles(160, 32)
