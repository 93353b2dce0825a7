# Integer kernel scalars (issue 13). A grid extent that depends on one needs its value at compile
# time: without --set it is a located error saying how to give it; with --set B1 fixes the
# block grid for that value, the plan records it and the host program refuses another value.
# Used in index arithmetic, it is a runtime argument of the kernels that read it (B2 binds it,
# E1 lists it as the scalar's 32-bit pattern). Kernels: tests/e2e/kernels/int_scalar.py.
# RUN: not %tltt compile %S/../../e2e/kernels/int_scalar.py -o %t.none 2>&1 | FileCheck %s --check-prefix=NOVALUE
# NOVALUE: int_scalar.py:14:9: error: grid extent 'ceildiv(rows, 32)' is not a compile-time constant: it depends on the kernel scalar parameter 'rows', a host value; the block grid is fixed when the program is built (give the value the program is built for with --set rows=VALUE, or make the size a T.dynamic size or a constant)
# RUN: %tltt compile %S/../../e2e/kernels/int_scalar.py --set rows=96 --remarks=B1 -o %t 2>&1 | FileCheck %s --check-prefix=GRID
# GRID: remark: grid extent 'ceildiv(rows, 32)' is 3 for the value rows = 96 given at compile time: the block grid is fixed for it, and the host program refuses another value [work-partition.scalar-grid]
# RUN: FileCheck %s --check-prefix=PLAN --input-file %t/tt.plan.json
# PLAN: "name": "rows"
# PLAN: "kind": "scalar",
# PLAN-NEXT: "value": 96
# RUN: FileCheck %s --check-prefix=HOST --input-file %t/main.cpp
# HOST: if (value[0] != 96) {
# RUN: %tltt compile %S/../../e2e/kernels/int_scalar.py --entry 'rotate_rows(128, 64)' --remarks=B2,E1 -o %t.rot 2>&1 | FileCheck %s --check-prefix=ROT
# ROT: remark: kernel scalar 'shift' (int32) is a runtime argument of the kernels that use it [grid-to-persistent.scalar]
# ROT: remark: main_reader reads 4 runtime argument(s) with get_arg_val: 0: tensor_address X, 1: block_start, 2: block_count, 3: scalar_bits shift
# RUN: FileCheck %s --check-prefix=READER --input-file %t.rot/reader.cpp
# READER: const uint32_t shift = get_arg_val<uint32_t>(3);
# READER: noc_async_read_tile((by + shift) % 4 * 2 + bx, X_accessor
