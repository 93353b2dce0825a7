# B1's block order (docs/layouts.md "Block order"). examples/layouts/block_order.py: blocks two
# tile rows high over an A sharded into one-tile-row shards read A from two cores each (global
# partition); B1 ranks the orders by bytes x NoC hops to those shards and takes block_linear on
# both devices (8x8 tiles of the 16x8 grid; B2's decode of each order is checked position by
# position in tests/passes/partition_test.cc). An order given on the command line is taken as
# is; an interleaved GEMM (nothing located) keeps row_major.
# RUN: %tltt compile %examples/layouts/block_order.py --remarks=B1 --stop-after=B1 2>&1 | FileCheck %s --check-prefix=WH
# WH: remark: order block_linear (8x8 tiles): the least NoC traffic to the shards its blocks access (bytes x hops from the device description: row_major 2949120, col_major 2883584, block_linear (8x8 tiles) 2162688)
# RUN: %tltt compile %examples/layouts/block_order.py --device blackhole --remarks=B1 --stop-after=B1 2>&1 | FileCheck %s --check-prefix=BH
# BH: remark: order block_linear (8x8 tiles): the least NoC traffic to the shards its blocks access (bytes x hops from the device description: row_major 3661824, col_major 3551232, block_linear (8x8 tiles) 3500032)

# RUN: rm -rf %t && mkdir -p %t && %tltt compile %examples/layouts/block_order.py -o %t/z
# RUN: FileCheck %s --check-prefix=PLAN --input-file %t/z/tt.plan.json
# PLAN: "order": "block_linear",
# PLAN-NEXT: "order_side": 8

# RUN: %tltt compile %examples/layouts/block_order.py --layout C=order=col_major -o %t/col --remarks=B1,B2 2> %t/col.txt
# RUN: FileCheck %s --check-prefix=COL --input-file %t/col.txt
# COL: remark: order col_major, as the layout annotation asks
# COL: remark: the 16x8 T.Kernel grid becomes a persistent loop over each core's block ids: [start_id, start_id + count) of the col_major traversal
# RUN: FileCheck %s --check-prefix=COLPLAN --input-file %t/col/tt.plan.json
# COLPLAN: "order": "col_major"

# RUN: %tltt compile %examples/gemm.py --remarks=B1 --stop-after=B1 2>&1 | FileCheck %s --check-prefix=GEMM
# GEMM: remark: order row_major: one block per core, the cores laid out as the block grid
# RUN: %tltt compile %examples/gemm.py --entry 'matmul(1024, 1024, 128, 64, 64, 64)' --disable-pass work-decomposition --remarks=B1 --stop-after=B1 2>&1 | FileCheck %s --check-prefix=SPREAD
# SPREAD: remark: order row_major: no tensor has pages at fixed places on the NoC
