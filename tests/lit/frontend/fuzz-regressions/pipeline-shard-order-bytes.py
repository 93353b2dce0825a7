# Pipeline fuzzer regression: a shard order that is not valid UTF-8 reached the device plan and
# made tt.plan.json's writer throw (a crash). An unknown order is a located error at A1, and the
# echoed value is made printable.
# RUN: not %tltt compile %s -o %t 2>&1 | FileCheck %s --check-prefix=FUZZ
# FUZZ: error: unsupported block order for A: 'row_?ajor' (supported: row_major, col_major, block_linear)
# Shows: the layout annotations a kernel can carry, each in a form the compiler accepts.
#   * A: an N-D shardhole tiles are located errors with a `note: try ...`
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
                                        "order": "row_íajor"}),
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
