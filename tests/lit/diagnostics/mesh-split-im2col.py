# A convolution split over a mesh: each device's patch rows reach image rows of its neighbour's
# chunk and it sees block indices from 0, so the split rejects T.im2col's block index with a
# located error instead of computing the wrong rows (docs/multi-device.md, "Not yet").
# RUN: %tltt compile %examples/convolution.py --mesh 1x2 --verify-diagnostics=%s
