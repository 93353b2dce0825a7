# Device programs of one function that store a tensor in other plain tiles (driver/launches.cc
# host_relayout): the host program re-tiles it between them through the logical row-major order
# (read back and untilized as a result is, tilized as an input is). In
# split_partials_combine.py the first program writes per-row partial sums as vectors along the
# rows of a [heads, splits] scratch tensor (dimensions permuted, the rows tiled), the second
# reads them element by element (one element per tile row): remark launches.reshard, the host's
# re-tiling. Here the first launch's partial last block of 96 rows pads the scratch tensor to
# 192 rows on the device, the second's blocks of 32 rows to 160: re-tiled as well.
# RUN: %tltt compile %S/../../e2e/kernels/split_partials_combine.py --remarks=launches -o %t 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: FileCheck %s --check-prefix=HOST < %t/main.cpp
# RUN: %tltt compile %s --remarks=launches -o %t.pad 2>&1 | FileCheck %s --check-prefix=PAD
# RUN: FileCheck %s --check-prefix=PAD-HOST < %t.pad/main.cpp
# RUN: %tltt run %s | FileCheck %s --check-prefix=PASS
# REMARK: remark: device program 1 uses 'part' as float32 DRAM interleaved [64, 2, 32, 32], which device program 0 stores as float32 DRAM interleaved [2, 64, 32] (dimensions permuted): other tiles, so the host program reads that buffer back, untilizes it to the logical order and tilizes it into one of this storage first [launches.reshard]
# HOST: // part: re-tiled on the host from the tiles of its storage [2, 64, 32] into those of [64, 2, 32, 32].
# HOST-NEXT: {
# HOST-NEXT: std::vector<float> tiled(part_buffer->size() / sizeof(float));
# HOST-NEXT: distributed::EnqueueReadMeshBuffer(cq, tiled, part_buffer, true);
# HOST-NEXT: std::vector<float> host = permute_dims(gather_vector(untilize_nfaces(tiled, 128, 32), 128, true, 64), {64, 2}, {1, 0}, false);
# HOST-NEXT: host = spread_vector(host, true, 1);
# HOST-NEXT: host = pad_matrices(host, 128, 1, 32, 32, 32);
# HOST-NEXT: distributed::EnqueueWriteMeshBuffer(cq, part_s1_buffer, tilize_nfaces(host, 4096, 32), false);
# HOST-NEXT: }
# HOST-NEXT: // Device program 1
# PAD: remark: device program 1 uses 'D' as float32 DRAM interleaved [160, 32], which device program 0 stores as float32 DRAM interleaved [192, 32]: other tiles, so the host program reads {{.*}} [launches.reshard]
# PAD-HOST: std::vector<float> host = unpad_matrices(untilize_nfaces(tiled, 192, 32), 1, 160, 32, 192, 32);
# PAD-HOST-NEXT: distributed::EnqueueWriteMeshBuffer(cq, D_s1_buffer, tilize_nfaces(host, 160, 32), false);
# PASS: PASS pcc=
import tilelang
import tilelang.language as T


@tilelang.jit(out_idx=[-1])
def padded_blocks(M, N):

    @T.prim_func
    def kernel(A: T.Tensor((M, N), "float32"), B: T.Tensor((M, N), "float32")):
        D = T.alloc_global((M, N), "float32")
        with T.Kernel(T.ceildiv(M, 96)) as bx:
            a = T.alloc_shared((96, N), "float32")
            T.copy(A[bx * 96, 0], a)
            T.copy(a, D[bx * 96, 0])
        with T.Kernel(T.ceildiv(M, 32)) as bx:
            d = T.alloc_shared((32, N), "float32")
            T.copy(D[bx * 32, 0], d)
            T.copy(d, B[bx * 32, 0])

    return kernel


kernel = padded_blocks(160, 32)
