# Applies the L1-overflow fix-it `try a block size of TO instead of FROM ...` (read from the
# diagnostics file argv[1]) to the --entry call argv[2]: every argument equal to FROM becomes TO.
import re
import sys

m = re.search(r"note: try a block size of (\d+) instead of (\d+) ", open(sys.argv[1]).read())
if not m:
    sys.exit("no block-size fix-it in " + sys.argv[1])
to, frm = m.group(1), m.group(2)
print(re.sub(r"\b%s\b" % frm, to, sys.argv[2]))
