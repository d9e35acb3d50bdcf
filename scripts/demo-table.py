#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""demo-table.py TITLE RUN...: one before/after table of make demo (one
per base). A RUN is a run's log path without extension
(scripts/host-lib.sh run_log): RUN.json is qemu-run.py's summary, RUN.log
the console."""
import json
import os
import re
import sys

# The console line that says what happened, most telling first.
TELLING = [r"RIP: \S+:\S+", r"pc : \S+", r"kernel BUG at \S+",
           r"BUG: .*", r"adding memory failed: -\d+", r"Kernel panic.*"]


def telling(log):
    try:
        text = open(log, errors="replace").read()
    except OSError:
        return "-"
    for pat in TELLING:
        m = re.search(pat, text)
        if m:
            return m.group(0)
    return "-"


title, runs = sys.argv[1], sys.argv[2:]
rows = {}
for run in runs:
    name = os.path.basename(run)
    m = re.fullmatch(r"(x86_64|arm64)-(\w+)-(virtio-mem-grow|hotadd-fail-vmem)", name)
    if not m:
        continue
    arch, kernel, test = m.groups()
    try:
        j = json.load(open(run + ".json"))
    except (OSError, ValueError):
        j = {"ok": False, "outcome": "did not run", "results": []}
    detail = j["results"][0]["detail"] if j.get("results") else ""
    if test == "virtio-mem-grow":
        cell = ("ok: " if j["ok"] else "FAILED: ") + (detail or j["outcome"])
    elif j.get("crashed"):
        cell = "CRASH: " + telling(run + ".log")
    else:
        cell = ("ok, " if j["ok"] else "FAILED, ") + telling(run + ".log")
        retry = re.search(r"retry -> \d+ kB", detail)
        if retry:
            cell += "; " + retry.group(0)
    rows.setdefault((arch, kernel), {})[test] = (cell, j["ok"], run + ".log")

fmt = "{:<7} {:<8} {:<40} {}"
print()
print(title)
print(fmt.format("arch", "kernel", "plain hot-add (1 GiB, virtio-mem)",
                 "hot-add while page-table allocations fail"))
print("-" * 110)
bad = False
for (arch, kernel), r in rows.items():
    plain = r.get("virtio-mem-grow", ("-", False, ""))
    fail = r.get("hotadd-fail-vmem", ("-", False, ""))
    print(fmt.format(arch, kernel, plain[0], fail[0]))
    # The base kernel's crash is the expected outcome (ok in its JSON).
    bad = bad or not plain[1] or not fail[1]
print("-" * 110)
print("consoles: " + os.path.dirname(runs[0]) + "/<arch>-<kernel>-<test>.log"
      if runs else "")
sys.exit(1 if bad else 0)
