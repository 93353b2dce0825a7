# Block-float tensors (docs/layouts.md "Block-float tensors"): a layout's `format` stores a
# tensor's tiles as Bfp8_b (1088-byte pages) or Bfp4_b (576); A1 records it in the plan, C1 gives
# the CBs that the reader fills from such a tensor or the writer drains into one its format, D2
# the accessor its page size, and the host program packs and unpacks the tiles with the SDK's
# helpers. Restrictions are located errors.
# RUN: %tltt compile %S/../../e2e/kernels/gemm_block_float.py --stop-after=infer-layout --print-after=infer-layout 2>&1 | FileCheck %s --check-prefix=PLAN
# RUN: %tltt compile %S/../../e2e/kernels/gemm_block_float.py --layout B=format=bfp4_b --remarks=C1,D2 -o %t 2>&1 | FileCheck %s --check-prefix=CB
# RUN: FileCheck %s --check-prefix=JSON < %t/tt.plan.json
# RUN: FileCheck %s --check-prefix=HOST < %t/main.cpp
# RUN: %tltt compile %s --entry 'add(128, 128, "out")' --remarks=C1 -o %t 2>&1 | FileCheck %s --check-prefix=OUT
# RUN: FileCheck %s --check-prefix=OUTHOST < %t/main.cpp
# RUN: not %tltt compile %s --entry 'add(128, 128, "name")' -o %t 2>&1 | FileCheck %s --check-prefix=NAME
# RUN: not %tltt compile %s --entry 'add(128, 128, "int")' -o %t 2>&1 | FileCheck %s --check-prefix=INT
# RUN: not %tltt compile %s --entry 'add(128, 128, "sharded")' -o %t 2>&1 | FileCheck %s --check-prefix=SHARDED
# RUN: not %tltt compile %s --entry 'add(128, 128, "element")' -o %t 2>&1 | FileCheck %s --check-prefix=ELEMENT
# RUN: not %tltt compile %s --entry 'add(128, 128, "copy")' -o %t 2>&1 | FileCheck %s --check-prefix=COPY
# RUN: not %tltt compile %s --entry 'add(128, 128, "none")' --layout 'A=format=bfp2_b' -o %t 2>&1 | FileCheck %s --check-prefix=CLI

# PLAN: tensor A: bfloat16[256, 256] DRAM interleaved, {{.*}}page 1088, tiles bfp8_b
# PLAN: tensor B: bfloat16[256, 256] DRAM interleaved, {{.*}}page 1088, tiles bfp8_b
# PLAN: tensor C: bfloat16[256, 256] DRAM interleaved, {{.*}}page 2048
# PLAN-NOT: tiles bfp

# CB-DAG: remark: buffer 'A_tile' becomes a CB of 4 pages of 1088 bytes (2 Bfp8_b tiles x depth 2)
# CB-DAG: remark: buffer 'B_tile' becomes a CB of 4 pages of 576 bytes (2 Bfp4_b tiles x depth 2)
# CB-DAG: reads 'A' through a TensorAccessor{{.*}}pages of 1088 bytes
# CB-DAG: reads 'B' through a TensorAccessor{{.*}}pages of 576 bytes

# JSON: "name": "A"
# JSON: "page_size": 1088
# JSON: "tile_format": "bfp8_b"
# JSON: "name": "B"
# JSON: "page_size": 576
# JSON: "tile_format": "bfp4_b"
# JSON: "format": "Bfp8_b"
# JSON: "page_size": 1088
# JSON: "format": "Bfp4_b"
# JSON: "page_size": 576

# HOST: Stored on the device as bfp8_b block-float tiles
# HOST: auto A_buffer = make_buffer(*mesh, {{.*}} / 1024 * 1088, 1088, BufferType::DRAM);
# HOST: pack_fp32_vec_as_bfp8_tiles(to_float32(tilize_nfaces(host, {{.*}})), false, false)
# HOST: auto B_buffer = make_buffer(*mesh, {{.*}} / 1024 * 576, 576, BufferType::DRAM);
# HOST: pack_fp32_vec_as_bfp4_tiles(to_float32(tilize_nfaces(host, {{.*}})), false, false)

# OUT: remark: buffer 'c' becomes a CB of {{[0-9]+}} pages of 1088 bytes ({{[0-9]+}} Bfp8_b tiles
# OUTHOST: std::vector<uint32_t> packed(C_buffer->size() / sizeof(uint32_t));
# OUTHOST: const std::vector<float> tiled = unpack_bfp8_tiles_into_float_vec(packed, false, false);

# CLI: error: unsupported tile format for A: 'bfp2_b' (supported: bfp8_b, bfp4_b
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def add(M, N, case):
    in_dtype = "int32" if case == "int" else "bfloat16"

    @T.prim_func
    def kernel(A: T.Tensor((M, N), in_dtype), B: T.Tensor((M, N), in_dtype),
               C: T.Tensor((M, N), "float32")):
        with T.Kernel(T.ceildiv(N, 64), T.ceildiv(M, 32)) as (bx, by):
            if case == "out":
                T.annotate_layout({C: T.TTLayout(format="bfp8_b")})
            if case == "name":
                # NAME: block-float.py:[[@LINE+1]]:{{[0-9]+}}: error: unsupported tile format for A: 'bfp16' (supported: bfp8_b, bfp4_b
                T.annotate_layout({A: {"format": "bfp16"}})
            if case == "int":
                # INT: block-float.py:[[@LINE+1]]:{{[0-9]+}}: error: tile format bfp8_b for A needs a bfloat16 or float32 tensor {{.*}}A is int32
                T.annotate_layout({A: T.TTLayout(format="bfp8_b")})
            if case == "sharded":
                # SHARDED: block-float.py:[[@LINE+1]]:{{[0-9]+}}: error: tile format bfp4_b for A is only supported on interleaved tensors (DRAM or L1), not sharded ones yet
                T.annotate_layout({A: {"memory": "L1", "layout": "sharded", "format": "bfloat4_b",
                                       "nd_shard": {"axes": [0, 1], "grid": [2, 2]}}})
            if case in ("element", "copy"):
                T.annotate_layout({B: T.TTLayout(format="bfp8_b")})
            a = T.alloc_shared((32, 64), in_dtype)
            b = T.alloc_shared((32, 64), in_dtype)
            c = T.alloc_fragment((32, 64), "float32")
            T.copy(A[by * 32, bx * 64], a)
            if case == "copy":
                # COPY: block-float.py:[[@LINE+1]]:{{[0-9]+}}: error: 'B' has bfp8_b block-float tiles, which move as whole tiles only; this region (not provably whole 32x32 tiles) would address parts of them
                T.copy(B[by * 32 + 16, bx * 64], b)
            else:
                T.copy(B[by * 32, bx * 64], b)
            if case == "element":
                # ELEMENT: block-float.py:[[@LINE+1]]:{{[0-9]+}}: error: the kernel reads elements of 'B', whose tiles are bfp8_b block floats
                if B[0, 0] > 0:
                    for i, j in T.Parallel(32, 64):
                        c[i, j] = a[i, j] + b[i, j]
                else:
                    for i, j in T.Parallel(32, 64):
                        c[i, j] = a[i, j] - b[i, j]
            else:
                for i, j in T.Parallel(32, 64):
                    c[i, j] = a[i, j] + b[i, j]
            T.copy(c, C[by * 32, bx * 64])

    return kernel
