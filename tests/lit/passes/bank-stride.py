# B1's bank stride: with D4a on, a GEMM's A read in K steps of at least 8 tiles is padded by one
# tile column when its rows are a multiple of the DRAM banks in tiles (8 on Blackhole, 12 on
# Wormhole), so that a K column of its tiles (what D4a's K-major A step reads at a time) spreads
# over the banks instead of lying in one.
# 1024-wide A (32 tiles): padded on Blackhole (32 % 8 == 0), not on Wormhole (32 % 12 != 0).
# RUN: rm -rf %t && mkdir -p %t
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 1024, 256, 256, 256)' --device p150 --disable-pass work-decomposition --remarks=B1 -o %t/bh 2>&1 | FileCheck %s --check-prefix=BH
# BH: remark: rows of tensor 'A' are 32 tiles, a multiple of the 8 DRAM banks: a K column of its tiles would lie in one bank, so its rows are padded by one tile (D4a reads its K steps one K column at a time) [work-partition.bank-stride]
# BH: remark: tensor 'A' of 1024x1024 elements is padded to 1024x1056 on the device
# BH-NOT: tensor 'B' {{.*}} padded
# RUN: FileCheck %s --check-prefix=BH-READ --input-file %t/bh/writer.cpp
# BH-READ: noc_async_read_tile((by * 8 + i) * 33 + (ko * 8 + j), A_accessor
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 1024, 256, 256, 256)' --device n150 --disable-pass work-decomposition --remarks=B1 --stop-after=B1 2>&1 | FileCheck %s --check-prefix=WH --allow-empty
# WH-NOT: bank-stride
# 768-wide A (24 tiles): padded on Wormhole too.
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(512, 512, 768, 256, 256, 256)' --device n150 --disable-pass work-decomposition --remarks=B1 --stop-after=B1 2>&1 | FileCheck %s --check-prefix=WH24
# WH24: rows of tensor 'A' are 24 tiles, a multiple of the 12 DRAM banks
# K steps of 4 tiles (D4a does not slice them) and D4a switched off: not padded.
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 1024, 256, 256, 128)' --device p150 --disable-pass work-decomposition --remarks=B1 --stop-after=B1 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 1024, 256, 256, 256)' --device p150 --disable-pass work-decomposition --disable-pass gemm-block-schedule --remarks=B1 --stop-after=B1 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty
# OFF-NOT: bank-stride
