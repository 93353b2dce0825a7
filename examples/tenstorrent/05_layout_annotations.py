# Shows: the layout annotations a kernel can carry, each in a form the compiler accepts.
#   * A: an N-D shard spec written out in full (axes, grid, shard extents in elements, shard
#     order) with the T.TTLayout constructor: 4 shards of 64 x 256, one per core, in L1.
#   * B: the same fields as a plain dictionary: L1, interleaved (pages dealt round-robin over
#     the L1 banks of all cores; no shard spec).
#   * C: the default written explicitly: DRAM, interleaved.
# Layouts are checked at the annotation (docs/layouts.md): a halo, a shard grid that does not tile
# the tensor or shards that are not whole tiles are located errors with a `note: try ...`
# annotation that works. DRAM-sharded tensors are rejected (the host program cannot allocate
# them yet). Any annotation can also come from the command line: --layout 'B=memory=L1'.
# Run:   tltt run examples/tenstorrent/05_layout_annotations.py
# See:   tltt compile examples/tenstorrent/05_layout_annotations.py --print-after=A1 --stop-after=A1
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def scale_add(M, N, block_M, block_N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "bfloat16"), B: T.Tensor((M, N), "bfloat16"),
               C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, block_N), T.ceildiv(M, block_M)) as (bx, by):
            T.annotate_layout({
                A: T.TTLayout(memory="L1", layout="sharded",
                              nd_shard={"axes": [0], "grid": [4], "shard_shape_elems": [64],
                                        "order": "row_major"}),
                B: {"memory": "L1", "layout": "interleaved"},
                C: T.TTLayout(memory="DRAM", layout="interleaved"),
            })
            a = T.alloc_shared((block_M, block_N), "bfloat16")
            b = T.alloc_shared((block_M, block_N), "bfloat16")
            c = T.alloc_fragment((block_M, block_N), "float32")
            T.copy(A[by * block_M, bx * block_N], a)
            T.copy(B[by * block_M, bx * block_N], b)
            for i, j in T.Parallel(block_M, block_N):
                c[i, j] = a[i, j] * 2.0 + b[i, j]
            T.copy(c, C[by * block_M, bx * block_N])

    return kernel


kernel = scale_add(256, 256, 64, 64)
