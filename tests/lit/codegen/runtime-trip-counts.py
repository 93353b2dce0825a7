# Loops whose trip count is read from an int32 index tensor (issue 13): the reader and compute
# (and the writer, when it loops) run `T.ceildiv(n, 32)` iterations with `n` from the same
# element (the reader reads it, compute takes it from the index mailbox). The count may be
# negative: ceildiv is TileLang's floor division `(n + 31) // 32` on int32_t and the loop
# compares its bound as int32_t, so a negative count runs no iteration (on uint32_t it would
# wrap to about 2^32). Kernels: tests/e2e/kernels/runtime_trips.py.
# RUN: rm -rf %t && %tltt compile %S/../../e2e/kernels/runtime_trips.py -o %t
# RUN: FileCheck %s --check-prefix=KEYS --input-file %t/reader.cpp
# RUN: FileCheck %s --check-prefix=KEYS --input-file %t/compute.cpp
# KEYS: const uint32_t n = (static_cast<int32_t>([[E:lens_element[_0-9]*]] * 20 + 7) < 128 ? static_cast<int32_t>([[E]] * 20 + 7) : 128);
# KEYS: for (uint32_t t = 0; static_cast<int32_t>(t) < static_cast<int32_t>(((static_cast<int32_t>(n + 31) - (static_cast<int32_t>(n + 31) < 0 ? 31 : 0)) / 32)); ++t) {
# A span [start, end) of kernel-local scalars: the count a kernel-local scalar too, the mask
# bound `end` handed to compute.
# RUN: %tltt compile %S/../../e2e/kernels/runtime_trips.py --entry 'varlen_span(3, 160, 64)' -o %t.span
# RUN: FileCheck %s --check-prefix=SPAN --input-file %t.span/compute.cpp
# SPAN: const uint32_t start = {{cu_element[_0-9]*}} * 5 + 40;
# SPAN: const uint32_t end = {{cu_element[_0-9]*}} * 5 + 70;
# SPAN: const uint32_t blocks = ((static_cast<int32_t>(end - start + 31) - (static_cast<int32_t>(end - start + 31) < 0 ? 31 : 0)) / 32);
# SPAN: for (uint32_t t = 0; static_cast<int32_t>(t) < static_cast<int32_t>(blocks); ++t) {
