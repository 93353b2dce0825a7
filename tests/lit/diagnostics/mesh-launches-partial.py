# A tensor-parallel launch among several on a mesh (docs/multi-device.md, "Several launches on a
# mesh"): its float32 partial sums are all-reduced after it, and a later launch may read the sum
# when the tensor is float32 (tests/e2e/kernels/mesh_gather.py, tp_then_scale). Here the scratch
# tensor is bfloat16: the later launch would need the float32 sum converted on the device, which
# the host program does not do, a located error at the tensor-parallel launch.
# RUN: %tltt compile %s --mesh 1x2 --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def tp_bf16(M, N, K, bm, bn, bk):

    @T.prim_func
    def kernel(A: T.Tensor((M, K), "bfloat16"), B: T.Tensor((K, N), "bfloat16"),
               Y: T.Tensor((M, N), "float32")):
        acc_sum = T.alloc_global((M, N), "bfloat16")
        # expected-error@+1 {{device program 0 splits its reduction over the mesh ('acc_sum' holds partial sums, all-reduced after it), but device program 1 reads 'acc_sum' (bfloat16), and the float32 sum would need converting to bfloat16 on the device (declare 'acc_sum' float32 to have the sum read as it is): only later programs reading the all-reduced sum are done}}
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            T.annotate_layout({
                A: T.TTLayout(mesh={"dim": 1, "axes": [0, 1]}),
                B: T.TTLayout(mesh={"dim": 0, "axes": [0, 1]}),
            })
            a = T.alloc_shared((bm, bk), "bfloat16")
            b = T.alloc_shared((bk, bn), "bfloat16")
            acc = T.alloc_fragment((bm, bn), "float32")
            T.clear(acc)
            for k in T.Pipelined(T.ceildiv(K, bk), num_stages=2):
                T.copy(A[by * bm, k * bk], a)
                T.copy(B[k * bk, bx * bn], b)
                T.gemm(a, b, acc)
            T.copy(acc, acc_sum[by * bm, bx * bn])
        with T.Kernel(T.ceildiv(N, bn), T.ceildiv(M, bm)) as (bx, by):
            s = T.alloc_fragment((bm, bn), "float32")
            T.copy(acc_sum[by * bm, bx * bn], s)
            for i, j in T.Parallel(bm, bn):
                s[i, j] = s[i, j] * 0.5
            T.copy(s, Y[by * bm, bx * bn])

    return kernel


kernel = tp_bf16(64, 64, 256, 32, 32, 32)
