# `tltt run` at sizes whose tensors do not fit in the host's memory (the reference and the data
# files hold every element as a double): a message with the figure and the largest tensor, and
# FAIL reason=host-memory, instead of an internal compiler error (std::bad_alloc) half-way
# through making the inputs. 131072 x 131072 bfloat16 x 3 tensors = 768 GiB as two doubles each.
# RUN: not %tltt run %S/../../e2e/kernels/eltwise_mul.py --entry 'vmul(131072, 131072, 32, 32)' > %t.out 2> %t.err
# RUN: FileCheck %s --check-prefix=ERR < %t.err
# RUN: FileCheck %s --check-prefix=OUT < %t.out

# ERR: tltt run: the tensors of 'kernel' need 768.0 GiB on the host (two double copies of each; the largest is 'A' [131072, 131072]), more than this machine's {{[0-9.]+}} GiB: run it at smaller sizes (--set, --entry)
# ERR-NOT: internal compiler error
# OUT: FAIL reason=host-memory
