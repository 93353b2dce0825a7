# Formats (issue 13): A1 stores 8-bit float tensors as bfloat16 (each of their values exactly) and
# keeps their dtype in the plan for the host program's conversion; tfloat32 is float32. C1 stages
# a tensor copy into a block of another dtype through a block of the tensor's dtype, converted in
# compute. B3 reduces a float32 sum as three exact bfloat16 parts. docs/formats.md.
# RUN: %tltt compile %S/../../e2e/kernels/fp8_gemm.py --remarks=A1 --print-after=A1 -o %t 2>&1 | FileCheck %s --check-prefix=FP8
# RUN: FileCheck %s --check-prefix=PLAN < %t/tt.plan.json
# RUN: FileCheck %s --check-prefix=HOST < %t/main.cpp
# RUN: %tltt compile %S/../../e2e/kernels/dtype_copies.py --print-after=C1 -o %t 2>&1 | FileCheck %s --check-prefix=COPY
# RUN: %tltt compile %S/../../e2e/kernels/reduce_fp32.py --remarks=B3 --print-after=B3 -o %t 2>&1 | FileCheck %s --check-prefix=SUM
# RUN: %tltt compile %s --remarks=A1 -o %t 2>&1 | FileCheck %s --check-prefix=TF32

# FP8: remark: tensor 'A' (float8_e4m3fn) is stored on the device as bfloat16, which holds every float8_e4m3fn value exactly; the host program converts it at upload and download, rounding results to nearest even (saturating)
# FP8-SAME: [infer-layout.storage-format]
# FP8: remark: tensor 'B' (float8_e4m3fn) is stored on the device as bfloat16
# FP8: func main(A: global bfloat16[64, 128], B: global bfloat16[128, 64], C: global float32[64, 64])
# FP8: alloc A_s: shared bfloat16[32, 32]

# PLAN: "device_dtype": "bfloat16"
# PLAN: "dtype": "float8_e4m3fn"

# HOST: std::vector<uint8_t> file;
# HOST: std::vector<uint16_t> host = float8_to_bfloat16(file, Float8Format{4, 3, 7, false, false});

# COPY: copy X[by * 32 +: 32, bx * 64 +: 64] -> X_float16
# COPY: X_float16 -> x

# SUM: remark: float32 sum of 'x' reduced exactly: split into three bfloat16 parts (hi, mid, lo) reduced into the same fp32 DST tile
# SUM: tt.sfpu(region(x), region(x_hi), region(x))
# SUM-NEXT: tt.sfpu(region(x), region(x_hi), region(x_rem), tile.sub(region(x), region(x_hi)))
# SUM-NEXT: tt.sfpu(region(x_rem), region(x_mid), region(x_rem))
# SUM-NEXT: tt.sfpu(region(x_rem), region(x_mid), region(x_lo), tile.sub(region(x_rem), region(x_mid)))
# SUM-NEXT: tt.reduce(region(x_lo), region(reduce_scaler), region(r), clear=true, dim="row", op="sum")
# SUM-NEXT: tt.reduce(region(x_mid), region(reduce_scaler), region(r), clear=false, dim="row", op="sum")
# SUM-NEXT: tt.reduce(region(x_hi), region(reduce_scaler), region(r), clear=false, dim="row", op="sum")

# TF32: remark: tensor 'X' (tfloat32) is stored and computed on the device as float32 (tfloat32 is a GPU tensor-core compute type over float32 storage)
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def tf32_scale(M, N):

    @T.prim_func
    def main(X: T.Tensor((M, N), "tfloat32"), Y: T.Tensor((M, N), "float32")):
        with T.Kernel(1) as bx:
            x = T.alloc_shared((M, N), "tfloat32")
            T.copy(X[0, 0], x)
            for i, j in T.Parallel(M, N):
                x[i, j] = x[i, j] * 2.0
            T.copy(x, Y[0, 0])

    return main


kernel = tf32_scale(32, 32)
