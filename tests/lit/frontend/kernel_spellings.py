# Current TileLang spellings and constructs: T.Serial, T.Select, T.bitwise_*, a kernel value's
# .dtype, T.assume (a hint, noted with --remarks); GPU-only constructs parse and A1 rejects them
# naming them. (T.alloc_global, buffer views and narrow dtypes such as float8 parse and are rejected by
# the lowering: tests/lit/passes/kernel-dram-scratch.py, kernel-buffer-views.py,
# narrow-formats.py.)
# RUN: %tltt parse %s --entry 'spell(64)' --remarks 2>%t.err | FileCheck %s
# RUN: FileCheck --check-prefix=NOTE %s < %t.err
# RUN: not %tltt compile %s --entry 'cluster(64)' -o %t 2>&1 | FileCheck --check-prefix=GPU %s
import tilelang
import tilelang.language as T, tvm


@tilelang.jit
def spell(M):

    @T.prim_func
    def k(A: T.Tensor[(M,), T.int32], B: T.Tensor[(M,), T.int32]):
        with T.Kernel(1) as bx:
            for i in T.Serial(M):
                T.assume(i < M)
                x = A[i]
                assert x.dtype == T.int32 and x.astype(T.float32).dtype == tvm.tir.const(1, T.float32).dtype
                B[i] = T.Select(x > 0, T.bitwise_and(x, 7), T.bitwise_xor(T.shift_left(x, 1), 3))

    return k


@tilelang.jit
def cluster(M):

    @T.prim_func
    def k(A: T.Tensor((M,), "float32")):
        with T.ClusterKernel(1, cluster_dims=2) as bx:
            pass

    return k


# CHECK: func k(A: global int32[64], B: global int32[64])
# CHECK: for i in serial(0 +: 64) {
# CHECK: let x: int32 = A[i]
# CHECK: B[i] = select(x > 0, x & 7, x << 1 ^ 3)
# NOTE: kernel_spellings.py:20:17: remark: 'T.assume' is a code-generation hint; ignored on Tenstorrent
# GPU: kernel_spellings.py:33:9: error: 'T.ClusterKernel' is a GPU-only construct and has no Tenstorrent lowering
# RUN: %tltt parse %s --entry 'cluster(64)' | FileCheck --check-prefix=CLUSTER %s
# CLUSTER: launch (bx < 1) {gpu_only = "T.ClusterKernel"} {
