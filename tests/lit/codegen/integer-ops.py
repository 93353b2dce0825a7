# Integer element-wise compute (issue 13, formats): int32 blocks put DST in 32-bit mode and each
# integer operator becomes the SFPU's integer call with its init, spelled as TT-Metalium spells
# it (template DataFormat::Int32); constants are filled with fill_tile_int; T.Cast between int32
# and float32 is typecast_tile<IN, OUT> (the tt::DataFormat values as uint32_t).
# RUN: rm -rf %t && %tltt compile %s -o %t/k --remarks=D4 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: FileCheck %s --input-file %t/k/compute.cpp
import tilelang
import tilelang.language as T

# REMARK: fp32_dest_acc_en=true (a float32 or integer buffer takes part in compute)

# CHECK-DAG: #include "api/compute/add_int_sfpu.h"
# CHECK-DAG: #include "api/compute/binary_bitwise_sfpu.h"
# CHECK-DAG: #include "api/compute/binary_shift.h"
# CHECK-DAG: #include "api/compute/mul_int_sfpu.h"
# CHECK-DAG: #include "api/compute/eltwise_unary/typecast.h"
# CHECK-DAG: #include "api/compute/eltwise_unary/fill.h"
# CHECK: mul_int_tile_init<DataFormat::Int32>();
# CHECK-NEXT: mul_int_tile<DataFormat::Int32>(0, 1, 0);
# CHECK: fill_tile_int<DataFormat::Int32>(2, 3
# CHECK: binary_shift_tile_init();
# CHECK-NEXT: binary_left_shift_tile<DataFormat::Int32>(1, 2, 1);
# CHECK: bitwise_xor_binary_tile<DataFormat::Int32>(0, 1, 0);
# CHECK: binary_right_shift_tile<DataFormat::Int32>
# CHECK: typecast_tile_init<(uint32_t)DataFormat::Float32, (uint32_t)DataFormat::Int32>();
# CHECK-NEXT: typecast_tile<(uint32_t)DataFormat::Float32, (uint32_t)DataFormat::Int32>(2);
# CHECK: add_int_tile_init();
# CHECK-NEXT: add_int_tile<DataFormat::Int32>(


@tilelang.jit(out_idx=[-1])
def int_ops(M, N):

    @T.prim_func
    def main(A: T.Tensor((M, N), "int32"), B: T.Tensor((M, N), "int32"),
             X: T.Tensor((M, N), "float32"), C: T.Tensor((M, N), "int32")):
        with T.Kernel(1) as bx:
            a = T.alloc_shared((M, N), "int32")
            b = T.alloc_shared((M, N), "int32")
            x = T.alloc_shared((M, N), "float32")
            c = T.alloc_fragment((M, N), "int32")
            T.copy(A[0, 0], a)
            T.copy(B[0, 0], b)
            T.copy(X[0, 0], x)
            for i, j in T.Parallel(M, N):
                c[i, j] = ((a[i, j] * b[i, j]) ^ (b[i, j] << 3)) + (
                    (a[i, j] >> 2) + T.Cast("int32", x[i, j]))
            T.copy(c, C[0, 0])

    return main


kernel = int_ops(32, 32)
