# Tuning-space helpers imported by tests/e2e/kernels/autotune_gemm.py (a helper module of the
# kernel's own package, resolved relative to the kernel file).
import itertools
from dataclasses import dataclass

TILE = 32


@dataclass
class Blocking:
    block_M: int
    block_N: int
    block_K: int = TILE


def align(x, m=TILE):
    return (x + m - 1) // m * m


def get_configs(limit=None):
    shapes = [Blocking(m, n) for m, n in itertools.product([64, 32], [64, 32])]
    configs = []
    for b in shapes:
        if b.block_M * b.block_N <= 64 * 64:
            configs.append({"block_M": b.block_M, "block_N": b.block_N, "block_K": b.block_K})
    return configs[:limit] if limit else configs
