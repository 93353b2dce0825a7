# Narrow formats (float8/float6/float4, tfloat32, sub-byte integers) parse into the tile IR.
# The 8-bit floats (e4m3, e5m2) and tfloat32 are stored in bfloat16 and float32 by A1
# (storage-formats.py); the others have no Tenstorrent lowering yet: `tltt compile` rejects each
# tensor, on-chip buffer and conversion where the lowering (A1 infer-layout) needs a tile
# format, with a located error. (Device memory allocated in a kernel: kernel-dram-scratch.py.)
# RUN: %tltt parse %s --entry 'quant(64)' | FileCheck %s
# RUN: %tltt compile %s --entry 'quant(64)' --verify-diagnostics
import tilelang
import tilelang.language as T


@tilelang.jit
def quant(N, src_dtype="float16"):
    wide = T.bfloat16
    lo, hi = (T.int4, "uint2")

    @T.prim_func
    def k(
        X: T.Tensor((N, N), src_dtype),
        Q: T.Tensor((N, N), T.float8_e4m3fn),
        S: T.Tensor((N, N), wide),
    ):
        with T.Kernel(1) as bx:
            # expected-error@+1 {{buffer 'packed': dtype int4 is a narrow format}}
            packed = T.alloc_fragment((32, 32), lo)
            # expected-error@+1 {{buffer 'bits': dtype uint2 is a narrow format (float8_e8m0fnu, float6, float4 or a sub-byte integer) with no Tenstorrent lowering yet}}
            bits = T.alloc_shared((32, 32), hi)
            acc = T.alloc_fragment((32, 32), "tfloat32")
            for i, j in T.Parallel(32, 32):
                # expected-error@+1 {{conversion: dtype float4_e2m1fn is a narrow format}}
                S[i, j] = T.Cast(wide, T.Cast(T.float4_e2m1fn, X[i, j]))
                S[i, j] = T.float8_e5m2(X[i, j]).astype(wide)

    return k


# CHECK: func k(X: global float16[64, 64], Q: global float8_e4m3fn[64, 64], S: global bfloat16[64, 64])
# CHECK: alloc packed: fragment int4[32, 32]
# CHECK: alloc bits: shared uint2[32, 32]
# CHECK: alloc acc: fragment tfloat32[32, 32]
# CHECK: S[i, j] = cast(bfloat16, cast(float4_e2m1fn, X[i, j]))
# CHECK: S[i, j] = cast(bfloat16, cast(float8_e5m2, X[i, j]))
