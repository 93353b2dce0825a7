# A float32 kernel parameter used in a T.Parallel nest is a runtime scalar operand: B3 reads it
# with tt.runtime_arg, E1 gives it a compute runtime-arg slot, D5 passes its bits to the scalar
# SFPU forms, the host program reads it from DATA_DIR/alpha.bin and sets its bits per core.
# RUN: %tltt compile %examples/sfpu/axpby.py --stop-after=B3 --print-after=B3 | FileCheck %s
# RUN: rm -rf %t && %tltt compile %examples/sfpu/axpby.py -o %t
# RUN: FileCheck %s --check-prefix=KERNEL --input-file %t/compute.cpp
# RUN: FileCheck %s --check-prefix=HOST --input-file %t/main.cpp
# RUN: FileCheck %s --check-prefix=PLAN --input-file %t/tt.plan.json

# CHECK: tt.sfpu(region(x), region(z), region(y), tile.add(tile.mul(tt.runtime_arg("scalar:alpha"), region(x)), tile.div(region(z), tt.runtime_arg("scalar:alpha"))))
# KERNEL: mul_unary_tile(0, get_arg_val<uint32_t>(2));
# KERNEL: div_unary_tile(1, get_arg_val<uint32_t>(2));
# HOST: uint32_t alpha_bits = 0;
# HOST: read_tensor(data_dir, "alpha", 1, value)
# HOST: std::memcpy(&alpha_bits, value.data(), sizeof(alpha_bits));
# HOST: SetRuntimeArgs(program, compute, core, {w.start_id, w.count, alpha_bits});
# PLAN: "name": "alpha",
# PLAN-NEXT: "shape": [],
# PLAN-NEXT: "dtype": "float32",
# PLAN-NEXT: "role": "input",
# PLAN-NEXT: "kind": "scalar"
