# What the tensor-parallel split does not support yet, each a located error: a reduction loop
# whose iterations do not divide over the devices (6 over 8), a sharding over one mesh axis only,
# a malformed mesh field, and a replicated annotation on a tensor the data-parallel split cuts.
# RUN: not %tltt compile %s --entry 'gemm(128, 128, 192)' --mesh 2x4 -o %t 2>&1 | FileCheck %s --check-prefix=UNEVEN
# RUN: not %tltt compile %s --entry 'gemm(128, 128, 256)' --mesh 2x4 --layout A=mesh=1,mesh_axes=1 -o %t 2>&1 | FileCheck %s --check-prefix=AXES
# RUN: not %tltt compile %examples/gemm.py --mesh 2x4 --layout A=mesh=diagonal -o %t 2>&1 | FileCheck %s --check-prefix=MALFORMED
# RUN: not %tltt compile %examples/gemm.py --mesh 2x4 --layout A=mesh=replicated -o %t 2>&1 | FileCheck %s --check-prefix=REPLICATED
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def gemm(M, N, K):

    @T.prim_func
    def kernel(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
               C: T.Tensor((M, N), "bfloat16")):
        with T.Kernel(N // 64, M // 64) as (bx, by):
            T.annotate_layout({B: T.TTLayout(mesh={"dim": 0})})
            a = T.alloc_shared((64, 32), "bfloat16")
            b = T.alloc_shared((32, 64), "bfloat16")
            acc = T.alloc_fragment((64, 64), "float32")
            T.clear(acc)
            for ko in T.Pipelined(K // 32, num_stages=2):
                T.copy(A[by * 64, ko * 32], a)
                T.copy(B[ko * 32, bx * 64], b)
                T.gemm(a, b, acc)
            T.copy(acc, C[by * 64, bx * 64])

    return kernel


kernel = gemm(128, 128, 256)

# AXES: error: 'A' is sharded over mesh axes [1], 4 of the 8 devices of the 2x4 mesh: a sharding over part of the mesh (replicated over the other axis) is not supported yet; shard over "axes": [0, 1]
# MALFORMED: error: malformed --layout value 'diagonal' for 'mesh' (expected mesh=replicated, mesh=D or mesh_axes=0x1)
# REPLICATED: error: 'A' is annotated replicated, but the blocks of the grid split over the mesh address it by chunks
# UNEVEN: mesh-reduce-limits.py:24:13: error: the reduction loop `ko` has 6 iterations, which cannot be split evenly over the 8 devices of the 2x4 mesh (uneven splits are not supported yet)
