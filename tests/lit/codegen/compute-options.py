# The compute configuration a kernel chooses with pass_configs ("tt.math_fidelity",
# "tt.fp32_dest_acc_en") reaches the plan, the host program's ComputeConfig and D4's remark; the
# command line overrides it; bad values are located errors.
# RUN: rm -rf %t && %tltt compile %S/../../e2e/kernels/gemm_compute_options.py -o %t --remarks=D4 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: FileCheck %s --check-prefix=PLAN --input-file %t/tt.plan.json
# RUN: FileCheck %s --check-prefix=HOST --input-file %t/main.cpp
# RUN: rm -rf %t2 && %tltt compile %S/../../e2e/kernels/gemm_compute_options.py -o %t2 --math-fidelity LoFi --fp32-dest-acc on
# RUN: FileCheck %s --check-prefix=CLI --input-file %t2/tt.plan.json
# RUN: not %tltt compile %s --entry 'bad_fidelity()' -o %t3 2>&1 | FileCheck %s --check-prefix=BADFID
# RUN: not %tltt compile %s --entry 'bad_key()' -o %t3 2>&1 | FileCheck %s --check-prefix=BADKEY
# RUN: not %tltt compile %s --entry 'int_compute()' -o %t3 2>&1 | FileCheck %s --check-prefix=INT
# RUN: not %tltt compile %S/../../e2e/kernels/gemm_compute_options.py -o %t3 --math-fidelity HiFi5 2>&1 | FileCheck %s --check-prefix=CLIBAD
import tilelang
import tilelang.language as T


def add_kernel(dtype):

    @T.prim_func
    def add(A: T.Tensor((64, 64), dtype), B: T.Tensor((64, 64), dtype), C: T.Tensor((64, 64),
                                                                                   dtype)):
        with T.Kernel(2, 2) as (bx, by):
            a = T.alloc_fragment((32, 32), dtype)
            b = T.alloc_fragment((32, 32), dtype)
            T.copy(A[by * 32, bx * 32], a)
            T.copy(B[by * 32, bx * 32], b)
            for i, j in T.Parallel(32, 32):
                a[i, j] = a[i, j] + b[i, j]
            T.copy(a, C[by * 32, bx * 32])

    return add


@tilelang.jit(pass_configs={"tt.math_fidelity": "HiFi8"})
def bad_fidelity():
    return add_kernel("bfloat16")


@tilelang.jit(pass_configs={"tt.fidelity": "LoFi"})
def bad_key():
    return add_kernel("bfloat16")


@tilelang.jit(pass_configs={"tt.fp32_dest_acc_en": False})
def int_compute():
    return add_kernel("int32")


# REMARK: gemm_compute_options.py:18:5: remark: compute config: HiFi2 fidelity (chosen by the kernel's pass_configs or the command line), fp32_dest_acc_en=false (chosen by the kernel's pass_configs or the command line), DST holds 8 tiles [compute-init.config]
# PLAN: "compute":
# PLAN-DAG: "math_fidelity": "HiFi2"
# PLAN-DAG: "fp32_dest_acc_en": false
# HOST: ComputeConfig{.math_fidelity = MathFidelity::HiFi2, .fp32_dest_acc_en = false}
# CLI: "compute":
# CLI-DAG: "math_fidelity": "LoFi"
# CLI-DAG: "fp32_dest_acc_en": true
# BADFID: compute-options.py:[[@LINE-23]]:2: error: pass_configs["tt.math_fidelity"] must be one of "LoFi", "HiFi2", "HiFi3", "HiFi4"
# BADKEY: compute-options.py:[[@LINE-19]]:2: error: unknown Tenstorrent pass config 'tt.fidelity' (known: "tt.math_fidelity", "tt.fp32_dest_acc_en")
# INT: error: fp32_dest_acc_en is off (chosen by the kernel's pass_configs or the command line), but integer blocks take part in this kernel's compute
# CLIBAD: --math-fidelity: HiFi5 not in {LoFi,HiFi2,HiFi3,HiFi4}
