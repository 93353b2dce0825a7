# `tltt run --input NAME=SPEC` (src/runner/README.md): what the inputs line says, and the
# messages for specs that cannot serve (FAIL reason=usage before anything runs).
# RUN: %tltt run %S/../../e2e/kernels/varlen_stores.py --entry 'scaled_tokens(3, 160, 2, 64)' --set max_len=96 --input cu=cumsum:40,70,50 | FileCheck %s --check-prefix=OK
# OK: input  cu int32 [4]: prefix sums of the lengths = [0, 40, 110, 160] (--input)
# OK: PASS pcc=
# RUN: not %tltt run %S/../../e2e/kernels/varlen_stores.py --entry 'scaled_tokens(3, 160, 2, 64)' --set max_len=96 --input cu=values:0,40 > %t.out 2> %t.err
# RUN: FileCheck %s --check-prefix=COUNT < %t.err
# RUN: FileCheck %s --check-prefix=USAGE < %t.out
# COUNT: tltt run: input 'cu' int32 [4]: --input 'values:0,40': 2 values for 4 elements [4] (give one value per element, or one for all)
# USAGE: FAIL reason=usage
# RUN: not %tltt run %S/../../e2e/kernels/varlen_stores.py --entry 'scaled_tokens(3, 160, 2, 64)' --set max_len=96 --input cu=values:0.5 2>&1 | FileCheck %s --check-prefix=INT
# INT: --input 'values:0.5': 0.5 is not a value of int32
# RUN: not %tltt run %S/../../e2e/kernels/varlen_stores.py --entry 'scaled_tokens(3, 160, 2, 64)' --set max_len=96 --input max_len=values:3 2>&1 | FileCheck %s --check-prefix=SCALAR
# SCALAR: tltt run: --input names 'max_len', a kernel scalar (give its value with --set)
# RUN: not %tltt run %S/../../e2e/kernels/varlen_stores.py --entry 'scaled_tokens(3, 160, 2, 64)' --set max_len=96 --input Y=values:0 2>&1 | FileCheck %s --check-prefix=OUTPUT
# OUTPUT: tltt run: --input names 'Y', an output the kernel does not read
# RUN: not %tltt run %S/../../e2e/kernels/varlen_stores.py --entry 'scaled_tokens(3, 160, 2, 64)' --set max_len=96 --input cu=%t.missing.npy 2>&1 | FileCheck %s --check-prefix=MISSING
# MISSING: --input: cannot read {{.*}}missing.npy
# Random offsets index outside the output: the reference stops with a located error and a note
# names the random integer inputs and --input:
# RUN: not %tltt run %S/../../e2e/kernels/varlen_stores.py --entry 'scaled_tokens(3, 160, 2, 64)' --set max_len=96 > %t.note 2> %t.note.err
# RUN: FileCheck %s --check-prefix=NOTE-ERR < %t.note.err
# RUN: FileCheck %s --check-prefix=NOTE < %t.note
# NOTE-ERR: varlen_stores.py:29:23: error: reference: index {{-[0-9]+}} of axis 0 of 'Y' is outside its extent 160
# NOTE: note: cu holds random integers (integers in [-8, 8]): if they are offsets or indices (cu_seqlens, block indices), the reference may have indexed outside a tensor through them; give valid ones with --input NAME=SPEC (e.g. --input cu=cumsum:L0,L1,...; src/runner/README.md)
# NOTE: FAIL reason=reference
