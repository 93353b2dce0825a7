# Helper module found only through --path / TLTT_PATH (tests/lit/frontend/search_path.py).
BLOCK = 64


def scaled(x, factor=2):
    return x * factor
