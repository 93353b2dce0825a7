#!/usr/bin/env python3
# Runs one teaching example of examples/tenstorrent/ the way its header says and checks it:
# the header has `# Shows:` and a `# Run:   tltt run <this file>` line, the run ends with PASS,
# and a `device_cycles=N` claim in the header is within 5% of the simulated count.
# `--no-slower BEFORE AFTER` instead checks that BEFORE's claimed cycles (the compiler's own
# choice for the user's blocks) are no more than AFTER's (the hand-tuned blocks).
import re
import subprocess
import sys

CLAIM = re.compile(r"^#\s+device_cycles=(\d+)\s*$", re.M)


def claim(path):
    m = CLAIM.search(open(path).read())
    return int(m.group(1)) if m else None


if sys.argv[1] == "--no-slower":
    before, after = claim(sys.argv[2]), claim(sys.argv[3])
    print(f"claimed device_cycles: before {before}, after {after}")
    sys.exit(0 if before and after and before <= after else 1)

tltt, root, rel = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(f"{root}/{rel}").read()
if not text.startswith("# Shows:"):
    sys.exit(f"{rel}: the header must start with '# Shows: ...'")
if not re.search(r"^# Run:\s+tltt run %s$" % re.escape(rel), text, re.M):
    sys.exit(f"{rel}: the header must say '# Run:   tltt run {rel}'")
r = subprocess.run([tltt, "run", rel], cwd=root, capture_output=True, text=True, timeout=600)
print(r.stdout[-2000:], r.stderr[-2000:])
last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
if r.returncode != 0 or not last.startswith("PASS "):
    sys.exit(f"{rel}: did not PASS")
expected = claim(f"{root}/{rel}")
if expected is not None:
    got = int(re.search(r"device_cycles=(\d+)", last).group(1))
    if abs(got - expected) > 0.05 * expected:
        sys.exit(f"{rel}: header claims device_cycles={expected}, the simulator gives {got}")
print(f"{rel}: PASS")
