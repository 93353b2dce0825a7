# A convolution split over a mesh: each device's patch rows reach image rows of its neighbour's
# chunk and it sees block indices from 0, so the split rejects T.im2col's block index with a
# located error instead of computing the wrong rows (docs/multi-device.md, "Not yet").
# RUN: not %tltt compile %examples/convolution.py --mesh 1x2 -o %t 2>&1 | FileCheck %s
# CHECK: convolution.py:31:17: error: the block index `by` is split over the devices of the mesh but used here outside a tensor index of the form `by * c + r`
