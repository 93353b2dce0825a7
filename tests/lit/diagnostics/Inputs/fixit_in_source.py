# Checks that the layout fix-it of a diagnostics file (argv[1]) appears verbatim in the kernel
# source (argv[2]), where a test case compiles it: the fix-it, applied, compiles.
import re
import sys

err, src = open(sys.argv[1]).read(), open(sys.argv[2]).read()
fixits = re.findall(r"note: try (T\.annotate_layout\(\{.*\}\))", err)
if not fixits:
    sys.exit("no layout fix-it in " + sys.argv[1])
for f in fixits:
    if f not in src:
        sys.exit("fix-it not in the source: " + f)
    print("applied in the source:", f)
