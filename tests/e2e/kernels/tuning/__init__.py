# Package marker for the helper modules of tests/e2e/kernels/autotune_gemm.py.
