#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""record.py DIR STAGE RESULT SECONDS COMMAND DETAIL LOG CONSOLE: one stage's
result, as DIR/STAGE.json, for scripts/summary.py (called by record() of
scripts/host-lib.sh)."""
import json
import os
import re
import sys
import time

d, name, res, secs, cmd, detail, log, console = sys.argv[1:]
fn = os.path.join(d, re.sub(r'[^A-Za-z0-9_.-]', '_', name) + '.json')
with open(fn, "w") as f:
    json.dump({"stage": name, "result": res, "seconds": int(float(secs)),
               "command": cmd, "detail": detail, "log": log or None,
               "console": console or None,
               "at": time.time()}, f)
