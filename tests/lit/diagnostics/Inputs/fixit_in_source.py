# Checks that the fix-it of a diagnostics file (argv[1]) appears verbatim in the kernel source
# (argv[2]), where a test case compiles it: the fix-it, applied, compiles. Layout fix-its are
# one T.annotate_layout call; with `code` as argv[3], every `quoted` span of a `note: try` line
# (a fix-it of several lines of code, such as a loop header and its body).
import re
import sys

err, src = open(sys.argv[1]).read(), open(sys.argv[2]).read()
if sys.argv[3:] == ["code"]:
    fixits = [s for line in re.findall(r"note: try (.*)", err) for s in re.findall(r"`([^`]+)`", line)]
else:
    fixits = re.findall(r"note: try (T\.annotate_layout\(\{.*\}\))", err)
if not fixits:
    sys.exit("no fix-it in " + sys.argv[1])
for f in fixits:
    if f not in src:
        sys.exit("fix-it not in the source: " + f)
    print("applied in the source:", f)
