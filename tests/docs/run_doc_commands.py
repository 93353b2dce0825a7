#!/usr/bin/env python3
# Runs every ```sh block of the guides (docs/*.md listed on the command line) with bash -e from the
# repository root, `tltt` first on PATH and OUT set to a fresh scratch directory, so the commands
# the documentation shows keep working. Blocks of one file run in order (later ones may use
# what earlier ones made).
import os
import re
import subprocess
import sys
import tempfile

tltt, root, docs = sys.argv[1], sys.argv[2], sys.argv[3:]
env = dict(os.environ)
env["PATH"] = os.path.dirname(os.path.abspath(tltt)) + os.pathsep + env["PATH"]
failed = 0
with tempfile.TemporaryDirectory(prefix="tltt-docs-") as out:
    env["OUT"] = out
    for doc in docs:
        text = open(os.path.join(root, doc)).read()
        for n, block in enumerate(re.findall(r"```sh\n(.*?)```", text, re.S), 1):
            r = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", block], cwd=root, env=env,
                               capture_output=True, text=True, timeout=300)
            status = "ok" if r.returncode == 0 else f"FAILED (exit {r.returncode})"
            print(f"{doc} block {n}: {status}")
            if r.returncode != 0:
                failed += 1
                print(block)
                print(r.stdout[-3000:])
                print(r.stderr[-3000:])
sys.exit(1 if failed else 0)
