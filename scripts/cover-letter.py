#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Called by scripts/export.sh.
import re, sys
cover, blurbf, subject, date = sys.argv[1:]
s = open(cover).read()
blurb = open(blurbf).read().split("\n", 1)[1].strip("\n")
s = s.replace("*** SUBJECT HERE ***", subject)
s = s.replace("*** BLURB HERE ***", blurb)
s = re.sub(r"^Date: .*$", "Date: " + date, s, count=1, flags=re.M)
open(cover, "w").write(s)
