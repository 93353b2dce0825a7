# The examples/python scripts end to end at small sizes (each autotunes over two of its
# configurations here, to keep the test short): result checks against torch, do_bench, autotune.
import importlib.util
import os

import pytest

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                        "python")


def load(name):
    spec = importlib.util.spec_from_file_location("example_" + name,
                                                  os.path.join(EXAMPLES, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("name, factory, configs, sizes", [
    ("gemm", "matmul", [{"block_M": 32, "block_N": 32, "block_K": 32},
                        {"block_M": 64, "block_N": 64, "block_K": 32}], dict(M=64, N=64, K=64)),
    ("softmax", "softmax", [{"block_M": 32, "block_N": 64}, {"block_M": 32, "block_N": 128}],
     dict(M=32, N=256)),
    ("flash_attention", "flash_attention", [{"block_M": 32, "block_N": 32},
                                            {"block_M": 64, "block_N": 32}],
     dict(batch=1, heads=1, seq_len=64, dim=64)),
])
def test_example(name, factory, configs, sizes, capsys):
    mod = load(name)
    getattr(mod, factory).configs = configs
    mod.main(**sizes)
    out = capsys.readouterr().out
    assert "result check against torch: passed" in out
    assert "do_bench:" in out and "ms simulated device time" in out
    chosen = [line for line in out.splitlines() if line.startswith("autotune chose")]
    assert len(chosen) == 1 and any(str(c) in chosen[0] for c in configs)
